/* Small wrappers on the system calls: wait family, isatty, sleep, usleep,
 * gtty/stty, mkfifo, utime. */
#include <errno.h>
#include <sgtty.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

pid_t wait(int *status) { return wait4(-1, status, 0, NULL); }
pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, NULL); }
pid_t wait3(int *status, int options, struct rusage *ru) { return wait4(-1, status, options, ru); }

int isatty(int fd) {
  struct sgttyb sg;
  int saved = errno;
  int r = ioctl(fd, TIOCGETP, &sg) == 0;
  errno = saved;
  return r;
}

/* A named pipe is a special file that anyone may make (SunOS 4's mkfifo(3V)). */
int mkfifo(const char *path, int mode) { return mknod(path, S_IFIFO | (mode & 07777), 0); }

int gtty(int fd, struct sgttyb *sg) { return ioctl(fd, TIOCGETP, sg); }
int stty(int fd, struct sgttyb *sg) { return ioctl(fd, TIOCSETP, sg); }

/* Sleeps with select(2)'s timeout. */
unsigned sleep(unsigned seconds) {
  struct timeval tv;
  tv.tv_sec = (long)seconds;
  tv.tv_usec = 0;
  if (select(0, NULL, NULL, NULL, &tv) < 0) return seconds;
  return 0;
}

/* SunOS's usleep: a select timeout of usec microseconds. */
int usleep(unsigned usec) {
  struct timeval tv;
  tv.tv_sec = (long)(usec / 1000000);
  tv.tv_usec = (long)(usec % 1000000);
  return select(0, NULL, NULL, NULL, &tv) < 0 ? -1 : 0;
}

/* POSIX.1's utime on utimes: whole seconds; NULL is now. */
int utime(const char *path, const struct utimbuf *times) {
  struct timeval tv[2];
  if (times == NULL) return utimes(path, NULL);
  tv[0].tv_sec = times->actime;
  tv[0].tv_usec = 0;
  tv[1].tv_sec = times->modtime;
  tv[1].tv_usec = 0;
  return utimes(path, tv);
}
