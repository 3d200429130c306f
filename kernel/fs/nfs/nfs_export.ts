/**
 * The NFS server's export table (SunOS's nfs_export.c): which directories
 * this machine serves, to whom, and how. /usr/etc/exportfs reads
 * /etc/exports at boot and enters each line with exportfs(2); mountd
 * answers MOUNT calls with the handle getfh(2) makes; the server checks
 * every call against the table:
 *
 *   - a handle must have been made under an export that still exists (its
 *     export fid), else it is stale;
 *   - with an access list (access=), only the hosts on it are served;
 *   - EX_RDONLY (ro): nothing may be changed (NFSERR_ROFS); EX_RDMOSTLY
 *     (rw=hosts): only the hosts of the write list may change anything;
 *   - root (uid 0) is mapped to the anonymous user (anon=, by default
 *     nobody, 65534) unless the client is on the root list (root=), and so
 *     is a caller with no credentials (AUTH_NULL); with anon=-1 such
 *     callers are refused (AUTH_ERROR, AUTH_TOOWEAK).
 *
 * exportfs(dir, ex) is SunOS 4's system call 166, the super-user's;
 * getfh(2) (sys/getfh.ts) makes a handle under the export that holds the
 * directory. struct export, as a user program
 * passes it (userland/include/nfs/export.h, 36 bytes):
 *
 *   0 ex_flags   4 ex_anon   8 ex_auth (AUTH_UNIX)
 *   12 ex_rootaddrs   {naddrs, struct sockaddr *addrvec}  (SunOS's ex_unix.rootaddrs)
 *   20 ex_writeaddrs  (with EX_RDMOSTLY)
 *   28 ex_accessaddrs (sun3lab: empty means every host)
 *
 * each address a 16-byte sockaddr_in. exportfs(dir, NULL) unexports dir.
 */
import { EINVAL, ENOENT, ENOTDIR, Errno, ESTALE, EXDEV } from '../../errno.js';
import type { Kernel } from '../../kernel.js';
import { AUTH_TOOWEAK } from '../../net/rpc/rpc_msg.js';
import { SvcAuthError } from '../../net/rpc/svc.js';
import { AF_INET, sa_family, sin_addr } from '../../net/socket.js';
import { MAXPATHLEN } from '../../param.js';
import { suser, Ucred } from '../../proc/cred.js';
import { fhDecode, makefh as makefhUnder } from '../../sys/getfh.js';
import { MOUNT_UFS } from '../../sys/vfs_mount.js';
import type { SysCtx } from '../../syscall.js';
import { copyin, copyinstr } from '../../vm/copyio.js';
import { lookupVnode } from '../namei.js';
import { UfsVnode } from '../ufs_vnops.js';
import { kdone, type MountedFs, VDIR, type Vnode } from '../vnode.js';

export const EX_RDONLY = 0x01;
export const EX_RDMOSTLY = 0x02;
/** The uid unknown users get unless anon= says otherwise (nobody: -2 as SunOS has it, 65534 in 16 bits). */
export const ANON_DEFAULT = 65534;
export const EXPORT_SIZE = 36;
/** The most addresses one list may hold. */
export const EXMAXADDRS = 256;

export interface ExportInfo {
  /** The exported directory, held while it is exported. */
  readonly root: UfsVnode;
  readonly fsid: number;
  /** Its inode and generation: the export fid in every handle made under it. */
  readonly ino: number;
  readonly gen: number;
  flags: number;
  /** The uid of unknown users (-2, nobody, is 65534 in 16 bits); -1 refuses them. */
  anon: number;
  roots: number[];
  writers: number[];
  access: number[];
}

/** A machine's exports, by export fid. */
const tables = new WeakMap<Kernel, ExportInfo[]>();
export function exportTable(k: Kernel): ExportInfo[] {
  let t = tables.get(k);
  if (!t) {
    t = [];
    tables.set(k, t);
  }
  return t;
}

/** The export a handle names (SunOS's findexport), or undefined. */
export function findexport(k: Kernel, fsid: number, ino: number, gen: number): ExportInfo | undefined {
  return exportTable(k).find((x) => x.fsid === fsid && x.ino === ino && x.gen === gen);
}

/**
 * The references the export table holds on vp: a directory exported here
 * may still have a file system mounted on it (a machine that exports its
 * own /home and mounts the file server's over it), and then serves what
 * is underneath, as the handles it gave out name.
 */
export function exportHolds(k: Kernel, vp: Vnode): number {
  return exportTable(k).filter((x) => x.root === vp).length;
}

/**
 * A file system going away for good (a machine halting: a forced
 * unmount) takes its exports with it, so that their directories are not
 * left held. (An ordinary unmount of an exported file system is EBUSY.)
 */
export function unexportFs(k: Kernel, fs: MountedFs): void {
  const t = exportTable(k);
  for (let i = t.length - 1; i >= 0; i--)
    if (t[i].root.mount === fs) {
      t[i].root.release();
      t.splice(i, 1);
    }
}

/** May host `addr` use this export at all? */
export function exportAllows(x: ExportInfo, addr: number): boolean {
  return x.access.length === 0 || x.access.includes(addr);
}

/** May host `addr` change things under this export? */
export function exportWritable(x: ExportInfo, addr: number): boolean {
  if (x.flags & EX_RDONLY) return false;
  if (x.flags & EX_RDMOSTLY) return x.writers.includes(addr);
  return true;
}

/**
 * The credentials a call runs with (SunOS's checkauth): the caller's, but
 * root from a host not on the root list, or a caller with none, becomes
 * the anonymous user; SvcAuthError (AUTH_TOOWEAK) if the export takes no
 * anonymous users.
 */
export function exportCred(x: ExportInfo, cred: Ucred | null, addr: number): Ucred {
  if (cred && (cred.uid !== 0 || x.roots.includes(addr))) return cred;
  if (x.anon === -1) throw new SvcAuthError(AUTH_TOOWEAK);
  const anon = x.anon & 0xffff;
  return new Ucred(anon, anon, anon, anon, []);
}

/** The handle of file vp under export x (SunOS's makefh). */
export function makefh(x: ExportInfo, vp: UfsVnode): Uint8Array {
  return makefhUnder(vp, x.root);
}

/**
 * The file a handle names, held, and its export (SunOS's fhtovp): ESTALE
 * for a handle this server did not make, under an export that is gone, or
 * to a file that no longer exists (its inode free, or given to another
 * file since: the generation differs).
 */
export function fhtovp(k: Kernel, fhBytes: Uint8Array): { vp: UfsVnode; exi: ExportInfo } {
  const fh = fhDecode(fhBytes);
  if (!fh) throw new Errno(ESTALE);
  const exi = findexport(k, fh.fsid, fh.xino, fh.xgen);
  if (!exi || fh.fstype !== MOUNT_UFS) throw new Errno(ESTALE);
  const mount = exi.root.mount;
  let vp: UfsVnode;
  try {
    vp = mount.vget(fh.ino).hold();
  } catch (e) {
    if (e instanceof Errno) throw new Errno(ESTALE);
    throw e;
  }
  if (vp.ip.gen !== fh.gen || vp.ip.nlink <= 0) {
    vp.release();
    throw new Errno(ESTALE);
  }
  return { vp, exi };
}

/** An address list from user space: naddrs sockaddr_ins at addrvec (Internet addresses only). */
function addrList(ctx: SysCtx, at: Uint8Array, off: number): number[] {
  const v = new DataView(at.buffer, at.byteOffset, at.length);
  const n = v.getUint32(off);
  const vec = v.getUint32(off + 4);
  if (n === 0) return [];
  if (n > EXMAXADDRS) throw new Errno(EINVAL);
  const raw = copyin(ctx.p.vm, vec, 16 * n);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const sa = raw.subarray(16 * i, 16 * i + 16);
    if (sa_family(sa) !== AF_INET) throw new Errno(EINVAL);
    out.push(sin_addr(sa));
  }
  return out;
}

/** The exported directory a path names, held: a directory of a local (ufs) file system. */
function exportDir(ctx: SysCtx, path: string): UfsVnode {
  const vp = kdoneLookup(ctx, path);
  if (!(vp instanceof UfsVnode)) {
    vp.release();
    throw new Errno(EXDEV);
  }
  if (vp.type !== VDIR) {
    vp.release();
    throw new Errno(ENOTDIR);
  }
  return vp;
}

function kdoneLookup(ctx: SysCtx, path: string) {
  return kdone(lookupVnode(ctx.k.root, ctx.p, path));
}

/**
 * exportfs(dir, ex): export directory `dir` of a local file system with
 * the options of struct export `ex` (replacing what it had), or with ex
 * NULL stop exporting it (ENOENT if it was not). The super-user's.
 */
export function sysExportfs(ctx: SysCtx): void {
  const { k, p } = ctx;
  suser(p.cred);
  const path = copyinstr(p.vm, ctx.args[0], MAXPATHLEN);
  const exp = ctx.args[1];
  const vp = exportDir(ctx, path);
  const table = exportTable(k);
  const old = table.findIndex((x) => x.root === vp);
  try {
    if (exp === 0) {
      if (old < 0) throw new Errno(ENOENT);
      table[old].root.release();
      table.splice(old, 1);
      ctx.rv = [0, ctx.rv[1]];
      return;
    }
    const raw = copyin(p.vm, exp, EXPORT_SIZE);
    const v = new DataView(raw.buffer, raw.byteOffset, raw.length);
    const flags = v.getInt32(0);
    if (flags & ~(EX_RDONLY | EX_RDMOSTLY)) throw new Errno(EINVAL);
    const entry: ExportInfo = {
      root: vp,
      fsid: vp.mount.dev,
      ino: vp.ip.ino,
      gen: vp.ip.gen,
      flags,
      anon: v.getInt32(4),
      roots: addrList(ctx, raw, 12),
      writers: addrList(ctx, raw, 20),
      access: addrList(ctx, raw, 28),
    };
    if (old >= 0) {
      table[old].root.release();
      table[old] = entry;
    } else table.push(entry);
    vp.hold(); // the table's
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** The export of directory vp or of its nearest exported ancestor on its file system (walking ".." to the root). */
export function exportAbove(k: Kernel, vp: UfsVnode): ExportInfo | undefined {
  // A file that is not a directory has no ".." to climb by (and is never an export).
  if (vp.type !== VDIR) return undefined;
  const table = exportTable(k).filter((x) => x.root.mount === vp.mount);
  let dir: UfsVnode = vp.hold();
  try {
    for (let depth = 0; depth < 256; depth++) {
      const exi = table.find((x) => x.root === dir);
      if (exi) return exi;
      const up = kdone(dir.lookup('..', new Ucred()));
      if (!(up instanceof UfsVnode) || up === dir) return undefined;
      up.hold();
      dir.release();
      dir = up;
    }
    return undefined;
  } finally {
    dir.release();
  }
}
