/* sortx - sorting for the migration equivalence tests: N pseudo-random
 * numbers sorted by quicksort (libc's qsort), by heapsort and by merge
 * sort, in rounds; each round prints its checksum and checks that the
 * three orders agree.
 *
 *   sortx [N] [ROUNDS]    (default 2000, 4) */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static unsigned seed = 12345;
static unsigned rnd(void) { return seed = seed * 1103515245u + 12345u; }

static int cmp(const void *a, const void *b) {
  unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
  return x < y ? -1 : x > y;
}

static void sift(unsigned *v, int i, int n) {
  for (;;) {
    int c = 2 * i + 1;
    if (c >= n) return;
    if (c + 1 < n && v[c + 1] > v[c]) c++;
    if (v[i] >= v[c]) return;
    unsigned t = v[i];
    v[i] = v[c];
    v[c] = t;
    i = c;
  }
}

static void heapsort_u(unsigned *v, int n) {
  for (int i = n / 2 - 1; i >= 0; i--) sift(v, i, n);
  for (int e = n - 1; e > 0; e--) {
    unsigned t = v[0];
    v[0] = v[e];
    v[e] = t;
    sift(v, 0, e);
  }
}

static void mergesort_u(unsigned *v, unsigned *tmp, int n) {
  if (n < 2) return;
  int h = n / 2;
  mergesort_u(v, tmp, h);
  mergesort_u(v + h, tmp, n - h);
  int i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof(unsigned));
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2000, rounds = argc > 2 ? atoi(argv[2]) : 4;
  if (n < 2) n = 2;
  unsigned *a = malloc(n * sizeof(unsigned)), *b = malloc(n * sizeof(unsigned)), *c = malloc(n * sizeof(unsigned)),
           *t = malloc(n * sizeof(unsigned));
  int agree = 1;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < n; i++) a[i] = b[i] = c[i] = rnd() >> 8;
    qsort(a, n, sizeof(unsigned), cmp);
    heapsort_u(b, n);
    mergesort_u(c, t, n);
    unsigned sum = 0;
    for (int i = 0; i < n; i++) {
      sum = sum * 33u + a[i];
      if (a[i] != b[i] || a[i] != c[i] || (i > 0 && a[i - 1] > a[i])) agree = 0;
    }
    printf("round %d: %d numbers, checksum %08x\n", r, n, sum);
    fflush(stdout);
  }
  CHECK(agree, "quicksort, heapsort and merge sort agree, in order");
  return DONE("sortx");
}
