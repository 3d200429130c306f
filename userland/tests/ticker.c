/* A foreground program that prints as it computes, for the tests of the
 * terminal staying at home (docs/migration.md): each step sums a stretch of
 * a sequence and prints "ticker: step N sum S"; it prints "ticker: done"
 * at the end. With -r it then reads lines from its terminal (/dev/tty,
 * opened at the start: a background job's standard input is /dev/null)
 * and echoes each as "ticker: read <line>" until the end of file.
 *
 *   ticker [-r] [STEPS [WORK]]     (default 40 steps of 20000 terms)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  int reading = 0;
  int a = 1;
  if (argc > 1 && strcmp(argv[1], "-r") == 0) {
    reading = 1;
    a = 2;
  }
  int steps = argc > a ? atoi(argv[a]) : 40;
  int work = argc > a + 1 ? atoi(argv[a + 1]) : 20000;
  FILE *tty = reading ? fopen("/dev/tty", "r") : NULL;
  if (reading && tty == NULL) {
    perror("ticker: /dev/tty");
    return 1;
  }
  unsigned sum = 0, x = 1;
  for (int s = 1; s <= steps; s++) {
    for (int i = 0; i < work; i++) {
      x = x * 1103515245u + 12345u;
      sum += x >> 16;
    }
    printf("ticker: step %d sum %u\n", s, sum);
    fflush(stdout);
  }
  printf("ticker: done\n");
  fflush(stdout);
  if (reading) {
    char line[256];
    while (fgets(line, sizeof line, tty) != NULL) {
      line[strcspn(line, "\n")] = '\0';
      printf("ticker: read %s\n", line);
      fflush(stdout);
    }
    printf("ticker: end of input\n");
  }
  return 0;
}
