/* getopt, POSIX style. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1;
int opterr = 1;
int optopt;
static int pos = 1; /* position inside the current argv element */

int getopt(int argc, char *const argv[], const char *opts) {
  optarg = NULL;
  if (optind >= argc || argv[optind] == NULL || argv[optind][0] != '-' || argv[optind][1] == 0) return -1;
  if (strcmp(argv[optind], "--") == 0) {
    optind++;
    return -1;
  }
  int c = (unsigned char)argv[optind][pos];
  const char *spec = c == ':' ? NULL : strchr(opts, c);
  optopt = c;
  if (spec == NULL) {
    if (opterr && opts[0] != ':') fprintf(stderr, "%s: illegal option -- %c\n", argv[0], c);
    if (argv[optind][++pos] == 0) {
      optind++;
      pos = 1;
    }
    return '?';
  }
  if (spec[1] == ':') {
    if (argv[optind][pos + 1] != 0) {
      optarg = &argv[optind][pos + 1];
      optind++;
    } else if (optind + 1 < argc) {
      optarg = argv[optind + 1];
      optind += 2;
    } else {
      optind++;
      pos = 1;
      if (opts[0] == ':') return ':';
      if (opterr) fprintf(stderr, "%s: option requires an argument -- %c\n", argv[0], c);
      return '?';
    }
    pos = 1;
    return c;
  }
  if (argv[optind][++pos] == 0) {
    optind++;
    pos = 1;
  }
  return c;
}
