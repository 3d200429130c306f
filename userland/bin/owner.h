/* What chown and chgrp share: reading a user or group (a name or a number),
 * and changing the owner of each file named, with -R through directories
 * and -f to keep quiet about failures. Each program is one source file, so
 * this is a header of `static inline` functions, like fileutil.h. */
#ifndef OWNER_H
#define OWNER_H
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

static int owner_quiet;     /* -f: no messages for files that cannot be changed */
static int owner_recursive; /* -R */

/* A number of digits only, or -1. */
static inline int owner_number(const char *s) {
  if (*s == 0) return -1;
  for (const char *p = s; *p != 0; p++)
    if (!isdigit((unsigned char)*p)) return -1;
  long v = strtol(s, NULL, 10);
  return v <= 65535 ? (int)v : -1;
}

/* A user name or number to a uid; -1 after a message if there is none. */
static inline int owner_uid(const char *prog, const char *s) {
  struct passwd *pw = getpwnam(s);
  int uid = pw != NULL ? pw->pw_uid : owner_number(s);
  if (uid < 0) fprintf(stderr, "%s: unknown user %s\n", prog, s);
  return uid;
}

/* A group name or number to a gid; -1 after a message if there is none. */
static inline int owner_gid(const char *prog, const char *s) {
  struct group *gr = getgrnam(s);
  int gid = gr != NULL ? gr->gr_gid : owner_number(s);
  if (gid < 0) fprintf(stderr, "%s: unknown group %s\n", prog, s);
  return gid;
}

/* chown(path, uid, gid) (-1: unchanged), then, with -R, everything under a
 * directory; symbolic links met on the way are not followed (their target
 * may be outside the tree). Returns 0, or 1 if anything failed. */
static inline int owner_change(const char *prog, const char *path, int uid, int gid, int top) {
  struct stat st;
  if (!top && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) return 0;
  int rc = 0;
  if (chown(path, uid, gid) < 0) {
    if (!owner_quiet) fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
    rc = 1;
  }
  if (!owner_recursive || stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) return rc;
  if (top && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) return rc;
  DIR *d = opendir(path);
  if (d == NULL) {
    if (!owner_quiet) fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
    return 1;
  }
  struct dirent *e;
  char child[MAXPATHLEN];
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (snprintf(child, sizeof(child), "%s/%s", path, e->d_name) >= (int)sizeof(child)) {
      if (!owner_quiet) fprintf(stderr, "%s: %s/%s: name too long\n", prog, path, e->d_name);
      rc = 1;
      continue;
    }
    rc |= owner_change(prog, child, uid, gid, 0);
  }
  closedir(d);
  return rc;
}

/* The options -f and -R; returns the index of the first operand, or -1 for an unknown option. */
static inline int owner_options(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != 0; i++) {
    if (strcmp(argv[i], "--") == 0) return i + 1;
    for (const char *o = argv[i] + 1; *o != 0; o++) {
      if (*o == 'f') owner_quiet = 1;
      else if (*o == 'R') owner_recursive = 1;
      else return -1;
    }
  }
  return i;
}

/* Every file of argv[first..] */
static inline int owner_all(const char *prog, int first, int argc, char **argv, int uid, int gid) {
  int rc = 0;
  for (int i = first; i < argc; i++) rc |= owner_change(prog, argv[i], uid, gid, 1);
  return rc;
}
#endif
