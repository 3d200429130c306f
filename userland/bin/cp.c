/* cp from to | cp file... dir: copy files. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileutil.h"

static int copy(const char *from, const char *to) {
  struct stat st, tst;
  int in = open(from, O_RDONLY, 0);
  if (in < 0 || fstat(in, &st) < 0) return fail("cp", from);
  if (S_ISDIR(st.st_mode)) {
    fprintf(stderr, "cp: %s: is a directory\n", from);
    close(in);
    return 1;
  }
  if (stat(to, &tst) == 0 && tst.st_dev == st.st_dev && tst.st_ino == st.st_ino) {
    fprintf(stderr, "cp: %s and %s are the same file\n", from, to);
    close(in);
    return 1;
  }
  int rc = copy_to("cp", in, from, to, st.st_mode & 07777, 0);
  close(in);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: cp from to\n       cp file... directory\n");
    return 1;
  }
  return each_file("cp", argc - 2, argv + 1, argv[argc - 1], copy);
}
