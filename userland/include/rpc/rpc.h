/* rpc/rpc.h - sun3lab libc: all of ONC RPC (SunOS 4's <rpc/rpc.h>):
 * XDR, authentication, the client and server sides, the port mapper.
 * docs/rpc.md explains them, with an example. */
#ifndef _RPC_RPC_H
#define _RPC_RPC_H

#include <rpc/types.h>
#include <netinet/in.h>
#include <rpc/xdr.h>
#include <rpc/auth.h>
#include <rpc/clnt.h>
#include <rpc/rpc_msg.h>
#include <rpc/auth_unix.h>
#include <rpc/svc.h>
#include <rpc/svc_auth.h>

/* The simple interfaces (SunOS's clnt_simple.c and svc_simple.c): one
 * call over UDP, cached client and all; and a server procedure on a
 * shared UDP transport. */
int callrpc(char *host, u_long prognum, u_long versnum, u_long procnum, xdrproc_t inproc, char *in,
            xdrproc_t outproc, char *out);
int registerrpc(u_long prognum, u_long versnum, u_long procnum, char *(*progname)(), xdrproc_t inproc,
                xdrproc_t outproc);

/* This machine's address, for the port mapper: the first interface that
 * is up and not the loopback, else 127.0.0.1; the port is PMAPPORT. */
void get_myaddress(struct sockaddr_in *addr);
/* Bind sd to a reserved port (600-1023; only the super-user may): sin's address, or any. */
int bindresvport(int sd, struct sockaddr_in *sin);

#endif
