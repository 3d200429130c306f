/* The server's TCP transports (SunOS 4's svc_tcp.c).
 *
 * svctcp_create makes a rendezvous transport on a listening socket: when
 * select says a connection is waiting, its "receive" accepts it and makes
 * a transport for the new connection, which is then served like any
 * other. A connection's calls and replies are records (xdr_rec.c);
 * several calls may wait in it, and all are served before select is
 * called again (XPRT_MOREREQS). A connection that closes, breaks, or
 * leaves the server waiting more than 35 seconds in the middle of a
 * record dies (XPRT_DIED) and its transport is destroyed. */
#include <errno.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc_private.h"

#define WAIT_PER_TRY 35000 /* ms: a slow client may not hold the server longer */

/* A rendezvous (listening) transport: the buffer sizes for its connections. */
struct tcp_rendezvous {
  u_int sendsize;
  u_int recvsize;
};

/* A connection's transport. */
struct tcp_conn {
  enum xprt_stat strm_stat;
  u_long x_id;          /* the call's, for its reply */
  XDR xdrs;
  char verf_body[MAX_AUTH_BYTES];
};

static bool_t rendezvous_request(SVCXPRT *, struct rpc_msg *);
static enum xprt_stat rendezvous_stat(SVCXPRT *);
static void svctcp_destroy(SVCXPRT *);
static bool_t svctcp_recv(SVCXPRT *, struct rpc_msg *);
static enum xprt_stat svctcp_stat(SVCXPRT *);
static bool_t svctcp_getargs(SVCXPRT *, xdrproc_t, caddr_t);
static bool_t svctcp_reply(SVCXPRT *, struct rpc_msg *);
static bool_t svctcp_freeargs(SVCXPRT *, xdrproc_t, caddr_t);
static bool_t rendezvous_abort(SVCXPRT *, xdrproc_t, caddr_t);
static bool_t rendezvous_noreply(SVCXPRT *, struct rpc_msg *);

static struct xp_ops svctcp_rendezvous_op = {rendezvous_request, rendezvous_stat,  rendezvous_abort,
                                             rendezvous_noreply, rendezvous_abort, svctcp_destroy};
static struct xp_ops svctcp_op = {svctcp_recv,  svctcp_stat,     svctcp_getargs,
                                  svctcp_reply, svctcp_freeargs, svctcp_destroy};

static SVCXPRT *makefd_xprt(int fd, u_int sendsize, u_int recvsize);

SVCXPRT *svctcp_create(int sock, u_int sendsize, u_int recvsize) {
  bool_t madesock = FALSE;
  SVCXPRT *xprt;
  struct tcp_rendezvous *r;
  u_short port;

  if (sock == RPC_ANYSOCK) {
    sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (sock < 0) {
      perror("svctcp_create: socket creation problem");
      return NULL;
    }
    madesock = TRUE;
  }
  if (_svc_bindsock(sock, &port) < 0 || listen(sock, 2) < 0) {
    perror("svctcp_create: cannot bind, getsockname or listen");
    if (madesock) close(sock);
    return NULL;
  }
  r = mem_alloc(sizeof(*r));
  xprt = mem_alloc(sizeof(SVCXPRT));
  if (r == NULL || xprt == NULL) {
    fprintf(stderr, "svctcp_create: out of memory\n");
    mem_free(r, 0);
    mem_free(xprt, 0);
    if (madesock) close(sock);
    return NULL;
  }
  memset(xprt, 0, sizeof(*xprt));
  r->sendsize = sendsize;
  r->recvsize = recvsize;
  xprt->xp_p1 = (caddr_t)r;
  xprt->xp_ops = &svctcp_rendezvous_op;
  xprt->xp_port = port;
  xprt->xp_sock = sock;
  xprt_register(xprt);
  return xprt;
}

SVCXPRT *svcfd_create(int fd, u_int sendsize, u_int recvsize) {
  return makefd_xprt(fd, sendsize, recvsize);
}

static int readtcp(caddr_t, caddr_t, int);
static int writetcp(caddr_t, caddr_t, int);

static SVCXPRT *makefd_xprt(int fd, u_int sendsize, u_int recvsize) {
  SVCXPRT *xprt = mem_alloc(sizeof(SVCXPRT));
  struct tcp_conn *cd = mem_alloc(sizeof(*cd));
  if (xprt == NULL || cd == NULL) {
    fprintf(stderr, "svc_tcp: makefd_xprt: out of memory\n");
    mem_free(xprt, 0);
    mem_free(cd, 0);
    return NULL;
  }
  memset(xprt, 0, sizeof(*xprt));
  cd->strm_stat = XPRT_IDLE;
  xdrrec_create(&cd->xdrs, sendsize, recvsize, (caddr_t)xprt, readtcp, writetcp);
  if (cd->xdrs.x_private == NULL) {
    fprintf(stderr, "svc_tcp: makefd_xprt: out of memory\n");
    mem_free(xprt, 0);
    mem_free(cd, 0);
    return NULL;
  }
  xprt->xp_p1 = (caddr_t)cd;
  xprt->xp_verf.oa_base = cd->verf_body;
  xprt->xp_addrlen = 0;
  xprt->xp_ops = &svctcp_op;
  xprt->xp_port = 0;
  xprt->xp_sock = fd;
  xprt_register(xprt);
  return xprt;
}

/* A connection is waiting: accept it as a transport of its own. */
static bool_t rendezvous_request(SVCXPRT *xprt, struct rpc_msg *msg) {
  struct tcp_rendezvous *r = (struct tcp_rendezvous *)xprt->xp_p1;
  struct sockaddr_in addr;
  int len, sock;
  SVCXPRT *newxprt;
  (void)msg;
again:
  len = sizeof(addr);
  sock = accept(xprt->xp_sock, (struct sockaddr *)&addr, &len);
  if (sock < 0) {
    if (errno == EINTR) goto again;
    return FALSE;
  }
  newxprt = makefd_xprt(sock, r->sendsize, r->recvsize);
  if (newxprt == NULL) {
    close(sock);
    return FALSE;
  }
  newxprt->xp_raddr = addr;
  newxprt->xp_addrlen = len;
  return FALSE; /* there is no call to dispatch yet */
}

static enum xprt_stat rendezvous_stat(SVCXPRT *xprt) {
  (void)xprt;
  return XPRT_IDLE;
}

static bool_t rendezvous_abort(SVCXPRT *xprt, xdrproc_t xargs, caddr_t argsp) {
  (void)xprt;
  (void)xargs;
  (void)argsp;
  return FALSE;
}

static bool_t rendezvous_noreply(SVCXPRT *xprt, struct rpc_msg *msg) {
  (void)xprt;
  (void)msg;
  return FALSE;
}

static void svctcp_destroy(SVCXPRT *xprt) {
  xprt_unregister(xprt);
  close(xprt->xp_sock);
  if (xprt->xp_port == 0) {
    /* A connection. */
    struct tcp_conn *cd = (struct tcp_conn *)xprt->xp_p1;
    XDR_DESTROY(&cd->xdrs);
    mem_free(cd, sizeof(*cd));
  } else {
    mem_free(xprt->xp_p1, sizeof(struct tcp_rendezvous));
  }
  mem_free(xprt, sizeof(SVCXPRT));
}

/* The record stream's reads: the connection dies if nothing comes in
 * WAIT_PER_TRY, or it closes or breaks. */
static int readtcp(caddr_t handle, caddr_t buf, int len) {
  SVCXPRT *xprt = (SVCXPRT *)handle;
  struct tcp_conn *cd = (struct tcp_conn *)xprt->xp_p1;
  int n;
  if (_rpc_waitfd(xprt->xp_sock, WAIT_PER_TRY) <= 0) goto fatal;
  n = read(xprt->xp_sock, buf, len);
  if (n > 0) return n;
fatal:
  cd->strm_stat = XPRT_DIED;
  return -1;
}

static int writetcp(caddr_t handle, caddr_t buf, int len) {
  SVCXPRT *xprt = (SVCXPRT *)handle;
  struct tcp_conn *cd = (struct tcp_conn *)xprt->xp_p1;
  for (int left = len; left > 0;) {
    int n = write(xprt->xp_sock, buf, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      cd->strm_stat = XPRT_DIED;
      return -1;
    }
    buf += n;
    left -= n;
  }
  return len;
}

static enum xprt_stat svctcp_stat(SVCXPRT *xprt) {
  struct tcp_conn *cd = (struct tcp_conn *)xprt->xp_p1;
  if (cd->strm_stat == XPRT_DIED) return XPRT_DIED;
  if (!xdrrec_eof(&cd->xdrs)) return XPRT_MOREREQS;
  return XPRT_IDLE;
}

static bool_t svctcp_recv(SVCXPRT *xprt, struct rpc_msg *msg) {
  struct tcp_conn *cd = (struct tcp_conn *)xprt->xp_p1;
  XDR *xdrs = &cd->xdrs;
  xdrs->x_op = XDR_DECODE;
  if (!xdrrec_skiprecord(xdrs)) return FALSE;
  msg->rm_direction = (enum msg_type)-1;
  msg->rm_call.cb_rpcvers = RPC_MSG_VERSION;
  if (xdr_callmsg(xdrs, msg)) {
    cd->x_id = msg->rm_xid;
    return TRUE;
  }
  if (cd->strm_stat != XPRT_DIED) {
    cd->x_id = msg->rm_xid;
    _svc_garbled(xprt, msg);
  }
  return FALSE;
}

static bool_t svctcp_getargs(SVCXPRT *xprt, xdrproc_t xargs, caddr_t argsp) {
  return (*xargs)(&((struct tcp_conn *)xprt->xp_p1)->xdrs, argsp);
}

static bool_t svctcp_freeargs(SVCXPRT *xprt, xdrproc_t xargs, caddr_t argsp) {
  (void)xprt;
  xdr_free(xargs, argsp);
  return TRUE;
}

static bool_t svctcp_reply(SVCXPRT *xprt, struct rpc_msg *msg) {
  struct tcp_conn *cd = (struct tcp_conn *)xprt->xp_p1;
  XDR *xdrs = &cd->xdrs;
  bool_t ok;
  xdrs->x_op = XDR_ENCODE;
  msg->rm_xid = cd->x_id;
  ok = xdr_replymsg(xdrs, msg);
  (void)xdrrec_endofrecord(xdrs, TRUE);
  return ok;
}
