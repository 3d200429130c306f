/* Bad pointers given to system calls must fail with EFAULT, not crash the
 * process or the kernel. Page 0 is never mapped and 0x0F000000 is kernel
 * space; 0x0D000000 is unmapped user space between the heap and the stack.
 * (Only pointers the kernel itself uses count: pipe() stores its two
 * descriptors from the libc, so a bad pointer there is SIGSEGV.) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void *const bad[] = {(void *)0x10, (void *)0x0D000000, (void *)0x0F000000};
#define NBAD 3

int main(void) {
  int fd = open("/etc/motd", O_RDONLY, 0);
  if (fd < 0) fd = open("/bin/sh", O_RDONLY, 0);
  CHECK(fd >= 0, "open a file to read from");
  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  for (int i = 0; i < NBAD; i++) {
    void *b = bad[i];
    errno = 0;
    CHECK(read(fd, b, 16) < 0 && errno == EFAULT, "read into %p: EFAULT (errno %d)", b, errno);
    errno = 0;
    CHECK(write(p[1], b, 16) < 0 && errno == EFAULT, "write from %p: EFAULT (errno %d)", b, errno);
    errno = 0;
    CHECK(open((const char *)b, O_RDONLY, 0) < 0 && errno == EFAULT, "open(%p): EFAULT (errno %d)", b, errno);
    errno = 0;
    CHECK(stat("/", (struct stat *)b) < 0 && errno == EFAULT, "stat into %p: EFAULT (errno %d)", b, errno);
    errno = 0;
    CHECK(stat((const char *)b, NULL) < 0 && errno == EFAULT, "stat(%p): EFAULT (errno %d)", b, errno);
    errno = 0;
    CHECK(gettimeofday((struct timeval *)b, NULL) < 0 && errno == EFAULT, "gettimeofday(%p): EFAULT (errno %d)",
          b, errno);
    errno = 0;
    CHECK(chdir((const char *)b) < 0 && errno == EFAULT, "chdir(%p): EFAULT (errno %d)", b, errno);
  }
  /* a wait status pointer into kernel space */
  pid_t c = fork();
  if (c == 0) _exit(3);
  errno = 0;
  CHECK(c > 0 && wait4(c, (int *)0x0F000000, 0, NULL) < 0 && errno == EFAULT, "wait4 status to 0x0F000000: EFAULT");
  int st;
  pid_t r = waitpid(c, &st, 0);
  CHECK((r == c && WEXITSTATUS(st) == 3) || (r < 0 && errno == ECHILD),
        "afterwards the child is either still there or already reaped");
  /* the process is still fine */
  char buf[4];
  CHECK(write(p[1], "ok", 2) == 2 && read(p[0], buf, 2) == 2 && memcmp(buf, "ok", 2) == 0,
        "the pipe still works afterwards");
  return DONE("efault");
}
