/**
 * The terminal line discipline (4.3BSD's tty.c, with the POSIX modes
 * SunOS 4.1 gave it): input editing in canonical mode (erase, kill, word
 * erase, reprint, literal next, end of file), echo, the special characters
 * that signal the foreground group (interrupt, quit, suspend, delayed
 * suspend), output stop and start (^S ^Q), non-canonical reads with VMIN
 * and VTIME, output processing (NL to CR NL, tabs), 4.3BSD's high- and
 * low-water marks on output, and job control: the foreground process
 * group, SIGTTIN for a background reader, SIGTTOU for a background process
 * that changes the terminal (or writes to it, with TOSTOP), EIO for one in
 * an orphaned process group.
 *
 * The modes are a struct termios (termios.ts), set with TCSETS and the
 * other POSIX ioctls; 4.3BSD's sgttyb, tchars, ltchars and local mode word
 * are a view of them (tty_compat.ts). The device driver below (zs.ts)
 * feeds received characters to input() and takes output from the queue.
 */
import { EBUSY, EINTR, EINVAL, EIO, ENOTTY, ENXIO, EPERM, Errno } from '../errno.js';
import { FNBIOMODES, nbio } from '../fs/file.js';
import { TTIPRI, TTOPRI } from '../param.js';
import { type Proc, SVFORK } from '../proc/proc.js';
import { type Scheduler, tsleep } from '../proc/sched.js';
import { SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, sigmask } from '../proc/signal.js';
import {
  B9600,
  BRKINT,
  CBAUD,
  CREAD,
  CS8,
  decodeTermio,
  decodeTermios,
  ECHO,
  ECHOCTL,
  ECHOE,
  ECHOK,
  ECHOKE,
  ECHONL,
  ECHOPRT,
  encodeTermio,
  encodeTermios,
  FLUSHO,
  HUPCL,
  ICANON,
  ICRNL,
  IEXTEN,
  IGNCR,
  IMAXBEL,
  INLCR,
  ISIG,
  ISTRIP,
  IUCLC,
  IXANY,
  IXON,
  NCCS,
  NOFLSH,
  NTTYDISC,
  OCRNL,
  OLCUC,
  ONLCR,
  ONLRET,
  ONOCR,
  OPOST,
  OTTYDISC,
  TAB3,
  TABDLY,
  TCDRAIN,
  TCFLSH,
  TCGETA,
  TCGETS,
  TCSBRK,
  TCSETA,
  TCSETAF,
  TCSETAW,
  TCSETS,
  TCSETSF,
  TCSETSW,
  TCSNDBRK,
  TCXONC,
  TERMIO_SIZE,
  TERMIOS_SIZE,
  type Termios,
  TIOCEXCL,
  TIOCGETD,
  TIOCGSIZE,
  TIOCGWINSZ,
  TIOCHPCL,
  TIOCNXCL,
  TIOCOUTQ,
  TIOCSCTTY,
  TIOCSETD,
  TIOCSSIZE,
  TIOCSTART,
  TIOCSTI,
  TIOCSTOP,
  TIOCSWINSZ,
  TOSTOP,
  VDISABLE,
  VDISCARD,
  VDSUSP,
  VEOF,
  VEOL,
  VEOL2,
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
} from './termios.js';
import {
  type CompatModes,
  getLocal,
  getLtchars,
  getSgttyb,
  getTchars,
  setLocal,
  setLtchars,
  setSgttyb,
  setTchars,
  TIOCGETC,
  TIOCGETP,
  TIOCGLTC,
  TIOCLBIC,
  TIOCLBIS,
  TIOCLGET,
  TIOCLSET,
  TIOCSETC,
  TIOCSETN,
  TIOCSETP,
  TIOCSLTC,
} from './tty_compat.js';

export { ECHO, TIOCGETP, TIOCLBIC, TIOCLBIS, TIOCLGET, TIOCLSET, TIOCSETN, TIOCSETP } from './tty_compat.js';

/** ioctl commands of the terminal and the file layer, encoded as 4.3BSD does. */
const IOC_OUT = 0x40000000;
const IOC_IN = 0x80000000;
const ioc = (dir: number, size: number, n: number) => (dir | (size << 16) | (0x74 << 8) | n) >>> 0;
export const FIONREAD = (IOC_OUT | (4 << 16) | (0x66 << 8) | 127) >>> 0;
export const TIOCSPGRP = ioc(IOC_IN, 4, 118);
export const TIOCGPGRP = ioc(IOC_OUT, 4, 119);
/** Flush the input and/or output queues (the argument: FREAD 1, FWRITE 2; 0 both). */
export const TIOCFLUSH = ioc(IOC_IN, 4, 16);
/** Give up the controlling terminal (on /dev/tty; see cons.ts). */
export const TIOCNOTTY = (0x20000000 | (0x74 << 8) | 113) >>> 0;

/** SunOS's O_NOCTTY: open a terminal without making it the controlling terminal. */
export const FNOCTTY = 0x8000;

/** Longest line canonical mode keeps, its terminator included (MAX_CANON; also pathconf's MAX_INPUT). */
export const MAX_CANON = 256;

/**
 * The output queue's high- and low-water marks, by output speed (4.3BSD's
 * tthiwat and ttlowat): a writer waits while more than the high mark is
 * queued, and is woken once the queue has drained to the low mark. At
 * 9600 baud, 650 and 125.
 */
const TTHIWAT = [100, 100, 100, 100, 100, 100, 100, 200, 200, 400, 400, 400, 650, 650, 1300, 2000];
const TTLOWAT = [30, 30, 30, 30, 30, 30, 30, 50, 50, 120, 120, 120, 125, 125, 125, 125];
/**
 * A write's bytes go into the output queue this many at a time (4.3BSD's
 * OBUFSIZ), each piece whole: so a line shorter than this, written by one
 * write, is never broken up by other writers' output.
 */
const OBUFSIZ = 100;

/** The requests that change a terminal, which a background process may not make (4.3BSD's ttioctl, POSIX). */
export const MODE_CHANGES = new Set([
  TIOCSETP,
  TIOCSETN,
  TIOCSETC,
  TIOCSLTC,
  TIOCSPGRP,
  TIOCFLUSH,
  TIOCLBIS,
  TIOCLBIC,
  TIOCLSET,
  TCSETS,
  TCSETSW,
  TCSETSF,
  TCSETA,
  TCSETAW,
  TCSETAF,
  TCSBRK,
  TCSNDBRK,
  TCDRAIN,
  TCXONC,
  TCFLSH,
  TIOCSTI,
  TIOCSWINSZ,
  TIOCSSIZE,
  TIOCSTOP,
  TIOCSTART,
  TIOCSETD,
]);
/** The requests that first wait until the output queue has drained (4.3BSD's ttywait). */
const DRAINS = new Set([TIOCSETP, TCSETSW, TCSETSF, TCSETAW, TCSETAF, TCSBRK, TCSNDBRK, TCDRAIN]);

/** ^H erases too, whatever VERASE is (sun3lab's console accepts both DEL and backspace). */
const CBACKSPACE = 0x08;
const BEL = 0x07;
const NL = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
/** The end-of-file character's mark in the input queue (it ends a read and is not passed on). */
const EOFMARK = -1;

/** The modes a terminal starts with, and `stty sane` goes back to. */
export function defaultModes(): Termios {
  const cc = new Uint8Array(NCCS);
  cc[VINTR] = 0x03; // ^C
  cc[VQUIT] = 0x1c; // ^\
  cc[VERASE] = 0x7f; // DEL, SunOS's default
  cc[VKILL] = 0x15; // ^U
  cc[VEOF] = 0x04; // ^D
  cc[VSTART] = 0x11; // ^Q
  cc[VSTOP] = 0x13; // ^S
  cc[VSUSP] = 0x1a; // ^Z
  cc[VDSUSP] = 0x19; // ^Y
  cc[VREPRINT] = 0x12; // ^R
  cc[VDISCARD] = 0x0f; // ^O
  cc[VWERASE] = 0x17; // ^W
  cc[VLNEXT] = 0x16; // ^V
  return {
    iflag: BRKINT | ISTRIP | ICRNL | IXON | IXANY | IMAXBEL,
    oflag: OPOST | ONLCR,
    cflag: B9600 | CS8 | CREAD,
    lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | IEXTEN,
    line: OTTYDISC,
    cc,
  };
}

export class Tty implements CompatModes {
  /** The modes (struct termios). */
  t: Termios = defaultModes();
  /** What the 4.3BSD interface keeps besides (tty_compat.ts). */
  local = 0;
  sgKept = 0;
  savedEof = 0x04;
  savedEol = VDISABLE;
  /** Characters received and ready for read: whole lines (and end-of-file marks) in canonical mode. */
  private readonly canq: number[] = [];
  /** The line being edited (canonical mode). */
  private line: number[] = [];
  /** Lines (or ends of file) ready in canq. */
  private linesReady = 0;
  /** The next character is taken literally (after VLNEXT). */
  private lnext = false;
  /** Output waiting for the transmitter. */
  readonly outq: number[] = [];
  /** Output stopped (^S, TIOCSTOP) until ^Q or TIOCSTART. */
  stopped = false;
  /** The output column, for tabs and for erasing; the column the line being edited began at. */
  private column = 0;
  private lineColumn = 0;
  /** Exclusive use (TIOCEXCL). */
  private exclusive = false;
  /** The window size (TIOCSWINSZ): rows, columns, x and y pixels. */
  private winsize = [0, 0, 0, 0];
  /** The foreground process group: the one the terminal's signals go to, and the one that may read. */
  pgrp = 0;
  /** The session this is the controlling terminal of (0: none; proc/session.ts). */
  sid = 0;
  /** Its device number, which a process it becomes the controlling terminal of records (set by the kernel). */
  dev = 0;
  /** What a writer waits on, and what a request that drains the output waits on. */
  private readonly drainChan = {};
  /** Send a signal to a process group (the kernel's gsignal). */
  signalGroup: (pgrp: number, sig: number) => void = () => {};
  /** Is a process group orphaned (proc/session.ts)? */
  orphaned: (pgrp: number) => boolean = () => false;
  /** Is there a live process in group pgrp of session sid? */
  groupInSession: (pgrp: number, sid: number) => boolean = () => true;
  /** Call fn after `ticks` clock ticks (the kernel's timeout); returns a way to cancel it. */
  timeout: (fn: () => void, ticks: number) => () => void = () => () => {};
  /** Something became readable or writable (the kernel's selwakeup, for select). */
  selwakeup: () => void = () => {};
  /** A process is about to sleep reading this terminal, which has nothing for it (the kernel's events). */
  readWait: (p: Proc) => void = () => {};
  /**
   * Carrier (4.3BSD's TS_CARR_ON): false once the other end has hung up —
   * a pseudo-terminal's master closed (pty.ts). Reads then end at once with
   * 0 bytes and writes fail with EIO. The console never loses it.
   */
  carrier = true;

  /** Tell the driver the line's speed changed (a CBAUD code: `stty 9600`), to reprogram the hardware. */
  param: ((speed: number) => void) | null = null;

  constructor(
    private readonly sched: Scheduler,
    /** Tell the driver there is output to send. */
    private readonly start: () => void,
  ) {}

  private get canonical(): boolean {
    return (this.t.lflag & ICANON) !== 0;
  }

  /** Is c the special character at index i (and that one enabled)? */
  private is(c: number, i: number): boolean {
    return c === this.t.cc[i] && c !== VDISABLE;
  }

  // ------------------------------------------------------------------ input

  /** A character from the line (called by the driver's receive interrupt; 4.3BSD's ttyinput). */
  input(c: number): void {
    const t = this.t;
    c &= 0xff;
    if (t.iflag & ISTRIP) c &= 0x7f;
    if (this.lnext) {
      // After ^V: whatever it is, it is data (its echo covers the "^" shown for the ^V).
      this.lnext = false;
      this.put(c);
      return;
    }
    if (t.iflag & IXON) {
      // Flow control: ^S stops output, ^Q starts it; with IXANY any character starts it too.
      if (this.is(c, VSTOP)) {
        if (this.is(c, VSTART) && this.stopped) this.restartOutput();
        else this.stopped = true;
        return;
      }
      if (this.is(c, VSTART)) {
        this.restartOutput();
        return;
      }
      if (this.stopped && t.iflag & IXANY) this.restartOutput();
    }
    if (t.lflag & ISIG) {
      const sig = this.is(c, VINTR) ? SIGINT : this.is(c, VQUIT) ? SIGQUIT : this.is(c, VSUSP) ? SIGTSTP : 0;
      if (sig) {
        // The signal characters: flush (unless NOFLSH), echo, and signal the foreground group.
        // ^C and ^\ throw away the output too; ^Z only the input, as in 4.3BSD: the job is
        // stopped, not killed, and what it (or the echo) has already queued is still sent.
        if (!(t.lflag & NOFLSH)) this.flush(sig === SIGTSTP ? 1 : 3);
        if (t.lflag & ECHO) this.echo(c);
        if (sig !== SIGTSTP) this.output([NL]);
        if (this.pgrp) this.signalGroup(this.pgrp, sig);
        return;
      }
    }
    if (c === CR) {
      if (t.iflag & IGNCR) return;
      if (t.iflag & ICRNL) c = NL;
    } else if (c === NL && t.iflag & INLCR) c = CR;
    if (t.iflag & IUCLC && c >= 0x41 && c <= 0x5a) c += 0x20;
    if (!this.canonical) {
      this.canq.push(c);
      if (t.lflag & ECHO) this.echo(c);
      this.sched.wakeup(this.canq);
      this.selwakeup();
      return;
    }
    this.editLine(c);
  }

  /** Canonical mode: edit the line being typed; a terminator makes it readable. */
  private editLine(c: number): void {
    const t = this.t;
    const iexten = (t.lflag & IEXTEN) !== 0;
    if (iexten && this.is(c, VLNEXT)) {
      this.lnext = true;
      if (t.lflag & ECHO) this.output([0x5e, CBACKSPACE]); // "^", backspace: erased by the next character
      return;
    }
    if (iexten && this.is(c, VDISCARD)) {
      // ^O: throw output away until the next ^O.
      if (t.lflag & FLUSHO) t.lflag &= ~FLUSHO;
      else {
        this.flush(2);
        if (t.lflag & ECHO) this.echo(c);
        t.lflag |= FLUSHO;
      }
      return;
    }
    if (this.is(c, VERASE) || c === CBACKSPACE) {
      if (this.line.length > 0) this.rubout(this.line.pop() as number);
      return;
    }
    if (this.is(c, VKILL)) {
      if (t.lflag & ECHO && t.lflag & ECHOKE && t.lflag & ECHOE) {
        while (this.line.length > 0) this.rubout(this.line.pop() as number);
      } else {
        this.line = [];
        if (t.lflag & ECHO) {
          this.echo(c);
          if (t.lflag & ECHOK) this.output([NL]);
        }
        this.lineColumn = this.column;
      }
      return;
    }
    if (iexten && this.is(c, VWERASE)) {
      // ^W: the blanks before the cursor, then the word.
      while (this.line.length > 0 && isBlank(this.line[this.line.length - 1]))
        this.rubout(this.line.pop() as number);
      while (this.line.length > 0 && !isBlank(this.line[this.line.length - 1]))
        this.rubout(this.line.pop() as number);
      return;
    }
    if (iexten && this.is(c, VREPRINT)) {
      // ^R: the line again, on a line of its own.
      if (t.lflag & ECHO) {
        this.echo(c);
        this.output([NL]);
        this.lineColumn = this.column;
        for (const x of this.line) this.echo(x);
      }
      return;
    }
    if (this.is(c, VEOF)) {
      // End of file: whatever is on the line becomes readable; alone, a read of 0.
      this.endLine(EOFMARK);
      return;
    }
    const ends = c === NL || this.is(c, VEOL) || this.is(c, VEOL2);
    if (!ends && this.line.length >= MAX_CANON - 1) {
      if (t.iflag & IMAXBEL) this.output([BEL]); // the line is full: the character is dropped
      return;
    }
    if (this.line.length === 0) this.lineColumn = this.column;
    if (t.lflag & ECHO || (c === NL && t.lflag & ECHONL)) this.echo(c);
    if (ends) this.endLine(c);
    else this.line.push(c);
  }

  private restartOutput(): void {
    this.stopped = false;
    this.start();
  }

  /** A literal character after ^V: on the line (canonical) or into the queue. */
  private put(c: number): void {
    if (this.t.lflag & ECHO) this.echo(c);
    if (this.canonical) {
      if (this.line.length < MAX_CANON - 1) this.line.push(c);
    } else {
      this.canq.push(c);
      this.sched.wakeup(this.canq);
      this.selwakeup();
    }
  }

  /** The line is done (a terminator, or the end-of-file mark): it becomes readable. */
  private endLine(term: number): void {
    this.canq.push(...this.line, term);
    this.line = [];
    this.linesReady++;
    this.sched.wakeup(this.canq);
    this.selwakeup();
  }

  /** Take back the echo of an erased character (4.3BSD's ttyrub). */
  private rubout(c: number): void {
    const t = this.t;
    if (!(t.lflag & ECHO)) return;
    if (!(t.lflag & ECHOE)) {
      this.echo(this.t.cc[VERASE] !== VDISABLE ? this.t.cc[VERASE] : c);
      return;
    }
    if (c === TAB) {
      // Back to where the tab began: the echoed width of the line up to it.
      let col = this.lineColumn;
      for (const x of this.line) col = x === TAB ? (col | 7) + 1 : col + echoWidth(x, t.lflag);
      this.erase(Math.max(0, this.column - col));
      return;
    }
    this.erase(echoWidth(c, t.lflag));
  }

  /** Back the cursor over n columns, blanking them. */
  private erase(n: number): void {
    for (let i = 0; i < n; i++) this.output([CBACKSPACE, 0x20, CBACKSPACE]);
  }

  private echo(c: number): void {
    const t = this.t;
    if (t.lflag & ECHOCTL && ((c < 0x20 && c !== NL && c !== TAB && c !== CBACKSPACE) || c === 0x7f))
      this.output([0x5e, c === 0x7f ? 0x3f : c + 0x40]);
    else if (t.lflag & ECHOPRT && c === this.t.cc[VERASE]) this.output([0x5c]);
    else this.output([c]);
  }

  // ------------------------------------------------------------------ output

  /** Queue output, processed as OPOST asks (NL to CR NL, tabs...); start the transmitter. */
  output(bytes: ArrayLike<number>): void {
    const t = this.t;
    if (t.lflag & FLUSHO) return;
    const post = (t.oflag & OPOST) !== 0;
    for (let i = 0; i < bytes.length; i++) {
      let c = bytes[i];
      if (!post) {
        this.outq.push(c);
        continue;
      }
      if (c === NL) {
        if (t.oflag & ONLCR) {
          this.outq.push(CR);
          this.column = 0;
        } else if (t.oflag & ONLRET) this.column = 0;
        this.outq.push(NL);
        continue;
      }
      if (c === CR) {
        if (t.oflag & ONOCR && this.column === 0) continue;
        if (t.oflag & OCRNL) c = NL;
        this.column = 0;
        this.outq.push(c);
        continue;
      }
      if (c === TAB && (t.oflag & TABDLY) === TAB3) {
        do {
          this.outq.push(0x20);
          this.column++;
        } while (this.column % 8 !== 0);
        continue;
      }
      if (t.oflag & OLCUC && c >= 0x61 && c <= 0x7a) c -= 0x20;
      if (c === CBACKSPACE) this.column = Math.max(0, this.column - 1);
      else if (c === TAB) this.column = (this.column | 7) + 1;
      else if (c >= 0x20 && c !== 0x7f) this.column++;
      this.outq.push(c);
    }
    this.start();
  }

  /** Is there something to read now? (In non-canonical mode with VTIME 0, VMIN characters.) */
  readable(): boolean {
    if (this.canonical) return this.linesReady > 0;
    const min = this.t.cc[VMIN];
    return this.canq.length > 0 && (this.canq.length >= min || this.t.cc[VTIME] > 0);
  }

  private get hiwat(): number {
    return TTHIWAT[this.t.cflag & CBAUD];
  }

  private get lowat(): number {
    return TTLOWAT[this.t.cflag & CBAUD];
  }

  /** Characters typed and not yet read, the line being edited included (a pty's master stops writing past TTYHOG). */
  inputCount(): number {
    return this.canq.length + this.line.length;
  }

  /** What readers sleep on: the host tells a process reading the console from one reading another terminal by it. */
  get readChannel(): object {
    return this.canq;
  }

  /**
   * The line is gone (4.3BSD's ttymodem(tp, 0) on a lost carrier): the
   * foreground process group gets SIGHUP, both queues are flushed, and every
   * reader and writer wakes to find the carrier gone.
   */
  hangup(): void {
    this.carrier = false;
    if (this.pgrp) this.signalGroup(this.pgrp, SIGHUP);
    this.canq.length = 0;
    this.line = [];
    this.linesReady = 0;
    this.outq.length = 0;
    this.sched.wakeup(this.canq);
    this.sched.wakeup(this.drainChan);
    this.selwakeup();
  }

  /**
   * Open (4.3BSD's ttyopen, with POSIX's sessions): a session leader
   * without a controlling terminal that opens a terminal no session has
   * gets it as its controlling terminal (unless O_NOCTTY), as does — the
   * 4.3BSD way — a process with no process group (one that gave its
   * terminal up with TIOCNOTTY), which also joins the terminal's group (or
   * makes its own the terminal's). A terminal in exclusive use (TIOCEXCL)
   * cannot be opened again but by the super-user (EBUSY).
   */
  open(p: Proc, dev: number, flags: number): void {
    if (this.exclusive && !p.cred.isSuperuser()) throw new Errno(EBUSY);
    if (flags & FNOCTTY) return;
    if (p.sid === p.pid && p.u.ttyp === null && this.sid === 0) {
      this.acquire(p, dev);
      return;
    }
    if (p.pgrp !== 0) return;
    p.u.ttyp = this;
    p.u.ttyd = dev;
    if (this.pgrp === 0) this.pgrp = p.pid;
    p.pgrp = this.pgrp;
  }

  /** Become session leader p's controlling terminal, its group the foreground. */
  private acquire(p: Proc, dev: number): void {
    this.sid = p.sid;
    this.pgrp = p.pgrp;
    p.u.ttyp = this;
    p.u.ttyd = dev;
  }

  /**
   * read() (4.3BSD's ttread): wait for a line (canonical) or for what
   * VMIN and VTIME ask (non-canonical), then take up to count bytes.
   *
   * - A process that reads its controlling terminal from outside the
   *   terminal's foreground process group is sent SIGTTIN (its whole group
   *   is), which stops it before it sleeps; it looks again once continued
   *   and a second has passed (lbolt). If it ignores or blocks SIGTTIN (or is
   *   a vfork child) it could never stop, and gets EIO instead, as does a
   *   member of an orphaned process group, which no shell would continue.
   * - In canonical mode a read ends at a newline (or VEOL, VEOL2), or at the
   *   end-of-file character, which is not passed on: "abc^D" reads as "abc",
   *   and the next read waits; ^D at the start of a line reads as 0 bytes.
   * - Non-canonical (POSIX): VMIN > 0, VTIME 0: wait for VMIN bytes (or
   *   count). VMIN 0, VTIME > 0: wait up to VTIME tenths of a second for a
   *   byte; 0 bytes if none comes. Both > 0: after the first byte, wait
   *   until VMIN or until VTIME passes with no new byte. Both 0: what is
   *   there, maybe nothing.
   * - The delayed-suspend character (^Y) sends SIGTSTP when it is read.
   * - With nothing to read, a non-blocking descriptor does not wait (nbio).
   */
  *read(p: Proc, count: number, flags = 0): Generator<void, Uint8Array, void> {
    const out: number[] = [];
    for (;;) {
      yield* this.waitInput(p, count, flags);
      if (this.canonical) {
        this.takeLine(out, count);
        return new Uint8Array(out);
      }
      while (out.length < count && this.canq.length > 0) {
        const c = this.canq.shift() as number;
        if (this.t.lflag & ISIG && this.t.lflag & IEXTEN && this.is(c, VDSUSP)) {
          this.signalGroup(this.pgrp, SIGTSTP);
          if (out.length > 0) return new Uint8Array(out);
          continue;
        }
        out.push(c);
      }
      if (out.length > 0 || this.t.cc[VMIN] === 0 || nbioNow(flags) || !this.carrier)
        return new Uint8Array(out);
    }
  }

  /** Canonical mode: up to count bytes of the first line; the rest of it stays for the next read. */
  private takeLine(out: number[], count: number): void {
    while (out.length < count && this.canq.length > 0) {
      const c = this.canq[0];
      if (c === EOFMARK) {
        // The end-of-file character: it ends this read and is discarded.
        this.canq.shift();
        this.linesReady--;
        return;
      }
      if (this.t.lflag & ISIG && this.t.lflag & IEXTEN && this.is(c, VDSUSP)) {
        this.canq.shift();
        this.signalGroup(this.pgrp, SIGTSTP);
        if (out.length > 0) return;
        continue;
      }
      this.canq.shift();
      out.push(c);
      if (c === NL || this.is(c, VEOL) || this.is(c, VEOL2)) {
        this.linesReady--;
        return;
      }
    }
  }

  /** Sleep until a read may take something (job control first); what VMIN and VTIME ask in non-canonical mode. */
  private *waitInput(p: Proc, count: number, flags: number): Generator<void, void, void> {
    let cancel: (() => void) | null = null;
    let timedOut = false;
    let seen = -1;
    try {
      for (;;) {
        if (!this.carrier) return; // hung up: what is left, then end of file
        if (this.background(p)) {
          if (!this.mayStop(p, SIGTTIN) || this.orphaned(p.pgrp)) throw new Errno(EIO);
          this.signalGroup(p.pgrp, SIGTTIN);
          yield* tsleep(this.sched, p, this.sched.lbolt, TTIPRI, 'ttybg');
          continue;
        }
        if (this.canonical) {
          if (this.linesReady > 0) return;
        } else {
          const min = this.t.cc[VMIN];
          const time = this.t.cc[VTIME];
          const n = this.canq.length;
          if (min === 0 && (time === 0 || n > 0 || timedOut)) return;
          if (min > 0 && (n >= Math.min(min, count) || (n > 0 && timedOut))) return;
          if (time > 0 && n !== seen && (min === 0 ? seen < 0 : n > 0)) {
            // The timer: from the start of the read with VMIN 0, from each new byte with VMIN > 0.
            cancel?.();
            timedOut = false;
            seen = n;
            cancel = this.timeout(() => {
              timedOut = true;
              this.sched.wakeup(this.canq);
            }, time * 10);
          }
        }
        if (nbio(flags) === 'zero') return;
        this.readWait(p);
        yield* tsleep(this.sched, p, this.canq, TTIPRI, 'ttyin');
      }
    } finally {
      if (!timedOut) cancel?.();
    }
  }

  /**
   * Is p in the background of this terminal — is it its controlling
   * terminal, and p outside its foreground process group? (init, which
   * cannot be stopped, never is.)
   */
  private background(p: Proc): boolean {
    return p.u.ttyp === this && this.pgrp !== 0 && p.pgrp !== this.pgrp && p.pid !== 1;
  }

  /**
   * Could sig (SIGTTIN or SIGTTOU) stop p? Not if p ignores or blocks it,
   * nor if p is a vfork child, which does not stop while it holds its
   * parent's memory (4.3BSD's ttread, ttwrite and ttioctl all ask this).
   */
  private mayStop(p: Proc, sig: number): boolean {
    const bit = sigmask(sig);
    return !(p.sig.ignore & bit) && !(p.sig.mask & bit) && !(p.flag & SVFORK);
  }

  /**
   * A background process about to change the terminal, or to write to it
   * with TOSTOP set: send SIGTTOU to its process group and wait (on lbolt,
   * a second at most) until that has stopped it and it has been continued,
   * then look again — so after `fg` it goes on, after `bg` it stops again.
   * A process that cannot stop (it ignores or blocks SIGTTOU, or is a vfork
   * child) goes ahead, as in 4.3BSD; one in an orphaned process group gets
   * EIO, as POSIX has it. Returns at once for everyone else.
   */
  private *ttou(p: Proc): Generator<void, void, void> {
    while (this.background(p) && this.mayStop(p, SIGTTOU)) {
      if (this.orphaned(p.pgrp)) throw new Errno(EIO);
      this.signalGroup(p.pgrp, SIGTTOU);
      yield* tsleep(this.sched, p, this.sched.lbolt, TTOPRI, 'ttybg');
    }
  }

  /**
   * What comes before a process's ioctl (4.3BSD's ttioctl): job control —
   * the requests that change the terminal may not be made by a background
   * process (see ttou) — and, for the requests that wait for it (TIOCSETP,
   * TCSETSW, TCSETSF, tcdrain...), draining the output. Returns undefined
   * when there is nothing to wait for.
   */
  ioctlCheck(p: Proc, cmd: number): Generator<void, void, void> | undefined {
    const jobctl = MODE_CHANGES.has(cmd) && this.background(p) && this.mayStop(p, SIGTTOU);
    if (!jobctl && !DRAINS.has(cmd)) return undefined;
    return this.beforeIoctl(p, cmd, jobctl);
  }

  private *beforeIoctl(p: Proc, cmd: number, jobctl: boolean): Generator<void, void, void> {
    if (jobctl) yield* this.ttou(p);
    if (DRAINS.has(cmd)) yield* this.drain(p);
  }

  /** Wait until the output queue is empty (4.3BSD's ttywait); interruptible. */
  private *drain(p: Proc): Generator<void, void, void> {
    while (this.outq.length > 0) {
      this.start();
      yield* tsleep(this.sched, p, this.drainChan, TTOPRI, 'ttydrain');
    }
  }

  /**
   * write() (4.3BSD's ttwrite): the bytes go into the output queue OBUFSIZ
   * at a time; while more than the high-water mark is queued the writer
   * waits, until the driver has drained the queue to the low-water mark.
   * On a non-blocking descriptor it takes what fits and returns that count
   * (EWOULDBLOCK or EAGAIN if nothing fits); a write that a signal
   * interrupts after some bytes went out returns their count.
   */
  *write(p: Proc, data: Uint8Array, flags = 0): Generator<void, number, void> {
    let done = 0;
    while (done < data.length) {
      try {
        // TOSTOP: background output stops its job (4.3BSD's ttwrite), before each piece.
        if (this.t.lflag & TOSTOP) yield* this.ttou(p);
        while (this.outq.length > this.hiwat && this.carrier) {
          if (done > 0 && flags & FNBIOMODES) return done;
          if (nbio(flags) === 'zero') return done;
          this.start();
          yield* tsleep(this.sched, p, this.drainChan, TTOPRI, 'ttyout');
        }
      } catch (e) {
        if (e instanceof Errno && e.errno === EINTR && done > 0) return done;
        throw e;
      }
      if (!this.carrier) {
        // Hung up (before or while waiting for room): what went out counts, else EIO.
        if (done > 0) return done;
        throw new Errno(EIO);
      }
      const n = Math.min(data.length - done, OBUFSIZ);
      this.output(data.subarray(done, done + n));
      done += n;
    }
    return done;
  }

  /** Is there room in the output queue (select for writing: 4.3BSD's test against the low-water mark)? */
  writable(): boolean {
    return this.outq.length <= this.lowat;
  }

  /** The driver took a character from outq: wake writers (and select) at the low-water mark, drainers when empty. */
  drained(): void {
    const n = this.outq.length;
    if (n === this.lowat || n === 0) {
      this.sched.wakeup(this.drainChan);
      this.selwakeup();
    }
  }

  /** Throw away the input (which & 1), the output (which & 2), or both. */
  private flush(which: number): void {
    if (which & 1) {
      this.canq.length = 0;
      this.line = [];
      this.linesReady = 0;
      this.lnext = false;
    }
    if (which & 2) {
      this.outq.length = 0;
      this.sched.wakeup(this.drainChan);
      this.selwakeup();
    }
  }

  /** New modes: the queues follow a change between canonical and non-canonical input. */
  private setModes(next: Termios): void {
    const wasCanon = this.canonical;
    const speed = this.t.cflag & CBAUD;
    this.t = next;
    if ((next.cflag & CBAUD) !== speed) this.param?.(next.cflag & CBAUD);
    if (wasCanon && !this.canonical) {
      // Going raw: the partial line becomes input at once.
      this.canq.push(...this.line);
      this.line = [];
      this.linesReady = 0;
      for (let i = this.canq.length - 1; i >= 0; i--) if (this.canq[i] === EOFMARK) this.canq.splice(i, 1);
    } else if (!wasCanon && this.canonical) {
      this.linesReady = this.canq.filter((c) => c === NL || this.is(c, VEOL) || this.is(c, VEOL2)).length;
    }
    this.sched.wakeup(this.canq);
    this.selwakeup();
  }

  /** A copy of the modes and of what the old interface keeps, to change and then set (setCompat). */
  private compat(): CompatModes {
    const t = { ...this.t, cc: this.t.cc.slice() };
    return { t, local: this.local, sgKept: this.sgKept, savedEof: this.savedEof, savedEol: this.savedEol };
  }

  private setCompat(m: CompatModes): void {
    this.local = m.local;
    this.sgKept = m.sgKept;
    this.savedEof = m.savedEof;
    this.savedEol = m.savedEol;
    this.setModes(m.t);
  }

  /**
   * The terminal ioctls — the POSIX ones (TCGETS, TCSETS, TCSETSW, TCSETSF,
   * System V's TCGETA ..., TCSBRK, TCXONC, TCFLSH, TCDRAIN), 4.3BSD's
   * (TIOCGETP, TIOCSETP, TIOCSETN, TIOCGETC, TIOCSETC, TIOCGLTC, TIOCSLTC,
   * the local mode word, TIOCFLUSH, FIONREAD) and those of <sys/ttycom.h>
   * (the foreground group, the window size, TIOCSTI, TIOCOUTQ, TIOCSTOP,
   * TIOCSTART, TIOCEXCL, TIOCNXCL, TIOCHPCL, TIOCGETD, TIOCSETD,
   * TIOCSCTTY); anything else is ENOTTY. A process's request goes through
   * ioctlCheck first; `p` is the process making it (undefined: the host,
   * as `sun3lab run` turning echo off).
   */
  ioctl(cmd: number, arg: Uint8Array, p?: Proc): Uint8Array | undefined {
    const need = (n: number) => {
      if (arg.length < n) throw new Errno(EINVAL);
    };
    const int = () => {
      need(4);
      return (arg[0] << 24) | (arg[1] << 16) | (arg[2] << 8) | arg[3];
    };
    switch (cmd) {
      case TCGETS:
        return encodeTermios(this.t);
      case TCGETA:
        return encodeTermio(this.t);
      case TCSETS:
      case TCSETSW:
      case TCSETSF:
        need(TERMIOS_SIZE);
        if (cmd === TCSETSF) this.flush(1);
        this.setModes(checkModes(decodeTermios(arg), this.t));
        return undefined;
      case TCSETA:
      case TCSETAW:
      case TCSETAF:
        need(TERMIO_SIZE);
        if (cmd === TCSETAF) this.flush(1);
        this.setModes(checkModes(decodeTermio(arg, this.t), this.t));
        return undefined;
      case TCSBRK:
      case TCSNDBRK:
      case TCDRAIN:
        // The output has drained (ioctlCheck); a break on the line would be sent now, and takes no time here.
        return undefined;
      case TCXONC:
        switch (int()) {
          case 0:
            this.stopped = true;
            return undefined;
          case 1:
            this.stopped = false;
            this.start();
            return undefined;
          case 2:
            this.output([this.t.cc[VSTOP]]);
            return undefined;
          case 3:
            this.output([this.t.cc[VSTART]]);
            return undefined;
          default:
            throw new Errno(EINVAL);
        }
      case TCFLSH: {
        // TCIFLUSH 0, TCOFLUSH 1, TCIOFLUSH 2.
        const which = int();
        if (which < 0 || which > 2) throw new Errno(EINVAL);
        this.flush(which + 1);
        return undefined;
      }
      case TIOCGETP:
        return getSgttyb(this);
      case TIOCSETP:
      case TIOCSETN: {
        need(6);
        if (cmd === TIOCSETP) this.flush(1);
        const m = this.compat();
        setSgttyb(m, arg);
        this.setCompat(m);
        return undefined;
      }
      case TIOCGETC:
        return getTchars(this);
      case TIOCSETC:
        need(6);
        setTchars(this, arg);
        return undefined;
      case TIOCGLTC:
        return getLtchars(this);
      case TIOCSLTC:
        need(6);
        setLtchars(this, arg);
        return undefined;
      case TIOCLGET:
        return be32(getLocal(this));
      case TIOCLSET:
      case TIOCLBIS:
      case TIOCLBIC: {
        const m = this.compat();
        setLocal(m, cmd, int() & 0xffff);
        this.setCompat(m);
        return undefined;
      }
      case TIOCSPGRP: {
        const pgrp = int();
        if (p) {
          // tcsetpgrp: only on one's controlling terminal, only to a group of one's session.
          if (p.u.ttyp !== this) throw new Errno(ENOTTY);
          if (pgrp <= 0 || !this.groupInSession(pgrp, p.sid)) throw new Errno(EPERM);
        }
        this.pgrp = pgrp;
        return undefined;
      }
      case TIOCGPGRP:
        return be32(this.pgrp);
      case TIOCSCTTY:
        // A session leader without a controlling terminal takes this one, if no session has it.
        if (!p || p.sid !== p.pid || (p.u.ttyp !== null && p.u.ttyp !== this)) throw new Errno(EPERM);
        if (this.sid !== 0 && this.sid !== p.sid) throw new Errno(EPERM);
        this.acquire(p, this.dev);
        return undefined;
      case FIONREAD:
        return be32(this.canq.filter((c) => c >= 0).length);
      case TIOCOUTQ:
        return be32(this.outq.length);
      case TIOCFLUSH: {
        // 4.3BSD's ttyflush: FREAD (1) the input, FWRITE (2) the output; 0 means both.
        let which = int() & 3;
        if (which === 0) which = 3;
        this.flush(which);
        return undefined;
      }
      case TIOCSTOP:
        this.stopped = true;
        return undefined;
      case TIOCSTART:
        this.stopped = false;
        this.start();
        return undefined;
      case TIOCSTI:
        // As if typed: on one's own controlling terminal, or by the super-user.
        need(1);
        if (p && p.u.ttyp !== this && !p.cred.isSuperuser()) throw new Errno(EPERM);
        this.input(arg[0]);
        return undefined;
      case TIOCGWINSZ: {
        const b = new Uint8Array(8);
        const v = new DataView(b.buffer);
        this.winsize.forEach((x, i) => {
          v.setUint16(2 * i, x);
        });
        return b;
      }
      case TIOCSWINSZ: {
        need(8);
        const v = new DataView(arg.buffer, arg.byteOffset, 8);
        this.setWinsize([0, 1, 2, 3].map((i) => v.getUint16(2 * i)));
        return undefined;
      }
      case TIOCGSIZE: {
        // Sun's struct ttysize {ts_lines, ts_cols, 2 spare}.
        const b = new Uint8Array(16);
        const v = new DataView(b.buffer);
        v.setInt32(0, this.winsize[0]);
        v.setInt32(4, this.winsize[1]);
        return b;
      }
      case TIOCSSIZE: {
        need(16);
        const v = new DataView(arg.buffer, arg.byteOffset, 16);
        this.setWinsize([v.getInt32(0) & 0xffff, v.getInt32(4) & 0xffff, this.winsize[2], this.winsize[3]]);
        return undefined;
      }
      case TIOCEXCL:
        this.exclusive = true;
        return undefined;
      case TIOCNXCL:
        this.exclusive = false;
        return undefined;
      case TIOCHPCL:
        this.t.cflag |= HUPCL;
        return undefined;
      case TIOCGETD:
        return be32(this.t.line);
      case TIOCSETD: {
        const d = int();
        if (d !== OTTYDISC && d !== NTTYDISC) throw new Errno(ENXIO);
        this.t.line = d;
        return undefined;
      }
      default:
        throw new Errno(ENOTTY);
    }
  }

  /** A new window size; the foreground group hears of a change (SIGWINCH). */
  private setWinsize(ws: number[]): void {
    const changed = ws.some((x, i) => x !== this.winsize[i]);
    this.winsize = ws;
    if (changed && this.pgrp) this.signalGroup(this.pgrp, SIGWINCH);
  }
}

/** What a non-blocking read does with nothing more to wait for: true once it must return. */
function nbioNow(flags: number): boolean {
  return (flags & FNBIOMODES) !== 0;
}

/** Modes a program sets: a speed the line has, and nothing that would make the terminal unusable to the kernel. */
function checkModes(t: Termios, now: Termios): Termios {
  if ((t.cflag & CBAUD) === 0) t.cflag |= now.cflag & CBAUD || B9600; // B0 would hang up; the console keeps its speed
  return t;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === TAB;
}

/** How many columns echoing c takes. */
function echoWidth(c: number, lflag: number): number {
  if ((c < 0x20 && c !== TAB && c !== NL) || c === 0x7f) return lflag & ECHOCTL ? 2 : 0;
  return 1;
}

function be32(v: number): Uint8Array {
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}
