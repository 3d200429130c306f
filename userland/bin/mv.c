/* mv from to | mv file... dir: rename files (copying across file systems). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[8192];

static int copy_and_remove(const char *from, const char *to) {
  struct stat st;
  int in = open(from, O_RDONLY, 0);
  if (in < 0 || fstat(in, &st) < 0) {
    fprintf(stderr, "mv: %s: %s\n", from, strerror(errno));
    return 1;
  }
  if (!S_ISREG(st.st_mode)) {
    fprintf(stderr, "mv: %s: can only move regular files across file systems\n", from);
    close(in);
    return 1;
  }
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 07777);
  if (out < 0) {
    fprintf(stderr, "mv: %s: %s\n", to, strerror(errno));
    close(in);
    return 1;
  }
  int n;
  while ((n = read(in, buf, sizeof(buf))) > 0) {
    if (write(out, buf, (size_t)n) != n) {
      n = -1;
      break;
    }
  }
  close(in);
  if (close(out) < 0 || n < 0) {
    fprintf(stderr, "mv: %s: %s\n", to, strerror(errno));
    unlink(to);
    return 1;
  }
  if (unlink(from) < 0) {
    fprintf(stderr, "mv: %s: %s\n", from, strerror(errno));
    return 1;
  }
  return 0;
}

static int move(const char *from, const char *to) {
  if (rename(from, to) == 0) return 0;
  if (errno == EXDEV) return copy_and_remove(from, to);
  fprintf(stderr, "mv: %s to %s: %s\n", from, to, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  struct stat st;
  char path[MAXPATHLEN];
  int rc = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: mv from to\n       mv file... directory\n");
    return 1;
  }
  const char *last = argv[argc - 1];
  int isdir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc > 3 && !isdir) {
    fprintf(stderr, "mv: %s: not a directory\n", last);
    return 1;
  }
  for (int i = 1; i < argc - 1; i++) {
    const char *to = last;
    if (isdir) {
      const char *base = strrchr(argv[i], '/');
      base = base ? base + 1 : argv[i];
      snprintf(path, sizeof(path), "%s/%s", last, base);
      to = path;
    }
    rc |= move(argv[i], to);
  }
  return rc;
}
