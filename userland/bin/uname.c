/* uname [-amnrsv]: system name, as SunOS 4.1.1 on a Sun-3 prints it:
 * "uname -a" gives "SunOS sun0 4.1.1 1 sun3". */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int s = 0, n = 0, r = 0, v = 0, m = 0;
  char host[65];
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
  if (gethostname(host, sizeof(host)) < 0 || host[0] == 0) strcpy(host, "sun0");
  host[sizeof(host) - 1] = 0;
  const char *parts[5] = {s ? "SunOS" : NULL, n ? host : NULL, r ? "4.1.1" : NULL, v ? "1" : NULL,
                          m ? "sun3" : NULL};
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
