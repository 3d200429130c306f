/* An XDR stream over a buffer in memory (SunOS 4's xdr_mem.c): what a
 * UDP client or server encodes a datagram into and decodes one from.
 * x_private is the cursor, x_base the start and x_handy the bytes left;
 * running out is a failure, never a write or read past the end. */
#include <rpc/types.h>
#include <rpc/xdr.h>
#include <string.h>

static bool_t mem_getlong(XDR *xdrs, long *lp) {
  u_long v;
  if (xdrs->x_handy < (int)sizeof(long)) return FALSE;
  memcpy(&v, xdrs->x_private, sizeof(long));
  *lp = (long)ntohl(v);
  xdrs->x_private += sizeof(long);
  xdrs->x_handy -= sizeof(long);
  return TRUE;
}

static bool_t mem_putlong(XDR *xdrs, long *lp) {
  u_long v = htonl((u_long)*lp);
  if (xdrs->x_handy < (int)sizeof(long)) return FALSE;
  memcpy(xdrs->x_private, &v, sizeof(long));
  xdrs->x_private += sizeof(long);
  xdrs->x_handy -= sizeof(long);
  return TRUE;
}

static bool_t mem_getbytes(XDR *xdrs, caddr_t addr, u_int len) {
  if ((u_int)xdrs->x_handy < len) return FALSE;
  memcpy(addr, xdrs->x_private, len);
  xdrs->x_private += len;
  xdrs->x_handy -= len;
  return TRUE;
}

static bool_t mem_putbytes(XDR *xdrs, caddr_t addr, u_int len) {
  if ((u_int)xdrs->x_handy < len) return FALSE;
  memcpy(xdrs->x_private, addr, len);
  xdrs->x_private += len;
  xdrs->x_handy -= len;
  return TRUE;
}

static u_int mem_getpos(XDR *xdrs) {
  return (u_int)(xdrs->x_private - xdrs->x_base);
}

/* Move the cursor anywhere between the start and the end of the buffer. */
static bool_t mem_setpos(XDR *xdrs, u_int pos) {
  caddr_t end = xdrs->x_private + xdrs->x_handy;
  if (pos > (u_int)(end - xdrs->x_base)) return FALSE;
  xdrs->x_private = xdrs->x_base + pos;
  xdrs->x_handy = end - xdrs->x_private;
  return TRUE;
}

static long *mem_inline(XDR *xdrs, u_int len) {
  long *buf;
  if ((u_int)xdrs->x_handy < len) return NULL;
  buf = (long *)xdrs->x_private;
  xdrs->x_private += len;
  xdrs->x_handy -= len;
  return buf;
}

static void mem_destroy(XDR *xdrs) {
  (void)xdrs;
}

static struct xdr_ops xdrmem_ops = {mem_getlong, mem_putlong, mem_getbytes, mem_putbytes,
                                    mem_getpos,  mem_setpos,  mem_inline,   mem_destroy};

/* A stream over the size bytes at addr, for op. */
void xdrmem_create(XDR *xdrs, caddr_t addr, u_int size, enum xdr_op op) {
  xdrs->x_op = op;
  xdrs->x_ops = &xdrmem_ops;
  xdrs->x_private = xdrs->x_base = addr;
  xdrs->x_handy = size;
  xdrs->x_public = NULL;
}
