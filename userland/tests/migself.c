/* migself - a process that migrates itself with migrate(3) along the hosts
 * named in its arguments, and checks from the inside that it is the same
 * process wherever it is: the same pid, the same umask, its signal
 * handlers and mask, a blocked signal still pending, its computation going
 * on where it was. First it checks that what cannot move refuses cleanly
 * and leaves it where it is: a pipe, a file on the local disk, an unknown
 * host. Every line it prints goes to the console of the machine it is on.
 *
 *   migself sun1 sun2 ...
 *
 * With no host it only checks that a lone machine refuses (the migration
 * tests run it in a lab). `migself -n HOST [KB [NFILES DIR]]` is the null
 * process of the migration benchmark (test/bench/migrate.ts): it takes KB
 * more of heap, touched, opens NFILES files in DIR, migrates to HOST and
 * exits. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sun3lab.h>

#include "check.h"

static volatile int usr1, usr2;
static void on_usr1(int sig) { usr1 += sig == SIGUSR1; }
static void on_usr2(int sig) { usr2 += sig == SIGUSR2; }

static unsigned work(unsigned x, int n) {
  for (int i = 0; i < n; i++) x = x * 1103515245u + 12345u;
  return x;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "-n") == 0) {
    long kb = argc > 3 ? atol(argv[3]) : 0;
    char *mem = kb > 0 ? malloc((size_t)kb * 1024) : NULL;
    if (mem != NULL) memset(mem, 1, (size_t)kb * 1024);
    /* With NFILES and DIR: that many files of DIR (on the shared /home) open, each moving by name. */
    int nfiles = argc > 5 ? atoi(argv[4]) : 0;
    for (int i = 0; i < nfiles; i++) {
      char name[256];
      sprintf(name, "%s/migself.%d", argv[5], i);
      if (open(name, O_RDWR | O_CREAT, 0644) < 0) return 2;
    }
    return migrate(argv[2]) == 0 ? 0 : 1;
  }
  if (argc < 2) {
    errno = 0;
    int r = migrate("localhost");
    CHECK(r == -1 && errno != 0, "on a lone machine migrate fails and the process stays (errno %d)", errno);
    errno = 0;
    r = pm_migrate(999999, 0);
    CHECK(r == -1 && errno == ESRCH, "pm_migrate of no such process is ESRCH (errno %d)", errno);
    errno = 0;
    r = pmrcv(-1);
    CHECK(r == -1 && (errno == EBADF || errno == EPERM), "pmrcv of no socket fails (errno %d)", errno);
    static struct pminfo pi[4];
    errno = 0;
    r = pminfo(pi, 4);
    CHECK(r == 0 && errno == 0, "pminfo: no migrated process here (%d)", r);
    errno = 0;
    r = pminfo((struct pminfo *)1, 4);
    CHECK(r == 0 || (r == -1 && errno == EFAULT), "pminfo with a bad buffer and nothing to copy (%d, errno %d)", r, errno);
    errno = 0;
    r = pmjoin();
    CHECK(r >= 1000 || (r == -1 && errno == EADDRNOTAVAIL), "pmjoin: a range, or no address to choose one by (%d, errno %d)", r, errno);
    return DONE("migself");
  }
  pid_t pid = getpid(), ppid = getppid();
  char here[64], start[64];
  gethostname(start, sizeof(start));
  umask(027);
  signal(SIGUSR1, on_usr1);
  signal(SIGUSR2, on_usr2);
  sigblock(sigmask(SIGUSR2));
  kill(pid, SIGUSR2); /* blocked: pending, and must stay pending across the moves */
  unsigned acc = work(1, 5000);

  int p[2], r;
  if (pipe(p) == 0) {
    errno = 0;
    r = migrate(argv[1]);
    gethostname(here, sizeof(here));
    CHECK(r == -1 && errno == EOPNOTSUPP && strcmp(here, start) == 0,
          "with a pipe open, migrate fails with EOPNOTSUPP and the process stays (%d, errno %d)", r, errno);
    close(p[0]);
    close(p[1]);
  }
  int fd = open("/etc/motd", O_RDONLY);
  errno = 0;
  r = migrate(argv[1]);
  CHECK(r == -1 && errno == EXDEV, "with a local file open, migrate fails with EXDEV (%d, errno %d)", r, errno);
  close(fd);
  errno = 0;
  r = migrate("nosuchhost");
  CHECK(r == -1 && errno == EINVAL, "an unknown host is EINVAL (%d, errno %d)", r, errno);

  /* mmap'd private memory travels too (docs/vm.md); a mapped file of this machine's own disk does not. */
  char *anon = mmap(0, 3 * 8192, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0);
  CHECK(anon != MAP_FAILED, "mmap of 3 pages of anonymous memory");
  anon[5] = 'm';
  anon[2 * 8192 + 7] = 'n'; /* the middle page stays untouched: demand-zero */
  int mfd = open("/etc/motd", O_RDONLY);
  char *file = mmap(0, 8192, PROT_READ, MAP_SHARED, mfd, 0);
  errno = 0;
  r = migrate(argv[1]);
  CHECK(r == -1 && errno == EXDEV, "with a local file mapped, migrate fails with EXDEV (%d, errno %d)", r, errno);
  munmap(file, 8192);
  close(mfd);

  for (int i = 1; i < argc; i++) {
    r = migrate(argv[i]);
    gethostname(here, sizeof(here));
    CHECK(r == 0 && strcmp(here, argv[i]) == 0, "migrate(%s) returned %d; running on %s", argv[i], r, here);
    CHECK(getpid() == pid, "getpid() is still %d", (int)pid);
    CHECK(getppid() == ppid, "getppid() is still %d, its parent at home", (int)ppid);
    int mask = umask(027);
    CHECK(mask == 027, "the umask is still 027 (%o)", mask);
    kill(pid, SIGUSR1);
    CHECK(usr1 == i, "the SIGUSR1 handler came along (%d calls)", usr1);
    CHECK(usr2 == 0, "SIGUSR2 is still blocked");
    CHECK(anon[5] == 'm' && anon[8192 + 3] == 0 && anon[2 * 8192 + 7] == 'n', "the mmap'd memory came along");
    anon[8192 + 3] = 0;
    acc = work(acc, 5000);
  }
  sigsetmask(0);
  CHECK(usr2 == 1, "the blocked SIGUSR2 was still pending, and is delivered once unblocked");
  CHECK(acc == work(1, 5000 * argc), "the computation went on where it stopped (%u)", acc);
  return DONE("migself");
}
