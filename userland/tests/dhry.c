/* dhry - a Dhrystone-like integer workload (records, pointers, string copies
 * and compares, calls, branches), for the migration equivalence tests: it
 * prints a checksum every tenth of its loops, and the same checksums
 * whatever machine it ends on.
 *
 *   dhry [LOOPS]     (default 20000) */
#include <stdlib.h>
#include <string.h>

#include "check.h"

struct rec {
  struct rec *next;
  int kind, num;
  char text[31];
};

static struct rec glob_a, glob_b;
static int arr1[50], arr2[50][50];
static char ch1, ch2;

static int proc_fn(int a, int b) { return a * 3 + (b ^ 0x55) - (a >> 2); }

static void proc_rec(struct rec *r, int i) {
  *r->next = *r;
  r->num = proc_fn(r->num, i) & 0xffff;
  r->next->kind = (r->kind + i) % 5;
  if (r->next->kind == 2) r->next->num = r->num + 7;
  else r->next->num = r->num - 3;
}

static int proc_str(const char *s1, const char *s2) {
  int c = strcmp(s1, s2);
  return c < 0 ? -1 : c > 0;
}

static void proc_arr(int x, int y) {
  int i = x + 5;
  arr1[i % 50] = y;
  arr1[(i + 1) % 50] = arr1[i % 50];
  arr1[(i + 30) % 50] = i;
  for (int j = i; j <= i + 1; j++) arr2[i % 50][j % 50] = i;
  arr2[i % 50][(i - 1 + 50) % 50] += 1;
  arr2[(i + 20) % 50][i % 50] = arr1[i % 50];
}

int main(int argc, char **argv) {
  long loops = argc > 1 ? atol(argv[1]) : 20000;
  char s1[31], s2[31];
  unsigned sum = 0;
  glob_a.next = &glob_b;
  glob_a.kind = 1;
  glob_a.num = 40;
  strcpy(glob_a.text, "DHRYSTONE PROGRAM, SOME STRING");
  strcpy(s1, "DHRYSTONE PROGRAM, 1'ST STRING");
  for (long n = 1; n <= loops; n++) {
    ch1 = 'A' + (char)(n % 3);
    ch2 = 'B';
    strcpy(s2, "DHRYSTONE PROGRAM, 2'ND STRING");
    s2[19] = (char)('0' + n % 10);
    int c = proc_str(s1, s2);
    int a = (int)(n % 7) + 2, b = 3;
    int x = a * b - (c + ch1 - ch2);
    proc_arr(x, (int)n);
    proc_rec(&glob_a, (int)n);
    for (char k = 'A'; k <= ch2; k++) x += k == ch1 ? 5 : 1;
    sum = sum * 31u + (unsigned)(x + glob_a.num + glob_b.kind + arr1[(n + 7) % 50] + arr2[8][7]);
    if (n % (loops / 10 > 0 ? loops / 10 : 1) == 0) {
      printf("loop %ld: checksum %08x\n", n, sum);
      fflush(stdout);
    }
  }
  CHECK(glob_b.kind >= 0 && glob_b.kind < 5, "records consistent (kind %d, num %d)", glob_b.kind, glob_b.num);
  CHECK(strcmp(glob_a.text, "DHRYSTONE PROGRAM, SOME STRING") == 0, "strings intact");
  return DONE("dhry");
}
