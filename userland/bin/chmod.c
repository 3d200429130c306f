/* chmod mode file... - set the permission bits; mode is octal (e.g. 644, 1777). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: chmod mode file...\n");
    return 2;
  }
  char *end;
  long mode = strtol(argv[1], &end, 8);
  if (*end != 0 || end == argv[1] || mode < 0 || mode > 07777) {
    fprintf(stderr, "chmod: invalid mode %s (an octal number)\n", argv[1]);
    return 2;
  }
  int rc = 0;
  for (int i = 2; i < argc; i++) {
    if (chmod(argv[i], (int)mode) < 0) {
      fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
      rc = 1;
    }
  }
  return rc;
}
