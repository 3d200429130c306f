/* Walk a file system and work in it, counting what fails: every entry
 * under DIR (default /) is lstat'ed, every directory listed (to a depth of
 * 16, at most 4000 entries), every regular file read to its end (or 2 MB)
 * and every symbolic link read; then, in /tmp, a directory is made, a file
 * of 120 KB written in 8 KB pieces (past the 12 direct blocks, so through
 * an indirect block), read back and compared, renamed, linked, symlinked,
 * and all of it removed again.
 *
 * On a sound disk nothing fails (the checks PASS). On a damaged one (the
 * corrupted-image campaign, test/kernel/diskfuzz.test.ts, runs it as
 * process 1) the failures are what is being tested: each must be an error
 * number (EIO above all), and the summary line says which and how many.
 *
 *   fswalk [DIR] */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define MAXDEPTH 16
#define MAXENTRIES 4000
#define MAXREAD (2L << 20) /* of each file: a damaged size may claim 2 GB of holes */

static struct {
  unsigned entries, dirs, files, links, errors, errs[100];
  long bytes;
} w;
static char buf[8192];
static const char *failed_at; /* the first step of the work in /tmp that failed */

static void error(int e) {
  w.errors++;
  if (e >= 0 && e < 100) w.errs[e]++;
}

static void walk(char *path, int len, int depth) {
  DIR *d = opendir(path);
  if (d == NULL) {
    error(errno);
    return;
  }
  w.dirs++;
  struct dirent *e;
  for (;;) {
    errno = 0;
    if (w.entries >= MAXENTRIES || (e = readdir(d)) == NULL) break;
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    int n = snprintf(path + len, 1024 - len, "%s%s", len > 1 ? "/" : "", e->d_name);
    if (n <= 0 || len + n >= 1024) continue;
    w.entries++;
    struct stat st;
    if (lstat(path, &st) < 0) {
      error(errno);
    } else if (S_ISDIR(st.st_mode)) {
      if (depth < MAXDEPTH) walk(path, len + n, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
      w.files++;
      int fd = open(path, O_RDONLY, 0);
      if (fd < 0) {
        error(errno);
      } else {
        int r = 0;
        long got = 0;
        while (got < MAXREAD && (r = read(fd, buf, sizeof(buf))) > 0) got += r;
        w.bytes += got;
        if (r < 0) error(errno);
        close(fd);
      }
    } else if (S_ISLNK(st.st_mode)) {
      w.links++;
      if (readlink(path, buf, sizeof(buf)) < 0) error(errno);
    }
    path[len] = 0;
  }
  if (errno != 0) error(errno); /* the listing stopped on an error, not at the end */
  closedir(d);
}

/* One step of the work in /tmp: count it, and note the first that fails. */
static int step(int ok, const char *what) {
  if (!ok) {
    error(errno);
    if (failed_at == NULL) failed_at = what;
  }
  return ok;
}

static void work(void) {
  static char data[8192], back[8192];
  const char *dir = "/tmp/fswalk.d";
  if (!step(mkdir(dir, 0755) == 0 || errno == EEXIST, "mkdir")) return;
  int fd = open("/tmp/fswalk.d/f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (!step(fd >= 0, "create")) return;
  int good = 1;
  for (int i = 0; i < 15 && good; i++) {
    memset(data, 'a' + i, sizeof(data));
    good = step(write(fd, data, sizeof(data)) == sizeof(data), "write");
  }
  for (int i = 0; i < 15 && good; i++) {
    good = step(lseek(fd, i * 8192L, SEEK_SET) == i * 8192L && read(fd, back, sizeof(back)) == sizeof(back),
                "read back") &&
           step(back[0] == 'a' + i && back[8191] == 'a' + i, "compare");
  }
  close(fd);
  step(rename("/tmp/fswalk.d/f", "/tmp/fswalk.d/g") == 0, "rename");
  step(link("/tmp/fswalk.d/g", "/tmp/fswalk.d/h") == 0, "link");
  step(symlink("g", "/tmp/fswalk.d/s") == 0, "symlink");
  step(unlink("/tmp/fswalk.d/s") == 0, "unlink symlink");
  step(unlink("/tmp/fswalk.d/h") == 0, "unlink link");
  step(unlink("/tmp/fswalk.d/g") == 0, "unlink file");
  step(rmdir(dir) == 0, "rmdir");
}

int main(int argc, char **argv) {
  static char path[1024];
  strcpy(path, argc > 1 ? argv[1] : "/");
  walk(path, strlen(path), 0);
  unsigned walked = w.errors;
  work();
  printf("fswalk: %u entries (%u directories, %u files, %u symbolic links), %ld bytes read; %u errors", w.entries,
         w.dirs, w.files, w.links, w.bytes, w.errors);
  for (int e = 0; e < 100; e++)
    if (w.errs[e]) printf(" %d:%u", e, w.errs[e]); /* errno:count */
  printf("; the work in /tmp %s%s\n", failed_at ? "failed at " : "succeeded", failed_at ? failed_at : "");
  CHECK(walked == 0 && w.entries > 0, "walked %u entries without an error (%u)", w.entries, walked);
  CHECK(failed_at == NULL, "made, wrote, read, renamed, linked and removed files in /tmp");
  return DONE("fswalk");
}
