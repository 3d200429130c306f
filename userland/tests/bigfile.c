/* A file as large as an off_t allows (0x7fffffff bytes, all holes but the
 * last byte) must cost the host no more than a small one: a read or a write
 * (or a readv) of 0x7fffffff bytes with a 16-byte buffer is EFAULT after reading no more
 * than the buffer could take, exec of the file is ENOEXEC after reading its
 * header, and removing it is quick. (Each of these once made the host
 * allocate 2 GB; test/kernel/bigfile.test.ts watches the host's memory
 * while this runs.) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

#define BIG "/tmp/bigfile.x"

static char small[16];

int main(void) {
  int fd = open(BIG, O_RDWR | O_CREAT | O_TRUNC, 0755);
  CHECK(fd >= 0, "create " BIG);
  if (fd < 0) return DONE("bigfile");
  CHECK(lseek(fd, 0x7ffffffeL, SEEK_SET) == 0x7ffffffeL && write(fd, "x", 1) == 1,
        "a byte written at 0x7ffffffe, the last offset there is");
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.st_size == 0x7fffffffL, "the file is 0x7fffffff bytes (%#lx)", (long)st.st_size);
  lseek(fd, 0, SEEK_SET);
  errno = 0;
  int r = read(fd, small, 0x7fffffff);
  CHECK(r == -1 && errno == EFAULT, "read of 0x7fffffff bytes into 16: EFAULT (%d, errno %d)", r, errno);
  CHECK(lseek(fd, 0, SEEK_CUR) == 0, "and the offset did not move");
  lseek(fd, 0x7ffffffeL, SEEK_SET);
  r = read(fd, small, 0x7fffffff);
  CHECK(r == 1 && small[0] == 'x', "read of 0x7fffffff bytes at the last byte: 1 (%d)", r);
  lseek(fd, 0, SEEK_SET);
  struct iovec iov[2] = {{small, 8}, {small + 8, 0x7ffffff0}};
  errno = 0;
  r = readv(fd, iov, 2);
  CHECK(r == -1 && errno == EFAULT, "readv of 8 + 0x7ffffff0 bytes into 16: EFAULT (%d, errno %d)", r, errno);
  CHECK(lseek(fd, 0, SEEK_CUR) == 0, "and the offset did not move");
  errno = 0;
  r = write(fd, small, 0x7fffffff);
  CHECK(r == -1 && errno == EFAULT, "write of 0x7fffffff bytes from 16: EFAULT (%d, errno %d)", r, errno);
  close(fd);
  char *argv[] = {"bigfile.x", NULL};
  errno = 0;
  r = execve(BIG, argv, argv + 1);
  CHECK(r == -1 && errno == ENOEXEC, "exec of it: ENOEXEC (errno %d)", errno);
  CHECK(unlink(BIG) == 0, "and it is removed");
  return DONE("bigfile");
}
