/* sys/ioctl.h - sun3lab libc. Requests are encoded as SunOS 4 / 4.3BSD:
 * bits 31-29 direction (0x20000000 void, 0x40000000 out, 0x80000000 in),
 * bits 23-16 parameter size, bits 15-8 group, bits 7-0 number. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <sys/ttycom.h>

/* struct sgttyb: 6 bytes. */
struct sgttyb {
  char sg_ispeed;
  char sg_ospeed;
  char sg_erase;
  char sg_kill;
  short sg_flags;
};

#define TIOCGETP _IOR('t', 8, struct sgttyb)   /* 0x40067408 */
#define TIOCSETP _IOW('t', 9, struct sgttyb)   /* 0x80067409 */
#define TIOCSETN _IOW('t', 10, struct sgttyb)  /* 0x8006740a */
#define TIOCLBIS _IOW('t', 127, int)           /* 0x8004747f: set local mode bits */
#define TIOCLBIC _IOW('t', 126, int)           /* 0x8004747e: clear local mode bits */
#define TIOCLSET _IOW('t', 125, int)           /* 0x8004747d: set the local mode word */
#define TIOCLGET _IOR('t', 124, int)           /* 0x4004747c: get the local mode word */

/* struct tchars (TIOCGETC/TIOCSETC) and struct ltchars (TIOCGLTC/TIOCSLTC):
 * the special characters; 0377 disables one. */
struct tchars {
  char t_intrc;  /* interrupt, ^C */
  char t_quitc;  /* quit, ^\ */
  char t_startc; /* start output, ^Q */
  char t_stopc;  /* stop output, ^S */
  char t_eofc;   /* end of file, ^D */
  char t_brkc;   /* another end of line */
};
struct ltchars {
  char t_suspc;  /* suspend, ^Z */
  char t_dsuspc; /* delayed suspend (when read), ^Y */
  char t_rprntc; /* reprint the line, ^R */
  char t_flushc; /* discard output, ^O */
  char t_werasc; /* erase a word, ^W */
  char t_lnextc; /* next character literally, ^V */
};
#define TIOCSETC _IOW('t', 17, struct tchars)
#define TIOCGETC _IOR('t', 18, struct tchars)
#define TIOCSLTC _IOW('t', 117, struct ltchars)
#define TIOCGLTC _IOR('t', 116, struct ltchars)

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
 * the sun3lab terminal keeps them all; they are a view of the termios modes
 * (LTOSTOP is TOSTOP, LCTLECH ECHOCTL, LCRTERA ECHOE, LCRTKIL ECHOKE,
 * LPASS8 no ISTRIP, LLITOUT no OPOST, LNOFLSH NOFLSH ...) */
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

#include <sys/ttydev.h> /* the speeds */

#include <sys/sockio.h> /* the socket ioctls, as SunOS's sys/ioctl.h has them */

int ioctl(int fd, unsigned long request, ...);

#endif
