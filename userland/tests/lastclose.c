/* Files that live on after their names: an open file that is unlinked
 * stays readable and writable through its descriptor (link count 0), and a
 * current directory that is removed stays the current directory, empty,
 * refusing new entries; both are freed at their last close (4.3BSD).
 *
 *   lastclose          checks the above and exits (PASS lines)
 *   lastclose hold     sets both up, says "holding", then waits for ever
 *   lastclose stop     the same, then stops itself (SIGSTOP)
 *
 * The last two are for the tests that stop the machine while a process
 * still holds such a file and directory: a clean shutdown must free them. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static char data[20000];

/* Open and unlink `name` with 20000 bytes in it; returns the descriptor. */
static int open_unlinked(const char *name) {
  for (int i = 0; i < (int)sizeof(data); i++) data[i] = (char)(i * 13 + 7);
  int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return -1;
  if (write(fd, data, sizeof(data)) != (int)sizeof(data) || unlink(name) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Make `dir`, go into it and remove it; 0 on success. */
static int enter_removed(const char *dir) {
  if (mkdir(dir, 0755) < 0 || chdir(dir) < 0) return -1;
  return rmdir(dir);
}

int main(int argc, char **argv) {
  char base[MAXPATHLEN], file[MAXPATHLEN], dir[MAXPATHLEN];
  struct stat st;
  snprintf(base, sizeof(base), "/tmp/lastclose.%d", getpid());
  snprintf(file, sizeof(file), "%s/file", base);
  snprintf(dir, sizeof(dir), "%s/dir", base);
  if (mkdir(base, 0755) < 0) {
    printf("lastclose: cannot make %s\n", base);
    return 1;
  }

  if (argc > 1) {
    int fd = open_unlinked(file);
    if (fd < 0 || enter_removed(dir) < 0) {
      printf("lastclose: setting up failed\n");
      return 1;
    }
    printf("holding\n");
    fflush(stdout);
    if (strcmp(argv[1], "stop") == 0) kill(getpid(), SIGSTOP);
    for (;;) pause();
  }

  int fd = open_unlinked(file);
  CHECK(fd >= 0, "open, write 20000 bytes, unlink");
  CHECK(stat(file, &st) < 0 && errno == ENOENT, "the name is gone");
  CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0 && st.st_size == (long)sizeof(data),
        "fstat: link count %d, size %ld", (int)st.st_nlink, (long)st.st_size);
  static char back[sizeof(data)];
  CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, back, sizeof(back)) == (int)sizeof(back) &&
            memcmp(back, data, sizeof(data)) == 0,
        "the data reads back through the descriptor");
  CHECK(lseek(fd, 0, SEEK_END) == (long)sizeof(data) && write(fd, "more", 4) == 4 &&
            fstat(fd, &st) == 0 && st.st_size == (long)sizeof(data) + 4,
        "and it can still grow");
  CHECK(close(fd) == 0, "the last close frees it");

  CHECK(enter_removed(dir) == 0, "mkdir, chdir into it, rmdir it");
  CHECK(open("x", O_RDWR | O_CREAT, 0644) < 0 && errno == ENOENT, "nothing can be made in it (ENOENT)");
  CHECK(mkdir("y", 0755) < 0 && errno == ENOENT, "not even a directory");
  CHECK(stat(".", &st) == 0 && st.st_nlink == 0 && S_ISDIR(st.st_mode), "\".\" is a directory with no links");
  CHECK(chdir("/") == 0 && stat(dir, &st) < 0 && errno == ENOENT, "leaving it frees it");
  CHECK(rmdir(base) == 0, "clean up");
  return DONE("lastclose");
}
