/**
 * Mounting file systems (SunOS 4's mount(2) and unmount(2), which its
 * vfs.c and vfs_syscalls.c implement; 4.3BSD's smount and umount in
 * ufs_mount.c), statfs and fstatfs, and sun3lab's mntinfo, from which
 * mount(8) and df learn what is mounted where (SunOS kept that in
 * /etc/mtab, which the commands wrote; here the kernel's table is the one
 * truth). The table itself is fs/vfs.ts.
 *
 * mount(type, dir, flags, data) is SunOS's: with M_NEWTYPE, type is a
 * string naming the file system type ("4.2" or "ufs", "nfs"), else a
 * number (MOUNT_UFS 1, MOUNT_NFS 2); for ufs, data points to a struct
 * ufs_args, whose one field fspec names the block special file to mount;
 * for NFS, to a struct nfs_args (fs/nfs/nfs_vfsops.ts).
 */
import { major, minor } from '../dev/devsw.js';
import { EBUSY, EINVAL, ENODEV, ENOTBLK, ENOTDIR, ENXIO, Errno } from '../errno.js';
import { getf } from '../fs/file.js';
import { lookupVnode } from '../fs/namei.js';
import { exportHolds } from '../fs/nfs/nfs_export.js';
import { MOUNT_NFS, nfs_mount } from '../fs/nfs/nfs_vfsops.js';
import { Ufs } from '../fs/ufs/index.js';
import { UfsMount } from '../fs/ufs_vnops.js';
import {
  dounmount,
  VFS_GRPID,
  VFS_NOSUID,
  VFS_RDONLY,
  type Vfs,
  vfs_add,
  vfs_devsearch,
  vfs_remount,
} from '../fs/vfs.js';
import { FREAD, type FsStats, FWRITE, kwait, type MountedFs, VBLK, VDIR } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { MAXPATHLEN } from '../param.js';
import { suser } from '../proc/cred.js';
import type { SysCtx } from '../syscall.js';
import { copyinstr, copyout, fuword, longs } from '../vm/copyio.js';

/** mount(2) flags (SunOS's sys/mount.h). */
export const M_RDONLY = 0x01;
export const M_NOSUID = 0x02;
export const M_NEWTYPE = 0x04;
export const M_GRPID = 0x08;
export const M_REMOUNT = 0x10;
/** File system type numbers (without M_NEWTYPE). */
export const MOUNT_UFS = 1;
/** The flags sun3lab knows; M_NOSUB, M_MULTI and M_SYS5 are EINVAL. */
const M_KNOWN = M_RDONLY | M_NOSUID | M_NEWTYPE | M_GRPID | M_REMOUNT;

/** The names a file system type string may have. */
const UFS_NAMES = ['4.2', 'ufs'];
const NFS_NAMES = ['nfs'];

/** The type mount(2) names: 'ufs' or 'nfs' (ENODEV for any other). */
function mountType(ctx: SysCtx, type: number, flags: number): 'ufs' | 'nfs' {
  if (flags & M_NEWTYPE) {
    const name = copyinstr(ctx.p.vm, type, 16);
    if (UFS_NAMES.includes(name)) return 'ufs';
    if (NFS_NAMES.includes(name)) return 'nfs';
  } else if (type === MOUNT_UFS) return 'ufs';
  else if (type === MOUNT_NFS) return 'nfs';
  throw new Errno(ENODEV);
}

/**
 * Mount the ufs on block device `dev` (SunOS's mountfs): ENXIO if there is
 * no such device, EINVAL if it holds no file system, EIO if the file
 * system is damaged. What the mount itself notices (stale free counts) is
 * logged under `name`.
 */
export function ufs_mountfs(k: Kernel, dev: number, rdonly: boolean, name: string): UfsMount {
  const driver = k.bdevsw.get(major(dev));
  if (!driver) throw new Errno(ENXIO);
  driver.open(minor(dev), rdonly ? FREAD : FREAD | FWRITE);
  const fs = Ufs.mount(driver.device(minor(dev)), {
    readonly: rdonly,
    bufs: k.bufs,
    now: () => {
      const [sec, usec] = k.timeOfDay();
      return { sec, usec };
    },
    warn: (message) => k.log(`${name}: ${message}\n`),
  });
  return new UfsMount(fs, dev);
}

/** The vfs flags for mount(2) flags. */
function vfsflags(flags: number): number {
  return (
    (flags & M_RDONLY ? VFS_RDONLY : 0) |
    (flags & M_NOSUID ? VFS_NOSUID : 0) |
    (flags & M_GRPID ? VFS_GRPID : 0)
  );
}

/** The block device a special file names: ENOTBLK if it is not one, ENXIO if no driver has it. */
function* blockdev(ctx: SysCtx, spec: string): Generator<void, number, void> {
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, spec);
  try {
    if (vp.type !== VBLK) throw new Errno(ENOTBLK);
    const dev = vp.getattr().rdev;
    if (!ctx.k.bdevsw.has(major(dev))) throw new Errno(ENXIO);
    return dev;
  } finally {
    vp.release();
  }
}

/** ufs_args.fspec: the special file's name. */
function fspec(ctx: SysCtx, data: number): string {
  return copyinstr(ctx.p.vm, fuword(ctx.p.vm, data), MAXPATHLEN);
}

/** mount(type, dir, flags, data): the super-user mounts a file system, or changes one's options (M_REMOUNT). */
export function* sysMount(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [type, dirp, flags, data] = ctx.args;
  suser(p.cred);
  if (flags & ~M_KNOWN) throw new Errno(EINVAL);
  const fstype = mountType(ctx, type, flags);
  const dir = copyinstr(p.vm, dirp, MAXPATHLEN);
  const vp = yield* lookupVnode(k.root, p, dir);
  try {
    if (flags & M_REMOUNT) {
      // dir must be where a file system is mounted; a special file, if named, must be its device.
      const vfs = vp.vfsroot;
      if (!vfs || (vfs.fs.fstype ?? '4.2') !== (fstype === 'nfs' ? 'nfs' : '4.2')) throw new Errno(EINVAL);
      if (fstype === 'ufs' && data !== 0 && (yield* blockdev(ctx, fspec(ctx, data))) !== vfs.dev)
        throw new Errno(EINVAL);
      vfs_remount(k, vfs, vfsflags(flags));
    } else {
      if (vp.type !== VDIR) throw new Errno(ENOTDIR);
      // Nobody else may be using the directory (a current directory, an open file), and it
      // may not be the root of a file system (namei gives a mount point's root: mounted already).
      // (An export of the directory does not count: exportHolds.)
      const free = () => vp.refs === 1 + exportHolds(k, vp) && !vp.vfsroot && !vp.vfsmountedhere;
      if (!free()) throw new Errno(EBUSY);
      if (fstype === 'nfs') {
        const fs = yield* nfs_mount(k, p, data, (flags & M_RDONLY) !== 0);
        // The server may have taken a while: the directory must still be free.
        if (!free()) {
          fs.unmount(true);
          throw new Errno(EBUSY);
        }
        vfs_add(k, fs, vp, vfsflags(flags), fs.args.fsname, dir);
      } else {
        const spec = fspec(ctx, data);
        const dev = yield* blockdev(ctx, spec);
        if (vfs_devsearch(k, dev) || k.bwriters.has(dev)) throw new Errno(EBUSY);
        const fs = ufs_mountfs(k, dev, (flags & M_RDONLY) !== 0, spec.split('/').pop() ?? spec);
        vfs_add(k, fs, vp, vfsflags(flags), spec, dir);
      }
    }
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * unmount(dir): the super-user unmounts the file system mounted on dir.
 * EINVAL if none is; EBUSY while any of its files is in use, or for the root.
 */
export function* sysUnmount(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  suser(p.cred);
  const vp = yield* lookupVnode(k.root, p, copyinstr(p.vm, ctx.args[0], MAXPATHLEN));
  const vfs = vp.vfsroot;
  vp.release();
  if (!vfs) throw new Errno(EINVAL);
  // What is written to a remote file system reaches its server first (the part that may wait).
  if (vfs.fs.flush) yield* vfs.fs.flush(p);
  if (!k.mounts.includes(vfs)) throw new Errno(EINVAL);
  dounmount(k, vfs);
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * struct statfs as SunOS 4 lays it out, 64 bytes: f_type (0), f_bsize,
 * f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_fsid (the device and
 * the type, MOUNT_UFS or MOUNT_NFS, as SunOS sets vfs_fsid), seven spare
 * longs. An NFS file system's figures come from its server (STATFS).
 */
export const STATFS_SIZE = 64;
function* statfsBytes(ctx: SysCtx, fs: MountedFs): Generator<void, Uint8Array, void> {
  const s: FsStats = yield* kwait(fs.statfs(ctx.p.cred));
  const b = new Uint8Array(STATFS_SIZE);
  b.set(
    longs([0, s.bsize, s.blocks, s.bfree, s.bavail, s.files, s.ffree, fs.dev, fs.mountType ?? MOUNT_UFS]),
  );
  return b;
}

/** statfs(path, buf): the file system holding path. */
export function* sysStatfs(ctx: SysCtx): Generator<void, void, void> {
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, copyinstr(ctx.p.vm, ctx.args[0], MAXPATHLEN));
  try {
    const fs = vp.mountedFs();
    if (!fs) throw new Errno(EINVAL);
    copyout(ctx.p.vm, ctx.args[1], yield* statfsBytes(ctx, fs));
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** fstatfs(fd, buf): the file system holding an open file (EINVAL for a pipe, which is in none). */
export function* sysFstatfs(ctx: SysCtx): Generator<void, void, void> {
  const fs = getf(ctx.p, ctx.args[0]).vnode.mountedFs();
  if (!fs) throw new Errno(EINVAL);
  copyout(ctx.p.vm, ctx.args[1], yield* statfsBytes(ctx, fs));
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * struct mntinfo (sys/sun3lab.h), 336 bytes: mi_fsname[64] the special
 * file, mi_dir[256] the mount point (both as given to mount, cut to fit,
 * NUL-terminated), mi_type[8] "4.2" or "nfs", mi_flags (M_RDONLY,
 * M_NOSUID, M_GRPID as they are now) at 328, mi_dev (the block device,
 * or an NFS mount's made-up one: statfs's f_fsid.val[0]) at 332. An NFS
 * mount's special file is "host:/path".
 */
export const MNTINFO_SIZE = 336;
function mntinfoBytes(vfs: Vfs): Uint8Array {
  const b = new Uint8Array(MNTINFO_SIZE);
  const put = (s: string, at: number, size: number) => {
    for (let i = 0; i < s.length && i < size - 1; i++) b[at + i] = s.charCodeAt(i) & 0xff;
  };
  put(vfs.spec, 0, 64);
  put(vfs.dir, 64, 256);
  put(vfs.fs.fstype ?? '4.2', 320, 8);
  const flags =
    (vfs.fs.rdonly ? M_RDONLY : 0) |
    (vfs.flag & VFS_NOSUID ? M_NOSUID : 0) |
    (vfs.flag & VFS_GRPID ? M_GRPID : 0);
  b.set(longs([flags, vfs.dev]), 328);
  return b;
}

/** mntinfo(buf, maxcount): the mount table, a record per file system, the root first; returns how many. */
export function sysMntinfo(ctx: SysCtx): void {
  const { k } = ctx;
  const max = Math.max(0, ctx.args[1] | 0);
  const list = k.mounts.slice(0, max);
  const out = new Uint8Array(MNTINFO_SIZE * list.length);
  list.forEach((vfs, i) => {
    out.set(mntinfoBytes(vfs), i * MNTINFO_SIZE);
  });
  copyout(ctx.p.vm, ctx.args[0], out);
  ctx.rv = [list.length, ctx.rv[1]];
}
