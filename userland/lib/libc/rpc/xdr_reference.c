/* Pointers (SunOS 4's xdr_reference.c). xdr_reference follows a pointer
 * that is never null (decoding into a null one allocates the object);
 * xdr_pointer also carries null, as a boolean before the object, which
 * is how linked lists travel: each node after a TRUE, a FALSE at the end. */
#include <rpc/types.h>
#include <rpc/xdr.h>
#include <string.h>
#include "rpc_private.h"

bool_t xdr_reference(XDR *xdrs, caddr_t *pp, u_int size, xdrproc_t proc) {
  caddr_t loc = *pp;
  bool_t ok;
  if (loc == NULL) {
    switch (xdrs->x_op) {
    case XDR_FREE:
      return TRUE;
    case XDR_DECODE:
      *pp = loc = mem_alloc(size);
      if (loc == NULL) return FALSE;
      memset(loc, 0, size);
      break;
    case XDR_ENCODE:
      return FALSE;
    }
  }
  ok = (*proc)(xdrs, loc, LASTUNSIGNED);
  if (xdrs->x_op == XDR_FREE) {
    mem_free(loc, size);
    *pp = NULL;
  }
  return ok;
}

bool_t xdr_pointer(XDR *xdrs, char **objpp, u_int objsize, xdrproc_t xdr_obj) {
  bool_t more = *objpp != NULL;
  if (!xdr_bool(xdrs, &more)) return FALSE;
  if (!more) {
    if (xdrs->x_op == XDR_DECODE) *objpp = NULL;
    return TRUE;
  }
  return xdr_reference(xdrs, objpp, objsize, xdr_obj);
}

bool_t _xdr_list(XDR *xdrs, char **headp, u_int size, u_int link, bool_t (*node)(XDR *, char *)) {
  char **rp = headp, *next = NULL;
  for (;;) {
    bool_t more = *rp != NULL;
    if (!xdr_bool(xdrs, &more)) return FALSE;
    if (!more) {
      if (xdrs->x_op == XDR_DECODE) *rp = NULL;
      return TRUE;
    }
    /* Freeing, the node goes: keep where the list goes on. */
    if (xdrs->x_op == XDR_FREE) next = *(char **)(*rp + link);
    if (!xdr_reference(xdrs, rp, size, (xdrproc_t)node)) return FALSE;
    if (xdrs->x_op == XDR_FREE)
      *rp = next;
    else
      rp = (char **)(*rp + link);
  }
}
