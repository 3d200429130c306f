/* The rstat protocol's XDR (SunOS 4's rstat_xdr.c), field by field in
 * the order they travel (rpcsvc/rstat.h). */
#include <rpcsvc/rstat.h>

bool_t xdr_timeval(XDR *xdrs, struct timeval *tv) {
  return xdr_long(xdrs, &tv->tv_sec) && xdr_long(xdrs, &tv->tv_usec);
}

#define INTS(a) xdr_vector(xdrs, (char *)(a), sizeof(a) / sizeof((a)[0]), sizeof((a)[0]), (xdrproc_t)xdr_int)
#define LONGS(a) xdr_vector(xdrs, (char *)(a), sizeof(a) / sizeof((a)[0]), sizeof((a)[0]), (xdrproc_t)xdr_long)

/* What every version has first: CPU times, disks, paging and interrupts. */
#define COMMON(s)                                                                                          \
  (INTS((s)->cp_time) && INTS((s)->dk_xfer) && xdr_u_int(xdrs, &(s)->v_pgpgin) &&                         \
   xdr_u_int(xdrs, &(s)->v_pgpgout) && xdr_u_int(xdrs, &(s)->v_pswpin) && xdr_u_int(xdrs, &(s)->v_pswpout) && \
   xdr_u_int(xdrs, &(s)->v_intr))

bool_t xdr_statsswtch(XDR *xdrs, struct statsswtch *s) {
  return COMMON(s) && xdr_int(xdrs, &s->if_ipackets) && xdr_int(xdrs, &s->if_ierrors) &&
         xdr_int(xdrs, &s->if_oerrors) && xdr_int(xdrs, &s->if_collisions) && xdr_u_int(xdrs, &s->v_swtch) &&
         LONGS(s->avenrun) && xdr_timeval(xdrs, &s->boottime) && xdr_int(xdrs, &s->if_opackets);
}

bool_t xdr_statstime(XDR *xdrs, struct statstime *s) {
  return COMMON(s) && xdr_int(xdrs, &s->if_ipackets) && xdr_int(xdrs, &s->if_ierrors) &&
         xdr_int(xdrs, &s->if_oerrors) && xdr_int(xdrs, &s->if_collisions) && xdr_u_int(xdrs, &s->v_swtch) &&
         LONGS(s->avenrun) && xdr_timeval(xdrs, &s->boottime) && xdr_timeval(xdrs, &s->curtime) &&
         xdr_int(xdrs, &s->if_opackets);
}

bool_t xdr_statsvar(XDR *xdrs, struct statsvar *s) {
  return xdr_array(xdrs, (caddr_t *)&s->cp_time.cp_time_val, &s->cp_time.cp_time_len, 32, sizeof(int),
                   (xdrproc_t)xdr_int) &&
         xdr_array(xdrs, (caddr_t *)&s->dk_xfer.dk_xfer_val, &s->dk_xfer.dk_xfer_len, 256, sizeof(int),
                   (xdrproc_t)xdr_int) &&
         xdr_u_int(xdrs, &s->v_pgpgin) && xdr_u_int(xdrs, &s->v_pgpgout) && xdr_u_int(xdrs, &s->v_pswpin) &&
         xdr_u_int(xdrs, &s->v_pswpout) && xdr_u_int(xdrs, &s->v_intr) && xdr_int(xdrs, &s->if_ipackets) &&
         xdr_int(xdrs, &s->if_ierrors) && xdr_int(xdrs, &s->if_opackets) && xdr_int(xdrs, &s->if_oerrors) &&
         xdr_int(xdrs, &s->if_collisions) && xdr_u_int(xdrs, &s->v_swtch) && LONGS(s->avenrun) &&
         xdr_timeval(xdrs, &s->boottime) && xdr_timeval(xdrs, &s->curtime);
}
