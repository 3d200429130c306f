/**
 * A file's data (V7's readi and writei, in rdwri.c; 4.3BSD's rwip in
 * sys_inode.c): reading and writing at an offset, a block at a time
 * through bmap, filling holes and growing the file on the way. Layer 4 of
 * Ufs.
 */
import { EFBIG, EINVAL, ENOSPC, Errno } from '../../errno.js';
import { BSIZE, MAXFILESIZE } from './fs.js';
import type { Inode } from './inode.js';
import { UfsInode } from './ufs_inode.js';

export abstract class UfsRdwri extends UfsInode {
  private checkData(ip: Inode): void {
    if (!ip.hasData()) throw new Errno(EINVAL);
  }

  /**
   * Read from `off` into `buf`: returns the bytes read (fewer at the end of
   * the file, 0 at or past it). Holes read as zeros. Marks the access time.
   */
  readi(ip: Inode, off: number, buf: Uint8Array): number {
    this.checkMounted();
    this.checkData(ip);
    if (!Number.isInteger(off) || off < 0) throw new Errno(EINVAL);
    if (off >= ip.size) return 0;
    const n = Math.min(buf.length, ip.size - off);
    let done = 0;
    while (done < n) {
      const pos = off + done;
      const lbn = Math.floor(pos / BSIZE);
      const boff = pos % BSIZE;
      const cnt = Math.min(BSIZE - boff, n - done);
      const bn = this.bmapAlloc(ip, lbn).bn;
      if (bn === 0) buf.fill(0, done, done + cnt);
      else {
        const bp = this.bread(bn);
        buf.set(bp.data.subarray(boff, boff + cnt), done);
        this.brelse(bp);
      }
      done += cnt;
    }
    if (!this.ronly) {
      ip.atime = this.now();
      ip.accessed = true;
    }
    return n;
  }

  /**
   * Write `data` at `off`, filling holes and growing the file: returns the
   * bytes written. Running out of space part way returns the bytes written
   * so far, or ENOSPC if none were; past the largest file size, EFBIG.
   *
   * A block the file did not have yet is written at once, with the inode
   * after it (bmapAlloc). A block it already had is changed in the buffer
   * cache and, for a regular file, written later (bdwrite): a rewrite, or
   * an append that fits in the last block, reaches the disk at the next
   * sync or fsync — or never, if the machine crashes first. The times, and
   * a size grown by such a write, wait in the in-core inode likewise.
   */
  writei(ip: Inode, off: number, data: Uint8Array): number {
    this.checkWritable();
    this.checkData(ip);
    if (!Number.isInteger(off) || off < 0) throw new Errno(EINVAL);
    if (data.length === 0) return 0;
    if (off >= MAXFILESIZE) throw new Errno(EFBIG);
    const n = Math.min(data.length, MAXFILESIZE - off);
    let done = 0;
    try {
      while (done < n) {
        const pos = off + done;
        const lbn = Math.floor(pos / BSIZE);
        const boff = pos % BSIZE;
        const cnt = Math.min(BSIZE - boff, n - done);
        const part = data.subarray(done, done + cnt);
        let r: { bn: number; fresh: boolean };
        try {
          r = this.bmapAlloc(ip, lbn, (block) => block.set(part, boff), pos + cnt);
        } catch (e) {
          if (e instanceof Errno && e.errno === ENOSPC && done > 0) break;
          throw e;
        }
        if (!r.fresh) {
          const bp = cnt === BSIZE ? this.getblk(r.bn) : this.bread(r.bn);
          bp.data.set(part, boff);
          if (ip.isReg()) this.bdwrite(bp, ip.ino);
          else this.bwrite(bp);
        }
        done += cnt;
        if (pos + cnt > ip.size) ip.size = pos + cnt;
      }
    } finally {
      if (done > 0) {
        const t = this.now();
        ip.mtime = t;
        ip.ctime = { ...t };
        ip.modified = true;
        if (!ip.isReg()) this.iupdat(ip); // a symbolic link's or directory's size is metadata
      }
    }
    return done;
  }
}
