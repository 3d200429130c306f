/* The server side's core (SunOS 4's svc.c): the transports svc_run
 * waits on, the table of programs and versions with their dispatch
 * routines, and the dispatch of each call.
 *
 * svc_getreqset takes the calls waiting on the sockets select found
 * readable. For each call it checks the credentials (_authenticate),
 * finds the dispatch routine registered for the program and version and
 * calls it; the routine answers with svc_sendreply or an svcerr_*.
 * A call for a program nobody registered gets PROG_UNAVAIL, for a
 * version of it that is not here PROG_MISMATCH with the versions that
 * are, and a refused credential MSG_DENIED with the reason. */
#include <errno.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc_private.h"

/* The transports by socket. */
static SVCXPRT **xports;
static int nxports;
fd_set svc_fdset;

/* The programs and versions served. */
struct svc_callout {
  struct svc_callout *sc_next;
  u_long sc_prog;
  u_long sc_vers;
  void (*sc_dispatch)();
};
static struct svc_callout *svc_head;

void xprt_register(SVCXPRT *xprt) {
  int sock = xprt->xp_sock;
  if (xports == NULL) {
    nxports = getdtablesize();
    if (nxports > FD_SETSIZE) nxports = FD_SETSIZE;
    xports = mem_alloc(nxports * sizeof(SVCXPRT *));
    if (xports == NULL) return;
    memset(xports, 0, nxports * sizeof(SVCXPRT *));
  }
  if (sock < 0 || sock >= nxports) return;
  xports[sock] = xprt;
  FD_SET(sock, &svc_fdset);
}

void xprt_unregister(SVCXPRT *xprt) {
  int sock = xprt->xp_sock;
  if (xports == NULL || sock < 0 || sock >= nxports || xports[sock] != xprt) return;
  xports[sock] = NULL;
  FD_CLR(sock, &svc_fdset);
}

static struct svc_callout *svc_find(u_long prog, u_long vers, struct svc_callout **prev) {
  struct svc_callout *s, *p = NULL;
  for (s = svc_head; s != NULL; p = s, s = s->sc_next)
    if (s->sc_prog == prog && s->sc_vers == vers) break;
  *prev = p;
  return s;
}

bool_t svc_register(SVCXPRT *xprt, u_long prog, u_long vers, void (*dispatch)(), int protocol) {
  struct svc_callout *prev, *s = svc_find(prog, vers, &prev);
  if (s != NULL) {
    if (s->sc_dispatch != dispatch) return FALSE; /* another routine has it */
  } else {
    s = mem_alloc(sizeof(*s));
    if (s == NULL) return FALSE;
    s->sc_prog = prog;
    s->sc_vers = vers;
    s->sc_dispatch = dispatch;
    s->sc_next = svc_head;
    svc_head = s;
  }
  if (protocol != 0) return pmap_set(prog, vers, protocol, xprt->xp_port);
  return TRUE;
}

void svc_unregister(u_long prog, u_long vers) {
  struct svc_callout *prev, *s = svc_find(prog, vers, &prev);
  if (s == NULL) return;
  if (prev == NULL)
    svc_head = s->sc_next;
  else
    prev->sc_next = s->sc_next;
  mem_free(s, sizeof(*s));
  (void)pmap_unset(prog, vers);
}

/* Reply with an accepted reply of status stat (with the versions for PROG_MISMATCH). */
static bool_t accepted(SVCXPRT *xprt, enum accept_stat stat, u_long low, u_long high) {
  struct rpc_msg rply;
  rply.rm_direction = REPLY;
  rply.rm_reply.rp_stat = MSG_ACCEPTED;
  rply.acpted_rply.ar_verf = xprt->xp_verf;
  rply.acpted_rply.ar_stat = stat;
  rply.acpted_rply.ar_vers.low = low;
  rply.acpted_rply.ar_vers.high = high;
  return SVC_REPLY(xprt, &rply);
}

bool_t svc_sendreply(SVCXPRT *xprt, xdrproc_t xdr_results, caddr_t xdr_location) {
  struct rpc_msg rply;
  rply.rm_direction = REPLY;
  rply.rm_reply.rp_stat = MSG_ACCEPTED;
  rply.acpted_rply.ar_verf = xprt->xp_verf;
  rply.acpted_rply.ar_stat = SUCCESS;
  rply.acpted_rply.ar_results.where = xdr_location;
  rply.acpted_rply.ar_results.proc = xdr_results;
  return SVC_REPLY(xprt, &rply);
}

void svcerr_noproc(SVCXPRT *xprt) {
  accepted(xprt, PROC_UNAVAIL, 0, 0);
}

void svcerr_decode(SVCXPRT *xprt) {
  accepted(xprt, GARBAGE_ARGS, 0, 0);
}

void svcerr_systemerr(SVCXPRT *xprt) {
  accepted(xprt, SYSTEM_ERR, 0, 0);
}

void svcerr_noprog(SVCXPRT *xprt) {
  accepted(xprt, PROG_UNAVAIL, 0, 0);
}

void svcerr_progvers(SVCXPRT *xprt, u_long low, u_long high) {
  accepted(xprt, PROG_MISMATCH, low, high);
}

static void denied(SVCXPRT *xprt, enum reject_stat stat, enum auth_stat why) {
  struct rpc_msg rply;
  rply.rm_direction = REPLY;
  rply.rm_reply.rp_stat = MSG_DENIED;
  rply.rjcted_rply.rj_stat = stat;
  if (stat == AUTH_ERROR) {
    rply.rjcted_rply.rj_why = why;
  } else {
    rply.rjcted_rply.rj_vers.low = RPC_MSG_VERSION;
    rply.rjcted_rply.rj_vers.high = RPC_MSG_VERSION;
  }
  SVC_REPLY(xprt, &rply);
}

void svcerr_auth(SVCXPRT *xprt, enum auth_stat why) {
  denied(xprt, AUTH_ERROR, why);
}

void svcerr_weakauth(SVCXPRT *xprt) {
  svcerr_auth(xprt, AUTH_TOOWEAK);
}

/* A call whose header did not decode, but whose xid did (the transport
 * has it): another RPC version, or a credential or verifier that is too
 * long or cut short. Anything that is not a call at all gets no answer. */
void _svc_garbled(SVCXPRT *xprt, struct rpc_msg *msg) {
  if (msg->rm_direction != CALL) return;
  xprt->xp_verf = _null_auth;
  if (msg->rm_call.cb_rpcvers != RPC_MSG_VERSION)
    denied(xprt, RPC_MISMATCH, AUTH_OK);
  else
    svcerr_auth(xprt, AUTH_BADCRED);
}

/* Serve one call that has arrived on xprt. */
static void dispatch(SVCXPRT *xprt, struct rpc_msg *msg, struct svc_req *r) {
  enum auth_stat why;
  struct svc_callout *s;
  bool_t prog_found = FALSE;
  u_long low = ~(u_long)0, high = 0;

  r->rq_xprt = xprt;
  r->rq_prog = msg->rm_call.cb_prog;
  r->rq_vers = msg->rm_call.cb_vers;
  r->rq_proc = msg->rm_call.cb_proc;
  r->rq_cred = msg->rm_call.cb_cred;
  if ((why = _authenticate(r, msg)) != AUTH_OK) {
    svcerr_auth(xprt, why);
    return;
  }
  for (s = svc_head; s != NULL; s = s->sc_next) {
    if (s->sc_prog != r->rq_prog) continue;
    if (s->sc_vers == r->rq_vers) {
      (*s->sc_dispatch)(r, xprt);
      return;
    }
    prog_found = TRUE;
    if (s->sc_vers < low) low = s->sc_vers;
    if (s->sc_vers > high) high = s->sc_vers;
  }
  if (prog_found)
    svcerr_progvers(xprt, low, high);
  else
    svcerr_noprog(xprt);
}

void svc_getreqset(fd_set *readfds) {
  struct rpc_msg msg;
  struct svc_req r;
  /* Where each call's credential, verifier and decoded credential go. */
  static char cred_area[2 * MAX_AUTH_BYTES + 400];

  msg.rm_call.cb_cred.oa_base = cred_area;
  msg.rm_call.cb_verf.oa_base = &cred_area[MAX_AUTH_BYTES];
  r.rq_clntcred = &cred_area[2 * MAX_AUTH_BYTES];
  for (int sock = 0; sock < nxports; sock++) {
    SVCXPRT *xprt = xports[sock];
    enum xprt_stat stat;
    if (xprt == NULL || !FD_ISSET(sock, readfds)) continue;
    /* Every call the transport has (a TCP connection may hold several). */
    do {
      msg.rm_call.cb_cred.oa_base = cred_area;
      msg.rm_call.cb_verf.oa_base = &cred_area[MAX_AUTH_BYTES];
      r.rq_clntcred = &cred_area[2 * MAX_AUTH_BYTES];
      if (SVC_RECV(xprt, &msg)) dispatch(xprt, &msg, &r);
      stat = SVC_STAT(xprt);
      if (stat == XPRT_DIED) {
        SVC_DESTROY(xprt);
        break;
      }
    } while (stat == XPRT_MOREREQS);
  }
}

/* The old interface: the first 32 descriptors as a mask. */
void svc_getreq(int rdfds) {
  fd_set readfds;
  FD_ZERO(&readfds);
  readfds.fds_bits[0] = rdfds;
  svc_getreqset(&readfds);
}

void svc_run(void) {
  for (;;) {
    fd_set readfds = svc_fdset;
    int n = select(nxports, &readfds, NULL, NULL, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      perror("svc_run: select failed");
      return;
    }
    if (n > 0) svc_getreqset(&readfds);
  }
}
