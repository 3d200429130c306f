/* nfsd - the NFS server daemons (SunOS 4's /usr/etc/nfsd).
 *
 *   nfsd [servers]
 *
 * Opens a UDP socket on port 2049, registers NFS (program 100003,
 * version 2) with the port mapper, and starts `servers` processes (4 if
 * not said), each of which enters the kernel through nfssvc(2) and serves
 * calls there for ever: the server itself is in the kernel
 * (docs/nfs.md). The command returns at once, as rc expects; kill ends
 * the servers. */
#include <errno.h>
#include <netinet/in.h>
#include <nfs/export.h>
#include <rpc/pmap_clnt.h>
#include <rpc/rpc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "rpcdaemon.h"

#define NFS_PROGRAM 100003
#define NFS_VERSION 2
#define NFS_PORT 2049

int main(int argc, char **argv) {
  int servers = argc > 1 ? atoi(argv[1]) : 4;
  struct sockaddr_in sin;
  int s;
  if (argc > 2 || servers < 1 || servers > 32) {
    fprintf(stderr, "usage: nfsd [servers]\n");
    return 2;
  }
  s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) {
    perror("nfsd: socket");
    return 1;
  }
  memset(&sin, 0, sizeof(sin));
  sin.sin_family = AF_INET;
  sin.sin_port = htons(NFS_PORT);
  if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
    perror("nfsd: bind");
    return 1;
  }
  pmap_unset(NFS_PROGRAM, NFS_VERSION);
  if (!pmap_set(NFS_PROGRAM, NFS_VERSION, IPPROTO_UDP, NFS_PORT))
    fprintf(stderr, "nfsd: cannot register with the port mapper\n");
  rpc_daemon("nfsd");
  for (int i = 1; i < servers; i++) {
    pid_t pid = fork();
    if (pid < 0) perror("nfsd: fork");
    if (pid <= 0) break;
  }
  nfssvc(s);
  /* Only a signal brings a server back. */
  return errno == EINTR ? 0 : 1;
}
