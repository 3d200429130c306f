/**
 * The vnode layer of the Unix file system (SunOS's ufs_vnodeops.c, and the
 * vnode side of its ufs_vfsops.c mount): the glue between the kernel's
 * vnode interface (vnode.ts) and a mounted Ufs (kernel/fs/ufs/, which
 * does the file system's own work and knows nothing of vnodes). Each
 * UfsVnode wraps an in-core inode and turns a vnode operation into a call
 * of Ufs (lookup, readi, mkdir...). The mount (UfsMount) keeps one vnode
 * per inode in use, so that the same file is always the same vnode; a
 * vnode's last reference gives its inode back (iput). Since every use of a
 * file holds its vnode, the mount is busy exactly while some vnode other
 * than its root is held, or the root by anyone but the mount itself.
 */
import { EBUSY, EROFS, Errno, EXDEV } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import { BSIZE, IFDIR, IFREG, type Inode, ISGID, ROOTINO, type Ufs } from './ufs/index.js';
import { VFS_GRPID, type Vfs } from './vfs.js';
import {
  type DirEntry,
  type FsStats,
  type MountedFs,
  modeToType,
  type SetattrArgs,
  type Vattr,
  VDIR,
  VLNK,
  Vnode,
  VREG,
} from './vnode.js';

export class UfsMount implements MountedFs {
  private readonly vcache = new Map<number, UfsVnode>();
  readonly root: Vnode;
  vfs: Vfs | null = null;

  constructor(
    readonly fs: Ufs,
    /** The block device it is mounted from. */
    readonly dev: number,
  ) {
    this.root = this.vget(ROOTINO).hold(); // the mount's own reference, until it is unmounted
  }

  get rdonly(): boolean {
    return this.fs.ronly;
  }

  /** The vnode of inode `ino`, shared by everyone who has the file. */
  vget(ino: number): UfsVnode {
    const cached = this.vcache.get(ino);
    if (cached) return cached;
    return this.wrap(this.fs.iget(ino));
  }

  /** A vnode for an inode the caller got a reference to (a new file). */
  wrap(ip: Inode): UfsVnode {
    const cached = this.vcache.get(ip.ino);
    if (cached) {
      this.fs.iput(ip); // the vnode already holds one
      return cached;
    }
    const vp = new UfsVnode(this, ip);
    this.vcache.set(ip.ino, vp);
    return vp;
  }

  forget(vp: UfsVnode): void {
    this.vcache.delete(vp.ip.ino);
    this.fs.iput(vp.ip);
  }

  sync(): void {
    this.fs.sync();
  }

  statfs(): FsStats {
    const s = this.fs.statfs();
    // No blocks are kept back for the super-user: all the free ones are available.
    return {
      bsize: s.bsize,
      blocks: s.blocks,
      bfree: s.bfree,
      bavail: s.bfree,
      files: s.files,
      ffree: s.ffree,
    };
  }

  /**
   * SunOS's ufs_unmount: EBUSY while a file is in use, unless forced (a
   * machine halting); then the mount's own hold on its root goes, and the
   * file system is flushed and marked clean if it is (ufs.ts). Returns
   * whether it was left clean.
   */
  unmount(force = false): boolean {
    const inUse = (vp: UfsVnode) => vp.refs > (vp === this.root ? 1 : 0);
    if (!force && [...this.vcache.values()].some(inUse)) throw new Errno(EBUSY);
    // A vnode nobody holds (made and never used) gives its inode back first.
    for (const vp of [...this.vcache.values()]) if (vp !== this.root && vp.refs === 0) this.forget(vp);
    this.root.release();
    const clean = this.fs.unmount(force);
    this.fs.dev.flush();
    return clean;
  }

  remount(rdonly: boolean): void {
    this.fs.remount(rdonly);
    this.fs.dev.flush();
  }
}

export class UfsVnode extends Vnode {
  constructor(
    readonly mount: UfsMount,
    readonly ip: Inode,
  ) {
    super(modeToType(ip.mode));
  }

  private get fs(): Ufs {
    return this.mount.fs;
  }

  getattr(): Vattr {
    const ip = this.ip;
    return {
      type: this.type,
      mode: ip.mode,
      nlink: ip.nlink,
      uid: ip.uid,
      gid: ip.gid,
      size: ip.size,
      fsid: this.mount.dev, // the disk it is on, as SunOS reports st_dev
      fileid: ip.ino,
      rdev: ip.rdev,
      atime: ip.atime.sec,
      mtime: ip.mtime.sec,
      ctime: ip.ctime.sec,
      atimeUsec: ip.atime.usec,
      mtimeUsec: ip.mtime.usec,
      ctimeUsec: ip.ctime.usec,
      blocksize: BSIZE,
      blocks: ip.blocks,
    };
  }

  override setattr(a: SetattrArgs, _cred: Ucred): void {
    if (a.size !== undefined) {
      this.fs.itrunc(this.ip, a.size);
      if (a.mode === undefined && a.uid === undefined && a.gid === undefined && a.atime === undefined) return;
    }
    this.fs.setattr(this.ip, {
      mode: a.mode,
      uid: a.uid,
      gid: a.gid,
      atime: a.atime === undefined ? undefined : { sec: a.atime, usec: a.atimeUsec ?? 0 },
      mtime: a.mtime === undefined ? undefined : { sec: a.mtime, usec: a.mtimeUsec ?? 0 },
    });
  }

  /** As the vnode's, but writing to a file system mounted read-only is EROFS (4.3BSD's access). */
  override access(want: number, cred: Ucred): boolean {
    if (want & 2 && this.fs.ronly && (this.type === VREG || this.type === VDIR || this.type === VLNK))
      throw new Errno(EROFS);
    return super.access(want, cred);
  }

  override mountedFs(): MountedFs {
    return this.mount;
  }

  /**
   * The group of a new file in this directory: the directory's if the file
   * system is mounted with grpid (4.3BSD's rule) or the directory is
   * set-group-id, else the creator's (SunOS's default, System V's rule).
   */
  private newGid(cred: Ucred): number {
    const grpid = ((this.mount.vfs?.flag ?? 0) & VFS_GRPID) !== 0;
    return grpid || this.ip.mode & ISGID ? this.ip.gid : cred.gid;
  }
  /**
   * A new file's mode: the set-group-id bit stays only if its maker is in
   * the group the file gets (or is the super-user), as chmod would allow.
   */
  private newMode(mode: number, gid: number, cred: Ucred): number {
    return cred.isSuperuser() || cred.groupmember(gid) ? mode : mode & ~ISGID;
  }

  override read(offset: number, count: number): Uint8Array {
    const n = Math.max(0, Math.min(count, this.ip.size - offset));
    const buf = new Uint8Array(n);
    const got = n > 0 ? this.fs.readi(this.ip, offset, buf) : 0;
    return buf.subarray(0, got);
  }

  override write(offset: number, data: Uint8Array): number {
    return this.fs.writei(this.ip, offset, data);
  }

  override lookup(name: string, _cred: Ucred): Vnode {
    if (name === '.') return this;
    return this.mount.vget(this.fs.lookup(this.ip, name));
  }

  override create(name: string, mode: number, cred: Ucred): Vnode {
    const gid = this.newGid(cred);
    return this.mount.wrap(
      this.fs.create(this.ip, name, IFREG | this.newMode(mode & 0o7777, gid, cred), cred.uid, gid),
    );
  }

  override mknod(name: string, mode: number, rdev: number, cred: Ucred): Vnode {
    const gid = this.newGid(cred);
    return this.mount.wrap(this.fs.mknod(this.ip, name, this.newMode(mode, gid, cred), rdev, cred.uid, gid));
  }

  override remove(name: string, _cred?: Ucred): void {
    this.fs.unlink(this.ip, name);
  }

  override link(name: string, target: Vnode, _cred?: Ucred): void {
    if (!(target instanceof UfsVnode) || target.mount !== this.mount) throw new Errno(EXDEV);
    this.fs.link(this.ip, name, target.ip);
  }

  override rename(from: string, toDir: Vnode, to: string, _cred?: Ucred): void {
    if (!(toDir instanceof UfsVnode) || toDir.mount !== this.mount) throw new Errno(EXDEV);
    this.fs.rename(this.ip, from, toDir.ip, to);
  }

  override mkdir(name: string, mode: number, cred: Ucred): Vnode {
    const gid = this.newGid(cred);
    return this.mount.wrap(
      this.fs.mkdir(this.ip, name, IFDIR | this.newMode(mode & 0o7777, gid, cred), cred.uid, gid),
    );
  }

  override rmdir(name: string, _cred?: Ucred): void {
    this.fs.rmdir(this.ip, name);
  }

  override symlink(name: string, target: string, cred: Ucred): void {
    this.fs.iput(this.fs.symlink(this.ip, name, target, cred.uid, this.newGid(cred)));
  }

  override readdir(cookie: number, max: number, _cred?: Ucred): { entries: DirEntry[]; next: number } {
    const r = this.fs.readdir(this.ip, cookie, max);
    return {
      entries: r.entries.map((e) => ({ fileid: e.ino, name: e.name, offset: e.offset })),
      next: r.next,
    };
  }

  override readlink(_cred?: Ucred): string {
    return this.fs.readlink(this.ip);
  }

  override fsync(_cred?: Ucred): void {
    this.fs.fsync(this.ip);
  }

  protected override inactive(): void {
    this.mount.forget(this);
  }
}
