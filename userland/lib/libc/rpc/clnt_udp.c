/* The client over UDP (SunOS 4's clnt_udp.c).
 *
 * A call is one datagram, the reply another. Datagrams get lost, so the
 * call is sent again if no reply has come after the retry wait (cu_wait,
 * 5 seconds from clnt_create), the wait doubling each time up to 30
 * seconds, until the call's total time is over: RPC_TIMEDOUT. Each call
 * has a transaction id (xid) of its own, and every resend of it the same
 * one: a reply with another xid (to an earlier call, whose reply came
 * late) is dropped, and a server that keeps its replies (svcudp_enablecache)
 * answers a resend from its cache instead of doing the call again.
 *
 * The call header up to the version is encoded once, when the handle is
 * made; each call writes the next xid into it, then the procedure, the
 * credentials and the arguments. */
#include <errno.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc_private.h"

#define MAX_RETRY_WAIT 30 /* seconds */

struct cu_data {
  int cu_sock;
  bool_t cu_closeit;          /* close the socket at destroy */
  struct sockaddr_in cu_raddr;
  struct timeval cu_wait;     /* the first wait before sending again */
  struct timeval cu_total;    /* CLSET_TIMEOUT's total, or tv_sec -1: clnt_call's */
  struct rpc_err cu_error;
  XDR cu_outxdrs;
  u_int cu_xdrpos;            /* where the procedure goes, after the fixed header */
  u_int cu_sendsz;
  char *cu_outbuf;
  u_int cu_recvsz;
  char *cu_inbuf;
};

#define CU(cl) ((struct cu_data *)(cl)->cl_private)

static enum clnt_stat clntudp_call(CLIENT *, u_long, xdrproc_t, caddr_t, xdrproc_t, caddr_t, struct timeval);
static void clntudp_abort(CLIENT *);
static void clntudp_geterr(CLIENT *, struct rpc_err *);
static bool_t clntudp_freeres(CLIENT *, xdrproc_t, caddr_t);
static bool_t clntudp_control(CLIENT *, int, char *);
static void clntudp_destroy(CLIENT *);

static struct clnt_ops udp_ops = {clntudp_call,    clntudp_abort,   clntudp_geterr,
                                  clntudp_freeres, clntudp_destroy, clntudp_control};


CLIENT *clntudp_bufcreate(struct sockaddr_in *raddr, u_long prog, u_long vers, struct timeval wait, int *sockp,
                          u_int sendsz, u_int recvsz) {
  CLIENT *cl;
  struct cu_data *cu;
  struct rpc_msg call;
  int on = 1;

  sendsz = RNDUP(sendsz);
  recvsz = RNDUP(recvsz);
  cl = mem_alloc(sizeof(CLIENT));
  cu = mem_alloc(sizeof(*cu) + sendsz + recvsz);
  if (cl == NULL || cu == NULL) {
    rpc_createerr.cf_stat = RPC_SYSTEMERROR;
    rpc_createerr.cf_error.re_errno = ENOMEM;
    goto fail;
  }
  memset(cu, 0, sizeof(*cu));
  cu->cu_outbuf = (char *)(cu + 1);
  cu->cu_inbuf = cu->cu_outbuf + sendsz;
  if (raddr->sin_port == 0) {
    u_short port = pmap_getport(raddr, prog, vers, IPPROTO_UDP);
    if (port == 0) goto fail;
    raddr->sin_port = htons(port);
  }
  cu->cu_raddr = *raddr;
  cu->cu_wait = wait;
  cu->cu_total.tv_sec = -1;
  cu->cu_total.tv_usec = -1;
  cu->cu_sendsz = sendsz;
  cu->cu_recvsz = recvsz;
  call.rm_xid = _rpc_newxid();
  call.rm_call.cb_prog = prog;
  call.rm_call.cb_vers = vers;
  xdrmem_create(&cu->cu_outxdrs, cu->cu_outbuf, sendsz, XDR_ENCODE);
  if (!xdr_callhdr(&cu->cu_outxdrs, &call)) {
    rpc_createerr.cf_stat = RPC_CANTENCODEARGS;
    goto fail;
  }
  cu->cu_xdrpos = XDR_GETPOS(&cu->cu_outxdrs);
  if (*sockp < 0) {
    *sockp = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (*sockp < 0) {
      rpc_createerr.cf_stat = RPC_SYSTEMERROR;
      rpc_createerr.cf_error.re_errno = errno;
      goto fail;
    }
    (void)bindresvport(*sockp, NULL); /* a reserved port if we may have one */
    ioctl(*sockp, FIONBIO, &on);      /* replies are waited for with select */
    cu->cu_closeit = TRUE;
  }
  cu->cu_sock = *sockp;
  cl->cl_ops = &udp_ops;
  cl->cl_private = (caddr_t)cu;
  cl->cl_auth = authnone_create();
  return cl;
fail:
  mem_free(cl, sizeof(CLIENT));
  mem_free(cu, 0);
  return NULL;
}

CLIENT *clntudp_create(struct sockaddr_in *raddr, u_long prog, u_long vers, struct timeval wait, int *sockp) {
  return clntudp_bufcreate(raddr, prog, vers, wait, sockp, UDPMSGSIZE, UDPMSGSIZE);
}

static enum clnt_stat clntudp_call(CLIENT *cl, u_long proc, xdrproc_t xargs, caddr_t argsp, xdrproc_t xresults,
                                   caddr_t resultsp, struct timeval utimeout) {
  struct cu_data *cu = CU(cl);
  XDR *xdrs = &cu->cu_outxdrs;
  XDR reply_xdrs;
  struct rpc_msg reply_msg;
  struct sockaddr_in from;
  int outlen, inlen, fromlen;
  int nrefreshes = 2; /* credentials may be refreshed twice */
  long total, deadline, wait, until;
  u_long xid;

  total = cu->cu_total.tv_sec >= 0 ? _rpc_tv_ms(cu->cu_total) : _rpc_tv_ms(utimeout);
call_again:
  /* The next xid, at the start of the fixed header. */
  memcpy(&xid, cu->cu_outbuf, sizeof(xid));
  xid = htonl(ntohl(xid) + 1);
  memcpy(cu->cu_outbuf, &xid, sizeof(xid));
  XDR_SETPOS(xdrs, cu->cu_xdrpos);
  if (!XDR_PUTLONG(xdrs, (long *)&proc) || !AUTH_MARSHALL(cl->cl_auth, xdrs) || !(*xargs)(xdrs, argsp))
    return cu->cu_error.re_status = RPC_CANTENCODEARGS;
  outlen = (int)XDR_GETPOS(xdrs);
  wait = _rpc_tv_ms(cu->cu_wait);
  if (wait <= 0) wait = 1;
  deadline = _rpc_now_ms() + total;

send_again:
  if (sendto(cu->cu_sock, cu->cu_outbuf, outlen, 0, (struct sockaddr *)&cu->cu_raddr, sizeof(cu->cu_raddr)) !=
      outlen) {
    cu->cu_error.re_errno = errno;
    return cu->cu_error.re_status = RPC_CANTSEND;
  }
  /* A total time of 0: the caller wants no reply (a batch, or a broadcast of its own). */
  if (total <= 0) return cu->cu_error.re_status = RPC_TIMEDOUT;
  until = _rpc_now_ms() + wait;
  if (until > deadline) until = deadline;
  for (;;) {
    long left = until - _rpc_now_ms();
    int ready = left > 0 ? _rpc_waitfd(cu->cu_sock, left) : 0;
    if (ready < 0) {
      cu->cu_error.re_errno = errno;
      return cu->cu_error.re_status = RPC_CANTRECV;
    }
    if (ready == 0) {
      /* Nothing came: send again, waiting twice as long, while there is time. */
      if (_rpc_now_ms() >= deadline) return cu->cu_error.re_status = RPC_TIMEDOUT;
      wait *= 2;
      if (wait > MAX_RETRY_WAIT * 1000) wait = MAX_RETRY_WAIT * 1000;
      goto send_again;
    }
    fromlen = sizeof(from);
    inlen = recvfrom(cu->cu_sock, cu->cu_inbuf, (int)cu->cu_recvsz, 0, (struct sockaddr *)&from, &fromlen);
    if (inlen < 0) {
      if (errno == EINTR || errno == EWOULDBLOCK) continue;
      cu->cu_error.re_errno = errno;
      return cu->cu_error.re_status = RPC_CANTRECV;
    }
    if (inlen < (int)sizeof(u_long)) continue;
    /* A reply to another call (an earlier one's, late) is not this one's. */
    if (memcmp(cu->cu_inbuf, cu->cu_outbuf, sizeof(u_long)) != 0) continue;
    break;
  }

  /* The reply: its header, and the results through xresults. */
  xdrmem_create(&reply_xdrs, cu->cu_inbuf, (u_int)inlen, XDR_DECODE);
  _clnt_initreply(&reply_msg, resultsp, xresults);
  if (!xdr_replymsg(&reply_xdrs, &reply_msg)) {
    cu->cu_error.re_status = RPC_CANTDECODERES;
    _clnt_freeverf(&reply_msg);
  } else if (_clnt_judge(cl->cl_auth, &reply_msg, &cu->cu_error, &nrefreshes)) {
    goto call_again;
  }
  return cu->cu_error.re_status;
}

static void clntudp_geterr(CLIENT *cl, struct rpc_err *errp) {
  *errp = CU(cl)->cu_error;
}

static bool_t clntudp_freeres(CLIENT *cl, xdrproc_t xres, caddr_t resp) {
  (void)cl;
  xdr_free(xres, resp);
  return TRUE;
}

static void clntudp_abort(CLIENT *cl) {
  (void)cl;
}

static bool_t clntudp_control(CLIENT *cl, int request, char *info) {
  struct cu_data *cu = CU(cl);
  switch (request) {
  case CLSET_TIMEOUT:
    cu->cu_total = *(struct timeval *)info;
    break;
  case CLGET_TIMEOUT:
    *(struct timeval *)info = cu->cu_total;
    break;
  case CLSET_RETRY_TIMEOUT:
    cu->cu_wait = *(struct timeval *)info;
    break;
  case CLGET_RETRY_TIMEOUT:
    *(struct timeval *)info = cu->cu_wait;
    break;
  default:
    return _clnt_control_sock(request, info, cu->cu_sock, &cu->cu_raddr, &cu->cu_closeit);
  }
  return TRUE;
}

static void clntudp_destroy(CLIENT *cl) {
  struct cu_data *cu = CU(cl);
  if (cu->cu_closeit) close(cu->cu_sock);
  XDR_DESTROY(&cu->cu_outxdrs);
  mem_free(cu, 0);
  mem_free(cl, sizeof(CLIENT));
}
