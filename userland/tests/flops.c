/* flops - a floating-point kernel for MFLOPS figures: Gaussian elimination
 * with partial pivoting of an n x n double matrix (`flops n`; 50 without an
 * argument, the benchmark runs 100),
 * whose inner loop is a[i][j] -= m * a[k][j] (one multiplication and one
 * subtraction), then back substitution. It counts 2n^3/3 + 3n^2/2
 * operations as LINPACK does, times the factorization and solution by the
 * emulated clock and prints MFLOPS; the solution of a system built to
 * have x = (1, 1, ..., 1) must come back to within 1e-10. */
#include <math.h>
#include <stdlib.h>

#include "check.h"

#define NMAX 200

static double a[NMAX][NMAX], b[NMAX], x[NMAX];

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 50;
  if (n < 2 || n > NMAX) n = 100;
  unsigned long seed = 1325;
  for (int i = 0; i < n; i++) {
    b[i] = 0;
    for (int j = 0; j < n; j++) {
      seed = seed * 3125 % 65536;
      a[i][j] = (seed - 32768.0) / 16384.0;
      b[i] += a[i][j]; /* so that x = 1 */
    }
  }
  long t0 = now_ms();
  for (int k = 0; k < n - 1; k++) {
    int p = k;
    for (int i = k + 1; i < n; i++)
      if (fabs(a[i][k]) > fabs(a[p][k])) p = i;
    if (p != k) {
      for (int j = 0; j < n; j++) {
        double t = a[k][j];
        a[k][j] = a[p][j];
        a[p][j] = t;
      }
      double t = b[k];
      b[k] = b[p];
      b[p] = t;
    }
    for (int i = k + 1; i < n; i++) {
      double m = a[i][k] / a[k][k];
      for (int j = k + 1; j < n; j++) a[i][j] -= m * a[k][j];
      b[i] -= m * b[k];
    }
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = b[i];
    for (int j = i + 1; j < n; j++) s -= a[i][j] * x[j];
    x[i] = s / a[i][i];
  }
  long ms = now_ms() - t0;
  double err = 0;
  for (int i = 0; i < n; i++)
    if (fabs(x[i] - 1) > err) err = fabs(x[i] - 1);
  double ops = 2.0 * n * n * n / 3 + 1.5 * n * n;
  if (ms <= 0) ms = 1;
  printf("flops: n = %d, %.0f operations in %ld.%03ld s (emulated), %.3f MFLOPS\n", n, ops, ms / 1000, ms % 1000,
         ops / (ms * 1000.0));
  CHECK(err < 1e-10, "the solution is x = 1 to %.2g", err);
  return DONE("flops");
}
