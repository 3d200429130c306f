/* The edges of four system calls, where the fuzzer found wrong answers:
 * lseek to an offset an off_t (a signed 32-bit long) cannot hold is EINVAL
 * and leaves the offset alone; readlink with a size of 0 or less is
 * EINVAL; setitimer with a bad timeval is EINVAL and leaves the timer as it
 * was (in 4.3BSD's order, the old setting is copied out first); rename of a
 * directory into itself or below is EINVAL, onto one of its ancestors
 * ENOTEMPTY (as SunOS 4 answers both). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"

#define DIR "/tmp/edges.d"

/* Did the call fail with exactly this errno? */
static int fails(long r, int err) { return r == -1 && errno == err; }

static void lseek_edges(void) {
  int fd = open(DIR "/f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10, "a file of 10 bytes");
  if (fd < 0) return;
  long r = lseek(fd, 0x7fffffffL, SEEK_SET);
  CHECK(r == 0x7fffffffL, "lseek to 0x7fffffff = %#lx", r);
  errno = 0;
  r = lseek(fd, 1, SEEK_CUR);
  CHECK(fails(r, EINVAL), "then SEEK_CUR +1: EINVAL (got %#lx, errno %d)", r, errno);
  r = lseek(fd, 0, SEEK_CUR);
  CHECK(r == 0x7fffffffL, "and the offset is still 0x7fffffff (%#lx)", r);
  char c;
  CHECK(read(fd, &c, 1) == 0, "a read there is at end of file");
  errno = 0;
  r = lseek(fd, 0x7fffffffL, SEEK_END);
  CHECK(fails(r, EINVAL), "SEEK_END + 0x7fffffff on 10 bytes: EINVAL (got %#lx, errno %d)", r, errno);
  r = lseek(fd, 0x7fffffffL - 10, SEEK_END);
  CHECK(r == 0x7fffffffL, "SEEK_END + 0x7ffffff5 = 0x7fffffff, the largest offset (%#lx)", r);
  errno = 0;
  r = lseek(fd, -11, SEEK_END);
  CHECK(fails(r, EINVAL), "SEEK_END - 11 on 10 bytes: EINVAL (errno %d)", errno);
  CHECK(lseek(fd, -10, SEEK_END) == 0, "SEEK_END - 10 = 0");
  errno = 0;
  r = lseek(fd, (long)0x80000000UL, SEEK_SET);
  CHECK(fails(r, EINVAL), "SEEK_SET to 0x80000000: EINVAL (errno %d)", errno);
  errno = 0;
  r = lseek(fd, 0, 3);
  CHECK(fails(r, EINVAL), "whence 3: EINVAL (errno %d)", errno);
  CHECK(lseek(fd, 0, SEEK_CUR) == 0, "the offset stayed 0 through the failures");
  close(fd);
}

static void readlink_edges(void) {
  CHECK(symlink("target-name", DIR "/l") == 0, "symlink l -> target-name");
  char buf[32];
  static const int bad[] = {-1, 0, (int)0x80000000U};
  for (int i = 0; i < 3; i++) {
    memset(buf, 'x', sizeof(buf));
    errno = 0;
    int r = readlink(DIR "/l", buf, bad[i]);
    CHECK(fails(r, EINVAL) && buf[0] == 'x', "readlink with size %d: EINVAL, nothing written (got %d, errno %d)",
          bad[i], r, errno);
  }
  memset(buf, 'x', sizeof(buf));
  int r = readlink(DIR "/l", buf, 3);
  CHECK(r == 3 && memcmp(buf, "tarx", 4) == 0, "size 3: the first 3 bytes (%d)", r);
  r = readlink(DIR "/l", buf, sizeof(buf));
  CHECK(r == 11 && memcmp(buf, "target-name", 11) == 0, "a large size: all 11 bytes (%d)", r);
  errno = 0;
  CHECK(fails(readlink(DIR "/f", buf, sizeof(buf)), EINVAL), "readlink of a plain file: EINVAL (errno %d)",
        errno);
}

static void set_tv(struct itimerval *it, long is, long iu, long vs, long vu) {
  it->it_interval.tv_sec = is;
  it->it_interval.tv_usec = iu;
  it->it_value.tv_sec = vs;
  it->it_value.tv_usec = vu;
}

static void setitimer_edges(void) {
  struct itimerval it, old, now;
  set_tv(&it, 1, 0, 5, 0);
  CHECK(setitimer(ITIMER_VIRTUAL, &it, NULL) == 0, "ITIMER_VIRTUAL set to 5 s, then every 1 s");
  /* Each bad setting: a good interval with a bad value, and the other way round. */
  static const long bad[][4] = {
      {0, 500000, 0, 1000000},  /* value usec of a whole second */
      {0, 1000000, 1, 0},       /* interval usec of a whole second */
      {-1, 0, 1, 0},            /* negative interval */
      {2, 0, 0, -1},            /* negative value usec */
      {2, 0, 100000001, 0},     /* beyond 4.3BSD's 100,000,000 seconds */
  };
  for (int i = 0; i < 5; i++) {
    set_tv(&it, bad[i][0], bad[i][1], bad[i][2], bad[i][3]);
    memset(&old, 0x5a, sizeof(old));
    errno = 0;
    int r = setitimer(ITIMER_VIRTUAL, &it, &old);
    CHECK(fails(r, EINVAL), "setitimer {%ld.%06ld, %ld.%06ld}: EINVAL (got %d, errno %d)", bad[i][0], bad[i][1],
          bad[i][2], bad[i][3], r, errno);
    CHECK(old.it_interval.tv_sec == 1 && old.it_interval.tv_usec == 0,
          "  the old setting was copied out first, as 4.3BSD does (interval %ld.%06ld)", old.it_interval.tv_sec,
          old.it_interval.tv_usec);
    CHECK(getitimer(ITIMER_VIRTUAL, &now) == 0 && now.it_interval.tv_sec == 1 && now.it_interval.tv_usec == 0 &&
              now.it_value.tv_sec >= 4,
          "  and the timer did not change (interval %ld.%06ld, value %ld.%06ld)", now.it_interval.tv_sec,
          now.it_interval.tv_usec, now.it_value.tv_sec, now.it_value.tv_usec);
  }
  static const int badwhich[] = {3, -1, 100};
  for (int i = 0; i < 3; i++) {
    set_tv(&it, 0, 0, 0, 0);
    memset(&old, 0x5a, sizeof(old));
    errno = 0;
    int r = setitimer(badwhich[i], &it, &old);
    CHECK(fails(r, EINVAL) && old.it_interval.tv_sec == 0x5a5a5a5aL,
          "setitimer(which %d): EINVAL before anything is written (errno %d)", badwhich[i], errno);
  }
  set_tv(&it, 0, 0, 0, 0);
  memset(&old, 0, sizeof(old));
  CHECK(setitimer(ITIMER_VIRTUAL, &it, &old) == 0 && old.it_interval.tv_sec == 1,
        "turned off, the old setting comes back (interval %ld s)", old.it_interval.tv_sec);
  CHECK(getitimer(ITIMER_VIRTUAL, &now) == 0 && now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0, "and it is off");
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void rename_edges(void) {
  CHECK(mkdir(DIR "/a", 0755) == 0 && mkdir(DIR "/a/b", 0755) == 0 && mkdir(DIR "/a/b/c", 0755) == 0,
        "directories a, a/b, a/b/c");
  static const struct {
    const char *from, *to;
    int err;
    const char *why;
  } cases[] = {
      {DIR "/a/b", DIR "/a", ENOTEMPTY, "onto its parent, which holds it"},
      {DIR "/a/b/c", DIR "/a", ENOTEMPTY, "onto its grandparent"},
      {DIR "/a", DIR "/a/b", EINVAL, "onto its own child"},
      {DIR "/a", DIR "/a/b/c", EINVAL, "onto its grandchild"},
      {DIR "/a", DIR "/a/b/new", EINVAL, "to a new name below itself"},
      {DIR "/a/b", DIR "/a/b/c/new", EINVAL, "to a new name two levels below itself"},
  };
  for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    errno = 0;
    int r = rename(cases[i].from, cases[i].to);
    CHECK(fails(r, cases[i].err), "rename(%s, %s), %s: errno %d (want %d)", cases[i].from + sizeof(DIR),
          cases[i].to + sizeof(DIR), cases[i].why, errno, cases[i].err);
  }
  CHECK(is_dir(DIR "/a/b/c") && !is_dir(DIR "/a/b/new") && !is_dir(DIR "/a/b/c/new"), "the tree is unchanged");
  CHECK(rmdir(DIR "/a/b/c") == 0 && rmdir(DIR "/a/b") == 0 && rmdir(DIR "/a") == 0, "and removes cleanly");
}

int main(void) {
  mkdir(DIR, 0755);
  CHECK(is_dir(DIR), "a directory to work in");
  lseek_edges();
  readlink_edges();
  setitimer_edges();
  rename_edges();
  unlink(DIR "/f");
  unlink(DIR "/l");
  CHECK(rmdir(DIR) == 0, "all cleaned up");
  return DONE("edges");
}
