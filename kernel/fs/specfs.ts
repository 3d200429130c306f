/**
 * Special files (SunOS's specfs): a device file found in a directory is
 * named by the file system that holds it, but reading, writing and ioctl go
 * to the device's driver through the device switch.
 */

import { type CharDevice, major, minor } from '../dev/devsw.js';
import { ENXIO, Errno } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import { type KResult, kwait, type Vattr, Vnode } from './vnode.js';

export class SpecVnode extends Vnode {
  constructor(
    /** The file system's vnode for the device file (its name, owner, mode). */
    private readonly real: Vnode,
    readonly rdev: number,
    private readonly driver: CharDevice,
  ) {
    super(real.type);
    real.hold();
  }

  getattr(): Vattr {
    return this.real.getattr();
  }
  override setattr(attrs: Parameters<Vnode['setattr']>[0], cred: Ucred): void {
    this.real.setattr(attrs, cred);
  }
  override open(flags: number, cred: Ucred): void {
    this.driver.open?.(minor(this.rdev), flags, cred);
  }
  override close(flags: number): void {
    this.driver.close?.(minor(this.rdev), flags);
  }
  override read(_offset: number, count: number, flags: number): KResult<Uint8Array> {
    return this.driver.read(minor(this.rdev), count, flags);
  }
  override write(_offset: number, data: Uint8Array, flags: number): KResult<number> {
    return this.driver.write(minor(this.rdev), data, flags);
  }
  /** A process's ioctl: the driver's job-control check (it may sleep), then the request. */
  override *ioctl(cmd: number, arg: Uint8Array): Generator<void, Uint8Array | undefined, void> {
    yield* kwait(this.driver.ioctlCheck?.(minor(this.rdev), cmd));
    return this.driver.ioctl(minor(this.rdev), cmd, arg);
  }
  override ready(write: boolean): boolean {
    return this.driver.ready(minor(this.rdev), write);
  }
  protected override inactive(): void {
    this.real.release();
  }
}

/** Wrap a device file's vnode so that its I/O reaches the driver (ENXIO for an unknown major). */
export function specvp(real: Vnode, rdev: number, cdevsw: Map<number, CharDevice>): SpecVnode {
  const driver = cdevsw.get(major(rdev));
  if (!driver) throw new Errno(ENXIO);
  return new SpecVnode(real, rdev, driver);
}
