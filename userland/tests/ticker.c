/* A foreground program that prints as it computes, for the tests of the
 * terminal staying at home (docs/migration.md): each step sums a stretch of
 * a sequence and prints "ticker: step N sum S"; it prints "ticker: done"
 * at the end. With -r it then reads lines from its terminal (/dev/tty,
 * opened at the start: a background job's standard input is /dev/null)
 * and echoes each as "ticker: read <line>" until the end of file. With
 * -f K it forks at step K: the child goes on with the steps, printing
 * "ticker child: step N ...", and the parent waits for it and ends.
 *
 *   ticker [-r] [-f K] [STEPS [WORK]]     (default 40 steps of 20000 terms)
 *
 * At the end it checks its sum against the sequence summed again, and
 * prints "ticker: PASS (N checks, 0 failed)" as the other test programs do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* The sum of the first n terms, computed again from the start. */
static unsigned sum_of(long n) {
  unsigned sum = 0, x = 1;
  for (long i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    sum += x >> 16;
  }
  return sum;
}

int main(int argc, char **argv) {
  int reading = 0, fork_at = 0;
  int a = 1;
  for (; a < argc && argv[a][0] == '-'; a++) {
    if (strcmp(argv[a], "-r") == 0) reading = 1;
    else if (strcmp(argv[a], "-f") == 0 && a + 1 < argc) fork_at = atoi(argv[++a]);
  }
  int steps = argc > a ? atoi(argv[a]) : 40;
  int work = argc > a + 1 ? atoi(argv[a + 1]) : 20000;
  FILE *tty = reading ? fopen("/dev/tty", "r") : NULL;
  if (reading && tty == NULL) {
    perror("ticker: /dev/tty");
    return 1;
  }
  unsigned sum = 0, x = 1;
  const char *who = "ticker";
  for (int s = 1; s <= steps; s++) {
    if (s == fork_at) {
      pid_t c = fork();
      if (c < 0) perror("ticker: fork");
      if (c == 0) who = "ticker child";
      if (c > 0) {
        int st;
        pid_t w;
        while ((w = wait(&st)) != c && w != -1) continue;
        printf("ticker: child ended, status %d\n", st);
        CHECK(w == c && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child it forked at step %d ended well", s);
        return DONE("ticker");
      }
    }
    for (int i = 0; i < work; i++) {
      x = x * 1103515245u + 12345u;
      sum += x >> 16;
    }
    printf("%s: step %d sum %u\n", who, s, sum);
    fflush(stdout);
  }
  printf("ticker: done\n");
  fflush(stdout);
  CHECK(sum == sum_of((long)steps * work), "%d steps of %d terms sum to %u, as the sequence summed again", steps,
        work, sum);
  if (reading) {
    char line[256];
    while (fgets(line, sizeof line, tty) != NULL) {
      line[strcspn(line, "\n")] = '\0';
      printf("ticker: read %s\n", line);
      fflush(stdout);
    }
    printf("ticker: end of input\n");
    CHECK(feof(tty) && !ferror(tty), "its terminal read to the end of file");
  }
  return DONE("ticker");
}
