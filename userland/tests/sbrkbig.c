/* Swap reservation (docs/vm.md): sbrk promises swap, not memory. A process
 * may ask for 40 MB on a machine of 8 and touch ten pages of it; what the
 * swap area cannot promise is ENOMEM at once — a second big sbrk, or a
 * fork, which needs as much again for the child — never a fault later. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sun3lab.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define MB (1024L * 1024)

int main(void) {
  struct vmmeter v;
  printf("sbrkbig: the heap starts at %p\n", sbrk(0));
  fflush(stdout);
  vmmeter(&v, sizeof v);
  long pg = v.v_pagesize;
  errno = 0;
  CHECK(vmmeter((struct vmmeter *)0x10, sizeof v) == -1 && errno == EFAULT, "vmmeter to a bad address: EFAULT");
  long free0 = v.v_free;
  CHECK(v.v_swap * pg >= 40 * MB && v.v_swap * pg < 80 * MB, "swap area of %ld KB (40 MB fits once, not twice)",
        v.v_swap * pg / 1024);
  char *p = sbrk(40 * MB);
  CHECK(p != (char *)-1, "sbrk(40 MB) succeeds on a machine with %ld KB of memory", v.v_physmem * pg / 1024);
  if (p == (char *)-1) return DONE("sbrkbig");
  vmmeter(&v, sizeof v);
  CHECK(v.v_free >= free0 - 2, "and takes no page frames (%ld free before, %ld after)", free0, v.v_free);
  long bad = 0;
  for (int i = 0; i < 10; i++) p[i * 4 * MB + 17] = (char)(i + 1);
  for (int i = 0; i < 10; i++)
    if (p[i * 4 * MB + 17] != i + 1 || p[i * 4 * MB] != 0) bad++;
  CHECK(bad == 0, "ten pages touched across it hold what was stored, the rest reads zero");
  vmmeter(&v, sizeof v);
  CHECK(v.v_free >= free0 - 14, "only about ten frames were taken (%ld free before, %ld now)", free0, v.v_free);

  errno = 0;
  char *q = sbrk(20 * MB);
  CHECK(q == (char *)-1 && errno == ENOMEM, "another 20 MB (60 MB in all) cannot be promised: ENOMEM (%s)",
        strerror(errno));
  errno = 0;
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  CHECK(pid < 0 && errno == ENOMEM, "fork needs swap for a second 40 MB: ENOMEM (%s)", strerror(errno));
  if (pid > 0) waitpid(pid, NULL, 0);

  sbrk(-40 * MB);
  fflush(stdout);
  pid = fork();
  if (pid == 0) _exit(7);
  int st = 0;
  if (pid > 0) waitpid(pid, &st, 0);
  CHECK(pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 7, "after giving it back, fork works again");
  return DONE("sbrkbig");
}
