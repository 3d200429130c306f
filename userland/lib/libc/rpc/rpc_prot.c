/* The RPC message's parts (RFC 1057 §8; SunOS 4's rpc_prot.c):
 * credentials and verifiers, the two kinds of reply, the reply itself,
 * the fixed start of a call, and what a reply means to a client
 * (_seterr_reply). The whole call header is rpc_callmsg.c's. */
#include <rpc/rpc.h>

/* AUTH_NULL, no bytes: the credential and verifier that say nothing. */
struct opaque_auth _null_auth;

bool_t xdr_opaque_auth(XDR *xdrs, struct opaque_auth *ap) {
  return xdr_enum(xdrs, &ap->oa_flavor) && xdr_bytes(xdrs, &ap->oa_base, &ap->oa_length, MAX_AUTH_BYTES);
}

bool_t xdr_des_block(XDR *xdrs, des_block *blkp) {
  return xdr_opaque(xdrs, (caddr_t)blkp, sizeof(des_block));
}

/* MSG_ACCEPTED: the server's verifier, the status, then the results
 * (SUCCESS) or the versions of the program it has (PROG_MISMATCH). */
bool_t xdr_accepted_reply(XDR *xdrs, struct accepted_reply *ar) {
  if (!xdr_opaque_auth(xdrs, &ar->ar_verf)) return FALSE;
  if (!xdr_enum(xdrs, (enum_t *)&ar->ar_stat)) return FALSE;
  switch (ar->ar_stat) {
  case SUCCESS:
    return (*ar->ar_results.proc)(xdrs, ar->ar_results.where);
  case PROG_MISMATCH:
    return xdr_u_long(xdrs, &ar->ar_vers.low) && xdr_u_long(xdrs, &ar->ar_vers.high);
  default:
    return TRUE;
  }
}

/* MSG_DENIED: the RPC versions the server speaks, or why the credential was refused. */
bool_t xdr_rejected_reply(XDR *xdrs, struct rejected_reply *rr) {
  if (!xdr_enum(xdrs, (enum_t *)&rr->rj_stat)) return FALSE;
  switch (rr->rj_stat) {
  case RPC_MISMATCH:
    return xdr_u_long(xdrs, &rr->rj_vers.low) && xdr_u_long(xdrs, &rr->rj_vers.high);
  case AUTH_ERROR:
    return xdr_enum(xdrs, (enum_t *)&rr->rj_why);
  }
  return FALSE;
}

static struct xdr_discrim reply_arms[] = {
  {MSG_ACCEPTED, (xdrproc_t)xdr_accepted_reply},
  {MSG_DENIED, (xdrproc_t)xdr_rejected_reply},
  {0, NULL},
};

/* A reply: its xid, REPLY, and one of the two bodies. */
bool_t xdr_replymsg(XDR *xdrs, struct rpc_msg *rmsg) {
  if (!xdr_u_long(xdrs, &rmsg->rm_xid)) return FALSE;
  if (!xdr_enum(xdrs, (enum_t *)&rmsg->rm_direction)) return FALSE;
  if (rmsg->rm_direction != REPLY) return FALSE;
  return xdr_union(xdrs, (enum_t *)&rmsg->rm_reply.rp_stat, (caddr_t)&rmsg->rm_reply.ru, reply_arms, NULL);
}

/* What a client encodes once and sends with every call: xid, CALL,
 * RPC version 2, program and version. */
bool_t xdr_callhdr(XDR *xdrs, struct rpc_msg *cmsg) {
  cmsg->rm_direction = CALL;
  cmsg->rm_call.cb_rpcvers = RPC_MSG_VERSION;
  if (xdrs->x_op != XDR_ENCODE) return FALSE;
  return xdr_u_long(xdrs, &cmsg->rm_xid) && xdr_enum(xdrs, (enum_t *)&cmsg->rm_direction) &&
         xdr_u_long(xdrs, &cmsg->rm_call.cb_rpcvers) && xdr_u_long(xdrs, &cmsg->rm_call.cb_prog) &&
         xdr_u_long(xdrs, &cmsg->rm_call.cb_vers);
}

static void accepted(enum accept_stat stat, struct rpc_err *error) {
  switch (stat) {
  case SUCCESS:
    error->re_status = RPC_SUCCESS;
    return;
  case PROG_UNAVAIL:
    error->re_status = RPC_PROGUNAVAIL;
    return;
  case PROG_MISMATCH:
    error->re_status = RPC_PROGVERSMISMATCH;
    return;
  case PROC_UNAVAIL:
    error->re_status = RPC_PROCUNAVAIL;
    return;
  case GARBAGE_ARGS:
    error->re_status = RPC_CANTDECODEARGS;
    return;
  case SYSTEM_ERR:
    error->re_status = RPC_SYSTEMERROR;
    return;
  }
  error->re_status = RPC_FAILED;
  error->re_lb.s1 = (long)MSG_ACCEPTED;
  error->re_lb.s2 = (long)stat;
}

static void rejected(enum reject_stat stat, struct rpc_err *error) {
  switch (stat) {
  case RPC_MISMATCH:
    error->re_status = RPC_VERSMISMATCH;
    return;
  case AUTH_ERROR:
    error->re_status = RPC_AUTHERROR;
    return;
  }
  error->re_status = RPC_FAILED;
  error->re_lb.s1 = (long)MSG_DENIED;
  error->re_lb.s2 = (long)stat;
}

/* A reply as the client's error: the status, and the versions or the
 * reason that go with it. */
void _seterr_reply(struct rpc_msg *msg, struct rpc_err *error) {
  switch (msg->rm_reply.rp_stat) {
  case MSG_ACCEPTED:
    accepted(msg->acpted_rply.ar_stat, error);
    break;
  case MSG_DENIED:
    rejected(msg->rjcted_rply.rj_stat, error);
    break;
  default:
    error->re_status = RPC_FAILED;
    error->re_lb.s1 = (long)msg->rm_reply.rp_stat;
    break;
  }
  switch (error->re_status) {
  case RPC_VERSMISMATCH:
    error->re_vers.low = msg->rjcted_rply.rj_vers.low;
    error->re_vers.high = msg->rjcted_rply.rj_vers.high;
    break;
  case RPC_AUTHERROR:
    error->re_why = msg->rjcted_rply.rj_why;
    break;
  case RPC_PROGVERSMISMATCH:
    error->re_vers.low = msg->acpted_rply.ar_vers.low;
    error->re_vers.high = msg->acpted_rply.ar_vers.high;
    break;
  default:
    break;
  }
}
