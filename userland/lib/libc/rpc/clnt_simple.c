/* callrpc (SunOS 4's clnt_simple.c): one call over UDP, for a program
 * that makes only a few. The client is kept for the next call to the
 * same host, program and version; it retries every 5 seconds for 25.
 * Returns the call's enum clnt_stat (0, RPC_SUCCESS, when it worked). */
#include <netdb.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct {
  CLIENT *client;
  int socket;
  u_long prog, vers;
  char host[256];
} cache = {NULL, RPC_ANYSOCK, 0, 0, ""};

int callrpc(char *host, u_long prognum, u_long versnum, u_long procnum, xdrproc_t inproc, char *in,
            xdrproc_t outproc, char *out) {
  struct timeval wait = {5, 0}, total = {25, 0};
  enum clnt_stat stat;

  if (cache.client == NULL || cache.prog != prognum || cache.vers != versnum || strcmp(cache.host, host) != 0) {
    struct hostent *h = gethostbyname(host);
    struct sockaddr_in sin;
    if (cache.client != NULL) {
      clnt_destroy(cache.client);
      cache.client = NULL;
      cache.socket = RPC_ANYSOCK;
    }
    if (h == NULL) return (int)RPC_UNKNOWNHOST;
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    memcpy(&sin.sin_addr, h->h_addr, sizeof(sin.sin_addr));
    cache.socket = RPC_ANYSOCK;
    cache.client = clntudp_create(&sin, prognum, versnum, wait, &cache.socket);
    if (cache.client == NULL) return (int)rpc_createerr.cf_stat;
    cache.prog = prognum;
    cache.vers = versnum;
    strncpy(cache.host, host, sizeof(cache.host) - 1);
    cache.host[sizeof(cache.host) - 1] = 0;
  }
  stat = clnt_call(cache.client, procnum, inproc, in, outproc, out, total);
  /* A failed call may have left the client in any state: make a new one next time. */
  if (stat != RPC_SUCCESS) {
    clnt_destroy(cache.client);
    cache.client = NULL;
    cache.socket = RPC_ANYSOCK;
  }
  return (int)stat;
}
