/* biod - the NFS client's block I/O daemons (SunOS 4's /usr/etc/biod).
 *
 *   biod [daemons]
 *
 * Starts `daemons` processes (4 if not said), each of which enters the
 * kernel through async_daemon(2) and does the NFS client's read-ahead and
 * write-behind there, so that a process reading or writing a file over
 * NFS need not wait for each call to the server (docs/nfs.md). Without
 * them NFS works, more slowly. The command returns at once. */
#include <errno.h>
#include <nfs/export.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "rpcdaemon.h"

int main(int argc, char **argv) {
  int daemons = argc > 1 ? atoi(argv[1]) : 4;
  if (argc > 2 || daemons < 1 || daemons > 32) {
    fprintf(stderr, "usage: biod [daemons]\n");
    return 2;
  }
  rpc_daemon("biod");
  for (int i = 1; i < daemons; i++) {
    pid_t pid = fork();
    if (pid < 0) perror("biod: fork");
    if (pid <= 0) break;
  }
  async_daemon();
  return errno == EINTR ? 0 : 1;
}
