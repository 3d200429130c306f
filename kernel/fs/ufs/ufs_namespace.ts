/**
 * The name-space operations: making files of every kind (mknod, create,
 * mkdir, symlink), naming and unnaming them (link, unlink, rmdir) and
 * moving them (rename), with their link counts. 4.3BSD does this work
 * inside the system calls of ufs_syscalls.c (maknode, link, rename...),
 * 4.4BSD in ufs_vnops.c; here it is without the system-call part and
 * without permission checks, which need credentials and belong to the
 * layers above (kernel/fs/ufs_vnops.ts, kernel/sys/vfs_syscalls.ts).
 * Layer 6 of Ufs.
 */
import {
  EBUSY,
  EEXIST,
  EINVAL,
  EIO,
  EISDIR,
  EMLINK,
  ENAMETOOLONG,
  ENOENT,
  ENOTDIR,
  ENOTEMPTY,
  EPERM,
  Errno,
} from '../../errno.js';
import { DIRBLKSIZ, dirsiz, putDirect } from './dir.js';
import { BSIZE, FsError, IFBLK, IFCHR, IFDIR, IFLNK, IFMT, IFREG, LINK_MAX, ROOTINO } from './fs.js';
import type { Inode } from './inode.js';
import { checkName, UfsLookup } from './ufs_lookup.js';

export abstract class UfsNamespace extends UfsLookup {
  /** Checks before a new name goes into `dp`: a live directory, a valid name not yet there. */
  private checkNew(dp: Inode, name: string): void {
    this.checkWritable();
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    checkName(name);
    if (dp.nlink <= 0) throw new Errno(ENOENT); // a removed directory
    if (this.lookupOrZero(dp, name) !== 0) throw new Errno(EEXIST);
  }

  /**
   * Enter a fresh inode (link count 0) under `name`, or free it if that
   * fails. The link count goes to the disk first: a crash in between leaves
   * an inode in no directory, which fsck clears, never a name for an inode
   * with too few links.
   */
  private enterNew(dp: Inode, name: string, ip: Inode): Inode {
    ip.nlink = ip.isDir() ? 2 : 1;
    this.iupdat(ip);
    try {
      this.direnter(dp, name, ip.ino);
    } catch (e) {
      ip.nlink = 0;
      this.iput(ip);
      throw e;
    }
    return ip;
  }

  /**
   * Make a file of any type but directory under `name` in `dp` (4.3BSD's
   * maknode): mode holds the type (IFREG if none) and permissions; `rdev` is
   * a device's number. EEXIST if the name is taken. Returns it referenced.
   */
  mknod(dp: Inode, name: string, mode: number, rdev: number, uid: number, gid: number): Inode {
    this.checkNew(dp, name);
    if ((mode & IFMT) === 0) mode |= IFREG;
    if ((mode & IFMT) === IFDIR) throw new Errno(EINVAL);
    const ip = this.ialloc(mode, uid, gid);
    // Only a device file has a device number; a FIFO or a socket has no use for one.
    const type = mode & IFMT;
    if (type === IFCHR || type === IFBLK) ip.db[0] = rdev >>> 0;
    return this.enterNew(dp, name, ip);
  }

  /** A regular file under `name` in `dp` (creat with O_EXCL; the layer above handles an existing name). */
  create(dp: Inode, name: string, mode: number, uid: number, gid: number): Inode {
    return this.mknod(dp, name, IFREG | (mode & 0o7777), 0, uid, gid);
  }

  /** A symbolic link `name` → `target` in `dp`. */
  symlink(dp: Inode, name: string, target: string, uid: number, gid: number): Inode {
    this.checkNew(dp, name);
    if (target.length === 0) throw new Errno(ENOENT);
    const bytes = new Uint8Array(target.length);
    for (let i = 0; i < target.length; i++) {
      const c = target.charCodeAt(i);
      if (c > 0xff || c === 0) throw new Errno(EINVAL);
      bytes[i] = c;
    }
    if (bytes.length > BSIZE) throw new Errno(ENAMETOOLONG);
    this.reserve(1);
    const ip = this.ialloc(IFLNK | 0o777, uid, gid);
    try {
      this.writei(ip, 0, bytes);
    } catch (e) {
      this.iput(ip);
      throw e;
    }
    return this.enterNew(dp, name, ip);
  }

  /** The target of symbolic link `ip` (EIO for a size symlink could not have made). */
  readlink(ip: Inode): string {
    if (!ip.isLnk()) throw new Errno(EINVAL);
    if (ip.size > BSIZE) throw new FsError(EIO, `symbolic link ${ip.ino}: size ${ip.size}`);
    const buf = new Uint8Array(ip.size);
    const n = this.readi(ip, 0, buf);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(buf[i]);
    return s;
  }

  /** A directory under `name` in `dp`, holding "." and "..". Returns it referenced. */
  mkdir(dp: Inode, name: string, mode: number, uid: number, gid: number): Inode {
    this.checkNew(dp, name);
    if (dp.nlink >= LINK_MAX) throw new Errno(EMLINK);
    this.reserve(1);
    const ip = this.ialloc(IFDIR | (mode & 0o7777), uid, gid);
    try {
      this.bmapAlloc(
        ip,
        0,
        (buf) => {
          putDirect(buf, 0, ip.ino, dirsiz(1), '.');
          putDirect(buf, dirsiz(1), dp.ino, DIRBLKSIZ - dirsiz(1), '..');
        },
        DIRBLKSIZ,
      );
    } catch (e) {
      this.iput(ip);
      throw e;
    }
    // The parent counts the new "..", before the name that makes it reachable.
    dp.nlink++;
    this.iupdat(dp);
    try {
      this.enterNew(dp, name, ip);
    } catch (e) {
      dp.nlink--;
      this.iupdat(dp);
      throw e;
    }
    return ip;
  }

  /** Another name for `ip` in `dp`. Directories cannot be linked (EPERM). */
  link(dp: Inode, name: string, ip: Inode): void {
    this.checkNew(dp, name);
    if (ip.isDir()) throw new Errno(EPERM);
    if (ip.nlink <= 0) throw new Errno(ENOENT);
    if (ip.nlink >= LINK_MAX) throw new Errno(EMLINK);
    // The count first, as in enterNew.
    ip.nlink++;
    ip.ctime = this.now();
    this.iupdat(ip);
    try {
      this.direnter(dp, name, ip.ino);
    } catch (e) {
      ip.nlink--;
      this.iupdat(ip);
      throw e;
    }
  }

  /** Remove the name of a file that is not a directory (EPERM for one). */
  unlink(dp: Inode, name: string): void {
    this.checkWritable();
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    if (name === '.' || name === '..') throw new Errno(EPERM);
    const ip = this.iget(this.lookup(dp, name));
    try {
      if (ip.isDir()) throw new Errno(EPERM);
      this.dirremove(dp, name);
      ip.nlink--;
      ip.ctime = this.now();
      this.iupdat(ip);
    } finally {
      this.iput(ip);
    }
  }

  /** Remove an empty directory: ENOTDIR, ENOTEMPTY, EBUSY for the root, EINVAL for ".". */
  rmdir(dp: Inode, name: string): void {
    this.checkWritable();
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    if (name === '.') throw new Errno(EINVAL);
    if (name === '..') throw new Errno(ENOTEMPTY);
    const ip = this.iget(this.lookup(dp, name));
    try {
      if (!ip.isDir()) throw new Errno(ENOTDIR);
      if (ip.ino === ROOTINO) throw new Errno(EBUSY);
      if (!this.dirempty(ip)) throw new Errno(ENOTEMPTY);
      this.dirremove(dp, name);
      dp.nlink--;
      this.iupdat(dp);
      // Its "." and ".." go now, so nothing can be created in it through a
      // reference someone still holds (a current directory).
      ip.nlink = 0;
      this.itruncData(ip, 0);
    } finally {
      this.iput(ip);
    }
  }

  /** EINVAL if directory `tdp` is `ip` or lies under it (a directory cannot move into itself). */
  private checkPath(ip: Inode, tdp: Inode): void {
    let ino = tdp.ino;
    for (let steps = 0; ino !== ROOTINO; steps++) {
      if (ino === ip.ino) throw new Errno(EINVAL);
      if (steps > this.sb.fs_ninode) throw new FsError(EIO, 'directory loop');
      const dp = this.iget(ino);
      try {
        const up = this.lookup(dp, '..');
        if (up === ino) break;
        ino = up;
      } finally {
        this.iput(dp);
      }
    }
    if (ino === ip.ino) throw new Errno(EINVAL);
  }

  /**
   * Rename `fname` in `fdp` to `tname` in `tdp` (4.3BSD's rename, less the
   * locking a single-threaded kernel does not need). An existing target is
   * replaced: a file by a file, an empty directory by a directory.
   *
   * Each step is on the disk before the next, in an order that a crash
   * between any two leaves only what fsck -p repairs: link counts too
   * high, and inodes in no directory.
   */
  rename(fdp: Inode, fname: string, tdp: Inode, tname: string): void {
    this.checkWritable();
    if (!fdp.isDir() || !tdp.isDir()) throw new Errno(ENOTDIR);
    if (fname === '.' || fname === '..' || tname === '.' || tname === '..') throw new Errno(EINVAL);
    checkName(tname);
    const ip = this.iget(this.lookup(fdp, fname));
    try {
      const isdir = ip.isDir();
      const moved = isdir && fdp.ino !== tdp.ino;
      if (tdp.nlink <= 0) throw new Errno(ENOENT);
      if (moved) this.checkPath(ip, tdp);
      const xino = this.lookupOrZero(tdp, tname);
      if (xino === ip.ino) return;
      const xp = xino !== 0 ? this.iget(xino) : null;
      try {
        if (xp && isdir) {
          if (!xp.isDir()) throw new Errno(ENOTDIR);
          if (!this.dirempty(xp)) throw new Errno(ENOTEMPTY);
        } else if (xp?.isDir()) throw new Errno(EISDIR);
        else if (!xp && moved && tdp.nlink >= LINK_MAX) throw new Errno(EMLINK);
        if (isdir) this.renameDir(fdp, fname, tdp, tname, ip, xp !== null);
        else this.renameFile(fdp, fname, tdp, tname, ip, xp !== null);
        // What the target name held has lost it.
        if (xp?.isDir()) {
          xp.nlink = 0;
          if (!moved) {
            tdp.nlink--; // its ".." (a directory moved in brings its own)
            this.iupdat(tdp);
          }
          this.itruncData(xp, 0);
        } else if (xp) {
          xp.nlink--;
          xp.ctime = this.now();
          this.iupdat(xp);
        }
      } finally {
        if (xp) this.iput(xp);
      }
      ip.ctime = this.now();
      this.iupdat(ip);
    } finally {
      this.iput(ip);
    }
  }

  /**
   * A file gets its new name before it loses the old one, with its link
   * count raised for the time it has both (4.3BSD's order).
   */
  private renameFile(
    fdp: Inode,
    fname: string,
    tdp: Inode,
    tname: string,
    ip: Inode,
    replace: boolean,
  ): void {
    ip.nlink++;
    this.iupdat(ip);
    try {
      if (replace) this.dirrewrite(tdp, tname, ip.ino);
      else this.direnter(tdp, tname, ip.ino);
    } catch (e) {
      ip.nlink--;
      this.iupdat(ip);
      throw e;
    }
    this.dirremove(fdp, fname);
    ip.nlink--;
  }

  /**
   * A directory loses its old name before it gets the new one: with both
   * for a moment it would have two parents, which fsck cannot settle on
   * its own; with neither it is a directory in no directory, which fsck
   * puts in lost+found. If the new name cannot be made (the target
   * directory cannot grow), the old one comes back, in the room it left.
   */
  private renameDir(fdp: Inode, fname: string, tdp: Inode, tname: string, ip: Inode, replace: boolean): void {
    const moved = fdp.ino !== tdp.ino;
    this.dirremove(fdp, fname);
    let parentCounted = false;
    try {
      if (moved) {
        this.dirrewrite(ip, '..', tdp.ino);
        if (!replace) {
          tdp.nlink++;
          this.iupdat(tdp);
          parentCounted = true;
        }
      }
      if (replace) this.dirrewrite(tdp, tname, ip.ino);
      else this.direnter(tdp, tname, ip.ino);
    } catch (e) {
      if (parentCounted) {
        tdp.nlink--;
        this.iupdat(tdp);
      }
      if (moved) this.dirrewrite(ip, '..', fdp.ino);
      this.direnter(fdp, fname, ip.ino);
      throw e;
    }
    if (moved) {
      fdp.nlink--;
      this.iupdat(fdp);
    }
  }
}
