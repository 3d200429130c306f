/* Helpers shared by cp, mv and ln, which take the same arguments
 * ("PROG from to" or "PROG file... directory") and report errors the same
 * way. Each program is one source file, so the helpers live in this header;
 * they are `static inline` so that a program that does not use one gets
 * neither its code nor a warning. */
#ifndef FILEUTIL_H
#define FILEUTIL_H
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

/* "PROG: NAME: reason" for the error in errno, on stderr; returns 1, a failed exit status. */
static inline int fail(const char *prog, const char *name) {
  fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno));
  return 1;
}

/* "PROG from to" and "PROG file... directory": fn(file, where it goes) for
 * each of the `nfiles` files, where it goes being `target` itself or, if
 * that is a directory, target/basename(file). Returns 0, or 1 if any fn
 * failed (fn reports why) or if there are several files and `target` is not
 * a directory. */
static inline int each_file(const char *prog, int nfiles, char **files, const char *target,
                            int (*fn)(const char *from, const char *to)) {
  struct stat st;
  char path[MAXPATHLEN];
  int isdir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
  if (nfiles > 1 && !isdir) {
    fprintf(stderr, "%s: %s: not a directory\n", prog, target);
    return 1;
  }
  int rc = 0;
  for (int i = 0; i < nfiles; i++) {
    const char *to = target;
    if (isdir) {
      const char *base = strrchr(files[i], '/');
      snprintf(path, sizeof(path), "%s/%s", target, base ? base + 1 : files[i]);
      to = path;
    }
    rc |= fn(files[i], to);
  }
  return rc;
}

/* Copy what is left to read from descriptor `in` (file `from`) into file
 * `to`, created with `mode` if it does not exist (emptied if it does): 0, or
 * 1 after a message naming the file that failed. With `remove_partial`, a
 * `to` opened but not completed is removed again (mv leaves no half copy). */
static inline int copy_to(const char *prog, int in, const char *from, const char *to, int mode,
                          int remove_partial) {
  static char buf[8192];
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (out < 0) return fail(prog, to);
  int n, rc = 0;
  while ((n = read(in, buf, sizeof(buf))) > 0) {
    int w = write(out, buf, (size_t)n);
    if (w != n) {
      if (w >= 0) errno = ENOSPC; /* a short write to a file: the disk is full */
      rc = fail(prog, to);
      break;
    }
  }
  if (n < 0) rc = fail(prog, from);
  if (close(out) < 0 && rc == 0) rc = fail(prog, to);
  if (rc && remove_partial) unlink(to);
  return rc;
}

#endif
