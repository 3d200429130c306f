/* rsh - run a command on another machine, as SunOS 4's (4.3BSD's) rsh.
 *
 *   rsh [-n] [-l user] host command...
 *   rsh [-l user] host          (no command: rlogin host)
 *
 * The command (its words joined by spaces, so quote what the remote shell
 * should see) runs there as `user` (default: your name here), if that
 * machine trusts you (/etc/hosts.equiv, or the user's ~/.rhosts; see
 * in.rshd). Your standard input is sent to it — the end of it is the
 * command's end of file (a half-close of the connection) — unless -n,
 * which sends nothing (as if from /dev/null: what to use in a background
 * job, or the command would stop reading the terminal). Its standard output
 * comes to yours, its standard error to yours by a second connection; an
 * interrupt, quit or terminate signal here is sent on to it. rsh exits with
 * the command's exit status (sun3lab's rshd sends it at the end), or 1 if
 * it could not run it.
 *
 * rsh connects from a privileged port, so it is set-user-id root; it gives
 * root up as soon as the connection is made. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static int rfd2 = -1;

static void usage(void) {
  fprintf(stderr, "usage: rsh [-n] [-l user] host [command...]\n");
  exit(1);
}

/* SIGINT, SIGQUIT, SIGTERM: pass it on to the remote command, as a byte on the second channel. */
static void sendsig(int sig) {
  unsigned char c = (unsigned char)sig;
  if (rfd2 >= 0) write(rfd2, &c, 1);
}

/* The child that sends the standard input, then half-closes the connection. */
static void sender(int rem) {
  char buf[4096];
  int n;
  while ((n = read(0, buf, sizeof(buf))) > 0) {
    for (int off = 0; off < n;) {
      int w = write(rem, buf + off, n - off);
      if (w <= 0) _exit(0); /* the remote end is gone */
      off += w;
    }
  }
  shutdown(rem, 1);
  _exit(0);
}

int main(int argc, char **argv) {
  const char *user = NULL;
  int nflag = 0, c;
  /* "rsh host -l user command" is accepted too, as 4.3BSD's was. */
  const char *host = NULL;
  if (argc > 1 && argv[1][0] != '-') {
    host = argv[1];
    argv++, argc--;
  }
  while ((c = getopt(argc, argv, "nl:")) != -1) {
    if (c == 'n') nflag = 1;
    else if (c == 'l') user = optarg;
    else usage();
  }
  if (host == NULL) {
    if (optind >= argc) usage();
    host = argv[optind++];
  }
  if (optind == argc) {
    /* No command: a remote login. */
    setuid(getuid());
    char *args[5];
    int k = 0;
    args[k++] = "rlogin";
    args[k++] = (char *)host;
    if (user != NULL) args[k++] = "-l", args[k++] = (char *)user;
    args[k] = NULL;
    execv("/bin/rlogin", args);
    perror("rsh: /bin/rlogin");
    return 1;
  }
  struct passwd *pw = getpwuid(getuid());
  if (pw == NULL) {
    fprintf(stderr, "rsh: who are you?\n");
    return 1;
  }
  char locuser[16];
  snprintf(locuser, sizeof(locuser), "%s", pw->pw_name);
  char cmd[1024];
  int len = 0;
  for (int i = optind; i < argc; i++) {
    int n = snprintf(cmd + len, sizeof(cmd) - len, "%s%s", i > optind ? " " : "", argv[i]);
    if (n < 0 || len + n >= (int)sizeof(cmd)) {
      fprintf(stderr, "rsh: the command is too long\n");
      return 1;
    }
    len += n;
  }
  struct servent *sp = getservbyname("shell", "tcp");
  if (sp == NULL) {
    fprintf(stderr, "rsh: shell/tcp: unknown service\n");
    return 1;
  }
  char *rhost = (char *)host;
  int rem = rcmd(&rhost, sp->s_port, locuser, user != NULL ? user : locuser, cmd, &rfd2);
  if (rem < 0) return 1;
  setuid(getuid()); /* the privileged ports are made: root is no longer needed */

  signal(SIGINT, sendsig);
  signal(SIGQUIT, sendsig);
  signal(SIGTERM, sendsig);
  signal(SIGPIPE, SIG_IGN);
  pid_t pid = -1;
  if (nflag) {
    shutdown(rem, 1);
  } else {
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
      close(rfd2);
      sender(rem);
    }
  }

  /* The command's output and error, until both channels end. The last two
   * bytes of the error channel are held back: they may be rshd's status. */
  static char buf[4096 + 2];
  unsigned char held[2];
  int nheld = 0, out_open = 1, err_open = 1;
  while (out_open || err_open) {
    fd_set r;
    FD_ZERO(&r);
    if (out_open) FD_SET(rem, &r);
    if (err_open) FD_SET(rfd2, &r);
    if (select((rem > rfd2 ? rem : rfd2) + 1, &r, NULL, NULL, NULL) < 0) {
      if (errno == EINTR) continue;
      perror("rsh: select");
      break;
    }
    if (err_open && FD_ISSET(rfd2, &r)) {
      memcpy(buf, held, nheld);
      int n = read(rfd2, buf + nheld, sizeof(buf) - 2);
      if (n <= 0) {
        err_open = 0;
      } else {
        n += nheld;
        nheld = n < 2 ? n : 2;
        memcpy(held, buf + n - nheld, nheld);
        if (n > nheld) write(2, buf, n - nheld);
      }
    }
    if (out_open && FD_ISSET(rem, &r)) {
      int n = read(rem, buf, sizeof(buf) - 2);
      if (n <= 0) out_open = 0;
      else write(1, buf, n);
    }
  }
  if (pid > 0) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
  }
  if (nheld == 2 && held[0] == 0) return held[1];
  if (nheld > 0) write(2, held, nheld);
  return 0;
}
