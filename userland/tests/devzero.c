/* /dev/zero (SunOS 4's mem device, minor 12; docs/vm.md): reads give zero
 * bytes, writes vanish, and mmap of it gives demand-zero memory — private
 * (copy-on-write across fork) with MAP_PRIVATE, shared between fork
 * relatives with MAP_SHARED. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 8192

int main(void) {
  struct stat st;
  CHECK(stat("/dev/zero", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == ((3 << 8) | 12),
        "/dev/zero is character device 3, 12");
  int fd = open("/dev/zero", O_RDWR);
  CHECK(fd >= 0, "open /dev/zero for reading and writing");
  static char buf[3 * PG];
  memset(buf, 0xff, sizeof buf);
  int n = read(fd, buf, sizeof buf);
  int zeros = 0;
  for (int i = 0; i < (int)sizeof buf; i++) zeros += buf[i] == 0;
  CHECK(n == (int)sizeof buf && zeros == n, "a read of %d bytes gives %d zeros", (int)sizeof buf, zeros);
  CHECK(read(fd, buf, 1) == 1 && buf[0] == 0, "and it never ends");
  CHECK(write(fd, "xyz", 3) == 3, "a write is taken whole and thrown away");
  CHECK(!isatty(fd), "it is not a terminal");

  /* Private: demand-zero pages of this process's own. */
  char *p = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(p != MAP_FAILED, "mmap MAP_PRIVATE of /dev/zero");
  int allzero = 1;
  for (int i = 0; i < 4 * PG; i++)
    if (p[i]) allzero = 0;
  CHECK(allzero, "its 4 pages read as zeros");
  p[5] = 'a';
  p[3 * PG + 7] = 'b';
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    p[5] = 'c'; /* the child's own copy */
    _exit(p[3 * PG + 7] == 'b' ? 0 : 1);
  }
  int status;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child sees the parent's stores");
  CHECK(p[5] == 'a', "but its own store stays its own (copy-on-write)");

  /* Shared: one memory for the parent and its children. */
  int *s = (int *)mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK((char *)s != MAP_FAILED && s[0] == 0, "mmap MAP_SHARED of /dev/zero: zeros");
  fflush(stdout);
  for (int i = 0; i < 3; i++) {
    if (fork() == 0) {
      s[1 + i] = 100 + i;
      _exit(0);
    }
    wait(&status);
  }
  CHECK(s[1] == 100 && s[2] == 101 && s[3] == 102, "the children's stores are seen by the parent");
  close(fd);
  CHECK(s[1] == 100 && (s[4] = 7) == 7, "the mapping outlives the descriptor");

  /* Errors: a read-only descriptor cannot give writable shared memory. */
  int ro = open("/dev/zero", O_RDONLY);
  CHECK(mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED && errno == EACCES,
        "MAP_SHARED writable of a read-only descriptor: EACCES");
  CHECK(mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) != MAP_FAILED,
        "MAP_PRIVATE of it is fine");
  int nul = open("/dev/null", O_RDWR);
  CHECK(mmap(0, PG, PROT_READ, MAP_PRIVATE, nul, 0) == MAP_FAILED && errno == ENODEV,
        "/dev/null cannot be mapped: ENODEV");
  return DONE("devzero");
}
