/* The client over TCP (SunOS 4's clnt_tcp.c).
 *
 * The handle holds a connection to the server; each call is a record on
 * it (xdr_rec.c), and so is each reply. TCP does the retransmitting: the
 * call's total time bounds only the wait for the reply, and a reply with
 * another xid (to a call that timed out earlier) is skipped. A call with
 * a null results routine and a time-out of 0 is batched: it waits in the
 * buffer, with no reply, until a call that does want one pushes it out.
 * The connection is not made again if it breaks: the calls fail with
 * RPC_CANTSEND or RPC_CANTRECV, and the caller makes a new handle. */
#include <errno.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc_private.h"

#define MCALL_MSG_SIZE 24 /* the fixed header: xid, CALL, rpcvers, prog, vers, and the procedure */

struct ct_data {
  int ct_sock;
  bool_t ct_closeit;
  struct timeval ct_wait;      /* the wait for a reply */
  bool_t ct_waitset;           /* set by CLSET_TIMEOUT, not clnt_call */
  struct sockaddr_in ct_addr;
  struct rpc_err ct_error;
  char ct_mcall[MCALL_MSG_SIZE]; /* the fixed header, encoded */
  u_int ct_mpos;
  XDR ct_xdrs;
};

#define CT(cl) ((struct ct_data *)(cl)->cl_private)

static int readtcp(caddr_t, caddr_t, int);
static int writetcp(caddr_t, caddr_t, int);
static enum clnt_stat clnttcp_call(CLIENT *, u_long, xdrproc_t, caddr_t, xdrproc_t, caddr_t, struct timeval);
static void clnttcp_abort(CLIENT *);
static void clnttcp_geterr(CLIENT *, struct rpc_err *);
static bool_t clnttcp_freeres(CLIENT *, xdrproc_t, caddr_t);
static bool_t clnttcp_control(CLIENT *, int, char *);
static void clnttcp_destroy(CLIENT *);

static struct clnt_ops tcp_ops = {clnttcp_call,    clnttcp_abort,   clnttcp_geterr,
                                  clnttcp_freeres, clnttcp_destroy, clnttcp_control};

CLIENT *clnttcp_create(struct sockaddr_in *raddr, u_long prog, u_long vers, int *sockp, u_int sendsz,
                       u_int recvsz) {
  CLIENT *cl = mem_alloc(sizeof(CLIENT));
  struct ct_data *ct = mem_alloc(sizeof(*ct));
  struct rpc_msg call;
  XDR x;

  if (cl == NULL || ct == NULL) {
    rpc_createerr.cf_stat = RPC_SYSTEMERROR;
    rpc_createerr.cf_error.re_errno = ENOMEM;
    goto fail;
  }
  memset(ct, 0, sizeof(*ct));
  if (raddr->sin_port == 0) {
    u_short port = pmap_getport(raddr, prog, vers, IPPROTO_TCP);
    if (port == 0) goto fail;
    raddr->sin_port = htons(port);
  }
  if (*sockp < 0) {
    *sockp = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (*sockp >= 0) (void)bindresvport(*sockp, NULL);
    if (*sockp < 0 || connect(*sockp, (struct sockaddr *)raddr, sizeof(*raddr)) < 0) {
      rpc_createerr.cf_stat = RPC_SYSTEMERROR;
      rpc_createerr.cf_error.re_errno = errno;
      if (*sockp >= 0) close(*sockp);
      *sockp = -1;
      goto fail;
    }
    ct->ct_closeit = TRUE;
  }
  ct->ct_sock = *sockp;
  ct->ct_wait.tv_usec = 0;
  ct->ct_waitset = FALSE;
  ct->ct_addr = *raddr;
  call.rm_xid = _rpc_newxid();
  call.rm_call.cb_prog = prog;
  call.rm_call.cb_vers = vers;
  xdrmem_create(&x, ct->ct_mcall, MCALL_MSG_SIZE, XDR_ENCODE);
  if (!xdr_callhdr(&x, &call)) {
    rpc_createerr.cf_stat = RPC_CANTENCODEARGS;
    if (ct->ct_closeit) close(*sockp);
    goto fail;
  }
  ct->ct_mpos = XDR_GETPOS(&x);
  xdrrec_create(&ct->ct_xdrs, sendsz, recvsz, (caddr_t)ct, readtcp, writetcp);
  if (ct->ct_xdrs.x_private == NULL) {
    rpc_createerr.cf_stat = RPC_SYSTEMERROR;
    rpc_createerr.cf_error.re_errno = ENOMEM;
    if (ct->ct_closeit) close(*sockp);
    goto fail;
  }
  cl->cl_ops = &tcp_ops;
  cl->cl_private = (caddr_t)ct;
  cl->cl_auth = authnone_create();
  return cl;
fail:
  mem_free(ct, sizeof(*ct));
  mem_free(cl, sizeof(CLIENT));
  return NULL;
}

static enum clnt_stat clnttcp_call(CLIENT *cl, u_long proc, xdrproc_t xargs, caddr_t argsp, xdrproc_t xresults,
                                   caddr_t resultsp, struct timeval timeout) {
  struct ct_data *ct = CT(cl);
  XDR *xdrs = &ct->ct_xdrs;
  struct rpc_msg reply_msg;
  u_long x_id, xid_wire;
  int nrefreshes = 2;
  bool_t shipnow;

  if (!ct->ct_waitset) ct->ct_wait = timeout;
  shipnow = !(xresults == NULL && timeout.tv_sec == 0 && timeout.tv_usec == 0);

call_again:
  xdrs->x_op = XDR_ENCODE;
  ct->ct_error.re_status = RPC_SUCCESS;
  memcpy(&xid_wire, ct->ct_mcall, sizeof(xid_wire));
  x_id = ntohl(xid_wire) + 1;
  xid_wire = htonl(x_id);
  memcpy(ct->ct_mcall, &xid_wire, sizeof(xid_wire));
  if (!XDR_PUTBYTES(xdrs, ct->ct_mcall, ct->ct_mpos) || !XDR_PUTLONG(xdrs, (long *)&proc) ||
      !AUTH_MARSHALL(cl->cl_auth, xdrs) || !(*xargs)(xdrs, argsp)) {
    if (ct->ct_error.re_status == RPC_SUCCESS) ct->ct_error.re_status = RPC_CANTENCODEARGS;
    (void)xdrrec_endofrecord(xdrs, TRUE);
    return ct->ct_error.re_status;
  }
  if (!xdrrec_endofrecord(xdrs, shipnow)) return ct->ct_error.re_status = RPC_CANTSEND;
  if (!shipnow) return RPC_SUCCESS;
  /* No time to wait: the caller wants no reply. */
  if (timeout.tv_sec == 0 && timeout.tv_usec == 0 && !ct->ct_waitset) return ct->ct_error.re_status = RPC_TIMEDOUT;

  /* Replies, until the one to this call (others are skipped whole). */
  xdrs->x_op = XDR_DECODE;
  for (;;) {
    _clnt_initreply(&reply_msg, NULL, (xdrproc_t)xdr_void);
    if (!xdrrec_skiprecord(xdrs)) return ct->ct_error.re_status;
    if (!xdr_replymsg(xdrs, &reply_msg)) {
      _clnt_freeverf(&reply_msg);
      if (ct->ct_error.re_status == RPC_SUCCESS) continue;
      return ct->ct_error.re_status;
    }
    if (reply_msg.rm_xid == x_id) break;
    _clnt_freeverf(&reply_msg);
  }
  if (_clnt_judge(cl->cl_auth, &reply_msg, &ct->ct_error, &nrefreshes)) goto call_again;
  /* The results follow the reply's header in the record. */
  if (ct->ct_error.re_status == RPC_SUCCESS && !(*xresults)(xdrs, resultsp))
    ct->ct_error.re_status = RPC_CANTDECODERES;
  return ct->ct_error.re_status;
}

/* The record stream's reads: wait for the socket at most the call's time. */
static int readtcp(caddr_t handle, caddr_t buf, int len) {
  struct ct_data *ct = (struct ct_data *)handle;
  int ready, n;
  if (len == 0) return 0;
  ready = _rpc_waitfd(ct->ct_sock, _rpc_tv_ms(ct->ct_wait));
  if (ready == 0) {
    ct->ct_error.re_status = RPC_TIMEDOUT;
    return -1;
  }
  if (ready < 0) {
    ct->ct_error.re_status = RPC_CANTRECV;
    ct->ct_error.re_errno = errno;
    return -1;
  }
  n = read(ct->ct_sock, buf, len);
  if (n == 0) {
    /* The server closed the connection. */
    ct->ct_error.re_errno = ECONNRESET;
    ct->ct_error.re_status = RPC_CANTRECV;
    return -1;
  }
  if (n < 0) {
    ct->ct_error.re_errno = errno;
    ct->ct_error.re_status = RPC_CANTRECV;
    return -1;
  }
  return n;
}

static int writetcp(caddr_t handle, caddr_t buf, int len) {
  struct ct_data *ct = (struct ct_data *)handle;
  for (int left = len; left > 0;) {
    int n = write(ct->ct_sock, buf, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ct->ct_error.re_errno = errno;
      ct->ct_error.re_status = RPC_CANTSEND;
      return -1;
    }
    buf += n;
    left -= n;
  }
  return len;
}

static void clnttcp_geterr(CLIENT *cl, struct rpc_err *errp) {
  *errp = CT(cl)->ct_error;
}

static bool_t clnttcp_freeres(CLIENT *cl, xdrproc_t xres, caddr_t resp) {
  (void)cl;
  xdr_free(xres, resp);
  return TRUE;
}

static void clnttcp_abort(CLIENT *cl) {
  (void)cl;
}

static bool_t clnttcp_control(CLIENT *cl, int request, char *info) {
  struct ct_data *ct = CT(cl);
  switch (request) {
  case CLSET_TIMEOUT:
    ct->ct_wait = *(struct timeval *)info;
    ct->ct_waitset = TRUE;
    break;
  case CLGET_TIMEOUT:
    *(struct timeval *)info = ct->ct_wait;
    break;
  default:
    return _clnt_control_sock(request, info, ct->ct_sock, &ct->ct_addr, &ct->ct_closeit);
  }
  return TRUE;
}

static void clnttcp_destroy(CLIENT *cl) {
  struct ct_data *ct = CT(cl);
  if (ct->ct_closeit) close(ct->ct_sock);
  XDR_DESTROY(&ct->ct_xdrs);
  mem_free(ct, sizeof(*ct));
  mem_free(cl, sizeof(CLIENT));
}
