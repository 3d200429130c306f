/* fsync and sync: a file's delayed writes made durable. What reaches the
 * disk cannot be seen from inside the machine (test/fs/bio.test.ts checks
 * that with power failures); here, that the calls succeed where they
 * should, leave the data as it was, and fail as SunOS 4's do: EBADF for a
 * descriptor that is not open, EINVAL for a pipe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static char data[12000];
static char back[12000];

int main(void) {
  char name[MAXPATHLEN];
  struct stat st;
  snprintf(name, sizeof(name), "/tmp/fsync.%d", getpid());
  for (int i = 0; i < (int)sizeof(data); i++) data[i] = (char)(i * 5 + 3);
  int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, data, sizeof(data)) == (int)sizeof(data), "write %d bytes", (int)sizeof(data));
  CHECK(fsync(fd) == 0, "fsync a new file");
  /* A rewrite of a block the file has: a delayed write until the fsync. */
  memcpy(data + 100, "rewritten", 9);
  CHECK(lseek(fd, 100, SEEK_SET) == 100 && write(fd, "rewritten", 9) == 9, "rewrite 9 bytes of it");
  CHECK(fsync(fd) == 0, "fsync again");
  CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, back, sizeof(back)) == (int)sizeof(back) &&
            memcmp(back, data, sizeof(data)) == 0,
        "the file reads back as written");
  CHECK(fstat(fd, &st) == 0 && st.st_size == (long)sizeof(data), "size %ld", (long)st.st_size);
  close(fd);

  fd = open(name, O_RDONLY, 0);
  CHECK(fd >= 0 && fsync(fd) == 0, "fsync of a file open read-only");
  close(fd);
  CHECK(fsync(fd) < 0 && errno == EBADF, "fsync of a closed descriptor is EBADF");
  CHECK(fsync(-1) < 0 && errno == EBADF, "and of -1");
  fd = open("/tmp", O_RDONLY, 0);
  CHECK(fd >= 0 && fsync(fd) == 0, "fsync of a directory");
  close(fd);
  fd = open("/dev/null", O_WRONLY, 0);
  CHECK(fd >= 0 && fsync(fd) == 0, "fsync of a device has nothing to do");
  close(fd);
  int p[2];
  CHECK(pipe(p) == 0 && fsync(p[0]) < 0 && errno == EINVAL, "fsync of a pipe is EINVAL");
  close(p[0]);
  close(p[1]);

  sync();
  CHECK(stat(name, &st) == 0 && st.st_size == (long)sizeof(data), "sync() changes nothing one can see");
  CHECK(unlink(name) == 0, "clean up");
  return DONE("fsync");
}
