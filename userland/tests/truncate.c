/* truncate and ftruncate: shrinking drops what lies past the new end (and
 * the blocks that held it), growing reads as zeros, even where the last
 * block held data before; and their errors: EINVAL for a negative length,
 * a file not open for writing or not regular, EISDIR for a directory,
 * EBADF, ENOENT, ENOTDIR, EFAULT. Works in a scratch directory under /tmp. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static char data[20000];
static char back[30000];

static int all_zero(const char *p, int n) {
  for (int i = 0; i < n; i++)
    if (p[i] != 0) return 0;
  return 1;
}

int main(void) {
  char dir[MAXPATHLEN];
  struct stat st;
  snprintf(dir, sizeof(dir), "/tmp/truncate.%d", getpid());
  CHECK(mkdir(dir, 0755) == 0 && chdir(dir) == 0, "mkdir and chdir %s", dir);
  for (int i = 0; i < (int)sizeof(data); i++) data[i] = (char)(i * 7 + 1);
  int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, data, sizeof(data)) == (int)sizeof(data), "write 20000 bytes");
  CHECK(fstat(fd, &st) == 0 && st.st_blocks == 48, "three 8 KB blocks: st_blocks %ld", st.st_blocks);

  CHECK(truncate("f", 5000) == 0, "truncate to 5000");
  CHECK(stat("f", &st) == 0 && st.st_size == 5000 && st.st_blocks == 16, "size %ld, st_blocks %ld",
        (long)st.st_size, st.st_blocks);
  CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, back, sizeof(back)) == 5000 && memcmp(back, data, 5000) == 0,
        "the first 5000 bytes are still there, and nothing after");

  CHECK(truncate("f", 30000) == 0 && stat("f", &st) == 0 && st.st_size == 30000, "truncate up to 30000");
  CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, back, sizeof(back)) == 30000 && memcmp(back, data, 5000) == 0 &&
            all_zero(back + 5000, 25000),
        "what lies past 5000 reads as zeros, the rest of the old last block too");
  CHECK(st.st_blocks == 16, "growing adds no blocks (a hole): st_blocks %ld", st.st_blocks);

  CHECK(ftruncate(fd, 100) == 0 && fstat(fd, &st) == 0 && st.st_size == 100, "ftruncate to 100");
  CHECK(ftruncate(fd, 0) == 0 && fstat(fd, &st) == 0 && st.st_size == 0 && st.st_blocks == 0,
        "ftruncate to 0 frees everything");
  CHECK(ftruncate(fd, -1) < 0 && errno == EINVAL, "ftruncate to -1 is EINVAL");
  CHECK(truncate("f", -5) < 0 && errno == EINVAL, "truncate to -5 is EINVAL");
  close(fd);

  fd = open("f", O_RDONLY, 0);
  CHECK(ftruncate(fd, 0) < 0 && errno == EINVAL, "ftruncate of a file open read-only is EINVAL");
  close(fd);
  CHECK(ftruncate(fd, 0) < 0 && errno == EBADF, "ftruncate of a closed descriptor is EBADF");
  CHECK(ftruncate(99, 0) < 0 && errno == EBADF, "and of descriptor 99");
  int p[2];
  CHECK(pipe(p) == 0 && ftruncate(p[1], 0) < 0 && errno == EINVAL, "ftruncate of a pipe is EINVAL");
  close(p[0]);
  close(p[1]);
  fd = open("/dev/null", O_WRONLY, 0);
  CHECK(ftruncate(fd, 0) < 0 && errno == EINVAL, "ftruncate of /dev/null is EINVAL");
  close(fd);

  CHECK(truncate(".", 0) < 0 && errno == EISDIR, "truncate of a directory is EISDIR");
  CHECK(truncate("nothere", 0) < 0 && errno == ENOENT, "truncate of a missing file is ENOENT");
  CHECK(truncate("f/", 0) < 0 && errno == ENOTDIR, "truncate of \"f/\" is ENOTDIR");
  CHECK(truncate("/dev/null", 0) < 0 && errno == EINVAL, "truncate of a device is EINVAL");
  CHECK(truncate((char *)1, 0) < 0 && errno == EFAULT, "a bad path pointer is EFAULT");
  CHECK(symlink("f", "l") == 0 && truncate("l", 7) == 0 && stat("f", &st) == 0 && st.st_size == 7,
        "truncate follows a symbolic link");

  CHECK(unlink("l") == 0 && unlink("f") == 0 && chdir("/") == 0 && rmdir(dir) == 0, "clean up");
  return DONE("truncate");
}
