/* Interval timers: ITIMER_REAL every 50 ms gives about 20 SIGALRMs per second
 * of emulated time (19..21); getitimer reports the interval and a value no
 * larger than it; a zero value turns the timer off. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"

static volatile int ticks;
static void on_alrm(int sig) {
  (void)sig;
  ticks++;
}

int main(void) {
  void (*old)(int) = signal(SIGALRM, on_alrm);
  CHECK(old != SIG_ERR, "signal(SIGALRM) (%s)", old == SIG_ERR ? strerror(errno) : "ok");
  struct itimerval it, got;
  memset(&it, 0, sizeof(it));
  it.it_interval.tv_usec = 50000;
  it.it_value.tv_usec = 50000;
  int r = setitimer(ITIMER_REAL, &it, NULL);
  CHECK(r == 0, "setitimer(ITIMER_REAL, 50 ms) = %d (%s)", r, r < 0 ? strerror(errno) : "ok");
  if (r == 0 && old != SIG_ERR) {
    memset(&got, 0, sizeof(got));
    r = getitimer(ITIMER_REAL, &got);
    CHECK(r == 0 && got.it_interval.tv_sec == 0 && got.it_interval.tv_usec == 50000,
          "getitimer interval %ld.%06ld", got.it_interval.tv_sec, got.it_interval.tv_usec);
    CHECK(r == 0 && got.it_value.tv_sec == 0 && got.it_value.tv_usec > 0 && got.it_value.tv_usec <= 50000,
          "getitimer value %ld.%06ld", got.it_value.tv_sec, got.it_value.tv_usec);
    ticks = 0;
    long start = now_ms();
    while (now_ms() - start < 1000) {
    }
    int n = ticks;
    CHECK(n >= 19 && n <= 21, "%d SIGALRMs in one second (want 20 +-1)", n);
    memset(&it, 0, sizeof(it));
    r = setitimer(ITIMER_REAL, &it, &got);
    CHECK(r == 0 && got.it_interval.tv_usec == 50000, "setitimer returns the old setting");
    n = ticks;
    start = now_ms();
    while (now_ms() - start < 200) {
    }
    CHECK(ticks == n, "no SIGALRM after turning it off (%d more)", ticks - n);
    r = getitimer(ITIMER_REAL, &got);
    CHECK(r == 0 && got.it_value.tv_sec == 0 && got.it_value.tv_usec == 0, "getitimer says off");
  }
  /* alarm(2) in the libc sits on setitimer */
  ticks = 0;
  unsigned left = alarm(1);
  CHECK(left == 0, "alarm(1) returns 0 with no alarm pending");
  left = alarm(0);
  CHECK(left == 1, "alarm(0) returns the 1 second left (%u)", left);
  return DONE("itimer");
}
