/* The CPU time limit (4.3BSD): past the soft limit a process gets SIGXCPU
 * once, and the soft limit moves up by 5 seconds (not beyond the hard one);
 * past the hard limit the process is killed. Without a handler SIGXCPU
 * itself kills. And the limit and timer calls refuse a negative `which`. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static long cpu_ms(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 + ru.ru_stime.tv_sec * 1000 +
         ru.ru_stime.tv_usec / 1000;
}

static volatile unsigned long sink;
static int report_fd = -1;
static volatile int xcpu_count;

static void on_xcpu(int sig) {
  (void)sig;
  struct rlimit rl;
  getrlimit(RLIMIT_CPU, &rl);
  long rec[2] = {++xcpu_count, rl.rlim_cur};
  write(report_fd, rec, sizeof(rec));
}

/* Compute for up to `limit_ms` of CPU time, then exit 0. */
static void spin(long limit_ms) {
  while (cpu_ms() < limit_ms)
    for (int i = 0; i < 20000; i++) sink += i;
  _exit(0);
}

/* The child with a SIGXCPU handler that reports each signal on fd: {count, soft limit then}. */
static int xcpu_caught(int fd, void *arg) {
  (void)arg;
  report_fd = fd;
  signal(SIGXCPU, on_xcpu);
  struct rlimit rl = {1, 2};
  if (setrlimit(RLIMIT_CPU, &rl) < 0) return 3;
  spin(4000);
  return 0;
}

/* The child without a handler, soft limit 1 s, no hard one. */
static int xcpu_default(int fd, void *arg) {
  (void)fd;
  (void)arg;
  struct rlimit rl = {1, RLIM_INFINITY};
  setrlimit(RLIMIT_CPU, &rl);
  spin(3000);
  return 0;
}

int main(void) {
  /* With a handler: one SIGXCPU at 1 s (the soft limit becomes 2, the hard
   * one), then SIGKILL at 2 s. */
  long rec[8][2];
  int got = 0;
  int st = run_child(xcpu_caught, NULL, rec, sizeof(rec), &got);
  long n = got / (int)sizeof(rec[0]);
  CHECK(n == 1, "SIGXCPU came once, not every tick (%ld times)", n);
  CHECK(n >= 1 && rec[0][1] == 2, "and raised the soft limit to the hard one (%ld s)", n >= 1 ? rec[0][1] : -1L);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "past the hard limit the process is killed (status %#x)", st);

  /* Without a handler SIGXCPU ends the process. */
  st = run_child(xcpu_default, NULL, NULL, 0, NULL);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU, "the default action of SIGXCPU terminates (status %#x)", st);

  /* Bad `which` values: EINVAL, never a crash. */
  struct rlimit rl;
  struct itimerval it;
  memset(&it, 0, sizeof(it));
  errno = 0;
  CHECK(getrlimit(-1, &rl) < 0 && errno == EINVAL, "getrlimit(-1) is EINVAL");
  errno = 0;
  CHECK(setrlimit(-1, &rl) < 0 && errno == EINVAL, "setrlimit(-1) is EINVAL");
  errno = 0;
  CHECK(getitimer(-1, &it) < 0 && errno == EINVAL, "getitimer(-1) is EINVAL");
  errno = 0;
  CHECK(setitimer(-1, &it, NULL) < 0 && errno == EINVAL, "setitimer(-1) is EINVAL");
  errno = 0;
  CHECK(getrlimit(RLIM_NLIMITS + 5, &rl) < 0 && errno == EINVAL, "getrlimit(%d) is EINVAL", RLIM_NLIMITS + 5);
  return DONE("rlimit");
}
