/* longopts: command-line options with getopt_long (in the style of the
 * GNU and 4.4BSD programs that use it): short and long forms, values
 * given with "=" or as the next argument, a flag set through a pointer. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int verbose;

int main(int argc, char **argv) {
  static struct option longopts[] = {
      {"verbose", no_argument, &verbose, 1},
      {"name", required_argument, NULL, 'n'},
      {"count", required_argument, NULL, 'c'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  const char *name = "nobody";
  int count = 1;
  int ch;
  while ((ch = getopt_long(argc, argv, "n:c:hv", longopts, NULL)) != -1) {
    switch (ch) {
    case 0: break; /* a flag was set */
    case 'v': verbose = 1; break;
    case 'n': name = optarg; break;
    case 'c': count = atoi(optarg); break;
    case 'h':
    default:
      fprintf(stderr, "usage: longopts [-v|--verbose] [-n|--name name] [-c|--count n] [file ...]\n");
      exit(ch == 'h' ? 0 : 2);
    }
  }
  for (int i = 0; i < count; i++) printf("hello, %s\n", name);
  printf("verbose: %s\n", verbose ? "on" : "off");
  for (int i = optind; i < argc; i++) printf("operand: %s\n", argv[i]);
  return 0;
}
