/**
 * The POSIX terminal interface as SunOS 4.1 has it (<sys/termios.h>,
 * <sys/ttycom.h>): the four flag words with System V's bit values, the
 * control characters, the ioctls that read and set them (TCGETS ... and
 * System V's TCGETA ... for struct termio), and the encoding of both
 * structures as they lie in a 68020 program's memory. The line discipline
 * (tty.ts) works on these modes; the 4.3BSD sgttyb interface is a view of
 * them (tty_compat.ts).
 */

/** c_iflag. */
export const IGNBRK = 0x1;
export const BRKINT = 0x2;
export const IGNPAR = 0x4;
export const PARMRK = 0x8;
export const INPCK = 0x10;
export const ISTRIP = 0x20;
export const INLCR = 0x40;
export const IGNCR = 0x80;
export const ICRNL = 0x100;
export const IUCLC = 0x200;
export const IXON = 0x400;
export const IXANY = 0x800;
export const IXOFF = 0x1000;
export const IMAXBEL = 0x2000;

/** c_oflag. */
export const OPOST = 0x1;
export const OLCUC = 0x2;
export const ONLCR = 0x4;
export const OCRNL = 0x8;
export const ONOCR = 0x10;
export const ONLRET = 0x20;
export const OFILL = 0x40;
export const OFDEL = 0x80;
/** Tab handling: TAB3 (4.3BSD's XTABS) expands tabs to spaces. */
export const TABDLY = 0x1800;
export const TAB3 = 0x1800;

/** c_cflag: the speed in the low four bits (B0 ... B38400), then the line settings. */
export const CBAUD = 0xf;
export const CSIZE = 0x30;
export const CS7 = 0x20;
export const CS8 = 0x30;
export const CSTOPB = 0x40;
export const CREAD = 0x80;
export const PARENB = 0x100;
export const PARODD = 0x200;
export const HUPCL = 0x400;
export const CLOCAL = 0x800;
/** The input speed, when it differs from the output speed (0: the same), SunOS's CIBAUD. */
export const CIBAUD = 0xf0000;
export const IBSHIFT = 16;

/** c_lflag. */
export const ISIG = 0x1;
export const ICANON = 0x2;
export const XCASE = 0x4;
export const ECHO = 0x8;
export const ECHOE = 0x10;
export const ECHOK = 0x20;
export const ECHONL = 0x40;
export const NOFLSH = 0x80;
export const TOSTOP = 0x100;
export const ECHOCTL = 0x200;
export const ECHOPRT = 0x400;
export const ECHOKE = 0x800;
export const FLUSHO = 0x2000;
export const PENDIN = 0x4000;
export const IEXTEN = 0x8000;

/** Indexes of c_cc. VMIN and VTIME share VEOF's and VEOL's places, used when ICANON is off. */
export const VINTR = 0;
export const VQUIT = 1;
export const VERASE = 2;
export const VKILL = 3;
export const VEOF = 4;
export const VEOL = 5;
export const VEOL2 = 6;
export const VSWTCH = 7;
export const VSTART = 8;
export const VSTOP = 9;
export const VSUSP = 10;
export const VDSUSP = 11;
export const VREPRINT = 12;
export const VDISCARD = 13;
export const VWERASE = 14;
export const VLNEXT = 15;
export const VMIN = VEOF;
export const VTIME = VEOL;
export const NCCS = 17;
/** The control characters struct termio has (System V's NCC). */
export const NCC = 8;
/** A control character set to this is disabled (SunOS's _POSIX_VDISABLE). */
export const VDISABLE = 0;

/** Speeds (c_cflag & CBAUD): B9600 is 13. */
export const B0 = 0;
export const B9600 = 13;
export const SPEEDS = [0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400];

/** 4.3BSD's ioctl encoding: direction, argument size, group letter, number. */
export const IOC_VOID = 0x20000000;
export const IOC_OUT = 0x40000000;
export const IOC_IN = 0x80000000;
export const ioc = (dir: number, group: string, n: number, size = 0): number =>
  (dir | ((size & 0x1fff) << 16) | (group.charCodeAt(0) << 8) | n) >>> 0;

/** struct termios: four longs, c_line, c_cc[17] — 34 bytes on the 68020. */
export const TERMIOS_SIZE = 34;
/** struct termio: four shorts, c_line, c_cc[8], padded to 18. */
export const TERMIO_SIZE = 18;

export const TCGETA = ioc(IOC_OUT, 'T', 1, TERMIO_SIZE);
export const TCSETA = ioc(IOC_IN, 'T', 2, TERMIO_SIZE);
export const TCSETAW = ioc(IOC_IN, 'T', 3, TERMIO_SIZE);
export const TCSETAF = ioc(IOC_IN, 'T', 4, TERMIO_SIZE);
/** The argument of these three is an int passed by value. */
export const TCSBRK = ioc(IOC_VOID, 'T', 5);
export const TCXONC = ioc(IOC_VOID, 'T', 6);
export const TCFLSH = ioc(IOC_VOID, 'T', 7);
export const TCGETS = ioc(IOC_OUT, 'T', 8, TERMIOS_SIZE);
export const TCSETS = ioc(IOC_IN, 'T', 9, TERMIOS_SIZE);
export const TCSETSW = ioc(IOC_IN, 'T', 10, TERMIOS_SIZE);
export const TCSETSF = ioc(IOC_IN, 'T', 11, TERMIOS_SIZE);
export const TCSNDBRK = ioc(IOC_VOID, 'T', 12);
export const TCDRAIN = ioc(IOC_VOID, 'T', 13);

/** <sys/ttycom.h>: the window size (struct winsize, 8 bytes) and Sun's struct ttysize (16 bytes). */
export const TIOCSWINSZ = ioc(IOC_IN, 't', 103, 8);
export const TIOCGWINSZ = ioc(IOC_OUT, 't', 104, 8);
export const TIOCSSIZE = ioc(IOC_IN, 't', 37, 16);
export const TIOCGSIZE = ioc(IOC_OUT, 't', 38, 16);
/** Output stopped and started, as ^S and ^Q do; the bytes waiting to go out. */
export const TIOCSTOP = ioc(IOC_VOID, 't', 111);
export const TIOCSTART = ioc(IOC_VOID, 't', 110);
export const TIOCOUTQ = ioc(IOC_OUT, 't', 115, 4);
/** Put a character into the input queue, as if typed. */
export const TIOCSTI = ioc(IOC_IN, 't', 114, 1);
/** Exclusive use: further opens are EBUSY, but for the super-user. */
export const TIOCEXCL = ioc(IOC_VOID, 't', 13);
export const TIOCNXCL = ioc(IOC_VOID, 't', 14);
/** Hang up on last close (HUPCL). */
export const TIOCHPCL = ioc(IOC_VOID, 't', 2);
/** The line discipline number: 0 the old one, 2 4.3BSD's "new" one (the same code here). */
export const TIOCGETD = ioc(IOC_OUT, 't', 0, 4);
export const TIOCSETD = ioc(IOC_IN, 't', 1, 4);
export const OTTYDISC = 0;
export const NTTYDISC = 2;
/** Make this terminal the caller's controlling terminal (a session leader without one). */
export const TIOCSCTTY = ioc(IOC_VOID, 't', 132);

/** The modes of a terminal, as struct termios holds them. */
export interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line: number;
  cc: Uint8Array;
}

/** struct termios as it lies in memory (big-endian longs). */
export function encodeTermios(t: Termios): Uint8Array {
  const b = new Uint8Array(TERMIOS_SIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, t.iflag >>> 0);
  v.setUint32(4, t.oflag >>> 0);
  v.setUint32(8, t.cflag >>> 0);
  v.setUint32(12, t.lflag >>> 0);
  b[16] = t.line;
  b.set(t.cc.subarray(0, NCCS), 17);
  return b;
}

export function decodeTermios(b: Uint8Array): Termios {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    iflag: v.getUint32(0),
    oflag: v.getUint32(4),
    cflag: v.getUint32(8),
    lflag: v.getUint32(12),
    line: b[16],
    cc: b.slice(17, 17 + NCCS),
  };
}

/** struct termio (System V): the low 16 bits of each word and the first NCC control characters. */
export function encodeTermio(t: Termios): Uint8Array {
  const b = new Uint8Array(TERMIO_SIZE);
  const v = new DataView(b.buffer);
  v.setUint16(0, t.iflag & 0xffff);
  v.setUint16(2, t.oflag & 0xffff);
  v.setUint16(4, t.cflag & 0xffff);
  v.setUint16(6, t.lflag & 0xffff);
  b[8] = t.line;
  b.set(t.cc.subarray(0, NCC), 9);
  return b;
}

/** Set from a struct termio: what it cannot express (the high bits, c_cc[8...]) stays as it was. */
export function decodeTermio(b: Uint8Array, old: Termios): Termios {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const cc = old.cc.slice();
  cc.set(b.subarray(9, 9 + NCC));
  return {
    iflag: (old.iflag & ~0xffff) | v.getUint16(0),
    oflag: (old.oflag & ~0xffff) | v.getUint16(2),
    cflag: (old.cflag & ~0xffff) | v.getUint16(4),
    lflag: (old.lflag & ~0xffff) | v.getUint16(6),
    line: b[8],
    cc,
  };
}
