/* Garbage for the RPC daemons: portmap, rpc.mountd, rpc.rstatd and the
 * kernel's NFS server (nfsd: UDP only, where it runs) get
 * calls that are not calls, calls of another RPC version, credentials
 * that are too long or do not decode, procedures they have not, arguments
 * cut short or random, over UDP and TCP (records whose headers lie, cut
 * off halfway). Each must answer what can be answered with the RPC error
 * it calls for — and go on: afterwards each daemon still answers, and
 * the port mapper's map is what it was.
 *
 *   rpcfuzz [-n CASES] [-s SEED] [host]
 *
 * The host is this machine by default (the daemons are started if they
 * are not running). Case k of seed s is always the same. */
#include <errno.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <rpcsvc/mount.h>
#include <rpcsvc/rstat.h>
#include <netdb.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* (Only fuzz.h's numbers are used here, not its process supervision.) */
#pragma GCC diagnostic ignored "-Wunused-function"
#include "fuzz.h"
#include "rpctest.h"

struct target {
  char *name;
  u_long prog, vers;
  u_long nprocs;  /* procedures 0 .. nprocs-1 exist */
  u_short port[2]; /* UDP, TCP (0: none) */
};

static struct target targets[] = {
  {"portmap", PMAPPROG, PMAPVERS, 6, {0, 0}},
  {"mountd", MOUNTPROG, MOUNTVERS, 7, {0, 0}},
  {"rstatd", RSTATPROG, RSTATVERS_TIME, 3, {0, 0}},
  {"nfsd", 100003, 2, 18, {0, 0}}, /* procedures 0-17 (ROOT and WRITECACHE answer PROC_UNAVAIL) */
};
#define NTARGETS 4
#define NFSD 3 /* the one target that may be missing: a machine that serves no NFS */
static int ntargets = NTARGETS;

static struct sockaddr_in server;
static int answered, expected_right, expected_wrong, silent;

/* What a case expects back. */
enum expect { ANY, MISMATCH, BADCRED, NOPROC, NOTHING };

static char msg[1200];
static int len;

static void put(u_long v) {
  v = htonl(v);
  memcpy(msg + len, &v, 4);
  len += 4;
}

static void put_random(int n) {
  for (int i = 0; i < n && len < (int)sizeof(msg); i++) msg[len++] = (char)fz_rand();
}

/* A good AUTH_UNIX credential. */
static void put_unix_cred(void) {
  put(AUTH_UNIX);
  put(24);
  put(0);                                     /* stamp */
  put(4);                                     /* machine name */
  memcpy(msg + len, "fuzz", 4);
  len += 4;
  put(0);                                     /* uid */
  put(0);                                     /* gid */
  put(0);                                     /* no gids */
}

/* Case k: a message for target t, and what it must get back. */
static enum expect make_case(struct target *t, u_long xid) {
  unsigned kind = fz_below(8);
  len = 0;
  put(xid);
  switch (kind) {
  case 0: /* anything at all */
    len = 0;
    put_random(fz_below(300));
    return ANY;
  case 1: /* not a call */
    put(REPLY);
    put_random(fz_below(100));
    return NOTHING;
  case 2: /* another RPC version */
    put(CALL);
    put(3 + fz_below(5));
    put(t->prog);
    put(t->vers);
    put(0);
    put_random(fz_below(60));
    return MISMATCH;
  case 3: /* a credential longer than 400 bytes */
    put(CALL);
    put(2);
    put(t->prog);
    put(t->vers);
    put(fz_below(t->nprocs));
    put(AUTH_UNIX);
    put(401 + fz_below(10000));
    put_random(fz_below(500));
    return BADCRED;
  case 4: /* an AUTH_UNIX credential of random bytes, its machine name too long */
    put(CALL);
    put(2);
    put(t->prog);
    put(t->vers);
    put(0);
    put(AUTH_UNIX);
    put(40);
    put(fz_rand());
    put(256 + fz_below(100000));
    put_random(32);
    put(AUTH_NULL);
    put(0);
    return BADCRED;
  case 5: /* a procedure it has not */
    put(CALL);
    put(2);
    put(t->prog);
    put(t->vers);
    put(t->nprocs + fz_below(1000));
    put_unix_cred();
    put(AUTH_NULL);
    put(0);
    put_random(fz_below(40));
    return NOPROC;
  default: /* a procedure it has, with random or cut-off arguments */
    put(CALL);
    put(2);
    put(t->prog);
    put(t->vers);
    put(1 + fz_below(t->nprocs - 1));
    put_unix_cred();
    put(AUTH_NULL);
    put(0);
    put_random(fz_below(4) == 0 ? fz_below(1000) : fz_below(12));
    return ANY;
  }
}

/* Does the reply say what was expected? */
static int reply_is(char *r, int n, u_long xid, enum expect e) {
  u_long w[6];
  if (n < 12) return 0;
  memcpy(w, r, n < 24 ? n : 24);
  for (int i = 0; i < 6; i++) w[i] = ntohl(w[i]);
  if (w[0] != xid || w[1] != REPLY) return 0;
  switch (e) {
  case MISMATCH:
    return n == 24 && w[2] == MSG_DENIED && w[3] == RPC_MISMATCH && w[4] == 2 && w[5] == 2;
  case BADCRED:
    return n == 20 && w[2] == MSG_DENIED && w[3] == AUTH_ERROR && w[4] == AUTH_BADCRED;
  case NOPROC:
    return n == 24 && w[2] == MSG_ACCEPTED && w[5] == PROC_UNAVAIL;
  default:
    return 1;
  }
}

static void judge(enum expect e, char *r, int n, u_long xid) {
  if (n > 0) answered++;
  if (e == ANY) return;
  if (e == NOTHING ? n <= 0 : reply_is(r, n, xid, e))
    expected_right++;
  else
    expected_wrong++;
  if (n <= 0) silent++;
}

static void udp_case(int s, struct target *t, u_long xid) {
  struct sockaddr_in to = server;
  char r[9000];
  enum expect e = make_case(t, xid);
  int n = -1;
  to.sin_port = htons(t->port[0]);
  sendto(s, msg, len, 0, (struct sockaddr *)&to, sizeof(to));
  /* A reply comes at once if it comes; wait longer for those that must come. */
  for (long until = now_ms() + (e == ANY || e == NOTHING ? 150 : 3000); now_ms() < until;) {
    fd_set fds;
    struct timeval tv = {0, 20000};
    FD_ZERO(&fds);
    FD_SET(s, &fds);
    if (select(s + 1, &fds, NULL, NULL, &tv) <= 0) continue;
    n = recv(s, r, sizeof(r), 0);
    if (n >= 4 && memcmp(r, msg, 4) == 0) break; /* (an answer to an earlier case: read on) */
    n = -1;
  }
  judge(e, r, n, xid);
}

/* Over TCP: the message as a record, or a record whose header lies, or
 * half a record; each on a connection of its own. */
static void tcp_case(struct target *t, u_long xid) {
  struct sockaddr_in to = server;
  char r[9000];
  u_long hdr;
  int s = socket(AF_INET, SOCK_STREAM, 0), n = -1, got = 0;
  unsigned how = fz_below(4);
  enum expect e = make_case(t, xid);
  to.sin_port = htons(t->port[1]);
  if (connect(s, (struct sockaddr *)&to, sizeof(to)) < 0) {
    close(s);
    return;
  }
  hdr = htonl(how == 1 ? 0x7fffffff : 0x80000000 | (u_long)len);
  write(s, &hdr, 4);
  write(s, msg, how == 2 ? len / 2 : len);
  if (how != 0 || e == NOTHING) e = ANY;
  if (how == 3) shutdown(s, 1);
  /* The reply, after its record header. */
  for (long until = now_ms() + (e == ANY ? 150 : 3000); now_ms() < until && how != 2;) {
    fd_set fds;
    struct timeval tv = {0, 20000};
    FD_ZERO(&fds);
    FD_SET(s, &fds);
    if (select(s + 1, &fds, NULL, NULL, &tv) <= 0) continue;
    int k = read(s, r + got, sizeof(r) - got);
    if (k <= 0) break;
    got += k;
    if (got >= 4 && got >= 4 + (int)(ntohl(*(u_long *)r) & 0x7fffffff)) break;
  }
  if (got > 4) {
    memmove(r, r + 4, got - 4);
    n = got - 4;
  }
  close(s);
  judge(e, r, n, xid);
}

static int still_answers(struct target *t, char *proto) {
  struct sockaddr_in sin = server;
  struct timeval wait = {1, 0}, total = {10, 0};
  int sock = RPC_ANYSOCK;
  CLIENT *cl;
  enum clnt_stat st;
  sin.sin_port = htons(t->port[strcmp(proto, "tcp") == 0]);
  cl = strcmp(proto, "tcp") == 0 ? clnttcp_create(&sin, t->prog, t->vers, &sock, 0, 0)
                                 : clntudp_create(&sin, t->prog, t->vers, wait, &sock);
  if (cl == NULL) return 0;
  st = clnt_call(cl, NULLPROC, xdr_void, NULL, xdr_void, NULL, total);
  clnt_destroy(cl);
  return st == RPC_SUCCESS;
}

int main(int argc, char **argv) {
  int c, cases = 300, s, on = 1;
  unsigned seed = 1;
  char *host = "localhost";
  struct hostent *h;
  while ((c = getopt(argc, argv, "n:s:")) != -1) {
    if (c == 'n') cases = atoi(optarg);
    else if (c == 's') seed = (unsigned)strtoul(optarg, NULL, 0);
    else {
      fprintf(stderr, "usage: rpcfuzz [-n cases] [-s seed] [host]\n");
      return 1;
    }
  }
  if (optind < argc) host = argv[optind];
  not_process_1();
  if (strcmp(host, "localhost") == 0) rpc_machine();
  h = gethostbyname(host);
  if (h == NULL) {
    fprintf(stderr, "rpcfuzz: %s: unknown host\n", host);
    return 1;
  }
  memset(&server, 0, sizeof(server));
  server.sin_family = AF_INET;
  memcpy(&server.sin_addr, h->h_addr, 4);
  for (int i = 0; i < NTARGETS; i++) {
    struct sockaddr_in sin = server;
    targets[i].port[0] = pmap_getport(&sin, targets[i].prog, targets[i].vers, IPPROTO_UDP);
    sin = server;
    targets[i].port[1] = pmap_getport(&sin, targets[i].prog, targets[i].vers, IPPROTO_TCP);
    if (i == NFSD && targets[i].port[0] == 0) {
      ntargets = NFSD;
      printf("rpcfuzz: no nfsd on %s\n", host);
      break;
    }
    CHECK(targets[i].port[0] != 0, "%s is registered on %s (udp %d, tcp %d)", targets[i].name, host,
          targets[i].port[0], targets[i].port[1]);
  }
  s = socket(AF_INET, SOCK_DGRAM, 0);
  ioctl(s, FIONBIO, &on);
  for (int k = 0; k < cases; k++) {
    struct target *t;
    fz_case(seed, k);
    t = &targets[fz_below(ntargets)];
    if (t->port[1] != 0 && fz_below(4) == 0)
      tcp_case(t, 0x5a000000 + k);
    else
      udp_case(s, t, 0x5a000000 + k);
  }
  close(s);
  printf("rpcfuzz: %d cases, %d answered; %d of %d whose answer is known got it (%d of those silent)\n", cases,
         answered, expected_right, expected_right + expected_wrong, silent);
  CHECK(expected_wrong == 0, "every call that calls for an RPC error got it (%d did not)", expected_wrong);
  CHECK(expected_right > cases / 4, "... and there were many (%d)", expected_right);
  for (int i = 0; i < ntargets; i++) {
    struct sockaddr_in sin = server;
    CHECK(still_answers(&targets[i], "udp"), "%s still answers over udp", targets[i].name);
    if (targets[i].port[1] != 0) CHECK(still_answers(&targets[i], "tcp"), "%s still answers over tcp", targets[i].name);
    CHECK(pmap_getport(&sin, targets[i].prog, targets[i].vers, IPPROTO_UDP) == targets[i].port[0],
          "the port mapper still has %s where it was", targets[i].name);
  }
  return DONE("rpcfuzz");
}
