/* fpwork - a floating-point computation whose every bit depends on the
 * 68881's state staying with it: FPCR set to round toward zero at double
 * precision, the logistic map x <- 3.9 x (1 - x) iterated (chaotic: one
 * wrong bit anywhere and the digits soon differ) with a running sum, both
 * kept in FPU registers, and the bits printed every so often. The
 * migration tests move it between machines while it runs and expect the
 * lines it prints unmoved. fpwork [iterations] (default 20,000). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

static void show(long i, double x, double s) {
  union {
    double d;
    uint32_t w[2];
  } a, b;
  a.d = x;
  b.d = s;
  printf("fpwork %ld: x %08lx%08lx sum %08lx%08lx\n", i, (unsigned long)a.w[0], (unsigned long)a.w[1],
         (unsigned long)b.w[0], (unsigned long)b.w[1]);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 20000;
  unsigned long fpcr = 0x90; /* double precision, toward zero */
  __asm__ volatile("fmove.l %0,%%fpcr" ::"d"(fpcr));
  double x = 0.123456789, s = 0;
  for (long i = 1; i <= n; i++) {
    x = 3.9 * x * (1 - x);
    s += x;
    if (i % 10000 == 0) show(i, x, s);
  }
  unsigned long now;
  __asm__ volatile("fmove.l %%fpcr,%0" : "=d"(now));
  CHECK(now == fpcr, "FPCR kept its modes (%04lx)", now);
  CHECK(x > 0 && x < 1 && s > 0 && s < (double)n, "x stays in (0, 1)");
  return DONE("fpwork");
}
