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
    const scratch = new Uint8Array(BSIZE);
    let done = 0;
    while (done < n) {
      const pos = off + done;
      const lbn = Math.floor(pos / BSIZE);
      const boff = pos % BSIZE;
      const cnt = Math.min(BSIZE - boff, n - done);
      const bn = this.bmapAlloc(ip, lbn, false).bn;
      if (bn === 0) buf.fill(0, done, done + cnt);
      else if (cnt === BSIZE) this.dev.readBlock(bn, buf.subarray(done, done + BSIZE));
      else {
        this.dev.readBlock(bn, scratch);
        buf.set(scratch.subarray(boff, boff + cnt), done);
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
   */
  writei(ip: Inode, off: number, data: Uint8Array): number {
    this.checkWritable();
    this.checkData(ip);
    if (!Number.isInteger(off) || off < 0) throw new Errno(EINVAL);
    if (data.length === 0) return 0;
    if (off >= MAXFILESIZE) throw new Errno(EFBIG);
    const n = Math.min(data.length, MAXFILESIZE - off);
    const scratch = new Uint8Array(BSIZE);
    let done = 0;
    try {
      while (done < n) {
        const pos = off + done;
        const lbn = Math.floor(pos / BSIZE);
        const boff = pos % BSIZE;
        const cnt = Math.min(BSIZE - boff, n - done);
        let r: { bn: number; fresh: boolean };
        try {
          r = this.bmapAlloc(ip, lbn, true);
        } catch (e) {
          if (e instanceof Errno && e.errno === ENOSPC && done > 0) break;
          throw e;
        }
        if (cnt === BSIZE) this.dev.writeBlock(r.bn, data.subarray(done, done + BSIZE));
        else {
          if (r.fresh) scratch.fill(0);
          else this.dev.readBlock(r.bn, scratch);
          scratch.set(data.subarray(done, done + cnt), boff);
          this.dev.writeBlock(r.bn, scratch);
        }
        done += cnt;
        if (off + done > ip.size) ip.size = off + done;
      }
    } finally {
      if (done > 0) {
        const t = this.now();
        ip.mtime = t;
        ip.ctime = { ...t };
      }
      this.iupdat(ip);
    }
    return done;
  }
}
