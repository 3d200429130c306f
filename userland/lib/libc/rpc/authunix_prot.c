/* The AUTH_UNIX credential's body (RFC 1057 §9.2; SunOS 4's
 * authunix_prot.c): stamp, machine name (at most 255 bytes), uid, gid,
 * and at most 16 gids. */
#include <rpc/rpc.h>

bool_t xdr_authunix_parms(XDR *xdrs, struct authunix_parms *p) {
  return xdr_u_long(xdrs, &p->aup_time) && xdr_string(xdrs, &p->aup_machname, MAX_MACHINE_NAME) &&
         xdr_int(xdrs, &p->aup_uid) && xdr_int(xdrs, &p->aup_gid) &&
         xdr_array(xdrs, (caddr_t *)&p->aup_gids, &p->aup_len, NGRPS, sizeof(int), (xdrproc_t)xdr_int);
}
