/* Resource usage of descendants (4.3BSD): a child's usage, as wait4 returns
 * it and as getrusage(RUSAGE_CHILDREN) adds it up, includes the usage of the
 * children it waited for itself. Here a child waits for a grandchild that
 * computes for half a second and then exits at once: the half second shows
 * up in the parent's totals. clock() counts this process's own time. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static long ms(struct timeval *t) { return t->tv_sec * 1000 + t->tv_usec / 1000; }

static long cpu_ms(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ms(&ru.ru_utime) + ms(&ru.ru_stime);
}

/* Compute until this process has used `want` ms of CPU time. */
static volatile unsigned long sink;
static void spin(long want) {
  long start = cpu_ms();
  while (cpu_ms() - start < want)
    for (int i = 0; i < 20000; i++) sink += i;
}

int main(void) {
  struct rusage before, after, ru;
  getrusage(RUSAGE_CHILDREN, &before);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    pid_t grandchild = fork();
    if (grandchild == 0) {
      spin(500);
      _exit(0);
    }
    int st;
    waitpid(grandchild, &st, 0);
    _exit(WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1);
  }
  int st = 0;
  memset(&ru, 0, sizeof(ru));
  pid_t r = wait4(child, &st, 0, &ru);
  CHECK(r == child && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child waited for its grandchild");
  long got = ms(&ru.ru_utime);
  CHECK(got >= 450, "wait4's rusage of the child includes its grandchild's user time (%ld ms, want >= 450)",
        got);
  getrusage(RUSAGE_CHILDREN, &after);
  long children = ms(&after.ru_utime) - ms(&before.ru_utime);
  CHECK(children >= 450, "getrusage(RUSAGE_CHILDREN) includes the grandchild (%ld ms of user time)", children);
  CHECK(after.ru_minflt > before.ru_minflt, "and its page faults (%ld)", after.ru_minflt - before.ru_minflt);
  struct rusage self;
  getrusage(RUSAGE_SELF, &self);
  CHECK(ms(&self.ru_utime) < 450, "none of it is counted as this process's own (%ld ms)", ms(&self.ru_utime));

  /* clock(): this process's CPU time in CLOCKS_PER_SEC units */
  clock_t c0 = clock();
  long r0 = cpu_ms();
  spin(200);
  clock_t c1 = clock();
  long r1 = cpu_ms();
  long clock_ms = (long)((c1 - c0) / (CLOCKS_PER_SEC / 1000));
  CHECK(c0 != (clock_t)-1 && c1 > c0, "clock() works and advances (%ld -> %ld)", (long)c0, (long)c1);
  CHECK(clock_ms >= 190 && clock_ms <= r1 - r0 + 20, "clock() measured %ld ms of a %ld ms computation", clock_ms,
        r1 - r0);
  return DONE("rusage");
}
