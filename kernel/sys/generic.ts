/**
 * The generic I/O system calls (4.3BSD's sys_generic.c): read, write,
 * readv, writev, ioctl and select, on any open file, whatever its kind —
 * the vnode does the work. Opening and naming files is in vfs_syscalls.ts; descriptors
 * (dup, fcntl, close) in descrip.ts.
 */
import { EBADF, EINVAL, EISDIR, Errno } from '../errno.js';
import { getf } from '../fs/file.js';
import { FAPPEND, FNDELAY, FREAD, FWRITE, kwait, VDIR, VREG, vgetattr } from '../fs/vnode.js';
import { timeout, untimeout } from '../kern_clock.js';
import { NOFILE, PZERO } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout, faultin } from '../vm/copyio.js';
import { clearSetidOnWrite } from './vfs_syscalls.js';

export function* sysRead(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [fd, buf, count] = ctx.args;
  const f = getf(p, fd);
  if (!(f.flags & FREAD)) throw new Errno(EBADF);
  if ((count | 0) < 0) throw new Errno(EINVAL);
  if (f.vnode.type === VDIR) throw new Errno(EISDIR);
  // No more than the buffer can take, and a byte more (so that a file with
  // more data still ends in EFAULT): a count of 2 GB is not 2 GB of work.
  const room = p.vm.reach(buf, count, true);
  yield* faultin(p.vm, buf, room, true); // pages of an NFS file mapped there (vm/copyio.ts)
  const data = yield* kwait(f.vnode.read(f.offset, room < count ? room + 1 : count, f.flags));
  ctx.k.mem.vnpages.read(f.vnode, f.offset, data); // what mappings stored (vm/vn_pages.ts)
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
  yield* faultin(p.vm, buf, count, false); // pages of an NFS file mapped there (vm/copyio.ts)
  const data = copyin(p.vm, buf, count);
  if (f.flags & FAPPEND && f.vnode.type === VREG) f.offset = (yield* vgetattr(f.vnode, p.cred)).size;
  const n = yield* kwait(f.vnode.write(f.offset, data, f.flags));
  ctx.k.mem.vnpages.written(f.vnode, f.offset, data.subarray(0, n)); // seen in the mappings at once
  if (n > 0) yield* clearSetidOnWrite(f.vnode, p.cred);
  f.offset += n;
  ctx.k.chargeCopy(n);
  ctx.rv = [n, ctx.rv[1]];
}

/** The most iovecs readv, writev, sendmsg and recvmsg take (4.3BSD's UIO_MAXIOV). */
export const UIO_MAXIOV = 16;

/** One piece of a scatter/gather list (struct iovec: base, length). */
export interface Iovec {
  base: number;
  len: number;
}

/**
 * The iovec array at `iovp` (iovcnt of them, 8 bytes each): EINVAL for
 * more than UIO_MAXIOV, a negative length, or a total beyond 2^31 - 1.
 */
export function getiovecs(p: Proc, iovp: number, iovcnt: number): Iovec[] {
  if ((iovcnt | 0) < 0 || iovcnt > UIO_MAXIOV) throw new Errno(EINVAL);
  if (iovcnt === 0) return [];
  const b = copyin(p.vm, iovp, 8 * iovcnt);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const iov: Iovec[] = [];
  let total = 0;
  for (let i = 0; i < iovcnt; i++) {
    const len = v.getInt32(8 * i + 4);
    if (len < 0) throw new Errno(EINVAL);
    total += len;
    if (total > 0x7fffffff) throw new Errno(EINVAL);
    iov.push({ base: v.getUint32(8 * i), len });
  }
  return iov;
}

/** The total length of an iovec list. */
export function iovlen(iov: readonly Iovec[]): number {
  return iov.reduce((n, v) => n + v.len, 0);
}

/**
 * How much a read into `iov` should ask for: the bytes the iovecs can take
 * up to the first one that is not all writable, and a byte more there (so
 * that a file with more data still ends in EFAULT), as read() bounds its
 * count: 2 GB of iovecs over a small buffer is not 2 GB of work.
 */
export function iovroom(p: Proc, iov: readonly Iovec[]): number {
  let n = 0;
  for (const v of iov) {
    const room = p.vm.reach(v.base, v.len, true);
    if (room < v.len) return n + room + 1;
    n += v.len;
  }
  return n;
}

/** Gather: the bytes of every iovec, in order, copied in (charging the copy). */
export function gather(ctx: SysCtx, iov: readonly Iovec[]): Uint8Array {
  const out = new Uint8Array(iovlen(iov));
  let at = 0;
  for (const v of iov) {
    out.set(copyin(ctx.p.vm, v.base, v.len), at);
    at += v.len;
  }
  ctx.k.chargeCopy(out.length);
  return out;
}

/** Scatter: `data` copied out across the iovecs, in order (charging the copy). */
export function scatter(ctx: SysCtx, iov: readonly Iovec[], data: Uint8Array): void {
  let at = 0;
  for (const v of iov) {
    if (at >= data.length) break;
    const n = Math.min(v.len, data.length - at);
    copyout(ctx.p.vm, v.base, data.subarray(at, at + n));
    at += n;
  }
  ctx.k.chargeCopy(data.length);
}

/** readv(fd, iov, iovcnt): read into several buffers, one after the other. */
export function* sysReadv(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [fd, iovp, iovcnt] = ctx.args;
  const f = getf(p, fd);
  if (!(f.flags & FREAD)) throw new Errno(EBADF);
  const iov = getiovecs(p, iovp, iovcnt);
  if (f.vnode.type === VDIR) throw new Errno(EISDIR);
  for (const v of iov) yield* faultin(p.vm, v.base, v.len, true);
  const data = yield* kwait(f.vnode.read(f.offset, iovroom(p, iov), f.flags));
  ctx.k.mem.vnpages.read(f.vnode, f.offset, data); // what mappings stored (vm/vn_pages.ts)
  scatter(ctx, iov, data);
  f.offset += data.length;
  ctx.rv = [data.length, ctx.rv[1]];
}

/** writev(fd, iov, iovcnt): write from several buffers as one write. */
export function* sysWritev(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [fd, iovp, iovcnt] = ctx.args;
  const f = getf(p, fd);
  if (!(f.flags & FWRITE)) throw new Errno(EBADF);
  const iov = getiovecs(p, iovp, iovcnt);
  for (const v of iov) yield* faultin(p.vm, v.base, v.len, false);
  const data = gather(ctx, iov);
  if (f.flags & FAPPEND && f.vnode.type === VREG) f.offset = (yield* vgetattr(f.vnode, p.cred)).size;
  const n = yield* kwait(f.vnode.write(f.offset, data, f.flags));
  ctx.k.mem.vnpages.written(f.vnode, f.offset, data.subarray(0, n)); // seen in the mappings at once
  if (n > 0) yield* clearSetidOnWrite(f.vnode, p.cred);
  f.offset += n;
  ctx.rv = [n, ctx.rv[1]];
}

/** FIONBIO: non-blocking I/O on or off for an open file (4.2BSD style, FNDELAY). */
export const FIONBIO = 0x8004667e;

/** ioctl(fd, cmd, arg): the size and direction come from the command word, as 4.3BSD encodes it. */
export function* sysIoctl(ctx: SysCtx): Generator<void, void, void> {
  const [fd, cmd, argp] = ctx.args;
  const f = getf(ctx.p, fd);
  const size = (cmd >>> 16) & 0x1fff;
  // IOC_VOID requests (TCSBRK, TCFLSH ...) take an int by value: the argument itself, as 4.3BSD passes it.
  const input =
    cmd & 0x80000000 && size
      ? copyin(ctx.p.vm, argp, size)
      : cmd & 0x20000000
        ? new Uint8Array([argp >>> 24, (argp >>> 16) & 0xff, (argp >>> 8) & 0xff, argp & 0xff])
        : new Uint8Array(0);
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
  // Made again on the destination of a migration that took it out of its sleep: what was left.
  if (p.restartTicks !== null) {
    if (ticks > 0) ticks = Math.min(ticks, p.restartTicks);
    p.restartTicks = null;
  }
  let timedOut = ticks === 0;
  const expire = () => {
    timedOut = true;
    k.selwakeup();
  };
  const callout = ticks > 0 ? timeout(k, expire, ticks) : null;
  p.selectDue = ticks > 0 ? k.ticks + ticks : 0;
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
    p.selectDue = 0;
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
