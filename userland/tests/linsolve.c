/* linsolve - a small numerical program: solves A x = b by Gaussian
 * elimination with partial pivoting for a 12 x 12 system whose answer is
 * known (b = A * (1, 2, ..., 12)), then refines the solution once with the
 * residual, and prints every component with 17 significant digits and
 * the residual's norm. The same program run under qemu-m68k (test/tools)
 * must print the same lines: the 68881's arithmetic and the libc's
 * printf, bit for bit. With an argument n it solves an n x n system. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

#define NMAX 40

static double a[NMAX][NMAX], lu[NMAX][NMAX], b[NMAX], x[NMAX], r[NMAX], d[NMAX];
static int piv[NMAX];

static unsigned long seed = 12345;
static double next(void) { /* a fixed sequence of values in [-1, 1) */
  seed = seed * 1103515245ul + 12345ul;
  return (double)((seed >> 8) & 0xffff) / 32768.0 - 1.0;
}

static void factor(int n) {
  for (int i = 0; i < n; i++) {
    piv[i] = i;
    for (int j = 0; j < n; j++) lu[i][j] = a[i][j];
  }
  for (int k = 0; k < n; k++) {
    int p = k;
    for (int i = k + 1; i < n; i++)
      if ((lu[i][k] < 0 ? -lu[i][k] : lu[i][k]) > (lu[p][k] < 0 ? -lu[p][k] : lu[p][k])) p = i;
    if (p != k) {
      for (int j = 0; j < n; j++) {
        double t = lu[k][j];
        lu[k][j] = lu[p][j];
        lu[p][j] = t;
      }
      int t = piv[k];
      piv[k] = piv[p];
      piv[p] = t;
    }
    for (int i = k + 1; i < n; i++) {
      lu[i][k] /= lu[k][k];
      for (int j = k + 1; j < n; j++) lu[i][j] -= lu[i][k] * lu[k][j];
    }
  }
}

static void solve(int n, const double *rhs, double *out) {
  for (int i = 0; i < n; i++) {
    double s = rhs[piv[i]];
    for (int j = 0; j < i; j++) s -= lu[i][j] * out[j];
    out[i] = s;
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = out[i];
    for (int j = i + 1; j < n; j++) s -= lu[i][j] * out[j];
    out[i] = s / lu[i][i];
  }
}

static double residual(int n) { /* r = b - A x; returns the largest |r_i| */
  double m = 0;
  for (int i = 0; i < n; i++) {
    double s = b[i];
    for (int j = 0; j < n; j++) s -= a[i][j] * x[j];
    r[i] = s;
    if ((s < 0 ? -s : s) > m) m = s < 0 ? -s : s;
  }
  return m;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 12;
  if (n < 1 || n > NMAX) n = 12;
  for (int i = 0; i < n; i++) {
    b[i] = 0;
    for (int j = 0; j < n; j++) a[i][j] = next() + (i == j ? 2.0 : 0.0);
    for (int j = 0; j < n; j++) b[i] += a[i][j] * (j + 1);
  }
  factor(n);
  solve(n, b, x);
  double r0 = residual(n);
  solve(n, r, d);
  for (int i = 0; i < n; i++) x[i] += d[i];
  double r1 = residual(n);
  double err = 0;
  for (int i = 0; i < n; i++) {
    printf("x[%2d] = %.17g\n", i, x[i]);
    double e = x[i] - (i + 1);
    if ((e < 0 ? -e : e) > err) err = e < 0 ? -e : e;
  }
  printf("residual %.6e, after refinement %.6e; largest error %.3e\n", r0, r1, err);
  CHECK(err < 1e-12 * n, "the solution is within %g of 1, 2, ..., %d", err, n);
  CHECK(r1 <= r0 * 4 + 1e-300, "refinement does not make the residual worse");
  return DONE("linsolve");
}
