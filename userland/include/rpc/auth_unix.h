/* rpc/auth_unix.h - sun3lab libc: the AUTH_UNIX credential (RFC 1057
 * §9.2; SunOS 4's <rpc/auth_unix.h>): a time stamp, the caller's machine
 * name, uid, gid and supplementary gids. Nothing proves it: a server
 * believes it as far as it trusts the machine it came from. */
#ifndef _RPC_AUTH_UNIX_H
#define _RPC_AUTH_UNIX_H

#include <rpc/auth.h>

#define MAX_MACHINE_NAME 255
/* At most this many supplementary gids travel (RFC 1057: 16). */
#define NGRPS 16

struct authunix_parms {
  u_long aup_time;      /* when the credential was made (seconds since 1970) */
  char *aup_machname;   /* the caller's host name */
  int aup_uid;
  int aup_gid;
  u_int aup_len;        /* how many aup_gids */
  int *aup_gids;
};
bool_t xdr_authunix_parms(XDR *xdrs, struct authunix_parms *p);

/* The verifier of an AUTH_SHORT reply: a shorter credential to use next. */
struct short_hand_verf {
  struct opaque_auth new_cred;
};

#endif
