/* migrate - move a running process to another machine of the pool.
 *
 *   migrate PID HOST
 *
 * HOST is a name from /etc/hosts or a dotted address. The process (its
 * owner or the super-user may move it) is frozen where it last left user
 * state and goes on on HOST with the same pid. If the migration fails the
 * process goes on here, untouched, and migrate says why and exits 1.
 * docs/migration.md describes what moves and what refuses. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sun3lab.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: migrate pid host\n");
    return 2;
  }
  int pid = atoi(argv[1]);
  if (pid <= 0) {
    fprintf(stderr, "migrate: %s: not a process id\n", argv[1]);
    return 2;
  }
  unsigned long addr = inet_addr(argv[2]);
  if (addr == (unsigned long)-1) {
    struct hostent *h = gethostbyname(argv[2]);
    if (h == NULL) {
      fprintf(stderr, "migrate: %s: unknown host\n", argv[2]);
      return 2;
    }
    memcpy(&addr, h->h_addr, 4);
  }
  if (pm_migrate(pid, addr) < 0) {
    fprintf(stderr, "migrate: %d to %s: %s\n", pid, argv[2], strerror(errno));
    return 1;
  }
  printf("migrate: %d is on %s\n", pid, argv[2]);
  return 0;
}
