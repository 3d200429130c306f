/* restart: a slow read interrupted by SIGALRM (in the style of APUE,
 * 10.5 and 10.10). Installed with signal(), the handler lets the read
 * start again, and the data that comes later is read; installed with
 * sigaction() without SA_RESTART, the read fails with EINTR. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void sig_alrm(int signo) {
  (void)signo;
  printf("alarm\n");
}

static void try_read(const char *how) {
  int fd[2];
  char line[64];
  if (pipe(fd) < 0) {
    perror("pipe");
    exit(1);
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    sleep(2);
    write(fd[1], "hello\n", 6);
    _exit(0);
  }
  close(fd[1]);
  alarm(1);
  int n = read(fd[0], line, sizeof(line));
  if (n < 0)
    printf("%s: read error: %s\n", how, strerror(errno));
  else
    printf("%s: read %d bytes\n", how, n);
  waitpid(pid, NULL, 0);
  close(fd[0]);
}

int main(void) {
  struct sigaction act;
  setbuf(stdout, NULL);
  signal(SIGALRM, sig_alrm);
  try_read("signal()");
  act.sa_handler = sig_alrm;
  sigemptyset(&act.sa_mask);
  act.sa_flags = 0;
  sigaction(SIGALRM, &act, NULL);
  try_read("sigaction()");
  act.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &act, NULL);
  try_read("sigaction(SA_RESTART)");
  return 0;
}
