/* stubs: the system calls no other test program calls by name — each one's
 * success and its errors. getpagesize; getdirentries (the records, and
 * EBADF, EFAULT, ENOTDIR); getloadavg (three averages, EFAULT); procinfo
 * (this process's record, EFAULT); sigreturn (EFAULT for a context that
 * is not there; the good case is every signal handler's return). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/sun3lab.h>
#include <unistd.h>

#include "check.h"

int sigreturn(struct sigcontext *scp);

static volatile int handled;
static void on_usr1(int sig) {
  (void)sig;
  handled++;
}

int main(void) {
  CHECK(getpagesize() == 8192, "getpagesize: %d", getpagesize());

  /* getdirentries on / finds "etc" */
  int fd = open("/", O_RDONLY);
  char buf[2048];
  long base = -1;
  int n = getdirentries(fd, buf, sizeof(buf), &base);
  int found = 0;
  for (int off = 0; off < n;) {
    struct dirent *d = (struct dirent *)(buf + off);
    if (d->d_reclen == 0) break;
    if (d->d_fileno != 0 && strcmp(d->d_name, "etc") == 0) found = 1;
    off += d->d_reclen;
  }
  CHECK(n > 0 && base == 0 && found, "getdirentries: %d bytes from offset %ld, etc among them", n, base);
  CHECK(getdirentries(fd, buf, sizeof(buf), &base) == 0, "then 0 at the end");
  lseek(fd, 0, SEEK_SET);
  errno = 0;
  CHECK(getdirentries(fd, (char *)1, sizeof(buf), &base) == -1 && errno == EFAULT, "to a bad address: EFAULT");
  errno = 0;
  CHECK(getdirentries(fd, buf, 4, &base) == -1 && errno == EINVAL, "a buffer too small for one record: EINVAL");
  close(fd);
  errno = 0;
  CHECK(getdirentries(fd, buf, sizeof(buf), &base) == -1 && errno == EBADF, "a closed descriptor: EBADF");
  fd = open("/etc/motd", O_RDONLY);
  errno = 0;
  n = getdirentries(fd, buf, sizeof(buf), &base);
  CHECK(n == -1 && errno == ENOTDIR, "a plain file: ENOTDIR (%d, errno %d)", n, errno);
  close(fd);

  /* getloadavg */
  long avg[3] = {-1, -1, -1};
  CHECK(getloadavg(avg, 3) == 3 && avg[0] >= 0 && avg[1] >= 0 && avg[2] >= 0, "getloadavg: 3 averages (%ld %ld %ld)",
        avg[0], avg[1], avg[2]);
  CHECK(getloadavg(avg, 1) == 1 && getloadavg(avg, 0) == 0, "fewer when asked");
  errno = 0;
  CHECK(getloadavg((long *)1, 3) == -1 && errno == EFAULT, "to a bad address: EFAULT");

  /* procinfo: this process is in the table */
  static struct procinfo pi[200];
  n = procinfo(pi, 200);
  int me = -1;
  for (int i = 0; i < n; i++)
    if (pi[i].pi_pid == getpid()) me = i;
  CHECK(n >= 2 && me >= 0 && pi[me].pi_ppid == getppid() && strcmp(pi[me].pi_comm, "stubs") == 0,
        "procinfo: %d processes, this one among them", n);
  CHECK(procinfo(pi, 1) == 1 && pi[0].pi_pid == 0, "the first record is the swapper's");
  errno = 0;
  CHECK(procinfo((struct procinfo *)1, 10) == -1 && errno == EFAULT, "to a bad address: EFAULT");

  /* sigreturn */
  signal(SIGUSR1, on_usr1);
  raise(SIGUSR1);
  CHECK(handled == 1, "a handler returns through sigreturn (%d)", handled);
  errno = 0;
  CHECK(sigreturn((struct sigcontext *)1) == -1 && errno == EFAULT, "sigreturn of a bad context: EFAULT");
  return DONE("stubs");
}
