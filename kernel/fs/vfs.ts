/**
 * The mount table (SunOS's struct vfs list and vfs.c; 4.3BSD's mount
 * table in ufs_mount.c): every mounted file system, the root first. An
 * entry ties a MountedFs (the file system's operations, vnode.ts) to the
 * directory it covers and to the options it was mounted with. The system
 * calls are in sys/vfs_mount.ts; namei (namei.ts) crosses mount points
 * through the two links an entry sets up: the covered directory's
 * vfsmountedhere and the mounted root's vfsroot.
 */

import { EBUSY, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { unexportFs } from './nfs/nfs_export.js';
import { FWRITE, type MountedFs, type Vnode, VREG } from './vnode.js';

/** vfs_flag bits (SunOS's vfs.h). */
export const VFS_RDONLY = 0x01;
export const VFS_NOSUID = 0x08;
export const VFS_GRPID = 0x10;

export class Vfs {
  constructor(
    readonly fs: MountedFs,
    /** The directory it is mounted on (held while mounted); null for the root. */
    readonly vnodecovered: Vnode | null,
    /** VFS_RDONLY, VFS_NOSUID, VFS_GRPID. */
    public flag: number,
    /** The names it was mounted with, for mount(8) and df: the special file and the directory. */
    readonly spec: string,
    readonly dir: string,
  ) {}

  /** The block device it is mounted from. */
  get dev(): number {
    return this.fs.dev;
  }

  sync(): void {
    this.fs.sync();
  }
}

/** Enter the root file system in the table (init_main.ts, at boot). */
export function vfs_mountroot(k: Kernel, fs: MountedFs, flag: number, spec: string): Vfs {
  const vfs = new Vfs(fs, null, flag, spec, '/');
  fs.vfs = vfs;
  fs.root.vfsroot = vfs;
  k.mounts.unshift(vfs);
  k.root = fs.root;
  return vfs;
}

/** Enter a file system mounted on directory `covered` (which the entry holds). */
export function vfs_add(
  k: Kernel,
  fs: MountedFs,
  covered: Vnode,
  flag: number,
  spec: string,
  dir: string,
): Vfs {
  const vfs = new Vfs(fs, covered.hold(), flag, spec, dir);
  fs.vfs = vfs;
  fs.root.vfsroot = vfs;
  covered.vfsmountedhere = vfs;
  k.mounts.push(vfs);
  return vfs;
}

/** The entry of the file system mounted from block device `dev`, if one is. */
export function vfs_devsearch(k: Kernel, dev: number): Vfs | undefined {
  return k.mounts.find((m) => m.dev === dev);
}

/** Is a regular file of this file system open for writing by some process? */
function openForWriting(k: Kernel, fs: MountedFs): boolean {
  for (const p of k.procs.values())
    for (const f of p.u.ofile)
      if (f && f.flags & FWRITE && f.vnode.type === VREG && f.vnode.mountedFs() === fs) return true;
  return false;
}

/** Change a mounted file system's options (M_REMOUNT): read-only or read-write, nosuid, grpid. */
export function vfs_remount(k: Kernel, vfs: Vfs, flag: number): void {
  const rdonly = (flag & VFS_RDONLY) !== 0;
  if (rdonly && !vfs.fs.rdonly && openForWriting(k, vfs.fs)) throw new Errno(EBUSY);
  vfs.fs.remount(rdonly);
  vfs.flag = flag;
}

/**
 * Take a file system out of the table (SunOS's dounmount): EBUSY while its
 * files are in use or something is mounted on one of its directories
 * (that directory is held), unless `force`. The root is never unmounted
 * but at shutdown (force). Returns whether the file system was left marked
 * clean.
 */
export function dounmount(k: Kernel, vfs: Vfs, force = false): boolean {
  if (!force && vfs.vnodecovered === null) throw new Errno(EBUSY);
  if (force) unexportFs(k, vfs.fs);
  const clean = vfs.fs.unmount(force);
  vfs.fs.root.vfsroot = null;
  vfs.fs.vfs = null;
  const covered = vfs.vnodecovered;
  if (covered) {
    covered.vfsmountedhere = null;
    covered.release();
  }
  k.mounts.splice(k.mounts.indexOf(vfs), 1);
  return clean;
}

/** Are set-user-id and set-group-id bits to be ignored on this file (a file system mounted nosuid)? */
export function isNosuid(vp: Vnode): boolean {
  return ((vp.mountedFs()?.vfs?.flag ?? 0) & VFS_NOSUID) !== 0;
}
