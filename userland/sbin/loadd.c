/* loadd - the load daemon (the thesis's "load daemon", §4.3.4, §5.4, §5.7):
 * sender-initiated load sharing with an adaptive threshold.
 *
 *   loadd [-n] [-b] [-x] [-f conf] [-p policy] [-a alpha] [-t t0] [-P secs] [-k K]
 *   loadd -T            (read test vectors on stdin, print the decisions)
 * -b: at boot, only if /etc/loadd.conf says "enable 1"; -x: stop the loadd
 * running here if there is one, else start (the lab UI's toggle).
 *
 * Every period P it asks rstatd on every machine of /etc/pmpool for its
 * 1-minute load average (RPC, each call bounded so that the round fits
 * in the period: a machine that does not answer is not chosen this
 * period), applies the decision function (loadpolicy.h) and, if this
 * machine is above its threshold, moves one foreign job (one that
 * migrated here, at least one period ago, fewer than K times) to a
 * machine at or below the threshold, chosen round-robin, after asking
 * that machine's loadd whether it will take it (the idle-host request,
 * bounded by half a period). The migration itself is made by a child of
 * loadd (pm_migrate may wait as long as its connection's timeout), so
 * that a slow one never holds up the next period.
 * pmrun registers jobs that have not started; each is placed at once by
 * the same rules with the last period's loads.
 *
 * Its UDP port (loadd, 1791) takes two requests, one datagram each:
 *   "RUN pid movable"  from pmrun on this machine (127.0.0.1): answered
 *                      "LOCAL why" or "PLACED host" once the job moved
 *   "STOP"             from this machine (loadd -x): it exits
 *   "IDLE pid"         from another loadd: "YES load lt" if this
 *                      machine's load is at or below its threshold, else "NO ..."
 * Every decision is a few console lines "loadd: ..." (docs/loadsharing.md),
 * each written whole, which the lab turns into one event; a migration's
 * outcome is one more line. -n decides and logs but moves nothing. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <rpc/pmap_prot.h>
#include <rpc/rpc.h>
#include <rpcsvc/rstat.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sun3lab.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loadpolicy.h"

#define LOADD_PORT 1791
#define MAXHOSTS 64
#define MAXSEEN 256

enum policy { POL_THESIS, POL_LITERAL, POL_PLACEMENT, POL_RANDOM };
static const char *policy_names[] = {"thesis", "thesis-literal", "placement", "random"};

struct host {
  char name[32];
  struct in_addr addr;
  unsigned short rstat_port; /* host order; 0: ask its port mapper */
  int alive;                 /* answered this period */
  long load;                 /* avenrun[0], LP_SCALE */
};

static struct host hosts[MAXHOSTS];
static int nhosts, self = -1;
static long period_ms = 2000, t0 = LP_SCALE, alpha = LP_SCALE / 2, maxmig = 2;
static enum policy policy = POL_THESIS;
static int dryrun, enabled;
static long lt;            /* LoadThreshold now */
static long selfload;      /* this machine's load as its rstatd last said */
static int polled;         /* a period has been polled */
static int rr = -1;        /* the host chosen last (round-robin) */
static long nperiod;       /* periods so far */
static unsigned long rnd = 1;

/* Foreign jobs and the period they were first seen here. */
static struct {
  long pid;
  long since;
} seen[MAXSEEN];
static int nseen;

/* "1.25" -> 320 (LP_SCALE); -1 if it is not a number. */
static long parse_fixed(const char *s) {
  long whole = 0, frac = 0, div = 1;
  const char *p = s;
  if (*p < '0' || *p > '9') {
    if (*p != '.') return -1;
  }
  while (*p >= '0' && *p <= '9') whole = whole * 10 + (*p++ - '0');
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9' && div < 100000) {
      frac = frac * 10 + (*p++ - '0');
      div *= 10;
    }
    while (*p >= '0' && *p <= '9') p++;
  }
  if (*p != 0 && *p != '\n') return -1;
  return whole * LP_SCALE + (frac * LP_SCALE + div / 2) / div;
}

/* 320 -> "1.25" (two decimals, as rup prints loads). */
static char *fmt(long v, char *buf) {
  long a = v < 0 ? -v : v;
  long cents = (a * 100 + LP_SCALE / 2) / LP_SCALE;
  sprintf(buf, "%s%ld.%02ld", v < 0 ? "-" : "", cents / 100, cents % 100);
  return buf;
}

static int set_policy(const char *s) {
  for (int i = 0; i < 4; i++)
    if (strcmp(s, policy_names[i]) == 0) {
      policy = (enum policy)i;
      return 0;
    }
  fprintf(stderr, "loadd: %s: no such policy (thesis, thesis-literal, placement, random)\n", s);
  return -1;
}

/* One "key value" setting, from /etc/loadd.conf or an option. */
static int setting(const char *key, const char *val) {
  long v = parse_fixed(val);
  if (strcmp(key, "policy") == 0) return set_policy(val);
  if (v < 0) {
    fprintf(stderr, "loadd: %s %s: not a number\n", key, val);
    return -1;
  }
  if (strcmp(key, "enable") == 0)
    enabled = v != 0;
  else if (strcmp(key, "period") == 0 && v >= LP_SCALE / 10)
    period_ms = v * 1000 / LP_SCALE;
  else if (strcmp(key, "t0") == 0)
    t0 = v;
  else if (strcmp(key, "alpha") == 0 && v <= LP_SCALE)
    alpha = v;
  else if (strcmp(key, "maxmig") == 0)
    maxmig = v / LP_SCALE;
  else {
    fprintf(stderr, "loadd: %s %s: unknown setting or out of range\n", key, val);
    return -1;
  }
  return 0;
}

static void read_conf(const char *path) {
  char line[128], key[32], val[64];
  FILE *f = fopen(path, "r");
  if (f == NULL) return;
  while (fgets(line, sizeof(line), f) != NULL) {
    if (line[0] == '#' || sscanf(line, "%31s %63s", key, val) != 2) continue;
    setting(key, val);
  }
  fclose(f);
}

/* /etc/pmpool: "address name" per line. Which one is this machine. */
static int read_pool(void) {
  char line[128], addr[32], name[32], me[64];
  FILE *f = fopen("/etc/pmpool", "r");
  if (f == NULL) return -1;
  gethostname(me, sizeof(me));
  while (fgets(line, sizeof(line), f) != NULL && nhosts < MAXHOSTS) {
    if (line[0] == '#' || sscanf(line, "%31s %31s", addr, name) != 2) continue;
    struct host *h = &hosts[nhosts];
    h->addr.s_addr = inet_addr(addr);
    strncpy(h->name, name, sizeof(h->name) - 1);
    if (strcmp(name, me) == 0) self = nhosts;
    nhosts++;
  }
  fclose(f);
  return self < 0 ? -1 : 0;
}

/* A UDP client of (prog, vers) at addr:port that gives up after ms. */
static CLIENT *client(struct host *h, unsigned short port, u_long prog, u_long vers, long ms) {
  struct sockaddr_in sin;
  struct timeval wait;
  int sock = RPC_ANYSOCK;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_addr = h->addr;
  sin.sin_port = htons(port);
  wait.tv_sec = ms / 1000;
  wait.tv_usec = ms % 1000 * 1000;
  return clntudp_create(&sin, prog, vers, wait, &sock);
}

/* Ask h's rstatd for its load, within ms: its port from its port
 * mapper (once), then RSTATPROC_STATS. 0 if it answered. */
static int ask_load(struct host *h, long ms) {
  struct timeval total;
  struct statstime st;
  CLIENT *cl;
  total.tv_sec = ms / 1000;
  total.tv_usec = ms % 1000 * 1000;
  if (h->rstat_port == 0) {
    struct pmap map = {RSTATPROG, RSTATVERS_TIME, IPPROTO_UDP, 0};
    u_short port = 0;
    cl = client(h, PMAPPORT, PMAPPROG, PMAPVERS, ms);
    if (cl == NULL) return -1;
    if (clnt_call(cl, PMAPPROC_GETPORT, xdr_pmap, (caddr_t)&map, xdr_u_short, (caddr_t)&port, total) !=
            RPC_SUCCESS ||
        port == 0) {
      clnt_destroy(cl);
      return -1;
    }
    clnt_destroy(cl);
    h->rstat_port = port;
  }
  cl = client(h, h->rstat_port, RSTATPROG, RSTATVERS_TIME, ms);
  if (cl == NULL) return -1;
  memset(&st, 0, sizeof(st));
  if (clnt_call(cl, RSTATPROC_STATS, xdr_void, NULL, xdr_statstime, (caddr_t)&st, total) != RPC_SUCCESS) {
    clnt_destroy(cl);
    h->rstat_port = 0; /* it may have rebooted: ask its port mapper again */
    return -1;
  }
  clnt_destroy(cl);
  h->load = st.avenrun[0];
  return 0;
}

/* Every machine's load, the round bounded by half a period. */
static void poll_loads(void) {
  long each = period_ms / 2 / nhosts;
  if (each > 1000) each = 1000;
  if (each < 50) each = 50;
  for (int i = 0; i < nhosts; i++) hosts[i].alive = ask_load(&hosts[i], each) == 0;
  if (hosts[self].alive) selfload = hosts[self].load;
  polled = 1;
}

/* LoadMin over the machines that answered (this one included). */
static int loadmin_host(void) {
  int m = -1;
  for (int i = 0; i < nhosts; i++)
    if (hosts[i].alive && (m < 0 || hosts[i].load < hosts[m].load)) m = i;
  return m;
}

/* Requests that came while loadd waited for an idle-host answer, served
 * after it (pmrun's RUN must not be lost). */
#define MAXPEND 16
static struct {
  char buf[128];
  struct sockaddr_in from;
  int len;
} pend[MAXPEND];
static int npend;

/* Milliseconds since some fixed instant. */
static long now_ms(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* The idle-host request: will h take a job? Bounded by ms. */
static int ask_idle(int s, struct host *h, long pid, long ms) {
  struct sockaddr_in to, from;
  char buf[64];
  fd_set fds;
  struct timeval tv;
  int len = sizeof(from);
  memset(&to, 0, sizeof(to));
  to.sin_family = AF_INET;
  to.sin_addr = h->addr;
  to.sin_port = htons(LOADD_PORT);
  sprintf(buf, "IDLE %ld", pid);
  if (sendto(s, buf, strlen(buf), 0, (struct sockaddr *)&to, sizeof(to)) < 0) return 0;
  tv.tv_sec = ms / 1000;
  tv.tv_usec = ms % 1000 * 1000;
  for (;;) {
    FD_ZERO(&fds);
    FD_SET(s, &fds);
    if (select(s + 1, &fds, NULL, NULL, &tv) <= 0) return 0;
    int n = recvfrom(s, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &len);
    if (n <= 0) continue;
    buf[n] = 0;
    if (from.sin_addr.s_addr != h->addr.s_addr) {
      /* Another machine's idle-host request meanwhile: this one is above
       * its threshold (it is sending work away), so no. */
      if (strncmp(buf, "IDLE", 4) == 0)
        sendto(s, "NO busy", 7, 0, (struct sockaddr *)&from, len);
      else if (npend < MAXPEND) {
        strcpy(pend[npend].buf, buf);
        pend[npend].from = from;
        pend[npend++].len = len;
      }
      continue;
    }
    return strncmp(buf, "YES", 3) == 0;
  }
}

/* The location policy: hosts at or below lt_before, round-robin after
 * the last one chosen, each asked in turn; random picks any other live
 * host and asks nothing. -1: none took it. */
static int locate(int s, long pid, long lt_before) {
  int others = 0;
  for (int i = 0; i < nhosts; i++)
    if (i != self && hosts[i].alive) others++;
  if (others == 0) return -1;
  if (policy == POL_RANDOM) {
    rnd = rnd * 1103515245 + 12345;
    int k = (int)((rnd >> 16) % others);
    for (int i = 0; i < nhosts; i++)
      if (i != self && hosts[i].alive && k-- == 0) return i;
  }
  /* Asking is bounded by half a period in all, so that loadd keeps its period. */
  long end = now_ms() + period_ms / 2;
  for (int step = 1; step <= nhosts; step++) {
    int i = ((rr < 0 ? self : rr) + step) % nhosts;
    long left = end - now_ms();
    if (i == self || !hosts[i].alive || hosts[i].load > lt_before) continue;
    if (!dryrun && left <= 0) break;
    if (dryrun || ask_idle(s, &hosts[i], pid, left < 300 ? left : 300)) {
      rr = i;
      return i;
    }
  }
  return -1;
}

/* One console line with one write(): the terminal puts up to OBUFSIZ (100)
 * bytes of a write into its output queue at once, so a line this short is
 * never cut by another process's output (docs/loadsharing.md). */
#define LINEMAX 100
static void put_line(const char *line) {
  write(1, line, strlen(line));
}

/* A decision as console lines, which the lab makes one `loadd` event of
 * (docs/loadsharing.md); loads and thresholds in 1/256, as rstatd gives them:
 *   loadd: KIND N ACTION [pid P] [to HOST] self S min M@HOST lt A>B region R loads COUNT
 *   loadd: N loads NAME=L NAME=L ...         (as many lines as the pool needs)
 * (L is -1 for a machine that did not answer this period; COUNT tells the
 * reader when it has every machine's load). */
static void log_decision(const char *kind, long pid, int lm, long lt_before, long lt_after, int region,
                         const char *act, int to) {
  char line[LINEMAX + 64], item[48], head[24];
  int n = sprintf(line, "loadd: %s %ld %s", kind, nperiod, act);
  if (pid > 0) n += sprintf(line + n, " pid %ld", pid);
  if (to >= 0) n += sprintf(line + n, " to %s", hosts[to].name);
  sprintf(line + n, " self %ld min %ld@%s lt %ld>%ld region %d loads %d\n", selfload,
          lm >= 0 ? hosts[lm].load : -1L, lm >= 0 ? hosts[lm].name : "-", lt_before, lt_after, region, nhosts);
  put_line(line);
  n = sprintf(head, "loadd: %ld loads", nperiod);
  strcpy(line, head);
  for (int i = 0; i < nhosts; i++) {
    int k = sprintf(item, " %s=%ld", hosts[i].name, hosts[i].alive ? hosts[i].load : -1L);
    if (n + k + 1 > LINEMAX) {
      strcpy(line + n, "\n");
      put_line(line);
      n = sprintf(line, "%s", head);
    }
    strcpy(line + n, item);
    n += k;
  }
  strcpy(line + n, "\n");
  put_line(line);
}

/* Migrations under way, one child of loadd each: pm_migrate can take as
 * long as its connection's timeout, and loadd must keep its period. */
#define MAXFLIGHT 4
static struct {
  int child;
  long pid;
} flight[MAXFLIGHT];
static int nflight;

static int in_flight(long pid) {
  for (int i = 0; i < nflight; i++)
    if (flight[i].pid == pid) return 1;
  return 0;
}

/* Collect the children whose migrations are over. */
static void reap(void) {
  int st, c;
  while ((c = waitpid(-1, &st, WNOHANG)) > 0)
    for (int i = 0; i < nflight; i++)
      if (flight[i].child == c) {
        flight[i] = flight[--nflight];
        break;
      }
}

/* Migrate pid to host `to` in a child, which prints how it went
 * ("loadd: N moved pid P to HOST" or "... failed E") and, for a job pmrun
 * registered, answers pmrun at *from. */
static void start_move(int s, long pid, int to, struct sockaddr_in *from, int fromlen) {
  char line[LINEMAX], answer[48];
  int c = fork();
  if (c == 0) {
    int r = pm_migrate((int)pid, hosts[to].addr.s_addr), e = errno;
    if (r < 0) {
      sprintf(line, "loadd: %ld moved pid %ld to %s failed %d\n", nperiod, pid, hosts[to].name, e);
      sprintf(answer, "LOCAL failed-%d", e);
    } else {
      sprintf(line, "loadd: %ld moved pid %ld to %s\n", nperiod, pid, hosts[to].name);
      sprintf(answer, "PLACED %s", hosts[to].name);
    }
    put_line(line);
    if (from != NULL) sendto(s, answer, strlen(answer), 0, (struct sockaddr *)from, fromlen);
    _exit(r < 0);
  }
  if (c < 0) {
    sprintf(line, "loadd: %ld moved pid %ld to %s failed %d\n", nperiod, pid, hosts[to].name, errno);
    put_line(line);
    if (from != NULL) sendto(s, "LOCAL no-fork", 13, 0, (struct sockaddr *)from, fromlen);
    return;
  }
  flight[nflight].child = c;
  flight[nflight++].pid = pid;
}

/* Move pid to a host that takes it; the decision is logged, the move made
 * by a child (start_move), which answers *from if it is not NULL.
 * Returns the host or -1 (then nobody has answered *from). */
static int transfer(int s, const char *kind, long pid, int lm, long lt_before, long lt_after, int region,
                    struct sockaddr_in *from, int fromlen) {
  if (!dryrun && nflight == MAXFLIGHT) {
    log_decision(kind, pid, lm, lt_before, lt_after, region, "busy", -1);
    return -1;
  }
  int to = locate(s, pid, lt_before);
  if (to < 0) {
    log_decision(kind, pid, lm, lt_before, lt_after, region, "refused", -1);
    return -1;
  }
  log_decision(kind, pid, lm, lt_before, lt_after, region, dryrun ? "would-migrate" : "migrate", to);
  if (dryrun) return -1;
  start_move(s, pid, to, from, fromlen);
  return to;
}

static int daemon_name(const char *comm) {
  static const char *names[] = {"sh", "csh", "init", "loadd", "migd", "inetd", "update", "getty", "login",
                                "pmrun", "portmap", "rpc.rstatd", "rpc.mountd", "nfsd", "biod", NULL};
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp(comm, names[i]) == 0) return 1;
  return 0;
}

/* The selection policy for the period: a foreign job that has been here
 * a whole period, has moved fewer than K times and that the kernel does
 * not call unmovable (pminfo's PMI_UNMOVABLE: a pipe, a socket, a file of
 * this disk ...), the longest here first (under heavy-tailed lifetimes
 * the oldest has the most left to run). */
static long select_foreign(void) {
  static struct pminfo pm[64];
  int n = pminfo(pm, 64), k, w = 0;
  long best = -1, bestsince = 0;
  for (int i = 0; i < n; i++) {
    if (pm[i].pm_home == hosts[self].addr.s_addr || pm[i].pm_host != hosts[self].addr.s_addr) continue;
    if (daemon_name(pm[i].pm_comm) || pm[i].pm_hops >= maxmig || in_flight(pm[i].pm_pid)) continue;
    for (k = 0; k < nseen && seen[k].pid != pm[i].pm_pid; k++) continue;
    if (k == nseen && nseen < MAXSEEN) {
      seen[nseen].pid = pm[i].pm_pid;
      seen[nseen++].since = nperiod;
      continue; /* arrived within this period */
    }
    if (k == nseen || seen[k].since >= nperiod) continue;
    if (pm[i].pm_flags & PMI_UNMOVABLE) continue; /* pm_migrate would refuse it: not a candidate */
    if (best < 0 || seen[k].since < bestsince) {
      best = pm[i].pm_pid;
      bestsince = seen[k].since;
    }
  }
  /* Forget the jobs that are gone. */
  for (k = 0; k < nseen; k++) {
    int here = 0;
    for (int i = 0; i < n; i++) here |= pm[i].pm_pid == seen[k].pid;
    if (here) seen[w++] = seen[k];
  }
  nseen = w;
  return best;
}

static void period(int s) {
  nperiod++;
  poll_loads();
  int lm = loadmin_host();
  long before = lt;
  if (lm < 0 || !hosts[self].alive) {
    log_decision("period", 0, lm, before, before, 0, "no-data", -1);
    return;
  }
  struct lp_decision d = lp_decide(selfload, hosts[lm].load, lt, t0, alpha, policy == POL_LITERAL);
  if (policy != POL_RANDOM) lt = d.lt_after;
  long pid = d.migrate && policy != POL_PLACEMENT ? select_foreign() : (select_foreign(), -1);
  if (d.migrate && pid > 0)
    transfer(s, "period", pid, lm, before, lt, d.region, NULL, 0);
  else
    log_decision("period", 0, lm, before, lt, d.region, d.migrate ? "no-candidate" : "stay", -1);
}

/* A job pmrun registered: place it now with the last period's loads.
 * Returns 1 if a child migrating it will answer pmrun, else 0 and the
 * answer is in answer. */
static int place(int s, long pid, int movable, char *answer, struct sockaddr_in *from, int fromlen) {
  int lm = loadmin_host();
  if (!polled || lm < 0) {
    log_decision("place", pid, lm, lt, lt, 0, "no-data", -1);
    strcpy(answer, "LOCAL no-loads");
    return 0;
  }
  struct lp_decision d = lp_decide(selfload, hosts[lm].load, lt, t0, alpha, policy == POL_LITERAL);
  if (!d.migrate) {
    log_decision("place", pid, lm, lt, lt, d.region, "stay", -1);
    strcpy(answer, "LOCAL below-threshold");
    return 0;
  }
  if (!movable) {
    log_decision("place", pid, lm, lt, lt, d.region, "unmovable", -1);
    strcpy(answer, "LOCAL unmovable");
    return 0;
  }
  if (transfer(s, "place", pid, lm, lt, lt, d.region, from, fromlen) >= 0) return 1;
  strcpy(answer, "LOCAL no-host");
  return 0;
}

/* One request (see the top of this file). */
static void handle(int s, char *buf, struct sockaddr_in *from, int len) {
  char answer[64];
  long pid;
  int movable;
  int local = from->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
  if (sscanf(buf, "RUN %ld %d", &pid, &movable) == 2 && local) {
    if (place(s, pid, movable, answer, from, len)) return; /* the migrating child answers */
  } else if (strcmp(buf, "STOP") == 0 && local) {
    sendto(s, "STOPPED", 7, 0, (struct sockaddr *)from, len);
    printf("loadd: %s: stopped\n", hosts[self].name);
    exit(0);
  } else if (strncmp(buf, "IDLE", 4) == 0) {
    char a[16], b[16];
    int yes = polled && hosts[self].alive && selfload <= lt;
    sprintf(answer, "%s %s %s", yes ? "YES" : "NO", fmt(selfload, a), fmt(lt, b));
  } else
    return;
  sendto(s, answer, strlen(answer), 0, (struct sockaddr *)from, len);
}

static void serve(int s) {
  char buf[128];
  struct sockaddr_in from;
  int len = sizeof(from);
  int n = recvfrom(s, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &len);
  if (n <= 0) return;
  buf[n] = 0;
  handle(s, buf, &from, len);
}

/* -T: "self loadmin lt t0 alpha literal" per line -> "= migrate region lt_after". */
static int vectors(void) {
  long a[6];
  char line[128];
  while (fgets(line, sizeof(line), stdin) != NULL) {
    if (sscanf(line, "%ld %ld %ld %ld %ld %ld", &a[0], &a[1], &a[2], &a[3], &a[4], &a[5]) != 6) continue;
    struct lp_decision d = lp_decide(a[0], a[1], a[2], a[3], a[4], (int)a[5]);
    printf("= %d %d %ld\n", d.migrate, d.region, d.lt_after);
  }
  return 0;
}

/* -x: stop the loadd running here, if one answers; 1 if it did. */
static int stop_running(void) {
  struct sockaddr_in sin;
  char buf[16];
  fd_set fds;
  struct timeval tv = {1, 0};
  int s = socket(AF_INET, SOCK_DGRAM, 0), n = 0;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_port = htons(LOADD_PORT);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (s < 0 || connect(s, (struct sockaddr *)&sin, sizeof(sin)) < 0 || send(s, "STOP", 4, 0) < 0) return 0;
  FD_ZERO(&fds);
  FD_SET(s, &fds);
  if (select(s + 1, &fds, NULL, NULL, &tv) > 0) n = recv(s, buf, sizeof(buf), 0);
  close(s);
  return n > 0;
}

static void usage(void) {
  fprintf(stderr, "usage: loadd [-n] [-b] [-x] [-f conf] [-p policy] [-a alpha] [-t t0] [-P secs] [-k K] | -T\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *conf = "/etc/loadd.conf";
  int c, boot = 0, toggle = 0;
  for (int i = 1; i < argc - 1; i++)
    if (strcmp(argv[i], "-f") == 0) conf = argv[i + 1];
  read_conf(conf);
  while ((c = getopt(argc, argv, "nbxTf:p:a:t:P:k:")) != -1) {
    switch (c) {
    case 'n': dryrun = 1; break;
    case 'b': boot = 1; break;
    case 'x': toggle = 1; break;
    case 'T': return vectors();
    case 'f': break;
    case 'p': if (set_policy(optarg) < 0) usage(); break;
    case 'a': if (setting("alpha", optarg) < 0) usage(); break;
    case 't': if (setting("t0", optarg) < 0) usage(); break;
    case 'P': if (setting("period", optarg) < 0) usage(); break;
    case 'k': if (setting("maxmig", optarg) < 0) usage(); break;
    default: usage();
    }
  }
  if (boot && !enabled) return 1; /* /etc/rc: only if loadd.conf says "enable 1" */
  if (toggle && stop_running()) return 0; /* -x: stop the one running, or start */
  if (read_pool() < 0) {
    fprintf(stderr, "loadd: this machine is not in /etc/pmpool\n");
    return 1;
  }
  lt = t0;
  rr = self;
  rnd = (unsigned long)hosts[self].addr.s_addr;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in sin;
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_port = htons(LOADD_PORT);
  if (s < 0 || bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
    perror("loadd: bind");
    return 1;
  }
  if (!dryrun) {
    pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid > 0) return 0;
    signal(SIGHUP, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
  }
  char a[16], b[16];
  printf("loadd: %s: policy %s, t0 %s, alpha %s, period %ld ms, at most %ld migrations a job%s\n",
         hosts[self].name, policy_names[policy], fmt(t0, a), fmt(alpha, b), period_ms, maxmig,
         dryrun ? ", dry run" : "");
  fflush(stdout);
  struct timeval next, now;
  gettimeofday(&next, NULL);
  for (;;) {
    reap();
    while (npend > 0) {
      /* handle() may ask an idle host and so queue more: take one off first. */
      char buf[128];
      struct sockaddr_in from = pend[0].from;
      int len = pend[0].len;
      strcpy(buf, pend[0].buf);
      memmove(&pend[0], &pend[1], (size_t)(--npend) * sizeof(pend[0]));
      handle(s, buf, &from, len);
    }
    gettimeofday(&now, NULL);
    long wait = (next.tv_sec - now.tv_sec) * 1000 + (next.tv_usec - now.tv_usec) / 1000;
    if (wait <= 0) {
      period(s);
      next.tv_usec += period_ms % 1000 * 1000;
      next.tv_sec += period_ms / 1000 + next.tv_usec / 1000000;
      next.tv_usec %= 1000000;
      continue;
    }
    fd_set fds;
    struct timeval tv = {wait / 1000, wait % 1000 * 1000};
    FD_ZERO(&fds);
    FD_SET(s, &fds);
    if (select(s + 1, &fds, NULL, NULL, &tv) > 0) serve(s);
  }
}
