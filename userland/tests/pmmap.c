/* pmmap - mmap regions carried by process migration (docs/migration.md,
 * "Mapped files"), with paging on a small machine.
 *
 *   pmmap DIR HEAPKB [HOST ...]   run the computation, migrating to each HOST in turn
 *   pmmap                         the computation in /tmp, unmigrated (a lone machine)
 *   pmmap sum FILE                print FILE's length and checksum
 *   pmmap share HOST              anonymous memory mapped shared: refused while a child maps it too
 *   pmmap grow DIR HOST           a page of an NFS mapping not read before the move: read there at its touch
 *   pmmap pair DIR HOST           a child that maps its parent's file shared moves; its stores reach the parent
 *
 * In DIR (on the NFS-shared /home) it makes shared.dat (four pages less
 * 100 bytes) and private.dat (three pages), maps the first MAP_SHARED and
 * the second MAP_PRIVATE (four pages: the last is past the file's end),
 * closes both descriptors (the mappings alone hold the files), maps two
 * pages of private and two of shared anonymous memory, and fills a heap of
 * HEAPKB kilobytes (on a small machine, much of it goes out to swap).
 * Then it computes in three phases, and before phases 2 and 3 it migrates
 * itself to the next HOST, if any. Each phase stores into every page of
 * the shared mapping, into one page of the private one, into the
 * anonymous memory and all over the heap, and checks everything: the
 * shared file read(2) through a new descriptor shows the stores, the
 * private file never does, the private mapping's untouched pages are the
 * file's and its written ones what was stored.
 * What it prints does not depend on where it ran: with no HOST it is the
 * same run unmigrated, and prints the same lines. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sun3lab.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PG 8192
#define SHARED_LEN (4 * PG - 100)
#define PRIVATE_LEN (3 * PG)

static unsigned sum(const unsigned char *p, long n) {
  unsigned s = 0;
  for (long i = 0; i < n; i++) s = s * 31u + p[i];
  return s;
}

static unsigned char fileval(int which, long i) { return (unsigned char)(which * 40 + 'A' + i % 23); }

static int make(const char *path, int which, long len) {
  static unsigned char buf[4 * PG];
  for (long i = 0; i < len; i++) buf[i] = fileval(which, i);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || write(fd, buf, len) != len) return -1;
  return fd;
}

/* The file's bytes now, through a new descriptor. */
static long readall(const char *path, unsigned char *buf, long max) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  long n = read(fd, buf, max);
  close(fd);
  return n;
}

/* Anonymous memory mapped shared moves only when no other process maps it. */
static int share(const char *host) {
  char *m = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
  CHECK(m != MAP_FAILED, "two pages of anonymous memory mapped shared");
  m[3] = 's';
  fflush(stdout);
  pid_t kid = fork();
  if (kid == 0) {
    m[PG + 3] = 'k'; /* seen by the parent: the memory is shared */
    pause();
    _exit(0);
  }
  while (m[PG + 3] != 'k') sleep(1);
  errno = 0;
  int r = migrate(host);
  CHECK(r == -1 && errno == EINVAL, "shared with a child, migrate fails with EINVAL (%d, errno %d)", r, errno);
  kill(kid, SIGKILL);
  waitpid(kid, NULL, 0);
  r = migrate(host);
  CHECK(r == 0, "its child gone, migrate(%s) returns %d", host, r);
  CHECK(m[3] == 's' && m[PG + 3] == 'k', "the shared memory came along");
  fflush(stdout);
  kid = fork();
  if (kid == 0) {
    m[5] = 'c';
    _exit(0);
  }
  waitpid(kid, NULL, 0);
  CHECK(m[5] == 'c', "and is still shared with a child forked after the move");
  return DONE("pmmap share");
}

/* DIR/NAME made anew, one page of c; its descriptor, open for reading and writing. */
static int onepage(const char *dir, const char *name, char c) {
  static char page[PG];
  char path[256];
  sprintf(path, "%s/%s", dir, name);
  memset(page, c, PG);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, page, PG) == PG, "a file of one page");
  return fd;
}

/* A page of an NFS file's mapping that was never read (the file grew
 * after the move) is read through NFS at its first touch on the
 * destination, the fault sleeping for it (it was SIGSEGV when the move
 * read every page at the transfer). */
static int grow(const char *dir, const char *host) {
  static char page[PG];
  int fd = onepage(dir, "grow.dat", 'g');
  char *m = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(m != MAP_FAILED && m[5] == 'g', "mapped shared, two pages");
  CHECK(migrate(host) == 0, "migrate(%s)", host);
  memset(page, 'h', PG);
  CHECK(lseek(fd, PG, SEEK_SET) == PG && write(fd, page, PG) == PG, "the file grows by a page through NFS");
  fflush(stdout);
  pid_t kid = fork();
  if (kid == 0) {
    volatile char c = m[PG + 5];
    _exit(c == 'h' ? 0 : 1);
  }
  int st = -1;
  waitpid(kid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a touch of the new page reads it through NFS there (status 0x%x)", st);
  m[6] = 'x';
  CHECK(munmap(m, 2 * PG) == 0, "munmap");
  sleep(1); /* the write-back through NFS is the mapwrite kernel process's */
  char b[8];
  CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, b, 8) == 8 && b[6] == 'x',
        "the store to the first page reaches the file");
  return DONE("pmmap grow");
}

/* Parent and child map one file shared; the child moves (the file is
 * shared through NFS) and its stores, written back, reach the parent's
 * mapping on the server. */
static int pair(const char *dir, const char *host) {
  int fd = onepage(dir, "pair.dat", '.');
  char *m = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  m[20] = 'p';
  fflush(stdout);
  pid_t kid = fork();
  if (kid == 0) {
    int r = migrate(host);
    CHECK(r == 0, "the child, mapping the file its parent maps, moves to %s (%d)", host, r);
    CHECK(m[20] == 'p', "there it sees the parent's store made before the move");
    m[10] = 'c';
    CHECK(msync(m, PG, 0) == 0, "it stores and msyncs");
    sleep(1); /* the write-back through NFS */
    _exit(check_failures);
  }
  int st = -1;
  waitpid(kid, &st, 0);
  CHECK(st == 0, "the child passed (status 0x%x)", st);
  CHECK(m[10] == 'c', "the child's store reached the parent's mapping on the file's server");
  return DONE("pmmap pair");
}

int main(int argc, char **argv) {
  static unsigned char buf[4 * PG];
  char spath[256], ppath[256];
  if (argc == 3 && strcmp(argv[1], "sum") == 0) {
    long n = readall(argv[2], buf, sizeof buf);
    printf("pmmap sum %s: %ld bytes, %08x\n", argv[2], n, n < 0 ? 0 : sum(buf, n));
    return n < 0;
  }
  if (argc == 3 && strcmp(argv[1], "share") == 0) return share(argv[2]);
  if (argc == 4 && strcmp(argv[1], "grow") == 0) return grow(argv[2], argv[3]);
  if (argc == 4 && strcmp(argv[1], "pair") == 0) return pair(argv[2], argv[3]);
  /* With no arguments (on a lone machine, as the other /tests run): the computation, unmigrated, in /tmp. */
  const char *dir = argc == 1 ? "/tmp" : argv[1];
  long heapn = (argc == 1 ? 64 : atol(argv[2])) * 1024;
  if (argc == 2) {
    fprintf(stderr, "usage: pmmap DIR HEAPKB [HOST ...] | pmmap sum FILE | pmmap share HOST | pmmap grow|pair DIR HOST\n");
    return 2;
  }
  sprintf(spath, "%s/shared.dat", dir);
  sprintf(ppath, "%s/private.dat", dir);
  int sfd = make(spath, 0, SHARED_LEN), pfd = make(ppath, 1, PRIVATE_LEN);
  CHECK(sfd >= 0 && pfd >= 0, "made shared.dat and private.dat");
  unsigned char *s = (unsigned char *)mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
  unsigned char *q = (unsigned char *)mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, pfd, 0);
  unsigned char *a = (unsigned char *)mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
  unsigned char *z = (unsigned char *)mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
  unsigned char *failed = (unsigned char *)MAP_FAILED;
  CHECK(s != failed && q != failed && a != failed && z != failed, "four mappings");
  close(sfd);
  close(pfd);
  unsigned char *heap = malloc(heapn + 1);
  CHECK(heap != NULL, "a heap of %ld KB", heapn / 1024);
  unsigned x = 12345;
  for (long i = 0; i < heapn; i++) heap[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);

  int hop = 3;
  for (int ph = 1; ph <= 3; ph++) {
    if (ph > 1 && hop < argc) {
      /* Silent when it works: the output is the unmigrated run's. */
      if (migrate(argv[hop++]) != 0) {
        perror("pmmap: migrate");
        return 1;
      }
    }
    /* Stores: every page of the shared file, page ph of the private one, the anonymous memory, the heap. */
    for (int j = 0; j < 4; j++) {
      long at = j * PG + ph * 7;
      if (at < SHARED_LEN) s[at] = (unsigned char)('a' + ph + j);
    }
    q[ph * PG - PG + 11] = (unsigned char)('0' + ph); /* pages 0, 1, 2 written in phases 1, 2, 3 */
    a[ph * 100] = (unsigned char)ph;
    z[PG + ph * 100] = (unsigned char)(ph + 10);
    for (long i = 0; i < heapn; i += 97) heap[i] = (unsigned char)(heap[i] + ph);
    if (ph == 1) CHECK(msync((caddr_t)s, 4 * PG, 0) == 0, "phase 1: msync");

    /* Checks. */
    long n = readall(spath, buf, sizeof buf);
    CHECK(n == SHARED_LEN && memcmp(buf, s, SHARED_LEN) == 0,
          "phase %d: shared.dat read(2) holds what the mapping holds (%ld bytes)", ph, n);
    int stored = 1;
    for (int p = 1; p <= ph; p++)
      for (int j = 0; j < 4; j++)
        if (j * PG + p * 7 < SHARED_LEN && s[j * PG + p * 7] != 'a' + p + j) stored = 0;
    CHECK(stored, "phase %d: the shared mapping has every store of phases 1 to %d", ph, ph);
    n = readall(ppath, buf, sizeof buf);
    int same = n == PRIVATE_LEN;
    for (long i = 0; same && i < n; i++) same = buf[i] == fileval(1, i);
    CHECK(same, "phase %d: private.dat is as it was made (%ld bytes)", ph, n);
    int asfile = 0, aswritten = 0;
    for (int p = 0; p < 3; p++) {
      int mine = p < ph;
      int ok = 1;
      for (long i = 0; i < PG; i++) {
        unsigned char want = mine && i == 11 ? (unsigned char)('0' + p + 1) : fileval(1, p * PG + i);
        if (q[p * PG + i] != want) ok = 0;
      }
      if (ok && mine) aswritten++;
      if (ok && !mine) asfile++;
    }
    CHECK(aswritten == ph && asfile == 3 - ph,
          "phase %d: the private mapping: %d pages as written, %d as the file", ph, aswritten, asfile);
    int anon = 1;
    for (int p = 1; p <= 3; p++) {
      if (a[p * 100] != (p <= ph ? p : 0)) anon = 0;
      if (z[PG + p * 100] != (p <= ph ? p + 10 : 0)) anon = 0;
    }
    CHECK(anon && z[0] == 0, "phase %d: the anonymous memory, private and shared, is as stored", ph);
    printf("phase %d: heap %08x shared %08x private %08x\n", ph, sum(heap, heapn), sum(s, SHARED_LEN),
           sum(q, 4 * PG - PG));
  }
  /* The last stores reach the file at munmap (shared), never (private). */
  CHECK(munmap((caddr_t)s, 4 * PG) == 0 && munmap((caddr_t)q, 4 * PG) == 0, "munmap");
  return DONE("pmmap");
}
