/* Named pipes (mkfifo, mknod S_IFIFO): a FIFO is a file that processes
 * open by name and then use as a pipe. Opening it for reading waits for a
 * writer and for writing waits for a reader (with O_NDELAY: at once, and
 * ENXIO for a writer with no reader); for reading and writing it never
 * waits. The data pass through the kernel only (the file stays empty, and
 * what is left when the last one closes it is gone); lseek is ESPIPE and
 * fstat says S_IFIFO with what the pipe holds as the size. A wait in open
 * can be interrupted by a signal (EINTR). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define FIFO "/tmp/fifo.test"

static void on_alarm(int sig) { (void)sig; }

/* A child that opens the FIFO with `flags` after `ms` milliseconds and
 * writes `text` (if it opened it for writing) or reads and exits with the
 * byte count (for reading). */
static pid_t peer(int flags, long ms, const char *text) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char buf[64];
    msleep(ms);
    int fd = open(FIFO, flags);
    if (fd < 0) _exit(100);
    if ((flags & 3) == O_WRONLY) _exit(write(fd, text, strlen(text)) == (int)strlen(text) ? 0 : 101);
    int n = read(fd, buf, sizeof(buf));
    _exit(n < 0 ? 102 : n);
  }
  return pid;
}

static int status_of(pid_t pid) {
  int st = -1;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void) {
  struct stat sb;
  char buf[64];
  int fd, n;

  unlink(FIFO);
  umask(022);
  CHECK(mkfifo(FIFO, 0666) == 0, "mkfifo makes " FIFO);
  CHECK(stat(FIFO, &sb) == 0 && S_ISFIFO(sb.st_mode) && (sb.st_mode & 07777) == 0644 && sb.st_size == 0,
        "it is a FIFO, mode 0644 (umask 022), size 0");

  /* A reader waits for the writer, then reads its data and end of file. */
  long t0 = now_ms();
  pid_t w = peer(O_WRONLY, 300, "hello");
  fd = open(FIFO, O_RDONLY);
  CHECK(fd >= 0 && now_ms() - t0 >= 250, "open for reading waits for a writer (%ld ms)", now_ms() - t0);
  n = read(fd, buf, sizeof(buf));
  CHECK(n == 5 && memcmp(buf, "hello", 5) == 0, "the reader gets the writer's data (%d bytes)", n);
  CHECK(read(fd, buf, sizeof(buf)) == 0, "then end of file, once the writer has closed it");
  CHECK(status_of(w) == 0, "the writer wrote it all");
  close(fd);

  /* A writer waits for the reader. */
  t0 = now_ms();
  pid_t r = peer(O_RDONLY, 300, NULL);
  fd = open(FIFO, O_WRONLY);
  CHECK(fd >= 0 && now_ms() - t0 >= 250, "open for writing waits for a reader (%ld ms)", now_ms() - t0);
  CHECK(write(fd, "abc", 3) == 3, "the writer writes");
  close(fd);
  CHECK(status_of(r) == 3, "the reader reads the 3 bytes");

  /* O_NDELAY: a writer with no reader is ENXIO, a reader does not wait. */
  errno = 0;
  CHECK(open(FIFO, O_WRONLY | O_NDELAY) < 0 && errno == ENXIO, "O_WRONLY|O_NDELAY with no reader: ENXIO");
  fd = open(FIFO, O_RDONLY | O_NDELAY);
  CHECK(fd >= 0, "O_RDONLY|O_NDELAY with no writer opens at once");
  CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == 0, "and reads end of file while there is no writer");
  close(fd);

  /* O_RDWR never waits; the pipe is the file's, shared by every open. */
  fd = open(FIFO, O_RDWR);
  CHECK(fd >= 0, "O_RDWR opens at once");
  int fd2 = open(FIFO, O_RDONLY);
  CHECK(fd2 >= 0, "a second open for reading finds the writer there");
  CHECK(write(fd, "xyz", 3) == 3 && fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode) && sb.st_size == 3,
        "fstat: S_IFIFO, and the size is what the pipe holds (%ld)", (long)sb.st_size);
  errno = 0;
  CHECK(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE, "lseek: ESPIPE");
  n = read(fd2, buf, sizeof(buf));
  CHECK(n == 3 && memcmp(buf, "xyz", 3) == 0, "what one open wrote, another reads");
  CHECK(write(fd, "left", 4) == 4, "write data nobody reads");
  close(fd2);
  close(fd);
  CHECK(stat(FIFO, &sb) == 0 && sb.st_size == 0, "the file itself stays empty");
  fd = open(FIFO, O_RDWR | O_NDELAY);
  errno = 0;
  CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) < 0 && errno == EWOULDBLOCK,
        "what was left when the last one closed it is gone");
  close(fd);

  /* A signal interrupts the wait in open. */
  signal(SIGALRM, on_alarm);
  alarm(1);
  errno = 0;
  fd = open(FIFO, O_RDONLY);
  CHECK(fd < 0 && errno == EINTR, "a signal interrupts open's wait: EINTR");
  if (fd >= 0) close(fd);

  CHECK(unlink(FIFO) == 0, "unlink removes it");
  return DONE("fifo");
}
