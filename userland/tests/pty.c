/* Pseudo-terminals: the masters /dev/ptypN and slaves /dev/ttypN.
 *
 * - A master is opened by one process at a time (EIO for a second open); a
 *   slave whose master is closed cannot be opened (EIO).
 * - What is written to the master is typed at the slave: cooked mode with
 *   erase and ^D, the echo (NL as CR NL) read back from the master; what the
 *   slave writes is read from the master; raw mode passes bytes at once.
 * - select on both sides.
 * - The slave is a full terminal: a process without a controlling terminal
 *   that opens it gets it (/dev/tty works), ^C typed at the master kills
 *   its foreground group, ^Z stops it (and SIGCONT goes on).
 * - The window size set on the master is read on the slave, and SIGWINCH
 *   reaches the foreground group.
 * - Packet mode: a status byte before data, and a flush reported alone.
 * - Flow control: a non-blocking master writer is stopped at TTYHOG
 *   characters nobody has read.
 * - The ends: when the slave's last descriptor closes, the master reads
 *   what was left, then end of file, and its writes fail with EIO; when the
 *   master closes, the slave's group gets SIGHUP, reads return 0 and writes
 *   EIO. A master opened again starts a fresh terminal. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* Read what the master has now (waiting at most 200 ms for the first byte) into buf, NUL-terminated. */
static int drain(int m, char *buf, int size) {
  int total = 0;
  for (;;) {
    fd_set r;
    struct timeval tv = {0, total ? 20000 : 200000};
    FD_ZERO(&r);
    FD_SET(m, &r);
    if (select(m + 1, &r, NULL, NULL, &tv) <= 0) break;
    int n = read(m, buf + total, size - 1 - total);
    if (n <= 0) break;
    total += n;
    if (total >= size - 1) break;
  }
  buf[total] = 0;
  return total;
}

static int readable(int fd, long ms) {
  fd_set r;
  struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
  FD_ZERO(&r);
  FD_SET(fd, &r);
  return select(fd + 1, &r, NULL, NULL, &tv) == 1;
}

static void basics(void) {
  int m = open("/dev/ptyp0", O_RDWR);
  CHECK(m >= 0, "the master /dev/ptyp0 opens (%d, errno %d)", m, errno);
  int m2 = open("/dev/ptyp0", O_RDWR);
  CHECK(m2 < 0 && errno == EIO, "a second open of the master is EIO (%d, errno %d)", m2, errno);
  int lone = open("/dev/ttyp1", O_RDWR);
  CHECK(lone < 0 && errno == EIO, "a slave with no master is EIO (%d, errno %d)", lone, errno);
  int s = open("/dev/ttyp0", O_RDWR | O_NOCTTY);
  CHECK(s >= 0, "the slave /dev/ttyp0 opens (%d, errno %d)", s, errno);
  CHECK(isatty(s) && isatty(m), "both sides are terminals");
  char *name = ttyname(s);
  CHECK(name != NULL && strcmp(name, "/dev/ttyp0") == 0, "ttyname of the slave is /dev/ttyp0 (%s)", name ? name : "null");

  CHECK(!readable(s, 50), "nothing to read on the slave before a line is typed");
  write(m, "hel", 3);
  CHECK(!readable(s, 50), "half a line is not readable in cooked mode");
  write(m, "lx\177o\n", 5);
  CHECK(readable(s, 200), "the slave is readable once the line ends");
  char buf[256];
  int n = read(s, buf, sizeof(buf));
  CHECK(n == 6 && memcmp(buf, "hello\n", 6) == 0, "the slave reads the edited line (%d bytes)", n);
  n = drain(m, buf, sizeof(buf));
  CHECK(n == 11 && memcmp(buf, "hellx\b \bo\r\n", 11) == 0, "the master reads the echo, erase and CR NL (%d: %s)",
        n, buf);
  write(m, "\004", 1);
  n = read(s, buf, sizeof(buf));
  CHECK(n == 0, "^D at the start of a line reads as end of file (%d)", n);

  write(s, "out\n", 4);
  n = drain(m, buf, sizeof(buf));
  CHECK(n == 5 && memcmp(buf, "out\r\n", 5) == 0, "what the slave writes is read from the master, NL as CR NL (%d)", n);
  CHECK(!readable(m, 50), "then the master has nothing to read");

  struct sgttyb sg;
  ioctl(s, TIOCGETP, &sg);
  CHECK((sg.sg_flags & (ECHO | CRMOD)) == (ECHO | CRMOD), "a new slave starts with echo and crmod (%#x)", sg.sg_flags);
  sg.sg_flags = RAW;
  CHECK(ioctl(s, TIOCSETP, &sg) == 0, "the slave goes raw without echo");
  write(m, "ab\r", 3);
  n = read(s, buf, sizeof(buf));
  CHECK(n == 3 && memcmp(buf, "ab\r", 3) == 0, "raw: the bytes come at once, unchanged (%d)", n);
  write(s, "x\n", 2);
  n = drain(m, buf, sizeof(buf));
  CHECK(n == 2 && memcmp(buf, "x\n", 2) == 0, "raw: the output is not mapped, nothing is echoed (%d)", n);

  /* Flow control: at most TTYHOG (256) characters wait for the slave's reader. */
  int on = 1;
  ioctl(m, FIONBIO, &on);
  char big[1000];
  memset(big, 'z', sizeof(big));
  n = write(m, big, sizeof(big));
  CHECK(n > 200 && n <= 256, "a non-blocking master write stops at TTYHOG (%d)", n);
  int n2 = write(m, big, 10);
  CHECK(n2 < 0 && errno == EWOULDBLOCK, "then EWOULDBLOCK (%d, errno %d)", n2, errno);
  fd_set w;
  struct timeval tv = {0, 0};
  FD_ZERO(&w);
  FD_SET(m, &w);
  CHECK(select(m + 1, NULL, &w, NULL, &tv) == 0, "and the master is not writable");
  int total = 0;
  while (total < n && (n2 = read(s, buf, sizeof(buf))) > 0) total += n2;
  CHECK(total == n, "the slave reads them all (%d)", total);
  FD_ZERO(&w);
  FD_SET(m, &w);
  CHECK(select(m + 1, NULL, &w, NULL, &tv) == 1, "then the master is writable again");
  on = 0;
  ioctl(m, FIONBIO, &on);

  /* Packet mode. */
  on = 1;
  CHECK(ioctl(m, TIOCPKT, &on) == 0, "TIOCPKT on the master");
  write(s, "pk", 2);
  n = read(m, buf, sizeof(buf));
  CHECK(n == 3 && buf[0] == TIOCPKT_DATA && memcmp(buf + 1, "pk", 2) == 0, "packet mode: TIOCPKT_DATA, then the data (%d)", n);
  int which = 2; /* FWRITE */
  write(s, "lost", 4);
  ioctl(s, TIOCFLUSH, &which);
  n = read(m, buf, sizeof(buf));
  CHECK(n == 1 && buf[0] == TIOCPKT_FLUSHWRITE, "a flush of the output is one status byte (%d, %#x)", n, buf[0]);
  CHECK(!readable(m, 50), "and the flushed output is gone");
  on = 0;
  ioctl(m, TIOCPKT, &on);

  /* The window size. */
  struct winsize ws = {24, 80, 0, 0}, got;
  CHECK(ioctl(m, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ on the master");
  memset(&got, 0, sizeof(got));
  CHECK(ioctl(s, TIOCGWINSZ, &got) == 0 && got.ws_row == 24 && got.ws_col == 80, "the slave reads 24x80 (%dx%d)",
        got.ws_row, got.ws_col);

  /* The slave's last close: the master reads what is left, then end of file; writes are EIO. */
  write(s, "bye\n", 4);
  close(s);
  n = read(m, buf, sizeof(buf));
  CHECK(n == 4 && memcmp(buf, "bye\n", 4) == 0, "after the slave's last close the master still reads its output (%d)", n);
  n = read(m, buf, sizeof(buf));
  CHECK(n == 0, "then end of file (%d)", n);
  n = write(m, "x", 1);
  CHECK(n < 0 && errno == EIO, "and a master write is EIO (%d, errno %d)", n, errno);
  close(m);

  /* Opened again: a fresh terminal. */
  m = open("/dev/ptyp0", O_RDWR);
  s = open("/dev/ttyp0", O_RDWR | O_NOCTTY);
  ioctl(s, TIOCGETP, &sg);
  CHECK(m >= 0 && s >= 0 && (sg.sg_flags & (ECHO | CRMOD | RAW)) == (ECHO | CRMOD), "opened again, the pair starts afresh (%#x)",
        sg.sg_flags);
  close(m);
  n = read(s, buf, sizeof(buf));
  CHECK(n == 0, "the master closed: the slave reads end of file (%d)", n);
  n = write(s, "x", 1);
  CHECK(n < 0 && errno == EIO, "and a slave write is EIO (%d, errno %d)", n, errno);
  close(s);
}

static volatile int got_winch, got_hup;
static void on_winch(int sig) { (void)sig, got_winch++; }
static void on_hup(int sig) { (void)sig, got_hup++; }

/* A session on the slave: give up the controlling terminal, open the slave (which becomes it),
 * report on the pipe, then sleep reading it. Returns through exit. */
static void session(int m, int report, const char *what) {
  int t = open("/dev/tty", O_RDWR);
  if (t >= 0) {
    ioctl(t, TIOCNOTTY, 0);
    close(t);
  }
  close(m);
  signal(SIGWINCH, on_winch);
  signal(SIGHUP, on_hup);
  int s = open("/dev/ttyp2", O_RDWR);
  int ctty = open("/dev/tty", O_RDWR);
  int pg = -1;
  ioctl(s, TIOCGPGRP, &pg);
  char line[64];
  snprintf(line, sizeof(line), "%d %d %d\n", s >= 0, ctty >= 0, pg == getpgrp());
  write(report, line, strlen(line));
  if (strcmp(what, "read") == 0) {
    char buf[64];
    for (;;) {
      int n = read(s, buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue; /* SIGWINCH, SIGHUP */
      if (n <= 0) break;
    }
    snprintf(line, sizeof(line), "winch %d hup %d\n", got_winch, got_hup);
    write(report, line, strlen(line));
    _exit(0);
  }
  for (;;) pause();
}

static void job_control(void) {
  int m = open("/dev/ptyp2", O_RDWR);
  int p[2];
  pipe(p);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    session(m, p[1], "pause");
  }
  char buf[128];
  int n = read(p[0], buf, sizeof(buf) - 1);
  buf[n > 0 ? n : 0] = 0;
  CHECK(strcmp(buf, "1 1 1\n") == 0, "a process without a terminal opens the slave: it is its /dev/tty, its group the foreground (%s)",
        buf);
  write(m, "\032", 1); /* ^Z */
  int st = 0;
  pid_t w = wait4(pid, &st, WUNTRACED, NULL);
  CHECK(w == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "^Z typed at the master stops it (%#x)", st);
  kill(pid, SIGCONT);
  msleep(50);
  write(m, "\003", 1); /* ^C */
  w = wait4(pid, &st, 0, NULL);
  CHECK(w == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT, "^C typed at the master kills it (%#x)", st);
  close(m);

  /* SIGWINCH, and SIGHUP when the master closes while the slave is being read. */
  m = open("/dev/ptyp2", O_RDWR);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    close(p[0]);
    signal(SIGHUP, SIG_IGN);
    session(m, p[1], "read");
  }
  n = read(p[0], buf, sizeof(buf) - 1);
  struct winsize ws = {30, 100, 0, 0};
  msleep(50);
  ioctl(m, TIOCSWINSZ, &ws);
  msleep(50);
  ioctl(m, TIOCSWINSZ, &ws); /* the same size again: no signal */
  msleep(50);
  close(m);
  n = read(p[0], buf, sizeof(buf) - 1);
  buf[n > 0 ? n : 0] = 0;
  CHECK(strcmp(buf, "winch 1 hup 1\n") == 0,
        "a new window size is one SIGWINCH; the master's close is SIGHUP and end of file (%s)", buf);
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the reader ended its loop (%#x)", st);
  close(p[0]);
  close(p[1]);
}

int main(void) {
  not_process_1();
  basics();
  job_control();
  return DONE("pty");
}
