/* utimes: explicit access and modification times, or now for both (tvp
 * NULL); the change time becomes now either way; symbolic links are
 * followed; ENOENT, EFAULT.
 *
 *   utimes        the checks above, as whoever runs it
 *   utimes -u     for test/kernel/utimes.test.ts: makes two files as root,
 *                 says "ready", waits for a line on its input (the test makes
 *                 it another user meanwhile), then checks what a user who
 *                 owns neither may do: explicit times nowhere (EPERM), now
 *                 only on the file it may write (EACCES on the other), and
 *                 truncate only that one (EACCES). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"

static int make(const char *name, int mode) {
  int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) return -1;
  write(fd, "some bytes\n", 11);
  close(fd);
  return chmod(name, mode);
}

static int as_user(void) {
  char mine[MAXPATHLEN], theirs[MAXPATHLEN];
  char line[16];
  struct timeval tv[2] = {{1000, 0}, {2000, 0}};
  snprintf(theirs, sizeof(theirs), "/tmp/utimes.%d.ro", getpid());
  snprintf(mine, sizeof(mine), "/tmp/utimes.%d.rw", getpid());
  if (make(theirs, 0644) < 0 || make(mine, 0666) < 0) return 1;
  printf("ready\n");
  fflush(stdout);
  read(0, line, sizeof(line));
  CHECK(geteuid() != 0, "running as user %d", (int)geteuid());
  CHECK(utimes(theirs, tv) < 0 && errno == EPERM, "explicit times on a file of root's: EPERM");
  CHECK(utimes(mine, tv) < 0 && errno == EPERM, "even on one it may write: EPERM");
  CHECK(utimes(theirs, NULL) < 0 && errno == EACCES, "now, on a file it may not write: EACCES");
  CHECK(utimes(mine, NULL) == 0, "now, on a file it may write");
  CHECK(truncate(theirs, 0) < 0 && errno == EACCES, "truncate a file it may not write: EACCES");
  CHECK(truncate(mine, 0) == 0, "truncate one it may write");
  return DONE("utimes -u");
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-u") == 0) return as_user();
  char name[MAXPATHLEN], link[MAXPATHLEN];
  struct stat st;
  struct timeval tv[2] = {{631152000, 250000}, {631238400, 500000}}; /* 1990-01-01, 1990-01-02 */
  snprintf(name, sizeof(name), "/tmp/utimes.%d", getpid());
  snprintf(link, sizeof(link), "/tmp/utimes.%d.l", getpid());
  CHECK(make(name, 0644) == 0, "make %s", name);
  struct timeval now;
  gettimeofday(&now, NULL);
  CHECK(utimes(name, tv) == 0, "utimes with explicit times");
  CHECK(stat(name, &st) == 0 && st.st_atime == 631152000 && st.st_mtime == 631238400, "atime %ld, mtime %ld",
        (long)st.st_atime, (long)st.st_mtime);
  CHECK(st.st_ctime >= now.tv_sec, "the change time is now (%ld)", (long)st.st_ctime);

  msleep(1100);
  CHECK(utimes(name, NULL) == 0, "utimes(NULL)");
  gettimeofday(&now, NULL);
  CHECK(stat(name, &st) == 0 && st.st_atime == st.st_mtime && st.st_mtime >= now.tv_sec - 1 &&
            st.st_mtime <= now.tv_sec,
        "both times are now (%ld)", (long)st.st_mtime);

  CHECK(symlink(name, link) == 0 && utimes(link, tv) == 0 && stat(name, &st) == 0 && st.st_mtime == 631238400,
        "utimes follows a symbolic link");
  CHECK(utimes("/tmp/no/such", tv) < 0 && errno == ENOENT, "a missing file is ENOENT");
  CHECK(utimes(name, (struct timeval *)1) < 0 && errno == EFAULT, "a bad tvp is EFAULT");
  CHECK(utimes((char *)1, tv) < 0 && errno == EFAULT, "a bad path is EFAULT");
  CHECK(unlink(link) == 0 && unlink(name) == 0, "clean up");
  return DONE("utimes");
}
