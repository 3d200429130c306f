/**
 * The file-system calls that name files (vfs_syscalls.c in SunOS and
 * 4.3BSD-Reno; 4.3BSD has them in ufs_syscalls.c, mixed with the file
 * system's own work): open, creat, lseek, stat, lstat, fstat, access,
 * chdir, mkdir, rmdir, unlink, link, rename, symlink, readlink, chmod,
 * getdirentries and sync. namei (fs/namei.ts) looks the names up and the
 * vnodes do the work. read, write, ioctl and select are in generic.ts;
 * dup, fcntl and close in descrip.ts.
 */
import { EACCES, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, Errno, ESPIPE } from '../errno.js';
import { File, FNBIO, getf, ufalloc } from '../fs/file.js';
import { lookupVnode, namei } from '../fs/namei.js';
import { FREAD, FWRITE, S_IFMT, type Vattr, VCHR, VDIR, VFIFO, VLNK, type Vnode, VREG } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { MAXPATHLEN } from '../param.js';
import type { SysCtx } from '../syscall.js';
import { copyinstr, copyout } from '../vm/copyio.js';

/** open() flags (fcntl.h, SunOS values). */
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_APPEND = 0o10;
export const O_CREAT = 0o1000;
export const O_TRUNC = 0o2000;
export const O_EXCL = 0o4000;
export const O_NDELAY = 0o4;
export const O_NONBLOCK = 0x4000;
export const O_NOCTTY = 0x8000;

function path(ctx: SysCtx, arg: number): string {
  return copyinstr(ctx.p.vm, ctx.args[arg], MAXPATHLEN);
}

/** A device file's vnode becomes its specfs vnode; everything else stays. */
function vnodeForIo(k: Kernel, vp: Vnode): Vnode {
  return vp.type === VCHR ? k.specvp(vp) : vp;
}

/** The shared part of open and creat. */
function openPath(ctx: SysCtx, name: string, oflags: number, mode: number): void {
  const { k, p } = ctx;
  const fflags = ((oflags & 3) + 1) | (oflags & (O_APPEND | O_NDELAY | FNBIO | O_NONBLOCK));
  const r = namei(k.root, p, name);
  let vp = r.vnode;
  try {
    if (!vp) {
      if (!(oflags & O_CREAT)) throw new Errno(ENOENT);
      if (r.dirOnly) throw new Errno(ENOTDIR); // "newfile/": a plain file cannot end in a slash
      if (!r.dir.access(2, p.cred)) throw new Errno(EACCES);
      vp = r.dir.create(r.name, mode & ~p.u.cmask & 0o7777, p.cred).hold();
    } else {
      if (oflags & O_CREAT && oflags & O_EXCL) throw new Errno(EEXIST);
      if (vp.type === VDIR && fflags & FWRITE) throw new Errno(EISDIR);
      if (fflags & FREAD && !vp.access(4, p.cred)) throw new Errno(EACCES);
      if (fflags & FWRITE && !vp.access(2, p.cred)) throw new Errno(EACCES);
      if (oflags & O_TRUNC && fflags & FWRITE && vp.type === VREG) vp.setattr({ size: 0 }, p.cred);
    }
  } catch (e) {
    vp?.release();
    r.dir.release();
    throw e;
  }
  r.dir.release();
  const io = vnodeForIo(k, vp);
  if (io !== vp) {
    io.hold();
    vp.release();
  }
  let fd: number;
  try {
    fd = ufalloc(p);
    // A terminal may become the caller's controlling terminal here, unless O_NOCTTY.
    io.open(fflags | (oflags & O_NOCTTY), p.cred);
  } catch (e) {
    io.release();
    throw e;
  }
  p.u.ofile[fd] = new File(io, fflags);
  p.u.pofile[fd] = 0;
  ctx.rv = [fd, ctx.rv[1]];
}

export function sysOpen(ctx: SysCtx): void {
  openPath(ctx, path(ctx, 0), ctx.args[1], ctx.args[2]);
}

export function sysCreat(ctx: SysCtx): void {
  openPath(ctx, path(ctx, 0), O_WRONLY | O_CREAT | O_TRUNC, ctx.args[1]);
}

/** The largest file offset: SunOS's off_t is a signed 32-bit long. */
const OFF_MAX = 0x7fffffff;

/**
 * lseek(fd, offset, whence): set the file offset. A pipe has none (ESPIPE:
 * 4.3BSD's pipes are sockets, and lseek refuses anything that is not an
 * inode). A device file keeps the offset like any inode; the terminal and
 * /dev/null simply ignore it. A new offset that is negative, or too large
 * for an off_t (0x7fffffff, then SEEK_CUR 1), is EINVAL and leaves the
 * offset as it was: returned, it would read as -1 or as a negative number.
 */
export function sysLseek(ctx: SysCtx): void {
  const [fd, offset, whence] = ctx.args;
  const f = getf(ctx.p, fd);
  if (f.vnode.type === VFIFO) throw new Errno(ESPIPE);
  const base = whence === 0 ? 0 : whence === 1 ? f.offset : whence === 2 ? f.vnode.getattr().size : -1;
  if (base < 0) throw new Errno(EINVAL);
  const at = base + (offset | 0);
  if (at < 0 || at > OFF_MAX) throw new Errno(EINVAL);
  f.offset = at;
  ctx.rv = [at, ctx.rv[1]];
}

/**
 * struct stat as SunOS 4 lays it out on the 68020 (2-byte alignment):
 * dev 0, ino 2, mode 6, nlink 8, uid 10, gid 12, rdev 14, size 16,
 * atime 20, mtime 28, ctime 36 (each followed by a spare long),
 * blksize 44, blocks 48, two spare longs; 60 bytes in all.
 */
export const STAT_SIZE = 60;
export function statBytes(a: Vattr): Uint8Array {
  const b = new Uint8Array(STAT_SIZE);
  const v = new DataView(b.buffer);
  v.setUint16(0, a.fsid & 0xffff);
  v.setUint32(2, a.fileid);
  v.setUint16(6, a.mode & 0xffff);
  v.setUint16(8, a.nlink);
  v.setUint16(10, a.uid);
  v.setUint16(12, a.gid);
  v.setUint16(14, a.rdev & 0xffff);
  v.setUint32(16, a.size);
  v.setUint32(20, a.atime);
  v.setUint32(28, a.mtime);
  v.setUint32(36, a.ctime);
  v.setUint32(44, a.blocksize);
  v.setUint32(48, a.blocks);
  return b;
}

function statPath(ctx: SysCtx, follow: boolean): void {
  const vp = lookupVnode(ctx.k.root, ctx.p, path(ctx, 0), follow);
  try {
    copyout(ctx.p.vm, ctx.args[1], statBytes(vp.getattr()));
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

export function sysStat(ctx: SysCtx): void {
  statPath(ctx, true);
}
export function sysLstat(ctx: SysCtx): void {
  statPath(ctx, false);
}
export function sysFstat(ctx: SysCtx): void {
  const f = getf(ctx.p, ctx.args[0]);
  copyout(ctx.p.vm, ctx.args[1], statBytes(f.vnode.getattr()));
  ctx.rv = [0, ctx.rv[1]];
}

/** access(path, mode): checked with the real ids, as 4.3BSD does. */
export function sysAccess(ctx: SysCtx): void {
  const vp = lookupVnode(ctx.k.root, ctx.p, path(ctx, 0));
  try {
    const want = ctx.args[1] & 7;
    const real = ctx.p.cred.clone();
    real.uid = real.ruid;
    real.gid = real.rgid;
    if (want && !vp.access(want, real)) throw new Errno(EACCES);
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

export function sysChdir(ctx: SysCtx): void {
  const { p } = ctx;
  const vp = lookupVnode(ctx.k.root, p, path(ctx, 0));
  if (vp.type !== VDIR) {
    vp.release();
    throw new Errno(ENOTDIR);
  }
  if (!vp.access(1, p.cred)) {
    vp.release();
    throw new Errno(EACCES);
  }
  p.u.cdir?.release();
  p.u.cdir = vp;
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * Run `op` on the parent directory of a path's last component; it must (or
 * must not) exist. With a trailing slash the entry must be a directory
 * (`mkdir new/` works, `symlink(t, "new/")` is ENOTDIR), and a symbolic
 * link is not changed through it (`rmdir("link/")` is ENOTDIR).
 */
function inParent(
  ctx: SysCtx,
  name: string,
  mustExist: boolean,
  op: (dir: Vnode, last: string, vp: Vnode | null) => void,
  makesDir = false,
): void {
  const r = namei(ctx.k.root, ctx.p, name, false);
  try {
    if (r.viaLink || (r.dirOnly && !r.vnode && !makesDir)) throw new Errno(ENOTDIR);
    if (mustExist && !r.vnode) throw new Errno(ENOENT);
    if (!mustExist && r.vnode) throw new Errno(EEXIST);
    if (r.name === '' || r.name === '.' || r.name === '..') throw new Errno(EINVAL);
    if (!r.dir.access(3, ctx.p.cred)) throw new Errno(EACCES);
    op(r.dir, r.name, r.vnode);
  } finally {
    r.vnode?.release();
    r.dir.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

export function sysMkdir(ctx: SysCtx): void {
  inParent(
    ctx,
    path(ctx, 0),
    false,
    (dir, name) => {
      dir
        .mkdir(name, ctx.args[1] & ~ctx.p.u.cmask & 0o7777, ctx.p.cred)
        .hold()
        .release();
    },
    true,
  );
}

export function sysRmdir(ctx: SysCtx): void {
  inParent(ctx, path(ctx, 0), true, (dir, name, vp) => {
    if (vp?.type !== VDIR) throw new Errno(ENOTDIR);
    if (vp === ctx.k.root) throw new Errno(EBUSY_ROOT);
    dir.rmdir(name, ctx.p.cred);
  });
}
const EBUSY_ROOT = 16;

export function sysUnlink(ctx: SysCtx): void {
  inParent(ctx, path(ctx, 0), true, (dir, name, vp) => {
    if (vp?.type === VDIR && !ctx.p.cred.isSuperuser()) throw new Errno(EISDIR);
    dir.remove(name, ctx.p.cred);
  });
}

export function sysLink(ctx: SysCtx): void {
  const target = lookupVnode(ctx.k.root, ctx.p, path(ctx, 0));
  try {
    if (target.type === VDIR && !ctx.p.cred.isSuperuser()) throw new Errno(EISDIR);
    inParent(ctx, path(ctx, 1), false, (dir, name) => dir.link(name, target, ctx.p.cred));
  } finally {
    target.release();
  }
}

export function sysRename(ctx: SysCtx): void {
  const { k, p } = ctx;
  const from = namei(k.root, p, path(ctx, 0), false);
  try {
    if (!from.vnode) throw new Errno(ENOENT);
    if (from.viaLink) throw new Errno(ENOTDIR);
    const to = namei(k.root, p, path(ctx, 1), false);
    try {
      // A trailing slash on either name: both must be directories.
      if (to.viaLink || ((from.dirOnly || to.dirOnly) && from.vnode.type !== VDIR)) throw new Errno(ENOTDIR);
      if (!from.dir.access(3, p.cred) || !to.dir.access(3, p.cred)) throw new Errno(EACCES);
      from.dir.rename(from.name, to.dir, to.name, p.cred);
    } finally {
      to.vnode?.release();
      to.dir.release();
    }
  } finally {
    from.vnode?.release();
    from.dir.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

export function sysSymlink(ctx: SysCtx): void {
  const target = path(ctx, 0);
  inParent(ctx, path(ctx, 1), false, (dir, name) => dir.symlink(name, target, ctx.p.cred));
}

/** readlink(path, buf, size): the link's text, not NUL-terminated, cut to size; a size of 0 or less is EINVAL. */
export function sysReadlink(ctx: SysCtx): void {
  const size = ctx.args[2] | 0;
  if (size <= 0) throw new Errno(EINVAL);
  const vp = lookupVnode(ctx.k.root, ctx.p, path(ctx, 0), false);
  try {
    if (vp.type !== VLNK) throw new Errno(EINVAL);
    const bytes = new TextEncoder().encode(vp.readlink()).subarray(0, size);
    copyout(ctx.p.vm, ctx.args[1], bytes);
    ctx.rv = [bytes.length, ctx.rv[1]];
  } finally {
    vp.release();
  }
}

export function sysChmod(ctx: SysCtx): void {
  const vp = lookupVnode(ctx.k.root, ctx.p, path(ctx, 0));
  try {
    const a = vp.getattr();
    if (ctx.p.cred.uid !== 0 && ctx.p.cred.uid !== a.uid) throw new Errno(1);
    vp.setattr({ mode: (a.mode & S_IFMT) | (ctx.args[1] & 0o7777) }, ctx.p.cred);
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * getdirentries(fd, buf, nbytes, basep): directory entries as 4.3BSD
 * struct direct records (d_fileno 4 bytes, d_reclen 2, d_namlen 2, the name
 * and a NUL, padded to 4), and the position to continue from in *basep.
 */
export function sysGetdirentries(ctx: SysCtx): void {
  const [fd, buf, nbytes, basep] = ctx.args;
  const f = getf(ctx.p, fd);
  if (f.vnode.type !== VDIR) throw new Errno(ENOTDIR);
  if (basep) copyout(ctx.p.vm, basep, be32(f.offset));
  const out: number[] = [];
  let cookie = f.offset;
  for (;;) {
    const { entries, next } = f.vnode.readdir(cookie, 1);
    if (entries.length === 0) break;
    const e = entries[0];
    const name = new TextEncoder().encode(e.name);
    const reclen = (8 + name.length + 1 + 3) & ~3;
    if (out.length + reclen > nbytes) {
      if (out.length === 0) throw new Errno(EINVAL);
      break;
    }
    const rec = new Uint8Array(reclen);
    const v = new DataView(rec.buffer);
    v.setUint32(0, e.fileid);
    v.setUint16(4, reclen);
    v.setUint16(6, name.length);
    rec.set(name, 8);
    out.push(...rec);
    cookie = next;
  }
  copyout(ctx.p.vm, buf, new Uint8Array(out));
  f.offset = cookie;
  ctx.rv = [out.length, ctx.rv[1]];
}

export function sysSync(ctx: SysCtx): void {
  ctx.k.sync();
  ctx.rv = [0, ctx.rv[1]];
}

function be32(v: number): Uint8Array {
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}
