/* rcount - a remote counter: the RPC example of docs/rpc.md, a server
 * and its client in one program.
 *
 *   rcount -s [-c] [-v]          serve the counter (in the foreground: use &)
 *   rcount [-t] [-n N] [-r MS] host
 *                                ask host's server who we are, add 1 to
 *                                the counter N times (1), and read it
 *
 * The protocol, program 0x20000099 version 1 (a number from the range
 * RFC 1057 leaves to users, 0x20000000-0x3fffffff):
 *
 *   0 NULL ()      -> ()
 *   1 ADD  (int)   -> long, the counter after adding
 *   2 GET  ()      -> long, the counter
 *   3 WHO  ()      -> who: the caller as the server saw it
 *
 * ADD is not idempotent: done twice, it adds twice. Over UDP a call is
 * sent again when its reply is lost, so the server keeps its last replies
 * (-c: svcudp_enablecache) and answers a call it has seen with the same
 * reply instead of adding again. -v prints each call the server serves.
 * The client uses UDP (-t: TCP) with AUTH_UNIX credentials, a retry wait
 * of MS milliseconds (5000) and 60 seconds in all for each call. */
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RCOUNT_PROG ((u_long)0x20000099)
#define RCOUNT_VERS ((u_long)1)
#define RCOUNT_ADD ((u_long)1)
#define RCOUNT_GET ((u_long)2)
#define RCOUNT_WHO ((u_long)3)

/* WHO's answer: the caller's credentials as the server decoded them. */
struct who {
  int flavor;    /* AUTH_NULL, AUTH_UNIX... */
  char *machine; /* AUTH_UNIX's machine name */
  int uid, gid;
  u_int ngids;
  int *gids;
};

/* The XDR of struct who: each field in turn, both ways. */
bool_t xdr_who(XDR *xdrs, struct who *w) {
  return xdr_int(xdrs, &w->flavor) && xdr_string(xdrs, &w->machine, MAX_MACHINE_NAME) &&
         xdr_int(xdrs, &w->uid) && xdr_int(xdrs, &w->gid) &&
         xdr_array(xdrs, (caddr_t *)&w->gids, &w->ngids, NGRPS, sizeof(int), xdr_int);
}

/* ---- the server ---- */

static long counter;
static int verbose;

/* The dispatch routine: one call, answered. */
static void rcount_prog(struct svc_req *rq, SVCXPRT *xprt) {
  int delta;
  struct who w;
  struct authunix_parms *cred = (struct authunix_parms *)rq->rq_clntcred;

  if (verbose)
    printf("rcount: procedure %lu from %s uid %d\n", rq->rq_proc,
           rq->rq_cred.oa_flavor == AUTH_UNIX ? cred->aup_machname : "?",
           rq->rq_cred.oa_flavor == AUTH_UNIX ? cred->aup_uid : -1);
  switch (rq->rq_proc) {
  case NULLPROC:
    svc_sendreply(xprt, xdr_void, NULL);
    return;
  case RCOUNT_ADD:
    if (!svc_getargs(xprt, xdr_int, &delta)) {
      svcerr_decode(xprt);
      return;
    }
    counter += delta;
    svc_sendreply(xprt, xdr_long, (caddr_t)&counter);
    return;
  case RCOUNT_GET:
    svc_sendreply(xprt, xdr_long, (caddr_t)&counter);
    return;
  case RCOUNT_WHO:
    memset(&w, 0, sizeof(w));
    w.flavor = rq->rq_cred.oa_flavor;
    w.machine = "";
    if (w.flavor == AUTH_UNIX) {
      w.machine = cred->aup_machname;
      w.uid = cred->aup_uid;
      w.gid = cred->aup_gid;
      w.ngids = cred->aup_len;
      w.gids = cred->aup_gids;
    }
    svc_sendreply(xprt, xdr_who, (caddr_t)&w);
    return;
  default:
    svcerr_noproc(xprt);
    return;
  }
}

static int serve(int cache) {
  SVCXPRT *udp = svcudp_create(RPC_ANYSOCK);
  SVCXPRT *tcp = svctcp_create(RPC_ANYSOCK, 0, 0);
  if (udp == NULL || tcp == NULL) {
    fprintf(stderr, "rcount: cannot create the transports\n");
    return 1;
  }
  if (cache && !svcudp_enablecache(udp, 64)) {
    fprintf(stderr, "rcount: cannot keep replies\n");
    return 1;
  }
  /* Register with the port mapper, forgetting any server of ours before. */
  pmap_unset(RCOUNT_PROG, RCOUNT_VERS);
  if (!svc_register(udp, RCOUNT_PROG, RCOUNT_VERS, rcount_prog, IPPROTO_UDP) ||
      !svc_register(tcp, RCOUNT_PROG, RCOUNT_VERS, rcount_prog, IPPROTO_TCP)) {
    fprintf(stderr, "rcount: cannot register\n");
    return 1;
  }
  printf("rcount: serving on udp port %d and tcp port %d%s\n", udp->xp_port, tcp->xp_port,
         cache ? ", keeping replies" : "");
  fflush(stdout);
  svc_run(); /* for ever */
  return 1;
}

/* ---- the client ---- */

static int client(char *host, char *proto, int n, int retry_ms) {
  struct timeval total = {60, 0}, retry;
  CLIENT *cl;
  struct who w;
  long value = 0;
  int one = 1;

  cl = clnt_create(host, RCOUNT_PROG, RCOUNT_VERS, proto);
  if (cl == NULL) {
    clnt_pcreateerror(host);
    return 1;
  }
  auth_destroy(cl->cl_auth);
  cl->cl_auth = authunix_create_default(); /* tell the server who we are */
  retry.tv_sec = retry_ms / 1000;
  retry.tv_usec = retry_ms % 1000 * 1000;
  clnt_control(cl, CLSET_RETRY_TIMEOUT, &retry); /* (UDP only: TCP refuses it) */

  memset(&w, 0, sizeof(w));
  if (clnt_call(cl, RCOUNT_WHO, xdr_void, NULL, xdr_who, &w, total) != RPC_SUCCESS) {
    clnt_perror(cl, "rcount: WHO");
    return 1;
  }
  printf("rcount: %s saw flavor %d, machine %s, uid %d, gid %d, %u groups\n", host, w.flavor, w.machine, w.uid,
         w.gid, w.ngids);
  clnt_freeres(cl, xdr_who, &w);

  for (int i = 0; i < n; i++) {
    if (clnt_call(cl, RCOUNT_ADD, xdr_int, &one, xdr_long, &value, total) != RPC_SUCCESS) {
      clnt_perror(cl, "rcount: ADD");
      return 1;
    }
    printf("rcount: add 1 -> %ld\n", value);
  }
  if (clnt_call(cl, RCOUNT_GET, xdr_void, NULL, xdr_long, &value, total) != RPC_SUCCESS) {
    clnt_perror(cl, "rcount: GET");
    return 1;
  }
  printf("rcount: total %ld\n", value);
  auth_destroy(cl->cl_auth);
  clnt_destroy(cl);
  return 0;
}

int main(int argc, char **argv) {
  int c, server = 0, cache = 0, n = 1, retry_ms = 5000;
  char *proto = "udp";
  while ((c = getopt(argc, argv, "scvtn:r:")) != -1) {
    switch (c) {
    case 's':
      server = 1;
      break;
    case 'c':
      cache = 1;
      break;
    case 'v':
      verbose = 1;
      break;
    case 't':
      proto = "tcp";
      break;
    case 'n':
      n = atoi(optarg);
      break;
    case 'r':
      retry_ms = atoi(optarg);
      break;
    default:
      goto usage;
    }
  }
  if (server) return serve(cache);
  if (optind == argc - 1) return client(argv[optind], proto, n, retry_ms);
usage:
  fprintf(stderr, "usage: rcount -s [-c] [-v] | rcount [-t] [-n N] [-r ms] host\n");
  return 1;
}
