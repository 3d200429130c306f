/* The server's UDP transport (SunOS 4's svc_udp.c).
 *
 * Each datagram is a call; its reply goes back to the address it came
 * from. A client sends a call again when its reply is late or lost, so
 * a server whose calls must not be done twice (an increment, a remove)
 * turns on the reply cache (svcudp_enablecache): the last N replies are
 * kept, keyed by the caller's address and port, the xid, the program,
 * version and procedure, and a call seen before is answered with its
 * reply again, without being dispatched. */
#include <errno.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc_private.h"

struct cache_entry {
  struct cache_entry *next;    /* most recently used first */
  struct sockaddr_in addr;
  u_long xid, prog, vers, proc;
  u_int replylen;
  char *reply;
};

struct udp_cache {
  u_long size;                 /* entries at most */
  u_long count;
  struct cache_entry *head;
  /* The call being served, for the reply to be kept under. */
  u_long prog, vers, proc;
};

struct svcudp_data {
  u_int su_iosz;               /* the largest datagram */
  u_long su_xid;               /* the call's, for its reply */
  XDR su_xdrs;                 /* decoding the call, encoding the reply */
  char *su_buf;
  struct udp_cache *su_cache;
  bool_t su_cacheable;         /* the call being answered is to be kept */
};

#define SU(xprt) ((struct svcudp_data *)(xprt)->xp_p2)

static bool_t svcudp_recv(SVCXPRT *, struct rpc_msg *);
static enum xprt_stat svcudp_stat(SVCXPRT *);
static bool_t svcudp_getargs(SVCXPRT *, xdrproc_t, caddr_t);
static bool_t svcudp_reply(SVCXPRT *, struct rpc_msg *);
static bool_t svcudp_freeargs(SVCXPRT *, xdrproc_t, caddr_t);
static void svcudp_destroy(SVCXPRT *);

static struct xp_ops svcudp_op = {svcudp_recv,  svcudp_stat,     svcudp_getargs,
                                  svcudp_reply, svcudp_freeargs, svcudp_destroy};

SVCXPRT *svcudp_bufcreate(int sock, u_int sendsz, u_int recvsz) {
  bool_t madesock = FALSE;
  SVCXPRT *xprt;
  struct svcudp_data *su;
  u_short port;
  u_int iosz = RNDUP(sendsz > recvsz ? sendsz : recvsz);

  if (sock == RPC_ANYSOCK) {
    sock = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (sock < 0) {
      perror("svcudp_create: socket creation problem");
      return NULL;
    }
    madesock = TRUE;
  }
  if (_svc_bindsock(sock, &port) < 0) {
    perror("svcudp_create: cannot bind or getsockname");
    if (madesock) close(sock);
    return NULL;
  }
  xprt = mem_alloc(sizeof(SVCXPRT));
  su = mem_alloc(sizeof(*su) + iosz);
  if (xprt == NULL || su == NULL) {
    fprintf(stderr, "svcudp_create: out of memory\n");
    mem_free(xprt, 0);
    mem_free(su, 0);
    if (madesock) close(sock);
    return NULL;
  }
  memset(xprt, 0, sizeof(*xprt));
  su->su_iosz = iosz;
  su->su_buf = (char *)(su + 1);
  su->su_cache = NULL;
  xprt->xp_p2 = (caddr_t)su;
  xprt->xp_verf.oa_base = NULL;
  xprt->xp_ops = &svcudp_op;
  xprt->xp_port = port;
  xprt->xp_sock = sock;
  xprt_register(xprt);
  return xprt;
}

SVCXPRT *svcudp_create(int sock) {
  return svcudp_bufcreate(sock, UDPMSGSIZE, UDPMSGSIZE);
}

static enum xprt_stat svcudp_stat(SVCXPRT *xprt) {
  (void)xprt;
  return XPRT_IDLE;
}

static struct cache_entry *cache_find(struct udp_cache *uc, SVCXPRT *xprt, u_long xid, struct cache_entry **prev) {
  struct cache_entry *e, *p = NULL;
  for (e = uc->head; e != NULL; p = e, e = e->next)
    if (e->xid == xid && e->prog == uc->prog && e->vers == uc->vers && e->proc == uc->proc &&
        e->addr.sin_addr.s_addr == xprt->xp_raddr.sin_addr.s_addr && e->addr.sin_port == xprt->xp_raddr.sin_port)
      break;
  *prev = p;
  return e;
}

static bool_t svcudp_recv(SVCXPRT *xprt, struct rpc_msg *msg) {
  struct svcudp_data *su = SU(xprt);
  XDR *xdrs = &su->su_xdrs;
  int rlen;

  su->su_cacheable = FALSE;
again:
  xprt->xp_addrlen = sizeof(struct sockaddr_in);
  rlen = recvfrom(xprt->xp_sock, su->su_buf, (int)su->su_iosz, 0, (struct sockaddr *)&xprt->xp_raddr,
                  &xprt->xp_addrlen);
  if (rlen < 0 && errno == EINTR) goto again;
  if (rlen < 4 * (int)sizeof(u_long)) return FALSE;
  /* Decode only what came: the buffer's end is not the datagram's. */
  xdrmem_create(xdrs, su->su_buf, (u_int)rlen, XDR_DECODE);
  msg->rm_direction = (enum msg_type)-1;
  msg->rm_call.cb_rpcvers = RPC_MSG_VERSION;
  if (!xdr_callmsg(xdrs, msg)) {
    su->su_xid = msg->rm_xid;
    _svc_garbled(xprt, msg);
    return FALSE;
  }
  su->su_xid = msg->rm_xid;
  if (su->su_cache != NULL) {
    struct udp_cache *uc = su->su_cache;
    struct cache_entry *prev, *e;
    uc->prog = msg->rm_call.cb_prog;
    uc->vers = msg->rm_call.cb_vers;
    uc->proc = msg->rm_call.cb_proc;
    e = cache_find(uc, xprt, su->su_xid, &prev);
    if (e != NULL) {
      /* Seen before: the same reply again, and the call is not done twice. */
      (void)sendto(xprt->xp_sock, e->reply, (int)e->replylen, 0, (struct sockaddr *)&xprt->xp_raddr,
                   xprt->xp_addrlen);
      return FALSE;
    }
    su->su_cacheable = TRUE;
  }
  return TRUE;
}

/* Keep the reply just sent (the cache's least recently used one goes if it is full). */
static void cache_set(SVCXPRT *xprt, u_int replylen) {
  struct svcudp_data *su = SU(xprt);
  struct udp_cache *uc = su->su_cache;
  struct cache_entry *e, *prev = NULL;
  char *copy = mem_alloc(replylen);
  if (copy == NULL) return;
  memcpy(copy, su->su_buf, replylen);
  if (uc->count >= uc->size) {
    /* The last entry is the least recently used. */
    for (e = uc->head; e->next != NULL; prev = e, e = e->next) {
    }
    if (prev == NULL)
      uc->head = NULL;
    else
      prev->next = NULL;
    mem_free(e->reply, e->replylen);
    uc->count--;
  } else {
    e = mem_alloc(sizeof(*e));
    if (e == NULL) {
      mem_free(copy, replylen);
      return;
    }
  }
  e->addr = xprt->xp_raddr;
  e->xid = su->su_xid;
  e->prog = uc->prog;
  e->vers = uc->vers;
  e->proc = uc->proc;
  e->reply = copy;
  e->replylen = replylen;
  e->next = uc->head;
  uc->head = e;
  uc->count++;
}

static bool_t svcudp_reply(SVCXPRT *xprt, struct rpc_msg *msg) {
  struct svcudp_data *su = SU(xprt);
  XDR *xdrs = &su->su_xdrs;
  int slen;
  xdrmem_create(xdrs, su->su_buf, su->su_iosz, XDR_ENCODE);
  msg->rm_xid = su->su_xid;
  if (!xdr_replymsg(xdrs, msg)) return FALSE;
  slen = (int)XDR_GETPOS(xdrs);
  if (sendto(xprt->xp_sock, su->su_buf, slen, 0, (struct sockaddr *)&xprt->xp_raddr, xprt->xp_addrlen) != slen)
    return FALSE;
  if (su->su_cacheable) cache_set(xprt, (u_int)slen);
  su->su_cacheable = FALSE;
  return TRUE;
}

static bool_t svcudp_getargs(SVCXPRT *xprt, xdrproc_t xargs, caddr_t argsp) {
  return (*xargs)(&SU(xprt)->su_xdrs, argsp);
}

static bool_t svcudp_freeargs(SVCXPRT *xprt, xdrproc_t xargs, caddr_t argsp) {
  (void)xprt;
  xdr_free(xargs, argsp);
  return TRUE;
}

static void svcudp_destroy(SVCXPRT *xprt) {
  struct svcudp_data *su = SU(xprt);
  xprt_unregister(xprt);
  close(xprt->xp_sock);
  if (su->su_cache != NULL) {
    struct cache_entry *e = su->su_cache->head;
    while (e != NULL) {
      struct cache_entry *next = e->next;
      mem_free(e->reply, e->replylen);
      mem_free(e, sizeof(*e));
      e = next;
    }
    mem_free(su->su_cache, sizeof(struct udp_cache));
  }
  mem_free(su, 0);
  mem_free(xprt, sizeof(SVCXPRT));
}

int svcudp_enablecache(SVCXPRT *xprt, u_long size) {
  struct svcudp_data *su = SU(xprt);
  struct udp_cache *uc;
  if (su->su_cache != NULL || size == 0) return 0;
  uc = mem_alloc(sizeof(*uc));
  if (uc == NULL) return 0;
  memset(uc, 0, sizeof(*uc));
  uc->size = size;
  su->su_cache = uc;
  return 1;
}
