/**
 * The block device the file system sits on. Synchronous, because the
 * kernel is single-threaded TypeScript: a read or write completes before it
 * returns. Block numbers run from 0 to `blocks - 1`; the file system never
 * asks for one outside that range.
 */
export interface BlockDevice {
  /** Bytes per block (the file system needs 8192). */
  readonly blockSize: number;
  /** Number of blocks. */
  readonly blocks: number;
  /** Copy block `n` into `buf` (at least blockSize bytes). */
  readBlock(n: number, buf: Uint8Array): void;
  /** Write the first blockSize bytes of `buf` to block `n`. */
  writeBlock(n: number, buf: Uint8Array): void;
  /**
   * Make every block written so far durable (a disk's cache flushed; for an
   * image file on the host, fsync). The kernel calls it for fsync(2) and
   * sync(2) and when it unmounts.
   */
  flush(): void;
}

/**
 * A disk held in memory: tests, mkfs, and a machine running on a private
 * copy of an image file all use one. `bytes` is the disk, live.
 */
export class MemoryDisk implements BlockDevice {
  readonly blocks: number;
  /** Block writes so far (a cheap I/O counter for tests and statistics). */
  writes = 0;
  reads = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly blockSize = 8192,
  ) {
    this.blocks = Math.floor(bytes.length / blockSize);
  }

  /** A zero-filled disk of `blocks` blocks. */
  static zeroed(blocks: number, blockSize = 8192): MemoryDisk {
    return new MemoryDisk(new Uint8Array(blocks * blockSize), blockSize);
  }

  private check(n: number): number {
    if (!Number.isInteger(n) || n < 0 || n >= this.blocks)
      throw new RangeError(`block ${n} is outside the disk (0-${this.blocks - 1})`);
    return n * this.blockSize;
  }

  readBlock(n: number, buf: Uint8Array): void {
    const at = this.check(n);
    this.reads++;
    buf.set(this.bytes.subarray(at, at + this.blockSize));
  }

  writeBlock(n: number, buf: Uint8Array): void {
    const at = this.check(n);
    this.writes++;
    this.bytes.set(buf.subarray(0, this.blockSize), at);
  }

  /** Memory is as durable as it gets: nothing to do. */
  flush(): void {}
}
