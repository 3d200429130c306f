/* rpc/xdr.h - sun3lab libc: XDR, the External Data Representation of
 * RFC 1014 (SunOS 4's <rpc/xdr.h>).
 *
 * Every datum is a multiple of four bytes, big-endian (the 68020's own
 * order). One routine per type both encodes and decodes it: it looks at
 * the stream's x_op, so that
 *
 *   bool_t xdr_point(XDR *xdrs, struct point *p)
 *   { return xdr_int(xdrs, &p->x) && xdr_int(xdrs, &p->y); }
 *
 * writes a point, reads one back, or (XDR_FREE) frees what decoding
 * allocated. A stream is an XDR handle over memory (xdrmem_create), a
 * TCP record stream (xdrrec_create) or stdio (xdrstdio_create). */
#ifndef _RPC_XDR_H
#define _RPC_XDR_H

#include <netinet/in.h>
#include <rpc/types.h>
#include <stdio.h>

enum xdr_op { XDR_ENCODE = 0, XDR_DECODE = 1, XDR_FREE = 2 };

#define BYTES_PER_XDR_UNIT 4
/* n rounded up to a whole number of XDR units. */
#define RNDUP(n) ((((n) + BYTES_PER_XDR_UNIT - 1) / BYTES_PER_XDR_UNIT) * BYTES_PER_XDR_UNIT)

/* An XDR routine: bool_t proc(XDR *xdrs, void *object [, more]). Declared
 * without a prototype, as Sun's, so that every xdr_* routine fits. */
typedef bool_t (*xdrproc_t)();

/* "As many as there may be": the largest u_int, for maxsize arguments. */
#define LASTUNSIGNED ((u_int)0 - 1)

typedef struct XDR {
  enum xdr_op x_op;          /* what the routines do */
  struct xdr_ops {
    bool_t (*x_getlong)(struct XDR *, long *);         /* take a long from the stream */
    bool_t (*x_putlong)(struct XDR *, long *);         /* put one */
    bool_t (*x_getbytes)(struct XDR *, caddr_t, u_int); /* take bytes */
    bool_t (*x_putbytes)(struct XDR *, caddr_t, u_int); /* put bytes */
    u_int (*x_getpostn)(struct XDR *);                  /* offset in the stream */
    bool_t (*x_setpostn)(struct XDR *, u_int);          /* move there */
    long *(*x_inline)(struct XDR *, u_int);             /* n bytes in place, or null */
    void (*x_destroy)(struct XDR *);                    /* free the stream */
  } *x_ops;
  caddr_t x_public;          /* for the stream's user */
  caddr_t x_private;         /* the stream's own: a cursor, a FILE, a record stream */
  caddr_t x_base;            /* where a memory stream starts */
  int x_handy;               /* bytes left in a memory stream */
} XDR;

#define XDR_GETLONG(x, lp) (*(x)->x_ops->x_getlong)(x, lp)
#define xdr_getlong(x, lp) XDR_GETLONG(x, lp)
#define XDR_PUTLONG(x, lp) (*(x)->x_ops->x_putlong)(x, lp)
#define xdr_putlong(x, lp) XDR_PUTLONG(x, lp)
#define XDR_GETBYTES(x, a, n) (*(x)->x_ops->x_getbytes)(x, a, n)
#define xdr_getbytes(x, a, n) XDR_GETBYTES(x, a, n)
#define XDR_PUTBYTES(x, a, n) (*(x)->x_ops->x_putbytes)(x, a, n)
#define xdr_putbytes(x, a, n) XDR_PUTBYTES(x, a, n)
#define XDR_GETPOS(x) (*(x)->x_ops->x_getpostn)(x)
#define xdr_getpos(x) XDR_GETPOS(x)
#define XDR_SETPOS(x, p) (*(x)->x_ops->x_setpostn)(x, p)
#define xdr_setpos(x, p) XDR_SETPOS(x, p)
#define XDR_INLINE(x, n) (*(x)->x_ops->x_inline)(x, n)
#define xdr_inline(x, n) XDR_INLINE(x, n)
#define XDR_DESTROY(x) \
  do {                                  \
    if ((x)->x_ops->x_destroy)          \
      (*(x)->x_ops->x_destroy)(x);      \
  } while (0)
#define xdr_destroy(x) XDR_DESTROY(x)

/* Reading and writing longs in a buffer got from XDR_INLINE. */
#define IXDR_GET_LONG(buf) ((long)ntohl((u_long) * (buf)++))
#define IXDR_PUT_LONG(buf, v) (*(buf)++ = (long)htonl((u_long)(v)))
#define IXDR_GET_BOOL(buf) ((bool_t)IXDR_GET_LONG(buf))
#define IXDR_GET_ENUM(buf, t) ((t)IXDR_GET_LONG(buf))
#define IXDR_GET_U_LONG(buf) ((u_long)IXDR_GET_LONG(buf))
#define IXDR_GET_SHORT(buf) ((short)IXDR_GET_LONG(buf))
#define IXDR_GET_U_SHORT(buf) ((u_short)IXDR_GET_LONG(buf))
#define IXDR_PUT_BOOL(buf, v) IXDR_PUT_LONG(buf, (long)(v))
#define IXDR_PUT_ENUM(buf, v) IXDR_PUT_LONG(buf, (long)(v))
#define IXDR_PUT_U_LONG(buf, v) IXDR_PUT_LONG(buf, (long)(v))
#define IXDR_PUT_SHORT(buf, v) IXDR_PUT_LONG(buf, (long)(v))
#define IXDR_PUT_U_SHORT(buf, v) IXDR_PUT_LONG(buf, (long)(v))

/* One arm of a discriminated union (xdr_union): the value, and the
 * routine for the arm; a table of them ends with a null routine. */
struct xdr_discrim {
  int value;
  xdrproc_t proc;
};

/* The primitives (xdr.c, xdr_array.c, xdr_reference.c). */
bool_t xdr_void(void);
bool_t xdr_int(XDR *xdrs, int *ip);
bool_t xdr_u_int(XDR *xdrs, u_int *up);
bool_t xdr_long(XDR *xdrs, long *lp);
bool_t xdr_u_long(XDR *xdrs, u_long *ulp);
bool_t xdr_short(XDR *xdrs, short *sp);
bool_t xdr_u_short(XDR *xdrs, u_short *usp);
bool_t xdr_char(XDR *xdrs, char *cp);
bool_t xdr_u_char(XDR *xdrs, u_char *ucp);
bool_t xdr_bool(XDR *xdrs, bool_t *bp);
bool_t xdr_enum(XDR *xdrs, enum_t *ep);
bool_t xdr_opaque(XDR *xdrs, caddr_t cp, u_int cnt);
bool_t xdr_bytes(XDR *xdrs, char **cpp, u_int *sizep, u_int maxsize);
bool_t xdr_string(XDR *xdrs, char **cpp, u_int maxsize);
bool_t xdr_wrapstring(XDR *xdrs, char **cpp);
bool_t xdr_union(XDR *xdrs, enum_t *dscmp, char *unp, struct xdr_discrim *choices, xdrproc_t dfault);
bool_t xdr_array(XDR *xdrs, caddr_t *addrp, u_int *sizep, u_int maxsize, u_int elsize, xdrproc_t elproc);
bool_t xdr_vector(XDR *xdrs, char *basep, u_int nelem, u_int elemsize, xdrproc_t xdr_elem);
bool_t xdr_reference(XDR *xdrs, caddr_t *pp, u_int size, xdrproc_t proc);
bool_t xdr_pointer(XDR *xdrs, char **objpp, u_int objsize, xdrproc_t xdr_obj);
/* Free what decoding an object with proc allocated (the object itself stays). */
void xdr_free(xdrproc_t proc, char *objp);

/* A counted string of bytes: RPC's opaque "netobj". */
#define MAX_NETOBJ_SZ 1024
struct netobj {
  u_int n_len;
  char *n_bytes;
};
typedef struct netobj netobj;
bool_t xdr_netobj(XDR *xdrs, struct netobj *np);

/* The streams. */
void xdrmem_create(XDR *xdrs, caddr_t addr, u_int size, enum xdr_op op);
void xdrstdio_create(XDR *xdrs, FILE *file, enum xdr_op op);
/* A record stream (RFC 1057's record marking, for TCP): records of
 * fragments, each after a four-byte header (the length, and the top bit
 * on the last fragment of a record). readit and writeit move the bytes:
 * int (*)(caddr_t handle, caddr_t buf, int len), returning the count or -1. */
void xdrrec_create(XDR *xdrs, u_int sendsize, u_int recvsize, caddr_t tcp_handle, int (*readit)(),
                   int (*writeit)());
/* End the record being written (send it now if sendnow, else when the buffer fills). */
bool_t xdrrec_endofrecord(XDR *xdrs, bool_t sendnow);
/* Skip what is left of the record being read; the next read starts the next record. */
bool_t xdrrec_skiprecord(XDR *xdrs);
/* Skip the rest of this record; TRUE if no more bytes are buffered after it. */
bool_t xdrrec_eof(XDR *xdrs);

#endif
