/* nice [-N | -n N] command [args...] - runs a command at a lower (or, for
 * root, higher) priority: setpriority(PRIO_PROCESS, 0, current + N). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int incr = 10;
  int i = 1;
  if (i < argc && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
    incr = atoi(argv[i + 1]);
    i += 2;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1] != 0) {
    incr = atoi(argv[i] + 1);
    i++;
  } else if (i < argc && argv[i][0] == '+') {
    incr = atoi(argv[i] + 1);
    i++;
  }
  if (i >= argc) {
    fprintf(stderr, "usage: nice [-n] command [args...]\n");
    return 2;
  }
  errno = 0;
  int prio = getpriority(PRIO_PROCESS, 0);
  if (prio == -1 && errno != 0) prio = 0;
  if (errno == ENOSYS || setpriority(PRIO_PROCESS, 0, prio + incr) < 0)
    fprintf(stderr, "nice: setpriority: %s\n", strerror(errno));
  execvp(argv[i], argv + i);
  fprintf(stderr, "nice: %s: %s\n", argv[i], errno == ENOENT ? "not found" : strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
