/* kill [-SIG] pid...   kill -l
 * SIG is a name (HUP, SIGHUP, hup) or a number, with the SunOS numbers. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int main(int argc, char **argv) {
  int sig = SIGTERM;
  int i = 1;
  if (argc > 1 && strcmp(argv[1], "-l") == 0) {
    for (int k = 1; k < NSIG; k++) printf("%s%c", sys_signame[k], k % 16 == 0 || k == NSIG - 1 ? '\n' : ' ');
    return 0;
  }
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] != 0) {
    const char *s = argv[1] + 1;
    if (strcmp(s, "s") == 0 && argc > 2) {
      s = argv[2];
      i++;
    }
    if (str2sig(s, &sig) < 0) {
      fprintf(stderr, "kill: %s: unknown signal; kill -l lists them\n", s);
      return 2;
    }
    i++;
  }
  if (i >= argc) {
    fprintf(stderr, "usage: kill [-sig] pid ...\n");
    return 2;
  }
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
