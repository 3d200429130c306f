/* Compute-bound: integer matrix multiply. C = A*B is checked against
 * (A*B)*x = A*(B*x) for a vector x, computed independently. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"

#define N 64

static int a[N][N], b[N][N], c[N][N];

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 4;
  unsigned seed = 12345;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      seed = seed * 1103515245u + 12345u;
      a[i][j] = (int)((seed >> 16) % 201) - 100;
      seed = seed * 1103515245u + 12345u;
      b[i][j] = (int)((seed >> 16) % 201) - 100;
    }
  }
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        int s = 0;
        for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
        c[i][j] = s;
      }
    }
  }
  long long x[N], bx[N], abx[N], cx[N];
  for (int i = 0; i < N; i++) x[i] = i * 3 - 50;
  for (int i = 0; i < N; i++) {
    bx[i] = 0;
    for (int k = 0; k < N; k++) bx[i] += (long long)b[i][k] * x[k];
  }
  int same = 1;
  long long trace = 0;
  for (int i = 0; i < N; i++) {
    abx[i] = 0;
    cx[i] = 0;
    for (int k = 0; k < N; k++) {
      abx[i] += (long long)a[i][k] * bx[k];
      cx[i] += (long long)c[i][k] * x[k];
    }
    if (abx[i] != cx[i]) same = 0;
    trace += c[i][i];
  }
  CHECK(same, "%dx%d product agrees with A*(B*x) after %d rounds", N, N, rounds);
  CHECK(c[0][0] != 0 || c[1][1] != 0, "result is not all zero (trace %lld)", trace);
  return DONE("matmul");
}
