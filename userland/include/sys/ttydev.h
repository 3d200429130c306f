/* sys/ttydev.h - sun3lab libc: the line speeds (SunOS's numbers), for both
 * the old interface's sg_ispeed/sg_ospeed and termios's c_cflag. */
#ifndef _SYS_TTYDEV_H
#define _SYS_TTYDEV_H

#define B0 0
#define B50 1
#define B75 2
#define B110 3
#define B134 4
#define B150 5
#define B200 6
#define B300 7
#define B600 8
#define B1200 9
#define B1800 10
#define B2400 11
#define B4800 12
#define B9600 13
#define B19200 14
#define B38400 15
#define EXTA 14
#define EXTB 15

#endif
