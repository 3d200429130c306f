/* sys/termios.h - sun3lab libc: the POSIX terminal modes as SunOS 4.1 has
 * them (System V's flag values), struct termio (System V), and the ioctls
 * that get and set them. <termios.h> adds the functions. */
#ifndef _SYS_TERMIOS_H
#define _SYS_TERMIOS_H

#include <sys/ttycom.h>

typedef unsigned long tcflag_t;
typedef unsigned char cc_t;
typedef int speed_t;

#define NCCS 17
struct termios {
  tcflag_t c_iflag; /* input modes */
  tcflag_t c_oflag; /* output modes */
  tcflag_t c_cflag; /* line: speed, character size, parity */
  tcflag_t c_lflag; /* local: canonical input, echo, signals */
  char c_line;      /* line discipline */
  cc_t c_cc[NCCS];  /* special characters */
};

#define NCC 8
struct termio {
  unsigned short c_iflag;
  unsigned short c_oflag;
  unsigned short c_cflag;
  unsigned short c_lflag;
  char c_line;
  unsigned char c_cc[NCC];
};

/* c_cc indexes; VMIN and VTIME take VEOF's and VEOL's places in non-canonical mode. */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VEOL 5
#define VEOL2 6
#define VSWTCH 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VDSUSP 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VMIN VEOF
#define VTIME VEOL
#define _POSIX_VDISABLE 0 /* a special character set to this is off */

/* c_iflag */
#define IGNBRK 0x00000001
#define BRKINT 0x00000002
#define IGNPAR 0x00000004
#define PARMRK 0x00000008
#define INPCK 0x00000010
#define ISTRIP 0x00000020
#define INLCR 0x00000040
#define IGNCR 0x00000080
#define ICRNL 0x00000100
#define IUCLC 0x00000200
#define IXON 0x00000400
#define IXANY 0x00000800
#define IXOFF 0x00001000
#define IMAXBEL 0x00002000

/* c_oflag */
#define OPOST 0x00000001
#define OLCUC 0x00000002
#define ONLCR 0x00000004
#define OCRNL 0x00000008
#define ONOCR 0x00000010
#define ONLRET 0x00000020
#define OFILL 0x00000040
#define OFDEL 0x00000080
#define TABDLY 0x00001800
#define TAB0 0x00000000
#define TAB3 0x00001800 /* expand tabs (4.3BSD's XTABS) */

/* c_cflag */
#define CBAUD 0x0000000f
#define CSIZE 0x00000030
#define CS5 0x00000000
#define CS6 0x00000010
#define CS7 0x00000020
#define CS8 0x00000030
#define CSTOPB 0x00000040
#define CREAD 0x00000080
#define PARENB 0x00000100
#define PARODD 0x00000200
#define HUPCL 0x00000400
#define CLOCAL 0x00000800
#define CIBAUD 0x000f0000 /* the input speed, if not the output one */
#define IBSHIFT 16

/* c_lflag (ECHO has sgtty's value and definition too) */
#define ISIG 0x00000001
#define ICANON 0x00000002
#define XCASE 0x00000004
#ifndef ECHO
#define ECHO 0x00000008
#endif
#define ECHOE 0x00000010
#define ECHOK 0x00000020
#define ECHONL 0x00000040
#define NOFLSH 0x00000080
#define TOSTOP 0x00000100
#define ECHOCTL 0x00000200
#define ECHOPRT 0x00000400
#define ECHOKE 0x00000800
#define FLUSHO 0x00002000
#define PENDIN 0x00004000
#define IEXTEN 0x00008000

#include <sys/ttydev.h> /* the speeds, B0 ... B38400 */

#define TCGETA _IOR('T', 1, struct termio)
#define TCSETA _IOW('T', 2, struct termio)
#define TCSETAW _IOW('T', 3, struct termio)
#define TCSETAF _IOW('T', 4, struct termio)
#define TCSBRK _IO('T', 5)  /* argument 0: send a break; else wait for output to drain */
#define TCXONC _IO('T', 6)  /* TCOOFF, TCOON, TCIOFF, TCION */
#define TCFLSH _IO('T', 7)  /* TCIFLUSH, TCOFLUSH, TCIOFLUSH */
#define TCGETS _IOR('T', 8, struct termios)  /* 0x40225408 */
#define TCSETS _IOW('T', 9, struct termios)  /* 0x80225409: now */
#define TCSETSW _IOW('T', 10, struct termios) /* once the output has drained */
#define TCSETSF _IOW('T', 11, struct termios) /* drained, and the input flushed */
#define TCSNDBRK _IO('T', 12)
#define TCDRAIN _IO('T', 13)

#endif
