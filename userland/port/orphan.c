/* orphan: an orphaned process group (in the style of APUE, 9.10). The
 * parent exits while its child is stopped; the child's group is orphaned,
 * so the system sends it SIGHUP and SIGCONT, and a read of the controlling
 * terminal from it, in the background now, fails with EIO. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void sig_hup(int signo) {
  (void)signo;
  printf("SIGHUP received\n");
}

static void pr_ids(const char *name) {
  printf("%s: ppid is 1: %s, in the foreground: %s\n", name, getppid() == 1 ? "yes" : "no",
         tcgetpgrp(0) == getpgrp() ? "yes" : "no");
  fflush(stdout);
}

int main(void) {
  char c;
  setbuf(stdout, NULL);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  if (pid > 0) {
    sleep(1); /* let the child stop itself */
    printf("parent exits\n");
    exit(0);
  }
  pr_ids("child");
  signal(SIGHUP, sig_hup);
  kill(getpid(), SIGTSTP); /* stop ourself */
  pr_ids("child"); /* continued, with init as its parent */
  if (read(0, &c, 1) != 1) printf("read error %d on controlling TTY\n", errno);
  exit(0);
}
