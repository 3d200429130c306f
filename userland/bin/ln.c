/* ln [-s] from to | ln [-s] file... dir: make (hard or symbolic) links. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fileutil.h"

static int symbolic; /* -s */

static int make_link(const char *from, const char *to) {
  return (symbolic ? symlink(from, to) : link(from, to)) < 0 ? fail("ln", to) : 0;
}

int main(int argc, char **argv) {
  int i = 1;
  if (i < argc && strcmp(argv[i], "-s") == 0) {
    symbolic = 1;
    i++;
  }
  if (argc - i < 2) {
    fprintf(stderr, "usage: ln [-s] from to\n       ln [-s] file... directory\n");
    return 1;
  }
  return each_file("ln", argc - i - 1, argv + i, argv[argc - 1], make_link);
}
