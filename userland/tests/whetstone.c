/* whetstone - a Whetstone benchmark in C, written for sun3lab from the
 * published description of the algorithm (Curnow and Wichmann, "A
 * synthetic benchmark", The Computer Journal 19(1), 1976): the modules of
 * the original Algol program, each a loop whose count is a fixed multiple
 * of the loop factor I, in double precision. I = 10 is one million
 * Whetstone instructions; the rating is
 *
 *     MWIPS = I / (10 * seconds)
 *
 * `whetstone [I]` (default 1) times the run by the emulated clock
 * (gettimeofday) and prints the rating; it also checks each module's
 * result against the value the same program gives on a host with IEEE
 * double arithmetic (to 1e-9: the 68881 keeps intermediates in extended
 * precision), so a wrong FPU cannot pass for a fast one. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* the constants of the original: t just below 1/2 keeps the iterations
 * from growing or dying out, t1 just above; t2 = 2 */
static const double T = 0.499975, T1 = 0.50025, T2 = 2.0;

static double e1[5]; /* indexed 1..4, as in the Algol */
static int j, k, l;

/* module 3's procedure: the module 2 update six times on an array parameter */
static void pa(double *e) {
  for (int n = 0; n < 6; n++) {
    e[1] = (e[1] + e[2] + e[3] - e[4]) * T;
    e[2] = (e[1] + e[2] - e[3] + e[4]) * T;
    e[3] = (e[1] - e[2] + e[3] + e[4]) * T;
    e[4] = (-e[1] + e[2] + e[3] + e[4]) / T2;
  }
}

/* module 8's procedure: three results through a pointer */
static void p3(double x, double y, double *z) {
  double x1 = T * (x + y);
  double y1 = T * (x1 + y);
  *z = (x1 + y1) / T2;
}

/* module 9's procedure: array elements moved around by global indices */
static void p0(void) {
  e1[j] = e1[k];
  e1[k] = e1[l];
  e1[l] = e1[j];
}

struct results {
  double m1, m2, m3, m7x, m7y, m8, m11;
  int m4, m6, m10;
};

static void whetstone(long I, struct results *r) {
  long n1 = 0, n2 = 12 * I, n3 = 14 * I, n4 = 345 * I, n6 = 210 * I, n7 = 32 * I, n8 = 899 * I, n9 = 616 * I,
       n10 = 0, n11 = 93 * I;
  double x1 = 1.0, x2 = -1.0, x3 = -1.0, x4 = -1.0, x, y, z;

  /* 1: simple variables (weight 0 in the standard mix, kept for the record) */
  for (long i = 0; i < n1; i++) {
    x1 = (x1 + x2 + x3 - x4) * T;
    x2 = (x1 + x2 - x3 + x4) * T;
    x3 = (x1 - x2 + x3 + x4) * T;
    x4 = (-x1 + x2 + x3 + x4) * T;
  }
  r->m1 = x1 + x2 + x3 + x4;

  /* 2: array elements */
  e1[1] = 1.0, e1[2] = -1.0, e1[3] = -1.0, e1[4] = -1.0;
  for (long i = 0; i < n2; i++) {
    e1[1] = (e1[1] + e1[2] + e1[3] - e1[4]) * T;
    e1[2] = (e1[1] + e1[2] - e1[3] + e1[4]) * T;
    e1[3] = (e1[1] - e1[2] + e1[3] + e1[4]) * T;
    e1[4] = (-e1[1] + e1[2] + e1[3] + e1[4]) * T;
  }
  r->m2 = e1[1] + e1[2] + e1[3] + e1[4];

  /* 3: an array as a parameter */
  for (long i = 0; i < n3; i++) pa(e1);
  r->m3 = e1[1] + e1[2] + e1[3] + e1[4];

  /* 4: conditional jumps */
  j = 1;
  for (long i = 0; i < n4; i++) {
    j = j == 1 ? 2 : 3;
    j = j > 2 ? 0 : 1;
    j = j < 1 ? 1 : 0;
  }
  r->m4 = j;

  /* 6: integer arithmetic and array indexing */
  j = 1, k = 2, l = 3;
  for (long i = 0; i < n6; i++) {
    j = j * (k - j) * (l - k);
    k = l * k - (l - j) * k;
    l = (l - k) * (k + j);
    e1[l - 1] = j + k + l;
    e1[k - 1] = j * k * l;
  }
  r->m6 = j + k + l;

  /* 7: trigonometric functions */
  x = 0.5, y = 0.5;
  for (long i = 0; i < n7; i++) {
    x = T * atan(T2 * sin(x) * cos(x) / (cos(x + y) + cos(x - y) - 1.0));
    y = T * atan(T2 * sin(y) * cos(y) / (cos(x + y) + cos(x - y) - 1.0));
  }
  r->m7x = x, r->m7y = y;

  /* 8: procedure calls */
  x = 1.0, y = 1.0, z = 1.0;
  for (long i = 0; i < n8; i++) p3(x, y, &z);
  r->m8 = z;

  /* 9: array references through a procedure */
  j = 1, k = 2, l = 3;
  e1[1] = 1.0, e1[2] = 2.0, e1[3] = 3.0;
  for (long i = 0; i < n9; i++) p0();

  /* 10: integer arithmetic (weight 0 in the standard mix) */
  j = 2, k = 3;
  for (long i = 0; i < n10; i++) {
    j = j + k;
    k = j + k;
    j = k - j;
    k = k - j - j;
  }
  r->m10 = j + k;

  /* 11: standard functions */
  x = 0.75;
  for (long i = 0; i < n11; i++) x = sqrt(exp(log(x) / T1));
  r->m11 = x;
}

static int near(double a, double b) { return fabs(a - b) <= 1e-9 * fabs(b); }

int main(int argc, char **argv) {
  long I = argc > 1 ? atol(argv[1]) : 1;
  if (I < 1) I = 1;
  struct results r;
  long t0 = now_ms();
  whetstone(I, &r);
  long ms = now_ms() - t0;
  printf("whetstone: modules 2 %.12g, 3 %.12g, 4 %d, 6 %d, 7 %.12g %.12g, 8 %.12g, 11 %.12g\n", r.m2, r.m3, r.m4, r.m6,
         r.m7x, r.m7y, r.m8, r.m11);
  if (ms <= 0) ms = 1;
  printf("whetstone: I = %ld, %ld.%03ld s (emulated), %ld KWIPS\n", I, ms / 1000, ms % 1000, I * 100000 / ms);
  if (I == 1) { /* the host's answers for I = 1 */
    CHECK(near(r.m2, -2.39846056358) && near(r.m3, -2.39154455097), "modules 2 and 3 (array arithmetic)");
    CHECK(r.m4 == 0 && r.m6 == 6, "modules 4 and 6 (jumps, integer arithmetic)");
    CHECK(near(r.m7x, 0.499038308015) && near(r.m7y, 0.499023156485), "module 7 (sin, cos, atan)");
    CHECK(near(r.m8, 0.999937500625) && near(r.m11, 0.759865144888), "modules 8 and 11 (calls; sqrt, exp, log)");
  } else {
    CHECK(r.m4 == (I & 1 ? 0 : 1) && r.m6 == 6 && r.m7x > 0 && r.m11 > 0 && r.m11 <= 1, "the modules ran");
  }
  return DONE("whetstone");
}
