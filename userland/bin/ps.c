/* ps [-almvx] [PID...] - the processes, from procinfo(221), as SunOS's ps
 * chooses them: without options, your own processes that have a controlling
 * terminal; -a everyone's; -x also those with no controlling terminal (the
 * swapper, process 0, has none). The dash is optional ("ps ax", "ps -ax").
 * With PIDs, those processes only, whoever's they are; a pid that is not
 * here but is in the lab's global process table (a migrated process, or
 * the parent of one, on another machine) gets a line saying where it runs.
 *
 *   ps     PID PPID PGRP STAT TT UTIME STIME COMMAND
 *   ps -l  F UID PID PPID PGRP CP PRI NI SZ RSS WCHAN STAT TT TIME COMMAND
 *   ps -v  PID TT STAT TIME SZ RSS TSIZ MINFLT COW CTXST PMEGST NVCSW NIVCSW COMMAND
 *   ps -m  (any of the above) with HOME and HOST before COMMAND
 *
 * STAT is R (runnable), S (asleep), D (asleep, not interruptible by signals),
 * T (stopped) or Z (zombie), M (migrated away: the entry its parent's machine
 * keeps), then N or < for a positive or negative nice, then m for a process
 * that runs away from its home machine (it migrated here; docs/migration.md).
 * With -m, HOME is the machine a migrated process was born on and HOST the
 * one it runs on now (for an M entry, where it went); "-" for the others.
 * TT is the controlling terminal: co for the console, ? for none. Times are
 * minutes:seconds; UTIME and STIME have hundredths. SZ and RSS are in KB,
 * TSIZ the text size in KB. MINFLT counts page faults, COW copy-on-write
 * copies, CTXST and PMEGST the times the MMU took a context or a PMEG (a
 * segment's page map) away for another process — all over the whole life of
 * the process, across exec. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sun3lab.h>
#include <unistd.h>

#define MAXPROC 256
#define KB_PER_PAGE 8
static struct procinfo pi[MAXPROC];
static struct pminfo pm[MAXPROC]; /* the processes here that have migrated (pminfo, 202) */
static int npm;

static void usage(void) {
  fprintf(stderr, "usage: ps [-almvx] [PID...]\n");
}

/* The migration record of pid, or NULL if it never migrated. */
static struct pminfo *pm_of(long pid) {
  for (int i = 0; i < npm; i++)
    if (pm[i].pm_pid == pid) return &pm[i];
  return NULL;
}

/* A machine's name from /etc/hosts (its first word, without the domain), or its dotted address. */
static void machine_name(unsigned long addr, char *out, int size) {
  struct in_addr in;
  in.s_addr = addr;
  struct hostent *h = gethostbyaddr((char *)&in, sizeof(in), AF_INET);
  strncpy(out, h ? h->h_name : inet_ntoa(in), size - 1);
  out[size - 1] = 0;
  char *dot = h ? strchr(out, '.') : NULL;
  if (dot) *dot = 0;
}

/* "co" for the console (major 0), "p0" ... "pf" for the pseudo-terminals
 * /dev/ttyp0 ... ttypf (major 20), "?" for none, else the minor number. */
static const char *tty_name(long dev) {
  static char buf[8];
  if (dev < 0) return "?";
  if ((dev >> 8) == 0) return "co";
  if ((dev >> 8) == 20 && (dev & 0xff) < 16) {
    snprintf(buf, sizeof(buf), "p%c", "0123456789abcdef"[dev & 0xf]);
    return buf;
  }
  snprintf(buf, sizeof(buf), "%ld", dev & 0xff);
  return buf;
}

static void print_time(long ms, int hundredths) {
  long s = ms / 1000;
  if (hundredths) printf(" %3ld:%02ld.%02ld", s / 60, s % 60, (ms % 1000) / 10);
  else printf(" %3ld:%02ld", s / 60, s % 60);
}

static void stat_letters(struct procinfo *p, char out[4]) {
  int n = 1;
  out[0] = p->pi_stat ? p->pi_stat : '?';
  out[1] = out[2] = out[3] = 0;
  if (p->pi_nice > 0) out[n++] = 'N';
  else if (p->pi_nice < 0) out[n++] = '<';
  struct pminfo *m = pm_of(p->pi_pid);
  if (m && p->pi_stat != 'M' && m->pm_home != m->pm_host) out[n] = 'm';
}

static const char *command(struct procinfo *p) {
  static char comm[17];
  if (p->pi_stat == 'Z') return "<defunct>";
  memcpy(comm, p->pi_comm, 16);
  comm[16] = 0;
  return comm;
}

#define MAXWANT 32
static long want[MAXWANT]; /* the pids asked for, if any */
static int seen[MAXWANT];
static int nwant;

static int wanted(long pid) {
  int yes = 0;
  for (int j = 0; j < nwant; j++)
    if (want[j] == pid) yes = seen[j] = 1;
  return yes;
}

/* A pid asked for that is not here: where the global process table says it
 * is (docs/migration.md). 0 if the table does not know it either. */
static int elsewhere(long pid) {
  static struct pmslot slot[MAXPROC];
  for (int page = 0; page < NPMPAGE; page++) {
    int got = getpmpage(page, slot, MAXPROC);
    if (got < 0) return 0; /* this machine is in no pool: no table */
    for (int i = 0; i < got; i++) {
      struct pmslot *s = &slot[i];
      if (s->ps_pid != pid) continue;
      char comm[13], host[16], home[16];
      memcpy(comm, s->ps_comm, 12);
      comm[12] = 0;
      machine_name(s->ps_host, host, sizeof(host));
      machine_name(s->ps_home, home, sizeof(home));
      printf("%5ld %s on %s (home %s, %ld hops): %s\n", pid, s->ps_stat == PS_ZOMB ? "exited" : "runs", host,
             home, s->ps_hops, comm);
      return 1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  int lflag = 0, vflag = 0, aflag = 0, xflag = 0, mflag = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] >= '0' && argv[i][0] <= '9') {
      if (nwant == MAXWANT) {
        usage();
        return 2;
      }
      want[nwant++] = atol(argv[i]);
      continue;
    }
    for (const char *a = argv[i]; *a; a++) {
      switch (*a) {
      case '-': break;
      case 'l': lflag = 1; break;
      case 'v': vflag = 1; break;
      case 'a': aflag = 1; break;
      case 'x': xflag = 1; break;
      case 'm': mflag = 1; break;
      case 'w': break; /* wide: lines are never cut here */
      default: usage(); return 2;
      }
    }
  }
  int n = procinfo(pi, MAXPROC);
  if (n < 0) {
    fprintf(stderr, "ps: procinfo: %s\n", strerror(errno));
    return 1;
  }
  npm = pminfo(pm, MAXPROC);
  if (npm < 0) npm = 0; /* a kernel without migration */
  long me = getuid();
  const char *tail = mflag ? "HOME     HOST     COMMAND" : "COMMAND";
  if (lflag)
    printf("    F   UID   PID  PPID  PGRP  CP PRI NI   SZ  RSS WCHAN  STAT TT   TIME %s\n", tail);
  else if (vflag)
    printf("  PID TT STAT   TIME   SZ  RSS TSIZ MINFLT   COW CTXST PMEGST NVCSW NIVCSW %s\n", tail);
  else printf("  PID  PPID  PGRP STAT TT     UTIME     STIME %s\n", tail);
  for (int i = 0; i < n; i++) {
    struct procinfo *p = &pi[i];
    if (nwant > 0) {
      if (!wanted(p->pi_pid)) continue;
    } else {
      if (!aflag && p->pi_uid != me) continue;
      if (!xflag && p->pi_tty < 0) continue;
    }
    char stat[4];
    stat_letters(p, stat);
    const char *tt = tty_name(p->pi_tty);
    if (lflag) {
      char wchan[9];
      memcpy(wchan, p->pi_wmesg, 8);
      wchan[8] = 0;
      if (p->pi_stat != 'S' && p->pi_stat != 'D') strcpy(wchan, "");
      printf("%5lx %5ld %5ld %5ld %5ld %3ld %3ld %2ld %4ld %4ld %-6.6s %-4s %-2s", p->pi_flag, p->pi_uid, p->pi_pid,
             p->pi_ppid, p->pi_pgrp, p->pi_cpu, p->pi_pri, p->pi_nice, p->pi_size_pages * KB_PER_PAGE,
             p->pi_rss_pages * KB_PER_PAGE, wchan, stat, tt);
      print_time(p->pi_utime_ms + p->pi_stime_ms, 0);
    } else if (vflag) {
      printf("%5ld %-2s %-4s", p->pi_pid, tt, stat);
      print_time(p->pi_utime_ms + p->pi_stime_ms, 0);
      printf(" %4ld %4ld %4ld %6ld %5ld %5ld %6ld %5ld %6ld", p->pi_size_pages * KB_PER_PAGE,
             p->pi_rss_pages * KB_PER_PAGE, p->pi_tsize_pages * KB_PER_PAGE, p->pi_minflt, p->pi_cow,
             p->pi_ctxsteal, p->pi_pmegsteal, p->pi_nvcsw, p->pi_nivcsw);
    } else {
      printf("%5ld %5ld %5ld %-4s %-2s", p->pi_pid, p->pi_ppid, p->pi_pgrp, stat, tt);
      print_time(p->pi_utime_ms, 1);
      print_time(p->pi_stime_ms, 1);
    }
    if (mflag) {
      char home[16] = "-", host[16] = "-";
      struct pminfo *m = pm_of(p->pi_pid);
      if (m) {
        machine_name(m->pm_home, home, sizeof(home));
        machine_name(m->pm_host, host, sizeof(host));
      }
      printf(" %-8s %-8s", home, host);
    }
    printf(" %s\n", command(p));
  }
  int status = 0;
  for (int j = 0; j < nwant; j++)
    if (!seen[j] && !elsewhere(want[j])) status = 1;
  return status;
}
