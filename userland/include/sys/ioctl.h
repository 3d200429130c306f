/* sys/ioctl.h - sun3lab libc. Requests are encoded as SunOS 4 / 4.3BSD:
 * bits 31-29 direction (0x20000000 void, 0x40000000 out, 0x80000000 in),
 * bits 23-16 parameter size, bits 15-8 group, bits 7-0 number. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#define _IOCPARM_MASK 0xff
#define _IOC_VOID 0x20000000
#define _IOC_OUT 0x40000000
#define _IOC_IN 0x80000000
#define _IOC_INOUT (_IOC_IN | _IOC_OUT)

#define _IO(g, n) (_IOC_VOID | ((g) << 8) | (n))
#define _IOR(g, n, t) (_IOC_OUT | ((sizeof(t) & _IOCPARM_MASK) << 16) | ((g) << 8) | (n))
#define _IOW(g, n, t) (_IOC_IN | ((sizeof(t) & _IOCPARM_MASK) << 16) | ((g) << 8) | (n))
#define _IOWR(g, n, t) (_IOC_INOUT | ((sizeof(t) & _IOCPARM_MASK) << 16) | ((g) << 8) | (n))

/* struct sgttyb: 6 bytes. */
struct sgttyb {
  char sg_ispeed;
  char sg_ospeed;
  char sg_erase;
  char sg_kill;
  short sg_flags;
};

struct winsize {
  unsigned short ws_row;
  unsigned short ws_col;
  unsigned short ws_xpixel;
  unsigned short ws_ypixel;
};

#define TIOCGETP _IOR('t', 8, struct sgttyb)   /* 0x40067408 */
#define TIOCSETP _IOW('t', 9, struct sgttyb)   /* 0x80067409 */
#define TIOCSETN _IOW('t', 10, struct sgttyb)  /* 0x8006740a */
#define TIOCNOTTY _IO('t', 113)                /* 0x20007471: give up the controlling terminal */
#define TIOCGPGRP _IOR('t', 119, int)          /* 0x40047477 */
#define TIOCSPGRP _IOW('t', 118, int)          /* 0x80047476 */
#define TIOCGWINSZ _IOR('t', 104, struct winsize) /* 0x40087468 */
#define TIOCSWINSZ _IOW('t', 103, struct winsize) /* 0x80087467: a change sends SIGWINCH to the foreground group */
#define TIOCPKT _IOW('t', 112, int)            /* 0x80047470: packet mode on a pty's master */
#define TIOCPKT_DATA 0x00                      /* packet mode's status byte: data follows */
#define TIOCPKT_FLUSHREAD 0x01                 /* the slave's input was flushed */
#define TIOCPKT_FLUSHWRITE 0x02                /* the slave's output was flushed */
#define TIOCFLUSH _IOW('t', 16, int)           /* 0x80047410: flush input (FREAD), output (FWRITE), 0 both */
#define TIOCLBIS _IOW('t', 127, int)           /* 0x8004747f: set local mode bits */
#define TIOCLBIC _IOW('t', 126, int)           /* 0x8004747e: clear local mode bits */
#define TIOCLSET _IOW('t', 125, int)           /* 0x8004747d: set the local mode word */
#define TIOCLGET _IOR('t', 124, int)           /* 0x4004747c: get the local mode word */
#define FIONREAD _IOR('f', 127, int)           /* 0x4004667f */
#define FIONBIO _IOW('f', 126, int)            /* 0x8004667e */
#define FIOASYNC _IOW('f', 125, int)           /* 0x8004667d: SIGIO when a socket becomes readable or writable */
#define FIOSETOWN _IOW('f', 124, int)          /* 0x8004667c: who gets SIGIO: a pid, or minus a process group */
#define FIOGETOWN _IOR('f', 123, int)          /* 0x4004667b */

/* sg_flags */
#define TANDEM 0x00000001
#define CBREAK 0x00000002
#define LCASE 0x00000004
#define ECHO 0x00000008
#define CRMOD 0x00000010
#define RAW 0x00000020
#define ODDP 0x00000040
#define EVENP 0x00000080
#define ANYP 0x000000c0
#define XTABS 0x00000c00

/* local mode bits (TIOCLGET ...: 4.3BSD's high half of the flags, moved down 16 bits);
 * the sun3lab terminal keeps them all and acts on LTOSTOP */
#define LCRTBS 0x0001
#define LPRTERA 0x0002
#define LCRTERA 0x0004
#define LTILDE 0x0008
#define LMDMBUF 0x0010
#define LLITOUT 0x0020
#define LTOSTOP 0x0040  /* background writes stop the job (SIGTTOU) */
#define LFLUSHO 0x0080
#define LNOHANG 0x0100
#define LCRTKIL 0x0400
#define LPASS8 0x0800
#define LCTLECH 0x1000
#define LPENDIN 0x2000
#define LDECCTQ 0x4000
#define LNOFLSH 0x8000

/* speeds */
#define B0 0
#define B300 7
#define B1200 9
#define B2400 11
#define B4800 12
#define B9600 13
#define B19200 14
#define B38400 15

#include <sys/sockio.h> /* the socket ioctls, as SunOS's sys/ioctl.h has them */

int ioctl(int fd, unsigned long request, ...);

#endif
