/* critical: protecting a critical region from a signal, and waiting for
 * it afterwards with sigsuspend (in the style of APUE, 10.16). The signal
 * mask is printed at each step. A child sends the SIGINT. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void pr_mask(const char *str) {
  sigset_t set;
  int errno_save = errno;
  if (sigprocmask(0, NULL, &set) < 0) {
    perror("sigprocmask");
    exit(1);
  }
  printf("%s", str);
  if (sigismember(&set, SIGINT)) printf(" SIGINT");
  if (sigismember(&set, SIGQUIT)) printf(" SIGQUIT");
  if (sigismember(&set, SIGUSR1)) printf(" SIGUSR1");
  if (sigismember(&set, SIGALRM)) printf(" SIGALRM");
  printf("\n");
  errno = errno_save;
}

static void sig_int(int signo) {
  (void)signo;
  pr_mask("in sig_int:");
}

int main(void) {
  sigset_t newmask, oldmask, waitmask;
  setbuf(stdout, NULL);
  pr_mask("program start:");
  if (signal(SIGINT, sig_int) == SIG_ERR) {
    perror("signal(SIGINT)");
    exit(1);
  }
  sigemptyset(&waitmask);
  sigaddset(&waitmask, SIGUSR1);
  sigemptyset(&newmask);
  sigaddset(&newmask, SIGINT);
  /* Block SIGINT and save the current signal mask. */
  if (sigprocmask(SIG_BLOCK, &newmask, &oldmask) < 0) {
    perror("SIG_BLOCK");
    exit(1);
  }
  /* The critical region. */
  pr_mask("in critical region:");
  if (fork() == 0) {
    sleep(1);
    kill(getppid(), SIGINT);
    _exit(0);
  }
  /* Pause, allowing all signals except SIGUSR1. */
  if (sigsuspend(&waitmask) != -1) {
    perror("sigsuspend");
    exit(1);
  }
  pr_mask("after return from sigsuspend:");
  /* Reset the signal mask, which unblocks SIGINT. */
  if (sigprocmask(SIG_SETMASK, &oldmask, NULL) < 0) {
    perror("SIG_SETMASK");
    exit(1);
  }
  pr_mask("program exit:");
  return 0;
}
