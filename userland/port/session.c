/* session: a child starts a session of its own with setsid (in the style of
 * APUE, 9.5): it leads a new process group, and has no controlling
 * terminal any more. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  if (pid == 0) {
    pid_t before = getpgrp();
    pid_t sid = setsid();
    if (sid < 0) {
      perror("setsid");
      _exit(1);
    }
    printf("child: session id is its pid: %s\n", sid == getpid() ? "yes" : "no");
    printf("child: process group is its pid: %s\n", getpgrp() == getpid() ? "yes" : "no");
    printf("child: left its parent's group: %s\n", before != getpgrp() ? "yes" : "no");
    if (open("/dev/tty", O_RDWR) < 0)
      printf("child: no controlling terminal: %s\n", strerror(errno));
    if (setsid() < 0) printf("child: setsid again: %s\n", strerror(errno));
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  printf("parent: still has its terminal: %s\n", open("/dev/tty", O_RDWR) >= 0 ? "yes" : "no");
  return 0;
}
