/* mv from to | mv file... dir: rename files (copying across file systems). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileutil.h"

/* Across file systems rename cannot move a file: copy it, then remove the original. */
static int copy_and_remove(const char *from, const char *to) {
  struct stat st;
  int in = open(from, O_RDONLY, 0);
  if (in < 0 || fstat(in, &st) < 0) return fail("mv", from);
  if (!S_ISREG(st.st_mode)) {
    fprintf(stderr, "mv: %s: can only move regular files across file systems\n", from);
    close(in);
    return 1;
  }
  int rc = copy_to("mv", in, from, to, st.st_mode & 07777, 1);
  close(in);
  if (rc) return 1;
  return unlink(from) < 0 ? fail("mv", from) : 0;
}

static int move(const char *from, const char *to) {
  if (rename(from, to) == 0) return 0;
  if (errno == EXDEV) return copy_and_remove(from, to);
  fprintf(stderr, "mv: %s to %s: %s\n", from, to, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: mv from to\n       mv file... directory\n");
    return 1;
  }
  return each_file("mv", argc - 2, argv + 1, argv[argc - 1], move);
}
