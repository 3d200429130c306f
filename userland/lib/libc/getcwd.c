/* getcwd and getwd, by walking up through ".." and looking each directory up
 * by its (device, inode) in its parent. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

char *getcwd(char *buf, size_t size) {
  char up[MAXPATHLEN];     /* "..", "../..", ... */
  char probe[MAXPATHLEN + MAXNAMLEN + 2];
  char path[MAXPATHLEN];   /* the answer, built from the end */
  struct stat cur, parent, st;
  size_t start = sizeof(path) - 1;
  int alloc = 0;

  path[start] = 0;
  if (stat(".", &cur) < 0) return NULL;
  strcpy(up, "..");
  for (;;) {
    if (stat(up, &parent) < 0) return NULL;
    if (parent.st_dev == cur.st_dev && parent.st_ino == cur.st_ino) break; /* the root */
    DIR *d = opendir(up);
    if (d == NULL) return NULL;
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.' && (e->d_name[1] == 0 || (e->d_name[1] == '.' && e->d_name[2] == 0))) continue;
      if (parent.st_dev == cur.st_dev) {
        if (e->d_fileno != cur.st_ino) continue;
      } else {
        /* a mount point: the entry's inode is the one below, so stat it */
        snprintf(probe, sizeof(probe), "%s/%s", up, e->d_name);
        if (lstat(probe, &st) < 0 || st.st_dev != cur.st_dev || st.st_ino != cur.st_ino) continue;
      }
      size_t n = strlen(e->d_name);
      if (n + 1 > start) {
        closedir(d);
        errno = ENAMETOOLONG;
        return NULL;
      }
      start -= n;
      memcpy(path + start, e->d_name, n);
      path[--start] = '/';
      found = 1;
      break;
    }
    closedir(d);
    if (!found) {
      errno = ENOENT;
      return NULL;
    }
    cur = parent;
    if (strlen(up) + 4 >= sizeof(up)) {
      errno = ENAMETOOLONG;
      return NULL;
    }
    strcat(up, "/..");
  }
  if (path[start] == 0) path[--start] = '/';
  size_t len = sizeof(path) - start; /* with the NUL */
  if (buf == NULL) {
    if (size == 0) size = len;
    buf = malloc(size);
    if (buf == NULL) return NULL;
    alloc = 1;
  }
  if (len > size) {
    if (alloc) free(buf);
    errno = ERANGE;
    return NULL;
  }
  memcpy(buf, path + start, len);
  return buf;
}

char *getwd(char *buf) {
  if (getcwd(buf, MAXPATHLEN) == NULL) {
    strcpy(buf, strerror(errno));
    return NULL;
  }
  return buf;
}
