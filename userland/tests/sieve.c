/* Compute-bound: sieve of Eratosthenes. There are 9592 primes below 100000
 * and 78498 below 1000000. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static char composite[1000001];

static int count_primes(int limit) {
  int count = 0;
  memset(composite, 0, (size_t)limit + 1);
  for (int i = 2; i <= limit; i++) {
    if (composite[i]) continue;
    count++;
    if (i > limit / i) continue; /* i*i would be past the limit (and overflow 32 bits) */
    for (int j = i * i; j <= limit; j += i) composite[j] = 1;
  }
  return count;
}

int main(int argc, char **argv) {
  int big = argc > 1 && strcmp(argv[1], "-big") == 0;
  int n = count_primes(100000);
  CHECK(n == 9592, "%d primes below 100000", n);
  CHECK(!composite[99991] && composite[99999], "99991 is prime, 99999 is not");
  if (big) {
    n = count_primes(1000000);
    CHECK(n == 78498, "%d primes below 1000000", n);
  }
  return DONE("sieve");
}
