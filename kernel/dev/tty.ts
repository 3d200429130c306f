/**
 * The terminal line discipline (4.3BSD's tty.c with the sgttyb interface):
 * input editing in cooked mode (erase, kill, end of file), echo, CR/NL
 * mapping, the raw and cbreak modes a full-screen program asks for with
 * TIOCSETP, the local mode word (TIOCLGET/TIOCLSET; LTOSTOP), and job
 * control: the foreground process group, SIGTTIN for a background reader,
 * SIGTTOU for a background process that changes the terminal (or writes
 * to it, with LTOSTOP), as 4.3BSD's "new" line discipline (NTTYDISC, the
 * one csh uses) does. The device driver below (zs.ts) feeds received
 * characters to input() and takes output from the queue.
 */
import { EINTR, EINVAL, EIO, ENOTTY, Errno } from '../errno.js';
import { FNBIOMODES, nbio } from '../fs/file.js';
import { TTIPRI, TTOPRI } from '../param.js';
import { type Proc, SVFORK } from '../proc/proc.js';
import { type Scheduler, tsleep } from '../proc/sched.js';
import { SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, sigmask } from '../proc/signal.js';

/** sg_flags bits (sgtty.h). */
export const TANDEM = 0x01;
export const CBREAK = 0x02;
export const LCASE = 0x04;
export const ECHO = 0x08;
export const CRMOD = 0x10;
export const RAW = 0x20;
export const ODDP = 0x40;
export const EVENP = 0x80;

/** ioctl commands, encoded as 4.3BSD does: direction, size, group 't', number. */
const IOC_OUT = 0x40000000;
const IOC_IN = 0x80000000;
const ioc = (dir: number, size: number, n: number) => (dir | (size << 16) | (0x74 << 8) | n) >>> 0;
export const TIOCGETP = ioc(IOC_OUT, 6, 8);
export const TIOCSETP = ioc(IOC_IN, 6, 9);
export const TIOCSETN = ioc(IOC_IN, 6, 10);
export const FIONREAD = (IOC_OUT | (4 << 16) | (0x66 << 8) | 127) >>> 0;
export const TIOCSPGRP = ioc(IOC_IN, 4, 118);
export const TIOCGPGRP = ioc(IOC_OUT, 4, 119);
/** Flush the input and/or output queues (the argument: FREAD 1, FWRITE 2; 0 both). */
export const TIOCFLUSH = ioc(IOC_IN, 4, 16);
/** The local mode word (4.3BSD's t_local): set bits, clear bits, set, get. */
export const TIOCLBIS = ioc(IOC_IN, 4, 127);
export const TIOCLBIC = ioc(IOC_IN, 4, 126);
export const TIOCLSET = ioc(IOC_IN, 4, 125);
export const TIOCLGET = ioc(IOC_OUT, 4, 124);
/** Give up the controlling terminal (on /dev/tty; see cons.ts). */
export const TIOCNOTTY = (0x20000000 | (0x74 << 8) | 113) >>> 0;

/** SunOS's O_NOCTTY: open a terminal without making it the controlling terminal. */
export const FNOCTTY = 0x8000;

/**
 * Local mode bits (4.3BSD's LCRTBS ... LNOFLSH, the high half of the
 * sg_flags word moved down 16 bits). The word keeps every bit a program
 * sets; only LTOSTOP does anything here: background writes get SIGTTOU.
 */
export const LCRTBS = 0x0001;
export const LPRTERA = 0x0002;
export const LCRTERA = 0x0004;
export const LTOSTOP = 0x0040;
export const LCRTKIL = 0x0400;
export const LCTLECH = 0x1000;

/** The requests that change a terminal, which a background process may not make (4.3BSD's ttioctl). */
const MODE_CHANGES = new Set([TIOCSETP, TIOCSETN, TIOCSPGRP, TIOCFLUSH, TIOCLBIS, TIOCLBIC, TIOCLSET]);

/** Signal-generating characters (4.3BSD's tchars defaults). */
const CINTR = 0x03; // ^C: SIGINT
const CQUIT = 0x1c; // ^\: SIGQUIT
const CSUSP = 0x1a; // ^Z: SIGTSTP

const CEOF = 0x04; // ^D
const CERASE = 0x7f; // DEL, SunOS's default erase
const CERASE2 = 0x08; // ^H, accepted too
const CKILL = 0x15; // ^U
/** Output queue limit above which writers wait. */
const OUT_HIWAT = 1024;

/** The modes a terminal starts with, and `stty sane` goes back to. */
export const DEFAULT_FLAGS = ECHO | CRMOD;

export class Tty {
  flags = DEFAULT_FLAGS;
  /** The local mode word (TIOCLGET): LTOSTOP and bits kept for programs that set them. */
  local = 0;
  erase = CERASE;
  kill = CKILL;
  ispeed = 13; // B9600
  ospeed = 13;
  /** Characters received and not yet read: complete lines in cooked mode. */
  private readonly canq: number[] = [];
  /** The line being edited (cooked mode). */
  private line: number[] = [];
  /** Lines (or EOFs) ready in canq, counted by their terminators. */
  private linesReady = 0;
  /** Output waiting for the transmitter. */
  readonly outq: number[] = [];
  /** The foreground process group: the one the terminal's signals go to, and the one that may read. */
  pgrp = 0;
  /** Send a signal to a process group (the kernel's gsignal). */
  signalGroup: (pgrp: number, sig: number) => void = () => {};
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

  constructor(
    private readonly sched: Scheduler,
    /** Tell the driver there is output to send. */
    private readonly start: () => void,
  ) {}

  private get raw(): boolean {
    return (this.flags & (RAW | CBREAK)) !== 0;
  }

  /** A character from the line (called by the driver's receive interrupt). */
  input(c: number): void {
    c &= 0xff;
    if (!(this.flags & RAW)) {
      c &= 0x7f;
      if (c === 0x0d && this.flags & CRMOD) c = 0x0a;
    }
    if (!(this.flags & RAW) && (c === CINTR || c === CQUIT || c === CSUSP)) {
      // The interrupt characters: flush what was typed and signal the foreground group.
      this.line = [];
      if (this.flags & ECHO) this.echo(c);
      if (c !== CSUSP) this.output([0x0a]);
      if (this.pgrp) this.signalGroup(this.pgrp, c === CINTR ? SIGINT : c === CQUIT ? SIGQUIT : SIGTSTP);
      return;
    }
    if (this.raw) {
      this.canq.push(c);
      this.selwakeup();
      if (this.flags & ECHO) this.echo(c);
      this.sched.wakeup(this.canq);
      return;
    }
    if (c === this.erase || c === CERASE2) {
      if (this.line.length > 0) {
        this.line.pop();
        if (this.flags & ECHO) this.output([0x08, 0x20, 0x08]);
      }
      return;
    }
    if (c === this.kill) {
      this.line = [];
      if (this.flags & ECHO) this.output([...'^U\n'].map((ch) => ch.charCodeAt(0)));
      return;
    }
    if (c === CEOF) {
      // End of file: whatever is on the line becomes readable; alone, a read of 0.
      this.canq.push(...this.line, -1);
      this.line = [];
      this.linesReady++;
      this.sched.wakeup(this.canq);
      this.selwakeup();
      return;
    }
    this.line.push(c);
    if (this.flags & ECHO) this.echo(c);
    if (c === 0x0a) {
      this.canq.push(...this.line);
      this.line = [];
      this.linesReady++;
      this.sched.wakeup(this.canq);
      this.selwakeup();
    }
  }

  private echo(c: number): void {
    if (c < 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x08) this.output([0x5e, c + 0x40]);
    else this.output([c]);
  }

  /** Queue output, mapping NL to CR NL in CRMOD; start the transmitter. */
  output(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === 0x0a && this.flags & CRMOD && !(this.flags & RAW)) this.outq.push(0x0d);
      this.outq.push(c);
    }
    this.start();
  }

  /** Is there something to read now? */
  readable(): boolean {
    return this.raw ? this.canq.length > 0 : this.linesReady > 0;
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
    this.sched.wakeup(this.outq);
    this.selwakeup();
  }

  /**
   * Open (4.3BSD's ttyopen): a process with no process group (p_pgrp 0:
   * one that gave up its controlling terminal with TIOCNOTTY) that opens a
   * terminal gets it as its controlling terminal, and joins the terminal's
   * process group — which becomes its own if the terminal has none. SunOS's
   * O_NOCTTY asks for the open alone.
   */
  open(p: Proc, dev: number, flags: number): void {
    if (p.pgrp !== 0 || flags & FNOCTTY) return;
    p.u.ttyp = this;
    p.u.ttyd = dev;
    if (this.pgrp === 0) this.pgrp = p.pid;
    p.pgrp = this.pgrp;
  }

  /**
   * read() (4.3BSD's ttread): wait for a line (cooked) or a character (raw,
   * cbreak), then take up to count bytes.
   *
   * - A process that reads its controlling terminal from outside the
   *   terminal's foreground process group is sent SIGTTIN (its whole group
   *   is), which stops it before it sleeps; it looks again once continued
   *   and a second has passed (lbolt). If it ignores or blocks SIGTTIN (or is
   *   a vfork child) it could never stop, and gets EIO instead.
   * - In cooked mode a read ends at a newline, or at the end-of-file
   *   character (^D), which is not passed on: "abc^D" reads as "abc", and
   *   the next read waits; ^D at the start of a line reads as 0 bytes.
   * - With nothing to read, a non-blocking descriptor does not wait (nbio).
   */
  *read(p: Proc, count: number, flags = 0): Generator<void, Uint8Array, void> {
    for (;;) {
      if (this.background(p)) {
        if (!this.mayStop(p, SIGTTIN)) throw new Errno(EIO);
        this.signalGroup(p.pgrp, SIGTTIN);
        yield* tsleep(this.sched, p, this.sched.lbolt, TTIPRI, 'ttybg');
        continue;
      }
      if (this.readable()) break;
      if (!this.carrier) return new Uint8Array(0); // hung up: end of file
      if (nbio(flags) === 'zero') return new Uint8Array(0);
      this.readWait(p);
      yield* tsleep(this.sched, p, this.canq, TTIPRI, 'ttyin');
    }
    const out: number[] = [];
    while (out.length < count && this.canq.length > 0) {
      const c = this.canq.shift() as number;
      if (c === -1) {
        // The end-of-file character: it ends this read and is discarded.
        this.linesReady--;
        break;
      }
      out.push(c);
      if (!this.raw && c === 0x0a) {
        this.linesReady--;
        break;
      }
    }
    return new Uint8Array(out);
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
   * with LTOSTOP set: send SIGTTOU to its process group and wait (on lbolt,
   * a second at most) until that has stopped it and it has been continued,
   * then look again — so after `fg` it goes on, after `bg` it stops again.
   * A process that cannot stop (it ignores or blocks SIGTTOU, or is a vfork
   * child) goes ahead, as in 4.3BSD. Returns at once for everyone else.
   */
  private *ttou(p: Proc): Generator<void, void, void> {
    while (this.background(p) && this.mayStop(p, SIGTTOU)) {
      this.signalGroup(p.pgrp, SIGTTOU);
      yield* tsleep(this.sched, p, this.sched.lbolt, TTOPRI, 'ttybg');
    }
  }

  /**
   * Job control before an ioctl (4.3BSD's ttioctl): the requests that change
   * the terminal — its modes, its foreground group, its local modes, a
   * flush — may not be made by a background process (see ttou); the others
   * (TIOCGETP, TIOCGPGRP, FIONREAD ...) may. Returns undefined when there
   * is nothing to wait for.
   */
  ioctlCheck(p: Proc, cmd: number): Generator<void, void, void> | undefined {
    if (!MODE_CHANGES.has(cmd) || !this.background(p) || !this.mayStop(p, SIGTTOU)) return undefined;
    return this.ttou(p);
  }

  /**
   * write(): queue the bytes, waiting while the output queue is full. On a
   * non-blocking descriptor it takes what fits and returns that count
   * (EWOULDBLOCK or EAGAIN if nothing fits); a write that a signal
   * interrupts after some bytes went out returns their count.
   */
  *write(p: Proc, data: Uint8Array, flags = 0): Generator<void, number, void> {
    let done = 0;
    while (done < data.length) {
      // LTOSTOP: background output stops its job (4.3BSD's ttwrite), before each piece.
      if (this.local & LTOSTOP) {
        try {
          yield* this.ttou(p);
        } catch (e) {
          if (e instanceof Errno && e.errno === EINTR && done > 0) return done;
          throw e;
        }
      }
      while (this.outq.length >= OUT_HIWAT) {
        if (done > 0 && flags & FNBIOMODES) return done;
        if (nbio(flags) === 'zero') return done;
        try {
          yield* tsleep(this.sched, p, this.outq, TTOPRI, 'ttyout');
        } catch (e) {
          if (e instanceof Errno && e.errno === EINTR && done > 0) return done;
          throw e;
        }
      }
      if (!this.carrier) {
        // Hung up (before or while waiting for room): what went out counts, else EIO.
        if (done > 0) return done;
        throw new Errno(EIO);
      }
      const n = Math.min(data.length - done, OUT_HIWAT - this.outq.length);
      this.output(data.subarray(done, done + n));
      done += n;
    }
    return done;
  }

  /** Is there room in the output queue (select for writing)? */
  writable(): boolean {
    return this.outq.length < OUT_HIWAT;
  }

  /** The driver took characters from outq: wake writers (and select) once it has drained enough. */
  drained(): void {
    if (this.outq.length === OUT_HIWAT / 2 - 1) {
      this.sched.wakeup(this.outq);
      this.selwakeup();
    }
  }

  /**
   * The terminal ioctls: TIOCGETP / TIOCSETP / TIOCSETN (struct sgttyb),
   * TIOCGPGRP / TIOCSPGRP, TIOCLGET / TIOCLSET / TIOCLBIS / TIOCLBIC (the
   * local mode word), TIOCFLUSH and FIONREAD; anything else is ENOTTY. A
   * process's request goes through ioctlCheck first (job control); the host
   * (sun3lab run turning echo off) calls this directly.
   */
  ioctl(cmd: number, arg: Uint8Array): Uint8Array | undefined {
    switch (cmd) {
      case TIOCGETP: {
        const b = new Uint8Array(6);
        b[0] = this.ispeed;
        b[1] = this.ospeed;
        b[2] = this.erase;
        b[3] = this.kill;
        b[4] = this.flags >> 8;
        b[5] = this.flags & 0xff;
        return b;
      }
      case TIOCSETP:
      case TIOCSETN: {
        if (arg.length < 6) throw new Errno(EINVAL);
        const wasRaw = this.raw;
        this.ispeed = arg[0];
        this.ospeed = arg[1];
        this.erase = arg[2];
        this.kill = arg[3];
        this.flags = (arg[4] << 8) | arg[5];
        if (wasRaw !== this.raw && !this.raw)
          this.linesReady = this.canq.filter((c) => c === 0x0a || c === -1).length;
        if (!wasRaw && this.raw) {
          // Going raw: the partial line becomes input at once.
          this.canq.push(...this.line);
          this.line = [];
        }
        return undefined;
      }
      case TIOCSPGRP:
        if (arg.length < 4) throw new Errno(EINVAL);
        this.pgrp = (arg[0] << 24) | (arg[1] << 16) | (arg[2] << 8) | arg[3];
        return undefined;
      case TIOCGPGRP:
        return be32(this.pgrp);
      case FIONREAD:
        return be32(this.canq.filter((c) => c >= 0).length);
      case TIOCLGET:
        return be32(this.local);
      case TIOCLSET:
      case TIOCLBIS:
      case TIOCLBIC: {
        if (arg.length < 4) throw new Errno(EINVAL);
        const bits = ((arg[0] << 24) | (arg[1] << 16) | (arg[2] << 8) | arg[3]) & 0xffff;
        this.local = cmd === TIOCLSET ? bits : cmd === TIOCLBIS ? this.local | bits : this.local & ~bits;
        return undefined;
      }
      case TIOCFLUSH: {
        // 4.3BSD's ttyflush: FREAD (1) the input, FWRITE (2) the output; 0 means both.
        if (arg.length < 4) throw new Errno(EINVAL);
        let which = arg[3] & 3;
        if (which === 0) which = 3;
        if (which & 1) {
          this.canq.length = 0;
          this.line = [];
          this.linesReady = 0;
        }
        if (which & 2) {
          this.outq.length = 0;
          this.sched.wakeup(this.outq);
          this.selwakeup();
        }
        return undefined;
      }
      default:
        throw new Errno(ENOTTY);
    }
  }
}

function be32(v: number): Uint8Array {
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}
