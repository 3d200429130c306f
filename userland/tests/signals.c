/* Signals: a handler runs and returns to the interrupted code; sigblock and
 * sigsetmask hold a signal back until it is unblocked; a read interrupted by
 * SIGALRM fails with EINTR (SV_INTERRUPT); SIGCHLD arrives when a child exits
 * and the handler reaps it; a handler on the alternate stack (sigstack) uses
 * a lot of it; longjmp out of a handler restores the signal mask (so the
 * handler runs every time), _longjmp does not, and longjmp out of a handler
 * on the alternate stack leaves it. Every call that is missing (ENOSYS) is a
 * FAIL, not a hang. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tests/check.h"

static volatile int got_usr1, got_sig, got_alrm, reaped, reaped_status;
static volatile long alt_sum;
static volatile char *alt_local;
static char *alt_lo, *alt_hi;

static void on_usr1(int sig) {
  got_sig = sig;
  got_usr1++;
}
static void on_alrm(int sig) {
  (void)sig;
  got_alrm++;
}
static void on_chld(int sig) {
  (void)sig;
  int st;
  pid_t p;
  while ((p = wait3(&st, WNOHANG, NULL)) > 0) {
    reaped++;
    reaped_status = st;
  }
}

/* Deep recursion: ~40 KB of stack. */
static long deep(int n) {
  volatile char pad[200];
  memset((char *)pad, n & 0x7f, sizeof(pad));
  if (n == 0) return pad[5];
  return deep(n - 1) + pad[7];
}
static void on_usr2(int sig) {
  volatile char here;
  (void)sig;
  alt_local = &here;
  alt_sum = deep(200);
}

static jmp_buf jump;
static volatile int jumps;
static void on_usr1_jump(int sig) {
  (void)sig;
  jumps++;
  longjmp(jump, jumps);
}
static void on_usr1_rawjump(int sig) {
  (void)sig;
  jumps++;
  _longjmp(jump, jumps);
}

/* Waits up to ms milliseconds of emulated time for *flag to become non-zero. */
static int wait_flag(volatile int *flag, long ms) {
  struct timeval a, b;
  gettimeofday(&a, NULL);
  for (;;) {
    if (*flag) return 1;
    gettimeofday(&b, NULL);
    if ((b.tv_sec - a.tv_sec) * 1000 + (b.tv_usec - a.tv_usec) / 1000 > ms) return *flag != 0;
  }
}

int main(void) {
  /* 1. a handler runs and returns */
  struct sigvec sv;
  memset(&sv, 0, sizeof(sv));
  sv.sv_handler = on_usr1;
  int r = sigvec(SIGUSR1, &sv, NULL);
  CHECK(r == 0, "sigvec(SIGUSR1) = %d (%s)", r, r < 0 ? strerror(errno) : "ok");
  if (r == 0) {
    volatile long a = 12345, b = 678;
    r = kill(getpid(), SIGUSR1);
    CHECK(r == 0, "kill(self, SIGUSR1) = %d", r);
    CHECK(got_usr1 == 1 && got_sig == SIGUSR1, "handler ran once with signo %d (ran %d times)", got_sig, got_usr1);
    CHECK(a + b == 13023, "locals intact after the handler returned");

    /* 2. masks */
    int old = sigblock(sigmask(SIGUSR1));
    CHECK(old != -1 || errno != ENOSYS, "sigblock");
    kill(getpid(), SIGUSR1);
    CHECK(got_usr1 == 1, "blocked SIGUSR1 is held (count %d)", got_usr1);
    int m = sigsetmask(old);
    CHECK((m & sigmask(SIGUSR1)) != 0, "sigsetmask returns the old mask with SIGUSR1 (%#x)", m);
    CHECK(got_usr1 == 2, "unblocking delivers it (count %d)", got_usr1);
    old = sigblock(0);
    CHECK((old & sigmask(SIGUSR1)) == 0, "mask restored after the handler (%#x)", old);
  }

  /* 3. EINTR from a read interrupted by SIGALRM */
  memset(&sv, 0, sizeof(sv));
  sv.sv_handler = on_alrm;
  sv.sv_flags = SV_INTERRUPT;
  r = sigvec(SIGALRM, &sv, NULL);
  int p[2];
  if (r == 0 && pipe(p) == 0) {
    struct itimerval it;
    memset(&it, 0, sizeof(it));
    it.it_value.tv_usec = 200000;
    r = setitimer(ITIMER_REAL, &it, NULL);
    CHECK(r == 0, "setitimer 200 ms = %d (%s)", r, r < 0 ? strerror(errno) : "ok");
    if (r == 0) {
      char c;
      errno = 0;
      long n = read(p[0], &c, 1);
      CHECK(n == -1 && errno == EINTR, "read interrupted: %ld, errno %d (EINTR %d)", n, errno, EINTR);
      CHECK(got_alrm == 1, "SIGALRM handler ran (%d)", got_alrm);
    }
    close(p[0]);
    close(p[1]);
  } else {
    CHECK(0, "sigvec(SIGALRM) / pipe: %s", strerror(errno));
  }

  /* 4. SIGCHLD reaping */
  memset(&sv, 0, sizeof(sv));
  sv.sv_handler = on_chld;
  r = sigvec(SIGCHLD, &sv, NULL);
  CHECK(r == 0, "sigvec(SIGCHLD) = %d", r);
  if (r == 0) {
    fflush(stdout);
    pid_t kid = fork();
    if (kid == 0) _exit(7);
    CHECK(kid > 0, "fork");
    wait_flag(&reaped, 2000);
    CHECK(reaped == 1 && WIFEXITED(reaped_status) && WEXITSTATUS(reaped_status) == 7,
          "SIGCHLD handler reaped the child (reaped %d, status %#x)", reaped, reaped_status);
    if (!reaped) waitpid(kid, NULL, 0);
    signal(SIGCHLD, SIG_DFL);
  }

  /* 5. alternate signal stack */
  size_t size = 64 * 1024;
  alt_lo = malloc(size);
  alt_hi = alt_lo + size;
  struct sigstack ss;
  ss.ss_sp = alt_hi;
  ss.ss_onstack = 0;
  r = sigstack(&ss, NULL);
  CHECK(r == 0, "sigstack = %d (%s)", r, r < 0 ? strerror(errno) : "ok");
  if (r == 0) {
    memset(&sv, 0, sizeof(sv));
    sv.sv_handler = on_usr2;
    sv.sv_flags = SV_ONSTACK;
    r = sigvec(SIGUSR2, &sv, NULL);
    long want = deep(200);
    alt_sum = -1;
    if (r == 0) kill(getpid(), SIGUSR2);
    CHECK(alt_local != NULL && (char *)alt_local >= alt_lo && (char *)alt_local < alt_hi,
          "handler ran on the alternate stack (%p in %p..%p)", (void *)alt_local, (void *)alt_lo, (void *)alt_hi);
    CHECK(alt_sum == want, "deep recursion in the handler (%ld, want %ld)", alt_sum, want);
    struct sigstack os;
    r = sigstack(NULL, &os);
    CHECK(r == 0 && os.ss_onstack == 0, "back off the alternate stack");
  }

  /* 6. longjmp out of a handler: setjmp saved the mask, longjmp restores it,
   * so SIGUSR1 (blocked while its handler runs) is not left blocked. */
  signal(SIGUSR1, on_usr1_jump);
  jumps = 0;
  volatile int rounds = 0;
  int v = setjmp(jump);
  if (rounds < 3) {
    rounds++;
    kill(getpid(), SIGUSR1); /* the handler jumps back to setjmp */
  }
  CHECK(jumps == 3 && v == 3 && rounds == 3, "longjmp out of the handler three times: it ran %d times (setjmp %d)",
        jumps, v);
  int mask = sigblock(0);
  CHECK((mask & sigmask(SIGUSR1)) == 0, "SIGUSR1 not blocked after longjmp (mask %#x)", mask);

  /* _longjmp leaves the mask as the handler had it: SIGUSR1 stays blocked. */
  signal(SIGUSR1, on_usr1_rawjump);
  jumps = 0;
  if (_setjmp(jump) == 0) kill(getpid(), SIGUSR1);
  mask = sigblock(0);
  kill(getpid(), SIGUSR1); /* held back */
  CHECK(jumps == 1 && (mask & sigmask(SIGUSR1)) != 0,
        "_longjmp keeps the handler's mask: ran %d time(s), SIGUSR1 still blocked (mask %#x)", jumps, mask);
  signal(SIGUSR1, SIG_IGN); /* forget the held one */
  sigsetmask(0);

  /* longjmp out of a handler running on the alternate stack: off it again. */
  if (alt_lo != NULL) {
    struct sigvec jv;
    memset(&jv, 0, sizeof(jv));
    jv.sv_handler = on_usr1_jump;
    jv.sv_flags = SV_ONSTACK;
    sigvec(SIGUSR1, &jv, NULL);
    jumps = 0;
    if (setjmp(jump) == 0) kill(getpid(), SIGUSR1);
    struct sigstack os;
    r = sigstack(NULL, &os);
    CHECK(jumps == 1 && r == 0 && os.ss_onstack == 0, "longjmp from the alternate stack: off it (%d, onstack %d)",
          jumps, os.ss_onstack);
  }
  signal(SIGUSR1, SIG_DFL);
  return DONE("signals");
}
