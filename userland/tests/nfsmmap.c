/* nfsmmap - mmap of files on NFS (test/lab/nfs-mmap.test.ts):
 *
 *   nfsmmap make DIR     make DIR/shared.dat (three pages less 100 bytes) and
 *                        DIR/private.dat (two pages) of known bytes
 *   nfsmmap map DIR      map the first MAP_SHARED
 *                        and the second MAP_PRIVATE; read(2) into an untouched
 *                        page of one and write(2) DIR/copy.dat from the other
 *                        (the calls sleep for the pages); check every page (each
 *                        first touch a page-in through NFS); store into both,
 *                        msync the shared one, say "msynced", and wait for
 *                        SIGUSR1; then store again, munmap both and exit
 *   nfsmmap touch FILE   map FILE, say "mapped", wait 2 s, say "touching" and
 *                        read its first byte (the fault waits for the server);
 *                        a SIGINT meanwhile is caught and said at once; then
 *                        "touched BYTE, N SIGINT"
 *   nfsmmap expect DIR N what another machine (the server, say) must read(2)
 *                        from the files after phase N: 1, the stores before
 *                        the msync; 2, those after it too (written back at
 *                        munmap); the private file never changes
 *
 * Without arguments it runs all three in /tmp, without waiting, as every program
 * of /tests does. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"

#define PG 8192
#define SHARED_LEN (3 * PG - 100)
#define PRIVATE_LEN (2 * PG)

static unsigned char buf[3 * PG];
static char spath[256], ppath[256];
static volatile int go;

static unsigned char pat(int which, long i) { return (unsigned char)(which * 50 + 'a' + (i * 7 + (i >> 9)) % 26); }

/* What byte i of the shared file must be after phase n. */
static unsigned char want(int n, long i) {
  if (n >= 1 && i % PG == 5) return (unsigned char)('A' + i / PG);
  if (n >= 2 && (i == 7 || i == 2 * PG + 7)) return i == 7 ? 'D' : 'E';
  return pat(0, i);
}

static int make1(const char *path, int which, long len) {
  for (long i = 0; i < len; i++) buf[i] = pat(which, i);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  int ok = fd >= 0 && write(fd, buf, len) == len;
  return close(fd) == 0 && ok;
}

/* Bytes of path, through a new descriptor; -1 for an error. */
static long slurp(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  long n = read(fd, buf, sizeof buf);
  close(fd);
  return n;
}

/* The first byte of the shared file (as read(2) gives it) differing from phase n, or -1. */
static long differs(int n) {
  long got = slurp(spath);
  if (got != SHARED_LEN) return -2;
  for (long i = 0; i < SHARED_LEN; i++)
    if (buf[i] != want(n, i)) return i;
  return -1;
}

static void paths(const char *dir) {
  snprintf(spath, sizeof spath, "%s/shared.dat", dir);
  snprintf(ppath, sizeof ppath, "%s/private.dat", dir);
}

static void onusr1(int sig) {
  (void)sig;
  go = 1;
}

static void make(const char *dir) {
  paths(dir);
  CHECK(make1(spath, 0, SHARED_LEN) && make1(ppath, 1, PRIVATE_LEN), "made %s and %s", spath, ppath);
}

static void map(const char *dir, int wait) {
  paths(dir);
  int sfd = open(spath, O_RDWR), pfd = open(ppath, O_RDONLY);
  CHECK(sfd >= 0 && pfd >= 0, "opened %s and %s", spath, ppath);
  errno = 0;
  caddr_t sm = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
  CHECK(sm != MAP_FAILED, "mapped shared.dat MAP_SHARED (errno %d)", errno);
  caddr_t pm = mmap(0, PRIVATE_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, pfd, 0);
  CHECK(pm != MAP_FAILED, "mapped private.dat MAP_PRIVATE (errno %d)", errno);
  if (sm == MAP_FAILED || pm == MAP_FAILED) return;
  unsigned char *s = (unsigned char *)sm, *p = (unsigned char *)pm;
  /* System calls whose buffers are pages of the mappings never touched: the call sleeps for them. */
  long n = read(sfd, p + PG + 20, 10);
  CHECK(n == 10, "read(2) into an untouched page of the private mapping (%ld, errno %d)", n, errno);
  char cpath[256];
  snprintf(cpath, sizeof cpath, "%s/copy.dat", dir);
  int cfd = open(cpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  n = write(cfd, s, SHARED_LEN);
  CHECK(n == SHARED_LEN, "write(2) from the untouched shared mapping (%ld, errno %d)", n, errno);
  close(cfd);
  close(sfd);
  close(pfd);
  long bad = -1;
  for (long i = 0; i < SHARED_LEN && bad < 0; i++)
    if (s[i] != pat(0, i)) bad = i;
  CHECK(bad < 0, "every page of the shared mapping reads as the file (first bad byte %ld)", bad);
  for (long i = 0; i < PRIVATE_LEN && bad < 0; i++)
    if (p[i] != (i >= PG + 20 && i < PG + 30 ? pat(0, i - PG - 20) : pat(1, i))) bad = i;
  CHECK(bad < 0, "the private mapping reads as the file, and what read(2) put there (first bad byte %ld)", bad);
  p[10] = '!';
  p[PG + 10] = '?';
  CHECK(p[10] == '!' && p[PG + 10] == '?', "stores into the private mapping stay in it");
  for (int pg = 0; pg < 3; pg++) s[pg * PG + 5] = (unsigned char)('A' + pg);
  CHECK(differs(1) == -1, "read(2) here sees the shared stores at once (first difference %ld)", differs(1));
  CHECK(msync(sm, 3 * PG, 0) == 0, "msync");
  printf("nfsmmap: msynced\n");
  fflush(stdout);
  if (wait) {
    signal(SIGUSR1, onusr1);
    while (!go) pause();
  }
  s[7] = 'D';
  s[2 * PG + 7] = 'E';
  CHECK(munmap(sm, 3 * PG) == 0 && munmap(pm, PRIVATE_LEN) == 0, "munmap both");
}

static volatile int intrs;

static void onint(int sig) {
  (void)sig;
  intrs++;
  write(1, "SIGINT caught\n", 14);
}

static int touch(const char *path) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = onint;
  sigaction(SIGINT, &sa, NULL);
  int fd = open(path, O_RDONLY);
  caddr_t m = fd < 0 ? MAP_FAILED : mmap(0, PG, PROT_READ, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) {
    printf("touch %s: %s (errno %d)\n", path, strerror(errno), errno);
    return 1;
  }
  printf("mapped\n");
  fflush(stdout);
  sleep(2);
  printf("touching\n");
  fflush(stdout);
  char c = *(volatile char *)m;
  printf("touched %c, %d SIGINT\n", c, intrs);
  return 0;
}

static void expect(const char *dir, int n) {
  paths(dir);
  long d = differs(n);
  CHECK(d == -1, "shared.dat has the stores of phase %d (first difference %ld)", n, d);
  long got = slurp(ppath);
  long bad = got == PRIVATE_LEN ? -1 : -2;
  for (long i = 0; i < PRIVATE_LEN && bad == -1; i++)
    if (buf[i] != pat(1, i)) bad = i;
  CHECK(bad == -1, "private.dat is as it was made (first difference %ld)", bad);
  char cpath[256];
  snprintf(cpath, sizeof cpath, "%s/copy.dat", dir);
  got = slurp(cpath);
  bad = got == SHARED_LEN ? -1 : -2;
  for (long i = 0; i < SHARED_LEN && bad == -1; i++)
    if (buf[i] != pat(0, i)) bad = i;
  CHECK(bad == -1, "copy.dat, written from the mapping, is shared.dat as made (first difference %ld)", bad);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "make") == 0) {
    make(argv[2]);
    return DONE("nfsmmap make");
  }
  if (argc == 3 && strcmp(argv[1], "map") == 0) {
    map(argv[2], 1);
    return DONE("nfsmmap map");
  }
  if (argc == 3 && strcmp(argv[1], "touch") == 0) return touch(argv[2]);
  if (argc == 4 && strcmp(argv[1], "expect") == 0) {
    expect(argv[2], atoi(argv[3]));
    return DONE("nfsmmap expect");
  }
  if (argc != 1) {
    fprintf(stderr, "usage: nfsmmap [make DIR | map DIR | touch FILE | expect DIR N]\n");
    return 2;
  }
  make("/tmp");
  map("/tmp", 0);
  expect("/tmp", 2);
  return DONE("nfsmmap");
}
