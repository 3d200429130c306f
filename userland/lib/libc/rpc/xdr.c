/* XDR's primitive types (RFC 1014 §3; SunOS 4's xdr.c): integers of
 * every size as one four-byte unit, booleans, enumerations, fixed and
 * counted opaque bytes, strings, discriminated unions, and xdr_free.
 *
 * Each routine does what the stream's x_op says: encode the object,
 * decode into it (allocating what a pointer to null asks for), or free
 * what decoding allocated. A failure anywhere returns FALSE; decoding
 * checks every count against its maximum before it allocates. */
#include <rpc/types.h>
#include <rpc/xdr.h>
#include <string.h>

static char xdr_zero[BYTES_PER_XDR_UNIT];

/* Nothing: what a void argument or result is. */
bool_t xdr_void(void) {
  return TRUE;
}

bool_t xdr_long(XDR *xdrs, long *lp) {
  switch (xdrs->x_op) {
  case XDR_ENCODE:
    return XDR_PUTLONG(xdrs, lp);
  case XDR_DECODE:
    return XDR_GETLONG(xdrs, lp);
  case XDR_FREE:
    return TRUE;
  }
  return FALSE;
}

bool_t xdr_u_long(XDR *xdrs, u_long *ulp) {
  return xdr_long(xdrs, (long *)ulp);
}

/* An int is a long on the 68020: 32 bits either way. */
bool_t xdr_int(XDR *xdrs, int *ip) {
  return xdr_long(xdrs, (long *)ip);
}

bool_t xdr_u_int(XDR *xdrs, u_int *up) {
  return xdr_long(xdrs, (long *)up);
}

/* The smaller integers travel as a whole unit and are cut on the way in. */
bool_t xdr_short(XDR *xdrs, short *sp) {
  long l = *sp;
  if (xdrs->x_op == XDR_FREE) return TRUE;
  if (!xdr_long(xdrs, &l)) return FALSE;
  if (xdrs->x_op == XDR_DECODE) *sp = (short)l;
  return TRUE;
}

bool_t xdr_u_short(XDR *xdrs, u_short *usp) {
  long l = *usp;
  if (xdrs->x_op == XDR_FREE) return TRUE;
  if (!xdr_long(xdrs, &l)) return FALSE;
  if (xdrs->x_op == XDR_DECODE) *usp = (u_short)l;
  return TRUE;
}

bool_t xdr_char(XDR *xdrs, char *cp) {
  long l = *cp;
  if (xdrs->x_op == XDR_FREE) return TRUE;
  if (!xdr_long(xdrs, &l)) return FALSE;
  if (xdrs->x_op == XDR_DECODE) *cp = (char)l;
  return TRUE;
}

bool_t xdr_u_char(XDR *xdrs, u_char *ucp) {
  long l = *ucp;
  if (xdrs->x_op == XDR_FREE) return TRUE;
  if (!xdr_long(xdrs, &l)) return FALSE;
  if (xdrs->x_op == XDR_DECODE) *ucp = (u_char)l;
  return TRUE;
}

/* TRUE travels as 1 and FALSE as 0; coming in, anything but 0 is TRUE (as Sun's). */
bool_t xdr_bool(XDR *xdrs, bool_t *bp) {
  long l = *bp ? 1 : 0;
  if (xdrs->x_op == XDR_FREE) return TRUE;
  if (!xdr_long(xdrs, &l)) return FALSE;
  if (xdrs->x_op == XDR_DECODE) *bp = l != 0;
  return TRUE;
}

/* An enumeration is an int (gcc gives every enum the size of an int). */
bool_t xdr_enum(XDR *xdrs, enum_t *ep) {
  return xdr_long(xdrs, (long *)ep);
}

/* cnt bytes as they are, then zeros up to a whole unit. */
bool_t xdr_opaque(XDR *xdrs, caddr_t cp, u_int cnt) {
  u_int pad = RNDUP(cnt) - cnt;
  char skip[BYTES_PER_XDR_UNIT];
  if (cnt == 0) return TRUE;
  switch (xdrs->x_op) {
  case XDR_DECODE:
    if (!XDR_GETBYTES(xdrs, cp, cnt)) return FALSE;
    return pad == 0 || XDR_GETBYTES(xdrs, skip, pad);
  case XDR_ENCODE:
    if (!XDR_PUTBYTES(xdrs, cp, cnt)) return FALSE;
    return pad == 0 || XDR_PUTBYTES(xdrs, xdr_zero, pad);
  case XDR_FREE:
    return TRUE;
  }
  return FALSE;
}

/* A count (at most maxsize), then that many opaque bytes. Decoding into a
 * null *cpp allocates the bytes. */
bool_t xdr_bytes(XDR *xdrs, char **cpp, u_int *sizep, u_int maxsize) {
  char *sp = *cpp;
  u_int n;
  if (!xdr_u_int(xdrs, sizep)) return FALSE;
  n = *sizep;
  if (n > maxsize && xdrs->x_op != XDR_FREE) return FALSE;
  switch (xdrs->x_op) {
  case XDR_DECODE:
    if (n == 0) return TRUE;
    if (sp == NULL) *cpp = sp = mem_alloc(n);
    if (sp == NULL) return FALSE;
    return xdr_opaque(xdrs, sp, n);
  case XDR_ENCODE:
    return xdr_opaque(xdrs, sp, n);
  case XDR_FREE:
    if (sp != NULL) {
      mem_free(sp, n);
      *cpp = NULL;
    }
    return TRUE;
  }
  return FALSE;
}

bool_t xdr_netobj(XDR *xdrs, struct netobj *np) {
  return xdr_bytes(xdrs, &np->n_bytes, &np->n_len, MAX_NETOBJ_SZ);
}

/* A string: its length (at most maxsize), then its bytes, without the
 * NUL; decoding into a null *cpp allocates it, NUL and all. */
bool_t xdr_string(XDR *xdrs, char **cpp, u_int maxsize) {
  char *sp = *cpp;
  u_int size = 0;
  switch (xdrs->x_op) {
  case XDR_FREE:
    if (sp != NULL) {
      mem_free(sp, strlen(sp) + 1);
      *cpp = NULL;
    }
    return TRUE;
  case XDR_ENCODE:
    if (sp == NULL) return FALSE;
    size = strlen(sp);
    break;
  case XDR_DECODE:
    break;
  }
  if (!xdr_u_int(xdrs, &size)) return FALSE;
  if (size > maxsize) return FALSE;
  switch (xdrs->x_op) {
  case XDR_DECODE:
    if (size + 1 == 0) return FALSE;
    if (sp == NULL) *cpp = sp = mem_alloc(size + 1);
    if (sp == NULL) return FALSE;
    sp[size] = 0;
    return xdr_opaque(xdrs, sp, size);
  case XDR_ENCODE:
    return xdr_opaque(xdrs, sp, size);
  default:
    return FALSE;
  }
}

/* A string of any length: an xdrproc_t of two arguments, for xdr_array and the like. */
bool_t xdr_wrapstring(XDR *xdrs, char **cpp) {
  return xdr_string(xdrs, cpp, LASTUNSIGNED);
}

/* A discriminated union: the discriminant, then the arm its value
 * chooses from choices (ended by a null proc), else dfault (null: no
 * other value is allowed). */
bool_t xdr_union(XDR *xdrs, enum_t *dscmp, char *unp, struct xdr_discrim *choices, xdrproc_t dfault) {
  if (!xdr_enum(xdrs, dscmp)) return FALSE;
  for (; choices->proc != NULL; choices++)
    if (choices->value == *dscmp) return (*choices->proc)(xdrs, unp, LASTUNSIGNED);
  return dfault == NULL ? FALSE : (*dfault)(xdrs, unp, LASTUNSIGNED);
}

/* Free what decoding objp with proc allocated. */
void xdr_free(xdrproc_t proc, char *objp) {
  XDR x;
  x.x_op = XDR_FREE;
  (*proc)(&x, objp);
}
