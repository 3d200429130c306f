/* What the RPC daemons of /usr/etc (portmap, rpc.mountd, rpc.rstatd)
 * share: going into the background once they are ready to serve. */
#ifndef _RPCDAEMON_H
#define _RPCDAEMON_H
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The parent returns to its caller (/etc/rc) at once, with status 0:
 * the daemon has its sockets and has registered, so that the next daemon
 * rc starts finds it there. The child gives up the controlling terminal,
 * so that no ^C or hangup reaches it, reads nothing, ignores SIGPIPE (a
 * TCP client that goes away must not kill the server), and keeps its
 * standard error on the console for its messages. */
static void rpc_daemon(const char *name) {
  pid_t pid = fork();
  int fd;
  if (pid < 0) {
    fprintf(stderr, "%s: cannot fork\n", name);
    exit(1);
  }
  if (pid > 0) _exit(0);
  fd = open("/dev/tty", O_RDWR, 0);
  if (fd >= 0) {
    ioctl(fd, TIOCNOTTY, 0);
    close(fd);
  }
  signal(SIGHUP, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  fd = open("/dev/null", O_RDONLY, 0);
  if (fd >= 0 && fd != 0) {
    dup2(fd, 0);
    close(fd);
  }
  chdir("/");
}
#endif
