/* cat [file...]: copy files (or standard input, also for "-") to standard output. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];

static int copy(int fd, const char *name) {
  int n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    char *p = buf;
    while (n > 0) {
      int w = write(1, p, (size_t)n);
      if (w <= 0) {
        fprintf(stderr, "cat: write error: %s\n", strerror(errno));
        return 1;
      }
      p += w;
      n -= w;
    }
  }
  if (n < 0) {
    fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  int rc = 0;
  if (argc < 2) return copy(0, "stdin");
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-") == 0) {
      rc |= copy(0, "stdin");
      continue;
    }
    int fd = open(argv[i], O_RDONLY, 0);
    if (fd < 0) {
      fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
      rc = 1;
      continue;
    }
    rc |= copy(fd, argv[i]);
    close(fd);
  }
  return rc;
}
