/* Temporary files: mktemp and mkstemp (the template's trailing Xs become
 * the process id and a letter, tried until a name is free), tmpfile (a
 * file in /tmp that is gone once closed), tmpnam and tempnam (names not in
 * use yet). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Fill the Xs at the end of tmpl with the pid's digits, the first X a letter
 * that is then stepped a..z; call `try` on each name until it says yes. */
static int make(char *tmpl, int (*try)(const char *name, void *arg), void *arg) {
  size_t len = strlen(tmpl);
  char *x = tmpl + len;
  while (x > tmpl && x[-1] == 'X') x--;
  if (tmpl + len - x < 1) {
    errno = EINVAL;
    return -1;
  }
  unsigned pid = (unsigned)getpid();
  for (char *p = tmpl + len - 1; p > x; p--) {
    *p = (char)('0' + pid % 10);
    pid /= 10;
  }
  for (char c = 'a'; c <= 'z'; c++) {
    *x = c;
    int r = try(tmpl, arg);
    if (r != 0) return r;
  }
  errno = EEXIST;
  return -1;
}

static int unused(const char *name, void *arg) {
  struct stat st;
  (void)arg;
  if (lstat(name, &st) == 0) return 0;
  return errno == ENOENT ? 1 : -1;
}

static int create(const char *name, void *arg) {
  int fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd >= 0) {
    *(int *)arg = fd;
    return 1;
  }
  return errno == EEXIST ? 0 : -1;
}

char *mktemp(char *tmpl) {
  if (make(tmpl, unused, NULL) < 0) {
    *tmpl = 0;
    return tmpl;
  }
  return tmpl;
}

int mkstemp(char *tmpl) {
  int fd = -1;
  return make(tmpl, create, &fd) < 0 ? -1 : fd;
}

FILE *tmpfile(void) {
  char name[] = P_tmpdir "tfXXXXXX";
  int fd = mkstemp(name);
  if (fd < 0) return NULL;
  unlink(name);
  FILE *f = fdopen(fd, "w+");
  if (f == NULL) close(fd);
  return f;
}

/* dir/prefix followed by three letters that step through TMP_MAX names, and the pid. */
static int tmpname(char *out, size_t size, const char *dir, const char *prefix) {
  static unsigned seq;
  for (unsigned tries = 0; tries < TMP_MAX; tries++) {
    unsigned n = seq++ % TMP_MAX;
    char tail[16];
    snprintf(tail, sizeof(tail), "%c%c%c%d", 'a' + n / 676, 'a' + n / 26 % 26, 'a' + n % 26, getpid());
    if ((size_t)snprintf(out, size, "%s%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", prefix, tail) >= size) {
      errno = ENAMETOOLONG;
      return -1;
    }
    if (access(out, F_OK) < 0) return 0;
  }
  errno = EEXIST;
  return -1;
}

char *tmpnam(char *s) {
  static char buf[L_tmpnam];
  char *out = s != NULL ? s : buf;
  return tmpname(out, L_tmpnam, P_tmpdir, "tmp.") < 0 ? NULL : out;
}

/* In $TMPDIR, else dir, else P_tmpdir (the first that is a writable directory); malloc'd. */
char *tempnam(const char *dir, const char *prefix) {
  const char *dirs[3] = {getenv("TMPDIR"), dir, P_tmpdir};
  if (prefix == NULL) prefix = "tmp.";
  for (int i = 0; i < 3; i++) {
    if (dirs[i] == NULL || dirs[i][0] == 0 || access(dirs[i], W_OK | X_OK) < 0) continue;
    size_t size = strlen(dirs[i]) + strlen(prefix) + 24;
    char *out = malloc(size);
    if (out == NULL) return NULL;
    if (tmpname(out, size, dirs[i], prefix) == 0) return out;
    free(out);
    return NULL;
  }
  errno = ENOENT;
  return NULL;
}
