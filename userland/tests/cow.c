/* Fork copies: after fork, a large array (256 KB of bss), the heap and the
 * stack are the child's own; writes on either side never show on the other,
 * before or after the other side has written too (copy-on-write or not). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define N (64 * 1024)
static long big[N]; /* 256 KB */

static void fill(long *v, int n, long k) {
  for (int i = 0; i < n; i++) v[i] = k * 1000003L + i;
}

static int all(const long *v, int n, long k) {
  for (int i = 0; i < n; i++)
    if (v[i] != k * 1000003L + i) return 0;
  return 1;
}

int main(void) {
  long *heap = malloc(64 * 1024 * sizeof(long));
  long stack[1024];
  fill(big, N, 1);
  fill(heap, 64 * 1024, 1);
  fill(stack, 1024, 1);
  int to_child[2], to_parent[2];
  CHECK(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipes");
  char c;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int bad = 0;
    if (!all(big, N, 1) || !all(heap, 64 * 1024, 1) || !all(stack, 1024, 1)) bad |= 1;
    fill(big, N, 2); /* the child writes first */
    fill(heap, 64 * 1024, 2);
    fill(stack, 1024, 2);
    write(to_parent[1], "w", 1);
    if (read(to_child[0], &c, 1) != 1) bad |= 2; /* the parent has written */
    if (!all(big, N, 2) || !all(heap, 64 * 1024, 2) || !all(stack, 1024, 2)) bad |= 4;
    big[N / 2] = 0; /* a single page written again */
    if (big[N / 2 + 1] != 2 * 1000003L + N / 2 + 1) bad |= 8;
    _exit(bad);
  }
  CHECK(pid > 0, "fork %d", pid);
  CHECK(read(to_parent[0], &c, 1) == 1, "the child has written its copy");
  CHECK(all(big, N, 1), "the child's writes to the 256 KB array do not show in the parent");
  CHECK(all(heap, 64 * 1024, 1), "nor to the heap");
  CHECK(all(stack, 1024, 1), "nor to the stack");
  fill(big, N, 3);
  fill(heap, 64 * 1024, 3);
  fill(stack, 1024, 3);
  write(to_child[1], "w", 1);
  int st;
  CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child saw only its own writes (bits %d)", WEXITSTATUS(st));
  CHECK(all(big, N, 3) && all(heap, 64 * 1024, 3) && all(stack, 1024, 3), "the parent sees only its own");
  /* many forks of a big process, each child checking and exiting */
  int okkids = 0;
  for (int k = 0; k < 8; k++) {
    fflush(stdout);
    pid_t q = fork();
    if (q == 0) {
      int good = all(big, N, 3);
      big[k * 1000] = -1;
      _exit(good ? 0 : 1);
    }
    if (q > 0 && waitpid(q, &st, 0) == q && WIFEXITED(st) && WEXITSTATUS(st) == 0) okkids++;
  }
  CHECK(okkids == 8 && all(big, N, 3), "8 more children each saw the parent's data and wrote their own (%d)", okkids);
  return DONE("cow");
}
