/* rpc/pmap_prot.h - sun3lab libc: the port mapper's protocol (program
 * 100000, version 2, on UDP and TCP port 111: RFC 1057 Appendix A;
 * SunOS 4's <rpc/pmap_prot.h>).
 *
 * The port mapper keeps the map from (program, version, protocol) to the
 * port a server listens on, so that programs need no ports of their own:
 *   PMAPPROC_NULL    ()                         -> ()
 *   PMAPPROC_SET     (prog, vers, prot, port)   -> bool  (only from this machine)
 *   PMAPPROC_UNSET   (prog, vers, -, -)         -> bool  (likewise)
 *   PMAPPROC_GETPORT (prog, vers, prot, -)      -> port (0: none)
 *   PMAPPROC_DUMP    ()                         -> the whole map
 *   PMAPPROC_CALLIT  (prog, vers, proc, args)   -> (port, results): it calls a
 *                    local UDP service for the caller, and answers only
 *                    if that succeeded (what broadcasts use). */
#ifndef _RPC_PMAP_PROT_H
#define _RPC_PMAP_PROT_H

#include <rpc/xdr.h>

#define PMAPPORT ((u_short)111)
#define PMAPPROG ((u_long)100000)
#define PMAPVERS ((u_long)2)
#define PMAPVERS_PROTO ((u_long)2)
#define PMAPVERS_ORIG ((u_long)1)
#define PMAPPROC_NULL ((u_long)0)
#define PMAPPROC_SET ((u_long)1)
#define PMAPPROC_UNSET ((u_long)2)
#define PMAPPROC_GETPORT ((u_long)3)
#define PMAPPROC_DUMP ((u_long)4)
#define PMAPPROC_CALLIT ((u_long)5)

struct pmap {
  u_long pm_prog;
  u_long pm_vers;
  u_long pm_prot;  /* IPPROTO_UDP or IPPROTO_TCP */
  u_long pm_port;
};
bool_t xdr_pmap(XDR *xdrs, struct pmap *regs);

/* The map as DUMP sends it: each entry after a TRUE, then a FALSE. */
struct pmaplist {
  struct pmap pml_map;
  struct pmaplist *pml_next;
};
bool_t xdr_pmaplist(XDR *xdrs, struct pmaplist **rp);

#endif
