/* Binding RPC sockets (SunOS 4's bindresvport.c, and the binding part
 * of svc_udp.c and svc_tcp.c).
 *
 * A reserved port (below 1024) can be bound only by the super-user, so a
 * server that sees a call come from one knows a privileged process sent
 * it; RPC clients and servers take one when they may, from 600 to 1023. */
#include <errno.h>
#include <rpc/rpc.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpc_private.h"

#define STARTPORT 600
#define ENDPORT 1023
#define NPORTS (ENDPORT - STARTPORT + 1)

int bindresvport(int sd, struct sockaddr_in *sin) {
  static short port;
  struct sockaddr_in any;
  int res = -1;
  if (sin == NULL) {
    memset(&any, 0, sizeof(any));
    any.sin_family = AF_INET;
    sin = &any;
  } else if (sin->sin_family != AF_INET) {
    errno = EPFNOSUPPORT;
    return -1;
  }
  if (port == 0) port = (getpid() % NPORTS) + STARTPORT;
  errno = EADDRINUSE;
  for (int i = 0; i < NPORTS && res < 0 && errno == EADDRINUSE; i++) {
    sin->sin_port = htons(port);
    if (++port > ENDPORT) port = STARTPORT;
    res = bind(sd, (struct sockaddr *)sin, sizeof(struct sockaddr_in));
  }
  return res;
}

int _svc_bindsock(int fd, u_short *port) {
  struct sockaddr_in addr;
  int len = sizeof(addr);
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  /* A socket the caller bound already keeps its address. */
  if (getsockname(fd, (struct sockaddr *)&addr, &len) == 0 && addr.sin_port != 0) {
    *port = ntohs(addr.sin_port);
    return 0;
  }
  if (bindresvport(fd, &addr) < 0) {
    addr.sin_port = 0;
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) return -1;
  }
  len = sizeof(addr);
  if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0) return -1;
  *port = ntohs(addr.sin_port);
  return 0;
}
