/* The options kill takes before its operands, shared by /bin/kill and the
 * shell's kill built-in (which adds %n for a job): `-l` lists the signals,
 * `-SIG` or `-s SIG` chooses one, by name or number (str2sig); SIGTERM
 * otherwise. */
#ifndef KILLOPTS_H
#define KILLOPTS_H
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* Reads the options of `argv`, setting *sig. Returns the index of the first
 * operand; 0 when there is nothing more to do (-l has listed the signals);
 * -1 after a message on stderr, prefixed with `prog`, for an unknown signal
 * or no operands. */
static inline int kill_options(const char *prog, const char *operands, int argc, char **argv, int *sig) {
  int i = 1;
  *sig = SIGTERM;
  if (argc > 1 && strcmp(argv[1], "-l") == 0) {
    for (int k = 1; k < NSIG; k++) printf("%s%c", sys_signame[k], k % 16 == 0 || k == NSIG - 1 ? '\n' : ' ');
    return 0;
  }
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] != 0) {
    const char *name = argv[1] + 1;
    if (strcmp(name, "s") == 0 && argc > 2) name = argv[++i];
    if (str2sig(name, sig) < 0) {
      fprintf(stderr, "%s: %s: unknown signal; kill -l lists them\n", prog, name);
      return -1;
    }
    i++;
  }
  if (i >= argc) {
    fprintf(stderr, "usage: kill [-sig] %s ...\n", operands);
    return -1;
  }
  return i;
}

#endif
