/* pmstat - the global process table (docs/migration.md): every process of
 * the pool that has migrated, and every parent of one, wherever it runs —
 * its pid, its home (where it was born), the machine it came from last,
 * the one it runs on, its uq-pid (birth machine and time), its state and
 * how many times it has moved. Reading a page brings it to this machine.
 *
 *   pmstat          the whole table
 *   pmstat PID...   those processes (exit 1 if one is in no slot)
 *   pmstat -l       this machine's own migrated processes (pminfo)
 *   pmstat -o       this machine's probable owner of each page
 *
 *   PID  HOME  SOURCE  HOST  UQ-PID  STAT  HOPS  COMMAND */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sun3lab.h>

#define MAXPROCS 64

static const char *stats[] = {"home", "away", "leaving", "arriving"};

/* The host's name from /etc/hosts, or its dotted address, copied into buf
 * (gethostbyaddr and inet_ntoa answer in static storage, which the next
 * call overwrites). */
static const char *hostname_of(unsigned long addr, char *buf, int size) {
  struct hostent *h = gethostbyaddr((char *)&addr, 4, AF_INET);
  struct in_addr in;
  in.s_addr = addr;
  snprintf(buf, size, "%s", h != NULL ? h->h_name : inet_ntoa(in));
  return buf;
}

static void header(void) {
  printf("%5s %-8s %-8s %-8s %-22s %-8s %4s %s\n", "PID", "HOME", "SOURCE", "HOST", "UQ-PID", "STAT", "HOPS",
         "COMMAND");
}

static void row(long pid, unsigned long home, unsigned long source, unsigned long host, unsigned long uqm,
                unsigned long uqs, unsigned long uqus, const char *stat, long hops, const char *comm) {
  char b1[32], b2[32], b3[32], b4[32], uq[48];
  snprintf(uq, sizeof(uq), "%s:%lu.%06lu", hostname_of(uqm, b4, sizeof(b4)), uqs, uqus);
  printf("%5ld %-8s %-8s %-8s %-22s %-8s %4ld %s\n", pid, hostname_of(home, b1, sizeof(b1)),
         hostname_of(source, b2, sizeof(b2)), hostname_of(host, b3, sizeof(b3)), uq, stat, hops, comm);
}

/* pmstat -l: the migrated processes on this machine. */
static int local(void) {
  static struct pminfo pi[MAXPROCS];
  int n = pminfo(pi, MAXPROCS);
  if (n < 0) {
    perror("pmstat");
    return 1;
  }
  header();
  for (int i = 0; i < n; i++) {
    long st = pi[i].pm_stat;
    row(pi[i].pm_pid, pi[i].pm_home, pi[i].pm_source, pi[i].pm_host, pi[i].pm_uqmachine, pi[i].pm_uqsec,
        pi[i].pm_uqusec, st >= 0 && st < 4 ? stats[st] : "?", pi[i].pm_hops, pi[i].pm_comm);
  }
  return 0;
}

/* pmstat -o: where this machine thinks each page is. */
static int owners(void) {
  unsigned long own[NPMPAGE];
  int n = getpmpage(-1, own, NPMPAGE);
  if (n < 0) {
    perror("pmstat");
    return 1;
  }
  for (int i = 0; i < n; i++) {
    char b[32];
    printf("page %d probowner %s\n", i, hostname_of(own[i], b, sizeof(b)));
  }
  return 0;
}

static int cmp(const void *a, const void *b) {
  return ((const struct pmslot *)a)->ps_pid - ((const struct pmslot *)b)->ps_pid;
}

int main(int argc, char **argv) {
  static struct pmslot all[NPMPAGE * MAXPROCS];
  if (argc == 2 && strcmp(argv[1], "-l") == 0) return local();
  if (argc == 2 && strcmp(argv[1], "-o") == 0) return owners();
  int n = 0;
  for (int page = 0; page < NPMPAGE; page++) {
    int got = getpmpage(page, all + n, MAXPROCS);
    if (got < 0) {
      perror("pmstat: getpmpage");
      return 1;
    }
    n += got;
  }
  qsort(all, n, sizeof(all[0]), cmp);
  int status = 0;
  for (int a = 1; a < argc; a++) {
    long want = atol(argv[a]);
    int i = 0;
    while (i < n && all[i].ps_pid != want) i++;
    if (i == n || want <= 0) {
      fprintf(stderr, "pmstat: %s: no such process in the global table\n", argv[a]);
      status = 1;
    }
  }
  header();
  for (int i = 0; i < n; i++) {
    struct pmslot *s = &all[i];
    int wanted = argc == 1;
    for (int a = 1; a < argc; a++)
      if (atol(argv[a]) == s->ps_pid) wanted = 1;
    if (!wanted) continue;
    const char *st = s->ps_stat == PS_ZOMB            ? "zombie"
                     : !(s->ps_flags & PSF_MIGRATED) ? "parent"
                     : s->ps_host == s->ps_home       ? "home"
                                                      : "away";
    char comm[13];
    memcpy(comm, s->ps_comm, 12);
    comm[12] = 0;
    row(s->ps_pid, s->ps_home, s->ps_source, s->ps_host, s->ps_uqmachine, s->ps_uqsec, s->ps_uqusec, st,
        s->ps_hops, comm);
  }
  return status;
}
