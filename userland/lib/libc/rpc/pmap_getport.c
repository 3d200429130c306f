/* Asking a port mapper where a program is (SunOS 4's pmap_getport.c and
 * pmap_getmaps.c): GETPORT over UDP, and the whole map (DUMP) over TCP,
 * as it may not fit in a datagram. */
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <sys/socket.h>

static struct timeval timeout = {5, 0};
static struct timeval tottimeout = {60, 0};

u_short pmap_getport(struct sockaddr_in *address, u_long prog, u_long vers, u_int protocol) {
  u_short port = 0;
  int sock = RPC_ANYSOCK;
  CLIENT *client;
  struct pmap parms;
  address->sin_port = htons(PMAPPORT);
  client = clntudp_bufcreate(address, PMAPPROG, PMAPVERS, timeout, &sock, RPCSMALLMSGSIZE, RPCSMALLMSGSIZE);
  if (client != NULL) {
    parms.pm_prog = prog;
    parms.pm_vers = vers;
    parms.pm_prot = protocol;
    parms.pm_port = 0;
    if (CLNT_CALL(client, PMAPPROC_GETPORT, (xdrproc_t)xdr_pmap, &parms, (xdrproc_t)xdr_u_short, &port,
                  tottimeout) != RPC_SUCCESS) {
      rpc_createerr.cf_stat = RPC_PMAPFAILURE;
      clnt_geterr(client, &rpc_createerr.cf_error);
      port = 0;
    } else if (port == 0) {
      rpc_createerr.cf_stat = RPC_PROGNOTREGISTERED;
    }
    CLNT_DESTROY(client);
  }
  address->sin_port = 0;
  return port;
}

struct pmaplist *pmap_getmaps(struct sockaddr_in *address) {
  struct pmaplist *head = NULL;
  int sock = RPC_ANYSOCK;
  struct timeval minute = {60, 0};
  CLIENT *client;
  address->sin_port = htons(PMAPPORT);
  client = clnttcp_create(address, PMAPPROG, PMAPVERS, &sock, 50, 500);
  if (client != NULL) {
    if (CLNT_CALL(client, PMAPPROC_DUMP, (xdrproc_t)xdr_void, NULL, (xdrproc_t)xdr_pmaplist, &head, minute) !=
        RPC_SUCCESS)
      clnt_perror(client, "pmap_getmaps rpc problem");
    CLNT_DESTROY(client);
  }
  address->sin_port = 0;
  return head;
}
