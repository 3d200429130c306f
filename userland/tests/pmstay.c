/* pmstay - a foreign job for loadd's selection (docs/loadsharing.md): it
 * migrates itself to HOST, then takes hold of something that cannot move
 * and computes for a while, so that loadd on HOST finds a foreign job that
 * pm_migrate would refuse.
 *
 *   pmstay HOST WHAT WORK
 *
 * WHAT is "pipe" (a pipe), "tmp" (a file of /tmp: HOST's own disk, under
 * no export), "map" (anonymous memory mapped shared, and shared with a
 * child that waits) or "none" (nothing more: it can move on). Once on HOST it prints "pmstay WHAT pid PID on HOST
 * flags F", F being the flags word pminfo reports for it (PMI_UNMOVABLE
 * and PMI_WHY, <sys/sun3lab.h>), then runs WORK*1000 steps of a
 * generator and prints "pmstay WHAT done on H" where it finishes.
 * With no arguments (on a lone machine, as the other /tests run) it checks
 * what it can there: no pminfo record for a process that never moved,
 * a migration that fails leaving none either, and the flags' decoding. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sun3lab.h>
#include <unistd.h>

#include "check.h"

/* Our own flags as pminfo reports them (-1 if we are not listed). */
static long myflags(void) {
  static struct pminfo pi[64];
  int n = pminfo(pi, 64);
  for (int i = 0; i < n; i++)
    if (pi[i].pm_pid == getpid()) return (long)pi[i].pm_flags;
  return -1;
}

int main(int argc, char **argv) {
  char host[64], name[64];
  int fds[2];
  pid_t child = 0;
  if (argc == 1) {
    CHECK(myflags() == -1, "a process that never migrated has no pminfo record");
    if (pipe(fds) < 0) return 1;
    errno = 0;
    CHECK(migrate("localhost") == -1 && errno != 0, "holding a pipe, a migration fails (errno %d)", errno);
    CHECK(myflags() == -1, "and the failed migration leaves no record (%ld)", myflags());
    CHECK(PMI_WHY(PMI_UNMOVABLE | (PMU_PIPE << 8)) == PMU_PIPE && PMI_WHY(0) == 0, "PMI_WHY decodes the reason");
    return DONE("pmstay");
  }
  if (argc != 4) {
    fprintf(stderr, "usage: pmstay host pipe|tmp|map|none work\n");
    return 2;
  }
  const char *what = argv[2];
  unsigned long work = strtoul(argv[3], NULL, 10) * 1000;
  if (migrate(argv[1]) < 0) {
    perror("pmstay: migrate");
    return 1;
  }
  sprintf(name, "/tmp/pmstay.%d", getpid());
  if (strcmp(what, "pipe") == 0) {
    if (pipe(fds) < 0) return 1;
  } else if (strcmp(what, "tmp") == 0) {
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, name, sizeof(name)) != sizeof(name)) return 1;
  } else if (strcmp(what, "map") == 0) {
    /* Shared memory with a child: its pages cannot be in two places. */
    if (mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0) == MAP_FAILED) return 1;
    fflush(stdout);
    child = fork();
    if (child == 0) {
      pause();
      _exit(0);
    }
  } else if (strcmp(what, "none") != 0) {
    fprintf(stderr, "pmstay: %s: not pipe, tmp, map or none\n", what);
    return 2;
  }
  gethostname(host, sizeof(host));
  printf("pmstay %s pid %d on %s flags 0x%lx\n", what, getpid(), host, myflags());
  unsigned x = 1;
  for (unsigned long i = 0; i < work; i++) x = x * 1103515245u + 12345u;
  gethostname(host, sizeof(host));
  printf("pmstay %s done on %s (%u)\n", what, host, x);
  if (child > 0) kill(child, SIGKILL);
  return 0;
}
