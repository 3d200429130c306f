/* migd - the migration server (the thesis's migd, §4.3.5 and §5.5),
 * started by /etc/rc.
 *
 * It listens on TCP port 1789 (/etc/services: migd). For each connection
 * - a source kernel that wants to send a process here - it forks a child
 * that calls pmrcv() on the connection: the kernel checks the pool and the
 * shared secret, receives the process and, if all goes well, the child
 * becomes that process (pmrcv does not return). If the migration fails,
 * pmrcv returns -1 and the child exits. A connection may also bring the
 * exit of a process that left this machine while its parent stays here:
 * pmrcv hands the status to the parent and returns 0. The kernel logs every refusal on
 * the console. migd puts itself in the background, as update does; it
 * keeps the console as its controlling terminal, which the processes it
 * receives inherit (their descriptors on the console are reopened here).
 *
 * It also serves the global process table (thesis §5.3): on TCP port 1790
 * (/etc/services: pmpage) a second server forks a child per connection
 * that calls putpmpage() on it — the kernel authenticates the asker and
 * gives it a page of the table it owns (or says who owns it), or takes a
 * signal for a process here. */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sun3lab.h>
#include <sys/wait.h>
#include <unistd.h>

/* A TCP socket listening on `port` of every address, or -1. */
static int listener(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return -1;
  int on = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&on, sizeof(on));
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  sin.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(s, 5) < 0) {
    close(s);
    return -1;
  }
  return s;
}

/* Accept for ever on s; a child per connection makes `call` on it and
 * exits with 0 if the call succeeded. */
static void serve(int s, int (*call)(int)) {
  for (;;) {
    int c = accept(s, NULL, NULL);
    /* Collect the children that are done. */
    while (waitpid(-1, NULL, WNOHANG) > 0) continue;
    if (c < 0) continue;
    pid_t pid = fork();
    if (pid == 0) {
      close(s);
      /* pmrcv only returns for a note (0: taken) or a failed migration (-1). */
      _exit(call(c) == 0 ? 0 : 1);
    }
    close(c);
  }
}

int main(void) {
  int s = listener(MIGD_PORT);
  int ps = listener(PMPAGE_PORT);
  if (s < 0 || ps < 0) {
    perror("migd: bind");
    return 1;
  }
  /* This machine is in the pool now: its pids come from its own range. */
  if (pmjoin() < 0) perror("migd: pmjoin");
  pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid > 0) return 0;
  signal(SIGHUP, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  for (int fd = getdtablesize() - 1; fd >= 0; fd--)
    if (fd != s && fd != ps) close(fd);
  chdir("/");
  /* Two servers: the global process table's pages (putpmpage), and the migrations (pmrcv). */
  pid = fork();
  if (pid == 0) {
    close(s);
    serve(ps, putpmpage);
  }
  close(ps);
  serve(s, pmrcv);
  return 0;
}
