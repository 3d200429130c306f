/* An XDR stream over a stdio FILE (SunOS 4's xdr_stdio.c): XDR data in a
 * file, or through a pipe. */
#include <rpc/types.h>
#include <rpc/xdr.h>
#include <stdio.h>

#define FP(xdrs) ((FILE *)(xdrs)->x_private)

static bool_t stdio_getlong(XDR *xdrs, long *lp) {
  u_long v;
  if (fread(&v, sizeof(long), 1, FP(xdrs)) != 1) return FALSE;
  *lp = (long)ntohl(v);
  return TRUE;
}

static bool_t stdio_putlong(XDR *xdrs, long *lp) {
  u_long v = htonl((u_long)*lp);
  return fwrite(&v, sizeof(long), 1, FP(xdrs)) == 1;
}

static bool_t stdio_getbytes(XDR *xdrs, caddr_t addr, u_int len) {
  return len == 0 || fread(addr, len, 1, FP(xdrs)) == 1;
}

static bool_t stdio_putbytes(XDR *xdrs, caddr_t addr, u_int len) {
  return len == 0 || fwrite(addr, len, 1, FP(xdrs)) == 1;
}

static u_int stdio_getpos(XDR *xdrs) {
  return (u_int)ftell(FP(xdrs));
}

static bool_t stdio_setpos(XDR *xdrs, u_int pos) {
  return fseek(FP(xdrs), (long)pos, 0) == 0;
}

/* A FILE's buffer is not the caller's to use in place. */
static long *stdio_inline(XDR *xdrs, u_int len) {
  (void)xdrs;
  (void)len;
  return NULL;
}

/* Destroying the stream flushes it; the FILE stays open. */
static void stdio_destroy(XDR *xdrs) {
  fflush(FP(xdrs));
}

static struct xdr_ops xdrstdio_ops = {stdio_getlong, stdio_putlong, stdio_getbytes, stdio_putbytes,
                                      stdio_getpos,  stdio_setpos,  stdio_inline,   stdio_destroy};

void xdrstdio_create(XDR *xdrs, FILE *file, enum xdr_op op) {
  xdrs->x_op = op;
  xdrs->x_ops = &xdrstdio_ops;
  xdrs->x_private = (caddr_t)file;
  xdrs->x_handy = 0;
  xdrs->x_base = NULL;
  xdrs->x_public = NULL;
}
