/**
 * The vnode layer of the Unix file system (SunOS's ufs_vnodeops.c, and the
 * vnode side of its ufs_vfsops.c mount): the glue between the kernel's
 * vnode interface (vnode.ts) and a mounted Ufs (kernel/fs/ufs/, which
 * does the file system's own work and knows nothing of vnodes). Each
 * UfsVnode wraps an in-core inode and turns a vnode operation into a call
 * of Ufs (lookup, readi, mkdir...). The mount (UfsMount) keeps one vnode
 * per inode in use, so that the same file is always the same vnode; a
 * vnode's last reference gives its inode back (iput).
 */
import { EBUSY, Errno, EXDEV } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import { BSIZE, IFDIR, IFREG, type Inode, ROOTINO, type Ufs } from './ufs/index.js';
import { type DirEntry, type MountedFs, modeToType, type SetattrArgs, type Vattr, Vnode } from './vnode.js';

export class UfsMount implements MountedFs {
  private readonly vcache = new Map<number, UfsVnode>();
  readonly root: Vnode;

  constructor(
    readonly fs: Ufs,
    readonly name: string,
  ) {
    this.root = this.vget(ROOTINO).hold(); // the mount's own reference, never dropped
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

  /**
   * Unmount: the mount's own hold on its root goes, then the file system
   * (ufs.ts: flushed, and marked clean if it is). EBUSY while any other
   * vnode of it is in use, unless `force`. Returns whether it was left clean.
   */
  unmount(force = false): boolean {
    if (!force && (this.vcache.size > 1 || this.root.refs > 1)) throw new Errno(EBUSY);
    this.root.release();
    return this.fs.unmount(force);
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

  override get vfs(): MountedFs {
    return this.mount;
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
      fsid: 0x0700, // major 7 (sd), minor 0: as SunOS reports the root
      fileid: ip.ino,
      rdev: ip.rdev,
      atime: ip.atime.sec,
      mtime: ip.mtime.sec,
      ctime: ip.ctime.sec,
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

  // A new file belongs to the effective user and, as in 4.3BSD, to the
  // group of its directory (SunOS 4 does so on a file system mounted
  // grpid, and in a directory with the set-group-id bit).

  override create(name: string, mode: number, cred: Ucred): Vnode {
    return this.mount.wrap(this.fs.create(this.ip, name, IFREG | (mode & 0o7777), cred.uid, this.ip.gid));
  }

  override mknod(name: string, mode: number, rdev: number, cred: Ucred): Vnode {
    return this.mount.wrap(this.fs.mknod(this.ip, name, mode, rdev, cred.uid, this.ip.gid));
  }

  override remove(name: string): void {
    this.fs.unlink(this.ip, name);
  }

  override link(name: string, target: Vnode): void {
    if (!(target instanceof UfsVnode) || target.mount !== this.mount) throw new Errno(EXDEV);
    this.fs.link(this.ip, name, target.ip);
  }

  override rename(from: string, toDir: Vnode, to: string): void {
    if (!(toDir instanceof UfsVnode) || toDir.mount !== this.mount) throw new Errno(EXDEV);
    this.fs.rename(this.ip, from, toDir.ip, to);
  }

  override mkdir(name: string, mode: number, cred: Ucred): Vnode {
    return this.mount.wrap(this.fs.mkdir(this.ip, name, IFDIR | (mode & 0o7777), cred.uid, this.ip.gid));
  }

  override rmdir(name: string): void {
    this.fs.rmdir(this.ip, name);
  }

  override symlink(name: string, target: string, cred: Ucred): void {
    this.fs.iput(this.fs.symlink(this.ip, name, target, cred.uid, this.ip.gid));
  }

  override readdir(cookie: number, max: number): { entries: DirEntry[]; next: number } {
    const r = this.fs.readdir(this.ip, cookie, max);
    return { entries: r.entries.map((e) => ({ fileid: e.ino, name: e.name })), next: r.next };
  }

  override readlink(): string {
    return this.fs.readlink(this.ip);
  }

  override fsync(): void {
    this.fs.fsync(this.ip);
  }

  protected override inactive(): void {
    this.mount.forget(this);
  }
}
