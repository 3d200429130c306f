/* ttyname(3): the name of the terminal open on a descriptor, found by
 * looking in /dev for the character device with the same device number. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ttyname(int fd) {
  static char name[6 + 256];
  struct stat st, dst;
  if (!isatty(fd) || fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) return NULL;
  DIR *d = opendir("/dev");
  if (d == NULL) return NULL;
  struct dirent *e;
  char *found = NULL;
  while (found == NULL && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    snprintf(name, sizeof(name), "/dev/%s", e->d_name);
    /* /dev/tty is every process's own terminal, not a name for this one */
    if (strcmp(e->d_name, "tty") == 0) continue;
    if (stat(name, &dst) == 0 && S_ISCHR(dst.st_mode) && dst.st_rdev == st.st_rdev) found = name;
  }
  closedir(d);
  return found;
}
