/**
 * Pseudo-terminals (4.3BSD's tty_pty.c): pairs of character devices that
 * behave as a terminal line with a program at the other end instead of a
 * serial port. The slave, /dev/ttypN (pts, character major 20 as on SunOS
 * 4 for the Sun-3), is a full terminal — the line discipline of tty.ts with
 * its editing, echo, modes and job control, and a controlling terminal
 * for whoever opens it without one. The master, /dev/ptypN (ptc, major 21),
 * is the other end of the line: what is written to it is typed at the
 * slave, and what the slave's programs write (and the echo) is read from
 * it. rlogind puts a login session on a slave and copies between the
 * master and the network.
 *
 * - The master is opened first, by one process at a time (a second open is
 *   EIO: the pair is in use — how programs find a free one, trying ptyp0,
 *   ptyp1 ...); each such open starts a fresh terminal, in the modes the
 *   console starts with (cooked, echo, crmod). Opening the slave of a pair
 *   whose master is closed is EIO.
 * - Master writes feed the slave's input, waiting while it holds TTYHOG
 *   characters a reader could take; before the slave is first opened they
 *   wait for it. Master reads take the slave's output, waiting for some.
 * - When the slave's last descriptor closes, master reads return what is
 *   left and then end of file, and master writes fail with EIO: the session
 *   is over. When the master closes, the slave is hung up: its foreground
 *   process group gets SIGHUP, its reads return 0 and its writes EIO.
 * - Packet mode (TIOCPKT on the master): each read begins with a status
 *   byte, TIOCPKT_DATA (0) before data, or a read of that byte alone with
 *   TIOCPKT_FLUSHREAD / TIOCPKT_FLUSHWRITE when the slave's queues were
 *   flushed (TIOCFLUSH), so that rlogind can throw away output it holds.
 * - The window size (TIOCGWINSZ, TIOCSWINSZ, on either side): a struct
 *   winsize kept with the pair; a change sends SIGWINCH to the slave's
 *   foreground process group.
 * - select: the master is readable with output (or a packet status, or
 *   end of file) waiting, writable when the slave has room for input.
 */
import { EINTR, EINVAL, EIO, ENXIO, Errno } from '../errno.js';
import { FNBIOMODES, nbio } from '../fs/file.js';
import { TTIPRI, TTOPRI } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { type Scheduler, tsleep } from '../proc/sched.js';
import { SIGWINCH } from '../proc/signal.js';
import type { CharDevice } from './devsw.js';
import { makedev, PTS_MAJOR } from './devsw.js';
import { FIONREAD, TIOCFLUSH, Tty } from './tty.js';

/** Pairs: ptyp0 ... ptypf and ttyp0 ... ttypf. */
export const NPTY = 16;
/** The most input a master writer may leave waiting for a reader (4.3BSD's TTYHOG). */
export const TTYHOG = 256;

const IOC_OUT = 0x40000000;
const IOC_IN = 0x80000000;
const ioc = (dir: number, size: number, n: number) => (dir | (size << 16) | (0x74 << 8) | n) >>> 0;
/** Packet mode on or off (an int), on the master. */
export const TIOCPKT = ioc(IOC_IN, 4, 112);
/** The window size: struct winsize {ws_row, ws_col, ws_xpixel, ws_ypixel}, unsigned shorts. */
export const TIOCGWINSZ = ioc(IOC_OUT, 8, 104);
export const TIOCSWINSZ = ioc(IOC_IN, 8, 103);
/** Packet mode's status byte. */
export const TIOCPKT_DATA = 0x00;
export const TIOCPKT_FLUSHREAD = 0x01;
export const TIOCPKT_FLUSHWRITE = 0x02;

/** One pair's state (4.3BSD's struct pt_ioctl with its tty). */
class Pty {
  /** The terminal: made when the master is opened (unless a slave still holds the old one). */
  tty: Tty | null = null;
  masterOpen = false;
  /** Open files on the slave (its driver is told of each last close of a File). */
  slaveOpens = 0;
  /** The slave was opened since the master was, and is all closed now: the master reads end of file. */
  slaveGone = false;
  /** Packet mode, and the status bits waiting to be read (4.3BSD's pt_send). */
  pkt = false;
  send = 0;
  winsize = new Uint8Array(8);
  /** Wait channels: master readers, master writers. */
  readonly masterIn = {};
  readonly masterOut = {};
}

/** What the driver needs of the kernel. */
export interface PtyHost {
  readonly sched: Scheduler;
  /** Send a signal to a process group. */
  gsignal(pgrp: number, sig: number): void;
  /** Something became readable or writable (select). */
  selwakeup(): void;
}

/** The pairs, and the two devices over them. */
export class PtyDriver {
  private readonly ptys = Array.from({ length: NPTY }, () => new Pty());
  readonly master: CharDevice;
  readonly slave: CharDevice;

  constructor(private readonly host: PtyHost) {
    this.master = new PtcDevice(this);
    this.slave = new PtsDevice(this);
  }

  get sched(): Scheduler {
    return this.host.sched;
  }
  get curproc(): Proc {
    return this.host.sched.curproc as Proc;
  }
  selwakeup(): void {
    this.host.selwakeup();
  }

  pty(minor: number): Pty {
    const pt = this.ptys[minor];
    if (!pt) throw new Errno(ENXIO);
    return pt;
  }

  /** A new terminal for a pair: its output wakes the master's readers. */
  newTty(pt: Pty): Tty {
    const tp = new Tty(this.sched, () => {
      this.sched.wakeup(pt.masterIn);
      this.host.selwakeup();
    });
    tp.signalGroup = (g, sig) => this.host.gsignal(g, sig);
    tp.selwakeup = () => this.host.selwakeup();
    return tp;
  }

  /** Wake everyone who waits on the pair (both sides, and select). */
  wakeAll(pt: Pty): void {
    this.sched.wakeup(pt.masterIn);
    this.sched.wakeup(pt.masterOut);
    this.host.selwakeup();
  }

  /** The window-size ioctls (either side); undefined for any other request. */
  winsize(pt: Pty, cmd: number, arg: Uint8Array): Uint8Array | undefined | null {
    if (cmd === TIOCGWINSZ) return pt.winsize.slice();
    if (cmd !== TIOCSWINSZ) return null;
    if (arg.length < 8) throw new Errno(EINVAL);
    const changed = arg.some((b, i) => b !== pt.winsize[i]);
    pt.winsize = arg.slice(0, 8);
    if (changed && pt.tty?.pgrp) this.host.gsignal(pt.tty.pgrp, SIGWINCH);
    return undefined;
  }

  /** TIOCFLUSH on either side: the queues, and the news for a master in packet mode. */
  flush(pt: Pty, tp: Tty, arg: Uint8Array): void {
    if (arg.length < 4) throw new Errno(EINVAL);
    let which = arg[3] & 3;
    if (which === 0) which = 3;
    tp.ioctl(TIOCFLUSH, arg);
    if (pt.pkt) {
      if (which & 1) pt.send |= TIOCPKT_FLUSHREAD;
      if (which & 2) pt.send |= TIOCPKT_FLUSHWRITE;
      this.wakeAll(pt);
    }
  }
}

/** The slave, /dev/ttypN: a terminal (ptsopen, ptsclose, ptsread, ptswrite). */
class PtsDevice implements CharDevice {
  constructor(private readonly d: PtyDriver) {}

  /** The terminal of a slave (kernel/pm/pm_tty.ts serves it to a migrated process). */
  ttyOf(minor: number): Tty {
    return this.tty(minor);
  }
  private tty(minor: number): Tty {
    const tp = this.d.pty(minor).tty;
    if (!tp) throw new Errno(EIO);
    return tp;
  }

  open(minor: number, flags: number): void {
    const pt = this.d.pty(minor);
    if (!pt.masterOpen || !pt.tty) throw new Errno(EIO); // nobody at the other end
    pt.slaveOpens++;
    pt.slaveGone = false;
    pt.tty.open(this.d.curproc, makedev(PTS_MAJOR, minor), flags);
    this.d.wakeAll(pt); // master writers wait for the slave
  }

  close(minor: number): void {
    const pt = this.d.pty(minor);
    if (--pt.slaveOpens > 0) return;
    pt.slaveOpens = 0;
    // The last close (4.3BSD's ttyclose): typed-ahead input goes, the
    // terminal has no process group any more, and the master hears the
    // end; output not yet read stays for it.
    const tp = pt.tty;
    if (tp) {
      tp.ioctl(TIOCFLUSH, Uint8Array.of(0, 0, 0, 1));
      tp.pgrp = 0;
    }
    if (pt.masterOpen) pt.slaveGone = true;
    else pt.tty = null;
    this.d.wakeAll(pt);
  }

  *read(minor: number, count: number, flags: number): Generator<void, Uint8Array, void> {
    const pt = this.d.pty(minor);
    const data = yield* this.tty(minor).read(this.d.curproc, count, flags);
    // Room in the input: a master writer may go on.
    this.d.sched.wakeup(pt.masterOut);
    this.d.selwakeup();
    return data;
  }

  write(minor: number, data: Uint8Array, flags: number): Generator<void, number, void> {
    return this.tty(minor).write(this.d.curproc, data, flags);
  }

  ioctl(minor: number, cmd: number, arg: Uint8Array): Uint8Array | undefined {
    const pt = this.d.pty(minor);
    const tp = this.tty(minor);
    const w = this.d.winsize(pt, cmd, arg);
    if (w !== null) return w;
    if (cmd === TIOCFLUSH) {
      this.d.flush(pt, tp, arg);
      return undefined;
    }
    return tp.ioctl(cmd, arg);
  }

  ioctlCheck(minor: number, cmd: number): Generator<void, void, void> | undefined {
    return this.tty(minor).ioctlCheck(this.d.curproc, cmd);
  }

  ready(minor: number, write: boolean): boolean {
    const tp = this.d.pty(minor).tty;
    if (!tp?.carrier) return true; // the read or write will say so at once
    return write ? tp.writable() : tp.readable();
  }
}

/** The master, /dev/ptypN: the other end of the line (ptcopen, ptcclose, ptcread, ptcwrite). */
class PtcDevice implements CharDevice {
  constructor(private readonly d: PtyDriver) {}

  open(minor: number): void {
    const pt = this.d.pty(minor);
    if (pt.masterOpen) throw new Errno(EIO); // in use
    pt.masterOpen = true;
    if (!pt.tty || pt.slaveOpens === 0) pt.tty = this.d.newTty(pt);
    pt.tty.carrier = true;
    pt.slaveGone = false;
    pt.pkt = false;
    pt.send = 0;
    pt.winsize = new Uint8Array(8);
  }

  close(minor: number): void {
    const pt = this.d.pty(minor);
    pt.masterOpen = false;
    pt.tty?.hangup();
    if (pt.slaveOpens === 0) pt.tty = null;
    pt.slaveGone = false;
    this.d.wakeAll(pt);
  }

  *read(minor: number, count: number, flags: number): Generator<void, Uint8Array, void> {
    const pt = this.d.pty(minor);
    const p = this.d.curproc;
    for (;;) {
      const tp = pt.tty;
      if (pt.pkt && pt.send) {
        const status = pt.send;
        pt.send = 0;
        return Uint8Array.of(status);
      }
      if (tp && tp.outq.length > 0) {
        const out: number[] = pt.pkt ? [TIOCPKT_DATA] : [];
        while (out.length < count && tp.outq.length > 0) {
          out.push(tp.outq.shift() as number);
          tp.drained();
        }
        return Uint8Array.from(out);
      }
      if (pt.slaveGone || !tp) return new Uint8Array(0); // the session is over: end of file
      if (nbio(flags) === 'zero') return new Uint8Array(0);
      yield* tsleep(this.d.sched, p, pt.masterIn, TTIPRI, 'ptcin');
    }
  }

  /** Room for more input: a reader has less than TTYHOG waiting, or nothing complete to take. */
  private room(tp: Tty): boolean {
    return tp.inputCount() < TTYHOG - 2 || !tp.readable();
  }

  *write(minor: number, data: Uint8Array, flags: number): Generator<void, number, void> {
    const pt = this.d.pty(minor);
    const p = this.d.curproc;
    let done = 0;
    for (;;) {
      const tp = pt.tty;
      if (!tp || pt.slaveGone) {
        if (done > 0) return done;
        throw new Errno(EIO);
      }
      if (pt.slaveOpens > 0) {
        while (done < data.length && this.room(tp)) tp.input(data[done++]);
        if (done === data.length) return done;
      }
      // Non-blocking: what fitted (EWOULDBLOCK or EAGAIN if nothing did).
      if (done > 0 && flags & FNBIOMODES) return done;
      if (nbio(flags) === 'zero') return done;
      try {
        yield* tsleep(this.d.sched, p, pt.masterOut, TTOPRI, 'ptcout');
      } catch (e) {
        if (e instanceof Errno && e.errno === EINTR && done > 0) return done;
        throw e;
      }
    }
  }

  ioctl(minor: number, cmd: number, arg: Uint8Array): Uint8Array | undefined {
    const pt = this.d.pty(minor);
    const tp = pt.tty;
    if (!tp) throw new Errno(EIO);
    const w = this.d.winsize(pt, cmd, arg);
    if (w !== null) return w;
    switch (cmd) {
      case TIOCPKT:
        if (arg.length < 4) throw new Errno(EINVAL);
        pt.pkt = (arg[0] | arg[1] | arg[2] | arg[3]) !== 0;
        if (!pt.pkt) pt.send = 0;
        return undefined;
      case FIONREAD: {
        // On the master: the slave's output waiting to be read.
        const n = tp.outq.length;
        return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
      }
      case TIOCFLUSH:
        this.d.flush(pt, tp, arg);
        return undefined;
      default:
        // The terminal's own requests (modes, process group) work on the master too, as in 4.3BSD.
        return tp.ioctl(cmd, arg);
    }
  }

  ready(minor: number, write: boolean): boolean {
    const pt = this.d.pty(minor);
    const tp = pt.tty;
    if (!tp || pt.slaveGone) return true; // end of file, or EIO: at once
    if (write) return pt.slaveOpens > 0 && this.room(tp);
    return (pt.pkt && pt.send !== 0) || tp.outq.length > 0;
  }
}
