/* cp from to | cp file... dir: copy files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[8192];

/* dir/basename(from) */
static const char *into(const char *dir, const char *from, char *out, int size) {
  const char *base = strrchr(from, '/');
  base = base ? base + 1 : from;
  snprintf(out, (size_t)size, "%s/%s", dir, base);
  return out;
}

static int copy(const char *from, const char *to) {
  struct stat st, tst;
  int in = open(from, O_RDONLY, 0);
  if (in < 0) {
    fprintf(stderr, "cp: %s: %s\n", from, strerror(errno));
    return 1;
  }
  if (fstat(in, &st) < 0 || S_ISDIR(st.st_mode)) {
    fprintf(stderr, "cp: %s: %s\n", from, S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno));
    close(in);
    return 1;
  }
  if (stat(to, &tst) == 0 && tst.st_dev == st.st_dev && tst.st_ino == st.st_ino) {
    fprintf(stderr, "cp: %s and %s are the same file\n", from, to);
    close(in);
    return 1;
  }
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 07777);
  if (out < 0) {
    fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
    close(in);
    return 1;
  }
  int n;
  int rc = 0;
  while ((n = read(in, buf, sizeof(buf))) > 0) {
    if (write(out, buf, (size_t)n) != n) {
      fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
      rc = 1;
      break;
    }
  }
  if (n < 0) {
    fprintf(stderr, "cp: %s: %s\n", from, strerror(errno));
    rc = 1;
  }
  close(in);
  if (close(out) < 0) rc = 1;
  return rc;
}

int main(int argc, char **argv) {
  struct stat st;
  char path[MAXPATHLEN];
  int rc = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: cp from to\n       cp file... directory\n");
    return 1;
  }
  const char *last = argv[argc - 1];
  int isdir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc > 3 && !isdir) {
    fprintf(stderr, "cp: %s: not a directory\n", last);
    return 1;
  }
  for (int i = 1; i < argc - 1; i++) {
    rc |= copy(argv[i], isdir ? into(last, argv[i], path, sizeof(path)) : last);
  }
  return rc;
}
