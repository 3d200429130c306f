/* Pages of mapped files are paged out (SunOS 4, docs/vm.md). A file of
 * half the machine's memory is mapped twice — MAP_SHARED, every page
 * stored to, and MAP_PRIVATE, every fourth page stored to — then a heap as
 * big as memory is filled, so the page daemon must take pages of the
 * mappings too: the shared ones written back to the file, the private
 * copies to swap, clean ones simply dropped. Afterwards every byte is as it
 * should be, in the mappings and in the file, and the counters show it.
 *
 *   mmappage [heap]   (heap: the heap's size as a multiple of memory, default 1) */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sun3lab.h>
#include <unistd.h>

#include "check.h"

#define FILE_ "/tmp/mmappage.test"
#define MAXPAGES 1024

static struct vmmeter v;
static char buf[8192];

static void meter(void) { vmmeter(&v, sizeof v); }

static int resident(char *p, long pages) {
  static char vec[MAXPAGES];
  mincore(p, pages * 8192, vec);
  int n = 0;
  for (long i = 0; i < pages; i++) n += vec[i];
  return n;
}

int main(int argc, char **argv) {
  int times = argc > 1 ? atoi(argv[1]) : 1;
  meter();
  long pg = v.v_pagesize;
  long n = v.v_physmem / 2;
  if (n > MAXPAGES) n = MAXPAGES;
  int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0644);
  for (long i = 0; i < n; i++) {
    memset(buf, 'a' + i % 26, pg);
    write(fd, buf, pg);
  }
  char *s = mmap(0, n * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  char *r = mmap(0, n * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(s != MAP_FAILED && r != MAP_FAILED, "a file of %ld pages mapped shared and private", n);
  for (long i = 0; i < n; i++) s[i * pg + 7] = 'S';
  for (long i = 0; i < n; i += 4) r[i * pg + 9] = 'P';
  for (long i = 1; i < n; i += 4) (void)r[i * pg]; /* read only: the file's page */
  CHECK(resident(s, n) == n, "all %ld shared pages in memory", n);

  meter();
  long out0 = v.v_pgpgout, free0 = v.v_dfree, in0 = v.v_pgpgin;
  long heap = times * v.v_physmem;
  char *h = sbrk(heap * pg);
  CHECK(h != (char *)-1, "a heap of %ld pages", heap);
  for (long i = 0; i < heap; i++) h[i * pg] = (char)i;
  meter();
  int left = resident(s, n);
  CHECK(left < n, "the page daemon took shared file pages (%d of %ld still in memory)", left, n);
  CHECK(v.v_pgpgout > out0 && v.v_dfree > free0, "it wrote pages out (%ld) and freed frames (%ld)",
        v.v_pgpgout - out0, v.v_dfree - free0);

  /* The file has what the shared mapping stored, paged out or not. */
  long bad = 0;
  lseek(fd, 0, SEEK_SET);
  for (long i = 0; i < n; i++) {
    read(fd, buf, pg);
    if (buf[7] != 'S' || buf[8] != 'a' + i % 26 || buf[9] != 'a' + i % 26) bad++;
  }
  CHECK(bad == 0, "read(2): every page of the file has the shared stores (%ld wrong)", bad);
  bad = 0;
  for (long i = 0; i < n; i++)
    if (s[i * pg + 7] != 'S' || s[i * pg + 100] != 'a' + i % 26) bad++;
  CHECK(bad == 0, "the shared mapping reads them back (%ld wrong)", bad);
  bad = 0;
  for (long i = 0; i < n; i++) {
    char want = i % 4 == 0 ? 'P' : 'a' + i % 26;
    if (r[i * pg + 9] != want) bad++;
  }
  CHECK(bad == 0, "the private copies kept their own stores (%ld wrong)", bad);
  bad = 0;
  for (long i = 0; i < heap; i++)
    if (h[i * pg] != (char)i) bad++;
  CHECK(bad == 0, "and the heap is intact (%ld wrong)", bad);
  meter();
  CHECK(v.v_pgpgin > in0, "pages came back in (%ld)", v.v_pgpgin - in0);
  munmap(s, n * pg);
  munmap(r, n * pg);
  close(fd);
  unlink(FILE_);
  return DONE("mmappage");
}
