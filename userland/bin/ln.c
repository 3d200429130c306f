/* ln [-s] from to | ln [-s] file... dir: make (hard or symbolic) links. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  struct stat st;
  char path[MAXPATHLEN];
  int sym = 0;
  int i = 1;
  int rc = 0;
  if (i < argc && strcmp(argv[i], "-s") == 0) {
    sym = 1;
    i++;
  }
  if (argc - i < 2) {
    fprintf(stderr, "usage: ln [-s] from to\n       ln [-s] file... directory\n");
    return 1;
  }
  const char *last = argv[argc - 1];
  int isdir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc - i > 2 && !isdir) {
    fprintf(stderr, "ln: %s: not a directory\n", last);
    return 1;
  }
  for (; i < argc - 1; i++) {
    const char *to = last;
    if (isdir) {
      const char *base = strrchr(argv[i], '/');
      base = base ? base + 1 : argv[i];
      snprintf(path, sizeof(path), "%s/%s", last, base);
      to = path;
    }
    if ((sym ? symlink(argv[i], to) : link(argv[i], to)) < 0) {
      fprintf(stderr, "ln: %s: %s\n", to, strerror(errno));
      rc = 1;
    }
  }
  return rc;
}
