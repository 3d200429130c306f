/* rpc/pmap_clnt.h - sun3lab libc: calling the port mapper (SunOS 4's
 * <rpc/pmap_clnt.h>). */
#ifndef _RPC_PMAP_CLNT_H
#define _RPC_PMAP_CLNT_H

#include <rpc/clnt.h>
#include <rpc/pmap_prot.h>

/* Register (or drop) prog and vers at this machine's port mapper. */
bool_t pmap_set(u_long prog, u_long vers, int protocol, u_short port);
bool_t pmap_unset(u_long prog, u_long vers);
/* The map of the port mapper at address (over TCP), null if none or it failed. */
struct pmaplist *pmap_getmaps(struct sockaddr_in *address);
/* The port of prog, vers and protocol at address, 0 if none (rpc_createerr says why). */
u_short pmap_getport(struct sockaddr_in *address, u_long prog, u_long vers, u_int protocol);
/* Call prog, vers and proc through the port mapper at addr (CALLIT);
 * *port_ptr gets the service's port. */
enum clnt_stat pmap_rmtcall(struct sockaddr_in *addr, u_long prog, u_long vers, u_long proc, xdrproc_t xdrargs,
                            caddr_t argsp, xdrproc_t xdrres, caddr_t resp, struct timeval tout,
                            u_long *port_ptr);

/* Called with each reply to a broadcast: (results, the replying port
 * mapper's address); TRUE ends the broadcast. */
typedef bool_t (*resultproc_t)();
/* Call prog, vers and proc on every machine of every attached network
 * through their port mappers (CALLIT to each interface's broadcast
 * address, with AUTH_UNIX credentials), calling eachresult with every
 * reply; sent again after 4, 6, 8, 10, 12 and 14 seconds.
 * RPC_TIMEDOUT once the time is over, RPC_SUCCESS if eachresult ended it. */
enum clnt_stat clnt_broadcast(u_long prog, u_long vers, u_long proc, xdrproc_t xargs, caddr_t argsp,
                              xdrproc_t xresults, caddr_t resultsp, resultproc_t eachresult);

#endif
