/* clnt_create (SunOS 4's clnt_generic.c): a client to a program on a
 * host named in /etc/hosts, over "udp" (retrying every 5 seconds) or
 * "tcp"; the port comes from the host's port mapper. */
#include <errno.h>
#include <netdb.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/socket.h>

CLIENT *clnt_create(char *host, u_long prog, u_long vers, char *proto) {
  struct hostent *h;
  struct sockaddr_in sin;
  struct timeval wait;
  int sock = RPC_ANYSOCK;
  CLIENT *cl;

  h = gethostbyname(host);
  if (h == NULL) {
    rpc_createerr.cf_stat = RPC_UNKNOWNHOST;
    return NULL;
  }
  if (h->h_addrtype != AF_INET) {
    rpc_createerr.cf_stat = RPC_SYSTEMERROR;
    rpc_createerr.cf_error.re_errno = EAFNOSUPPORT;
    return NULL;
  }
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_port = 0;
  memcpy(&sin.sin_addr, h->h_addr, sizeof(sin.sin_addr));
  if (strcmp(proto, "udp") == 0) {
    wait.tv_sec = 5;
    wait.tv_usec = 0;
    cl = clntudp_create(&sin, prog, vers, wait, &sock);
  } else if (strcmp(proto, "tcp") == 0) {
    cl = clnttcp_create(&sin, prog, vers, &sock, 0, 0);
  } else {
    rpc_createerr.cf_stat = RPC_UNKNOWNPROTO;
    return NULL;
  }
  return cl;
}
