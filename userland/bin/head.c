/* head [-count | -n count] [file...]: the first lines (10 by default) of each
 * file, or of the standard input, as 4.3BSD's head. With several files each
 * comes under a "==> name <==" line. head stops reading once it has its
 * lines, so at the end of a pipeline it ends the writer too (SIGPIPE):
 * `nc sun1 chargen < /dev/null | head -3`. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int head(int fd, long lines) {
  char buf[512];
  int n;
  while (lines > 0 && (n = read(fd, buf, sizeof(buf))) > 0) {
    int i = 0;
    while (i < n && lines > 0)
      if (buf[i++] == '\n') lines--;
    fwrite(buf, 1, i, stdout);
  }
  fflush(stdout);
  return 0;
}

int main(int argc, char **argv) {
  long lines = 10;
  int i = 1;
  if (i < argc && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
    lines = atol(argv[i + 1]);
    i += 2;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') {
    lines = atol(argv[i] + 1);
    i++;
  }
  if (lines <= 0 || (i < argc && argv[i][0] == '-' && argv[i][1] != 0)) {
    fprintf(stderr, "usage: head [-count | -n count] [file...]\n");
    return 1;
  }
  if (i == argc) return head(0, lines);
  int status = 0;
  for (int first = i; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY, 0);
    if (fd < 0) {
      perror(argv[i]);
      status = 1;
      continue;
    }
    if (argc - first > 1) printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
    head(fd, lines);
    close(fd);
  }
  return status;
}
