/* bigarray: a program with an array larger than the machine's memory (the
 * classic demonstration of virtual memory): 8 MB of int, filled, then
 * summed in reverse, then searched, on a 4 MB machine. Nothing is special
 * in the program; the kernel pages the array to swap and back. */
#include <stdio.h>

#define N (2 * 1024 * 1024) /* ints: 8 MB */

static int a[N];

int main(void) {
  long i;
  unsigned long sum = 0;
  long found = 0;

  printf("array of %ld KB\n", (long)(sizeof a / 1024));
  for (i = 0; i < N; i++) a[i] = (int)((i % 10007) * 7919 % 10007);
  for (i = N - 1; i >= 0; i--) sum += (unsigned long)a[i] * (unsigned long)(i & 15);
  for (i = 0; i < N; i++)
    if (a[i] == 4242) found++;
  printf("sum = %lu\n", sum);
  printf("4242 occurs %ld times\n", found);
  return 0;
}
