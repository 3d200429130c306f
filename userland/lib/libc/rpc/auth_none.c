/* AUTH_NULL, the credential that says nothing (SunOS 4's auth_none.c):
 * what a client handle carries until it is given another. One handle
 * serves every client; destroying it does nothing. */
#include <rpc/rpc.h>

static void none_nextverf(AUTH *auth) {
  (void)auth;
}

static bool_t none_marshal(AUTH *auth, XDR *xdrs) {
  return xdr_opaque_auth(xdrs, &auth->ah_cred) && xdr_opaque_auth(xdrs, &auth->ah_verf);
}

static bool_t none_validate(AUTH *auth, struct opaque_auth *verf) {
  (void)auth;
  (void)verf;
  return TRUE;
}

static bool_t none_refresh(AUTH *auth) {
  (void)auth;
  return FALSE;
}

static void none_destroy(AUTH *auth) {
  (void)auth;
}

static struct auth_ops none_ops = {none_nextverf, none_marshal, none_validate, none_refresh, none_destroy};
static AUTH none_auth;

AUTH *authnone_create(void) {
  none_auth.ah_cred = _null_auth;
  none_auth.ah_verf = _null_auth;
  none_auth.ah_ops = &none_ops;
  return &none_auth;
}
