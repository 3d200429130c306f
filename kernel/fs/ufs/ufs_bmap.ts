/**
 * From a file's logical blocks to disk blocks (4.3BSD's ufs_bmap.c): the
 * inode's NDADDR direct pointers, then a single and a double indirect block
 * (the triple one is never used: a file stops at 2 GB). bmap also fills a
 * hole when asked to, allocating the data block and any indirect blocks on
 * the way (ufs_alloc.ts). Layer 2 of Ufs.
 */
import { EFBIG, EINVAL, EIO, Errno } from '../../errno.js';
import { FsError, NDADDR, NINDIR, NSPB } from './fs.js';
import type { Inode } from './inode.js';
import { UfsAlloc } from './ufs_alloc.js';

/** Entry `o / 4` of an indirect block: a disk block number, big-endian. */
export function getU32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

export function setU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

export abstract class UfsBmap extends UfsAlloc {
  /** A block pointer read from disk: 0 (a hole) or a data block, else the file system is damaged. */
  private checkPtr(ip: Inode, bn: number): number {
    if (bn !== 0 && (bn < this.sb.fs_dblkno || bn >= this.sb.fs_size))
      throw new FsError(EIO, `inode ${ip.ino}: bad block number ${bn}`);
    return bn;
  }

  /**
   * The disk block holding logical block `lbn` of a file (4.3BSD's bmap):
   * 0 for a hole, or with `fill` a new block put there. `fresh` says the
   * block is new.
   *
   * A new block is given its contents before anything points to it, so
   * that a crash can never leave a file showing what the block held
   * before (another file's data, perhaps). In order, each write finished
   * before the next starts:
   *
   *   1. the free map: the data block and any indirect blocks on the way
   *      are marked in use;
   *   2. the data block: zeros, with `fill` writing its part over them;
   *   3. the new indirect blocks, the lowest first, each pointing at the
   *      block below it;
   *   4. the inode, with its new size (at least `size`) and block count;
   *   5. the existing indirect block that gets the pointer, if that is
   *      where it goes (else the pointer is in the inode, written in 4).
   *
   * A crash between two of them leaves blocks marked in use that no file
   * has (fsck gives them back), or an inode whose size covers a hole or
   * whose block count is one pointer ahead (fsck corrects it): never a
   * pointer to a block that is not the file's.
   */
  protected bmapAlloc(
    ip: Inode,
    lbn: number,
    fill?: (data: Uint8Array) => void,
    size = ip.size,
  ): { bn: number; fresh: boolean } {
    if (lbn < 0) throw new Errno(EINVAL);
    // The path: the inode's pointer, then an entry of each indirect block.
    let slot = -1;
    let idx: number[] = [];
    if (lbn >= NDADDR) {
      let rest = lbn - NDADDR;
      if (rest < NINDIR) {
        slot = 0;
        idx = [rest];
      } else {
        rest -= NINDIR;
        if (rest >= NINDIR * NINDIR) throw new Errno(EFBIG);
        slot = 1;
        idx = [Math.floor(rest / NINDIR), rest % NINDIR];
      }
    }
    let bn = this.checkPtr(ip, slot < 0 ? ip.db[lbn] : ip.ib[slot]);
    // Walk down while the pointers are there; `holder` is the indirect block with the missing one (0: the inode).
    let holder = 0;
    let level = 0;
    for (; bn !== 0 && level < idx.length; level++) {
      const bp = this.bread(bn);
      const next = this.checkPtr(ip, getU32(bp.data, idx[level] * 4));
      this.brelse(bp);
      if (next === 0) holder = bn;
      bn = next;
    }
    if (bn !== 0) return { bn, fresh: false };
    if (!fill) return { bn: 0, fresh: false };
    this.checkWritable();

    // New blocks from the level below the holder to the data block.
    const first = holder === 0 ? 0 : level;
    const chain: number[] = [];
    this.reserve(idx.length - first + 1);
    try {
      for (let i = first; i <= idx.length; i++) chain.push(this.balloc());
    } catch (e) {
      for (const b of chain) this.bfree(b);
      throw e;
    }
    const data = this.getblk(chain[chain.length - 1]);
    data.data.fill(0);
    fill(data.data);
    this.bwrite(data);
    for (let j = chain.length - 2; j >= 0; j--) {
      const bp = this.getblk(chain[j]);
      bp.data.fill(0);
      setU32(bp.data, idx[first + j] * 4, chain[j + 1]);
      this.bwrite(bp);
    }
    ip.blocks += NSPB * chain.length;
    if (size > ip.size) ip.size = size;
    if (holder === 0) {
      if (slot < 0) ip.db[lbn] = chain[0];
      else ip.ib[slot] = chain[0];
      this.iupdat(ip);
    } else {
      this.iupdat(ip);
      const bp = this.bread(holder);
      setU32(bp.data, idx[first - 1] * 4, chain[0]);
      this.bwrite(bp);
    }
    return { bn: chain[chain.length - 1], fresh: true };
  }

  /** The disk block of logical block `lbn` of `ip`, or 0 for a hole (with `alloc`, a new block of zeros put there). */
  bmap(ip: Inode, lbn: number, alloc = false): number {
    this.checkMounted();
    if (alloc) this.checkWritable();
    return this.bmapAlloc(ip, lbn, alloc ? () => {} : undefined).bn;
  }
}
