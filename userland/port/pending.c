/* pending: a blocked signal stays pending, and is delivered once it is
 * unblocked (in the style of APUE, 10.13). The program sends itself the
 * SIGQUIT a user would type. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void sig_quit(int signo) {
  (void)signo;
  printf("caught SIGQUIT\n");
  if (signal(SIGQUIT, SIG_DFL) == SIG_ERR) {
    perror("can't reset SIGQUIT");
    exit(1);
  }
}

int main(void) {
  sigset_t newmask, oldmask, pendmask;
  setbuf(stdout, NULL);
  if (signal(SIGQUIT, sig_quit) == SIG_ERR) {
    perror("can't catch SIGQUIT");
    exit(1);
  }
  /* Block SIGQUIT and save the current signal mask. */
  sigemptyset(&newmask);
  sigaddset(&newmask, SIGQUIT);
  if (sigprocmask(SIG_BLOCK, &newmask, &oldmask) < 0) {
    perror("SIG_BLOCK error");
    exit(1);
  }
  kill(getpid(), SIGQUIT); /* SIGQUIT here will remain pending */
  sleep(1);
  if (sigpending(&pendmask) < 0) {
    perror("sigpending error");
    exit(1);
  }
  if (sigismember(&pendmask, SIGQUIT)) printf("SIGQUIT pending\n");
  /* Reset the signal mask, which unblocks SIGQUIT. */
  if (sigprocmask(SIG_SETMASK, &oldmask, NULL) < 0) {
    perror("SIG_SETMASK error");
    exit(1);
  }
  printf("SIGQUIT unblocked\n");
  return 0;
}
