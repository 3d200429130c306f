/* tty [-s]: the name of the terminal on the standard input (/dev/console,
 * /dev/ttyp0 for a remote login's pseudo-terminal), or "not a tty". -s
 * prints nothing: the exit status says (0 a terminal, 1 not). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int silent = argc > 1 && strcmp(argv[1], "-s") == 0;
  if (argc > 2 || (argc == 2 && !silent)) {
    fprintf(stderr, "usage: tty [-s]\n");
    return 2;
  }
  char *name = isatty(0) ? ttyname(0) : NULL;
  if (!silent) puts(name != NULL ? name : "not a tty");
  return name != NULL ? 0 : 1;
}
