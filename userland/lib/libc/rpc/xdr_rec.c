/* An XDR stream of records (RFC 1057 §10, record marking; SunOS 4's
 * xdr_rec.c): how RPC messages travel on TCP, which has no message
 * boundaries of its own.
 *
 * A record is one or more fragments, each after a four-byte header: the
 * fragment's length, with the top bit set on the last fragment of the
 * record. Writing, bytes gather in a buffer whose first four bytes wait
 * for the header; a full buffer goes out as a fragment, and
 * xdrrec_endofrecord sends the last one. Reading, xdrrec_skiprecord
 * moves to the start of the next record, and the routines read through
 * its fragments, headers and all, and fail at its end rather than run
 * into the next record. The bytes themselves move through the caller's
 * readit and writeit (a socket's read and write, with time-outs). */
#include <rpc/types.h>
#include <rpc/xdr.h>
#include <string.h>

#define LAST_FRAG 0x80000000UL
#define DEFAULT_SIZE 4000

struct recstream {
  caddr_t handle;
  int (*readit)(caddr_t, caddr_t, int);
  int (*writeit)(caddr_t, caddr_t, int);
  /* writing */
  char *out_base;     /* the buffer */
  char *out_boundry;  /* its end */
  char *out_finger;   /* where the next byte goes */
  char *frag_header;  /* the header of the fragment being written */
  bool_t frag_sent;   /* part of this record has gone already */
  /* reading */
  char *in_base;
  u_int recvsize;
  char *in_finger;    /* the next byte to take */
  char *in_boundry;   /* the end of what was read */
  u_long fbtbc;       /* bytes of the fragment still to be consumed */
  bool_t last_frag;   /* the fragment being read ends its record */
};

#define RS(xdrs) ((struct recstream *)(xdrs)->x_private)

static void put_header(char *at, u_long value) {
  u_long v = htonl(value);
  memcpy(at, &v, 4);
}

/* Send the buffer: the fragment being written gets its header (the last
 * of its record if eor), and a new fragment begins at the buffer's start. */
static bool_t flush_out(struct recstream *rs, bool_t eor) {
  u_long len = rs->out_finger - rs->frag_header - 4;
  int n = rs->out_finger - rs->out_base;
  put_header(rs->frag_header, len | (eor ? LAST_FRAG : 0));
  if ((*rs->writeit)(rs->handle, rs->out_base, n) != n) return FALSE;
  rs->frag_header = rs->out_base;
  rs->out_finger = rs->out_base + 4;
  return TRUE;
}

static bool_t rec_putbytes(XDR *xdrs, caddr_t addr, u_int len) {
  struct recstream *rs = RS(xdrs);
  while (len > 0) {
    u_int room = rs->out_boundry - rs->out_finger;
    u_int n = len < room ? len : room;
    memcpy(rs->out_finger, addr, n);
    rs->out_finger += n;
    addr += n;
    len -= n;
    if (rs->out_finger == rs->out_boundry) {
      rs->frag_sent = TRUE;
      if (!flush_out(rs, FALSE)) return FALSE;
    }
  }
  return TRUE;
}

static bool_t rec_putlong(XDR *xdrs, long *lp) {
  u_long v = htonl((u_long)*lp);
  return rec_putbytes(xdrs, (caddr_t)&v, 4);
}

/* Read more of the stream into the buffer; FALSE at its end or on an error. */
static bool_t fill_input_buf(struct recstream *rs) {
  int n = (*rs->readit)(rs->handle, rs->in_base, (int)rs->recvsize);
  if (n <= 0) return FALSE;
  rs->in_finger = rs->in_base;
  rs->in_boundry = rs->in_base + n;
  return TRUE;
}

/* len bytes of the stream, headers or data alike (addr null: skip them). */
static bool_t get_input_bytes(struct recstream *rs, caddr_t addr, u_int len) {
  while (len > 0) {
    u_int have = rs->in_boundry - rs->in_finger;
    if (have == 0) {
      if (!fill_input_buf(rs)) return FALSE;
      continue;
    }
    u_int n = len < have ? len : have;
    if (addr != NULL) {
      memcpy(addr, rs->in_finger, n);
      addr += n;
    }
    rs->in_finger += n;
    len -= n;
  }
  return TRUE;
}

/* Read the next fragment's header. */
static bool_t set_input_fragment(struct recstream *rs) {
  u_long header;
  if (!get_input_bytes(rs, (caddr_t)&header, 4)) return FALSE;
  header = ntohl(header);
  rs->last_frag = (header & LAST_FRAG) != 0;
  rs->fbtbc = header & ~LAST_FRAG;
  return TRUE;
}

/* Bytes of the current record: across fragments, never past its end. */
static bool_t rec_getbytes(XDR *xdrs, caddr_t addr, u_int len) {
  struct recstream *rs = RS(xdrs);
  while (len > 0) {
    if (rs->fbtbc == 0) {
      if (rs->last_frag || !set_input_fragment(rs)) return FALSE;
      continue;
    }
    u_int n = len < rs->fbtbc ? len : rs->fbtbc;
    if (!get_input_bytes(rs, addr, n)) return FALSE;
    addr += n;
    len -= n;
    rs->fbtbc -= n;
  }
  return TRUE;
}

static bool_t rec_getlong(XDR *xdrs, long *lp) {
  u_long v;
  if (!rec_getbytes(xdrs, (caddr_t)&v, 4)) return FALSE;
  *lp = (long)ntohl(v);
  return TRUE;
}

/* Where the stream is in its buffer: bytes written since it was last
 * sent, or bytes taken from what was last read. */
static u_int rec_getpos(XDR *xdrs) {
  struct recstream *rs = RS(xdrs);
  if (xdrs->x_op == XDR_ENCODE) return rs->out_finger - rs->out_base;
  return rs->in_finger - rs->in_base;
}

/* Writing, the cursor may move within the fragment still in the buffer
 * (to fill in a length written before what it counts). */
static bool_t rec_setpos(XDR *xdrs, u_int pos) {
  struct recstream *rs = RS(xdrs);
  char *at = rs->out_base + pos;
  if (xdrs->x_op != XDR_ENCODE) return FALSE;
  if (at < rs->frag_header + 4 || at > rs->out_boundry) return FALSE;
  rs->out_finger = at;
  return TRUE;
}

static long *rec_inline(XDR *xdrs, u_int len) {
  struct recstream *rs = RS(xdrs);
  long *buf = NULL;
  if (xdrs->x_op == XDR_ENCODE) {
    if (rs->out_finger + len <= rs->out_boundry) {
      buf = (long *)rs->out_finger;
      rs->out_finger += len;
    }
  } else if (xdrs->x_op == XDR_DECODE) {
    if (len <= rs->fbtbc && rs->in_finger + len <= rs->in_boundry) {
      buf = (long *)rs->in_finger;
      rs->in_finger += len;
      rs->fbtbc -= len;
    }
  }
  return buf;
}

static void rec_destroy(XDR *xdrs) {
  struct recstream *rs = RS(xdrs);
  mem_free(rs->out_base, 0);
  mem_free(rs->in_base, 0);
  mem_free(rs, sizeof(*rs));
}

static struct xdr_ops xdrrec_ops = {rec_getlong, rec_putlong, rec_getbytes, rec_putbytes,
                                    rec_getpos,  rec_setpos,  rec_inline,   rec_destroy};

static u_int fix_size(u_int s) {
  if (s < 100) s = DEFAULT_SIZE;
  return RNDUP(s);
}

void xdrrec_create(XDR *xdrs, u_int sendsize, u_int recvsize, caddr_t tcp_handle, int (*readit)(),
                   int (*writeit)()) {
  struct recstream *rs = mem_alloc(sizeof(*rs));
  xdrs->x_ops = &xdrrec_ops;
  xdrs->x_private = (caddr_t)rs;
  xdrs->x_public = NULL;
  xdrs->x_base = NULL;
  xdrs->x_handy = 0;
  if (rs == NULL) return;
  memset(rs, 0, sizeof(*rs));
  sendsize = fix_size(sendsize);
  rs->recvsize = fix_size(recvsize);
  rs->out_base = mem_alloc(sendsize);
  rs->in_base = mem_alloc(rs->recvsize);
  if (rs->out_base == NULL || rs->in_base == NULL) {
    mem_free(rs->out_base, 0);
    mem_free(rs->in_base, 0);
    mem_free(rs, sizeof(*rs));
    xdrs->x_private = NULL;
    return;
  }
  rs->handle = tcp_handle;
  rs->readit = (int (*)(caddr_t, caddr_t, int))readit;
  rs->writeit = (int (*)(caddr_t, caddr_t, int))writeit;
  rs->out_boundry = rs->out_base + sendsize;
  rs->frag_header = rs->out_base;
  rs->out_finger = rs->out_base + 4;
  rs->in_finger = rs->in_boundry = rs->in_base;
  rs->fbtbc = 0;
  rs->last_frag = TRUE; /* so that the first xdrrec_skiprecord reads a header */
}

/* End the record being written. It goes out now if sendnow, or if part
 * of it has gone already, or the buffer is nearly full; otherwise it
 * waits in the buffer, ended, for the next record to join it. */
bool_t xdrrec_endofrecord(XDR *xdrs, bool_t sendnow) {
  struct recstream *rs = RS(xdrs);
  if (sendnow || rs->frag_sent || rs->out_finger + 4 >= rs->out_boundry) {
    rs->frag_sent = FALSE;
    return flush_out(rs, TRUE);
  }
  put_header(rs->frag_header, (u_long)(rs->out_finger - rs->frag_header - 4) | LAST_FRAG);
  rs->frag_header = rs->out_finger;
  rs->out_finger += 4;
  return TRUE;
}

/* Skip what is left of the current record, fragments and all. */
static bool_t skip_record(struct recstream *rs) {
  while (rs->fbtbc > 0 || !rs->last_frag) {
    if (!get_input_bytes(rs, NULL, rs->fbtbc)) return FALSE;
    rs->fbtbc = 0;
    if (!rs->last_frag && !set_input_fragment(rs)) return FALSE;
  }
  return TRUE;
}

bool_t xdrrec_skiprecord(XDR *xdrs) {
  struct recstream *rs = RS(xdrs);
  if (!skip_record(rs)) return FALSE;
  rs->last_frag = FALSE;
  return TRUE;
}

bool_t xdrrec_eof(XDR *xdrs) {
  struct recstream *rs = RS(xdrs);
  if (!skip_record(rs)) return TRUE;
  return rs->in_finger == rs->in_boundry;
}
