/**
 * The inode cache (4.3BSD's ufs_inode.c): iget hands out a referenced
 * in-core inode, reading it from disk unless it is in use already; iput
 * gives a reference back, and with the last one an inode that has no links
 * left is truncated and freed — so a removed file stays readable through a
 * descriptor that still has it open. iupdat writes an inode back, itrunc
 * sets a file's length. Layer 3 of Ufs.
 */
import { EFBIG, EINVAL, EIO, Errno } from '../../errno.js';
import {
  BSIZE,
  decodeDinode,
  encodeDinode,
  FsError,
  IFMT,
  MAXFILESIZE,
  NDADDR,
  NINDIR,
  NSPB,
  ROOTINO,
  type Timeval,
  validType,
} from './fs.js';
import { Inode } from './inode.js';
import { getU32, setU32, UfsBmap } from './ufs_bmap.js';

/** Attributes setattr may change. */
export interface SetAttr {
  mode?: number;
  uid?: number;
  gid?: number;
  atime?: Timeval;
  mtime?: Timeval;
}

export abstract class UfsInode extends UfsBmap {
  /**
   * Get a referenced in-core inode (4.3BSD's iget). EINVAL for a number out
   * of range, EIO for an inode that is free or damaged.
   */
  iget(ino: number): Inode {
    this.checkMounted();
    const cached = this.icache.get(ino);
    if (cached) {
      cached.count++;
      return cached;
    }
    if (!Number.isInteger(ino) || ino < ROOTINO || ino >= this.sb.fs_ninode)
      throw new FsError(EINVAL, `inode number ${ino} out of range`);
    const { blk, off } = this.inodeBlock(ino);
    const bp = this.bread(blk);
    const d = decodeDinode(bp.data, off);
    this.brelse(bp);
    if (d.mode === 0 || !this.isInodeAllocated(ino)) throw new FsError(EIO, `inode ${ino} is not in use`);
    if (!validType(d.mode)) throw new FsError(EIO, `inode ${ino}: bad mode 0${d.mode.toString(8)}`);
    if (d.sizeHigh !== 0 || d.size > MAXFILESIZE) throw new FsError(EIO, `inode ${ino}: bad size`);
    if (d.ib[2] !== 0) throw new FsError(EIO, `inode ${ino}: triple indirect block in use`);
    // An inode on disk with no links is one a crash left behind: it is in no directory.
    if (d.nlink <= 0) throw new FsError(EIO, `inode ${ino} has no links`);
    const ip = new Inode(ino, d);
    ip.count = 1;
    this.icache.set(ino, ip);
    return ip;
  }

  /** The root directory, referenced. */
  root(): Inode {
    return this.iget(ROOTINO);
  }

  /**
   * Give back a reference (4.3BSD's iput). With the last one, an inode with
   * no links left is truncated and freed; otherwise changes still in core
   * (access and modification times, a size grown by a delayed write) are
   * written.
   */
  iput(ip: Inode): void {
    if (ip.count <= 0) throw new Error(`iput: inode ${ip.ino} has no references`);
    ip.count--;
    if (ip.count > 0) return;
    this.icache.delete(ip.ino);
    if (!this.mounted || this.ronly) return;
    if (ip.nlink <= 0) {
      this.itruncData(ip, 0);
      this.ifree(ip);
    } else if (ip.accessed || ip.modified) {
      this.iupdat(ip);
    }
  }

  /** Write an in-core inode to its disk inode, now (4.3BSD's iupdat with waitfor). */
  iupdat(ip: Inode): void {
    if (this.ronly) return;
    this.checkMounted();
    const { blk, off } = this.inodeBlock(ip.ino);
    const bp = this.bread(blk);
    encodeDinode(ip, bp.data, off);
    this.bwrite(bp);
    ip.accessed = false;
    ip.modified = false;
  }

  /**
   * Make a file durable (fsync(2)): its delayed writes, then its inode, then
   * the device's own cache. Its name is on the disk already: directories
   * are written at once.
   */
  fsync(ip: Inode): void {
    this.checkMounted();
    if (this.ronly) return;
    this.bufs.bflush(this.dev, ip.ino);
    this.iupdat(ip);
    this.dev.flush();
  }

  /** Change attributes; the inode change time becomes now. */
  setattr(ip: Inode, a: SetAttr): void {
    this.checkWritable();
    if (a.mode !== undefined) ip.mode = (ip.mode & IFMT) | (a.mode & 0o7777);
    if (a.uid !== undefined) ip.uid = a.uid & 0xffff;
    if (a.gid !== undefined) ip.gid = a.gid & 0xffff;
    if (a.atime !== undefined) ip.atime = { ...a.atime };
    if (a.mtime !== undefined) ip.mtime = { ...a.mtime };
    ip.ctime = this.now();
    this.iupdat(ip);
  }

  /**
   * Set the length of a file (4.3BSD's itrunc): shrinking frees the blocks
   * past the new end (and indirect blocks left empty) and zeros the rest of
   * the last block; growing leaves a hole.
   */
  itrunc(ip: Inode, length: number): void {
    this.checkWritable();
    if (!Number.isInteger(length) || length < 0) throw new Errno(EINVAL);
    if (length > MAXFILESIZE) throw new Errno(EFBIG);
    if (!ip.hasData()) throw new Errno(EINVAL);
    this.itruncData(ip, length);
  }

  /**
   * The work of itrunc, in the order a crash can survive: the partial last
   * block's tail zeroed, then every pointer to what goes cleared on the
   * disk (indirect blocks kept in part, then the inode), and only then the
   * blocks freed in the map. A crash in between leaves blocks marked in use
   * that no file has, which fsck gives back; never a file pointing at a free
   * block that another file may get.
   */
  protected itruncData(ip: Inode, length: number): void {
    if (!ip.hasData()) {
      // Devices keep their number in di_db[0]; fifos and sockets hold nothing.
      ip.size = 0;
      ip.db.fill(0);
      ip.ib.fill(0);
      ip.blocks = 0;
      this.iupdat(ip);
      return;
    }
    const freed: number[] = [];
    if (length < ip.size) {
      if (length % BSIZE !== 0) {
        // Zeros past the end, so that growing the file again shows zeros there.
        const bn = this.bmapAlloc(ip, Math.floor(length / BSIZE)).bn;
        if (bn !== 0) {
          const bp = this.bread(bn);
          bp.data.fill(0, length % BSIZE);
          this.bwrite(bp);
        }
      }
      const last = Math.ceil(length / BSIZE) - 1; // last logical block kept (-1: none)
      for (let i = NDADDR - 1; i > last; i--) {
        if (ip.db[i] !== 0) {
          freed.push(ip.db[i]);
          ip.db[i] = 0;
        }
      }
      if (ip.ib[0] !== 0 && this.truncIndirect(ip, ip.ib[0], 1, NDADDR, last, freed)) ip.ib[0] = 0;
      if (ip.ib[1] !== 0 && this.truncIndirect(ip, ip.ib[1], 2, NDADDR + NINDIR, last, freed)) ip.ib[1] = 0;
    }
    const good = freed.filter((bn) => {
      if (bn >= this.sb.fs_dblkno && bn < this.sb.fs_size) return true;
      this.warn(`inode ${ip.ino}: bad block number ${bn} dropped`);
      return false;
    });
    ip.blocks = Math.max(0, ip.blocks - NSPB * good.length);
    ip.size = length;
    const t = this.now();
    ip.mtime = t;
    ip.ctime = { ...t };
    this.iupdat(ip);
    for (const bn of good) this.bfree(bn);
  }

  /**
   * Clear what indirect block `bn` (covering logical blocks from `base`, at
   * `level` 1 or 2) maps past logical block `last`, adding the blocks to
   * `freed`, and write it if it stays. Returns true when the whole block
   * goes (it is in `freed` too) and the pointer to it must be cleared.
   */
  private truncIndirect(
    ip: Inode,
    bn: number,
    level: number,
    base: number,
    last: number,
    freed: number[],
  ): boolean {
    if (bn < this.sb.fs_dblkno || bn >= this.sb.fs_size) {
      this.warn(`inode ${ip.ino}: bad indirect block number ${bn} dropped`);
      return true;
    }
    const span = level === 1 ? 1 : NINDIR;
    const bp = this.bread(bn);
    const ptrs: number[] = [];
    for (let i = 0; i < NINDIR; i++) ptrs.push(getU32(bp.data, i * 4));
    this.brelse(bp);
    const cleared: number[] = [];
    for (let i = 0; i < NINDIR; i++) {
      const child = ptrs[i];
      if (child === 0) continue;
      const childBase = base + i * span;
      if (childBase + span - 1 <= last) continue; // wholly kept
      let gone = true;
      if (level === 1) freed.push(child);
      else gone = this.truncIndirect(ip, child, 1, childBase, last, freed);
      if (gone) cleared.push(i);
    }
    if (last < base) {
      freed.push(bn);
      return true;
    }
    if (cleared.length > 0) {
      const wb = this.bread(bn);
      for (const i of cleared) setU32(wb.data, i * 4, 0);
      this.bwrite(wb);
    }
    return false;
  }
}
