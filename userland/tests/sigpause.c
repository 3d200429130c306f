/* sigpause and killpg.
 *
 * sigpause(mask) with a signal already pending that mask unblocks returns at
 * once (4.3BSD's sleep() looks at pending signals before sleeping): block
 * SIGALRM, let the timer fire, then sigpause(0) must not wait for ever. With
 * nothing pending it waits for the signal; the mask it replaced comes back
 * after the handler. killpg sends a signal to every process of a group and
 * to no one else; the classic race-free wait (block, test, sigpause) works. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile int alrm, usr1;
static void on_alrm(int sig) {
  (void)sig;
  alrm++;
}
static void on_usr1(int sig) {
  (void)sig;
  usr1++;
}

static void spin_ms(long ms) {
  long t = now_ms();
  while (now_ms() - t < ms) {
  }
}

static int alarm_ms(long ms) {
  struct itimerval it;
  memset(&it, 0, sizeof(it));
  it.it_value.tv_sec = ms / 1000;
  it.it_value.tv_usec = (ms % 1000) * 1000;
  return setitimer(ITIMER_REAL, &it, NULL);
}

int main(void) {
  signal(SIGALRM, on_alrm);
  signal(SIGUSR1, on_usr1);

  /* 1. The alarm fires while blocked; sigpause(0) then returns at once. */
  sigblock(sigmask(SIGALRM));
  alrm = 0;
  CHECK(alarm_ms(50) == 0, "setitimer 50 ms");
  spin_ms(200);
  CHECK(alrm == 0, "SIGALRM held while blocked (handler ran %d times)", alrm);
  long t0 = now_ms();
  errno = 0;
  int r = sigpause(0);
  long took = now_ms() - t0;
  CHECK(r == -1 && errno == EINTR, "sigpause(0) with SIGALRM pending: %d, errno %d (EINTR)", r, errno);
  CHECK(alrm == 1, "the pending SIGALRM was delivered (%d)", alrm);
  CHECK(took < 20, "sigpause returned at once (%ld ms)", took);
  int mask = sigblock(0);
  CHECK((mask & sigmask(SIGALRM)) != 0, "the old mask (SIGALRM blocked) is back after the handler (%#x)", mask);

  /* 2. Nothing pending: sigpause waits for the signal. */
  alrm = 0;
  alarm_ms(100);
  t0 = now_ms();
  r = sigpause(0);
  took = now_ms() - t0;
  CHECK(r == -1 && errno == EINTR && alrm == 1, "sigpause(0) ended by SIGALRM (%d, handler %d)", r, alrm);
  CHECK(took >= 90 && took <= 130, "after about 100 ms (%ld ms)", took);

  /* 3. A signal the new mask blocks does not end the pause; it is delivered later. */
  usr1 = alrm = 0;
  sigblock(sigmask(SIGUSR1));
  kill(getpid(), SIGUSR1);
  alarm_ms(50);
  r = sigpause(sigmask(SIGUSR1));
  CHECK(alrm == 1 && usr1 == 0, "sigpause(SIGUSR1 blocked) ended by SIGALRM only (alrm %d, usr1 %d)", alrm, usr1);
  sigsetmask(0);
  CHECK(usr1 == 1, "SIGUSR1 delivered once unblocked (%d)", usr1);

  /* 4. killpg: three children in a group of their own, each waiting with sigpause. */
  usr1 = 0;
  sigblock(sigmask(SIGUSR1));
  fflush(stdout);
  pid_t kids[3];
  pid_t grp = 0;
  for (int i = 0; i < 3; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      setpgrp(0, grp ? grp : getpid());
      while (!usr1) sigpause(0); /* race-free: SIGUSR1 is blocked except in sigpause */
      _exit(10 + i);
    }
    if (grp == 0) grp = pid;
    setpgrp(pid, grp); /* both sides, whichever runs first */
    kids[i] = pid;
  }
  spin_ms(50);
  r = killpg(grp, SIGUSR1);
  CHECK(r == 0, "killpg(%d, SIGUSR1) = %d", grp, r);
  int ok = 0;
  for (int i = 0; i < 3; i++) {
    int st = 0;
    pid_t w = waitpid(kids[i], &st, 0);
    if (w == kids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 10 + i) ok++;
  }
  CHECK(ok == 3, "all three children got it and exited (%d of 3)", ok);
  sigsetmask(0);
  CHECK(usr1 == 0, "the sender, in another group, did not (%d)", usr1);
  errno = 0;
  r = killpg(grp, SIGUSR1);
  CHECK(r == -1 && errno == ESRCH, "killpg to an empty group: %d, errno %d (ESRCH)", r, errno);
  return DONE("sigpause");
}
