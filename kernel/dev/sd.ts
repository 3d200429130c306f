/**
 * The disks (SunOS's sd driver): each disk of the machine is a block
 * device, /dev/sdNa (block major 7), and a raw device, /dev/rsdNa
 * (character major 17). The minor number is unit * 8 + partition, as in
 * SunOS. Partition a is the whole disk as stored; a disk with a Sun label
 * (dklabel.ts) in its sector 0 may also have partition b, the swap area,
 * which the driver creates here, sparse and zero-filled, beyond the stored
 * blocks (its contents last until the machine stops, as swap's do). The
 * other partitions do not exist (ENXIO), nor does a unit with no disk.
 *
 * The disks themselves are the machine's BlockDevices (images on the host;
 * the Sun-3/60's SCSI controller is not modelled), numbered from 0: sd0 is
 * the one the kernel mounts as the root.
 *
 * The raw device is what fsck and dump read: every transfer goes straight
 * to the disk, bypassing whatever the kernel caches (4.3BSD's physio), and
 * must start at a multiple of DEV_BSIZE (512 bytes) and be a whole number
 * of DEV_BSIZE sectors, or it is EINVAL, as a SCSI disk moves only whole
 * sectors. At the end of the disk it behaves as physio.ts says.
 */
import { EINVAL, ENOTTY, ENXIO, Errno } from '../errno.js';
import type { BlockDevice } from '../fs/ufs/disk.js';
import { DEV_BSIZE } from '../fs/ufs/fs.js';
import type { BlockDriver, CharDevice } from './devsw.js';
import { readLabel } from './dklabel.js';
import { devread, devsize, devwrite } from './physio.js';

/** Partitions per unit in a minor number. */
export const NDKMAP = 8;

export class SdDriver implements BlockDriver {
  /** The raw devices (rsd), for the character switch. */
  readonly raw: CharDevice;
  /** The disks, each through its transfer counter. */
  private readonly disks: readonly DkCounted[];
  /** Each unit's b partition (swap), if its label has one. */
  private readonly swaps: (BlockDevice | null)[];

  constructor(disks: readonly BlockDevice[]) {
    this.disks = disks.map((d) => new DkCounted(d));
    this.swaps = this.disks.map((d) => swapPartition(d));
    this.raw = new SdRaw(this);
  }

  /** Transfers so far of each disk, unit by unit (4.3BSD's dk_xfer: iostat, rstatd). */
  get xfers(): number[] {
    return this.disks.map((d) => d.xfer);
  }

  /** Partition minor % 8 of unit minor / 8: a (0) always, b (1) when labelled with one. */
  device(minor: number): BlockDevice {
    const unit = Math.floor(minor / NDKMAP);
    const d = this.disks[unit];
    const part = minor % NDKMAP;
    if (d && part === 0) return d;
    const b = part === 1 ? this.swaps[unit] : null;
    if (!d || !b) throw new Errno(ENXIO);
    return b;
  }

  open(minor: number): void {
    this.device(minor);
  }

  /** The boot message describing unit n, e.g. "sd0: <sun3lab disk 16384K>". */
  describe(unit: number): string {
    return `sd${unit}: <sun3lab disk ${devsize(this.disks[unit]) / 1024}K>`;
  }

  get units(): number {
    return this.disks.length;
  }
}

/**
 * A disk as the driver reaches it: every block read or written is one
 * transfer, counted as 4.3BSD's drivers count dk_xfer[unit] in their
 * strategy routines — whether it comes from the buffer cache or the raw
 * device.
 */
class DkCounted implements BlockDevice {
  xfer = 0;

  constructor(private readonly disk: BlockDevice) {}

  get blockSize(): number {
    return this.disk.blockSize;
  }
  get blocks(): number {
    return this.disk.blocks;
  }
  readBlock(n: number, buf: Uint8Array): void {
    this.xfer++;
    this.disk.readBlock(n, buf);
  }
  writeBlock(n: number, buf: Uint8Array): void {
    this.xfer++;
    this.disk.writeBlock(n, buf);
  }
  flush(): void {
    this.disk.flush();
  }
}

/** The b partition a label in the disk's sector 0 describes, or null. */
function swapPartition(disk: BlockDevice): BlockDevice | null {
  if (disk.blocks === 0) return null;
  const block0 = new Uint8Array(disk.blockSize);
  disk.readBlock(0, block0);
  const map = readLabel(block0);
  const spb = disk.blockSize / DEV_BSIZE;
  if (!map || map[1].sectors === 0 || map[1].start % spb !== 0) return null;
  return new SparsePartition(disk, map[1].start / spb, Math.floor(map[1].sectors / spb));
}

/**
 * A partition from block `first` for `blocks` blocks: those inside the
 * stored disk go to it, those beyond are kept here, made on first write
 * (zeros until then) — the sparse swap area.
 */
class SparsePartition implements BlockDevice {
  private readonly extra = new Map<number, Uint8Array>();

  constructor(
    private readonly disk: BlockDevice,
    private readonly first: number,
    readonly blocks: number,
  ) {}

  get blockSize(): number {
    return this.disk.blockSize;
  }

  private where(n: number): number {
    if (!Number.isInteger(n) || n < 0 || n >= this.blocks)
      throw new RangeError(`block ${n} is outside the partition`);
    return this.first + n;
  }

  readBlock(n: number, buf: Uint8Array): void {
    const at = this.where(n);
    const b = this.extra.get(at);
    if (at < this.disk.blocks) this.disk.readBlock(at, buf);
    else if (b) buf.set(b);
    else buf.fill(0, 0, this.blockSize);
  }

  writeBlock(n: number, buf: Uint8Array): void {
    const at = this.where(n);
    if (at < this.disk.blocks) this.disk.writeBlock(at, buf);
    else this.extra.set(at, buf.slice(0, this.blockSize));
  }

  flush(): void {
    this.disk.flush();
  }
}

/** rsd: the disks as character devices, in whole sectors. */
class SdRaw implements CharDevice {
  constructor(private readonly sd: SdDriver) {}

  open(minor: number): void {
    this.sd.device(minor);
  }
  read(minor: number, count: number, _flags: number, offset: number): Uint8Array {
    const dev = this.sd.device(minor);
    aligned(offset, count);
    return devread(dev, offset, count);
  }
  write(minor: number, data: Uint8Array, _flags: number, offset: number): number {
    const dev = this.sd.device(minor);
    aligned(offset, data.length);
    return devwrite(dev, offset, data);
  }
  ioctl(): undefined {
    throw new Errno(ENOTTY);
  }
  ready(): boolean {
    return true;
  }
}

/** A raw transfer moves whole sectors from a sector boundary. */
function aligned(offset: number, count: number): void {
  if (offset % DEV_BSIZE !== 0 || count % DEV_BSIZE !== 0) throw new Errno(EINVAL);
}
