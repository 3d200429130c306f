/**
 * The console and the memory devices as character devices: /dev/console
 * goes to the console's tty; /dev/tty is the controlling terminal of the
 * process using it (4.3BSD's tty_tty.c); /dev/null swallows writes and
 * reads end of file.
 */
import { ENOTTY, ENXIO, Errno } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import type { Scheduler } from '../proc/sched.js';
import type { CharDevice } from './devsw.js';
import { CONS_MAJOR, major, makedev, minor, NULL_MINOR, ZERO_MINOR } from './devsw.js';
import { TIOCNOTTY, type Tty } from './tty.js';

export class ConsoleDevice implements CharDevice {
  constructor(
    /** The console's terminal (the host asks who is reading it). */
    readonly tty: Tty,
    private readonly sched: Scheduler,
  ) {}

  private get curproc(): Proc {
    return this.sched.curproc as Proc;
  }
  open(minor: number, flags: number): void {
    this.tty.open(this.curproc, makedev(CONS_MAJOR, minor), flags);
  }
  read(_minor: number, count: number, flags: number): Generator<void, Uint8Array, void> {
    return this.tty.read(this.curproc, count, flags);
  }
  write(_minor: number, data: Uint8Array, flags: number): Generator<void, number, void> {
    return this.tty.write(this.curproc, data, flags);
  }
  ioctl(_minor: number, cmd: number, arg: Uint8Array): Uint8Array | undefined {
    return this.tty.ioctl(cmd, arg, this.sched.curproc ?? undefined);
  }
  ioctlCheck(_minor: number, cmd: number): Generator<void, void, void> | undefined {
    return this.tty.ioctlCheck(this.curproc, cmd);
  }
  ready(_minor: number, write: boolean): boolean {
    return write ? this.tty.writable() : this.tty.readable();
  }
}

/**
 * /dev/tty: whatever terminal is the controlling terminal of the process
 * using it, looked up at each operation (u_ttyd); ENXIO for a process
 * without one. TIOCNOTTY on it gives the terminal up: the process is left
 * with no controlling terminal and process group 0, and the next terminal
 * it opens becomes its controlling terminal (see Tty.open). A session
 * leader's terminal then belongs to no session.
 */
export class CttyDevice implements CharDevice {
  constructor(
    private readonly cdevsw: Map<number, CharDevice>,
    private readonly sched: Scheduler,
  ) {}

  private get curproc(): Proc {
    return this.sched.curproc as Proc;
  }
  /** The driver of the caller's controlling terminal, and its minor number. */
  private ctty(): [CharDevice, number] {
    const p = this.curproc;
    const dev = p.u.ttyd;
    const driver = p.u.ttyp && dev >= 0 ? this.cdevsw.get(major(dev)) : undefined;
    if (!driver || driver === this) throw new Errno(ENXIO);
    return [driver, minor(dev)];
  }
  open(_minor: number, flags: number, cred: Ucred): void {
    const [d, m] = this.ctty();
    d.open?.(m, flags, cred);
  }
  read(_minor: number, count: number, flags: number, offset: number) {
    const [d, m] = this.ctty();
    return d.read(m, count, flags, offset);
  }
  write(_minor: number, data: Uint8Array, flags: number, offset: number) {
    const [d, m] = this.ctty();
    return d.write(m, data, flags, offset);
  }
  ioctl(_minor: number, cmd: number, arg: Uint8Array): Uint8Array | undefined {
    const [d, m] = this.ctty();
    if (cmd === TIOCNOTTY) {
      const p = this.curproc;
      // A session leader that gives its terminal up frees it for another session (POSIX).
      const tty = p.u.ttyp as { sid?: number } | null;
      if (tty && p.sid === p.pid && tty.sid === p.sid) tty.sid = 0;
      p.u.ttyp = null;
      p.u.ttyd = -1;
      p.pgrp = 0;
      return undefined;
    }
    return d.ioctl(m, cmd, arg);
  }
  ioctlCheck(_minor: number, cmd: number) {
    if (cmd === TIOCNOTTY) return undefined;
    const [d, m] = this.ctty();
    return d.ioctlCheck?.(m, cmd);
  }
  ready(_minor: number, write: boolean): boolean {
    const p = this.curproc;
    const driver = p.u.ttyp && p.u.ttyd >= 0 ? this.cdevsw.get(major(p.u.ttyd)) : undefined;
    // Without a controlling terminal the descriptor is "ready": the read or write will say ENXIO.
    return !driver || driver === this || driver.ready(minor(p.u.ttyd), write);
  }
}

/**
 * The memory devices (SunOS's mem driver, major 3): /dev/null (minor 2)
 * reads as end of file, /dev/zero (minor 12) as an endless run of zero
 * bytes; both swallow writes. mmap of /dev/zero is handled by vm_mmap.ts
 * (it gives demand-zero memory, as on SunOS 4). Neither is a terminal:
 * every ioctl is ENOTTY, so isatty() is false for it and a shell reading
 * it does not turn on job control. (4.3BSD's mem driver has no ioctl
 * entry at all — nodev, ENODEV; ENOTTY is the answer programs expect from
 * a file that is not a terminal. FIONBIO, which the ioctl system call
 * handles for every open file, still works.)
 */
export class MemDevice implements CharDevice {
  private check(minor: number): void {
    if (minor !== NULL_MINOR && minor !== ZERO_MINOR) throw new Errno(ENXIO);
  }
  /** The read system call has already bounded count by the buffer the caller can take. */
  read(minor: number, count: number): Uint8Array {
    this.check(minor);
    return new Uint8Array(minor === ZERO_MINOR ? Math.max(0, count) : 0);
  }
  write(minor: number, data: Uint8Array): number {
    this.check(minor);
    return data.length;
  }
  ioctl(minor: number): undefined {
    this.check(minor);
    throw new Errno(ENOTTY);
  }
  ready(): boolean {
    return true;
  }
}
