/* sys/ttycom.h - sun3lab libc: the terminal ioctls that are neither the old
 * sgttyb interface (sys/ioctl.h) nor termios (sys/termios.h), as SunOS 4.1
 * has them. The ioctl encoding macros are here too. */
#ifndef _SYS_TTYCOM_H
#define _SYS_TTYCOM_H

#define _IOCPARM_MASK 0xff
#define _IOC_VOID 0x20000000
#define _IOC_OUT 0x40000000
#define _IOC_IN 0x80000000
#define _IOC_INOUT (_IOC_IN | _IOC_OUT)

#define _IO(g, n) (_IOC_VOID | ((g) << 8) | (n))
#define _IOR(g, n, t) (_IOC_OUT | ((sizeof(t) & _IOCPARM_MASK) << 16) | ((g) << 8) | (n))
#define _IOW(g, n, t) (_IOC_IN | ((sizeof(t) & _IOCPARM_MASK) << 16) | ((g) << 8) | (n))
#define _IOWR(g, n, t) (_IOC_INOUT | ((sizeof(t) & _IOCPARM_MASK) << 16) | ((g) << 8) | (n))

/* The window size: rows and columns (and pixels) a full-screen program
 * should use. Setting a different one sends SIGWINCH to the foreground
 * process group. Sun's struct ttysize is the older form of the same. */
struct winsize {
  unsigned short ws_row;
  unsigned short ws_col;
  unsigned short ws_xpixel;
  unsigned short ws_ypixel;
};
struct ttysize {
  int ts_lines;
  int ts_cols;
  int ts_xxx;
  int ts_yyy;
};

#define TIOCGWINSZ _IOR('t', 104, struct winsize) /* 0x40087468 */
#define TIOCSWINSZ _IOW('t', 103, struct winsize) /* 0x80087467 */
#define TIOCGSIZE _IOR('t', 38, struct ttysize)   /* 0x40107426 */
#define TIOCSSIZE _IOW('t', 37, struct ttysize)   /* 0x80107425 */

#define TIOCGPGRP _IOR('t', 119, int) /* 0x40047477: the foreground process group */
#define TIOCSPGRP _IOW('t', 118, int) /* 0x80047476: set it (a group of the caller's session) */
#define TIOCNOTTY _IO('t', 113)       /* 0x20007471: give up the controlling terminal (on /dev/tty) */
#define TIOCSCTTY _IO('t', 132)       /* 0x20007484: make it the controlling terminal (a session leader) */
#define TIOCSTOP _IO('t', 111)        /* stop output, as ^S */
#define TIOCSTART _IO('t', 110)       /* start it again, as ^Q */
#define TIOCOUTQ _IOR('t', 115, int)  /* bytes waiting to go out */
#define TIOCSTI _IOW('t', 114, char)  /* put a character in the input, as if typed */
#define TIOCEXCL _IO('t', 13)         /* exclusive use: other opens EBUSY (but the super-user's) */
#define TIOCNXCL _IO('t', 14)
#define TIOCHPCL _IO('t', 2)          /* hang up on last close */
#define TIOCGETD _IOR('t', 0, int)    /* line discipline */
#define TIOCSETD _IOW('t', 1, int)
#define OTTYDISC 0
#define NETLDISC 1
#define NTTYDISC 2
#define TIOCFLUSH _IOW('t', 16, int)  /* 0x80047410: flush input (FREAD), output (FWRITE), 0 both */
#define TIOCPKT _IOW('t', 112, int)   /* 0x80047470: packet mode on a pty's master */
#define TIOCPKT_DATA 0x00             /* packet mode's status byte: data follows */
#define TIOCPKT_FLUSHREAD 0x01        /* the slave's input was flushed */
#define TIOCPKT_FLUSHWRITE 0x02       /* the slave's output was flushed */

#define FIONREAD _IOR('f', 127, int) /* 0x4004667f: bytes ready to read */
#define FIONBIO _IOW('f', 126, int)  /* 0x8004667e: non-blocking I/O on or off */
#define FIOASYNC _IOW('f', 125, int) /* 0x8004667d: SIGIO when a socket becomes readable or writable */
#define FIOSETOWN _IOW('f', 124, int) /* 0x8004667c: who gets SIGIO: a pid, or minus a process group */
#define FIOGETOWN _IOR('f', 123, int) /* 0x4004667b */

#endif
