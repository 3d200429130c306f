/* The header of a call, both ways (SunOS 4's rpc_callmsg.c): xid, CALL,
 * the RPC version, program, version, procedure, credential and verifier.
 *
 * Decoding stops at the first field that is wrong — not a call, an RPC
 * version other than 2, a credential longer than 400 bytes or cut short
 * — having filled in what it read, so that a server can still answer
 * with the right error (svc.c's svc_garbled). The credential and
 * verifier go where cb_cred.oa_base and cb_verf.oa_base point (the
 * server's cred area), or are allocated if those are null. */
#include <rpc/rpc.h>

bool_t xdr_callmsg(XDR *xdrs, struct rpc_msg *cmsg) {
  struct call_body *cb = &cmsg->rm_call;
  if (xdrs->x_op == XDR_ENCODE) {
    if (cb->cb_cred.oa_length > MAX_AUTH_BYTES || cb->cb_verf.oa_length > MAX_AUTH_BYTES) return FALSE;
    cmsg->rm_direction = CALL;
  }
  if (!xdr_u_long(xdrs, &cmsg->rm_xid)) return FALSE;
  if (!xdr_enum(xdrs, (enum_t *)&cmsg->rm_direction)) return FALSE;
  if (cmsg->rm_direction != CALL) return FALSE;
  if (!xdr_u_long(xdrs, &cb->cb_rpcvers)) return FALSE;
  if (cb->cb_rpcvers != RPC_MSG_VERSION) return FALSE;
  return xdr_u_long(xdrs, &cb->cb_prog) && xdr_u_long(xdrs, &cb->cb_vers) && xdr_u_long(xdrs, &cb->cb_proc) &&
         xdr_opaque_auth(xdrs, &cb->cb_cred) && xdr_opaque_auth(xdrs, &cb->cb_verf);
}
