/**
 * getfh(fd, fhp) — SunOS 4's call 161 (its nfs_getfh): the NFS file
 * handle of the file open on fd, for mountd to give a client that mounts
 * that directory. Only the super-user may ask (EPERM); only a file of a
 * Unix file system has one (EINVAL for a pipe or a socket).
 *
 * A handle is 32 opaque bytes that the server alone reads back. It must
 * still name the same file after the server reboots, and must stop
 * naming anything once the file is removed and its inode used again, so
 * it holds the file system's id, the inode number and the inode's
 * generation number (which the disk keeps, and which goes up each time
 * the inode is given out: ufs_alloc.ts), and the same for the exported
 * directory the client mounted, as SunOS's struct svcfh does:
 *
 *    0  fsid.val[0]  the file system: its block device (statfs's f_fsid, st_dev)
 *    4  fsid.val[1]  its type: MOUNT_UFS (1)
 *    8  u_short 10   the length of the file's fid
 *   10  u_short 0    (padding)
 *   12  u_long       the file's inode number
 *   16  u_long       its generation number
 *   20  u_short 10   the length of the exported directory's fid
 *   22  u_short 0    (padding)
 *   24  u_long       the exported directory's inode number
 *   28  u_long       its generation number
 *
 * big-endian, as everything on the wire. The second half is the export
 * the handle was made under (fs/nfs/nfs_export.ts): getfh takes the
 * export that holds the directory; the NFS server makes the handles of
 * the files below it under the same export.
 */
import { EINVAL, Errno } from '../errno.js';
import { getf } from '../fs/file.js';
import { exportAbove } from '../fs/nfs/nfs_export.js';
import { UfsVnode } from '../fs/ufs_vnops.js';
import { suser } from '../proc/cred.js';
import type { SysCtx } from '../syscall.js';
import { copyout } from '../vm/copyio.js';
import { MOUNT_UFS } from './vfs_mount.js';

/** The size of an NFS version 2 file handle. */
export const NFS_FHSIZE = 32;
/** The bytes of a fid after its length: padding, inode, generation. */
const FID_LEN = 10;

/** What a file handle says. */
export interface FileHandle {
  /** The file system: its block device, and its type (MOUNT_UFS). */
  fsid: number;
  fstype: number;
  /** The file. */
  ino: number;
  gen: number;
  /** The exported directory the handle was reached through. */
  xino: number;
  xgen: number;
}

/** A handle's 32 bytes. */
export function fhEncode(fh: FileHandle): Uint8Array {
  const b = new Uint8Array(NFS_FHSIZE);
  const v = new DataView(b.buffer);
  v.setUint32(0, fh.fsid >>> 0);
  v.setUint32(4, fh.fstype >>> 0);
  v.setUint16(8, FID_LEN);
  v.setUint32(12, fh.ino >>> 0);
  v.setUint32(16, fh.gen >>> 0);
  v.setUint16(20, FID_LEN);
  v.setUint32(24, fh.xino >>> 0);
  v.setUint32(28, fh.xgen >>> 0);
  return b;
}

/** What 32 bytes say, or null if they are not a handle this kernel made (wrong size, fid lengths, padding). */
export function fhDecode(b: Uint8Array): FileHandle | null {
  if (b.length !== NFS_FHSIZE) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  if (v.getUint16(8) !== FID_LEN || v.getUint16(20) !== FID_LEN) return null;
  if (v.getUint16(10) !== 0 || v.getUint16(22) !== 0) return null;
  return {
    fsid: v.getUint32(0),
    fstype: v.getUint32(4),
    ino: v.getUint32(12),
    gen: v.getUint32(16),
    xino: v.getUint32(24),
    xgen: v.getUint32(28),
  };
}

/** The handle of a file of a Unix file system, reached through the exported directory `exported`. */
export function makefh(vp: UfsVnode, exported: UfsVnode): Uint8Array {
  return fhEncode({
    fsid: vp.mount.dev,
    fstype: MOUNT_UFS,
    ino: vp.ip.ino,
    gen: vp.ip.gen,
    xino: exported.ip.ino,
    xgen: exported.ip.gen,
  });
}

/**
 * getfh(fd, fhp): the handle of the file open on fd (super-user only),
 * made under the export that holds it (exportfs(2): the directory itself,
 * or the nearest exported one above it on its file system), so that the
 * kernel's NFS server takes it; under itself if none does.
 */
export function sysGetfh(ctx: SysCtx): void {
  suser(ctx.p.cred);
  const vp = getf(ctx.p, ctx.args[0]).vnode;
  if (!(vp instanceof UfsVnode)) throw new Errno(EINVAL);
  const exi = exportAbove(ctx.k, vp);
  copyout(ctx.p.vm, ctx.args[1], makefh(vp, exi?.root ?? vp));
  ctx.rv = [0, ctx.rv[1]];
}
