/* rup - how long machines have been up, and their load (SunOS 4's rup),
 * from their rstatd:
 *
 *   rup [-h | -l | -t] [host ...]
 *
 *          sun1    up  2 days,  3:04,    load average: 3.00, 2.61, 1.14
 *
 * With hosts, it asks each; without, it broadcasts to every machine of
 * the attached networks and prints each that answers, once, as its answer
 * comes (the broadcast is sent again for about a minute). -h sorts the
 * lines by host name, -l by load average, -t by uptime; sorted, they are
 * printed at the end. The exit status is 1 if a host named did not answer. */
#include <arpa/inet.h>
#include <netdb.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <rpcsvc/rstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAXHOSTS 256

struct entry {
  char host[64];
  struct in_addr addr;
  long up;          /* seconds */
  long avenrun[3];  /* RSTAT_FSCALE */
};

static struct entry entries[MAXHOSTS];
static int nentries;
static int sort; /* 'h', 'l', 't', or 0: print as they come */

static void print_load(long v) {
  printf("%ld.%02ld", v / RSTAT_FSCALE, (v % RSTAT_FSCALE) * 100 / RSTAT_FSCALE);
}

static void print_entry(struct entry *e) {
  long days = e->up / 86400, hours = e->up / 3600 % 24, mins = e->up / 60 % 60;
  printf("%14s    up ", e->host);
  if (days > 0) printf("%2ld day%s, ", days, days == 1 ? "" : "s");
  if (hours > 0 || days > 0)
    printf("%2ld:%02ld,", hours, mins);
  else
    printf("%2ld min%s,", mins, mins == 1 ? "" : "s");
  printf("    load average: ");
  print_load(e->avenrun[0]);
  printf(", ");
  print_load(e->avenrun[1]);
  printf(", ");
  print_load(e->avenrun[2]);
  printf("\n");
  fflush(stdout);
}

static void add(char *host, struct in_addr addr, struct statstime *s) {
  struct entry *e;
  if (nentries == MAXHOSTS) return;
  e = &entries[nentries++];
  strncpy(e->host, host, sizeof(e->host) - 1);
  e->host[sizeof(e->host) - 1] = 0;
  e->addr = addr;
  e->up = s->curtime.tv_sec - s->boottime.tv_sec;
  if (e->up < 0) e->up = 0;
  memcpy(e->avenrun, s->avenrun, sizeof(e->avenrun));
  if (!sort) print_entry(e);
}

/* Each answer to the broadcast: a machine not heard from yet. */
static bool_t collect(struct statstime *s, struct sockaddr_in *who) {
  struct hostent *h;
  for (int i = 0; i < nentries; i++)
    if (entries[i].addr.s_addr == who->sin_addr.s_addr) return FALSE;
  h = gethostbyaddr((char *)&who->sin_addr, sizeof(who->sin_addr), AF_INET);
  add(h != NULL ? h->h_name : inet_ntoa(who->sin_addr), who->sin_addr, s);
  return FALSE;
}

static int compare(const void *a, const void *b) {
  const struct entry *x = a, *y = b;
  switch (sort) {
  case 'l':
    return x->avenrun[0] < y->avenrun[0] ? -1 : x->avenrun[0] > y->avenrun[0];
  case 't':
    return x->up < y->up ? -1 : x->up > y->up;
  default:
    return strcmp(x->host, y->host);
  }
}

static int ask(char *host) {
  struct statstime s;
  struct hostent *h = gethostbyname(host);
  struct in_addr none;
  CLIENT *cl;
  struct timeval total = {25, 0};
  cl = clnt_create(host, RSTATPROG, RSTATVERS_TIME, "udp");
  if (cl == NULL) {
    clnt_pcreateerror(host);
    return 1;
  }
  memset(&s, 0, sizeof(s));
  if (clnt_call(cl, RSTATPROC_STATS, xdr_void, NULL, xdr_statstime, &s, total) != RPC_SUCCESS) {
    clnt_perror(cl, host);
    clnt_destroy(cl);
    return 1;
  }
  clnt_destroy(cl);
  none.s_addr = 0;
  add(host, h != NULL ? *(struct in_addr *)h->h_addr : none, &s);
  return 0;
}

int main(int argc, char **argv) {
  int c, rc = 0;
  while ((c = getopt(argc, argv, "hlt")) != -1) {
    switch (c) {
    case 'h':
    case 'l':
    case 't':
      sort = c;
      break;
    default:
      fprintf(stderr, "Usage: rup [-h] [-l] [-t] [host ...]\n");
      return 1;
    }
  }
  if (optind < argc) {
    for (int i = optind; i < argc; i++) rc |= ask(argv[i]);
  } else {
    struct statstime s;
    enum clnt_stat stat;
    memset(&s, 0, sizeof(s));
    stat = clnt_broadcast(RSTATPROG, RSTATVERS_TIME, RSTATPROC_STATS, xdr_void, NULL, xdr_statstime,
                          (caddr_t)&s, collect);
    if (stat != RPC_SUCCESS && stat != RPC_TIMEDOUT) {
      fprintf(stderr, "rup: %s\n", clnt_sperrno(stat));
      rc = 1;
    }
  }
  if (sort) {
    qsort(entries, nentries, sizeof(entries[0]), compare);
    for (int i = 0; i < nentries; i++) print_entry(&entries[i]);
  }
  return rc;
}
