/**
 * The file-system calls that name files (vfs_syscalls.c in SunOS and
 * 4.3BSD-Reno; 4.3BSD has them in ufs_syscalls.c, mixed with the file
 * system's own work): open, creat, mknod, lseek, stat, lstat, fstat,
 * access, chdir, fchdir, chroot, mkdir, rmdir, unlink, link, rename,
 * symlink, readlink, chmod, fchmod, chown, fchown, utimes, truncate,
 * ftruncate, getdirentries, fsync and sync.
 * namei (fs/namei.ts) looks the names up and the vnodes do the work. read,
 * write, ioctl and select are in generic.ts; dup, fcntl and close in
 * descrip.ts.
 *
 * The permission checks of 4.3BSD are made here, with the caller's
 * effective ids (access() alone uses the real ones): search permission on
 * every directory of a path (namei), read or write permission to open,
 * write and search permission on a directory to make or remove a name in
 * it, the sticky bit of a directory (checkSticky), the owner's rights over
 * a file's mode and group (chmod1, chown1), and the super-user's alone for
 * the rest (suser). docs/users.md lists them all.
 */
import {
  EACCES,
  EBUSY,
  EEXIST,
  EINVAL,
  EISDIR,
  ENOENT,
  ENOTDIR,
  EOPNOTSUPP,
  EPERM,
  Errno,
  ESPIPE,
} from '../errno.js';
import { FifoVnode } from '../fs/fifo.js';
import { File, FNBIO, getf, ufalloc } from '../fs/file.js';
import { absPath, lookupVnode, namei } from '../fs/namei.js';
import { PipeVnode } from '../fs/pipe.js';
import {
  FREAD,
  FWRITE,
  kwait,
  S_IFBLK,
  S_IFCHR,
  S_IFIFO,
  S_IFMT,
  S_IFREG,
  S_ISGID,
  S_ISUID,
  S_ISVTX,
  type Vattr,
  VBLK,
  VCHR,
  VDIR,
  VFIFO,
  VLNK,
  type Vnode,
  VREG,
  VSOCK,
  vgetattr,
} from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { MAXPATHLEN } from '../param.js';
import { MAXID, suser, type Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyinstr, copyout } from '../vm/copyio.js';

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

/**
 * The vnode an open file uses for its I/O: a device file's is its specfs
 * vnode, a FIFO's a new open of its pipe (fifo.ts). Everything else is
 * used as it is.
 */
function vnodeForIo(k: Kernel, vp: Vnode): Vnode {
  if (vp.type === VCHR || vp.type === VBLK) return k.specvp(vp);
  if (vp.type === VFIFO) return new FifoVnode(vp, k);
  return vp;
}

/**
 * The mode bits a chmod by cred may set on a file of group `gid` (4.3BSD's
 * chmod1, as SunOS 4 has it): for anyone but the super-user, the sticky
 * bit only on a directory, and the set-group-id bit only if cred is in the
 * file's group; the rest are dropped silently.
 */
function allowedMode(mode: number, isDir: boolean, gid: number, cred: Ucred): number {
  if (cred.isSuperuser()) return mode;
  if (!isDir) mode &= ~S_ISVTX;
  if (!cred.groupmember(gid)) mode &= ~S_ISGID;
  return mode;
}

/**
 * The permission bits of a new file (4.3BSD's maknode): less the umask, and
 * no sticky bit on a plain file for anyone but the super-user. The
 * set-group-id bit is checked against the group the file gets, which the
 * file system decides (ufs_vnops.ts: the maker's, or the directory's).
 */
function newMode(p: Proc, mode: number, isDir: boolean): number {
  mode &= 0o7777 & ~p.u.cmask;
  return p.cred.isSuperuser() || isDir ? mode : mode & ~S_ISVTX;
}

/**
 * The sticky bit on a directory (/tmp is 1777): only the owner of an
 * entry, the owner of the directory or the super-user may remove or rename
 * it, or replace it by a rename (4.3BSD's namei for DELETE and RENAME);
 * anyone else gets EPERM.
 */
export function* checkSticky(dir: Vnode, vp: Vnode, cred: Ucred): Generator<void, void, void> {
  if (cred.isSuperuser()) return;
  const d = yield* vgetattr(dir, cred);
  if (d.mode & S_ISVTX && cred.uid !== d.uid && cred.uid !== (yield* vgetattr(vp, cred)).uid)
    throw new Errno(EPERM);
}

/** The shared part of open and creat (and of a migrated process's reopening, kernel/pm/pm_files.ts). */
export function* openPath(
  ctx: SysCtx,
  name: string,
  oflags: number,
  mode: number,
): Generator<void, void, void> {
  const { k, p } = ctx;
  const fflags = ((oflags & 3) + 1) | (oflags & (O_APPEND | O_NDELAY | FNBIO | O_NONBLOCK));
  k.files.room(); // as 4.3BSD's falloc, before anything is created
  const r = yield* namei(k.root, p, name);
  let vp = r.vnode;
  try {
    if (!vp) {
      if (!(oflags & O_CREAT)) throw new Errno(ENOENT);
      if (r.dirOnly) throw new Errno(ENOTDIR); // "newfile/": a plain file cannot end in a slash
      if (!r.dir.access(2, p.cred)) throw new Errno(EACCES);
      vp = (yield* kwait(r.dir.create(r.name, newMode(p, mode, false), p.cred))).hold();
    } else {
      if (oflags & O_CREAT && oflags & O_EXCL) throw new Errno(EEXIST);
      if (vp.type === VDIR && fflags & FWRITE) throw new Errno(EISDIR);
      if (vp.type === VSOCK) throw new Errno(EOPNOTSUPP); // a Unix-domain socket's name: connect to it instead
      yield* kwait(vp.revalidate(p.cred));
      if (fflags & FREAD && !vp.access(4, p.cred)) throw new Errno(EACCES);
      if (fflags & FWRITE && !vp.access(2, p.cred)) throw new Errno(EACCES);
      if (oflags & O_TRUNC && fflags & FWRITE && vp.type === VREG) {
        const old = vp.getattr().size;
        yield* kwait(vp.setattr({ size: 0 }, p.cred));
        k.mem.vnpages.resized(vp, old, 0); // mappings of it: SIGBUS from now on (vm/vn_pages.ts)
      }
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
    // A terminal may become the caller's controlling terminal here, unless
    // O_NOCTTY; a FIFO may wait for its other side.
    yield* kwait(io.open(fflags | (oflags & O_NOCTTY), p.cred));
  } catch (e) {
    io.release();
    throw e;
  }
  try {
    k.files.room(); // others may have filled the table while a FIFO's open waited
  } catch (e) {
    io.close(fflags);
    io.release();
    throw e;
  }
  const f = new File(k.files, io, fflags);
  f.path = absPath(p, name);
  p.u.ofile[fd] = f;
  p.u.pofile[fd] = 0;
  ctx.rv = [fd, ctx.rv[1]];
}

export function* sysOpen(ctx: SysCtx): Generator<void, void, void> {
  yield* openPath(ctx, path(ctx, 0), ctx.args[1], ctx.args[2]);
}

export function* sysCreat(ctx: SysCtx): Generator<void, void, void> {
  yield* openPath(ctx, path(ctx, 0), O_WRONLY | O_CREAT | O_TRUNC, ctx.args[1]);
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
export function* sysLseek(ctx: SysCtx): Generator<void, void, void> {
  const [fd, offset, whence] = ctx.args;
  const f = getf(ctx.p, fd);
  if (f.vnode.type === VFIFO) throw new Errno(ESPIPE);
  const end = whence === 2 ? (yield* vgetattr(f.vnode, ctx.p.cred)).size : 0;
  const base = whence === 0 ? 0 : whence === 1 ? f.offset : whence === 2 ? end : -1;
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

function* statPath(ctx: SysCtx, follow: boolean): Generator<void, void, void> {
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, path(ctx, 0), follow);
  try {
    copyout(ctx.p.vm, ctx.args[1], statBytes(yield* vgetattr(vp, ctx.p.cred)));
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

export function* sysStat(ctx: SysCtx): Generator<void, void, void> {
  yield* statPath(ctx, true);
}
export function* sysLstat(ctx: SysCtx): Generator<void, void, void> {
  yield* statPath(ctx, false);
}
export function* sysFstat(ctx: SysCtx): Generator<void, void, void> {
  const f = getf(ctx.p, ctx.args[0]);
  copyout(ctx.p.vm, ctx.args[1], statBytes(yield* vgetattr(f.vnode, ctx.p.cred)));
  ctx.rv = [0, ctx.rv[1]];
}

/** access(path, mode): checked with the real ids, as 4.3BSD does. */
export function* sysAccess(ctx: SysCtx): Generator<void, void, void> {
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, path(ctx, 0));
  try {
    const want = ctx.args[1] & 7;
    const real = ctx.p.cred.clone();
    real.uid = real.ruid;
    real.gid = real.rgid;
    yield* kwait(vp.revalidate(real));
    if (want && !vp.access(want, real)) throw new Errno(EACCES);
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** Make held vnode vp the current (cdir) or root (rdir) directory: a directory the process may search. */
function setDir(ctx: SysCtx, vp: Vnode, which: 'cdir' | 'rdir'): void {
  const u = ctx.p.u;
  if (vp.type !== VDIR || !vp.access(1, ctx.p.cred)) {
    vp.release();
    throw new Errno(vp.type !== VDIR ? ENOTDIR : EACCES);
  }
  u[which]?.release();
  u[which] = vp;
  ctx.rv = [0, ctx.rv[1]];
}

export function* sysChdir(ctx: SysCtx): Generator<void, void, void> {
  const name = path(ctx, 0);
  setDir(ctx, yield* lookupVnode(ctx.k.root, ctx.p, name), 'cdir');
  ctx.p.u.cdirName = absPath(ctx.p, name);
}

/** fchdir(fd): the directory open on fd becomes the current directory. */
export function sysFchdir(ctx: SysCtx): void {
  const f = getf(ctx.p, ctx.args[0]);
  setDir(ctx, f.vnode.hold(), 'cdir');
  ctx.p.u.cdirName = f.path ?? '/';
}

/**
 * chroot(path): the super-user makes a directory the process's root: path
 * names starting with "/" start there, and ".." goes no higher (namei).
 * The current directory stays where it is.
 */
export function* sysChroot(ctx: SysCtx): Generator<void, void, void> {
  suser(ctx.p.cred);
  setDir(ctx, yield* lookupVnode(ctx.k.root, ctx.p, path(ctx, 0)), 'rdir');
}

/**
 * Run `op` on the parent directory of a path's last component; it must (or
 * must not) exist. With a trailing slash the entry must be a directory
 * (`mkdir new/` works, `symlink(t, "new/")` is ENOTDIR), and a symbolic
 * link is not changed through it (`rmdir("link/")` is ENOTDIR).
 */
function* inParent(
  ctx: SysCtx,
  name: string,
  mustExist: boolean,
  op: (dir: Vnode, last: string, vp: Vnode | null) => Generator<void, void, void>,
  makesDir = false,
): Generator<void, void, void> {
  const r = yield* namei(ctx.k.root, ctx.p, name, false);
  try {
    if (r.viaLink || (r.dirOnly && !r.vnode && !makesDir)) throw new Errno(ENOTDIR);
    if (mustExist && !r.vnode) throw new Errno(ENOENT);
    if (!mustExist && r.vnode) throw new Errno(EEXIST);
    if (r.name === '' || r.name === '.' || r.name === '..') throw new Errno(EINVAL);
    if (!r.dir.access(3, ctx.p.cred)) throw new Errno(EACCES);
    yield* op(r.dir, r.name, r.vnode);
  } finally {
    r.vnode?.release();
    r.dir.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

export function* sysMkdir(ctx: SysCtx): Generator<void, void, void> {
  yield* inParent(
    ctx,
    path(ctx, 0),
    false,
    function* (dir, name) {
      (yield* kwait(dir.mkdir(name, newMode(ctx.p, ctx.args[1], true), ctx.p.cred))).hold().release();
    },
    true,
  );
}

export function* sysRmdir(ctx: SysCtx): Generator<void, void, void> {
  yield* inParent(ctx, path(ctx, 0), true, function* (dir, name, vp) {
    if (vp?.type !== VDIR) throw new Errno(ENOTDIR);
    if (vp.vfsroot) throw new Errno(EBUSY); // the root, or a mount point (namei gives what is mounted there)
    yield* checkSticky(dir, vp, ctx.p.cred);
    yield* kwait(dir.rmdir(name, ctx.p.cred));
  });
}

export function* sysUnlink(ctx: SysCtx): Generator<void, void, void> {
  yield* inParent(ctx, path(ctx, 0), true, function* (dir, name, vp) {
    if (vp?.type === VDIR && !ctx.p.cred.isSuperuser()) throw new Errno(EISDIR);
    if (vp) yield* checkSticky(dir, vp, ctx.p.cred);
    yield* kwait(dir.remove(name, ctx.p.cred));
  });
}

export function* sysLink(ctx: SysCtx): Generator<void, void, void> {
  const target = yield* lookupVnode(ctx.k.root, ctx.p, path(ctx, 0));
  try {
    if (target.type === VDIR && !ctx.p.cred.isSuperuser()) throw new Errno(EISDIR);
    yield* inParent(ctx, path(ctx, 1), false, function* (dir, name) {
      yield* kwait(dir.link(name, target, ctx.p.cred));
    });
  } finally {
    target.release();
  }
}

/**
 * rename(from, to): write and search permission in both directories; the
 * sticky bit guards the name moved and a name replaced; and a directory
 * that moves to another parent must be writable itself, since its ".."
 * changes (4.3BSD).
 */
export function* sysRename(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const from = yield* namei(k.root, p, path(ctx, 0), false);
  try {
    if (!from.vnode) throw new Errno(ENOENT);
    if (from.viaLink) throw new Errno(ENOTDIR);
    const to = yield* namei(k.root, p, path(ctx, 1), false);
    try {
      // A trailing slash on either name: both must be directories.
      if (to.viaLink || ((from.dirOnly || to.dirOnly) && from.vnode.type !== VDIR)) throw new Errno(ENOTDIR);
      // A mount point stays where it is (namei gives the root of what is mounted there).
      if (from.vnode.vfsroot || to.vnode?.vfsroot) throw new Errno(EBUSY);
      if (!from.dir.access(3, p.cred) || !to.dir.access(3, p.cred)) throw new Errno(EACCES);
      yield* checkSticky(from.dir, from.vnode, p.cred);
      if (to.vnode && to.vnode !== from.vnode) yield* checkSticky(to.dir, to.vnode, p.cred);
      if (from.vnode.type === VDIR && from.dir !== to.dir && !from.vnode.access(2, p.cred))
        throw new Errno(EACCES);
      yield* kwait(from.dir.rename(from.name, to.dir, to.name, p.cred));
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

export function* sysSymlink(ctx: SysCtx): Generator<void, void, void> {
  const target = path(ctx, 0);
  yield* inParent(ctx, path(ctx, 1), false, function* (dir, name) {
    yield* kwait(dir.symlink(name, target, ctx.p.cred));
  });
}

/** readlink(path, buf, size): the link's text, not NUL-terminated, cut to size; a size of 0 or less is EINVAL. */
export function* sysReadlink(ctx: SysCtx): Generator<void, void, void> {
  const size = ctx.args[2] | 0;
  if (size <= 0) throw new Errno(EINVAL);
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, path(ctx, 0), false);
  try {
    if (vp.type !== VLNK) throw new Errno(EINVAL);
    const bytes = new TextEncoder().encode(yield* kwait(vp.readlink(ctx.p.cred))).subarray(0, size);
    copyout(ctx.p.vm, ctx.args[1], bytes);
    ctx.rv = [bytes.length, ctx.rv[1]];
  } finally {
    vp.release();
  }
}

/** EPERM unless cred owns the file or is the super-user. */
function owner(a: Vattr, cred: Ucred): void {
  if (!cred.isSuperuser() && cred.uid !== a.uid) throw new Errno(EPERM);
}

/** chmod and fchmod: the owner or the super-user sets the mode bits (allowedMode). */
export function* chmod1(vp: Vnode, mode: number, cred: Ucred): Generator<void, void, void> {
  const a = yield* vgetattr(vp, cred);
  owner(a, cred);
  const m = (a.mode & S_IFMT) | allowedMode(mode & 0o7777, vp.type === VDIR, a.gid, cred);
  yield* kwait(vp.setattr({ mode: m }, cred));
}

/** A user or group id argument of chown: -1 keeps `old`; outside 0..65535 is EINVAL. */
function idArg(v: number, old: number): number {
  const n = v | 0;
  if (n === -1) return old;
  if (n < 0 || n > MAXID) throw new Errno(EINVAL);
  return n;
}

/**
 * chown and fchown (SunOS 4, where _POSIX_CHOWN_RESTRICTED is in force):
 * only the super-user gives a file to another user; the owner may change
 * its group to one he is in. A change by anyone but the super-user clears
 * the set-user-id and set-group-id bits, so that nobody can make a
 * set-id program run as someone else.
 */
export function* chown1(vp: Vnode, uidArg: number, gidArg: number, cred: Ucred): Generator<void, void, void> {
  const a = yield* vgetattr(vp, cred);
  const uid = idArg(uidArg, a.uid);
  const gid = idArg(gidArg, a.gid);
  if (
    !cred.isSuperuser() &&
    (cred.uid !== a.uid || uid !== a.uid || (gid !== a.gid && !cred.groupmember(gid)))
  )
    throw new Errno(EPERM);
  const mode = cred.isSuperuser() ? undefined : a.mode & ~(S_ISUID | S_ISGID);
  yield* kwait(vp.setattr({ uid, gid, mode }, cred));
}

/** The vnode of an open file fchmod and fchown may change: not a pipe (EINVAL, as 4.3BSD for a socket). */
function ownedFile(ctx: SysCtx): Vnode {
  const vp = getf(ctx.p, ctx.args[0]).vnode;
  if (vp instanceof PipeVnode) throw new Errno(EINVAL);
  return vp;
}

export function* sysChmod(ctx: SysCtx): Generator<void, void, void> {
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, path(ctx, 0));
  try {
    yield* chmod1(vp, ctx.args[1], ctx.p.cred);
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

export function* sysFchmod(ctx: SysCtx): Generator<void, void, void> {
  yield* chmod1(ownedFile(ctx), ctx.args[1], ctx.p.cred);
  ctx.rv = [0, ctx.rv[1]];
}

/** chown(path, owner, group): a symbolic link is changed itself, not followed (SunOS 4). */
export function* sysChown(ctx: SysCtx): Generator<void, void, void> {
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, path(ctx, 0), false);
  try {
    yield* chown1(vp, ctx.args[1], ctx.args[2], ctx.p.cred);
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

export function* sysFchown(ctx: SysCtx): Generator<void, void, void> {
  yield* chown1(ownedFile(ctx), ctx.args[1], ctx.args[2], ctx.p.cred);
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * mknod(path, mode, dev): make a special file. A FIFO (S_IFIFO) anyone
 * may make, where he may make a file; a character or block device, or a
 * plain file, only the super-user (EPERM); any other type is EINVAL.
 */
export function* sysMknod(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [, mode, dev] = ctx.args;
  const type = mode & S_IFMT;
  if (type !== S_IFIFO) suser(p.cred);
  if (type !== 0 && type !== S_IFREG && type !== S_IFCHR && type !== S_IFBLK && type !== S_IFIFO)
    throw new Errno(EINVAL);
  yield* inParent(ctx, path(ctx, 0), false, function* (dir, name) {
    const m = (type || S_IFREG) | newMode(p, mode, false);
    (yield* kwait(dir.mknod(name, m, dev & 0xffff, p.cred))).hold().release();
  });
}

/**
 * A write to a plain file by anyone whose real user id is not the
 * super-user's clears the file's set-user-id and set-group-id bits (4.3BSD's
 * rwip; "if the real user is not the super-user", as the write(2) pages of
 * 4.3BSD and SunOS 4 say): a set-id program someone could write to would
 * otherwise run his code with its owner's rights. The owner's own writes
 * clear them too.
 */
export function* clearSetidOnWrite(vp: Vnode, cred: Ucred): Generator<void, void, void> {
  if (cred.ruid === 0 || vp.type !== VREG) return;
  const a = vp.getattr();
  if (a.mode & (S_ISUID | S_ISGID)) yield* kwait(vp.setattr({ mode: a.mode & ~(S_ISUID | S_ISGID) }, cred));
}

/**
 * getdirentries(fd, buf, nbytes, basep): directory entries as 4.3BSD
 * struct direct records (d_fileno 4 bytes, d_reclen 2, d_namlen 2, the name
 * and a NUL, padded to 4), and the position to continue from in *basep.
 */
export function* sysGetdirentries(ctx: SysCtx): Generator<void, void, void> {
  const [fd, buf, nbytes, basep] = ctx.args;
  const f = getf(ctx.p, fd);
  if (f.vnode.type !== VDIR) throw new Errno(ENOTDIR);
  if (basep) copyout(ctx.p.vm, basep, be32(f.offset));
  const out: number[] = [];
  let cookie = f.offset;
  for (;;) {
    const { entries, next } = yield* kwait(f.vnode.readdir(cookie, 1, ctx.p.cred));
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

/**
 * utimes(path, tvp): set the access and modification times (tvp[0] and
 * tvp[1], struct timevals) — only the owner or the super-user may
 * (EPERM); with tvp NULL, both become now, which anyone who may write the
 * file may do too (EACCES otherwise), as SunOS 4 has it. The change time
 * becomes now either way.
 */
export function* sysUtimes(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const tvp = ctx.args[1];
  const vp = yield* lookupVnode(k.root, p, path(ctx, 0));
  try {
    const owner = p.cred.isSuperuser() || p.cred.uid === (yield* vgetattr(vp, p.cred)).uid;
    if (tvp === 0) {
      if (!owner && !vp.access(2, p.cred)) throw new Errno(EACCES);
      const [sec, usec] = k.timeOfDay();
      yield* kwait(vp.setattr({ atime: sec, atimeUsec: usec, mtime: sec, mtimeUsec: usec }, p.cred));
    } else {
      const v = new DataView(copyin(p.vm, tvp, 16).buffer);
      if (!owner) throw new Errno(EPERM);
      yield* kwait(
        vp.setattr(
          {
            atime: v.getUint32(0),
            atimeUsec: v.getUint32(4),
            mtime: v.getUint32(8),
            mtimeUsec: v.getUint32(12),
          },
          p.cred,
        ),
      );
    }
  } finally {
    vp.release();
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** Set a regular file's length (the shared part of truncate and ftruncate): EINVAL for a negative one. */
function* truncateTo(ctx: SysCtx, vp: Vnode, length: number): Generator<void, void, void> {
  if (length < 0) throw new Errno(EINVAL);
  const old = vp.getattr().size;
  yield* kwait(vp.setattr({ size: length }, ctx.p.cred));
  ctx.k.mem.vnpages.resized(vp, old, length); // mapped pages past the new end go (vm/vn_pages.ts)
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * truncate(path, length): make the file `length` bytes long, dropping what
 * lies past it or reading as zeros up to it. The caller must be allowed to
 * write it (EACCES); a directory is EISDIR, anything else not a regular
 * file EINVAL.
 */
export function* sysTruncate(ctx: SysCtx): Generator<void, void, void> {
  const vp = yield* lookupVnode(ctx.k.root, ctx.p, path(ctx, 0));
  try {
    if (vp.type === VDIR) throw new Errno(EISDIR);
    yield* kwait(vp.revalidate(ctx.p.cred));
    if (!vp.access(2, ctx.p.cred)) throw new Errno(EACCES);
    if (vp.type !== VREG) throw new Errno(EINVAL);
    yield* truncateTo(ctx, vp, ctx.args[1] | 0);
  } finally {
    vp.release();
  }
}

/** ftruncate(fd, length): as truncate, for a regular file open for writing (EINVAL otherwise). */
export function* sysFtruncate(ctx: SysCtx): Generator<void, void, void> {
  const f = getf(ctx.p, ctx.args[0]);
  if (f.vnode.type !== VREG || !(f.flags & FWRITE)) throw new Errno(EINVAL);
  yield* truncateTo(ctx, f.vnode, ctx.args[1] | 0);
}

/**
 * fsync(fd): the file's data and attributes on the disk before it returns
 * — pages stored through mappings, its delayed writes, its inode, the
 * device's cache (ENOSPC if a page cannot be written). EINVAL for a pipe
 * (4.3BSD's pipes are sockets, which have nothing to sync); a device file
 * has nothing to do.
 */
export function* sysFsync(ctx: SysCtx): Generator<void, void, void> {
  const f = getf(ctx.p, ctx.args[0]);
  if (f.vnode.type === VFIFO) throw new Errno(EINVAL);
  ctx.k.mem.vnpages.flush(f.vnode); // pages modified through mappings first (vm/vn_pages.ts)
  yield* kwait(f.vnode.fsync(ctx.p.cred));
  ctx.rv = [0, ctx.rv[1]];
}

/** sync(): every file system's delayed writes, changed inodes and superblock to the disks, and the disks flushed. */
export function sysSync(ctx: SysCtx): void {
  ctx.k.sync();
  ctx.rv = [0, ctx.rv[1]];
}

function be32(v: number): Uint8Array {
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}
