/* getopt.h - sun3lab libc: getopt and getopt_long (getopt.c). */
#ifndef _GETOPT_H
#define _GETOPT_H

#include <unistd.h>

struct option {
  const char *name;
  int has_arg; /* no_argument, required_argument, optional_argument */
  int *flag;   /* if not NULL, val is stored there and 0 returned */
  int val;
};
#define no_argument 0
#define required_argument 1
#define optional_argument 2

int getopt_long(int argc, char *const argv[], const char *opts, const struct option *longopts, int *index);

#endif
