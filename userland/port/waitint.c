/* waitint: a signal arrives while the parent waits for its child. With
 * 4.3BSD's signal(), the interrupted waitpid starts again after the
 * handler, and returns the child (in the style of the textbook pattern
 * "signal(SIGUSR1, handler); waitpid(pid, ...)"). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void handler(int signo) {
  (void)signo;
  caught = 1;
}

int main(void) {
  int status;
  signal(SIGUSR1, handler);
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  if (pid == 0) {
    sleep(1);
    kill(getppid(), SIGUSR1);
    sleep(1);
    exit(3);
  }
  pid_t w = waitpid(pid, &status, 0);
  if (w < 0) {
    perror("waitpid");
    exit(1);
  }
  printf("caught SIGUSR1: %s\n", caught ? "yes" : "no");
  printf("waitpid returned the child: %s\n", w == pid ? "yes" : "no");
  if (WIFEXITED(status)) printf("normal termination, exit status = %d\n", WEXITSTATUS(status));
  return 0;
}
