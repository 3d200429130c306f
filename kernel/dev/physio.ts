/**
 * Moving bytes between the kernel and a disk at any offset (the part of
 * 4.3BSD's physio and of block-special I/O that turns a byte range into
 * whole-block transfers): the disk is read and written in its own 8 KB
 * blocks, a block only partly covered being read, patched and written back.
 * Transfers go straight to the device; nothing is cached.
 *
 * Both ask the same of the range, as 4.3BSD's disk drivers do at the end
 * of a partition: one that starts at the very end reads nothing (end of
 * file), one that runs past it is cut short, and one that starts beyond it
 * (or a write at the end) is ENXIO.
 */
import { ENXIO, Errno } from '../errno.js';
import type { BlockDevice } from '../fs/ufs/disk.js';

/** The device's size in bytes. */
export function devsize(dev: BlockDevice): number {
  return dev.blocks * dev.blockSize;
}

/** How many of `count` bytes at `offset` a transfer moves (see above). */
function clip(dev: BlockDevice, offset: number, count: number, write: boolean): number {
  const size = devsize(dev);
  if (offset > size || (write && offset === size && count > 0)) throw new Errno(ENXIO);
  return Math.min(count, size - offset);
}

/**
 * The pieces of a transfer of n bytes at offset, a block at a time: fn gets
 * the block number, where the piece starts in the block and how long it is,
 * and how far into the transfer it is.
 */
function eachBlock(
  dev: BlockDevice,
  offset: number,
  n: number,
  fn: (bn: number, within: number, len: number, done: number) => void,
): void {
  const bs = dev.blockSize;
  for (let done = 0; done < n; ) {
    const at = offset + done;
    const within = at % bs;
    const len = Math.min(bs - within, n - done);
    fn(Math.floor(at / bs), within, len, done);
    done += len;
  }
}

/** Read up to `count` bytes at `offset`. */
export function devread(dev: BlockDevice, offset: number, count: number): Uint8Array {
  const out = new Uint8Array(clip(dev, offset, count, false));
  const block = new Uint8Array(dev.blockSize);
  eachBlock(dev, offset, out.length, (bn, within, len, done) => {
    dev.readBlock(bn, block);
    out.set(block.subarray(within, within + len), done);
  });
  return out;
}

/** Write `data` at `offset`; returns the bytes written. */
export function devwrite(dev: BlockDevice, offset: number, data: Uint8Array): number {
  const n = clip(dev, offset, data.length, true);
  const block = new Uint8Array(dev.blockSize);
  eachBlock(dev, offset, n, (bn, within, len, done) => {
    if (len < dev.blockSize) dev.readBlock(bn, block); // only part of the block changes
    block.set(data.subarray(done, done + len), within);
    dev.writeBlock(bn, block);
  });
  return n;
}
