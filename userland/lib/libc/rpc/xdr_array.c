/* Arrays (SunOS 4's xdr_array.c): counted (xdr_array, at most maxsize
 * elements; decoding into a null array allocates it) and fixed
 * (xdr_vector), each element by its own routine. */
#include <rpc/types.h>
#include <rpc/xdr.h>
#include <string.h>

bool_t xdr_array(XDR *xdrs, caddr_t *addrp, u_int *sizep, u_int maxsize, u_int elsize, xdrproc_t elproc) {
  caddr_t target = *addrp;
  u_int c, i, nodesize;
  bool_t ok = TRUE;
  if (!xdr_u_int(xdrs, sizep)) return FALSE;
  c = *sizep;
  if (elsize == 0) return FALSE;
  if ((c > maxsize || c > LASTUNSIGNED / elsize) && xdrs->x_op != XDR_FREE) return FALSE;
  nodesize = c * elsize;
  if (target == NULL) {
    switch (xdrs->x_op) {
    case XDR_DECODE:
      if (c == 0) return TRUE;
      *addrp = target = mem_alloc(nodesize);
      if (target == NULL) return FALSE;
      memset(target, 0, nodesize);
      break;
    case XDR_FREE:
      return TRUE;
    case XDR_ENCODE:
      if (c != 0) return FALSE;
      break;
    }
  }
  for (i = 0; i < c && ok; i++) ok = (*elproc)(xdrs, target + i * elsize, LASTUNSIGNED);
  if (xdrs->x_op == XDR_FREE) {
    mem_free(*addrp, nodesize);
    *addrp = NULL;
  }
  return ok;
}

bool_t xdr_vector(XDR *xdrs, char *basep, u_int nelem, u_int elemsize, xdrproc_t xdr_elem) {
  for (u_int i = 0; i < nelem; i++)
    if (!(*xdr_elem)(xdrs, basep + i * elemsize, LASTUNSIGNED)) return FALSE;
  return TRUE;
}
