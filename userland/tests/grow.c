/* Memory growth: the heap through sbrk and malloc (argv[1] MB, default 4),
 * and the stack through deep recursion (argv[2] KB of frames, default 1024). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

#define CHUNK (64 * 1024)

/* Each level keeps a 1 KB frame alive and checks it on the way back. */
static int recurse(int depth, int seed) {
  volatile unsigned char frame[1000];
  for (int i = 0; i < (int)sizeof(frame); i += 97) frame[i] = (unsigned char)(seed + i);
  int below = depth > 1 ? recurse(depth - 1, seed + 1) : 0;
  for (int i = 0; i < (int)sizeof(frame); i += 97) {
    if (frame[i] != (unsigned char)(seed + i)) return -1000000;
  }
  return below < 0 ? below : below + 1;
}

int main(int argc, char **argv) {
  int mb = argc > 1 ? atoi(argv[1]) : 4;
  int kb = argc > 2 ? atoi(argv[2]) : 1024;

  /* stdout's buffer comes from malloc: get it before watching the break */
  printf("grow: %d MB of heap, %d KB of stack\n", mb, kb);
  fflush(stdout);

  /* sbrk directly */
  char *p0 = sbrk(0);
  char *p = sbrk(256 * 1024);
  CHECK(p == p0 && p != (char *)-1, "sbrk(256K) returns the old break");
  memset(p, 0x5a, 256 * 1024);
  CHECK(p[0] == 0x5a && p[256 * 1024 - 1] == 0x5a, "the new memory is usable");
  CHECK(sbrk(0) == p0 + 256 * 1024, "the break moved by 256K");
  CHECK(sbrk(-128 * 1024) == p0 + 256 * 1024 && sbrk(0) == p0 + 128 * 1024, "sbrk can shrink");

  /* many MB through malloc */
  int n = mb * 1024 * 1024 / CHUNK;
  char **chunks = malloc((size_t)n * sizeof(char *));
  int got = 0;
  for (int i = 0; chunks != NULL && i < n; i++) {
    chunks[i] = malloc(CHUNK);
    if (chunks[i] == NULL) break;
    for (int k = 0; k < CHUNK; k += 512) chunks[i][k] = (char)(i + k / 512);
    got++;
  }
  CHECK(got == n, "malloc %d chunks of 64K (%d MB)", got, mb);
  int ok = 1;
  for (int i = 0; i < got; i++) {
    for (int k = 0; k < CHUNK; k += 512) {
      if (chunks[i][k] != (char)(i + k / 512)) ok = 0;
    }
  }
  CHECK(ok, "every chunk kept its contents");
  for (int i = 0; i < got; i += 2) free(chunks[i]);
  char *big = malloc(CHUNK / 2);
  CHECK(big != NULL, "malloc after freeing half");
  for (int i = 1; i < got; i += 2) free(chunks[i]);
  free(big);
  char *huge = malloc((size_t)got * CHUNK / 2);
  CHECK(huge != NULL, "freed chunks merge into one big block");
  free(huge);
  free(chunks);
  char *z = calloc(1000, 100);
  int zero = z != NULL;
  for (int i = 0; z != NULL && i < 100000; i++) zero &= z[i] == 0;
  CHECK(zero, "calloc gives zeros");
  z = realloc(z, 200000);
  CHECK(z != NULL && z[99999] == 0, "realloc keeps the contents");
  free(z);

  /* the stack */
  int depth = recurse(kb, 1);
  CHECK(depth == kb, "recursion %d levels deep (about %d KB of stack)", depth, kb);
  return DONE("grow");
}
