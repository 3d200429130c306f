/* Memory a program gets from brk/sbrk is zero, whatever was there before:
 * the rest of the page its old break was in (which may hold what the
 * program stored there before shrinking its break), and whole new pages,
 * even ones whose frames another process has just filled and given back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PAGE 8192

static long nonzero(const unsigned char *p, long n) {
  long bad = 0;
  for (long i = 0; i < n; i++)
    if (p[i]) bad++;
  return bad;
}

int main(void) {
  /* stdio takes its buffer from malloc at the first output: let it do so
   * now, so that from here on only this program moves the break. */
  printf("brkzero: the heap starts at %p\n", sbrk(0));
  fflush(stdout);

  /* Grow, dirty, shrink to the middle of a page, grow again. */
  unsigned char *base = sbrk(0);
  long grow = 3 * PAGE + 100;
  unsigned char *got = sbrk(grow);
  memset(base, 0xAA, grow);
  long keep = PAGE / 2 + 12; /* the new break is in the middle of a page */
  sbrk(-(grow - keep));
  unsigned char *again = sbrk(grow - keep);
  long bad = nonzero(base + keep, grow - keep);
  int kept = base[keep - 1] == 0xAA;
  CHECK(got == base, "sbrk(%ld)", grow);
  CHECK(again == base + keep, "shrunk to %p and grown again", (void *)(base + keep));
  CHECK(bad == 0, "the regrown heap is all zero (%ld bytes were not)", bad);
  CHECK(kept, "and what is below the break is kept");
  sbrk(-grow);

  /* Frames that held another process's data come back zeroed. */
  for (int round = 0; round < 2; round++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      long n = 1024 * 1024;
      unsigned char *m = sbrk(n);
      if (m == (void *)-1) _exit(1);
      memset(m, 0x5A, n);
      _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    long n = 1024 * 1024;
    unsigned char *m = sbrk(n);
    CHECK(m != (void *)-1 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "round %d: a child dirtied 1 MB and exited", round);
    if (m != (void *)-1) {
      bad = nonzero(m, n);
      CHECK(bad == 0, "round %d: 1 MB from sbrk afterwards is all zero (%ld bytes were not)", round, bad);
      memset(m, 0x77, n);
      sbrk(-n);
    }
  }
  return DONE("brkzero");
}
