/* AUTH_UNIX on the client (SunOS 4's auth_unix.c): the credential is
 * encoded once, when the handle is made, and sent with every call; the
 * verifier is AUTH_NULL. A server may answer with an AUTH_SHORT
 * verifier, a shorter credential to send instead from then on; if it
 * later refuses that, refreshing goes back to the whole one. */
#include <rpc/rpc.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct audata {
  struct opaque_auth orig;   /* the whole credential */
  struct opaque_auth shcred; /* the server's short one, if it gave one */
};

#define AUDATA(auth) ((struct audata *)(auth)->ah_private)

static void unix_nextverf(AUTH *auth) {
  (void)auth;
}

static bool_t unix_marshal(AUTH *auth, XDR *xdrs) {
  return xdr_opaque_auth(xdrs, &auth->ah_cred) && xdr_opaque_auth(xdrs, &auth->ah_verf);
}

/* Copy an opaque_auth's bytes into memory of the handle's own. */
static bool_t keep(struct opaque_auth *to, struct opaque_auth *from) {
  to->oa_flavor = from->oa_flavor;
  to->oa_length = from->oa_length;
  to->oa_base = mem_alloc(from->oa_length ? from->oa_length : 1);
  if (to->oa_base == NULL) return FALSE;
  memcpy(to->oa_base, from->oa_base, from->oa_length);
  return TRUE;
}

static void drop(struct opaque_auth *oa) {
  if (oa->oa_base != NULL) mem_free(oa->oa_base, oa->oa_length);
  oa->oa_base = NULL;
  oa->oa_length = 0;
}

/* A reply's verifier: AUTH_SHORT carries a credential to use from now on. */
static bool_t unix_validate(AUTH *auth, struct opaque_auth *verf) {
  struct audata *au = AUDATA(auth);
  struct opaque_auth sh;
  XDR x;
  if (verf->oa_flavor != AUTH_SHORT) return TRUE;
  sh.oa_base = NULL;
  xdrmem_create(&x, verf->oa_base, verf->oa_length, XDR_DECODE);
  if (xdr_opaque_auth(&x, &sh)) {
    drop(&au->shcred);
    if (keep(&au->shcred, &sh)) auth->ah_cred = au->shcred;
  }
  xdr_free((xdrproc_t)xdr_opaque_auth, (char *)&sh);
  return TRUE;
}

/* After AUTH_ERROR: back to the whole credential, if a short one was refused. */
static bool_t unix_refresh(AUTH *auth) {
  struct audata *au = AUDATA(auth);
  if (auth->ah_cred.oa_base == au->orig.oa_base) return FALSE;
  auth->ah_cred = au->orig;
  drop(&au->shcred);
  return TRUE;
}

static void unix_destroy(AUTH *auth) {
  struct audata *au = AUDATA(auth);
  drop(&au->orig);
  drop(&au->shcred);
  mem_free(au, sizeof(*au));
  mem_free(auth, sizeof(*auth));
}

static struct auth_ops unix_ops = {unix_nextverf, unix_marshal, unix_validate, unix_refresh, unix_destroy};

/* A handle sending these credentials. Null if the name is longer than
 * 255 bytes, there are more than 16 gids, or there is no memory. */
AUTH *authunix_create(char *machname, int uid, int gid, int len, int *aup_gids) {
  struct authunix_parms aup;
  char buf[MAX_AUTH_BYTES];
  struct opaque_auth cred;
  AUTH *auth;
  struct audata *au;
  XDR x;
  if (len < 0) len = 0;
  aup.aup_time = (u_long)time(NULL);
  aup.aup_machname = machname;
  aup.aup_uid = uid;
  aup.aup_gid = gid;
  aup.aup_len = (u_int)len;
  aup.aup_gids = aup_gids;
  xdrmem_create(&x, buf, sizeof(buf), XDR_ENCODE);
  if (!xdr_authunix_parms(&x, &aup)) return NULL;
  cred.oa_flavor = AUTH_UNIX;
  cred.oa_base = buf;
  cred.oa_length = XDR_GETPOS(&x);
  auth = mem_alloc(sizeof(*auth));
  au = mem_alloc(sizeof(*au));
  if (auth == NULL || au == NULL || !keep(&au->orig, &cred)) {
    mem_free(auth, sizeof(*auth));
    mem_free(au, sizeof(*au));
    return NULL;
  }
  au->shcred.oa_base = NULL;
  au->shcred.oa_length = 0;
  auth->ah_ops = &unix_ops;
  auth->ah_private = (caddr_t)au;
  auth->ah_cred = au->orig;
  auth->ah_verf = _null_auth;
  return auth;
}

/* The caller's own: this machine's name, the effective uid and gid, the groups. */
AUTH *authunix_create_default(void) {
  char machname[MAX_MACHINE_NAME + 1];
  int gids[NGRPS];
  int len;
  if (gethostname(machname, sizeof(machname)) < 0) machname[0] = 0;
  machname[MAX_MACHINE_NAME] = 0;
  len = getgroups(NGRPS, gids);
  if (len < 0) len = 0;
  return authunix_create(machname, (int)geteuid(), (int)getegid(), len, gids);
}
