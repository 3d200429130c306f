/* echo [-n] [args...] */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  int newline = 1;
  int i = 1;
  if (i < argc && strcmp(argv[i], "-n") == 0) {
    newline = 0;
    i++;
  }
  for (; i < argc; i++) {
    fputs(argv[i], stdout);
    if (i + 1 < argc) putchar(' ');
  }
  if (newline) putchar('\n');
  /* The output may still be in stdout's buffer: write it out before asking
   * whether writing failed (a full disk, a closed descriptor). */
  return fflush(stdout) == EOF || ferror(stdout) ? 1 : 0;
}
