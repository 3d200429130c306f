/* termios.h - sun3lab libc: the POSIX.1 terminal interface (SunOS 4.1's),
 * functions over the TCGETS/TCSETS ioctls of <sys/termios.h>. */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <sys/termios.h>
#include <sys/types.h>

/* tcsetattr's actions */
#define TCSANOW 0
#define TCSADRAIN 1
#define TCSAFLUSH 2
/* tcflush's queues */
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2
/* tcflow's actions */
#define TCOOFF 0
#define TCOON 1
#define TCIOFF 2
#define TCION 3

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);
int tcsendbreak(int fd, int duration);
int tcdrain(int fd);
int tcflush(int fd, int queue);
int tcflow(int fd, int action);
speed_t cfgetospeed(const struct termios *t);
speed_t cfgetispeed(const struct termios *t);
int cfsetospeed(struct termios *t, speed_t speed);
int cfsetispeed(struct termios *t, speed_t speed);
/* No processing at all, a byte at a time (4.4BSD's; SunOS 4.1 had no such function). */
void cfmakeraw(struct termios *t);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

#endif
