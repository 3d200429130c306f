/* Registering with this machine's port mapper (SunOS 4's pmap_clnt.c):
 * SET and UNSET, sent over UDP to 127.0.0.1 (the port mapper accepts
 * them only from this machine), retried every 5 seconds for a minute. */
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/socket.h>

static struct timeval timeout = {5, 0};
static struct timeval tottimeout = {60, 0};

/* Call the local port mapper's proc with parms; the boolean it answers, or FALSE. */
static bool_t pmap_local(u_long proc, struct pmap *parms, char *what) {
  struct sockaddr_in addr;
  int sock = RPC_ANYSOCK;
  CLIENT *client;
  bool_t rslt = FALSE;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(PMAPPORT);
  client = clntudp_bufcreate(&addr, PMAPPROG, PMAPVERS, timeout, &sock, RPCSMALLMSGSIZE, RPCSMALLMSGSIZE);
  if (client == NULL) return FALSE;
  if (CLNT_CALL(client, proc, (xdrproc_t)xdr_pmap, parms, (xdrproc_t)xdr_bool, &rslt, tottimeout) !=
      RPC_SUCCESS) {
    clnt_perror(client, what);
    rslt = FALSE;
  }
  CLNT_DESTROY(client);
  return rslt;
}

bool_t pmap_set(u_long prog, u_long vers, int protocol, u_short port) {
  struct pmap parms;
  parms.pm_prog = prog;
  parms.pm_vers = vers;
  parms.pm_prot = (u_long)protocol;
  parms.pm_port = port;
  return pmap_local(PMAPPROC_SET, &parms, "Cannot register service");
}

bool_t pmap_unset(u_long prog, u_long vers) {
  struct pmap parms;
  parms.pm_prog = prog;
  parms.pm_vers = vers;
  parms.pm_prot = 0;
  parms.pm_port = 0;
  return pmap_local(PMAPPROC_UNSET, &parms, "Cannot unregister service");
}
