/* Job control in the kernel: stopping and continuing, the controlling terminal.
 *
 * - SIGSTOP to a child asleep reading a pipe stops it where it sleeps;
 *   wait4(WUNTRACED) reports the stop once; data written while it is stopped
 *   waits for it; after SIGCONT its read goes on and returns the data — no
 *   EINTR, because a stop is not a signal the program sees. The same for
 *   SIGTSTP left at its default, and for a SIGCONT with no data yet.
 * - SIGKILL ends a stopped process.
 * - A process reading its controlling terminal from the background is
 *   stopped by SIGTTIN (before it sleeps); if it ignores or blocks SIGTTIN
 *   the read fails with EIO instead. Once its group is made the terminal's
 *   foreground group and it is continued, the read goes on.
 * - wait4(WUNTRACED) into a bad status pointer fails with EFAULT and does
 *   not use up the report of the stop.
 * - /dev/tty is the controlling terminal; TIOCNOTTY gives it up (process
 *   group 0, /dev/tty then ENXIO, no more SIGTTIN); opening a terminal again
 *   makes it the controlling terminal, unless O_NOCTTY. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* The process group of the caller. */
static int mypgrp(void) { return getpgrp(); }

/* A child that reads 5 bytes from fd: exit 0 if it got "hello", 2 on EINTR, 3 otherwise. */
static pid_t reader(int fds[2]) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char buf[8];
    close(fds[1]);
    int n = read(fds[0], buf, 5);
    if (n == 5 && memcmp(buf, "hello", 5) == 0) _exit(0);
    _exit(n < 0 && errno == EINTR ? 2 : 3);
  }
  return pid;
}

static void stop_and_continue(int stopsig, int write_while_stopped) {
  int fds[2];
  pipe(fds);
  pid_t pid = reader(fds);
  close(fds[0]);
  msleep(100);
  kill(pid, stopsig);
  int st = 0;
  pid_t w = wait4(pid, &st, WUNTRACED, NULL);
  CHECK(w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == stopsig, "signal %d stops the sleeping reader (status %#x)",
        stopsig, st);
  w = wait4(pid, &st, WUNTRACED | WNOHANG, NULL);
  CHECK(w == 0, "the stop is reported once (%d)", w);
  if (write_while_stopped) {
    write(fds[1], "hello", 5);
    msleep(100);
    w = wait4(pid, &st, WNOHANG, NULL);
    CHECK(w == 0, "data written while stopped: it stays stopped (%d)", w);
  }
  kill(pid, SIGCONT);
  msleep(100);
  if (!write_while_stopped) {
    w = wait4(pid, &st, WNOHANG, NULL);
    CHECK(w == 0, "continued, it reads on (no EINTR: %d, status %#x)", w, st);
    write(fds[1], "hello", 5);
  }
  w = waitpid(pid, &st, 0);
  CHECK(w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "its read returned the data (exit %d, status %#x)",
        WEXITSTATUS(st), st);
  close(fds[1]);
}

/* A child in a process group of its own (so in the background) reading /dev/tty:
 * mode 0: SIGTTIN ignored, 1: blocked, 2: default, non-blocking descriptor. */
static pid_t bg_reader(int mode) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    setpgrp(0, getpid());
    if (mode == 0) signal(SIGTTIN, SIG_IGN);
    if (mode == 1) sigblock(sigmask(SIGTTIN));
    if (mode == 2) signal(SIGTTIN, SIG_DFL);
    int fd = open("/dev/tty", O_RDWR, 0);
    if (fd < 0) _exit(10);
    if (mode == 2) fcntl(fd, F_SETFL, O_NDELAY);
    char c;
    int n = read(fd, &c, 1);
    if (n < 0 && errno == EIO) _exit(20);
    if (n < 0 && errno == EWOULDBLOCK) _exit(21);
    _exit(22);
  }
  setpgrp(pid, pid);
  return pid;
}

int main(void) {
  not_process_1(); /* this test stops some of its children */

  /* 1. Stopped and continued while asleep in read. */
  stop_and_continue(SIGSTOP, 1);
  stop_and_continue(SIGSTOP, 0);
  stop_and_continue(SIGTSTP, 0);

  /* 2. SIGKILL ends a stopped process. */
  int fds[2], st;
  pipe(fds);
  pid_t pid = reader(fds);
  close(fds[0]);
  msleep(50);
  kill(pid, SIGSTOP);
  wait4(pid, &st, WUNTRACED, NULL);
  kill(pid, SIGKILL);
  pid_t w = waitpid(pid, &st, 0);
  CHECK(w == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL ends a stopped process (status %#x)", st);
  close(fds[1]);

  /* wait4(WUNTRACED) with a bad status pointer: EFAULT, and the stop is
   * still there to report to the next wait4. */
  pipe(fds);
  pid = reader(fds);
  close(fds[0]);
  msleep(50);
  kill(pid, SIGSTOP);
  msleep(50);
  errno = 0;
  w = wait4(pid, (int *)4, WUNTRACED, NULL);
  CHECK(w == -1 && errno == EFAULT, "wait4(WUNTRACED) into a bad pointer: EFAULT (%d, errno %d)", w, errno);
  w = wait4(pid, &st, WUNTRACED, NULL);
  CHECK(w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "the stop is still reported afterwards (status %#x)",
        st);
  kill(pid, SIGKILL);
  waitpid(pid, &st, 0);
  close(fds[1]);

  /* 3. Background readers of the terminal. */
  int fg = -1;
  int r = ioctl(0, TIOCGPGRP, &fg);
  CHECK(r == 0 && fg == mypgrp(), "we are in the terminal's foreground group (%d, ours %d)", fg, mypgrp());
  pid = bg_reader(0);
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 20, "SIGTTIN ignored: the background read fails with EIO (exit %d)",
        WEXITSTATUS(st));
  pid = bg_reader(1);
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 20, "SIGTTIN blocked: EIO (exit %d)", WEXITSTATUS(st));
  pid = bg_reader(2);
  w = wait4(pid, &st, WUNTRACED, NULL);
  CHECK(w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN, "SIGTTIN stops a background reader (status %#x)", st);
  int kid = pid;
  r = ioctl(0, TIOCSPGRP, &kid);
  kill(pid, SIGCONT);
  w = waitpid(pid, &st, 0);
  /* Taking the terminal back from the background, as a shell does: with
   * SIGTTOU ignored, else the kernel would stop us for it. */
  void (*old_ttou)(int) = signal(SIGTTOU, SIG_IGN);
  ioctl(0, TIOCSPGRP, &fg);
  signal(SIGTTOU, old_ttou);
  CHECK(r == 0 && w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 21,
        "made foreground and continued, its read goes on (EWOULDBLOCK: exit %d, status %#x)", WEXITSTATUS(st), st);

  /* 4. /dev/tty and TIOCNOTTY. */
  int fd = open("/dev/tty", O_RDWR, 0);
  CHECK(fd >= 0, "open /dev/tty (%s)", fd < 0 ? strerror(errno) : "ok");
  if (fd >= 0) {
    int g = -1;
    r = ioctl(fd, TIOCGPGRP, &g);
    CHECK(r == 0 && g == fg, "/dev/tty is the console (its group %d)", g);
    close(fd);
  }
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    int bad = 0;
    setpgrp(0, getpid()); /* in the background, */
    int t = open("/dev/tty", O_RDWR, 0);
    if (t < 0 || ioctl(t, TIOCNOTTY, 0) != 0) bad |= 1;
    close(t);
    if (mypgrp() != 0) bad |= 2; /* 4.3BSD: no process group */
    errno = 0;
    if (open("/dev/tty", O_RDWR, 0) != -1 || errno != ENXIO) bad |= 4;
    /* without a controlling terminal no SIGTTIN: a non-blocking read of the console just finds nothing */
    int c = open("/dev/console", O_RDWR | O_NOCTTY | O_NDELAY, 0);
    char ch;
    if (c < 0 || read(c, &ch, 1) != -1 || errno != EWOULDBLOCK) bad |= 8;
    if (open("/dev/tty", O_RDWR, 0) != -1) bad |= 16; /* O_NOCTTY: still none */
    close(c);
    c = open("/dev/console", O_RDWR, 0); /* now it is the controlling terminal again */
    if (c < 0 || open("/dev/tty", O_RDWR, 0) < 0) bad |= 32;
    if (mypgrp() != fg) bad |= 64; /* and we joined its foreground group */
    _exit(bad);
  }
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
        "TIOCNOTTY: group 0, /dev/tty ENXIO, no SIGTTIN; reopening the console makes it the controlling terminal "
        "(failures %#x)",
        WEXITSTATUS(st));
  return DONE("jobctl");
}
