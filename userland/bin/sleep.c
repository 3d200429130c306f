/* sleep N - waits N seconds: a select(2) timeout, or setitimer + sigpause,
 * or (both ENOSYS) a loop on gettimeofday. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <unistd.h>

static volatile int rang;
static void on_alarm(int sig) {
  (void)sig;
  rang = 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: sleep seconds\n");
    return 2;
  }
  char *end;
  long n = strtol(argv[1], &end, 10);
  if (*end != 0 || n < 0) {
    fprintf(stderr, "sleep: bad number: %s\n", argv[1]);
    return 2;
  }
  if (n == 0) return 0;
  struct timeval start, now;
  gettimeofday(&start, NULL);
  long want = start.tv_sec * 1000 + start.tv_usec / 1000 + n * 1000;
  for (;;) {
    struct timeval tv;
    gettimeofday(&now, NULL);
    long left = want - (now.tv_sec * 1000 + now.tv_usec / 1000);
    if (left <= 0) return 0;
    tv.tv_sec = left / 1000;
    tv.tv_usec = (left % 1000) * 1000;
    if (select(0, NULL, NULL, NULL, &tv) >= 0 || errno == EINTR) continue;
    if (errno != ENOSYS) break;
    /* no select: an interval timer and sigpause */
    struct itimerval it;
    it.it_interval.tv_sec = it.it_interval.tv_usec = 0;
    it.it_value = tv;
    if (signal(SIGALRM, on_alarm) != SIG_ERR && setitimer(ITIMER_REAL, &it, NULL) == 0) {
      int mask = sigblock(sigmask(SIGALRM));
      while (!rang) sigpause(mask & ~sigmask(SIGALRM));
      sigsetmask(mask);
      rang = 0;
      continue;
    }
    break;
  }
  /* nothing to wait with: watch the clock */
  do gettimeofday(&now, NULL);
  while (now.tv_sec * 1000 + now.tv_usec / 1000 < want);
  return 0;
}
