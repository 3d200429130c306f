/* A mapped file's pages written back on a full disk (docs/vm.md). A
 * sparse file is mapped MAP_SHARED and the disk filled; stores into the
 * mapping need blocks the file system no longer has. As on SunOS, neither
 * exit nor munmap fails for it: the modified pages stay in memory, where
 * read(2) sees them, fsync reports ENOSPC, and they reach the file once
 * there is room (fsync). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define FILE_ "/tmp/mmapfull"
#define FILLER "/tmp/mmapfull.filler"
#define PAGES 8

static char buf[8192];

/* Pages of the file whose byte 5 (through read(2)) is not c + page. */
static int wrong(int fd, char c) {
  int bad = 0;
  for (int i = 0; i < PAGES; i++) {
    lseek(fd, (long)i * 8192 + 5, SEEK_SET);
    char b = 0;
    if (read(fd, &b, 1) != 1 || b != c + i) bad++;
  }
  return bad;
}

static char *map(int fd) {
  return mmap(0, PAGES * 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
}

int main(void) {
  int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && ftruncate(fd, PAGES * 8192) == 0, "a sparse file of %d pages", PAGES);
  int fill = open(FILLER, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  memset(buf, 'f', sizeof buf);
  long blocks = 0;
  while (write(fill, buf, sizeof buf) == (int)sizeof buf) blocks++;
  CHECK(errno == ENOSPC, "the disk filled after %ld blocks", blocks);

  /* A child maps the file, stores into every page and exits. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char *m = map(fd);
    if (m == MAP_FAILED) _exit(2);
    for (int i = 0; i < PAGES; i++) m[i * 8192 + 5] = 'a' + i;
    _exit(0);
  }
  int status;
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
        "the child exits normally although its pages cannot be written back");
  CHECK(wrong(fd, 'a') == 0, "read(2) sees what it stored");

  char *m = map(fd);
  CHECK(m != MAP_FAILED, "the file mapped again");
  for (int i = 0; i < PAGES; i++) m[i * 8192 + 5] = 'A' + i;
  errno = 0;
  CHECK(munmap(m, PAGES * 8192) == 0 && errno == 0, "munmap succeeds");
  CHECK(wrong(fd, 'A') == 0, "read(2) sees the stores made before it");
  struct stat st;
  fstat(fd, &st);
  CHECK(st.st_blocks == 0, "nothing reached the disk (%ld blocks)", (long)st.st_blocks);

  errno = 0;
  CHECK(fsync(fd) == -1 && errno == ENOSPC, "fsync says they cannot be written: ENOSPC");

  /* Room again: fsync writes the pages that waited. */
  close(fill);
  unlink(FILLER);
  CHECK(fsync(fd) == 0, "with room again, fsync writes them");
  fstat(fd, &st);
  CHECK(st.st_blocks > 0, "the file has its blocks (%ld)", (long)st.st_blocks);
  m = map(fd);
  int bad = 0;
  for (int i = 0; i < PAGES; i++)
    if (m[i * 8192 + 5] != 'A' + i) bad++;
  CHECK(bad == 0, "a new mapping finds the stores");
  for (int i = 0; i < PAGES; i++) m[i * 8192 + 5] = 'k' + i;
  CHECK(msync(m, PAGES * 8192, 0) == 0, "msync writes new ones");
  munmap(m, PAGES * 8192);
  close(fd);
  fd = open(FILE_, O_RDONLY);
  CHECK(wrong(fd, 'k') == 0, "and the file holds them");
  close(fd);
  unlink(FILE_);
  return DONE("mmapfull");
}
