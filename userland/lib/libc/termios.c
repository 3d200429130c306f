/* The POSIX.1 terminal functions on the ioctls, as SunOS 4.1's libc has
 * them: tcsetattr picks TCSETS, TCSETSW or TCSETSF, tcdrain is TCSBRK with
 * a non-zero argument, the speeds live in c_cflag (CBAUD, and CIBAUD for a
 * different input speed), and tcgetpgrp/tcsetpgrp are TIOCGPGRP and
 * TIOCSPGRP. */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int tcgetattr(int fd, struct termios *t) { return ioctl(fd, TCGETS, t); }

int tcsetattr(int fd, int action, const struct termios *t) {
  switch (action) {
  case TCSANOW: return ioctl(fd, TCSETS, t);
  case TCSADRAIN: return ioctl(fd, TCSETSW, t);
  case TCSAFLUSH: return ioctl(fd, TCSETSF, t);
  }
  errno = EINVAL;
  return -1;
}

/* The duration is ignored: a break lasts a quarter of a second, as SunOS's. */
int tcsendbreak(int fd, int duration) {
  (void)duration;
  return ioctl(fd, TCSBRK, 0);
}

int tcdrain(int fd) { return ioctl(fd, TCSBRK, 1); }

int tcflush(int fd, int queue) { return ioctl(fd, TCFLSH, queue); }

int tcflow(int fd, int action) { return ioctl(fd, TCXONC, action); }

speed_t cfgetospeed(const struct termios *t) { return (speed_t)(t->c_cflag & CBAUD); }

/* The input speed is the output speed unless one was set of its own. */
speed_t cfgetispeed(const struct termios *t) {
  speed_t in = (speed_t)((t->c_cflag & CIBAUD) >> IBSHIFT);
  return in != 0 ? in : cfgetospeed(t);
}

int cfsetospeed(struct termios *t, speed_t speed) {
  if (speed < 0 || speed > (speed_t)CBAUD) {
    errno = EINVAL;
    return -1;
  }
  t->c_cflag = (t->c_cflag & ~CBAUD) | (tcflag_t)speed;
  return 0;
}

/* 0 means "the same as the output speed" (POSIX). */
int cfsetispeed(struct termios *t, speed_t speed) {
  if (speed < 0 || speed > (speed_t)CBAUD) {
    errno = EINVAL;
    return -1;
  }
  t->c_cflag = (t->c_cflag & ~CIBAUD) | ((tcflag_t)speed << IBSHIFT);
  return 0;
}

void cfmakeraw(struct termios *t) {
  t->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IUCLC | IMAXBEL);
  t->c_oflag &= ~OPOST;
  t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN | XCASE);
  t->c_cflag = (t->c_cflag & ~(CSIZE | PARENB)) | CS8;
  t->c_cc[VMIN] = 1;
  t->c_cc[VTIME] = 0;
}

pid_t tcgetpgrp(int fd) {
  int pgrp;
  if (ioctl(fd, TIOCGPGRP, &pgrp) < 0) return -1;
  return pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp) {
  int g = pgrp;
  return ioctl(fd, TIOCSPGRP, &g);
}
