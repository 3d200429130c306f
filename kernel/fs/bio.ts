/**
 * The buffer cache (4.3BSD's vfs_bio.c; Leffler & McKusick §7.4, Bach
 * ch. 3): a bounded pool of block-sized buffers between the file systems
 * and their disks. Every block the file system reads or writes passes
 * through it, so a block read again is found in memory, and a block
 * written with `bdwrite` (a delayed write) stays in memory, marked dirty,
 * until something makes it go to the disk:
 *
 *   - sync(2), `update` every 30 seconds, unmount: `bflush` of the device;
 *   - fsync(2): `bflush` of one file's buffers (the inode number each
 *     delayed buffer carries);
 *   - a full pool: `getblk` takes the least recently used buffer and, if
 *     it holds a delayed write, writes it out first.
 *
 * A delayed write can be lost in a crash (the machine's memory goes, the
 * disk keeps what was written to it): that is the price of not writing a
 * block every time a byte of it changes. The file system decides what may
 * wait; kernel/fs/ufs/README.md says what it does and in which order.
 *
 * The kernel is single-threaded and the disk synchronous, so a buffer is
 * busy (B_BUSY) only between the getblk/bread that hands it out and the
 * brelse/bwrite/bdwrite that gives it back, inside one file-system
 * operation; nobody ever sleeps waiting for one.
 */
import type { BlockDevice } from './ufs/disk.js';

/** Buffers in a machine's pool: 64 blocks of 8 KB, half a megabyte (4.3BSD sized its pool from memory: about 10%). */
export const NBUF = 64;
/** The fewest buffers a pool may have: a file-system operation holds up to three at once. */
export const MINBUF = 4;

/** Buffer flags (4.3BSD buf.h). */
export const B_BUSY = 0x1;
/** The contents are the block's (read from the disk, or written here since). */
export const B_DONE = 0x2;
/** A delayed write: the contents are newer than the disk's and must be written before the buffer is reused. */
export const B_DELWRI = 0x4;

export class Buf {
  /** The device and block it holds (null, -1: none yet). */
  dev: BlockDevice | null = null;
  blkno = -1;
  flags = 0;
  /** For a delayed write: the inode whose data it is (fsync finds a file's buffers by it). */
  owner = 0;
  readonly data: Uint8Array;

  constructor(size: number) {
    this.data = new Uint8Array(size);
  }

  get delwri(): boolean {
    return (this.flags & B_DELWRI) !== 0;
  }
}

/** What the pool has done, for tests and statistics. */
export interface BioStats {
  /** Blocks found in the pool, and blocks that had to be read from a disk. */
  hits: number;
  reads: number;
  /** Blocks written to a disk: at once (bwrite), and delayed ones written later (flush or reuse). */
  writes: number;
  delayedWrites: number;
  /** Delayed writes that went out because the pool was full (getblk reusing the least recently used). */
  evictions: number;
}

export class BufPool {
  /** Every buffer that holds a block, by device and block number (4.3BSD's hash chains). */
  private readonly hash = new Map<number, Buf>();
  /** Buffers not busy, least recently used first (4.3BSD's LRU free list; a Set keeps insertion order). */
  private readonly free = new Set<Buf>();
  /** Buffers holding no block, reused before any other (4.3BSD's empty list). */
  private readonly empty: Buf[] = [];
  private count = 0;
  private readonly devIds = new WeakMap<BlockDevice, number>();
  private nextDevId = 1;
  readonly stats: BioStats = { hits: 0, reads: 0, writes: 0, delayedWrites: 0, evictions: 0 };

  constructor(
    /** How many buffers the pool may have. */
    readonly nbuf = NBUF,
    readonly bsize = 8192,
  ) {
    if (!Number.isInteger(nbuf) || nbuf < MINBUF)
      throw new RangeError(`a buffer pool needs at least ${MINBUF} buffers`);
  }

  private key(dev: BlockDevice, blkno: number): number {
    let id = this.devIds.get(dev);
    if (id === undefined) {
      id = this.nextDevId++;
      this.devIds.set(dev, id);
    }
    return id * 2 ** 32 + blkno;
  }

  /** The buffer holding block `blkno` of `dev`, if the pool has one (4.3BSD's incore). */
  incore(dev: BlockDevice, blkno: number): Buf | undefined {
    return this.hash.get(this.key(dev, blkno));
  }

  /** Delayed writes waiting in the pool (for one device, if given). */
  dirtyCount(dev?: BlockDevice): number {
    let n = 0;
    for (const bp of this.hash.values()) if (bp.delwri && (!dev || bp.dev === dev)) n++;
    return n;
  }

  /**
   * The buffer for block `blkno` of `dev`, busy (4.3BSD's getblk): the one
   * holding it if there is one, else a buffer given the block with whatever
   * it held before (not B_DONE: the caller reads the block, or fills every
   * byte). A new buffer while the pool has room, else the least recently
   * used, written out first if it holds a delayed write.
   */
  getblk(dev: BlockDevice, blkno: number): Buf {
    const key = this.key(dev, blkno);
    const found = this.hash.get(key);
    if (found) {
      if (found.flags & B_BUSY) throw new Error(`getblk: block ${blkno} is already busy`);
      this.free.delete(found);
      found.flags |= B_BUSY;
      return found;
    }
    const bp = this.getnewbuf();
    bp.dev = dev;
    bp.blkno = blkno;
    bp.flags = B_BUSY;
    bp.owner = 0;
    this.hash.set(key, bp);
    return bp;
  }

  /** A buffer to reuse (4.3BSD's getnewbuf), removed from the hash and the free list. */
  private getnewbuf(): Buf {
    const spare = this.empty.pop();
    if (spare) return spare;
    if (this.count < this.nbuf) {
      this.count++;
      return new Buf(this.bsize);
    }
    const bp = this.free.values().next().value;
    if (!bp) throw new Error('getblk: every buffer is busy');
    this.free.delete(bp);
    if (bp.delwri) {
      this.stats.evictions++;
      this.write(bp);
    }
    if (bp.dev) this.hash.delete(this.key(bp.dev, bp.blkno));
    bp.dev = null;
    bp.blkno = -1;
    return bp;
  }

  /** Block `blkno` of `dev`, read from the disk unless the pool has it; busy (4.3BSD's bread). */
  bread(dev: BlockDevice, blkno: number): Buf {
    const bp = this.getblk(dev, blkno);
    if (bp.flags & B_DONE) {
      this.stats.hits++;
      return bp;
    }
    dev.readBlock(blkno, bp.data);
    this.stats.reads++;
    bp.flags |= B_DONE;
    return bp;
  }

  /** Give a buffer back, its contents kept for whoever asks for the block next (4.3BSD's brelse). */
  brelse(bp: Buf): void {
    if (!(bp.flags & B_BUSY)) throw new Error(`brelse: block ${bp.blkno} is not busy`);
    bp.flags &= ~B_BUSY;
    this.free.add(bp); // the most recently used end
  }

  /** Write a buffer to its disk now, and give it back (4.3BSD's bwrite). */
  bwrite(bp: Buf): void {
    this.write(bp);
    bp.flags |= B_DONE;
    this.brelse(bp);
  }

  /**
   * Mark a buffer as a delayed write of file `owner`'s data and give it
   * back (4.3BSD's bdwrite): it goes to the disk at the next flush, or
   * when the pool needs the buffer.
   */
  bdwrite(bp: Buf, owner: number): void {
    bp.flags |= B_DELWRI | B_DONE;
    bp.owner = owner;
    this.brelse(bp);
  }

  private write(bp: Buf): void {
    if (!bp.dev) throw new Error('bwrite: a buffer with no block');
    if (bp.delwri) this.stats.delayedWrites++;
    bp.dev.writeBlock(bp.blkno, bp.data);
    this.stats.writes++;
    bp.flags &= ~B_DELWRI;
    bp.owner = 0;
  }

  /**
   * Write the delayed writes of `dev` (only file `owner`'s, if given), in
   * block order (4.3BSD's bflush, and the part of fsync that finds a
   * file's dirty blocks). Returns how many went out.
   */
  bflush(dev: BlockDevice, owner?: number): number {
    const dirty: Buf[] = [];
    for (const bp of this.hash.values())
      if (bp.dev === dev && bp.delwri && !(bp.flags & B_BUSY) && (owner === undefined || bp.owner === owner))
        dirty.push(bp);
    dirty.sort((a, b) => a.blkno - b.blkno);
    for (const bp of dirty) this.write(bp);
    return dirty.length;
  }

  /**
   * Forget block `blkno` of `dev`, delayed write and all: the file system
   * has freed it, and what it held must never reach the disk (it could land
   * on a block that by then belongs to another file).
   */
  binval(dev: BlockDevice, blkno: number): void {
    const key = this.key(dev, blkno);
    const bp = this.hash.get(key);
    if (!bp) return;
    if (bp.flags & B_BUSY) throw new Error(`binval: block ${blkno} is busy`);
    this.hash.delete(key);
    bp.dev = null;
    bp.blkno = -1;
    bp.flags = 0;
    bp.owner = 0;
    this.free.delete(bp);
    this.empty.push(bp);
  }

  /**
   * Forget every buffer of `dev` (4.3BSD's binval, at unmount, after the
   * flush): delayed writes still there are dropped — what a crash does.
   */
  binvalDev(dev: BlockDevice): void {
    for (const bp of [...this.hash.values()]) if (bp.dev === dev) this.binval(dev, bp.blkno);
  }
}
