/* Checking a call's credentials on the server (SunOS 4's svc_auth.c and
 * svc_auth_unix.c): AUTH_NULL passes, AUTH_UNIX is decoded for the
 * dispatch routine (rq_clntcred), AUTH_SHORT — which this server never
 * hands out — and every other flavor is refused.
 *
 * The AUTH_UNIX credential must be well formed: a machine name of at
 * most 255 bytes, at most 16 gids, and exactly as long as it says.
 * What it claims is believed: nothing here can check it. */
#include <rpc/rpc.h>
#include <string.h>

/* What rq_clntcred points to for AUTH_UNIX: the credential and room for what it holds. */
struct unix_area {
  struct authunix_parms aup;
  char machname[MAX_MACHINE_NAME + 1];
  int gids[NGRPS];
};

static enum auth_stat svcauth_unix(struct svc_req *rq, struct rpc_msg *msg) {
  struct unix_area *area = (struct unix_area *)rq->rq_clntcred;
  struct authunix_parms *aup = &area->aup;
  struct opaque_auth *cred = &msg->rm_call.cb_cred;
  XDR x;
  bool_t ok;
  aup->aup_machname = area->machname;
  aup->aup_gids = area->gids;
  xdrmem_create(&x, cred->oa_base, cred->oa_length, XDR_DECODE);
  ok = xdr_authunix_parms(&x, aup);
  /* The credential must be exactly its fields, nothing after them. */
  if (!ok || XDR_GETPOS(&x) != cred->oa_length) return AUTH_BADCRED;
  rq->rq_xprt->xp_verf.oa_flavor = AUTH_NULL;
  rq->rq_xprt->xp_verf.oa_length = 0;
  return AUTH_OK;
}

enum auth_stat _authenticate(struct svc_req *rq, struct rpc_msg *msg) {
  rq->rq_cred = msg->rm_call.cb_cred;
  rq->rq_xprt->xp_verf = _null_auth;
  switch (rq->rq_cred.oa_flavor) {
  case AUTH_NULL:
    rq->rq_clntcred = NULL;
    return AUTH_OK;
  case AUTH_UNIX:
    return svcauth_unix(rq, msg);
  case AUTH_SHORT:
    /* We gave out no short credential: the client must send its whole one. */
    return AUTH_REJECTEDCRED;
  default:
    return AUTH_BADCRED;
  }
}
