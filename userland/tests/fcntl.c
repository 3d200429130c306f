/* fcntl and the descriptor table.
 *
 * getdtablesize is the number of descriptors a process can have open;
 * F_DUPFD gives the lowest free one at or above its argument, EINVAL for an
 * argument outside the table; F_GETFD/F_SETFD is the close-on-exec flag,
 * which execve honours (checked by exec'ing this program again); F_GETFL
 * reports the open mode and F_SETFL sets O_APPEND and the non-blocking
 * modes: O_NDELAY (EWOULDBLOCK), O_NONBLOCK (EAGAIN), on pipes and on the
 * console; FIONBIO is O_NDELAY by ioctl. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tests/check.h"

/* Run again by execve: argv[2] must be closed (close-on-exec), argv[3] open. */
static int after_exec(char **argv) {
  int closed = atoi(argv[2]), kept = atoi(argv[3]);
  int bad = 0;
  errno = 0;
  if (fcntl(closed, F_GETFD, 0) != -1 || errno != EBADF) bad |= 1;
  if (fcntl(kept, F_GETFD, 0) != 0) bad |= 2;
  return bad;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "-x") == 0) return after_exec(argv);

  /* 1. The table size, and filling it. */
  int size = getdtablesize();
  CHECK(size == 64, "getdtablesize() = %d", size);
  int open_before = 0;
  for (int fd = 0; fd < size; fd++)
    if (fcntl(fd, F_GETFD, 0) >= 0) open_before++;
  int opened[64], n = 0;
  for (;;) {
    int fd = open("/dev/null", O_RDONLY, 0);
    if (fd < 0) break;
    if (n < 64) opened[n++] = fd;
  }
  CHECK(errno == EMFILE && open_before + n == size, "open until EMFILE: %d + %d descriptors (errno %d)",
        open_before, n, errno);
  for (int i = 0; i < n; i++) close(opened[i]);
  errno = 0;
  int r = dup2(0, size);
  CHECK(r == -1 && errno == EBADF, "dup2 to getdtablesize(): %d, errno %d (EBADF)", r, errno);

  /* 2. F_DUPFD. */
  int fd = fcntl(1, F_DUPFD, 10);
  CHECK(fd >= 10, "F_DUPFD 10 gives %d", fd);
  CHECK(fcntl(fd, F_GETFD, 0) == 0, "a duplicate starts without close-on-exec");
  close(fd);
  errno = 0;
  r = fcntl(1, F_DUPFD, -1);
  CHECK(r == -1 && errno == EINVAL, "F_DUPFD -1: %d, errno %d (EINVAL)", r, errno);
  errno = 0;
  r = fcntl(1, F_DUPFD, size);
  CHECK(r == -1 && errno == EINVAL, "F_DUPFD getdtablesize(): %d, errno %d (EINVAL)", r, errno);
  errno = 0;
  r = fcntl(1, F_DUPFD, 1000000);
  CHECK(r == -1 && errno == EINVAL, "F_DUPFD 1000000: %d, errno %d (EINVAL)", r, errno);
  dup2(1, size - 1);
  errno = 0;
  r = fcntl(1, F_DUPFD, size - 1);
  CHECK(r == -1 && errno == EMFILE, "F_DUPFD with the rest of the table in use: %d, errno %d (EMFILE)", r, errno);
  close(size - 1);
  errno = 0;
  r = fcntl(size - 1, F_GETFD, 0);
  CHECK(r == -1 && errno == EBADF, "nothing stored under a bogus descriptor (F_GETFD: %d, errno %d)", r, errno);

  /* 3. Close-on-exec. */
  int a = open("/dev/null", O_RDONLY, 0), b = open("/dev/null", O_RDONLY, 0);
  r = fcntl(a, F_SETFD, FD_CLOEXEC);
  CHECK(r == 0 && fcntl(a, F_GETFD, 0) == FD_CLOEXEC && fcntl(b, F_GETFD, 0) == 0, "F_SETFD / F_GETFD");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char as[12], bs[12];
    snprintf(as, sizeof(as), "%d", a);
    snprintf(bs, sizeof(bs), "%d", b);
    execl("/tests/fcntl", "fcntl", "-x", as, bs, (char *)0);
    _exit(99);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "execve closed the close-on-exec descriptor, kept the other (exit %d)",
        WEXITSTATUS(st));
  close(a);
  close(b);

  /* 4. F_GETFL: the open mode. */
  int p[2];
  pipe(p);
  int devnull = open("/dev/null", O_RDWR, 0);
  CHECK((fcntl(p[0], F_GETFL, 0) & O_ACCMODE) == O_RDONLY && (fcntl(p[1], F_GETFL, 0) & O_ACCMODE) == O_WRONLY &&
            (fcntl(devnull, F_GETFL, 0) & O_ACCMODE) == O_RDWR,
        "F_GETFL: read end O_RDONLY, write end O_WRONLY, /dev/null O_RDWR");
  close(devnull);
  devnull = open("/dev/null", O_RDONLY | O_NONBLOCK, 0);
  CHECK((fcntl(devnull, F_GETFL, 0) & O_NONBLOCK) != 0, "open with O_NONBLOCK: F_GETFL has it (%#x)",
        fcntl(devnull, F_GETFL, 0));
  close(devnull);

  /* 5. Non-blocking pipes. */
  char c, buf[5000];
  r = fcntl(p[0], F_SETFL, O_NONBLOCK);
  CHECK(r == 0 && (fcntl(p[0], F_GETFL, 0) & (O_NONBLOCK | O_NDELAY)) == O_NONBLOCK, "F_SETFL O_NONBLOCK (F_GETFL %#x)",
        fcntl(p[0], F_GETFL, 0));
  errno = 0;
  r = read(p[0], &c, 1);
  CHECK(r == -1 && errno == EAGAIN, "O_NONBLOCK read of an empty pipe: %d, errno %d (EAGAIN)", r, errno);
  fcntl(p[0], F_SETFL, O_NDELAY);
  errno = 0;
  r = read(p[0], &c, 1);
  CHECK(r == -1 && errno == EWOULDBLOCK, "O_NDELAY: %d, errno %d (EWOULDBLOCK)", r, errno);
  fcntl(p[0], F_SETFL, 0);
  CHECK((fcntl(p[0], F_GETFL, 0) & (O_NONBLOCK | O_NDELAY)) == 0, "F_SETFL 0 clears them");
  int on = 1;
  r = ioctl(p[0], FIONBIO, &on);
  errno = 0;
  int r2 = read(p[0], &c, 1);
  CHECK(r == 0 && r2 == -1 && errno == EWOULDBLOCK && (fcntl(p[0], F_GETFL, 0) & O_NDELAY),
        "FIONBIO on: %d, read %d, errno %d", r, r2, errno);
  on = 0;
  ioctl(p[0], FIONBIO, &on);
  CHECK((fcntl(p[0], F_GETFL, 0) & O_NDELAY) == 0, "FIONBIO off");

  fcntl(p[1], F_SETFL, O_NONBLOCK);
  memset(buf, 'x', sizeof(buf));
  r = write(p[1], buf, 4096);
  CHECK(r == 4096, "fill the pipe: %d", r);
  errno = 0;
  r = write(p[1], buf, 1);
  CHECK(r == -1 && errno == EAGAIN, "O_NONBLOCK write to a full pipe: %d, errno %d (EAGAIN)", r, errno);
  read(p[0], buf, 100);
  errno = 0;
  r = write(p[1], buf, 200);
  CHECK(r == -1 && errno == EAGAIN, "200 bytes (<= PIPE_BUF) into 100 free: all or nothing, %d errno %d", r, errno);
  r = write(p[1], buf, 5000);
  CHECK(r == 100, "5000 bytes (> PIPE_BUF) into 100 free: %d written", r);
  close(p[0]);
  close(p[1]);

  /* 6. O_APPEND. */
  const char *tmp = "/tmp/fcntl.tmp";
  fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0644);
  write(fd, "abc", 3);
  lseek(fd, 0, SEEK_SET);
  r = fcntl(fd, F_SETFL, O_APPEND);
  write(fd, "de", 2);
  struct stat sb;
  fstat(fd, &sb);
  lseek(fd, 0, SEEK_SET);
  memset(buf, 0, 8);
  read(fd, buf, 8);
  CHECK(r == 0 && (fcntl(fd, F_GETFL, 0) & O_APPEND) && sb.st_size == 5 && strcmp(buf, "abcde") == 0,
        "F_SETFL O_APPEND: writes go to the end (size %ld, \"%s\")", (long)sb.st_size, buf);
  close(fd);
  unlink(tmp);

  /* 7. The console (descriptors 0 and 1 share one open file with the shell: put the flags back). */
  int fl = fcntl(0, F_GETFL, 0);
  fcntl(0, F_SETFL, fl | O_NDELAY);
  errno = 0;
  r = read(0, &c, 1);
  int e1 = errno;
  fcntl(0, F_SETFL, fl | O_NONBLOCK);
  errno = 0;
  r2 = read(0, &c, 1);
  int e2 = errno;
  fcntl(0, F_SETFL, fl);
  CHECK(r == -1 && e1 == EWOULDBLOCK, "console read with O_NDELAY and no input: %d, errno %d (EWOULDBLOCK)", r, e1);
  CHECK(r2 == -1 && e2 == EAGAIN, "console read with O_NONBLOCK: %d, errno %d (EAGAIN)", r2, e2);
  fflush(stdout);
  int out = open("/dev/console", O_WRONLY | O_NDELAY, 0);
  memset(buf, ' ', sizeof(buf));
  errno = 0;
  r = write(out, buf, sizeof(buf));
  int e3 = errno;
  write(1, "\n", 1);
  CHECK((r > 0 && r < (int)sizeof(buf)) || (r == -1 && e3 == EWOULDBLOCK),
        "console write of 5000 bytes with O_NDELAY takes what fits (%d, errno %d)", r, e3);
  close(out);
  return DONE("fcntl");
}
