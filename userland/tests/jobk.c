/* jobk - the load-sharing experiment's job: a compute kernel of a given
 * size that checks its own result.
 *
 *   jobk ID WORK
 *
 * It runs the generator x' = a*x + c (mod 2^32) WORK*1000 times, one step
 * at a time, and checks the result against the same map composed by
 * repeated squaring (O(log n) steps): a wrong instruction, a page lost in
 * a migration or a register mixed up would make them differ. It prints
 * "jobk ID ok HOST" (HOST: where it finished) or "jobk ID BAD ...", and
 * exits 0 or 1. With no arguments it tests itself (the jump against the
 * loop for a few sizes) and prints PASS/FAIL lines, as the other /tests do. */
#include "check.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define A 1103515245u
#define C 12345u

/* x after n steps, by composing the affine map with itself. */
static unsigned jump(unsigned x, unsigned long n) {
  unsigned a = A, c = C, ra = 1, rc = 0;
  while (n > 0) {
    if (n & 1) {
      ra = a * ra;
      rc = a * rc + c;
    }
    c = a * c + c;
    a = a * a;
    n >>= 1;
  }
  return ra * x + rc;
}

/* x after n steps, one at a time. */
static unsigned steps(unsigned x, unsigned long n) {
  for (unsigned long i = 0; i < n; i++) x = x * A + C;
  return x;
}

static int selftest(void) {
  static const unsigned long sizes[] = {0, 1, 2, 3, 64, 1000, 12345, 100000};
  for (int i = 0; i < 8; i++)
    CHECK(steps(12345u + i, sizes[i]) == jump(12345u + i, sizes[i]), "%lu steps: the loop and the jump agree",
          sizes[i]);
  CHECK(steps(1, 1000) != jump(2, 1000), "another start gives another result");
  return DONE("jobk");
}

int main(int argc, char **argv) {
  char host[64];
  if (argc == 1) return selftest();
  if (argc != 3) {
    fprintf(stderr, "usage: jobk id work\n");
    return 2;
  }
  long id = atol(argv[1]);
  unsigned long n = (unsigned long)atol(argv[2]) * 1000;
  unsigned x = (unsigned)id * 2654435761u + 1;
  unsigned want = jump(x, n);
  x = steps(x, n);
  gethostname(host, sizeof(host));
  if (x != want) {
    printf("jobk %ld BAD %08x %08x %s\n", id, x, want, host);
    return 1;
  }
  printf("jobk %ld ok %s\n", id, host);
  return 0;
}
