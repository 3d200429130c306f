/* nfsfile - files with a known content, for the NFS tests
 * (test/lab/nfs.test.ts): written on one machine, checked byte for byte
 * on another.
 *
 *   nfsfile write PATH SIZE SEED   write SIZE bytes of the pattern in uneven pieces, then close
 *   nfsfile check PATH SIZE SEED   read PATH back: "ok SIZE", or where it first differs
 *   nfsfile hold PATH SECS         open PATH, read a byte, wait SECS, then fstat and read
 *                                  again, saying what each gave (a stale handle: ESTALE)
 *   nfsfile stat PATH              "ino N size S"
 *   nfsfile churn DIR N            N times: create DIR/cN, rename it to DIR/rN, remove it;
 *                                  "churn ok N", or the first call that failed
 *   nfsfile intr PATH              catch SIGINT (without SA_RESTART), say "reading", then
 *                                  read PATH to its end: "read N" or the error (^C while a
 *                                  hard mount waits: EINTR only if it was mounted intr)
 *
 * Every error is printed with its errno name, and the exit status is 1.
 * Without arguments it checks itself on the local disk (in /tmp), as every
 * program of /tests does. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static unsigned char buf[10000];

/* Byte i of the pattern of seed s: not periodic at any block size. */
static unsigned char pattern(long i, int s) {
  return (unsigned char)(i * 31 + s + (i >> 8) * 7 + (i >> 13));
}

static int fail(const char *what, const char *path) {
  printf("%s %s: %s (errno %d)\n", what, path, strerror(errno), errno);
  return 1;
}

static int do_write(const char *path, long size, int seed) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  long done = 0, piece = 1000;
  if (fd < 0) return fail("open", path);
  while (done < size) {
    long n = size - done < piece ? size - done : piece;
    for (long i = 0; i < n; i++) buf[i] = pattern(done + i, seed);
    if (write(fd, buf, n) != n) return fail("write", path);
    done += n;
    piece = piece == 1000 ? 8192 : piece == 8192 ? 3333 : 1000;
  }
  if (close(fd) < 0) return fail("close", path);
  printf("wrote %ld\n", size);
  return 0;
}

static int do_check(const char *path, long size, int seed) {
  int fd = open(path, O_RDONLY);
  long done = 0;
  int n;
  if (fd < 0) return fail("open", path);
  while ((n = read(fd, buf, 7777)) > 0) {
    for (int i = 0; i < n; i++)
      if (buf[i] != pattern(done + i, seed)) {
        printf("differs at %ld\n", done + i);
        return 1;
      }
    done += n;
  }
  if (n < 0) return fail("read", path);
  if (done != size) {
    printf("size %ld, not %ld\n", done, size);
    return 1;
  }
  printf("ok %ld\n", done);
  return 0;
}

static int do_hold(const char *path, int secs) {
  struct stat st;
  char c;
  int fd = open(path, O_RDONLY);
  if (fd < 0) return fail("open", path);
  if (read(fd, &c, 1) != 1 || fstat(fd, &st) < 0) return fail("read", path);
  printf("holding %s ino %ld\n", path, (long)st.st_ino);
  fflush(stdout);
  sleep(secs);
  if (fstat(fd, &st) < 0) fail("fstat", path);
  else printf("fstat %s: size %ld\n", path, (long)st.st_size);
  if (lseek(fd, 0, SEEK_SET) < 0 || read(fd, &c, 1) < 0) return fail("read", path);
  printf("read %s: ok\n", path);
  return 0;
}

static int do_churn(const char *dir, int n) {
  char a[256], b[256];
  for (int i = 0; i < n; i++) {
    int fd;
    snprintf(a, sizeof(a), "%s/c%d", dir, i);
    snprintf(b, sizeof(b), "%s/r%d", dir, i);
    if ((fd = open(a, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0) return fail("create", a);
    if (write(fd, a, strlen(a)) < 0 || close(fd) < 0) return fail("write", a);
    if (rename(a, b) < 0) return fail("rename", a);
    if (unlink(b) < 0) return fail("remove", b);
  }
  printf("churn ok %d\n", n);
  return 0;
}

static volatile int interrupted;
static void on_int(int sig) {
  (void)sig;
  interrupted = 1;
}

static int do_intr(const char *path) {
  struct sigaction sa;
  long done = 0;
  int fd, n;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_int;
  sigaction(SIGINT, &sa, NULL);
  printf("reading %s\n", path);
  fflush(stdout);
  if ((fd = open(path, O_RDONLY)) < 0) return fail("open", path);
  while ((n = read(fd, buf, sizeof(buf))) > 0) done += n;
  if (n < 0) return fail("read", path);
  printf("read %ld%s\n", done, interrupted ? " (SIGINT caught)" : "");
  return 0;
}

/* The tool on the local disk: what it writes it reads back; a change of one byte is found; churn works. */
static int self_test(void) {
  char path[64];
  int fd;
  snprintf(path, sizeof(path), "/tmp/nfsfile.%d", getpid());
  CHECK(do_write(path, 30000, 9) == 0, "write 30000 bytes of pattern 9");
  CHECK(do_check(path, 30000, 9) == 0, "check them");
  CHECK(do_check(path, 30000, 8) != 0, "pattern 8 is not pattern 9");
  CHECK(do_check(path, 29999, 9) != 0, "a size that is not the file's");
  fd = open(path, O_WRONLY);
  CHECK(fd >= 0 && lseek(fd, 12345, SEEK_SET) == 12345 && write(fd, "?", 1) == 1 && close(fd) == 0,
        "change one byte");
  CHECK(do_check(path, 30000, 9) != 0, "the changed byte is found");
  unlink(path);
  CHECK(do_churn("/tmp", 5) == 0, "churn 5 files in /tmp");
  return DONE("nfsfile");
}

int main(int argc, char **argv) {
  struct stat st;
  if (argc == 1) return self_test();
  if (argc == 4 && strcmp(argv[1], "churn") == 0) return do_churn(argv[2], atoi(argv[3]));
  if (argc == 3 && strcmp(argv[1], "stat") == 0) {
    if (stat(argv[2], &st) < 0) return fail("stat", argv[2]);
    printf("ino %ld size %ld\n", (long)st.st_ino, (long)st.st_size);
    return 0;
  }
  if (argc == 5 && strcmp(argv[1], "write") == 0) return do_write(argv[2], atol(argv[3]), atoi(argv[4]));
  if (argc == 5 && strcmp(argv[1], "check") == 0) return do_check(argv[2], atol(argv[3]), atoi(argv[4]));
  if (argc == 3 && strcmp(argv[1], "intr") == 0) return do_intr(argv[2]);
  if (argc == 4 && strcmp(argv[1], "hold") == 0) return do_hold(argv[2], atoi(argv[3]));
  fprintf(stderr, "usage: nfsfile write|check PATH SIZE SEED\n       nfsfile hold PATH SECS\n       nfsfile stat PATH\n       nfsfile churn DIR N\n       nfsfile intr PATH\n");
  return 2;
}
