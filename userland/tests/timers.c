/* Interval timers in emulated time.
 *
 * ITIMER_VIRTUAL (user time) and ITIMER_PROF (user and system time) run
 * down only while the process runs: every 100 ms of busy looping gives a
 * SIGVTALRM and a SIGPROF, and half a second asleep gives none and leaves
 * the timers where they were. ITIMER_REAL counts real (emulated) time, asleep
 * or not: a one-shot timer fires on time to the clock tick (10 ms), a
 * periodic one fires 1000/period times a second, and getitimer shows the
 * time left. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"

static volatile int vt, prof, alrm;
static void on_vt(int sig) {
  (void)sig;
  vt++;
}
static void on_prof(int sig) {
  (void)sig;
  prof++;
}
static void on_alrm(int sig) {
  (void)sig;
  alrm++;
}

/* Busy for ms milliseconds, mostly in user state (the clock is read every few thousand iterations). */
static volatile long sink;
static void busy_ms(long ms) {
  long t = now_ms();
  do {
    for (int i = 0; i < 5000; i++) sink += i;
  } while (now_ms() - t < ms);
}

static int set(int which, long value_ms, long interval_ms) {
  struct itimerval it;
  it.it_value.tv_sec = value_ms / 1000;
  it.it_value.tv_usec = (value_ms % 1000) * 1000;
  it.it_interval.tv_sec = interval_ms / 1000;
  it.it_interval.tv_usec = (interval_ms % 1000) * 1000;
  return setitimer(which, &it, NULL);
}

static long left_ms(int which) {
  struct itimerval it;
  if (getitimer(which, &it) < 0) return -1;
  return it.it_value.tv_sec * 1000 + it.it_value.tv_usec / 1000;
}

int main(void) {
  signal(SIGVTALRM, on_vt);
  signal(SIGPROF, on_prof);
  signal(SIGALRM, on_alrm);

  /* 1. Busy: both fire every 100 ms of CPU. */
  int r1 = set(ITIMER_VIRTUAL, 100, 100);
  int r2 = set(ITIMER_PROF, 100, 100);
  CHECK(r1 == 0 && r2 == 0, "setitimer ITIMER_VIRTUAL and ITIMER_PROF, 100 ms");
  busy_ms(1000);
  int v = vt, p = prof;
  CHECK(v >= 9 && v <= 11, "busy for 1 s: %d SIGVTALRMs (want 10 +-1)", v);
  CHECK(p >= 9 && p <= 11, "busy for 1 s: %d SIGPROFs (want 10 +-1)", p);

  /* 2. Asleep: neither runs down. */
  set(ITIMER_VIRTUAL, 50, 50);
  set(ITIMER_PROF, 50, 50);
  vt = prof = 0;
  long before_v = left_ms(ITIMER_VIRTUAL), before_p = left_ms(ITIMER_PROF);
  msleep(500);
  long after_v = left_ms(ITIMER_VIRTUAL), after_p = left_ms(ITIMER_PROF);
  CHECK(vt == 0 && prof == 0, "asleep for 500 ms: no SIGVTALRM (%d), no SIGPROF (%d)", vt, prof);
  CHECK(before_v - after_v <= 10 && before_p - after_p <= 10,
        "the timers stood still (virtual %ld -> %ld ms, prof %ld -> %ld ms)", before_v, after_v, before_p, after_p);
  set(ITIMER_VIRTUAL, 0, 0);
  set(ITIMER_PROF, 0, 0);

  /* 3. ITIMER_REAL accuracy. */
  sigblock(sigmask(SIGALRM));
  alrm = 0;
  long t0 = now_ms();
  set(ITIMER_REAL, 250, 0);
  while (!alrm) sigpause(0);
  long took = now_ms() - t0;
  CHECK(took >= 240 && took <= 260, "a 250 ms one-shot fires after %ld ms", took);
  set(ITIMER_REAL, 300, 0);
  busy_ms(100);
  long left = left_ms(ITIMER_REAL);
  CHECK(left >= 190 && left <= 210, "after 100 ms of 300, getitimer says %ld ms left", left);
  set(ITIMER_REAL, 0, 0);
  sigsetmask(0);
  alrm = 0;
  t0 = now_ms();
  set(ITIMER_REAL, 30, 30);
  while (now_ms() - t0 < 1000) msleep(1000 - (now_ms() - t0)); /* each SIGALRM ends a select (EINTR) */
  int n = alrm;
  set(ITIMER_REAL, 0, 0);
  took = now_ms() - t0;
  CHECK(n >= 32 && n <= 34, "every 30 ms for 1 s, asleep: %d SIGALRMs (want 33 +-1, %ld ms)", n, took);
  return DONE("timers");
}
