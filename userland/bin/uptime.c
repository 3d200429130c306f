/* uptime - time since boot, processes and load averages:
 *   10:42am  up 3 mins,  2 users,  load average: 0.12, 0.05, 0.01
 * Boot time is the start time of the oldest process (init), from procinfo(221);
 * load averages from getloadavg(220) (fixed point, FSCALE 2048). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sun3lab.h>
#include <sys/time.h>
#include <time.h>

#define MAXPROC 256
static struct procinfo pi[MAXPROC];

static void fixed(long v) { printf("%ld.%02ld", v / FSCALE, (v % FSCALE) * 100 / FSCALE); }

int main(void) {
  struct timeval now;
  gettimeofday(&now, NULL);
  struct tm *tm = localtime(&now.tv_sec);
  int hour = tm->tm_hour % 12;
  printf("%2d:%02d%s  ", hour == 0 ? 12 : hour, tm->tm_min, tm->tm_hour < 12 ? "am" : "pm");
  int n = procinfo(pi, MAXPROC);
  int rc = 0;
  if (n > 0) {
    long boot = pi[0].pi_start_sec;
    for (int i = 1; i < n; i++)
      if (pi[i].pi_start_sec < boot) boot = pi[i].pi_start_sec;
    long up = now.tv_sec - boot;
    if (up < 0) up = 0;
    long days = up / 86400, hours = up / 3600 % 24, mins = up / 60 % 60;
    printf("up ");
    if (days > 0) printf("%ld day%s, ", days, days == 1 ? "" : "s");
    if (days == 0 && hours == 0) printf("%ld min%s,", mins, mins == 1 ? "" : "s");
    else printf("%2ld:%02ld,", hours, mins);
    printf("  %d process%s,", n, n == 1 ? "" : "es");
  } else {
    printf("up ?,");
    rc = 1;
  }
  long avg[3];
  int k = getloadavg(avg, 3);
  printf("  load average: ");
  if (k == 3) {
    fixed(avg[0]);
    printf(", ");
    fixed(avg[1]);
    printf(", ");
    fixed(avg[2]);
    printf("\n");
  } else {
    printf("?\n");
    rc = 1;
  }
  if (rc) fprintf(stderr, "uptime: %s\n", strerror(errno));
  return rc;
}
