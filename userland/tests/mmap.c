/* mmap (SunOS 4, docs/vm.md): MAP_SHARED file pages are one page for every
 * process and for read/write; MAP_PRIVATE is copy-on-write; anonymous
 * memory, shared or private across fork; munmap, mprotect, msync, mincore
 * and the errors. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 8192
#define FILE_ "/tmp/mmap.test"

/* Run fn in a child; its wait status. */
static int in_child(void (*fn)(char *), char *arg) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    fn(arg);
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return st;
}

static void store(char *p) { p[0] = 1; }

int main(void) {
  char buf[64];
  int fd = open(FILE_, O_RDWR | O_CREAT | O_TRUNC, 0644);
  static char page[3 * PG];
  for (int i = 0; i < 3 * PG; i++) page[i] = (char)('a' + i % 26);
  CHECK(write(fd, page, sizeof page) == sizeof page, "a file of 3 pages");

  char *p = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(p != MAP_FAILED, "mmap MAP_SHARED of it at %p", (void *)p);
  CHECK(memcmp(p, page, sizeof page) == 0, "the mapping holds the file");

  /* Two processes: each other's stores at once. */
  int up[2], down[2];
  pipe(up);
  pipe(down);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char *q = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char c;
    read(down[0], &c, 1); /* the parent has stored */
    c = q[PG + 100];
    q[2 * PG + 5] = 'Y';
    write(up[1], &c, 1);
    _exit(0);
  }
  p[PG + 100] = 'X';
  write(down[1], "g", 1);
  char seen = 0;
  read(up[0], &seen, 1);
  waitpid(pid, NULL, 0);
  CHECK(seen == 'X', "another process mapping the file sees a store at once ('%c')", seen);
  CHECK(p[2 * PG + 5] == 'Y', "and its store is seen here ('%c')", p[2 * PG + 5]);

  /* write() shows in the mapping; a store shows in read(). */
  lseek(fd, 300, SEEK_SET);
  write(fd, "hello", 5);
  CHECK(memcmp(p + 300, "hello", 5) == 0, "write(2) shows in the mapping at once");
  memcpy(p + 400, "store", 5);
  lseek(fd, 400, SEEK_SET);
  memset(buf, 0, sizeof buf);
  read(fd, buf, 5);
  CHECK(strcmp(buf, "store") == 0, "read(2) sees a store through the mapping (\"%s\")", buf);
  CHECK(msync(p, 3 * PG, 0) == 0, "msync");
  CHECK(munmap(p, 3 * PG) == 0, "munmap");
  close(fd);
  fd = open(FILE_, O_RDONLY);
  lseek(fd, PG + 100, SEEK_SET);
  read(fd, buf, 1);
  CHECK(buf[0] == 'X', "the file kept the stores after munmap and close ('%c')", buf[0]);
  struct stat st;
  fstat(fd, &st);
  CHECK(st.st_size == 3 * PG, "and its size (%ld)", (long)st.st_size);

  /* MAP_PRIVATE: copy-on-write. */
  char *r = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(r != MAP_FAILED && r[0] == 'a', "MAP_PRIVATE of a file opened read-only");
  r[0] = 'Z';
  lseek(fd, 0, SEEK_SET);
  read(fd, buf, 1);
  CHECK(r[0] == 'Z' && buf[0] == 'a', "a private store stays private (the file has '%c')", buf[0]);
  errno = 0;
  CHECK(mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES,
        "MAP_SHARED writable of a read-only descriptor: EACCES");
  close(fd);

  /* Anonymous memory. */
  char *a = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0);
  CHECK(a != MAP_FAILED && a[3 * PG] == 0, "MAP_ANON private: zero-filled");
  a[10] = 5;
  in_child(store, a + 10);
  CHECK(a[10] == 5, "a child's store into private memory is its own");
  char *s = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_ANON | MAP_SHARED, -1, 0);
  s[0] = 0;
  in_child(store, s);
  CHECK(s[0] == 1, "shared anonymous memory: the child's store is seen by the parent");

  char vec[4] = {9, 9, 9, 9};
  CHECK(mincore(a, 4 * PG, vec) == 0 && vec[0] == 1 && vec[1] == 0, "mincore: touched page in, untouched out");

  CHECK(mprotect(a, PG, PROT_READ) == 0, "mprotect PROT_READ");
  int w = in_child(store, a);
  CHECK(WIFSIGNALED(w) && WTERMSIG(w) == SIGSEGV, "a store into it: SIGSEGV");
  CHECK(munmap(a, 4 * PG) == 0, "munmap anonymous memory");
  w = in_child(store, a + PG);
  CHECK(WIFSIGNALED(w) && WTERMSIG(w) == SIGSEGV, "a store where it was: SIGSEGV");

  errno = 0;
  CHECK(mmap(0, PG, PROT_READ, MAP_SHARED, 99, 0) == MAP_FAILED && errno == EBADF, "bad descriptor: EBADF");
  fd = open(FILE_, O_RDONLY);
  errno = 0;
  CHECK(mmap(0, PG, PROT_READ, MAP_SHARED, fd, 100) == MAP_FAILED && errno == EINVAL, "unaligned offset: EINVAL");
  errno = 0;
  CHECK(munmap((caddr_t)0x100001, PG) == -1 && errno == EINVAL, "munmap of an unaligned address: EINVAL");
  int dfd = open("/", O_RDONLY);
  errno = 0;
  CHECK(mmap(0, PG, PROT_READ, MAP_SHARED, dfd, 0) == MAP_FAILED && errno == ENODEV, "a directory: ENODEV");
  errno = 0;
  CHECK(mprotect(a, PG, PROT_READ) == -1 && errno == ENOMEM, "mprotect of an unmapped range: ENOMEM");
  errno = 0;
  CHECK(msync(a, PG, 0) == -1 && errno == ENOMEM, "msync of an unmapped range: ENOMEM");
  CHECK(madvise(s, PG, MADV_SEQUENTIAL) == 0, "madvise MADV_SEQUENTIAL");
  errno = 0;
  CHECK(madvise(s, PG, 99) == -1 && errno == EINVAL, "madvise with no such advice: EINVAL");
  errno = 0;
  CHECK(mincore((caddr_t)0x100001, PG, vec) == -1 && errno == EINVAL, "mincore of an unaligned address: EINVAL");
  unlink(FILE_);
  return DONE("mmap");
}
