/* stubs: the system calls no other test program calls by name — each one's
 * success and its errors. getpagesize; getdirentries (the records, and
 * EBADF, EFAULT, ENOTDIR); getloadavg (three averages, EFAULT); procinfo
 * (this process's record, EFAULT); sigreturn (EFAULT for a context that
 * is not there; the good case is every signal handler's return). Then the
 * errors of the calls whose own tests try only their success (the stub
 * audit, test/userland/stubs.test.ts, asks for one errno check of every
 * call that can fail). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sun3lab.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

int sigreturn(struct sigcontext *scp);

static volatile int handled;
static void on_usr1(int sig) {
  (void)sig;
  handled++;
}

/* The errors of calls that other tests use only as they succeed. */
static void errors(void) {
  struct stat st;
  errno = 0;
  CHECK(dup(99) == -1 && errno == EBADF, "dup of a descriptor not open: EBADF");
  errno = 0;
  CHECK(dup2(99, 5) == -1 && errno == EBADF, "dup2 from a descriptor not open: EBADF");
  errno = 0;
  CHECK(dup2(0, 64) == -1 && errno == EBADF, "dup2 to 64, beyond the table: EBADF");
  errno = 0;
  CHECK(fstat(99, &st) == -1 && errno == EBADF, "fstat of a descriptor not open: EBADF");
  errno = 0;
  CHECK(fstat(0, (struct stat *)1) == -1 && errno == EFAULT, "fstat to a bad address: EFAULT");
  errno = 0;
  CHECK(symlink("/etc/motd", "/etc/passwd") == -1 && errno == EEXIST, "symlink over a name in use: EEXIST");
  errno = 0;
  CHECK(symlink("/etc/motd", "/no/such/dir/link") == -1 && errno == ENOENT, "symlink in no directory: ENOENT");
  errno = 0;
  CHECK(gethostname((char *)1, 64) == -1 && errno == EFAULT, "gethostname to a bad address: EFAULT");
  errno = 0;
  CHECK(setpgrp(29999, 29999) == -1 && errno == ESRCH, "setpgrp of no such process: ESRCH");
  errno = 0;
  CHECK(sigvec(0, NULL, NULL) == -1 && errno == EINVAL, "sigvec of signal 0: EINVAL");
  errno = 0;
  CHECK(sigvec(SIGKILL, &(struct sigvec){SIG_IGN, 0, 0}, NULL) == -1 && errno == EINVAL,
        "sigvec that would catch SIGKILL: EINVAL");
  struct rusage ru;
  errno = 0;
  CHECK(getrusage(5, &ru) == -1 && errno == EINVAL, "getrusage of neither self nor children: EINVAL");
  errno = 0;
  CHECK(getpriority(PRIO_PROCESS, 29999) == -1 && errno == ESRCH, "getpriority of no such process: ESRCH");
  errno = 0;
  CHECK(getpriority(9, 0) == -1 && errno == EINVAL, "getpriority of an unknown kind: EINVAL");
  errno = 0;
  CHECK(sigstack(NULL, (struct sigstack *)1) == -1 && errno == EFAULT, "sigstack to a bad address: EFAULT");

  /* sockets */
  int sv[2];
  errno = 0;
  CHECK(socketpair(AF_INET, SOCK_STREAM, 0, sv) == -1 && errno == EOPNOTSUPP,
        "socketpair of Internet sockets: EOPNOTSUPP");
  errno = 0;
  int *volatile nowhere = (int *)1; /* (volatile: the compiler need not know it is bad) */
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, nowhere) == -1 && errno == EFAULT, "socketpair to a bad address: EFAULT");
  errno = 0;
  CHECK(listen(0, 5) == -1 && errno == ENOTSOCK, "listen on a terminal: ENOTSOCK");
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  errno = 0;
  CHECK(listen(u, 5) == -1 && errno == EOPNOTSUPP, "listen on a datagram socket: EOPNOTSUPP");
  struct sockaddr sa;
  int salen = sizeof(sa);
  errno = 0;
  CHECK(getpeername(u, &sa, &salen) == -1 && errno == ENOTCONN, "getpeername of a socket not connected: ENOTCONN");
  errno = 0;
  CHECK(getsockname(0, &sa, &salen) == -1 && errno == ENOTSOCK, "getsockname of a terminal: ENOTSOCK");
  errno = 0;
  CHECK(getsockname(99, &sa, &salen) == -1 && errno == EBADF, "getsockname of a descriptor not open: EBADF");
  close(u);
  char byte;
  struct iovec iov = {&byte, 1};
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  errno = 0;
  CHECK(sendmsg(0, &msg, 0) == -1 && errno == ENOTSOCK, "sendmsg on a terminal: ENOTSOCK");
  errno = 0;
  CHECK(recvmsg(99, &msg, 0) == -1 && errno == EBADF, "recvmsg on a descriptor not open: EBADF");
  errno = 0;
  CHECK(readv(0, &iov, 17) == -1 && errno == EINVAL, "readv of more than 16 buffers: EINVAL");
  errno = 0;
  CHECK(readv(99, &iov, 1) == -1 && errno == EBADF, "readv of a descriptor not open: EBADF");

  /* the indirect call, and the break */
  CHECK(syscall(SYS_getpid) == getpid(), "syscall(SYS_getpid) is getpid()");
  errno = 0;
  CHECK(syscall(199) == -1 && errno == ENOSYS, "syscall of a number the kernel does not have: ENOSYS");
  char *brk0 = sbrk(0);
  errno = 0;
  CHECK(sbrk(128 * 1024 * 1024) == (void *)-1 && errno == ENOMEM && sbrk(0) == brk0,
        "sbrk past the 64 MB data limit: ENOMEM, the break where it was");
}

int main(void) {
  errors();
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
