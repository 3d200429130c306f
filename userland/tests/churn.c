/* churn [SEED [OPS [DIR]]]: a file-system workload for the crash-consistency
 * test. It creates, writes, renames, links, unlinks, truncates, makes and
 * removes directories and symbolic links, keeps unlinked files open, and
 * fsyncs, in an order drawn from SEED (default 1), under DIR (default
 * /churn), for OPS operations (default 300; 0: until it is stopped). A run
 * that ends reads back every file it reported and checks it, as the test
 * programs do (PASS/FAIL lines and a summary).
 *
 * It reports the files whose fate a checker can know, one line each, only
 * after the fact (a line that reached the console describes something that
 * had happened):
 *
 *   S NAME LEN SUM   NAME was written, fsync'd and closed, and is never
 *                    touched again: after any crash it must be intact.
 *   W NAME LEN SUM   NAME was written and closed but never fsync'd, and is
 *                    never touched again: a crash may lose (part of) it.
 *
 * SUM is the 32-bit FNV-1a hash of the contents, in hex. Everything else it
 * does (the scratch files under DIR/s) is there to stress the file system,
 * not to be checked file by file: fsck must find the disk consistent.
 * Errors that the random order makes likely (ENOENT, EEXIST, ENOTEMPTY,
 * ENOSPC...) are expected and ignored; any other error is reported as
 * "E what errno" and ends the program with status 1. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static unsigned long rng;

/* xorshift32: small, and the same on every machine. */
static unsigned long next(void) {
  rng ^= (rng << 13) & 0xffffffffUL;
  rng ^= rng >> 17;
  rng ^= (rng << 5) & 0xffffffffUL;
  rng &= 0xffffffffUL;
  return rng;
}

static unsigned long below(unsigned long n) {
  return next() % n;
}

static char buf[32768];
static char back[32768];

/* What was reported, for the check at the end of a run that ends. */
#define MAXKEPT 2000
static struct {
  int n, sync, len;
  unsigned long sum;
} kept[MAXKEPT];
static int nkept;
static const char *top = "/churn";
static char path[256], path2[256];

/* Fill buf[0..len) with bytes drawn from the generator; returns their FNV-1a hash. */
static unsigned long fill(int len) {
  unsigned long h = 2166136261UL;
  for (int i = 0; i < len; i++) {
    if ((i & 3) == 0) next();
    buf[i] = (char)(rng >> ((i & 3) * 8));
    h = ((h ^ (unsigned char)buf[i]) * 16777619UL) & 0xffffffffUL;
  }
  return h;
}

/* An error the random order of operations can cause, or a real one. */
static void expect(int r, const char *what) {
  if (r >= 0) return;
  if (errno == ENOENT || errno == EEXIST || errno == ENOTEMPTY || errno == ENOSPC || errno == ENOTDIR ||
      errno == EISDIR || errno == EMFILE)
    return;
  printf("E %s %d\n", what, errno);
  fflush(stdout);
  exit(1);
}

/* Write len bytes of buf to fd in pieces of random size; -1 on error. */
static int write_pieces(int fd, int len) {
  int off = 0;
  while (off < len) {
    int n = 1 + (int)below(len - off < 9000 ? len - off : 9000);
    int w = write(fd, buf + off, n);
    if (w < 0) return -1;
    off += w;
  }
  return 0;
}

/* A file written once and never touched again: fsync'd (S) or not (W). */
static void once(int n, int sync) {
  int len = (int)below(24000);
  unsigned long sum = fill(len);
  sprintf(path, "%s/%s/%05d", top, sync ? "d" : "w", n);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  expect(fd, "create");
  if (fd < 0) return;
  if (write_pieces(fd, len) < 0 || (sync && fsync(fd) < 0)) {
    expect(-1, sync ? "write/fsync" : "write");
    close(fd);
    unlink(path);
    return;
  }
  expect(close(fd), "close");
  printf("%c %s/%05d %d %08lx\n", sync ? 'S' : 'W', sync ? "d" : "w", n, len, sum);
  fflush(stdout);
  if (nkept < MAXKEPT) {
    kept[nkept].n = n;
    kept[nkept].sync = sync;
    kept[nkept].len = len;
    kept[nkept].sum = sum;
    nkept++;
  }
}

/* The FNV-1a hash of a file's contents, and its length in *len (-1 if it cannot be read). */
static unsigned long file_sum(const char *p, int *len) {
  unsigned long h = 2166136261UL;
  int fd = open(p, O_RDONLY), n, total = 0;
  *len = -1;
  if (fd < 0) return 0;
  while ((n = read(fd, back, sizeof(back))) > 0) {
    for (int i = 0; i < n; i++) h = ((h ^ (unsigned char)back[i]) * 16777619UL) & 0xffffffffUL;
    total += n;
  }
  close(fd);
  if (n == 0) *len = total;
  return h;
}

static void scratch_name(char *p, const char *kind, unsigned long k) {
  sprintf(p, "%s/s/%s%lu", top, kind, k);
}

/* Files kept open after they were unlinked. */
static int held[4] = {-1, -1, -1, -1};

int main(int argc, char **argv) {
  unsigned long seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
  long ops = argc > 2 ? strtol(argv[2], NULL, 0) : 300;
  if (argc > 3) top = argv[3];
  rng = seed * 2654435761UL + 0x9e3779b9UL;
  rng &= 0xffffffffUL;
  if (rng == 0) rng = 1;

  static const char *dirs[] = {"", "/d", "/w", "/s"};
  for (int i = 0; i < 4; i++) {
    sprintf(path, "%s%s", top, dirs[i]);
    expect(mkdir(path, 0755), "mkdir");
  }
  int made = 0;
  long durable = 0;
  for (long op = 0; ops == 0 || op < ops; op++) {
    unsigned long r = below(100);
    if (r < 15) {
      if (durable < 3000000) once(made++, 1);
      durable += 12000;
    } else if (r < 25) {
      if (durable < 3000000) once(made++, 0);
      durable += 12000;
    } else if (r < 45) {
      /* rewrite part of a scratch file: the kind of write that waits in the buffer pool */
      scratch_name(path, "f", below(24));
      int fd = open(path, O_RDWR | O_CREAT, 0644);
      expect(fd, "open scratch");
      if (fd >= 0) {
        int len = 1 + (int)below(12000);
        fill(len);
        expect((int)lseek(fd, (long)below(30000), SEEK_SET), "lseek");
        expect(write_pieces(fd, len), "write scratch");
        if (below(8) == 0) expect(ftruncate(fd, (long)below(40000)), "ftruncate");
        if (below(10) == 0) expect(fsync(fd), "fsync scratch");
        expect(close(fd), "close scratch");
      }
    } else if (r < 55) {
      scratch_name(path, "f", below(24));
      scratch_name(path2, "f", below(24));
      expect(rename(path, path2), "rename");
    } else if (r < 63) {
      scratch_name(path, "f", below(24));
      expect(unlink(path), "unlink");
    } else if (r < 70) {
      scratch_name(path, "d", below(6));
      expect(mkdir(path, 0755), "mkdir scratch");
    } else if (r < 74) {
      scratch_name(path, "d", below(6));
      expect(rmdir(path), "rmdir");
    } else if (r < 80) {
      /* a file inside a scratch directory, so that rmdir sometimes meets ENOTEMPTY */
      sprintf(path, "%s/s/d%lu/g%lu", top, below(6), below(4));
      int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      expect(fd, "create in dir");
      if (fd >= 0) {
        int len = (int)below(9000);
        fill(len);
        expect(write_pieces(fd, len), "write in dir");
        expect(close(fd), "close in dir");
      }
    } else if (r < 85) {
      sprintf(path, "%s/s/d%lu/g%lu", top, below(6), below(4));
      expect(unlink(path), "unlink in dir");
    } else if (r < 89) {
      scratch_name(path, "l", below(8));
      scratch_name(path2, "f", below(24));
      unlink(path);
      expect(symlink(path2, path), "symlink");
    } else if (r < 93) {
      scratch_name(path, "f", below(24));
      scratch_name(path2, "h", below(8));
      unlink(path2);
      expect(link(path, path2), "link");
    } else if (r < 97) {
      /* open, unlink, keep it open and write to it: freed only at its last close */
      int slot = (int)below(4);
      if (held[slot] >= 0) {
        expect(close(held[slot]), "close held");
        held[slot] = -1;
      } else {
        scratch_name(path, "t", (unsigned long)slot);
        int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
        expect(fd, "create held");
        if (fd >= 0) {
          int len = 1 + (int)below(16000);
          fill(len);
          expect(write_pieces(fd, len), "write held");
          expect(unlink(path), "unlink held");
          held[slot] = fd;
        }
      }
    } else {
      /* a removed directory that is someone's current directory */
      scratch_name(path, "c", below(2));
      if (below(2) == 0) {
        expect(chdir("/"), "chdir /");
      } else if (mkdir(path, 0755) == 0 && chdir(path) == 0) {
        expect(rmdir(path), "rmdir cwd"); /* and stay there: every other path is absolute */
      }
    }
  }
  /* Every file reported is still as it was written. */
  for (int i = 0; i < 4; i++)
    if (held[i] >= 0) close(held[i]);
  int bad = 0;
  for (int i = 0; i < nkept; i++) {
    int len;
    sprintf(path, "%s/%s/%05d", top, kept[i].sync ? "d" : "w", kept[i].n);
    unsigned long sum = file_sum(path, &len);
    if (len != kept[i].len || sum != kept[i].sum) {
      bad++;
      printf("%s: %d bytes, sum %08lx; wrote %d, %08lx\n", path, len, sum, kept[i].len, kept[i].sum);
    }
  }
  CHECK(bad == 0, "%ld operations; the %d files reported read back as written", ops, nkept);
  return DONE("churn");
}
