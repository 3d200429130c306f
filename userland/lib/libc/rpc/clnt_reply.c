/* What the UDP and TCP clients share: getting ready for a reply, judging
 * it, and the control requests that are about the socket. */
#include <rpc/rpc.h>
#include "rpc_private.h"

void _clnt_initreply(struct rpc_msg *reply, caddr_t where, xdrproc_t proc) {
  reply->rm_reply.rp_stat = MSG_ACCEPTED; /* until the reply says otherwise */
  reply->acpted_rply.ar_verf = _null_auth;
  reply->acpted_rply.ar_results.where = where;
  reply->acpted_rply.ar_results.proc = proc;
}

void _clnt_freeverf(struct rpc_msg *reply) {
  /* A denied reply's fields share the verifier's place: only an accepted one has one. */
  if (reply->rm_reply.rp_stat == MSG_ACCEPTED && reply->acpted_rply.ar_verf.oa_base != NULL)
    xdr_free((xdrproc_t)xdr_opaque_auth, (char *)&reply->acpted_rply.ar_verf);
}

bool_t _clnt_judge(AUTH *auth, struct rpc_msg *reply, struct rpc_err *err, int *nrefreshes) {
  bool_t again = FALSE;
  _seterr_reply(reply, err);
  if (err->re_status == RPC_SUCCESS) {
    /* The server's verifier must be what the credentials expect. */
    if (!AUTH_VALIDATE(auth, &reply->acpted_rply.ar_verf)) {
      err->re_status = RPC_AUTHERROR;
      err->re_why = AUTH_INVALIDRESP;
    }
  } else if (err->re_status == RPC_AUTHERROR && *nrefreshes > 0 && AUTH_REFRESH(auth)) {
    /* Credentials that can be made good again: call again with them. */
    (*nrefreshes)--;
    again = TRUE;
  }
  _clnt_freeverf(reply);
  return again;
}

bool_t _clnt_control_sock(int request, char *info, int sock, struct sockaddr_in *addr, bool_t *closeit) {
  switch (request) {
  case CLGET_SERVER_ADDR:
    *(struct sockaddr_in *)info = *addr;
    return TRUE;
  case CLGET_FD:
    *(int *)info = sock;
    return TRUE;
  case CLSET_FD_CLOSE:
    *closeit = TRUE;
    return TRUE;
  case CLSET_FD_NCLOSE:
    *closeit = FALSE;
    return TRUE;
  default:
    return FALSE;
  }
}
