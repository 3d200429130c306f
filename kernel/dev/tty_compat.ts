/**
 * The 4.3BSD terminal interface as a view of the POSIX modes (SunOS 4.1's
 * ttcompat does the same on top of its termios line discipline): struct
 * sgttyb (TIOCGETP, TIOCSETP, TIOCSETN), struct tchars (TIOCGETC,
 * TIOCSETC), struct ltchars (TIOCGLTC, TIOCSLTC) and the local mode word
 * (TIOCLGET, TIOCLSET, TIOCLBIS, TIOCLBIC). Setting any of them changes
 * the termios modes the line discipline works with, and reading them
 * computes them from those modes, so the two interfaces always agree.
 */
import {
  BRKINT,
  CBAUD,
  CIBAUD,
  CLOCAL,
  CS7,
  CS8,
  CSIZE,
  ECHOCTL,
  ECHOE,
  ECHOKE,
  ECHOPRT,
  FLUSHO,
  IBSHIFT,
  ICANON,
  ICRNL,
  IEXTEN,
  IGNCR,
  INLCR,
  IOC_IN,
  IOC_OUT,
  ISIG,
  ISTRIP,
  IUCLC,
  IXANY,
  IXOFF,
  IXON,
  ioc,
  ECHO as L_ECHO,
  NOFLSH,
  OLCUC,
  ONLCR,
  OPOST,
  PARENB,
  PARODD,
  PENDIN,
  TAB3,
  TABDLY,
  type Termios,
  TOSTOP,
  VDISABLE,
  VDISCARD,
  VDSUSP,
  VEOF,
  VEOL,
  VERASE,
  VINTR,
  VKILL,
  VLNEXT,
  VMIN,
  VQUIT,
  VREPRINT,
  VSTART,
  VSTOP,
  VSUSP,
  VTIME,
  VWERASE,
  XCASE,
} from './termios.js';

/** sg_flags bits (sgtty.h). */
export const TANDEM = 0x01;
export const CBREAK = 0x02;
export const LCASE = 0x04;
export const ECHO = 0x08;
export const CRMOD = 0x10;
export const RAW = 0x20;
export const ODDP = 0x40;
export const EVENP = 0x80;
export const XTABS = 0x0c00;
/** The delay and parity bits, kept as given (nothing here delays). */
const SG_KEPT = 0xf3c0 & ~XTABS;

export const TIOCGETP = ioc(IOC_OUT, 't', 8, 6);
export const TIOCSETP = ioc(IOC_IN, 't', 9, 6);
export const TIOCSETN = ioc(IOC_IN, 't', 10, 6);
export const TIOCSETC = ioc(IOC_IN, 't', 17, 6);
export const TIOCGETC = ioc(IOC_OUT, 't', 18, 6);
export const TIOCSLTC = ioc(IOC_IN, 't', 117, 6);
export const TIOCGLTC = ioc(IOC_OUT, 't', 116, 6);
/** The local mode word (4.3BSD's t_local): set bits, clear bits, set, get. */
export const TIOCLBIS = ioc(IOC_IN, 't', 127, 4);
export const TIOCLBIC = ioc(IOC_IN, 't', 126, 4);
export const TIOCLSET = ioc(IOC_IN, 't', 125, 4);
export const TIOCLGET = ioc(IOC_OUT, 't', 124, 4);

/** Local mode bits (the high half of 4.3BSD's flags word, moved down 16 bits). */
export const LCRTBS = 0x0001;
export const LPRTERA = 0x0002;
export const LCRTERA = 0x0004;
export const LLITOUT = 0x0020;
export const LTOSTOP = 0x0040;
export const LFLUSHO = 0x0080;
export const LNOHANG = 0x0100;
export const LCRTKIL = 0x0400;
export const LPASS8 = 0x0800;
export const LCTLECH = 0x1000;
export const LPENDIN = 0x2000;
export const LDECCTQ = 0x4000;
export const LNOFLSH = 0x8000;

/** Local bits that are exactly a c_lflag bit. */
const LOCAL_LFLAG: [number, number][] = [
  [LPRTERA, ECHOPRT],
  [LCRTERA, ECHOE],
  [LTOSTOP, TOSTOP],
  [LFLUSHO, FLUSHO],
  [LCRTKIL, ECHOKE],
  [LCTLECH, ECHOCTL],
  [LPENDIN, PENDIN],
  [LNOFLSH, NOFLSH],
];
const LOCAL_MAPPED = LOCAL_LFLAG.reduce((m, [l]) => m | l, 0);

/**
 * What a terminal keeps for the old interface besides its termios modes:
 * the local bits that are not a c_lflag bit (LCRTBS, LLITOUT, LPASS8 ...),
 * the sgttyb bits with no meaning here (delays, parity), and the end of
 * file and end of line characters while c_cc's places for them hold VMIN
 * and VTIME (CBREAK and RAW).
 */
export interface CompatModes {
  t: Termios;
  local: number;
  sgKept: number;
  savedEof: number;
  savedEol: number;
}

const b16 = (a: Uint8Array, i: number) => (a[i] << 8) | a[i + 1];
/** 4.3BSD disables a special character with 0377, POSIX with 0. */
const toOld = (c: number) => (c === VDISABLE ? 0xff : c);
const fromOld = (c: number) => (c === 0xff ? VDISABLE : c);

/** struct sgttyb {ispeed, ospeed, erase, kill, short flags}. */
export function getSgttyb(m: CompatModes): Uint8Array {
  const t = m.t;
  const ospeed = t.cflag & CBAUD;
  const ispeed = (t.cflag & CIBAUD) >> IBSHIFT || ospeed;
  let flags = m.sgKept;
  if (!(t.lflag & ICANON)) flags |= t.lflag & ISIG ? CBREAK : RAW;
  if (t.lflag & L_ECHO) flags |= ECHO;
  if (t.oflag & ONLCR || t.iflag & ICRNL) flags |= CRMOD;
  if (t.iflag & IUCLC) flags |= LCASE;
  if ((t.oflag & TABDLY) === TAB3) flags |= XTABS;
  if (t.iflag & IXOFF) flags |= TANDEM;
  return Uint8Array.of(ispeed, ospeed, t.cc[VERASE], t.cc[VKILL], flags >> 8, flags & 0xff);
}

/** TIOCSETP/TIOCSETN: the speeds, erase and kill, and the modes RAW, CBREAK, ECHO, CRMOD, LCASE, XTABS, TANDEM. */
export function setSgttyb(m: CompatModes, a: Uint8Array): void {
  const t = m.t;
  const flags = b16(a, 4);
  const ospeed = a[1] & CBAUD;
  const ispeed = a[0] & CBAUD;
  t.cflag = (t.cflag & ~(CBAUD | CIBAUD)) | ospeed | (ispeed !== ospeed ? ispeed << IBSHIFT : 0);
  t.cc[VERASE] = a[2];
  t.cc[VKILL] = a[3];
  m.sgKept = flags & SG_KEPT;
  const raw = (flags & RAW) !== 0;
  const canon = !(flags & (RAW | CBREAK));
  setCanonical(m, canon);
  t.lflag = set(t.lflag, ISIG, !raw);
  t.lflag = set(t.lflag, IEXTEN, !raw);
  t.lflag = set(t.lflag, L_ECHO, (flags & ECHO) !== 0);
  // RAW: no input or output processing, eight bits through.
  t.iflag = set(t.iflag, IXON | BRKINT, !raw);
  t.iflag = set(t.iflag, ISTRIP, !raw && !(m.local & LPASS8));
  t.oflag = set(t.oflag, OPOST, !raw && !(m.local & LLITOUT));
  // One parity bit asked for: seven data bits and that parity; else eight bits.
  const parity = flags & (ODDP | EVENP);
  t.cflag &= ~(CSIZE | PARENB | PARODD);
  if (raw || m.local & LPASS8 || parity === 0 || parity === (ODDP | EVENP)) t.cflag |= CS8;
  else t.cflag |= CS7 | PARENB | (parity === ODDP ? PARODD : 0);
  const crmod = !raw && (flags & CRMOD) !== 0;
  t.iflag = set(t.iflag & ~(INLCR | IGNCR), ICRNL, crmod);
  t.oflag = set(t.oflag, ONLCR, crmod);
  const lcase = !raw && (flags & LCASE) !== 0;
  t.iflag = set(t.iflag, IUCLC, lcase);
  t.oflag = set(t.oflag, OLCUC, lcase);
  t.lflag = set(t.lflag, XCASE, lcase);
  t.oflag = (t.oflag & ~TABDLY) | ((flags & XTABS) === XTABS ? TAB3 : 0);
  t.iflag = set(t.iflag, IXOFF, (flags & TANDEM) !== 0);
}

/**
 * Going out of canonical mode through the old interface, c_cc's places
 * for the end-of-file and end-of-line characters become VMIN 1 and VTIME
 * 0 (a read returns as soon as a character is there); coming back, the two
 * characters are put back.
 */
function setCanonical(m: CompatModes, canon: boolean): void {
  const t = m.t;
  const was = (t.lflag & ICANON) !== 0;
  if (was && !canon) {
    m.savedEof = t.cc[VEOF];
    m.savedEol = t.cc[VEOL];
    t.cc[VMIN] = 1;
    t.cc[VTIME] = 0;
  } else if (!was && canon) {
    t.cc[VEOF] = m.savedEof;
    t.cc[VEOL] = m.savedEol;
  }
  t.lflag = set(t.lflag, ICANON, canon);
}

/** The end-of-file and end-of-line characters, wherever they are kept now. */
function eofEol(m: CompatModes): [number, number] {
  return m.t.lflag & ICANON ? [m.t.cc[VEOF], m.t.cc[VEOL]] : [m.savedEof, m.savedEol];
}

/** struct tchars {intrc, quitc, startc, stopc, eofc, brkc}. */
export function getTchars(m: CompatModes): Uint8Array {
  const cc = m.t.cc;
  const [eof, eol] = eofEol(m);
  return Uint8Array.from([cc[VINTR], cc[VQUIT], cc[VSTART], cc[VSTOP], eof, eol], toOld);
}

export function setTchars(m: CompatModes, a: Uint8Array): void {
  const cc = m.t.cc;
  [cc[VINTR], cc[VQUIT], cc[VSTART], cc[VSTOP]] = [a[0], a[1], a[2], a[3]].map(fromOld);
  if (m.t.lflag & ICANON) [cc[VEOF], cc[VEOL]] = [fromOld(a[4]), fromOld(a[5])];
  else [m.savedEof, m.savedEol] = [fromOld(a[4]), fromOld(a[5])];
}

/** struct ltchars {suspc, dsuspc, rprntc, flushc, werasc, lnextc}. */
const LTCHARS = [VSUSP, VDSUSP, VREPRINT, VDISCARD, VWERASE, VLNEXT];

export function getLtchars(m: CompatModes): Uint8Array {
  return Uint8Array.from(LTCHARS, (i) => toOld(m.t.cc[i]));
}

export function setLtchars(m: CompatModes, a: Uint8Array): void {
  LTCHARS.forEach((i, k) => {
    m.t.cc[i] = fromOld(a[k]);
  });
}

/** The local mode word: the bits kept as given, and those that are c_lflag bits. */
export function getLocal(m: CompatModes): number {
  let w = m.local & ~LOCAL_MAPPED;
  for (const [l, f] of LOCAL_LFLAG) if (m.t.lflag & f) w |= l;
  return w;
}

/** TIOCLSET, TIOCLBIS, TIOCLBIC. */
export function setLocal(m: CompatModes, cmd: number, bits: number): void {
  const old = getLocal(m);
  const w = (cmd === TIOCLSET ? bits : cmd === TIOCLBIS ? old | bits : old & ~bits) & 0xffff;
  m.local = w;
  const t = m.t;
  for (const [l, f] of LOCAL_LFLAG) t.lflag = set(t.lflag, f, (w & l) !== 0);
  const raw = !(t.lflag & (ICANON | ISIG));
  t.iflag = set(t.iflag, ISTRIP, !raw && !(w & LPASS8));
  t.oflag = set(t.oflag, OPOST, !raw && !(w & LLITOUT));
  t.iflag = set(t.iflag, IXANY, !(w & LDECCTQ));
  t.cflag = set(t.cflag, CLOCAL, (w & LNOHANG) !== 0);
  if (w & LPASS8 || raw) t.cflag = (t.cflag & ~(CSIZE | PARENB)) | CS8;
}

function set(word: number, bits: number, on: boolean): number {
  return on ? word | bits : word & ~bits;
}
