/**
 * Directories (4.3BSD's ufs_lookup.c): finding a name (lookup), reading the
 * entries (readdir), and changing them — enter a name (direnter), remove
 * one (dirremove), point one at another inode (dirrewrite). The format of
 * an entry is dir.ts. Layer 5 of Ufs.
 */
import { EFBIG, EINVAL, EIO, ENAMETOOLONG, ENOENT, ENOTDIR, Errno } from '../../errno.js';
import {
  DIRBLKSIZ,
  type Direct,
  dirsiz,
  emptyChunk,
  MAXNAMLEN,
  parseChunk,
  putDirect,
  setDirIno,
  setDirReclen,
} from './dir.js';
import { BSIZE, FsError, MAXFILESIZE } from './fs.js';
import type { Inode } from './inode.js';
import { UfsRdwri } from './ufs_rdwri.js';

/** One directory entry as readdir returns it. */
export interface UfsDirent {
  ino: number;
  name: string;
  /** Offset of the entry in the directory. */
  offset: number;
}

/** A name about to go into a directory: the checks 4.3BSD's namei makes on a component. */
export function checkName(name: string): void {
  if (name.length === 0) throw new Errno(ENOENT);
  if (name.length > MAXNAMLEN) throw new Errno(ENAMETOOLONG);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0 || c === 0x2f || c > 0xff) throw new Errno(EINVAL);
  }
}

export abstract class UfsLookup extends UfsRdwri {
  /**
   * Visit the chunks of directory `dp`, with the block holding each. `fn`
   * returns true to stop, or 'write' to stop and write the block it has
   * changed (at once: directories are metadata). Returns whether a visit
   * stopped early.
   */
  private scanDir(
    dp: Inode,
    fn: (entries: Direct[], buf: Uint8Array, chunkOff: number) => boolean | 'write',
  ): boolean {
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    if (dp.size % DIRBLKSIZ !== 0) throw new FsError(EIO, `directory ${dp.ino}: size ${dp.size}`);
    const nblocks = Math.ceil(dp.size / BSIZE);
    for (let lbn = 0; lbn < nblocks; lbn++) {
      const bn = this.bmapAlloc(dp, lbn).bn;
      if (bn === 0) throw new FsError(EIO, `directory ${dp.ino}: hole at block ${lbn}`);
      const bp = this.bread(bn);
      const inBlock = Math.min(BSIZE, dp.size - lbn * BSIZE);
      let stop: boolean | 'write' = false;
      try {
        for (let c = 0; c < inBlock && !stop; c += DIRBLKSIZ) {
          const base = lbn * BSIZE + c;
          const entries = parseChunk(bp.data, c, base, this.sb.fs_ninode);
          if (typeof entries === 'string') throw new FsError(EIO, `directory ${dp.ino}: ${entries}`);
          stop = fn(entries, bp.data, c);
        }
      } finally {
        if (stop === 'write') this.bwrite(bp);
        else this.brelse(bp);
      }
      if (stop) return true;
    }
    return false;
  }

  /** The inode number `name` has in directory `dp` (4.3BSD's ufs_lookup). ENOENT if it has none. */
  lookup(dp: Inode, name: string): number {
    this.checkMounted();
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    if (name.length > MAXNAMLEN) throw new Errno(ENAMETOOLONG);
    let ino = 0;
    this.scanDir(dp, (entries) => {
      for (const e of entries)
        if (e.ino !== 0 && e.name === name) {
          ino = e.ino;
          return true;
        }
      return false;
    });
    if (ino === 0) throw new Errno(ENOENT);
    return ino;
  }

  /** Like lookup, but 0 when the name is not there. */
  protected lookupOrZero(dp: Inode, name: string): number {
    try {
      return this.lookup(dp, name);
    } catch (e) {
      if (e instanceof Errno && e.errno === ENOENT) return 0;
      throw e;
    }
  }

  /**
   * Entries of directory `dp` from byte offset `cookie` (0, or a `next`
   * from an earlier call), at most `max` of them; unused slots are skipped.
   * `next` is where to continue (the directory's size once all are read).
   */
  readdir(dp: Inode, cookie = 0, max = Number.POSITIVE_INFINITY): { entries: UfsDirent[]; next: number } {
    this.checkMounted();
    if (!Number.isInteger(cookie) || cookie < 0) throw new Errno(EINVAL);
    const entries: UfsDirent[] = [];
    let next = dp.size;
    this.scanDir(dp, (chunk) => {
      for (const e of chunk) {
        if (e.offset < cookie || e.ino === 0) continue;
        if (entries.length >= max) {
          next = e.offset;
          return true;
        }
        entries.push({ ino: e.ino, name: e.name, offset: e.offset });
      }
      return false;
    });
    return { entries, next: Math.max(next, cookie) };
  }

  /** Whether directory `ip` holds nothing but "." and "..". */
  dirempty(ip: Inode): boolean {
    this.checkMounted();
    return !this.scanDir(ip, (entries) =>
      entries.some((e) => e.ino !== 0 && e.name !== '.' && e.name !== '..'),
    );
  }

  /**
   * Enter `name` → `ino` in directory `dp` (4.3BSD's direnter): into the
   * first slot with room, else a new 512-byte chunk at the end. The caller
   * has checked the name is not there. ENOSPC if the directory must grow and
   * cannot; nothing has changed then.
   */
  direnter(dp: Inode, name: string, ino: number): void {
    this.checkWritable();
    checkName(name);
    const need = dirsiz(name.length);
    const done = this.scanDir(dp, (entries, buf, c) => {
      for (const e of entries) {
        const used = e.ino === 0 ? 0 : dirsiz(e.namlen);
        if (e.reclen - used < need) continue;
        const at = c + (e.offset % DIRBLKSIZ);
        if (e.ino === 0) putDirect(buf, at, ino, e.reclen, name);
        else {
          setDirReclen(buf, at, used);
          putDirect(buf, at + used, ino, e.reclen - used, name);
        }
        return 'write';
      }
      return false;
    });
    if (!done) {
      // A new chunk at the end: written before the size that takes it in.
      if (dp.size + DIRBLKSIZ > MAXFILESIZE) throw new Errno(EFBIG);
      const lbn = Math.floor(dp.size / BSIZE);
      const c = dp.size % BSIZE;
      const newChunk = (buf: Uint8Array) => {
        emptyChunk(buf, c);
        putDirect(buf, c, ino, DIRBLKSIZ, name);
      };
      const size = dp.size + DIRBLKSIZ;
      const r = this.bmapAlloc(dp, lbn, newChunk, size);
      if (!r.fresh) {
        const bp = this.bread(r.bn);
        newChunk(bp.data);
        this.bwrite(bp);
      }
      dp.size = size;
    }
    const t = this.now();
    dp.mtime = t;
    dp.ctime = { ...t };
    this.iupdat(dp);
  }

  /**
   * Remove `name` from directory `dp` (4.3BSD's dirremove): the first entry
   * of a chunk is marked unused, any other is merged into the one before.
   * Returns the inode number the name had. ENOENT if it is not there.
   */
  dirremove(dp: Inode, name: string): number {
    this.checkWritable();
    let ino = 0;
    this.scanDir(dp, (entries, buf, c) => {
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e.ino === 0 || e.name !== name) continue;
        ino = e.ino;
        const at = c + (e.offset % DIRBLKSIZ);
        if (i === 0) {
          putDirect(buf, at, 0, e.reclen, '');
        } else {
          const prev = entries[i - 1];
          setDirReclen(buf, c + (prev.offset % DIRBLKSIZ), prev.reclen + e.reclen);
        }
        return 'write';
      }
      return false;
    });
    if (ino === 0) throw new Errno(ENOENT);
    const t = this.now();
    dp.mtime = t;
    dp.ctime = { ...t };
    this.iupdat(dp);
    return ino;
  }

  /** Point the existing entry `name` of `dp` at inode `ino` (4.3BSD's dirrewrite). */
  dirrewrite(dp: Inode, name: string, ino: number): void {
    this.checkWritable();
    const found = this.scanDir(dp, (entries, buf, c) => {
      for (const e of entries) {
        if (e.ino === 0 || e.name !== name) continue;
        setDirIno(buf, c + (e.offset % DIRBLKSIZ), ino);
        return 'write';
      }
      return false;
    });
    if (!found) throw new Errno(ENOENT);
    const t = this.now();
    dp.mtime = t;
    dp.ctime = { ...t };
    this.iupdat(dp);
  }
}
