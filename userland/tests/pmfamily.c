/* pmfamily - parents and children on different machines, kept related by
 * the global process table (docs/migration.md):
 *
 *   pmfamily parent HOST...  forks a child that exits at once with 7 (a
 *     zombie when the parent leaves) and one that sleeps, computes and
 *     exits with 3; the parent migrates itself along the HOSTs, then
 *     collects both with wait4 — their statuses, and the usage of the one
 *     that computed. The second child checks that getppid() names the
 *     parent all along, though the parent is elsewhere.
 *   pmfamily orphan HOST  forks a child that migrates itself to HOST and
 *     watches getppid() until it says 1: its parent exits meanwhile.
 *   pmfamily [calls]  the table's calls and the thesis's, with their errors
 *     (on a machine in no pool, getpmpage fails with EINVAL).
 *   pmfamily count SECONDS  computes for that long (of user time),
 *     counting the SIGUSR1s it gets, and prints how many: the signals
 *     sent to it while it migrates arrive exactly once. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sun3lab.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static volatile long sink;

static void compute(long n) {
  for (long i = 0; i < n; i++) sink += i ^ (i >> 3);
}

static int parent(int argc, char **argv) {
  pid_t me = getpid();
  pid_t quick = fork();
  if (quick == 0) _exit(7);
  pid_t slow = fork();
  if (slow == 0) {
    msleep(1500);
    compute(200000);
    _exit(getppid() == me ? 3 : 4);
  }
  CHECK(quick > 0 && slow > 0, "forked %d and %d", quick, slow);
  msleep(300); /* the quick one is a zombie by now */
  for (int i = 2; i < argc; i++) CHECK(migrate(argv[i]) == 0, "migrate(%s) returned 0", argv[i]);
  CHECK(getpid() == me, "getpid() is still %d", me);
  int got = 0;
  for (int n = 0; n < 2; n++) {
    int st = -1;
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    pid_t w = wait4(-1, &st, 0, &ru);
    if (w == quick) {
      got |= 1;
      CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "the zombie child %d collected, exit status %d", w,
            WEXITSTATUS(st));
    } else if (w == slow) {
      got |= 2;
      CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "the computing child %d collected, exit status %d (3: its getppid was right)",
            w, WEXITSTATUS(st));
      CHECK(ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0, "its usage came: %ld.%06ld s of user time",
            (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec);
    } else
      CHECK(0, "wait4 returned %d", w);
  }
  CHECK(got == 3, "both children collected");
  CHECK(wait4(-1, NULL, WNOHANG, NULL) == -1, "then no child is left (ECHILD)");
  return DONE("pmfamily");
}

static int orphan(const char *host) {
  pid_t me = getpid();
  pid_t c = fork();
  if (c == 0) {
    if (migrate(host) != 0) {
      perror("pmfamily: migrate");
      _exit(2);
    }
    CHECK(getppid() == me, "on %s, getppid() is the parent %d", host, me);
    int waited = 0;
    while (getppid() != 1 && waited < 20000) {
      msleep(100);
      waited += 100;
    }
    CHECK(getppid() == 1, "once the parent has exited, getppid() is 1 (after %d ms)", waited);
    _exit(DONE("pmfamily orphan"));
  }
  msleep(1500);
  return 0;
}

static int calls(void) {
  static struct pmslot slots[16];
  int got = getpmpage(0, slots, 16);
  CHECK(got >= 0 || errno == EINVAL, "getpmpage(0): %s",
        got >= 0 ? "page 0 brought here" : "EINVAL, this machine is in no pool");
  CHECK(getpmpage(99, slots, 16) == -1 && errno == EINVAL, "getpmpage(99) fails with EINVAL");
  CHECK(putpmpage(-1) == -1 && errno == EBADF, "putpmpage(-1) fails with EBADF");
  CHECK(pm_open("/no/such/file", O_RDONLY, 0) == -1 && errno == ENOENT, "pm_open of a missing file: ENOENT");
  int fd = pm_open("/etc/passwd", O_RDONLY, 0);
  CHECK(fd >= 0, "pm_open(/etc/passwd) gives descriptor %d", fd);
  close(fd);
  CHECK(pm_creat("/no/such/dir/x", 0644) == -1 && errno == ENOENT, "pm_creat in a missing directory: ENOENT");
  CHECK(pm_getpid() == getpid() && pm_getppid() == getppid(), "pm_getpid and pm_getppid are getpid's");
  pid_t c = pm_fork();
  if (c == 0) pm_exit(5);
  CHECK(c > 0 || errno == EAGAIN, "pm_fork made child %d", c);
  int st = -1;
  CHECK(pm_wait(&st) == c && WIFEXITED(st) && WEXITSTATUS(st) == 5, "pm_wait collects it, pm_exit's status 5");
  CHECK(pm_wait(&st) == -1 && errno == ECHILD, "then pm_wait fails with ECHILD");
  return DONE("pmfamily");
}

static volatile int usr1;

static void counted(int sig) {
  (void)sig;
  usr1++;
}

static int count(int seconds) {
  signal(SIGUSR1, counted);
  struct rusage ru;
  do {
    compute(20000);
    getrusage(RUSAGE_SELF, &ru);
  } while (ru.ru_utime.tv_sec < seconds);
  printf("pmfamily: %d signals\n", usr1);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "count") == 0) return count(atoi(argv[2]));
  if (argc == 1 || (argc == 2 && strcmp(argv[1], "calls") == 0)) return calls();
  if (argc >= 3 && strcmp(argv[1], "parent") == 0) return parent(argc, argv);
  if (argc == 3 && strcmp(argv[1], "orphan") == 0) return orphan(argv[2]);
  fprintf(stderr, "usage: pmfamily parent HOST... | orphan HOST | count SECONDS | calls\n");
  return 2;
}
