/* sigusr: catching the user signals (in the style of Stevens' APUE, 10.3).
 * A child sends its parent SIGUSR1 and then SIGUSR2; the parent waits for
 * them with pause() and says which it received. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void sig_usr(int signo) {
  if (signo == SIGUSR1)
    printf("received SIGUSR1\n");
  else if (signo == SIGUSR2)
    printf("received SIGUSR2\n");
  got++;
}

int main(void) {
  if (signal(SIGUSR1, sig_usr) == SIG_ERR || signal(SIGUSR2, sig_usr) == SIG_ERR) {
    perror("signal");
    exit(1);
  }
  setbuf(stdout, NULL);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(1);
  }
  if (pid == 0) {
    pid_t parent = getppid();
    sleep(1);
    kill(parent, SIGUSR1);
    sleep(1);
    kill(parent, SIGUSR2);
    _exit(0);
  }
  while (got < 2) pause();
  return 0;
}
