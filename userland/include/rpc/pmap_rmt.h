/* rpc/pmap_rmt.h - sun3lab libc: the arguments and results of the port
 * mapper's CALLIT, the indirect call (SunOS 4's <rpc/pmap_rmt.h>). On
 * the wire the call's arguments and the results are each a counted
 * string of bytes, the XDR of what is being carried. */
#ifndef _RPC_PMAP_RMT_H
#define _RPC_PMAP_RMT_H

#include <rpc/xdr.h>

struct rmtcallargs {
  u_long prog, vers, proc;
  u_long arglen;       /* set while encoding */
  caddr_t args_ptr;
  xdrproc_t xdr_args;  /* encodes *args_ptr */
};
bool_t xdr_rmtcall_args(XDR *xdrs, struct rmtcallargs *cap);

struct rmtcallres {
  u_long *port_ptr;      /* where the service's port goes */
  u_long resultslen;
  caddr_t results_ptr;
  xdrproc_t xdr_results; /* decodes *results_ptr */
};
bool_t xdr_rmtcallres(XDR *xdrs, struct rmtcallres *crp);

#endif
