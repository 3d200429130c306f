/* pmfiles - open files that move with a migrating process (docs/migration.md,
 * "Open files"): ten descriptors on the NFS-shared /home, and what must
 * refuse.
 *
 *   pmfiles DIR HOST ...   in DIR (on /home), open ten descriptors — read-only,
 *                          write-only, O_APPEND, a dup chain of three (dup,
 *                          dup2), one of two (F_DUPFD), a file opened twice —
 *                          use each, migrate to each HOST in turn, use each
 *                          again; check offsets, flags and what is read
 *   pmfiles verify DIR N   check every file's contents byte for byte, as N
 *                          migrations leave them (from any machine)
 *   pmfiles share DIR HOST a parent and its child write alternately through one
 *                          inherited descriptor; the child's migration is
 *                          refused (EXDEV: the entry's offset is shared) and
 *                          the alternation goes on intact; with the shared
 *                          descriptor closed the child moves
 *   pmfiles refused FILE HOST  FILE open read-only, a migration HOST refuses (EXDEV:
 *                          the name gives another file there, or none)
 *   pmfiles local HOST     a file of /tmp (this machine's own disk), a removed
 *                          file, a renamed file: each refuses with EXDEV
 *
 * Lines go to the console of the machine the process is on. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sun3lab.h>

#include "check.h"

#define RSIZE 4096
#define T2AT 1000

static unsigned char pat(long i) { return (unsigned char)(i * 7 + (i >> 5) + 3); }

static int put(int fd, const char *s) { return write(fd, s, strlen(s)) == (int)strlen(s); }

/* The contents `name` must have after `phases` phases (one more than the migrations). */
static int expected(const char *name, int phases, char *out) {
  int n = 0;
  if (strcmp(name, "r.dat") == 0) {
    for (n = 0; n < RSIZE; n++) out[n] = (char)pat(n);
    return n;
  }
  if (strcmp(name, "a.dat") == 0) n += sprintf(out, "HEAD\n");
  if (strcmp(name, "t.dat") == 0) memset(out, 0, T2AT + 64);
  for (int ph = 0; ph < phases; ph++) {
    if (strcmp(name, "w.dat") == 0) {
      n += sprintf(out + n, "w%d:", ph);
      for (int i = 0; i < 50; i++) out[n++] = (char)pat(ph * 50 + i + 7);
    } else if (strcmp(name, "a.dat") == 0)
      n += sprintf(out + n, "a%d\n", ph);
    else if (strcmp(name, "c1.dat") == 0)
      n += sprintf(out + n, "x%dy%dz%d", ph, ph, ph);
    else if (strcmp(name, "c2.dat") == 0)
      n += sprintf(out + n, "m%dn%d", ph, ph);
    else if (strcmp(name, "t.dat") == 0) {
      char r[8];
      sprintf(r, "T1:%d;", ph);
      memcpy(out + 5 * ph, r, 5);
      sprintf(r, "T2:%d;", ph);
      memcpy(out + T2AT + 5 * ph, r, 5);
      n = T2AT + 5 * (ph + 1);
    }
  }
  return n;
}

static const char *names[] = {"r.dat", "w.dat", "a.dat", "c1.dat", "c2.dat", "t.dat"};
static char want[8192], got[8192];

/* Each file read afresh, byte for byte. */
static int verify(const char *dir, int phases) {
  if (chdir(dir) < 0) {
    printf("pmfiles: %s: errno %d\n", dir, errno);
    return 1;
  }
  for (int i = 0; i < 6; i++) {
    int n = expected(names[i], phases, want);
    int fd = open(names[i], O_RDONLY);
    int m = fd < 0 ? -1 : read(fd, got, sizeof(got));
    if (fd >= 0) close(fd);
    CHECK(m == n && memcmp(got, want, n) == 0, "%s/%s: %d bytes, byte-exact (read %d)", dir, names[i], n, m);
  }
  return DONE("pmfiles verify");
}

static int fd_r, fd_w, fd_a, c1, c1b, c1c, c2, c2b, t1, t2;

/* One phase: use every descriptor. */
static void use(int ph) {
  char b[128], s[16];
  int n = read(fd_r, b, 100), ok = n == 100;
  for (int i = 0; ok && i < 100; i++) ok = (unsigned char)b[i] == pat(ph * 100 + i);
  CHECK(ok, "phase %d: read-only descriptor reads bytes %d-%d", ph, ph * 100, ph * 100 + 99);
  sprintf(b, "w%d:", ph);
  for (int i = 0; i < 50; i++) b[3 + i] = (char)pat(ph * 50 + i + 7);
  CHECK(write(fd_w, b, 53) == 53, "phase %d: write-only descriptor writes", ph);
  lseek(fd_a, 0, SEEK_SET); /* O_APPEND: the write goes to the end all the same */
  sprintf(s, "a%d\n", ph);
  CHECK(put(fd_a, s), "phase %d: O_APPEND descriptor appends", ph);
  sprintf(s, "x%d", ph);
  int ok1 = put(c1, s);
  sprintf(s, "y%d", ph);
  ok1 = ok1 && put(c1b, s);
  sprintf(s, "z%d", ph);
  ok1 = ok1 && put(c1c, s);
  CHECK(ok1, "phase %d: three descriptors of one dup chain write at one offset", ph);
  sprintf(s, "m%d", ph);
  int ok2 = put(c2, s);
  sprintf(s, "n%d", ph);
  CHECK(ok2 && put(c2b, s), "phase %d: F_DUPFD chain writes at one offset", ph);
  sprintf(s, "T1:%d;", ph);
  int ok3 = put(t1, s);
  sprintf(s, "T2:%d;", ph);
  CHECK(ok3 && put(t2, s), "phase %d: a file opened twice keeps two offsets", ph);
}

static void positions(long *at) {
  int fds[] = {fd_r, fd_w, fd_a, c1, c1b, c1c, c2, c2b, t1, t2};
  for (int i = 0; i < 10; i++) at[i] = lseek(fds[i], 0, SEEK_CUR);
}

static int moving(const char *dir, int nhosts, char **hosts) {
  if (chdir(dir) < 0) {
    printf("pmfiles: %s: errno %d\n", dir, errno);
    return 1;
  }
  int fd = open("r.dat", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  for (int i = 0; i < RSIZE; i++) got[i] = (char)pat(i);
  write(fd, got, RSIZE);
  close(fd);
  fd = open("a.dat", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  put(fd, "HEAD\n");
  close(fd);
  fd_r = open("r.dat", O_RDONLY);
  fd_w = open("w.dat", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  fd_a = open("a.dat", O_WRONLY | O_APPEND);
  c1 = open("c1.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
  c1b = dup(c1);
  c1c = dup2(c1, 20);
  c2 = open("c2.dat", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  c2b = fcntl(c2, F_DUPFD, 25);
  t1 = open("t.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
  t2 = open("t.dat", O_RDWR);
  lseek(t2, T2AT, SEEK_SET);
  fcntl(c1c, F_SETFD, 1);
  fcntl(fd_w, F_SETFL, O_NDELAY);
  CHECK(fd_r >= 0 && fd_w >= 0 && fd_a >= 0 && c1 >= 0 && c1b >= 0 && c1c == 20 && c2 >= 0 && c2b >= 25 &&
            t1 >= 0 && t2 >= 0,
        "ten descriptors open in %s", dir);
  char here[64];
  for (int hop = 0;; hop++) {
    use(hop);
    if (hop == nhosts) break;
    long before[10], after[10];
    positions(before);
    int r = migrate(hosts[hop]);
    gethostname(here, sizeof(here));
    CHECK(r == 0 && strcmp(here, hosts[hop]) == 0, "migrate(%s) with ten files open returned 0; on %s", hosts[hop],
          here);
    positions(after);
    CHECK(memcmp(before, after, sizeof(before)) == 0, "every offset is where it was (%ld %ld %ld %ld %ld %ld %ld %ld %ld %ld)",
          after[0], after[1], after[2], after[3], after[4], after[5], after[6], after[7], after[8], after[9]);
    CHECK((fcntl(fd_a, F_GETFL) & O_APPEND) && (fcntl(fd_w, F_GETFL) & O_NDELAY) &&
              (fcntl(fd_r, F_GETFL) & O_ACCMODE) == O_RDONLY && (fcntl(fd_w, F_GETFL) & O_ACCMODE) == O_WRONLY,
          "modes and flags moved (O_APPEND, O_NDELAY, read-only, write-only)");
    CHECK(fcntl(c1c, F_GETFD) == 1 && fcntl(c1, F_GETFD) == 0, "close-on-exec moved with descriptor 20 only");
    struct stat a, b;
    CHECK(fstat(c1, &a) == 0 && stat("c1.dat", &b) == 0 && a.st_ino == b.st_ino,
          "the current directory moved: c1.dat by its relative name is the open file");
  }
  int fds[] = {fd_r, fd_w, fd_a, c1, c1b, c1c, c2, c2b, t1, t2};
  for (int i = 0; i < 10; i++) close(fds[i]);
  int v = verify(dir, nhosts + 1);
  return v || check_failures ? 1 : 0;
}

/* Parent and child, one inherited descriptor, turns passed by signals. */
static volatile int turn;
static void on_turn(int sig) { turn += sig == SIGUSR1; }

static int share(const char *dir, const char *host) {
  char name[256], here[64], start[64];
  sprintf(name, "%s/s.dat", dir);
  gethostname(start, sizeof(start));
  int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  signal(SIGUSR1, on_turn);
  sigblock(sigmask(SIGUSR1));
  fflush(stdout);
  pid_t parent = getpid(), child = fork();
  char s[16];
  if (child == 0) {
    for (int i = 0; i < 6; i++) {
      while (turn <= i) sigpause(0);
      sprintf(s, "c%d\n", i);
      put(fd, s);
      if (i == 2) {
        errno = 0;
        int r = migrate(host);
        gethostname(here, sizeof(here));
        CHECK(r == -1 && errno == EXDEV && strcmp(here, start) == 0,
              "the child's migration with a descriptor shared with its parent is refused (%d, errno %d)", r, errno);
      }
      kill(parent, SIGUSR1);
    }
    close(fd);
    int r = migrate(host);
    gethostname(here, sizeof(here));
    CHECK(r == 0 && strcmp(here, host) == 0, "with it closed, the child moves to %s", here);
    _exit(check_failures ? 1 : 0);
  }
  for (int i = 0; i < 6; i++) {
    sprintf(s, "p%d\n", i);
    put(fd, s);
    kill(child, SIGUSR1);
    while (turn <= i) sigpause(0);
  }
  int st;
  CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child passed (status %x)", st);
  close(fd);
  int m = -1, n = 0;
  fd = open(name, O_RDONLY);
  if (fd >= 0) m = read(fd, got, sizeof(got));
  for (int i = 0; i < 6; i++) n += sprintf(want + n, "p%d\nc%d\n", i, i);
  CHECK(m == n && memcmp(got, want, n) == 0, "the file alternates p0 c0 ... p5 c5, byte-exact (%d bytes)", m);
  return DONE("pmfiles share");
}

/* What never moves: each refused with EXDEV, the process staying. */
static int local(const char *host) {
  char here[64], start[64];
  gethostname(start, sizeof(start));
  const char *what[] = {"a file of /tmp", "a removed file", "a renamed file"};
  for (int i = 0; i < 3; i++) {
    char name[64], other[64];
    sprintf(name, i == 0 ? "/tmp/pmf%d" : "/home/alice/pmf%d", i);
    sprintf(other, "/home/alice/pmf%d.moved", i);
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (i == 1) unlink(name);
    if (i == 2) rename(name, other);
    errno = 0;
    int r = migrate(host);
    gethostname(here, sizeof(here));
    CHECK(fd >= 0 && r == -1 && errno == EXDEV && strcmp(here, start) == 0,
          "with %s open, migrate fails with EXDEV and the process stays (%d, errno %d)", what[i], r, errno);
    close(fd);
    unlink(i == 2 ? other : name);
  }
  int r = migrate(host);
  gethostname(here, sizeof(here));
  CHECK(r == 0 && strcmp(here, host) == 0, "with them closed, it moves to %s", here);
  return DONE("pmfiles local");
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "verify") == 0) return verify(argv[2], atoi(argv[3]));
  if (argc == 4 && strcmp(argv[1], "share") == 0) return share(argv[2], argv[3]);
  if (argc == 3 && strcmp(argv[1], "local") == 0) return local(argv[2]);
  if (argc == 4 && strcmp(argv[1], "refused") == 0) {
    char here[64], start[64];
    gethostname(start, sizeof(start));
    int fd = open(argv[2], O_RDONLY);
    errno = 0;
    int r = migrate(argv[3]);
    gethostname(here, sizeof(here));
    CHECK(fd >= 0 && r == -1 && errno == EXDEV && strcmp(here, start) == 0,
          "with %s open, %s refuses the migration (%d, errno %d) and the process stays", argv[2], argv[3], r, errno);
    return DONE("pmfiles refused");
  }
  if (argc >= 3) {
    int r = moving(argv[1], argc - 2, argv + 2);
    printf("pmfiles: %s\n", r ? "FAIL" : "PASS");
    return r;
  }
  /* Alone (as every /tests program runs in the suite): the expected contents are self-consistent. */
  CHECK(expected("c1.dat", 3, want) == 18 && memcmp(want, "x0y0z0x1y1z1x2y2z2", 18) == 0, "expected contents");
  return DONE("pmfiles");
}
