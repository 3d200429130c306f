/* kill [-SIG] pid...   kill -l
 * SIG is a name (HUP, SIGHUP, hup) or a number, with the SunOS numbers. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "killopts.h"

int main(int argc, char **argv) {
  int sig;
  int i = kill_options("kill", "pid", argc, argv, &sig);
  if (i <= 0) return i == 0 ? 0 : 2;
  int rc = 0;
  for (; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*end != 0 || argv[i][0] == 0) {
      fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
      rc = 1;
      continue;
    }
    if (kill((pid_t)pid, sig) < 0) {
      fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
      rc = 1;
    }
  }
  return rc;
}
