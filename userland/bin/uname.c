/* uname [-amnrsv]: system name, as SunOS 4.1.1 on a Sun-3 prints it:
 * "uname -a" gives "SunOS sun0 4.1.1 1 sun3" (uname(2)). */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
  int s = 0, n = 0, r = 0, v = 0, m = 0;
  struct utsname u;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] != '-') goto usage;
    for (char *p = argv[i] + 1; *p; p++) {
      switch (*p) {
      case 'a': s = n = r = v = m = 1; break;
      case 's': s = 1; break;
      case 'n': n = 1; break;
      case 'r': r = 1; break;
      case 'v': v = 1; break;
      case 'm': m = 1; break;
      default: goto usage;
      }
    }
  }
  if (!(s | n | r | v | m)) s = 1;
  if (uname(&u) < 0) {
    perror("uname");
    return 1;
  }
  const char *parts[5] = {s ? u.sysname : NULL, n ? u.nodename : NULL, r ? u.release : NULL,
                          v ? u.version : NULL, m ? u.machine : NULL};
  int first = 1;
  for (int i = 0; i < 5; i++) {
    if (parts[i] == NULL) continue;
    if (!first) putchar(' ');
    fputs(parts[i], stdout);
    first = 0;
  }
  putchar('\n');
  return 0;
usage:
  fprintf(stderr, "usage: uname [-amnrsv]\n");
  return 1;
}
