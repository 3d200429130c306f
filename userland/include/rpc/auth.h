/* rpc/auth.h - sun3lab libc: RPC authentication (RFC 1057 §9; SunOS 4's
 * <rpc/auth.h>).
 *
 * Every call carries a credential (who is calling) and a verifier (proof
 * of it), each an opaque_auth: a flavor and up to 400 bytes. The client
 * side keeps them in an AUTH handle, which marshals them into each call
 * and checks the verifier of each reply; the server side's
 * _authenticate (rpc/svc_auth.h) checks them before the service's
 * dispatch routine is called. Flavors here: AUTH_NULL (nothing) and
 * AUTH_UNIX (uid, gids and machine name, rpc/auth_unix.h). */
#ifndef _RPC_AUTH_H
#define _RPC_AUTH_H

#include <rpc/xdr.h>

#define MAX_AUTH_BYTES 400
#define MAXNETNAMELEN 255

/* Why a call was not authenticated (the reply's auth_stat). */
enum auth_stat {
  AUTH_OK = 0,
  AUTH_BADCRED = 1,        /* bad credential (seal broken) */
  AUTH_REJECTEDCRED = 2,   /* the client must begin a new session */
  AUTH_BADVERF = 3,        /* bad verifier (seal broken) */
  AUTH_REJECTEDVERF = 4,   /* verifier expired or replayed */
  AUTH_TOOWEAK = 5,        /* rejected for security reasons */
  AUTH_INVALIDRESP = 6,    /* the client: the server's verifier is bogus */
  AUTH_FAILED = 7          /* some unknown reason */
};

union des_block {
  struct {
    u_long high;
    u_long low;
  } key;
  char c[8];
};
typedef union des_block des_block;
bool_t xdr_des_block(XDR *xdrs, des_block *blkp);

/* A credential or verifier as it travels: flavor, then its bytes. */
struct opaque_auth {
  enum_t oa_flavor;
  caddr_t oa_base;
  u_int oa_length; /* at most MAX_AUTH_BYTES */
};
bool_t xdr_opaque_auth(XDR *xdrs, struct opaque_auth *ap);

/* The client's authentication handle. */
typedef struct AUTH {
  struct opaque_auth ah_cred;
  struct opaque_auth ah_verf;
  union des_block ah_key;
  struct auth_ops {
    void (*ah_nextverf)(struct AUTH *);                          /* a verifier for the next call */
    bool_t (*ah_marshal)(struct AUTH *, XDR *);                  /* put credential and verifier */
    bool_t (*ah_validate)(struct AUTH *, struct opaque_auth *);  /* check a reply's verifier */
    bool_t (*ah_refresh)(struct AUTH *);                         /* try again after AUTH_ERROR */
    void (*ah_destroy)(struct AUTH *);
  } *ah_ops;
  caddr_t ah_private;
} AUTH;

#define AUTH_NEXTVERF(auth) (*(auth)->ah_ops->ah_nextverf)(auth)
#define auth_nextverf(auth) AUTH_NEXTVERF(auth)
#define AUTH_MARSHALL(auth, xdrs) (*(auth)->ah_ops->ah_marshal)(auth, xdrs)
#define auth_marshall(auth, xdrs) AUTH_MARSHALL(auth, xdrs)
#define AUTH_VALIDATE(auth, verfp) (*(auth)->ah_ops->ah_validate)(auth, verfp)
#define auth_validate(auth, verfp) AUTH_VALIDATE(auth, verfp)
#define AUTH_REFRESH(auth) (*(auth)->ah_ops->ah_refresh)(auth)
#define auth_refresh(auth) AUTH_REFRESH(auth)
#define AUTH_DESTROY(auth) (*(auth)->ah_ops->ah_destroy)(auth)
#define auth_destroy(auth) AUTH_DESTROY(auth)

/* The flavors. */
#define AUTH_NONE 0
#define AUTH_NULL 0
#define AUTH_UNIX 1
#define AUTH_SHORT 2
#define AUTH_DES 3

/* The empty credential and verifier: AUTH_NULL, no bytes. */
extern struct opaque_auth _null_auth;

AUTH *authnone_create(void);
/* AUTH_UNIX with these credentials: the machine's name, uid, gid and len supplementary gids. */
AUTH *authunix_create(char *machname, int uid, int gid, int len, int *aup_gids);
/* AUTH_UNIX with the caller's: gethostname, the effective uid and gid, getgroups. */
AUTH *authunix_create_default(void);

#endif
