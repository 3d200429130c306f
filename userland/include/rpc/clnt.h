/* rpc/clnt.h - sun3lab libc: the client side of RPC (SunOS 4's
 * <rpc/clnt.h>).
 *
 * A CLIENT handle is bound to one program and version of one server,
 * over UDP (clntudp_create: each call a datagram, sent again with a
 * doubling wait until the reply comes or the total time runs out) or TCP
 * (clnttcp_create: a connection, each call a record). clnt_create makes
 * one from a host name and "udp" or "tcp". clnt_call does a call and
 * says how it went (enum clnt_stat); clnt_perror explains a failure. */
#ifndef _RPC_CLNT_H
#define _RPC_CLNT_H

#include <netinet/in.h>
#include <rpc/auth.h>
#include <sys/time.h>

enum clnt_stat {
  RPC_SUCCESS = 0,           /* the call succeeded */
  /* local errors */
  RPC_CANTENCODEARGS = 1,    /* can't encode the arguments */
  RPC_CANTDECODERES = 2,     /* can't decode the results */
  RPC_CANTSEND = 3,          /* failure in sending the call */
  RPC_CANTRECV = 4,          /* failure in receiving the reply */
  RPC_TIMEDOUT = 5,          /* the call timed out */
  /* remote errors */
  RPC_VERSMISMATCH = 6,      /* RPC versions not compatible */
  RPC_AUTHERROR = 7,         /* authentication error */
  RPC_PROGUNAVAIL = 8,       /* program not available */
  RPC_PROGVERSMISMATCH = 9,  /* program version mismatched */
  RPC_PROCUNAVAIL = 10,      /* procedure unavailable */
  RPC_CANTDECODEARGS = 11,   /* the server can't decode the arguments */
  RPC_SYSTEMERROR = 12,      /* a system error (re_errno says which) */
  /* callrpc and clnt_create */
  RPC_UNKNOWNHOST = 13,      /* unknown host name */
  RPC_UNKNOWNPROTO = 17,     /* unknown protocol */
  /* the port mapper */
  RPC_PMAPFAILURE = 14,      /* the port mapper failed in its call */
  RPC_PROGNOTREGISTERED = 15,/* the program is not registered */
  /* anything else */
  RPC_FAILED = 16
};

/* How a call went: the status, and what goes with it. */
struct rpc_err {
  enum clnt_stat re_status;
  union {
    int RE_errno;          /* the Unix error (CANTSEND, CANTRECV, SYSTEMERROR) */
    enum auth_stat RE_why; /* why the credential was refused (AUTHERROR) */
    struct {
      u_long low;          /* the versions the server has (VERSMISMATCH, PROGVERSMISMATCH) */
      u_long high;
    } RE_vers;
    struct {
      long s1;             /* anything else (FAILED) */
      long s2;
    } RE_lb;
  } ru;
#define re_errno ru.RE_errno
#define re_why ru.RE_why
#define re_vers ru.RE_vers
#define re_lb ru.RE_lb
};

typedef struct CLIENT {
  AUTH *cl_auth; /* the credentials sent with each call (authnone_create() at first) */
  struct clnt_ops {
    enum clnt_stat (*cl_call)(struct CLIENT *, u_long, xdrproc_t, caddr_t, xdrproc_t, caddr_t,
                              struct timeval);
    void (*cl_abort)(struct CLIENT *);
    void (*cl_geterr)(struct CLIENT *, struct rpc_err *);
    bool_t (*cl_freeres)(struct CLIENT *, xdrproc_t, caddr_t);
    void (*cl_destroy)(struct CLIENT *);
    bool_t (*cl_control)(struct CLIENT *, int, char *);
  } *cl_ops;
  caddr_t cl_private;
} CLIENT;

/* Call procedure proc with the arguments *argsp (encoded by xargs); the
 * results land in *resultsp (decoded by xres). timeout is the total time
 * allowed (a zero timeout sends without waiting for a reply). */
#define CLNT_CALL(rh, proc, xargs, argsp, xres, resp, secs) \
  (*(rh)->cl_ops->cl_call)(rh, proc, xargs, (caddr_t)(argsp), xres, (caddr_t)(resp), secs)
#define clnt_call(rh, proc, xargs, argsp, xres, resp, secs) CLNT_CALL(rh, proc, xargs, argsp, xres, resp, secs)
#define CLNT_ABORT(rh) (*(rh)->cl_ops->cl_abort)(rh)
#define clnt_abort(rh) CLNT_ABORT(rh)
/* How the last call went. */
#define CLNT_GETERR(rh, errp) (*(rh)->cl_ops->cl_geterr)(rh, errp)
#define clnt_geterr(rh, errp) CLNT_GETERR(rh, errp)
/* Free what decoding the results allocated. */
#define CLNT_FREERES(rh, xres, resp) (*(rh)->cl_ops->cl_freeres)(rh, xres, (caddr_t)(resp))
#define clnt_freeres(rh, xres, resp) CLNT_FREERES(rh, xres, resp)
#define CLNT_CONTROL(cl, rq, in) (*(cl)->cl_ops->cl_control)(cl, rq, (char *)(in))
#define clnt_control(cl, rq, in) CLNT_CONTROL(cl, rq, in)
#define CLNT_DESTROY(rh) (*(rh)->cl_ops->cl_destroy)(rh)
#define clnt_destroy(rh) CLNT_DESTROY(rh)

/* clnt_control requests. */
#define CLSET_TIMEOUT 1        /* struct timeval: the total time, instead of clnt_call's */
#define CLGET_TIMEOUT 2
#define CLGET_SERVER_ADDR 3    /* struct sockaddr_in */
#define CLSET_RETRY_TIMEOUT 4  /* struct timeval: UDP's first wait before sending again */
#define CLGET_RETRY_TIMEOUT 5
#define CLGET_FD 6             /* int: the socket */
#define CLSET_FD_CLOSE 8       /* clnt_destroy closes the socket */
#define CLSET_FD_NCLOSE 9      /* it does not */

/* The null procedure every program has: it does nothing, and answers. */
#define NULLPROC ((u_long)0)

/* A client over UDP to program prog, version vers at raddr (the port
 * mapper there is asked for the port if raddr->sin_port is 0). wait is
 * the first wait for a reply before the call is sent again; *sockp is the
 * socket (RPC_ANYSOCK: make one). */
CLIENT *clntudp_create(struct sockaddr_in *raddr, u_long prog, u_long vers, struct timeval wait, int *sockp);
CLIENT *clntudp_bufcreate(struct sockaddr_in *raddr, u_long prog, u_long vers, struct timeval wait, int *sockp,
                          u_int sendsz, u_int recvsz);
/* A client over a TCP connection made to raddr (likewise). */
CLIENT *clnttcp_create(struct sockaddr_in *raddr, u_long prog, u_long vers, int *sockp, u_int sendsz,
                       u_int recvsz);
/* A client to prog and vers on host over proto ("udp" or "tcp"). */
CLIENT *clnt_create(char *host, u_long prog, u_long vers, char *proto);

/* Why the last create failed. */
struct rpc_createerr {
  enum clnt_stat cf_stat;
  struct rpc_err cf_error; /* what the port mapper's call said (RPC_PMAPFAILURE) */
};
extern struct rpc_createerr rpc_createerr;

/* Explaining failures: "s: RPC: Timed out" and the like. The sp forms
 * return the text (in static storage), the p forms print it on stderr. */
void clnt_perror(CLIENT *clnt, char *s);
char *clnt_sperror(CLIENT *clnt, char *s);
void clnt_perrno(enum clnt_stat num);
char *clnt_sperrno(enum clnt_stat num);
void clnt_pcreateerror(char *s);
char *clnt_spcreateerror(char *s);

#define UDPMSGSIZE 8800      /* the largest UDP call or reply */
#define RPCSMALLMSGSIZE 400  /* enough for the port mapper's calls */

#endif
