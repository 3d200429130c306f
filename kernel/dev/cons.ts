/**
 * The console and the memory devices as character devices:
 * /dev/console and /dev/tty (the controlling terminal, which is the console
 * until sessions exist) go to the console's tty; /dev/null swallows writes
 * and reads end of file.
 */
import { ENXIO, Errno } from '../errno.js';
import type { Proc } from '../proc/proc.js';
import type { Scheduler } from '../proc/sched.js';
import type { CharDevice } from './devsw.js';
import { NULL_MINOR } from './devsw.js';
import type { Tty } from './tty.js';

export class ConsoleDevice implements CharDevice {
  constructor(
    private readonly tty: Tty,
    private readonly sched: Scheduler,
  ) {}

  private get curproc(): Proc {
    return this.sched.curproc as Proc;
  }
  read(_minor: number, count: number): Generator<void, Uint8Array, void> {
    return this.tty.read(this.curproc, count);
  }
  write(_minor: number, data: Uint8Array): Generator<void, number, void> {
    return this.tty.write(this.curproc, data);
  }
  ioctl(_minor: number, cmd: number, arg: Uint8Array): Uint8Array | undefined {
    return this.tty.ioctl(cmd, arg);
  }
  ready(_minor: number, write: boolean): boolean {
    return write || this.tty.readable();
  }
}

export class MemDevice implements CharDevice {
  private check(minor: number): void {
    if (minor !== NULL_MINOR) throw new Errno(ENXIO);
  }
  read(minor: number): Uint8Array {
    this.check(minor);
    return new Uint8Array(0);
  }
  write(minor: number, data: Uint8Array): number {
    this.check(minor);
    return data.length;
  }
  ioctl(): undefined {
    return undefined;
  }
  ready(): boolean {
    return true;
  }
}
