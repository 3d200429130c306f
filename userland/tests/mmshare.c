/* Shared anonymous memory is paged (SunOS 4, docs/vm.md). A MAP_SHARED
 * mapping of /dev/zero of five eighths of the machine's memory reserves
 * swap for its pages, once for parent and child; both store into it, and
 * a heap as big as memory then pushes its pages out to swap (the child,
 * asleep meanwhile, may be swapped out whole). Afterwards each side finds
 * the other's stores, a child forked after the pages went to swap finds
 * them too and its stores are seen, and munmap gives the swap back.
 *
 *   mmshare [heap]   (heap: the heap's size as a multiple of memory, default 1) */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sun3lab.h>
#include <unistd.h>

#include "check.h"

#define MAXPAGES 1024

static struct vmmeter v;
static long pg, n;
static long *s;

static void meter(void) { vmmeter(&v, sizeof v); }

/* Word w of page i of the shared memory. */
#define W(i, w) s[(i) * (pg / sizeof(long)) + (w)]

static int resident(void) {
  static char vec[MAXPAGES];
  mincore((char *)s, n * pg, vec);
  int r = 0;
  for (long i = 0; i < n; i++) r += vec[i];
  return r;
}

/* Pages whose word w is not what `want` says. */
static long wrong(int w, long (*want)(long)) {
  long bad = 0;
  for (long i = 0; i < n; i++)
    if (W(i, w) != want(i)) bad++;
  return bad;
}

static long first(long i) { return (i % 2 ? 0x0dd00000 : 0x0e000000) + i; } /* odd: the child's */
static long second(long i) { return 0x5ec00000 + i; }                          /* the child's, later */
static long third(long i) { return i % 3 == 0 ? 0x77700000 + i : 0; }          /* the late child's */

int main(int argc, char **argv) {
  int times = argc > 1 ? atoi(argv[1]) : 1;
  meter();
  pg = v.v_pagesize;
  n = v.v_physmem * 5 / 8;
  if (n > MAXPAGES) n = MAXPAGES;
  int fd = open("/dev/zero", O_RDWR);
  long room = v.v_swap - v.v_swapresv;
  CHECK(mmap(0, (room + 1) * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == ENOMEM,
        "shared memory of %ld pages, one more than swap can promise: ENOMEM", room + 1);
  long resv0 = v.v_swapresv;
  s = (long *)mmap(0, n * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  meter();
  CHECK((char *)s != MAP_FAILED && v.v_swapresv == resv0 + n, "%ld pages of shared memory reserve %ld of swap", n,
        v.v_swapresv - resv0);

  int go[2], ready[2];
  pipe(go);
  pipe(ready);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char c;
    for (long i = 1; i < n; i += 2) W(i, 0) = first(i);
    write(ready[1], "r", 1);
    read(go[0], &c, 1); /* asleep while the parent makes memory short */
    long bad = wrong(0, first);
    for (long i = 0; i < n; i++) W(i, 1) = second(i);
    _exit(bad == 0 ? 0 : 1);
  }
  for (long i = 0; i < n; i += 2) W(i, 0) = first(i);
  char c;
  read(ready[0], &c, 1);
  CHECK(wrong(0, first) == 0 && resident() == n, "the parent sees the child's stores at once, in one memory");
  meter();
  CHECK(v.v_swapresv - (resv0 + n) < n, "fork promised %ld pages more (the child's data and stack), not the shared ones again",
        v.v_swapresv - (resv0 + n));

  long out0 = v.v_pgpgout, in0 = v.v_pgpgin, swp0 = v.v_swpout;
  long heap = times * v.v_physmem;
  char *h = sbrk(heap * pg);
  CHECK(h != (char *)-1, "a heap of %ld pages", heap);
  for (long i = 0; i < heap; i++) h[i * pg] = (char)i;
  meter();
  int left = resident();
  CHECK(left < n, "the page daemon took shared pages (%d of %ld still mapped here)", left, n);
  CHECK(v.v_pgpgout > out0, "it wrote pages out (%ld)", v.v_pgpgout - out0);
  printf("(processes swapped out meanwhile: %ld)\n", v.v_swpout - swp0);

  CHECK(wrong(0, first) == 0, "the parent finds every store, its own and the child's");
  write(go[1], "g", 1);
  int status;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child found them too, after the paging");
  CHECK(wrong(1, second) == 0, "and the parent sees what the child stored then");

  /* Push the pages out again, then fork: the new child reads them back from swap. */
  for (long i = 0; i < heap; i++) h[i * pg] += 1;
  meter();
  left = resident();
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    long bad = wrong(0, first) + wrong(1, second);
    for (long i = 0; i < n; i += 3) W(i, 2) = third(i);
    _exit(bad == 0 ? 0 : 1);
  }
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "a child forked with %ld of %ld pages out finds every store", n - left, n);
  CHECK(wrong(2, third) == 0, "and its stores are seen here");
  long bad = 0;
  for (long i = 0; i < heap; i++)
    if (h[i * pg] != (char)(i + 1)) bad++;
  CHECK(bad == 0, "the heap is intact (%ld wrong)", bad);
  meter();
  CHECK(v.v_pgpgin > in0, "pages came back in (%ld)", v.v_pgpgin - in0);

  long resv = v.v_swapresv;
  munmap((char *)s, n * pg);
  meter();
  CHECK(v.v_swapresv == resv - n, "munmap gives the %ld pages of swap back (%ld)", n, resv - v.v_swapresv);
  return DONE("mmshare");
}
