/* Truncating a mapped file (SunOS 4, docs/vm.md): after ftruncate,
 * truncate or open with O_TRUNC shrinks a file, a page of a mapping wholly
 * beyond the new end gives SIGBUS, the rest of the last page beyond the end
 * reads as zeros, and the pages beyond it leave memory; growing the file
 * again makes the pages valid again (zero-filled). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 8192
#define FILE_ "/tmp/mmaptrunc.test"

/* Touch p[off] in a child (reading or writing): the signal that killed it, or 0. */
static int touch(volatile char *p, long off, int write) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (write)
      p[off] = 1;
    else
      (void)p[off];
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

static int resident(char *p, int pages) {
  char vec[8];
  mincore(p, pages * PG, vec);
  int n = 0;
  for (int i = 0; i < pages; i++) n += vec[i];
  return n;
}

static int fill(int fd) {
  static char data[4 * PG];
  memset(data, 'x', sizeof data);
  lseek(fd, 0, SEEK_SET);
  return write(fd, data, sizeof data) == sizeof data;
}

int main(void) {
  int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && fill(fd), "a file of 4 pages");
  char *p = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(p != MAP_FAILED, "mapped MAP_SHARED");
  for (int i = 0; i < 4; i++) p[i * PG + 1] = 'A' + i;
  CHECK(resident(p, 4) == 4, "all 4 pages in memory");
  CHECK(touch(p, 5 * PG, 0) == SIGSEGV, "beyond the mapping: SIGSEGV");

  CHECK(ftruncate(fd, PG + 100) == 0, "ftruncate to a page and 100 bytes");
  CHECK(touch(p, 2 * PG + 1, 0) == SIGBUS, "reading a page wholly past the end: SIGBUS");
  CHECK(touch(p, 3 * PG, 1) == SIGBUS, "writing one: SIGBUS");
  CHECK(touch(p, PG + 4000, 0) == 0 && p[PG + 100] == 0 && p[PG + PG - 1] == 0,
        "the rest of the last page reads as zeros");
  CHECK(p[1] == 'A' && p[PG + 1] == 'B' && p[PG + 99] == 'x', "what is before the end is kept");
  CHECK(resident(p, 4) == 2, "the pages past the end have left memory (%d resident)", resident(p, 4));
  p[PG + 200] = 'q'; /* past the end, inside the last page: never reaches the file */
  struct stat st;
  fstat(fd, &st);
  CHECK(st.st_size == PG + 100, "a store past the end does not make the file longer");

  CHECK(ftruncate(fd, 3 * PG) == 0, "grown again to 3 pages");
  CHECK(touch(p, 2 * PG + 1, 0) == 0 && p[2 * PG + 1] == 0, "its third page is back, zero-filled");
  p[2 * PG + 2] = 'C';
  CHECK(touch(p, 3 * PG, 0) == SIGBUS, "the fourth page is still past the end");
  char c = 0;
  lseek(fd, 2 * PG + 2, SEEK_SET);
  read(fd, &c, 1);
  CHECK(c == 'C', "a store to it reaches the file");
  CHECK(p[PG + 200] == 0, "the store past the old end was dropped (zero-filled on growth)");

  CHECK(truncate(FILE_, 10) == 0, "truncate(2) to 10 bytes");
  CHECK(touch(p, PG, 0) == SIGBUS && p[9] == 'x' && p[10] == 0, "the second page goes, the first is cut at 10");
  int again = open(FILE_, O_RDWR | O_TRUNC);
  CHECK(again >= 0 && touch(p, 0, 0) == SIGBUS, "open with O_TRUNC: the first page goes too");
  CHECK(fill(fd) && p[1] == 'x' && p[3 * PG + 1] == 'x', "written again, every page is there");

  /* A private mapping follows the file the same way. */
  char *r = mmap(0, 4 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(r != MAP_FAILED && r[2 * PG] == 'x', "a private mapping of it");
  ftruncate(fd, PG);
  CHECK(touch(r, 2 * PG, 0) == SIGBUS, "past the end: SIGBUS too");
  unlink(FILE_);
  return DONE("mmaptrunc");
}
