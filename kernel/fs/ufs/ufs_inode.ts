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
    const buf = new Uint8Array(BSIZE);
    this.dev.readBlock(blk, buf);
    const d = decodeDinode(buf, off);
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
   * no links left is truncated and freed; otherwise a pending access time is
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
    } else if (ip.accessed) {
      this.iupdat(ip);
    }
  }

  /** Write an in-core inode to its disk inode (4.3BSD's iupdat). */
  iupdat(ip: Inode): void {
    if (this.ronly) return;
    this.checkMounted();
    const { blk, off } = this.inodeBlock(ip.ino);
    const buf = new Uint8Array(BSIZE);
    this.dev.readBlock(blk, buf);
    encodeDinode(ip, buf, off);
    this.dev.writeBlock(blk, buf);
    ip.accessed = false;
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
    if (length < ip.size) {
      if (length % BSIZE !== 0) {
        const bn = this.bmapAlloc(ip, Math.floor(length / BSIZE), false).bn;
        if (bn !== 0) {
          const buf = new Uint8Array(BSIZE);
          this.dev.readBlock(bn, buf);
          buf.fill(0, length % BSIZE);
          this.dev.writeBlock(bn, buf);
        }
      }
      const last = Math.ceil(length / BSIZE) - 1; // last logical block kept (-1: none)
      for (let i = NDADDR - 1; i > last; i--) {
        if (ip.db[i] !== 0) {
          this.freeData(ip, ip.db[i]);
          ip.db[i] = 0;
        }
      }
      if (ip.ib[0] !== 0 && this.truncIndirect(ip, ip.ib[0], 1, NDADDR, last)) ip.ib[0] = 0;
      if (ip.ib[1] !== 0 && this.truncIndirect(ip, ip.ib[1], 2, NDADDR + NINDIR, last)) ip.ib[1] = 0;
    }
    ip.size = length;
    const t = this.now();
    ip.mtime = t;
    ip.ctime = { ...t };
    this.iupdat(ip);
  }

  private freeData(ip: Inode, bn: number): void {
    if (bn < this.sb.fs_dblkno || bn >= this.sb.fs_size) {
      this.warn(`inode ${ip.ino}: bad block number ${bn} dropped`);
      return;
    }
    this.bfree(bn);
    ip.blocks = Math.max(0, ip.blocks - NSPB);
  }

  /**
   * Free what indirect block `bn` (covering logical blocks from `base`, at
   * `level` 1 or 2) maps past logical block `last`. Returns true when the
   * whole block went and the pointer to it must be cleared.
   */
  private truncIndirect(ip: Inode, bn: number, level: number, base: number, last: number): boolean {
    if (bn < this.sb.fs_dblkno || bn >= this.sb.fs_size) {
      this.warn(`inode ${ip.ino}: bad indirect block number ${bn} dropped`);
      return true;
    }
    const span = level === 1 ? 1 : NINDIR;
    const buf = new Uint8Array(BSIZE);
    this.dev.readBlock(bn, buf);
    let changed = false;
    for (let i = 0; i < NINDIR; i++) {
      const child = getU32(buf, i * 4);
      if (child === 0) continue;
      const childBase = base + i * span;
      if (childBase + span - 1 <= last) continue; // wholly kept
      let gone = true;
      if (level === 1) this.freeData(ip, child);
      else gone = this.truncIndirect(ip, child, 1, childBase, last);
      if (gone) {
        setU32(buf, i * 4, 0);
        changed = true;
      }
    }
    if (last < base) {
      this.freeData(ip, bn);
      return true;
    }
    if (changed) this.dev.writeBlock(bn, buf);
    return false;
  }
}
