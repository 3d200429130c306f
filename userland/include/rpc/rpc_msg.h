/* rpc/rpc_msg.h - sun3lab libc: the RPC message of RFC 1057 §8 (SunOS 4's
 * <rpc/rpc_msg.h>).
 *
 *   call:  xid, CALL (0), rpcvers (2), prog, vers, proc, cred, verf, then the arguments
 *   reply: xid, REPLY (1), then MSG_ACCEPTED (0): verf, accept_stat, and the results
 *          (SUCCESS) or the versions supported (PROG_MISMATCH);
 *          or MSG_DENIED (1): RPC_MISMATCH and the RPC versions supported,
 *          or AUTH_ERROR and an auth_stat. */
#ifndef _RPC_RPC_MSG_H
#define _RPC_RPC_MSG_H

#include <rpc/auth.h>

#define RPC_MSG_VERSION ((u_long)2)
#define RPC_SERVICE_PORT ((u_short)2048)

enum msg_type { CALL = 0, REPLY = 1 };
enum reply_stat { MSG_ACCEPTED = 0, MSG_DENIED = 1 };
enum accept_stat {
  SUCCESS = 0,        /* the call was executed */
  PROG_UNAVAIL = 1,   /* no such program here */
  PROG_MISMATCH = 2,  /* not this version of it */
  PROC_UNAVAIL = 3,   /* no such procedure */
  GARBAGE_ARGS = 4,   /* the arguments could not be decoded */
  SYSTEM_ERR = 5      /* the server failed (out of memory...) */
};
enum reject_stat { RPC_MISMATCH = 0, AUTH_ERROR = 1 };

struct accepted_reply {
  struct opaque_auth ar_verf;
  enum accept_stat ar_stat;
  union {
    struct {
      u_long low;
      u_long high;
    } AR_versions;
    struct {
      caddr_t where;  /* the results: where they are (or go), and their routine */
      xdrproc_t proc;
    } AR_results;
    /* and nothing for the other statuses */
  } ru;
#define ar_results ru.AR_results
#define ar_vers ru.AR_versions
};

struct rejected_reply {
  enum reject_stat rj_stat;
  union {
    struct {
      u_long low;
      u_long high;
    } RJ_versions;
    enum auth_stat RJ_why;
  } ru;
#define rj_vers ru.RJ_versions
#define rj_why ru.RJ_why
};

struct reply_body {
  enum reply_stat rp_stat;
  union {
    struct accepted_reply RP_ar;
    struct rejected_reply RP_dr;
  } ru;
#define rp_acpt ru.RP_ar
#define rp_rjct ru.RP_dr
};

struct call_body {
  u_long cb_rpcvers; /* 2 */
  u_long cb_prog;
  u_long cb_vers;
  u_long cb_proc;
  struct opaque_auth cb_cred;
  struct opaque_auth cb_verf;
};

struct rpc_msg {
  u_long rm_xid;
  enum msg_type rm_direction;
  union {
    struct call_body RM_cmb;
    struct reply_body RM_rmb;
  } ru;
#define rm_call ru.RM_cmb
#define rm_reply ru.RM_rmb
};
#define acpted_rply ru.RM_rmb.ru.RP_ar
#define rjcted_rply ru.RM_rmb.ru.RP_dr

/* A whole call header with its credential and verifier (both ways). */
bool_t xdr_callmsg(XDR *xdrs, struct rpc_msg *cmsg);
/* The first five words of a call (xid, CALL, rpcvers, prog, vers): what a client encodes once. */
bool_t xdr_callhdr(XDR *xdrs, struct rpc_msg *cmsg);
/* A whole reply; the results with ar_results.proc. */
bool_t xdr_replymsg(XDR *xdrs, struct rpc_msg *rmsg);
bool_t xdr_accepted_reply(XDR *xdrs, struct accepted_reply *ar);
bool_t xdr_rejected_reply(XDR *xdrs, struct rejected_reply *rr);

struct rpc_err;
/* What a reply says, as a client's rpc_err (clnt.h). */
void _seterr_reply(struct rpc_msg *msg, struct rpc_err *error);

#endif
