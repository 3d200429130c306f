/* realpath: the absolute name of a file with every ".", ".." and symbolic
 * link resolved, into resolved (MAXPATHLEN bytes); NULL with errno set if
 * a component does not exist or cannot be searched (ENOENT, EACCES,
 * ENOTDIR), a link loops (ELOOP), or the name grows too long
 * (ENAMETOOLONG). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXLINKS 32

char *realpath(const char *path, char *resolved) {
  char todo[MAXPATHLEN]; /* what is left to resolve */
  char link[MAXPATHLEN];
  int links = 0;
  if (path == NULL || resolved == NULL) {
    errno = EINVAL;
    return NULL;
  }
  if (path[0] == 0) {
    errno = ENOENT;
    return NULL;
  }
  if (strlen(path) >= sizeof(todo)) {
    errno = ENAMETOOLONG;
    return NULL;
  }
  strcpy(todo, path);
  if (todo[0] == '/') {
    strcpy(resolved, "/");
  } else if (getcwd(resolved, MAXPATHLEN) == NULL) {
    return NULL;
  }
  char *next = todo;
  while (*next) {
    while (*next == '/') next++;
    if (*next == 0) break;
    char *end = strchr(next, '/');
    size_t len = end != NULL ? (size_t)(end - next) : strlen(next);
    char name[MAXPATHLEN];
    memcpy(name, next, len);
    name[len] = 0;
    next += len;
    if (strcmp(name, ".") == 0) continue;
    if (strcmp(name, "..") == 0) {
      char *slash = strrchr(resolved, '/');
      if (slash == resolved) resolved[1] = 0;
      else *slash = 0;
      continue;
    }
    size_t rlen = strlen(resolved);
    if (rlen + 1 + len >= MAXPATHLEN) {
      errno = ENAMETOOLONG;
      return NULL;
    }
    if (rlen > 1) resolved[rlen++] = '/';
    strcpy(resolved + rlen, name);
    struct stat st;
    if (lstat(resolved, &st) < 0) return NULL;
    if (S_ISLNK(st.st_mode)) {
      if (++links > MAXLINKS) {
        errno = ELOOP;
        return NULL;
      }
      int n = readlink(resolved, link, sizeof(link) - 1);
      if (n < 0) return NULL;
      link[n] = 0;
      if (n + strlen(next) + 1 >= sizeof(link)) {
        errno = ENAMETOOLONG;
        return NULL;
      }
      strcat(link, next); /* the link's text, then what was left */
      strcpy(todo, link);
      next = todo;
      if (link[0] == '/') {
        strcpy(resolved, "/");
      } else {
        /* relative to the directory holding the link */
        char *slash = strrchr(resolved, '/');
        if (slash == resolved) resolved[1] = 0;
        else *slash = 0;
      }
    } else if (*next != 0 && !S_ISDIR(st.st_mode)) {
      errno = ENOTDIR;
      return NULL;
    }
  }
  return resolved;
}
