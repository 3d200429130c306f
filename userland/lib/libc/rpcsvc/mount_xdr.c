/* The MOUNT protocol's XDR (RFC 1094 Appendix A; SunOS 4's
 * mount_xdr.c): paths, file handles, and the lists DUMP and EXPORT send,
 * walked in loops so that a long list cannot run the stack out. */
#include <rpcsvc/mount.h>
#include "../rpc/rpc_private.h"

bool_t xdr_path(XDR *xdrs, char **pathp) {
  return xdr_string(xdrs, pathp, MNTPATHLEN);
}

static bool_t xdr_name(XDR *xdrs, char **namep) {
  return xdr_string(xdrs, namep, MNTNAMLEN);
}

bool_t xdr_fhandle(XDR *xdrs, fhandle_t *fhp) {
  return xdr_opaque(xdrs, fhp->fh_data, NFS_FHSIZE);
}

bool_t xdr_fhstatus(XDR *xdrs, struct fhstatus *fhsp) {
  if (!xdr_int(xdrs, &fhsp->fhs_status)) return FALSE;
  return fhsp->fhs_status != 0 || xdr_fhandle(xdrs, &fhsp->fhs_fh);
}

static bool_t mountbody(XDR *xdrs, char *p) {
  struct mountlist *ml = (struct mountlist *)p;
  return xdr_name(xdrs, &ml->ml_name) && xdr_path(xdrs, &ml->ml_path);
}

bool_t xdr_mountlist(XDR *xdrs, struct mountlist **mlp) {
  return _xdr_list(xdrs, (char **)mlp, sizeof(struct mountlist), __builtin_offsetof(struct mountlist, ml_nxt),
                  mountbody);
}

static bool_t groupbody(XDR *xdrs, char *p) {
  return xdr_name(xdrs, &((struct groups *)p)->g_name);
}

bool_t xdr_groups(XDR *xdrs, struct groups **gr) {
  return _xdr_list(xdrs, (char **)gr, sizeof(struct groups), __builtin_offsetof(struct groups, g_next), groupbody);
}

static bool_t exportbody(XDR *xdrs, char *p) {
  struct exports *ex = (struct exports *)p;
  return xdr_path(xdrs, &ex->ex_name) && xdr_groups(xdrs, &ex->ex_groups);
}

bool_t xdr_exports(XDR *xdrs, struct exports **exp) {
  return _xdr_list(xdrs, (char **)exp, sizeof(struct exports), __builtin_offsetof(struct exports, ex_next),
                  exportbody);
}
