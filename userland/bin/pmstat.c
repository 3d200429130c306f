/* pmstat - the processes on this machine that have migrated: for each, its
 * pid, its home (where it was born), the machine it came from last, the
 * one it runs on (this one), its uq-pid (birth machine and time) and how
 * many times it has moved.
 *
 *   PID  HOME  SOURCE  HOST  UQ-PID  STAT  HOPS  COMMAND */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
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

int main(void) {
  static struct pminfo pi[MAXPROCS];
  int n = pminfo(pi, MAXPROCS);
  if (n < 0) {
    perror("pmstat");
    return 1;
  }
  printf("%5s %-8s %-8s %-8s %-22s %-8s %4s %s\n", "PID", "HOME", "SOURCE", "HOST", "UQ-PID", "STAT", "HOPS",
         "COMMAND");
  for (int i = 0; i < n; i++) {
    char b1[32], b2[32], b3[32], b4[32], uq[48];
    const char *home = hostname_of(pi[i].pm_home, b1, sizeof(b1));
    const char *source = hostname_of(pi[i].pm_source, b2, sizeof(b2));
    const char *host = hostname_of(pi[i].pm_host, b3, sizeof(b3));
    snprintf(uq, sizeof(uq), "%s:%lu.%06lu", hostname_of(pi[i].pm_uqmachine, b4, sizeof(b4)), pi[i].pm_uqsec,
             pi[i].pm_uqusec);
    long st = pi[i].pm_stat;
    printf("%5ld %-8s %-8s %-8s %-22s %-8s %4ld %s\n", pi[i].pm_pid, home, source, host, uq,
           st >= 0 && st < 4 ? stats[st] : "?", pi[i].pm_hops, pi[i].pm_comm);
  }
  return 0;
}
