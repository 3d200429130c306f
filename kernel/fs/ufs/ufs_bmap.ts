/**
 * From a file's logical blocks to disk blocks (4.3BSD's ufs_bmap.c): the
 * inode's NDADDR direct pointers, then a single and a double indirect block
 * (the triple one is never used: a file stops at 2 GB). bmap also fills a
 * hole when asked to, allocating the data block and any indirect blocks on
 * the way (ufs_alloc.ts). Layer 2 of Ufs.
 */
import { EFBIG, EINVAL, EIO, Errno } from '../../errno.js';
import { BSIZE, FsError, NDADDR, NINDIR, NSPB } from './fs.js';
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

  /** Allocate a block and fill it with zeros (indirect blocks, which must start empty). */
  private ballocZeroed(): number {
    const bn = this.balloc();
    this.dev.writeBlock(bn, new Uint8Array(BSIZE));
    return bn;
  }

  /**
   * The disk block holding logical block `lbn` of a file (4.3BSD's bmap):
   * 0 for a hole. With `alloc`, a hole is filled (and any indirect blocks on
   * the way allocated); `fresh` then says the data block is new, so its old
   * contents are garbage. The caller writes the inode.
   */
  protected bmapAlloc(ip: Inode, lbn: number, alloc: boolean): { bn: number; fresh: boolean } {
    if (lbn < 0) throw new Errno(EINVAL);
    if (lbn < NDADDR) {
      const bn = this.checkPtr(ip, ip.db[lbn]);
      if (bn !== 0 || !alloc) return { bn, fresh: false };
      this.reserve(1);
      const nb = this.balloc();
      ip.db[lbn] = nb;
      ip.blocks += NSPB;
      return { bn: nb, fresh: true };
    }
    // Indices into the indirect blocks, outermost first.
    let rest = lbn - NDADDR;
    let slot: number;
    let idx: number[];
    if (rest < NINDIR) {
      slot = 0;
      idx = [rest];
    } else {
      rest -= NINDIR;
      if (rest >= NINDIR * NINDIR) throw new Errno(EFBIG);
      slot = 1;
      idx = [Math.floor(rest / NINDIR), rest % NINDIR];
    }
    let bn = this.checkPtr(ip, ip.ib[slot]);
    let fresh = false;
    if (bn === 0) {
      if (!alloc) return { bn: 0, fresh: false };
      this.reserve(idx.length + 1);
      bn = this.ballocZeroed();
      ip.ib[slot] = bn;
      ip.blocks += NSPB;
      fresh = true;
    }
    const buf = new Uint8Array(BSIZE);
    for (let level = 0; level < idx.length; level++) {
      const last = level === idx.length - 1;
      if (fresh) buf.fill(0);
      else this.dev.readBlock(bn, buf);
      let nb = this.checkPtr(ip, getU32(buf, idx[level] * 4));
      if (nb === 0) {
        if (!alloc) return { bn: 0, fresh: false };
        this.reserve(idx.length - level);
        nb = last ? this.balloc() : this.ballocZeroed();
        ip.blocks += NSPB;
        setU32(buf, idx[level] * 4, nb);
        this.dev.writeBlock(bn, buf);
        fresh = true;
      } else {
        fresh = false;
      }
      bn = nb;
    }
    return { bn, fresh };
  }

  /** The disk block of logical block `lbn` of `ip`, or 0 for a hole (allocating one with `alloc`). */
  bmap(ip: Inode, lbn: number, alloc = false): number {
    this.checkMounted();
    if (alloc) this.checkWritable();
    const r = this.bmapAlloc(ip, lbn, alloc);
    if (r.fresh) {
      this.dev.writeBlock(r.bn, new Uint8Array(BSIZE));
      this.iupdat(ip);
    }
    return r.bn;
  }
}
