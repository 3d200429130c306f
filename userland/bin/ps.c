/* ps [-l] [-a] - the processes, from procinfo(199):
 *     PID TT STAT  TIME COMMAND
 *   -l: UID PID PPID PRI NI SZ STAT TT TIME COMMAND */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sun3lab.h>

#define MAXPROC 256
static struct procinfo pi[MAXPROC];

static void cputime(struct procinfo *p) {
  long s = (p->pi_utime_ms + p->pi_stime_ms) / 1000;
  printf(" %3ld:%02ld", s / 60, s % 60);
}

int main(int argc, char **argv) {
  int lflag = 0;
  for (int i = 1; i < argc; i++) {
    for (const char *a = argv[i]; *a; a++) {
      if (*a == 'l') lflag = 1;
      else if (*a == '-' || *a == 'a' || *a == 'x' || *a == 'u' || *a == 'w') continue;
      else {
        fprintf(stderr, "usage: ps [-alx]\n");
        return 2;
      }
    }
  }
  int n = procinfo(pi, MAXPROC);
  if (n < 0) {
    fprintf(stderr, "ps: procinfo: %s\n", strerror(errno));
    return 1;
  }
  if (lflag) printf("  UID   PID  PPID PRI NI   SZ STAT TT     TIME COMMAND\n");
  else printf("  PID TT STAT     TIME COMMAND\n");
  for (int i = 0; i < n; i++) {
    struct procinfo *p = &pi[i];
    char comm[17];
    memcpy(comm, p->pi_comm, 16);
    comm[16] = 0;
    char stat[4] = {p->pi_stat ? p->pi_stat : '?', 0, 0, 0};
    if (p->pi_nice > 0) stat[1] = 'N';
    else if (p->pi_nice < 0) stat[1] = '<';
    if (lflag)
      printf("%5ld %5ld %5ld %3ld %2ld %4ld %-4s co ", p->pi_uid, p->pi_pid, p->pi_ppid, p->pi_pri, p->pi_nice,
             p->pi_rss_pages * 8, stat);
    else printf("%5ld co %-4s", p->pi_pid, stat);
    cputime(p);
    printf(" %s\n", p->pi_stat == 'Z' ? "<defunct>" : comm);
  }
  return 0;
}
