/* The port mapper's XDR (SunOS 4's pmap_prot.c and pmap_prot2.c): a
 * mapping, and the list of them DUMP sends. */
#include <rpc/pmap_prot.h>
#include <rpc/rpc.h>
#include "rpc_private.h"

bool_t xdr_pmap(XDR *xdrs, struct pmap *regs) {
  return xdr_u_long(xdrs, &regs->pm_prog) && xdr_u_long(xdrs, &regs->pm_vers) &&
         xdr_u_long(xdrs, &regs->pm_prot) && xdr_u_long(xdrs, &regs->pm_port);
}

static bool_t pmapnode(XDR *xdrs, char *p) {
  return xdr_pmap(xdrs, &((struct pmaplist *)p)->pml_map);
}

bool_t xdr_pmaplist(XDR *xdrs, struct pmaplist **rp) {
  return _xdr_list(xdrs, (char **)rp, sizeof(struct pmaplist), __builtin_offsetof(struct pmaplist, pml_next),
                   pmapnode);
}
