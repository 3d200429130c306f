/**
 * File system calls (4.3BSD's vfs_syscalls.c and sys_generic.c): open,
 * creat, close, read, write, lseek, stat, lstat, fstat, access, chdir,
 * mkdir, rmdir, unlink, link, rename, getdirentries, dup, dup2, ioctl,
 * fcntl, sync, readlink, symlink, chmod.
 */
import { EACCES, EBADF, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, Errno, ESPIPE } from '../errno.js';
import { closef, File, FNBIO, FSETFLAGS, getf, ufalloc } from '../fs/file.js';
import { lookupVnode, namei } from '../fs/namei.js';
import { Pipe, PipeVnode } from '../fs/pipe.js';
import {
  FAPPEND,
  FNDELAY,
  FREAD,
  FWRITE,
  kwait,
  S_IFMT,
  type Vattr,
  VCHR,
  VDIR,
  VFIFO,
  VLNK,
  type Vnode,
  VREG,
} from '../fs/vnode.js';
import { timeout, untimeout } from '../kern_clock.js';
import type { Kernel } from '../kernel.js';
import { MAXPATHLEN, NOFILE, PZERO } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import { psignal, SIGPIPE } from '../proc/signal.js';
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

export function sysClose(ctx: SysCtx): void {
  const f = getf(ctx.p, ctx.args[0]);
  ctx.p.u.ofile[ctx.args[0]] = null;
  closef(f);
  ctx.rv = [0, ctx.rv[1]];
}

export function* sysRead(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [fd, buf, count] = ctx.args;
  const f = getf(p, fd);
  if (!(f.flags & FREAD)) throw new Errno(EBADF);
  if ((count | 0) < 0) throw new Errno(EINVAL);
  if (f.vnode.type === VDIR) throw new Errno(EISDIR);
  const data = yield* kwait(f.vnode.read(f.offset, count, f.flags));
  copyout(p.vm, buf, data);
  f.offset += data.length;
  ctx.k.chargeCopy(data.length);
  ctx.rv = [data.length, ctx.rv[1]];
}

export function* sysWrite(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [fd, buf, count] = ctx.args;
  const f = getf(p, fd);
  if (!(f.flags & FWRITE)) throw new Errno(EBADF);
  if ((count | 0) < 0) throw new Errno(EINVAL);
  const data = copyin(p.vm, buf, count);
  if (f.flags & FAPPEND && f.vnode.type === VREG) f.offset = f.vnode.getattr().size;
  const n = yield* kwait(f.vnode.write(f.offset, data, f.flags));
  f.offset += n;
  ctx.k.chargeCopy(n);
  ctx.rv = [n, ctx.rv[1]];
}

/**
 * lseek(fd, offset, whence): set the file offset. A pipe has none (ESPIPE:
 * 4.3BSD's pipes are sockets, and lseek refuses anything that is not an
 * inode). A device file keeps the offset like any inode; the terminal and
 * /dev/null simply ignore it.
 */
export function sysLseek(ctx: SysCtx): void {
  const [fd, offset, whence] = ctx.args;
  const f = getf(ctx.p, fd);
  if (f.vnode.type === VFIFO) throw new Errno(ESPIPE);
  const base = whence === 0 ? 0 : whence === 1 ? f.offset : whence === 2 ? f.vnode.getattr().size : -1;
  if (base < 0) throw new Errno(EINVAL);
  const at = base + (offset | 0);
  if (at < 0) throw new Errno(EINVAL);
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

export function sysReadlink(ctx: SysCtx): void {
  const vp = lookupVnode(ctx.k.root, ctx.p, path(ctx, 0), false);
  try {
    if (vp.type !== VLNK) throw new Errno(EINVAL);
    const bytes = new TextEncoder().encode(vp.readlink()).subarray(0, ctx.args[2]);
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

export function sysDup(ctx: SysCtx): void {
  const f = getf(ctx.p, ctx.args[0]);
  const fd = ufalloc(ctx.p);
  ctx.p.u.ofile[fd] = f;
  ctx.p.u.pofile[fd] = 0;
  f.refs++;
  ctx.rv = [fd, ctx.rv[1]];
}

export function sysDup2(ctx: SysCtx): void {
  const [from, to] = ctx.args;
  const f = getf(ctx.p, from);
  if (to < 0 || to >= NOFILE) throw new Errno(EBADF);
  if (from !== to) {
    const old = ctx.p.u.ofile[to];
    ctx.p.u.ofile[to] = f;
    ctx.p.u.pofile[to] = 0;
    f.refs++;
    if (old) closef(old);
  }
  ctx.rv = [to, ctx.rv[1]];
}

/** FIONBIO: non-blocking I/O on or off for an open file (4.2BSD style, FNDELAY). */
export const FIONBIO = 0x8004667e;

/** ioctl(fd, cmd, arg): the size and direction come from the command word, as 4.3BSD encodes it. */
export function* sysIoctl(ctx: SysCtx): Generator<void, void, void> {
  const [fd, cmd, argp] = ctx.args;
  const f = getf(ctx.p, fd);
  const size = (cmd >>> 16) & 0x1fff;
  const input = cmd & 0x80000000 && size ? copyin(ctx.p.vm, argp, size) : new Uint8Array(0);
  if (cmd >>> 0 === FIONBIO) {
    // Handled for every kind of file, as 4.3BSD's ioctl() does (the flag lives in the open file).
    const on = input.length === 4 && (input[0] | input[1] | input[2] | input[3]) !== 0;
    f.flags = on ? f.flags | FNDELAY : f.flags & ~FNDELAY;
    ctx.rv = [0, ctx.rv[1]];
    return;
  }
  const out = yield* kwait(f.vnode.ioctl(cmd >>> 0, input, f.flags));
  if (out && cmd & 0x40000000) copyout(ctx.p.vm, argp, out.subarray(0, size));
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * fcntl: F_DUPFD 0 (the lowest free descriptor at or above arg; EINVAL if
 * arg is outside the table), F_GETFD 1 and F_SETFD 2 (the close-on-exec
 * flag), F_GETFL 3 and F_SETFL 4 (the open mode, O_APPEND and the
 * non-blocking modes O_NDELAY, FNBIO and O_NONBLOCK; SunOS's values).
 */
export function sysFcntl(ctx: SysCtx): void {
  const [fd, cmd, arg] = ctx.args;
  const p = ctx.p;
  const f = getf(p, fd);
  switch (cmd) {
    case 0: {
      const nfd = ufalloc(p, arg | 0);
      p.u.ofile[nfd] = f;
      p.u.pofile[nfd] = 0;
      f.refs++;
      ctx.rv = [nfd, ctx.rv[1]];
      return;
    }
    case 1:
      ctx.rv = [p.u.pofile[fd] & 1, ctx.rv[1]];
      return;
    case 2:
      p.u.pofile[fd] = arg & 1;
      ctx.rv = [0, ctx.rv[1]];
      return;
    case 3:
      ctx.rv = [((f.flags - 1) & 3) | (f.flags & FSETFLAGS), ctx.rv[1]];
      return;
    case 4:
      f.flags = (f.flags & ~FSETFLAGS) | (arg & FSETFLAGS);
      ctx.rv = [0, ctx.rv[1]];
      return;
    default:
      throw new Errno(EINVAL);
  }
}

/** pipe(): d0 = the read end, d1 = the write end. */
export function sysPipe(ctx: SysCtx): void {
  const p = ctx.p;
  const pipe = new Pipe(ctx.k.sched, ++ctx.k.pipeino);
  pipe.broken = (q) => psignal(ctx.k, q, SIGPIPE);
  pipe.changed = () => ctx.k.selwakeup();
  const r = ufalloc(p);
  p.u.ofile[r] = new File(new PipeVnode(pipe, false).hold(), FREAD);
  let w: number;
  try {
    w = ufalloc(p);
  } catch (e) {
    closef(p.u.ofile[r] as File);
    p.u.ofile[r] = null;
    throw e;
  }
  p.u.ofile[w] = new File(new PipeVnode(pipe, true).hold(), FWRITE);
  p.u.pofile[r] = p.u.pofile[w] = 0;
  ctx.rv = [r, w];
}

/**
 * select(nfds, readfds, writefds, exceptfds, timeout): wait until a
 * descriptor is ready for reading or writing, or the timeout (a timeval;
 * null waits for ever, zero polls) passes. Sets of 32-bit words, descriptor
 * n in bit n % 32 of word n / 32; as in 4.3BSD, nfds larger than the
 * descriptor table (FD_SETSIZE is 256, the table 64) is cut down to it, and
 * only the words that covers are read and written back. Exceptional
 * conditions are never reported. The timeout is a callout, cancelled when
 * select returns before it (4.3BSD's untimeout).
 */
export function* sysSelect(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [rawNfds, rp, wp, ep, tp] = ctx.args;
  if ((rawNfds | 0) < 0) throw new Errno(EINVAL);
  const nfds = Math.min(rawNfds, NOFILE);
  const nwords = Math.ceil(nfds / 32);
  const getSet = (ptr: number) => {
    if (!ptr || nwords === 0) return new Uint32Array(nwords);
    const b = new DataView(copyin(p.vm, ptr, 4 * nwords).buffer);
    return Uint32Array.from({ length: nwords }, (_, i) => b.getUint32(4 * i));
  };
  const putSet = (ptr: number, set: Uint32Array) => {
    if (!ptr || nwords === 0) return;
    const b = new Uint8Array(4 * nwords);
    const v = new DataView(b.buffer);
    set.forEach((x, i) => {
      v.setUint32(4 * i, x);
    });
    copyout(p.vm, ptr, b);
  };
  const rin = getSet(rp);
  const win = getSet(wp);
  let ticks = -1;
  if (tp) {
    const t = new DataView(copyin(p.vm, tp, 8).buffer);
    const sec = t.getInt32(0);
    const usec = t.getInt32(4);
    if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new Errno(EINVAL);
    ticks = Math.ceil((sec * 1_000_000 + usec) / 10_000);
  }
  let timedOut = ticks === 0;
  const expire = () => {
    timedOut = true;
    k.selwakeup();
  };
  const callout = ticks > 0 ? timeout(k, expire, ticks) : null;
  try {
    for (;;) {
      const rout = selscan(p, nfds, rin, false);
      const wout = selscan(p, nfds, win, true);
      const n = popcount(rout) + popcount(wout);
      if (n > 0 || timedOut) {
        putSet(rp, rout);
        putSet(wp, wout);
        putSet(ep, new Uint32Array(nwords));
        ctx.rv = [n, ctx.rv[1]];
        return;
      }
      yield* tsleep(k.sched, p, k.selwait, PZERO + 1, 'select');
    }
  } finally {
    if (callout && !timedOut) untimeout(k, callout);
  }
}

/** The descriptors of `set` (below nfds) that are ready for reading or writing now; EBADF for one not open. */
function selscan(p: Proc, nfds: number, set: Uint32Array, write: boolean): Uint32Array {
  const out = new Uint32Array(set.length);
  for (let fd = 0; fd < nfds; fd++) {
    const w = fd >> 5;
    const bit = 1 << (fd & 31);
    if (set[w] & bit && getf(p, fd).vnode.ready(write)) out[w] |= bit;
  }
  return out;
}

function popcount(set: Uint32Array): number {
  let n = 0;
  for (let x of set) {
    for (; x; x &= x - 1) n++;
  }
  return n;
}

/** getdtablesize(): descriptors a process may have. */
export function sysGetdtablesize(ctx: SysCtx): void {
  ctx.rv = [NOFILE, ctx.rv[1]];
}

export function sysSync(ctx: SysCtx): void {
  ctx.k.sync();
  ctx.rv = [0, ctx.rv[1]];
}

function be32(v: number): Uint8Array {
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}
