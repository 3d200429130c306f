/* getopt, POSIX style, and getopt_long. */
#include <stdio.h>
#include <string.h>
#include <getopt.h>
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

/* getopt_long: getopt, and long options "--name", "--name=value" and, for
 * required_argument, "--name value"; a name may be shortened to any prefix
 * that is not ambiguous (or names an option exactly). An option with a
 * flag pointer stores its val there and returns 0; otherwise it returns
 * val. *index, if given, gets the option's place in longopts. As getopt,
 * it stops at the first argument that is not an option (no reordering). */
int getopt_long(int argc, char *const argv[], const char *opts, const struct option *longopts, int *index) {
  if (pos != 1 || optind >= argc || argv[optind] == NULL || strncmp(argv[optind], "--", 2) != 0 ||
      argv[optind][2] == 0)
    return getopt(argc, argv, opts);
  const char *arg = argv[optind++] + 2;
  const char *eq = strchr(arg, '=');
  size_t len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
  int found = -1;
  int ambiguous = 0;
  for (int i = 0; longopts[i].name != NULL; i++) {
    if (strncmp(longopts[i].name, arg, len) != 0) continue;
    if (strlen(longopts[i].name) == len) {
      found = i;
      ambiguous = 0;
      break;
    }
    if (found >= 0) ambiguous = 1;
    else found = i;
  }
  optarg = NULL;
  optopt = 0;
  int quiet = !opterr || opts[0] == ':';
  if (found < 0 || ambiguous) {
    if (!quiet)
      fprintf(stderr, "%s: %s option '--%.*s'\n", argv[0], ambiguous ? "ambiguous" : "unrecognized", (int)len,
              arg);
    return '?';
  }
  const struct option *o = &longopts[found];
  if (index != NULL) *index = found;
  if (eq != NULL) {
    if (o->has_arg == no_argument) {
      if (!quiet) fprintf(stderr, "%s: option '--%s' doesn't allow an argument\n", argv[0], o->name);
      optopt = o->val;
      return '?';
    }
    optarg = (char *)eq + 1;
  } else if (o->has_arg == required_argument) {
    if (optind >= argc) {
      if (!quiet) fprintf(stderr, "%s: option '--%s' requires an argument\n", argv[0], o->name);
      optopt = o->val;
      return opts[0] == ':' ? ':' : '?';
    }
    optarg = argv[optind++];
  }
  if (o->flag != NULL) {
    *o->flag = o->val;
    return 0;
  }
  return o->val;
}
