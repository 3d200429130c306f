/* ttywrite: several processes write lines to the console at once. The
 * terminal takes a write's bytes into its output queue 100 at a time
 * (4.3BSD's OBUFSIZ) and a writer waits while the queue is above its
 * high-water mark, until the driver has drained it to the low-water mark:
 * so each line (one write of less than 100 bytes) comes out whole, never
 * interleaved with the others' — test/kernel/console-lines.test.ts reads
 * the console and checks every line. Here: each writer's writes all
 * succeed, whole. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define WRITERS 4
#define LINES 40

int main(void) {
  fflush(stdout);
  pid_t kids[WRITERS];
  for (int w = 0; w < WRITERS; w++) {
    kids[w] = fork();
    if (kids[w] == 0) {
      char line[96];
      int bad = 0;
      for (int i = 0; i < LINES; i++) {
        int n = snprintf(line, sizeof(line), "writer %d line %02d %.*s\n", w, i, 40 + 10 * w,
                         "................................................................................");
        if (write(1, line, n) != n) bad++;
      }
      _exit(bad);
    }
  }
  int ok = 0;
  for (int w = 0; w < WRITERS; w++) {
    int st;
    waitpid(kids[w], &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) ok++;
  }
  CHECK(ok == WRITERS, "%d writers of %d lines each: every write whole (%d)", WRITERS, LINES, ok);
  return DONE("ttywrite");
}
