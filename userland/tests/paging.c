/* Demand paging with swap: a program three times the size of the
 * machine's memory runs and gets the right answers, in three patterns —
 * sequential, random, and a working set that fits in memory — and once the
 * working set is all that is used, paging stops. The counters come from
 * vmmeter(225) (docs/vm.md). Run it on a small machine (sun3lab run --mem 4)
 * to make it page hard; it works at any size.
 *
 *   paging [times]   (times: the size as a multiple of memory, default 3) */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sun3lab.h>
#include <unistd.h>

#include "check.h"

#define MAXPAGES 16384
#define STRIDE 256 /* bytes between the words stamped in each page */

static unsigned char expect[MAXPAGES];
static struct vmmeter v;

static void meter(void) { vmmeter(&v, sizeof v); }

/* The word at offset j of page i: any value that differs from page to page. */
static long stamp(long i, long j) { return (i * 2654435761L) ^ (j << 3) ^ 0x5a5a; }

static unsigned long seed = 12345;
static unsigned long rnd(void) {
  seed = seed * 1103515245 + 12345;
  return (seed >> 8) & 0xffffff;
}

int main(int argc, char **argv) {
  int times = argc > 1 ? atoi(argv[1]) : 3;
  printf("paging: the heap starts at %p\n", sbrk(0)); /* stdio's buffer first */
  fflush(stdout);
  meter();
  long pg = v.v_pagesize;
  long npages = times * v.v_physmem;
  CHECK(v.v_swap > 0, "the machine has a swap area (%ld pages)", v.v_swap);
  if (npages > MAXPAGES) npages = MAXPAGES;
  long resv0 = v.v_swapresv;
  char *base = sbrk(npages * pg);
  CHECK(base != (char *)-1, "sbrk of %ld pages (%ld KB), %d times the %ld pages of memory", npages,
        npages * pg / 1024, times, v.v_physmem);
  if (base == (char *)-1) return DONE("paging");
  meter();
  CHECK(v.v_swapresv >= resv0 + npages, "swap is reserved for them (%ld -> %ld pages)", resv0, v.v_swapresv);

  /* Sequential: stamp every page, then read every stamp back. */
  long out0 = v.v_pgpgout, in0 = v.v_pgpgin;
  for (long i = 0; i < npages; i++)
    for (long j = 0; j < pg; j += STRIDE) *(long *)(base + i * pg + j) = stamp(i, j);
  long bad = 0;
  for (long i = 0; i < npages; i++)
    for (long j = 0; j < pg; j += STRIDE)
      if (*(long *)(base + i * pg + j) != stamp(i, j)) bad++;
  meter();
  CHECK(bad == 0, "sequential: every stamp read back (%ld wrong)", bad);
  CHECK(v.v_pgpgout > out0 && v.v_pgpgin > in0, "sequential: it paged (%ld pages out, %ld in)",
        v.v_pgpgout - out0, v.v_pgpgin - in0);

  /* Random: counters at offset 128 of random pages, checked against a copy. */
  for (long n = 0; n < 4 * npages; n++) {
    long i = rnd() % npages;
    (*(long *)(base + i * pg + 128))++;
    expect[i]++;
  }
  bad = 0;
  for (long i = 0; i < npages; i++)
    if (*(long *)(base + i * pg + 128) != expect[i] || *(long *)(base + i * pg) != stamp(i, 0)) bad++;
  meter();
  CHECK(bad == 0, "random: %ld increments over the pages all there (%ld pages wrong)", 4 * npages, bad);

  /* A working set of a quarter of memory: passes over it until one pages
   * nothing, then five more that must page nothing either. */
  long ws = v.v_physmem / 4;
  int settled = -1;
  for (int pass = 0; pass < 200 && settled < 0; pass++) {
    meter();
    long moved = v.v_pgpgin + v.v_pgpgout;
    for (int k = 0; k < 20; k++)
      for (long i = 0; i < ws; i++) (*(long *)(base + i * pg + 64))++;
    meter();
    if (v.v_pgpgin + v.v_pgpgout == moved) settled = pass;
  }
  CHECK(settled >= 0, "working set of %ld pages: paging stopped after %d passes", ws, settled);
  meter();
  long in1 = v.v_pgpgin, out1 = v.v_pgpgout;
  for (int pass = 0; pass < 5; pass++)
    for (long i = 0; i < ws; i++) (*(long *)(base + i * pg + 64))++;
  meter();
  CHECK(v.v_pgpgin == in1 && v.v_pgpgout == out1, "working set: 5 more passes paged nothing (%ld in, %ld out)",
        v.v_pgpgin - in1, v.v_pgpgout - out1);
  bad = 0;
  for (long i = 0; i < npages; i++)
    if (*(long *)(base + i * pg) != stamp(i, 0)) bad++;
  CHECK(bad == 0, "and everything is still there (%ld pages wrong)", bad);

  /* Giving the memory back gives back its swap. */
  sbrk(-npages * pg);
  meter();
  CHECK(v.v_swapresv <= resv0, "sbrk down: the reservation is back to %ld pages (%ld)", resv0, v.v_swapresv);
  printf("paging: %ld pages in, %ld out, %ld reclaims, %ld scanned, %ld zero-filled\n", v.v_pgpgin, v.v_pgpgout,
         v.v_rec, v.v_scan, v.v_zfod);
  return DONE("paging");
}
