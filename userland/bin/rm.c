/* rm [-f] [-r] file...: remove files (-r: directories and their contents;
 * -f: no complaints about missing files). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int force;
static int recursive;

static int remove_path(const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) {
    if (force && errno == ENOENT) return 0;
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (S_ISDIR(st.st_mode)) {
    if (!recursive) {
      fprintf(stderr, "rm: %s: is a directory\n", path);
      return 1;
    }
    DIR *d = opendir(path);
    if (d == NULL) {
      fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
      return 1;
    }
    /* collect the names first: removing while reading would disturb the reading */
    char **names = NULL;
    int n = 0;
    int cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      if (n == cap) {
        cap = cap ? cap * 2 : 16;
        char **v = realloc(names, (size_t)cap * sizeof(char *));
        if (v == NULL) break;
        names = v;
      }
      size_t len = strlen(path) + strlen(e->d_name) + 2;
      names[n] = malloc(len);
      if (names[n] == NULL) break;
      snprintf(names[n], len, "%s/%s", path, e->d_name);
      n++;
    }
    closedir(d);
    for (int i = 0; i < n; i++) {
      rc |= remove_path(names[i]);
      free(names[i]);
    }
    free(names);
    if (rmdir(path) < 0) {
      fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
      return 1;
    }
    return rc;
  }
  if (unlink(path) < 0) {
    fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  int i = 1;
  int rc = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    for (char *p = argv[i] + 1; *p; p++) {
      if (*p == 'f') force = 1;
      else if (*p == 'r' || *p == 'R') recursive = 1;
      else {
        fprintf(stderr, "usage: rm [-fr] file...\n");
        return 1;
      }
    }
  }
  if (i >= argc && !force) {
    fprintf(stderr, "usage: rm [-fr] file...\n");
    return 1;
  }
  for (; i < argc; i++) rc |= remove_path(argv[i]);
  return rc;
}
