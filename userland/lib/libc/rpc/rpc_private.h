/* What the files of the RPC library share among themselves (not part of
 * the interface). */
#ifndef _RPC_PRIVATE_H
#define _RPC_PRIVATE_H
#include <rpc/rpc.h>

/* A first transaction id that differs from one process and one moment to the next. */
u_long _rpc_newxid(void);
/* Milliseconds of the time of day, and of a timeval. */
long _rpc_now_ms(void);
long _rpc_tv_ms(struct timeval t);
/* Wait until fd can be read, at most ms milliseconds (-1: for ever): 1, 0
 * on a time-out, -1 on an error (errno; EINTR is waited through). */
int _rpc_waitfd(int fd, long ms);
/* Answer a call that could not be decoded but whose xid was: RPC_MISMATCH
 * for another RPC version, AUTH_BADCRED for a bad credential (svc.c). */
void _svc_garbled(SVCXPRT *xprt, struct rpc_msg *msg);
/* Make fd (a socket) a bound one for a server, on any port (bindresvport
 * first if we are the super-user), and say which port; -1 if it failed. */
int _svc_bindsock(int fd, u_short *port);
/* A linked list as XDR sends it (the port mapper's map, mountd's lists):
 * each node after a TRUE, a FALSE at the end. Nodes are `size` bytes,
 * with their link `link` bytes in, and their fields go through `node`.
 * Walked in a loop, so that a long list cannot run the stack out. */
bool_t _xdr_list(XDR *xdrs, char **headp, u_int size, u_int link, bool_t (*node)(XDR *, char *));
/* The clients' common parts (clnt_reply.c): make reply ready to take a
 * reply whose results go to where through proc; judge a decoded reply
 * into err (TRUE: refreshed credentials, call again; *nrefreshes counts
 * them down), freeing its verifier; free a reply's verifier; answer the
 * control requests about the socket (FALSE for the others). */
void _clnt_initreply(struct rpc_msg *reply, caddr_t where, xdrproc_t proc);
bool_t _clnt_judge(AUTH *auth, struct rpc_msg *reply, struct rpc_err *err, int *nrefreshes);
void _clnt_freeverf(struct rpc_msg *reply);
bool_t _clnt_control_sock(int request, char *info, int sock, struct sockaddr_in *addr, bool_t *closeit);
struct ifreq;
/* The Internet interfaces whose flags have every bit of want and none of
 * refuse, at most max, each as SIOCGIFCONF gave it (name and address);
 * how many, or -1 if SIOCGIFCONF failed. */
int _rpc_interfaces(int sock, struct ifreq *out, int max, int want, int refuse);
#endif
