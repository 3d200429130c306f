/* termios: the POSIX terminal interface on the console (SunOS 4.1's).
 *
 * The modes the console starts with; tcsetattr and tcgetattr agree, and so
 * do the old interfaces (TIOCGETP, TIOCGETC, TIOCGLTC, the local word);
 * the speeds (cfget/cfset*speed); input processing, fed with TIOCSTI as if
 * typed: canonical editing (erase, kill, word erase, literal next, end of
 * file, ICRNL), non-canonical reads with VMIN and VTIME, ISIG (^C sends
 * SIGINT, and nothing when ISIG is off); tcflush, tcflow, tcdrain,
 * TIOCOUTQ; the window size and SIGWINCH; the errors (EINVAL, ENOTTY). The
 * modes are put back at the end. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

static void type(const char *s) {
  for (; *s; s++) ioctl(0, TIOCSTI, s);
}

/* One read of the console, NUL-terminated. */
static int get(char *buf, int size) {
  int n = read(0, buf, size - 1);
  buf[n > 0 ? n : 0] = 0;
  return n;
}

static volatile int intr, winch;
static void on_int(int sig) {
  (void)sig;
  intr++;
}
static void on_winch(int sig) {
  (void)sig;
  winch++;
}

int main(void) {
  struct termios saved, t;
  char buf[64];
  CHECK(tcgetattr(0, &saved) == 0, "tcgetattr on the console");
  CHECK((saved.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG) && (saved.c_iflag & ICRNL) &&
            (saved.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR),
        "it starts canonical, echoing, with signals, CR to NL in and NL to CR NL out");
  CHECK(saved.c_cc[VERASE] == 0177 && saved.c_cc[VKILL] == 025 && saved.c_cc[VINTR] == 3 && saved.c_cc[VEOF] == 4 &&
            saved.c_cc[VSUSP] == 032,
        "erase DEL, kill ^U, intr ^C, eof ^D, susp ^Z");
  CHECK(cfgetospeed(&saved) == B38400 && cfgetispeed(&saved) == B38400, "38400 baud (the console's default speed)");

  /* set and get back; the old interface sees the change */
  t = saved;
  t.c_lflag &= ~ECHO;
  t.c_cc[VERASE] = 'X';
  CHECK(tcsetattr(0, TCSANOW, &t) == 0, "tcsetattr TCSANOW");
  struct termios u;
  tcgetattr(0, &u);
  CHECK(!(u.c_lflag & ECHO) && u.c_cc[VERASE] == 'X', "what was set reads back");
  struct sgttyb sg;
  ioctl(0, TIOCGETP, &sg);
  CHECK(!(sg.sg_flags & ECHO) && (sg.sg_flags & CRMOD) && sg.sg_erase == 'X', "TIOCGETP agrees (%#x, %c)",
        sg.sg_flags, sg.sg_erase);
  sg.sg_flags |= CBREAK;
  ioctl(0, TIOCSETN, &sg);
  tcgetattr(0, &u);
  CHECK(!(u.c_lflag & ICANON) && (u.c_lflag & ISIG) && u.c_cc[VMIN] == 1 && u.c_cc[VTIME] == 0,
        "CBREAK through TIOCSETN is ICANON off, ISIG on, VMIN 1, VTIME 0");
  sg.sg_flags &= ~CBREAK;
  ioctl(0, TIOCSETN, &sg);
  tcgetattr(0, &u);
  CHECK((u.c_lflag & ICANON) && u.c_cc[VEOF] == 4, "back to cooked: ^D is the end-of-file character again");
  struct tchars tc;
  struct ltchars lc;
  ioctl(0, TIOCGETC, &tc);
  ioctl(0, TIOCGLTC, &lc);
  CHECK(tc.t_intrc == 3 && tc.t_eofc == 4 && lc.t_suspc == 032 && lc.t_werasc == 027 && lc.t_lnextc == 026,
        "tchars and ltchars");
  int local;
  ioctl(0, TIOCLGET, &local);
  CHECK((local & LCTLECH) && !(local & LTOSTOP), "the local word: LCTLECH, no LTOSTOP (%#x)", local);
  t.c_lflag |= TOSTOP;
  tcsetattr(0, TCSANOW, &t);
  ioctl(0, TIOCLGET, &local);
  CHECK(local & LTOSTOP, "TOSTOP is LTOSTOP (%#x)", local);
  t.c_lflag &= ~TOSTOP;

  /* speeds */
  CHECK(cfsetospeed(&t, B1200) == 0 && cfgetospeed(&t) == B1200 && cfgetispeed(&t) == B1200,
        "cfsetospeed; the input speed follows");
  CHECK(cfsetispeed(&t, B300) == 0 && cfgetispeed(&t) == B300 && cfgetospeed(&t) == B1200, "cfsetispeed");
  errno = 0;
  CHECK(cfsetospeed(&t, 99) == -1 && errno == EINVAL, "a speed that does not exist: EINVAL");
  cfsetospeed(&t, B9600);
  cfsetispeed(&t, 0);

  /* canonical input, typed with TIOCSTI (no echo) */
  t.c_lflag &= ~ECHO;
  t.c_cc[VERASE] = 0177;
  tcsetattr(0, TCSAFLUSH, &t);
  type("abcd\177\177x\r");
  CHECK(get(buf, sizeof(buf)) == 4 && strcmp(buf, "abx\n") == 0, "erase, and CR read as NL: \"%s\"", buf);
  type("junk\025ok\n");
  CHECK(get(buf, sizeof(buf)) == 3 && strcmp(buf, "ok\n") == 0, "kill: \"%s\"", buf);
  type("one two\027three\n");
  CHECK(get(buf, sizeof(buf)) == 10 && strcmp(buf, "one three\n") == 0, "word erase: \"%s\"", buf);
  type("a\026\177b\n");
  CHECK(get(buf, sizeof(buf)) == 4 && strcmp(buf, "a\177b\n") == 0, "literal next: a DEL kept");
  type("end\004");
  CHECK(get(buf, sizeof(buf)) == 3 && strcmp(buf, "end") == 0, "^D ends a read without a newline");
  type("\004");
  CHECK(get(buf, sizeof(buf)) == 0, "^D alone reads as the end of file");
  type("long line\n");
  CHECK(read(0, buf, 4) == 4 && get(buf, sizeof(buf)) == 6 && strcmp(buf, " line\n") == 0,
        "a read takes part of a line; the next one the rest");
  int nread;
  type("ready\n");
  CHECK(ioctl(0, FIONREAD, &nread) == 0 && nread == 6, "FIONREAD: %d", nread);
  CHECK(tcflush(0, TCIFLUSH) == 0 && ioctl(0, FIONREAD, &nread) == 0 && nread == 0, "tcflush(TCIFLUSH): %d", nread);

  /* non-canonical: VMIN and VTIME */
  t.c_lflag &= ~ICANON;
  t.c_cc[VMIN] = 3;
  t.c_cc[VTIME] = 0;
  tcsetattr(0, TCSANOW, &t);
  type("xyzw");
  CHECK(get(buf, sizeof(buf)) == 4 && strcmp(buf, "xyzw") == 0, "VMIN 3: what is there, 4 bytes");
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 5;
  tcsetattr(0, TCSANOW, &t);
  long t0 = now_ms();
  int n = get(buf, sizeof(buf));
  long took = now_ms() - t0;
  CHECK(n == 0 && took >= 480 && took <= 530, "VMIN 0, VTIME 5: nothing after half a second (%d, %ld ms)", n, took);
  type("q");
  CHECK(get(buf, sizeof(buf)) == 1 && buf[0] == 'q', "and a byte at once when there is one");
  t.c_cc[VTIME] = 0;
  tcsetattr(0, TCSANOW, &t);
  CHECK(get(buf, sizeof(buf)) == 0, "VMIN 0, VTIME 0: a poll");
  t.c_iflag &= ~ICRNL;
  tcsetattr(0, TCSANOW, &t);
  type("\r");
  CHECK(get(buf, sizeof(buf)) == 1 && buf[0] == '\r', "without ICRNL, CR stays CR");

  /* signals from the keyboard: to this process's own group, made the
   * foreground one (SIGTTOU held, as a shell does it), not to its parent's;
   * the output drained first, since ^C flushes what is still queued. */
  int parent_group = tcgetpgrp(0);
  setpgid(0, 0);
  int held = sigblock(sigmask(SIGTTOU));
  tcsetpgrp(0, getpgrp());
  tcdrain(1);
  signal(SIGINT, on_int);
  type("\003");
  CHECK(intr == 1, "^C sends SIGINT to the foreground group (%d)", intr);
  t.c_lflag &= ~ISIG;
  t.c_cc[VMIN] = 1;
  tcsetattr(0, TCSANOW, &t);
  type("\003");
  CHECK(intr == 1 && get(buf, sizeof(buf)) == 1 && buf[0] == 3, "without ISIG it is a byte like any other");
  signal(SIGINT, SIG_DFL);

  /* output: TIOCOUTQ, tcdrain, tcflow, tcsendbreak */
  tcsetattr(0, TCSANOW, &saved);
  write(1, "                                                  \r", 51);
  int outq = -1;
  ioctl(1, TIOCOUTQ, &outq);
  CHECK(outq > 0, "TIOCOUTQ while output waits: %d", outq);
  CHECK(tcdrain(1) == 0 && ioctl(1, TIOCOUTQ, &outq) == 0 && outq == 0, "tcdrain waits until it has gone (%d)", outq);
  CHECK(tcflow(1, TCOOFF) == 0 && tcflow(1, TCOON) == 0, "tcflow TCOOFF, TCOON");
  errno = 0;
  CHECK(tcflow(1, 9) == -1 && errno == EINVAL, "tcflow with a bad action: EINVAL");
  write(1, "                                                  \r", 51);
  CHECK(tcsendbreak(1, 0) == 0 && ioctl(1, TIOCOUTQ, &outq) == 0 && outq == 0,
        "tcsendbreak sends the break after the output has gone (%d)", outq);

  /* the window size */
  signal(SIGWINCH, on_winch);
  struct winsize ws = {24, 80, 0, 0}, got;
  CHECK(ioctl(1, TIOCSWINSZ, &ws) == 0 && ioctl(1, TIOCGWINSZ, &got) == 0 && got.ws_row == 24 && got.ws_col == 80,
        "TIOCSWINSZ, TIOCGWINSZ");
  CHECK(winch == 1, "a new size sends SIGWINCH (%d)", winch);
  ioctl(1, TIOCSWINSZ, &ws);
  CHECK(winch == 1, "the same size again does not (%d)", winch);
  struct ttysize ts;
  CHECK(ioctl(1, TIOCGSIZE, &ts) == 0 && ts.ts_lines == 24 && ts.ts_cols == 80, "TIOCGSIZE");
  signal(SIGWINCH, SIG_DFL);

  /* errors */
  errno = 0;
  CHECK(tcsetattr(0, 7, &saved) == -1 && errno == EINVAL, "tcsetattr with a bad action: EINVAL");
  int p[2];
  pipe(p);
  errno = 0;
  CHECK(tcgetattr(p[0], &t) == -1 && errno == ENOTTY, "tcgetattr on a pipe: ENOTTY");
  errno = 0;
  CHECK(tcsendbreak(p[1], 0) == -1 && errno == ENOTTY, "tcsendbreak on a pipe: ENOTTY");
  errno = 0;
  CHECK(tcsendbreak(99, 0) == -1 && errno == EBADF, "tcsendbreak on a descriptor not open: EBADF");
  int null = open("/dev/null", O_RDWR);
  errno = 0;
  CHECK(tcsetattr(null, TCSANOW, &saved) == -1 && errno == ENOTTY, "tcsetattr on /dev/null: ENOTTY");
  errno = 0;
  CHECK(tcgetattr(0, (struct termios *)1) == -1 && errno == EFAULT, "tcgetattr to a bad address: EFAULT");
  close(null);
  close(p[0]);
  close(p[1]);

  CHECK(tcsetattr(0, TCSADRAIN, &saved) == 0, "the modes put back");
  tcsetpgrp(0, parent_group);
  sigsetmask(held);
  return DONE("termios");
}
