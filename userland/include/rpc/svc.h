/* rpc/svc.h - sun3lab libc: the server side of RPC (SunOS 4's
 * <rpc/svc.h>).
 *
 * A server makes a transport (SVCXPRT) for each socket it answers on —
 * svcudp_create, svctcp_create — and registers each program and version
 * it serves with its dispatch routine (svc_register, which also tells
 * the port mapper). svc_run then waits on every transport's socket and
 * hands each call to the dispatch routine of its program and version:
 *
 *   void dispatch(struct svc_req *rq, SVCXPRT *xprt)
 *
 * which decodes the arguments (svc_getargs), does the work and answers
 * (svc_sendreply), or answers with an error (svcerr_*). Calls for a
 * program or version nobody registered, and calls whose credentials do
 * not pass, are answered by the library itself. */
#ifndef _RPC_SVC_H
#define _RPC_SVC_H

#include <netinet/in.h>
#include <rpc/rpc_msg.h>

enum xprt_stat {
  XPRT_DIED,      /* the transport is gone (a TCP connection closed) */
  XPRT_MOREREQS,  /* more calls are waiting in it */
  XPRT_IDLE
};

typedef struct SVCXPRT {
  int xp_sock;
  u_short xp_port;  /* the port it answers on */
  struct xp_ops {
    bool_t (*xp_recv)(struct SVCXPRT *, struct rpc_msg *);         /* take a call */
    enum xprt_stat (*xp_stat)(struct SVCXPRT *);
    bool_t (*xp_getargs)(struct SVCXPRT *, xdrproc_t, caddr_t);     /* decode its arguments */
    bool_t (*xp_reply)(struct SVCXPRT *, struct rpc_msg *);         /* send a reply */
    bool_t (*xp_freeargs)(struct SVCXPRT *, xdrproc_t, caddr_t);    /* free them */
    void (*xp_destroy)(struct SVCXPRT *);
  } *xp_ops;
  int xp_addrlen;
  struct sockaddr_in xp_raddr;  /* who sent the call being answered */
  struct opaque_auth xp_verf;   /* the verifier for its reply */
  caddr_t xp_p1;                /* the transport's own */
  caddr_t xp_p2;
} SVCXPRT;

#define SVC_RECV(xprt, msg) (*(xprt)->xp_ops->xp_recv)(xprt, msg)
#define svc_recv(xprt, msg) SVC_RECV(xprt, msg)
#define SVC_STAT(xprt) (*(xprt)->xp_ops->xp_stat)(xprt)
#define svc_stat(xprt) SVC_STAT(xprt)
#define SVC_GETARGS(xprt, xargs, argsp) (*(xprt)->xp_ops->xp_getargs)(xprt, xargs, (caddr_t)(argsp))
#define svc_getargs(xprt, xargs, argsp) SVC_GETARGS(xprt, xargs, argsp)
#define SVC_REPLY(xprt, msg) (*(xprt)->xp_ops->xp_reply)(xprt, msg)
#define svc_reply(xprt, msg) SVC_REPLY(xprt, msg)
#define SVC_FREEARGS(xprt, xargs, argsp) (*(xprt)->xp_ops->xp_freeargs)(xprt, xargs, (caddr_t)(argsp))
#define svc_freeargs(xprt, xargs, argsp) SVC_FREEARGS(xprt, xargs, argsp)
#define SVC_DESTROY(xprt) (*(xprt)->xp_ops->xp_destroy)(xprt)
#define svc_destroy(xprt) SVC_DESTROY(xprt)

/* The call being dispatched. */
struct svc_req {
  u_long rq_prog;
  u_long rq_vers;
  u_long rq_proc;
  struct opaque_auth rq_cred;  /* the credential as it came */
  caddr_t rq_clntcred;         /* and decoded: a struct authunix_parms * for AUTH_UNIX, else null */
  SVCXPRT *rq_xprt;
};

/* Who sent the call (a struct sockaddr_in *). */
#define svc_getcaller(x) (&(x)->xp_raddr)

/* Serve prog and vers on xprt with dispatch; unless protocol is 0, tell
 * the port mapper too (IPPROTO_UDP or IPPROTO_TCP, and xprt's port). */
bool_t svc_register(SVCXPRT *xprt, u_long prog, u_long vers, void (*dispatch)(), int protocol);
/* Serve them no more, here and at the port mapper. */
void svc_unregister(u_long prog, u_long vers);
/* Add a transport to (or take it from) those svc_run waits on. */
void xprt_register(SVCXPRT *xprt);
void xprt_unregister(SVCXPRT *xprt);

/* Answer: the results, or an error. */
bool_t svc_sendreply(SVCXPRT *xprt, xdrproc_t xdr_results, caddr_t xdr_location);
void svcerr_decode(SVCXPRT *xprt);           /* GARBAGE_ARGS */
void svcerr_noproc(SVCXPRT *xprt);           /* PROC_UNAVAIL */
void svcerr_noprog(SVCXPRT *xprt);           /* PROG_UNAVAIL */
void svcerr_progvers(SVCXPRT *xprt, u_long low, u_long high); /* PROG_MISMATCH */
void svcerr_systemerr(SVCXPRT *xprt);        /* SYSTEM_ERR */
void svcerr_auth(SVCXPRT *xprt, enum auth_stat why);           /* MSG_DENIED, AUTH_ERROR */
void svcerr_weakauth(SVCXPRT *xprt);         /* AUTH_TOOWEAK */

/* The sockets of the registered transports, for a server's own select. */
extern fd_set svc_fdset;
#define svc_fds svc_fdset.fds_bits[0]
/* Serve the calls waiting on the sockets in readfds (after a select). */
void svc_getreqset(fd_set *readfds);
void svc_getreq(int rdfds);
/* Serve for ever: select on svc_fdset and svc_getreqset. Returns only if select fails. */
void svc_run(void);

#define RPC_ANYSOCK -1

/* A transport on UDP socket sock (RPC_ANYSOCK: a new one, on a port of its own). */
SVCXPRT *svcudp_create(int sock);
SVCXPRT *svcudp_bufcreate(int sock, u_int sendsz, u_int recvsz);
/* Keep the last `size` replies, and answer a call sent again (the same
 * xid, program, version, procedure and caller) with its reply instead of
 * executing it twice. Returns 1, or 0 if there is no memory for it. */
int svcudp_enablecache(SVCXPRT *xprt, u_long size);
/* A transport listening on TCP socket sock (RPC_ANYSOCK: a new one);
 * each connection made to it becomes a transport of its own. */
SVCXPRT *svctcp_create(int sock, u_int sendsize, u_int recvsize);
/* A transport on a connected TCP socket (inetd started the server with one). */
SVCXPRT *svcfd_create(int fd, u_int sendsize, u_int recvsize);

#endif
