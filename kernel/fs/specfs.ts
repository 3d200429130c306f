/**
 * Special files (SunOS's specfs): a device file found in a directory is
 * named by the file system that holds it, but reading, writing and ioctl go
 * to the device's driver through the device switches (dev/devsw.ts).
 *
 * A character special file hands each request to its driver (cdevsw). A
 * block special file (a disk, /dev/sd0a) is read and written here, at any
 * offset, in the device's blocks (dev/physio.ts), as 4.3BSD's block I/O
 * does through the buffer cache; its driver (bdevsw) only opens it and
 * names the device. While a file system is mounted from a block device,
 * opening that device for writing is EBUSY, so that nothing writes under
 * the file system's feet; reading it (dump, df) is allowed.
 */

import { type BlockDriver, type CharDevice, major, minor } from '../dev/devsw.js';
import { devread, devwrite } from '../dev/physio.js';
import { EBUSY, ENOTTY, ENXIO, Errno } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import { FWRITE, type KResult, kwait, type MountedFs, type Vattr, VBLK, Vnode } from './vnode.js';

/** What specfs needs of the kernel: the switches, and which block devices are in use. */
export interface DevSwitch {
  readonly cdevsw: Map<number, CharDevice>;
  readonly bdevsw: Map<number, BlockDriver>;
  /** Is a file system mounted from block device `dev`? */
  mountedOn(dev: number): boolean;
  /** How many opens of each block device for writing are still open (mount refuses such a device). */
  readonly bwriters: Map<number, number>;
}

export class SpecVnode extends Vnode {
  private readonly cdev: CharDevice | null;
  private readonly bdev: BlockDriver | null;

  constructor(
    /** The file system's vnode for the device file (its name, owner, mode). */
    private readonly real: Vnode,
    readonly rdev: number,
    private readonly sw: DevSwitch,
  ) {
    super(real.type);
    const m = major(rdev);
    this.cdev = real.type === VBLK ? null : (sw.cdevsw.get(m) ?? null);
    this.bdev = real.type === VBLK ? (sw.bdevsw.get(m) ?? null) : null;
    if (!this.cdev && !this.bdev) throw new Errno(ENXIO);
    real.hold();
  }

  private get mdev(): number {
    return minor(this.rdev);
  }
  private get chr(): CharDevice {
    return this.cdev as CharDevice;
  }
  private get blk(): BlockDriver {
    return this.bdev as BlockDriver;
  }

  getattr(): Vattr {
    return this.real.getattr();
  }
  override setattr(attrs: Parameters<Vnode['setattr']>[0], cred: Ucred): KResult<void> {
    return this.real.setattr(attrs, cred);
  }
  override revalidate(cred: Ucred): KResult<void> {
    return this.real.revalidate(cred);
  }
  override mountedFs(): MountedFs | null {
    return this.real.mountedFs();
  }
  override open(flags: number, cred: Ucred): void {
    if (!this.bdev) {
      this.chr.open?.(this.mdev, flags, cred);
      return;
    }
    this.blk.open(this.mdev, flags);
    if (flags & FWRITE) {
      if (this.sw.mountedOn(this.rdev)) throw new Errno(EBUSY);
      this.sw.bwriters.set(this.rdev, (this.sw.bwriters.get(this.rdev) ?? 0) + 1);
    }
  }
  override close(flags: number): void {
    if (!this.bdev) {
      this.chr.close?.(this.mdev, flags);
      return;
    }
    if (flags & FWRITE) {
      const n = (this.sw.bwriters.get(this.rdev) ?? 1) - 1;
      if (n > 0) this.sw.bwriters.set(this.rdev, n);
      else this.sw.bwriters.delete(this.rdev);
    }
    this.blk.close?.(this.mdev, flags);
  }
  override read(offset: number, count: number, flags: number): KResult<Uint8Array> {
    if (this.bdev) return devread(this.blk.device(this.mdev), offset, count);
    return this.chr.read(this.mdev, count, flags, offset);
  }
  override write(offset: number, data: Uint8Array, flags: number): KResult<number> {
    if (this.bdev) return devwrite(this.blk.device(this.mdev), offset, data);
    return this.chr.write(this.mdev, data, flags, offset);
  }
  /** A process's ioctl: the driver's job-control check (it may sleep), then the request. */
  override *ioctl(cmd: number, arg: Uint8Array): Generator<void, Uint8Array | undefined, void> {
    if (this.bdev) throw new Errno(ENOTTY);
    yield* kwait(this.chr.ioctlCheck?.(this.mdev, cmd));
    return this.chr.ioctl(this.mdev, cmd, arg);
  }
  override ready(write: boolean): boolean {
    return this.bdev ? true : this.chr.ready(this.mdev, write);
  }
  protected override inactive(): void {
    this.real.release();
  }
}

/** Wrap a device file's vnode so that its I/O reaches the driver (ENXIO for an unknown major). */
export function specvp(real: Vnode, rdev: number, sw: DevSwitch): SpecVnode {
  return new SpecVnode(real, rdev, sw);
}
