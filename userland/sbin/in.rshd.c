/* in.rshd - the remote shell server, as SunOS 4's (4.3BSD's rshd), started
 * by inetd for each connection to the "shell" port (514) with the
 * connection as its standard input, output and error.
 *
 * The protocol (rcmd(3) is the client's half):
 *  1. The client must come from a privileged port (512-1023): only a
 *     super-user could make that connection, so the name it gives for
 *     itself is its kernel's word.
 *  2. It sends a port number in ASCII and a NUL: if not 0, rshd connects
 *     back to that port of the client, from a privileged port of its own —
 *     the channel for the command's standard error, on which the client
 *     sends signal numbers (one byte each) for the command's process group.
 *  3. Three strings, each ending in a NUL: the client's user name, the user
 *     to run as here, and the command.
 *  4. The user must exist (else "Login incorrect."), its home directory be
 *     reachable ("No remote directory."), and, if it has a password,
 *     /etc/hosts.equiv or its ~/.rhosts must trust the client's user on the
 *     client's host (ruserok; else "Permission denied."). A refusal is the
 *     byte 1 and the message; acceptance is the byte 0.
 *  5. The command runs as the user, in the home directory, with HOME, SHELL,
 *     USER and PATH, as `sh -c command`: its standard input and output are
 *     the connection itself (the client's end of its input is the command's
 *     end of file), its standard error a pipe that rshd copies to the
 *     second channel.
 *  6. sun3lab's addition: once the command has exited and everything it
 *     wrote to its standard error has been passed on, rshd sends on the
 *     second channel a NUL and one byte, the command's exit status (128 +
 *     the signal if a signal killed it), so that `rsh host command` can exit
 *     with it. A classic client shows these two bytes on its standard
 *     error; sun3lab's rsh takes them off. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../bin/account.h"

#define NCARGS 1024 /* the longest command */

/* Refuse: the byte 1, then the reason, on the connection (4.3BSD's error()). */
static void error(const char *msg) {
  char buf[256];
  buf[0] = 1;
  snprintf(buf + 1, sizeof(buf) - 1, "%s", msg);
  write(2, buf, strlen(buf + 1) + 1);
  exit(1);
}

/* A string up to its NUL, at most `size` bytes with it; else "... too long". */
static void getstr(char *buf, int size, const char *what) {
  char c;
  do {
    if (read(0, &c, 1) != 1) exit(1);
    *buf++ = c;
    if (--size == 0) {
      char msg[64];
      snprintf(msg, sizeof(msg), "%s too long\n", what);
      error(msg);
    }
  } while (c != 0);
}

/* The parent's work while the command runs: copy its standard error to the
 * second channel and the client's signals to its process group, until the
 * pipe ends; then its exit status. */
static void relay(int s, int pipefd, pid_t pid) {
  char buf[1024];
  int pipe_open = 1, sock_open = 1;
  while (pipe_open) {
    fd_set r;
    FD_ZERO(&r);
    FD_SET(pipefd, &r);
    if (sock_open) FD_SET(s, &r);
    if (select((s > pipefd ? s : pipefd) + 1, &r, NULL, NULL, NULL) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (sock_open && FD_ISSET(s, &r)) {
      unsigned char sig;
      if (read(s, &sig, 1) <= 0) sock_open = 0;
      else if (sig > 0 && sig < 32) killpg(pid, sig);
    }
    if (FD_ISSET(pipefd, &r)) {
      int n = read(pipefd, buf, sizeof(buf));
      if (n <= 0) pipe_open = 0;
      else write(s, buf, n);
    }
  }
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) continue;
  unsigned char trailer[2] = {0, (unsigned char)(WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st))};
  write(s, trailer, 2);
}

int main(void) {
  struct sockaddr_in from;
  int fromlen = sizeof(from);
  if (getpeername(0, (struct sockaddr *)&from, &fromlen) < 0) {
    fprintf(stderr, "in.rshd: getpeername: %s\n", strerror(errno));
    return 1;
  }
  int fport = ntohs(from.sin_port);
  if (from.sin_family != AF_INET || fport >= IPPORT_RESERVED || fport < IPPORT_RESERVED / 2) {
    error("Permission denied: not from a privileged port.\n");
  }
  alarm(60);
  int port = 0;
  for (;;) {
    char c;
    if (read(0, &c, 1) != 1) exit(1);
    if (c == 0) break;
    if (c < '0' || c > '9') error("Bad port number.\n");
    port = port * 10 + c - '0';
  }
  alarm(0);
  int s = -1;
  if (port != 0) {
    int lport = IPPORT_RESERVED - 1;
    s = rresvport(&lport);
    if (s < 0) error("Can't get stderr port.\n");
    if (port >= IPPORT_RESERVED) error("2nd port not reserved.\n");
    struct sockaddr_in back = from;
    back.sin_port = htons(port);
    if (connect(s, (struct sockaddr *)&back, sizeof(back)) < 0) exit(1);
  }
  dup2(0, 1);
  dup2(0, 2);

  /* The client's host, by name if /etc/hosts has it. */
  char hostname[64];
  struct hostent *hp = gethostbyaddr((const char *)&from.sin_addr, sizeof(from.sin_addr), AF_INET);
  snprintf(hostname, sizeof(hostname), "%s", hp != NULL ? hp->h_name : inet_ntoa(from.sin_addr));

  char remuser[16], locuser[16], cmdbuf[NCARGS + 1];
  getstr(remuser, sizeof(remuser), "remuser");
  getstr(locuser, sizeof(locuser), "locuser");
  getstr(cmdbuf, sizeof(cmdbuf), "command");
  struct passwd *pw = getpwnam(locuser);
  if (pw == NULL) error("Login incorrect.\n");
  pw = keep_passwd(pw);
  if (chdir(pw->pw_dir) < 0) error("No remote directory.\n");
  if (pw->pw_passwd[0] != 0 && ruserok(hostname, pw->pw_uid == 0, remuser, locuser) < 0)
    error("Permission denied.\n");
  write(2, "", 1); /* yes */

  if (port != 0) {
    int pv[2];
    if (pipe(pv) < 0) error("Can't make pipe.\n");
    pid_t pid = fork();
    if (pid < 0) error("Try again.\n");
    if (pid > 0) {
      close(0);
      close(1);
      close(2);
      close(pv[1]);
      relay(s, pv[0], pid);
      return 0;
    }
    setpgrp(0, getpid()); /* the client's signals go to the command's group */
    close(s);
    close(pv[0]);
    dup2(pv[1], 2);
    close(pv[1]);
  }
  if (become("in.rshd", pw) < 0) exit(1);
  static char *empty[1];
  environ = empty;
  setenv("HOME", pw->pw_dir, 1);
  setenv("SHELL", pw->pw_shell, 1);
  setenv("USER", pw->pw_name, 1);
  setenv("PATH", pw->pw_uid == 0 ? ROOT_PATH : USER_PATH, 1);
  const char *base = strrchr(pw->pw_shell, '/');
  char *args[] = {"-c", cmdbuf, NULL};
  exec_shell("in.rshd", pw->pw_shell, base != NULL ? base + 1 : pw->pw_shell, args);
  return 1;
}
