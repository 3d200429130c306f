/**
 * The socket system calls (4.4BSD's kern/uipc_syscalls.c), with SunOS 4's
 * numbers and structures: socket (97), connect (98), accept (99), send
 * (101), recv (102), bind (104), setsockopt (105), listen (106), recvmsg
 * (113), sendmsg (114), getsockopt (118), recvfrom (125), sendto (133),
 * shutdown (134), socketpair (135), getpeername (141), getsockname (150).
 * A socket is an open file like any other (sys_socket.ts), so read, write,
 * readv, writev, select, ioctl, dup, fcntl and close work on it too, and
 * fork and exec treat it as any descriptor.
 *
 * Each call copies its arguments in, calls the kernel's socket routine
 * (uipc_socket.ts: the same ones kernel code calls) and copies results
 * out. Addresses are copied in as given (at most MAXSOCKADDR, 112 bytes)
 * and out truncated to the room the caller says it has, with the length
 * stored back.
 */
import { EALREADY, EINPROGRESS, EINVAL, EMSGSIZE, ENOTSOCK, EOPNOTSUPP, Errno } from '../errno.js';
import { closef, File, FNBIOMODES, getf, ufalloc } from '../fs/file.js';
import { FREAD, FWRITE } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import type { Proc } from '../proc/proc.js';
import { gather, getiovecs, iovlen, iovroom, scatter } from '../sys/generic.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout, fuword, longs, suword } from '../vm/copyio.js';
import { MAXSOCKADDR, SOCK_DGRAM } from './socket.js';
import { SockVnode, sowrite } from './sys_socket.js';
import {
  type Socket,
  SS_ISCONNECTING,
  soaccept,
  soacceptwait,
  sobind,
  soclose,
  soconnect,
  soconnect2,
  soconnwait,
  socreate,
  sogetopt,
  sogetpeername,
  sogetsockname,
  solisten,
  soreceive,
  sosetopt,
  soshutdown,
} from './uipc_socket.js';

/** The socket open on descriptor fd: EBADF if none is open, ENOTSOCK if it is not a socket (getsock). */
export function getsock(p: Proc, fd: number): { so: Socket; flags: number } {
  const f = getf(p, fd);
  if (!(f.vnode instanceof SockVnode)) throw new Errno(ENOTSOCK);
  return { so: f.vnode.so, flags: f.flags };
}

/** A socket address from the caller (sockargs): at most MAXSOCKADDR bytes. */
function sockargs(p: Proc, addr: number, len: number): Uint8Array {
  if ((len | 0) < 0 || len > MAXSOCKADDR) throw new Errno(EINVAL);
  return copyin(p.vm, addr, len);
}

/** Copy an address out to `addr`, at most *alenp bytes, and store the length copied in *alenp. */
function putsockaddr(p: Proc, addr: number, alenp: number, sa: Uint8Array): void {
  if (alenp === 0) return;
  const room = fuword(p.vm, alenp);
  if (room < 0) throw new Errno(EINVAL);
  const n = Math.min(room, sa.length);
  if (n > 0) copyout(p.vm, addr, sa.subarray(0, n));
  suword(p.vm, alenp, n);
}

/**
 * A descriptor for socket `so` (open for reading and writing, with the
 * non-blocking modes `nbflags`): EMFILE or ENFILE (the system's file
 * table) if there is no room.
 */
function sofd(k: Kernel, p: Proc, so: Socket, nbflags = 0): number {
  const fd = ufalloc(p);
  k.files.room();
  p.u.ofile[fd] = new File(k.files, new SockVnode(so).hold(), FREAD | FWRITE | (nbflags & FNBIOMODES));
  p.u.pofile[fd] = 0;
  return fd;
}

/** socket(domain, type, protocol): a descriptor for a new socket. */
export function sysSocket(ctx: SysCtx): void {
  const { k, p } = ctx;
  const [dom, type, proto] = ctx.args;
  ufalloc(p); // EMFILE or ENFILE before anything is made
  k.files.room();
  const so = socreate(k.net, dom, type, proto, p.cred);
  ctx.rv = [sofd(k, p, so), ctx.rv[1]];
}

/** bind(s, name, namelen). */
export function sysBind(ctx: SysCtx): void {
  const [fd, name, namelen] = ctx.args;
  const { so } = getsock(ctx.p, fd);
  sobind(so, sockargs(ctx.p, name, namelen), ctx.p);
  ctx.rv = [0, ctx.rv[1]];
}

/** listen(s, backlog): at most SOMAXCONN (5) is taken. */
export function sysListen(ctx: SysCtx): void {
  const [fd, backlog] = ctx.args;
  solisten(getsock(ctx.p, fd).so, backlog | 0);
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * accept(s, name, anamelen): wait for a connection on a listening socket
 * and give it a descriptor (non-blocking as the listener's is), with the
 * peer's address in `name`.
 */
export function* sysAccept(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [fd, name, anamelen] = ctx.args;
  const { so: head, flags } = getsock(p, fd);
  ufalloc(p);
  k.files.room();
  const so = yield* soacceptwait(head, p, flags);
  let nfd: number;
  try {
    nfd = sofd(k, p, so, flags);
  } catch (e) {
    soclose(so);
    throw e;
  }
  const nam = soaccept(so);
  if (name !== 0) putsockaddr(p, name, anamelen, nam);
  ctx.rv = [nfd, ctx.rv[1]];
}

/**
 * connect(s, name, namelen): wait until the connection is made (or fails:
 * ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH...). A non-blocking socket
 * returns EINPROGRESS at once; select then says it is writable when the
 * attempt is over, and SO_ERROR how it ended; a second connect meanwhile
 * is EALREADY.
 */
export function* sysConnect(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [fd, name, namelen] = ctx.args;
  const { so, flags } = getsock(p, fd);
  if (flags & FNBIOMODES && so.state & SS_ISCONNECTING) throw new Errno(EALREADY);
  soconnect(so, sockargs(p, name, namelen), p);
  if (flags & FNBIOMODES && so.state & SS_ISCONNECTING) throw new Errno(EINPROGRESS);
  try {
    yield* soconnwait(so, p);
  } finally {
    so.state &= ~SS_ISCONNECTING;
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** socketpair(domain, type, protocol, sv): two connected sockets; their descriptors in sv[0] and sv[1]. */
export function sysSocketpair(ctx: SysCtx): void {
  const { k, p } = ctx;
  const [dom, type, proto, rsv] = ctx.args;
  k.files.room(2);
  const so1 = socreate(k.net, dom, type, proto, p.cred);
  let so2: Socket | null = null;
  const fds: number[] = [];
  try {
    so2 = socreate(k.net, dom, type, proto, p.cred);
    soconnect2(so1, so2);
    if (type === SOCK_DGRAM) soconnect2(so2, so1);
    fds.push(sofd(k, p, so1));
    fds.push(sofd(k, p, so2));
    copyout(p.vm, rsv, longs(fds));
  } catch (e) {
    for (const fd of fds) {
      const f = p.u.ofile[fd] as File;
      p.u.ofile[fd] = null;
      closef(f);
    }
    if (fds.length < 1) soclose(so1);
    if (fds.length < 2 && so2 !== null) soclose(so2);
    throw e;
  }
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * Send `len` bytes at `buf` (sendit): the datagram-size check comes before
 * the copy, as 4.3BSD's sosend makes it.
 */
function* sendit(
  ctx: SysCtx,
  fd: number,
  data: () => Uint8Array,
  len: number,
  flags: number,
  to: Uint8Array | null,
): Generator<void, number, void> {
  const { so, flags: fflags } = getsock(ctx.p, fd);
  if ((len | 0) < 0) throw new Errno(EINVAL);
  if (so.atomic && len > so.snd.hiwat) throw new Errno(EMSGSIZE);
  return yield* sowrite(so, ctx.p, to, data(), flags, fflags);
}

/** sendto(s, buf, len, flags, to, tolen): send to `to` (or to the connected peer if `to` is null). */
export function* sysSendto(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [fd, buf, len, flags, to, tolen] = ctx.args;
  const nam = to !== 0 ? sockargs(p, to, tolen) : null;
  const n = yield* sendit(
    ctx,
    fd,
    () => {
      k.chargeCopy(len);
      return copyin(p.vm, buf, len);
    },
    len,
    flags,
    nam,
  );
  ctx.rv = [n, ctx.rv[1]];
}

/** send(s, buf, len, flags): sendto to the connected peer. */
export function* sysSend(ctx: SysCtx): Generator<void, void, void> {
  const [fd, buf, len, flags] = ctx.args;
  ctx.args = [fd, buf, len, flags, 0, 0];
  yield* sysSendto(ctx);
}

/**
 * struct msghdr, SunOS 4's (4.3BSD's), 24 bytes: 0 msg_name, 4 msg_namelen,
 * 8 msg_iov, 12 msg_iovlen, 16 msg_accrights, 20 msg_accrightslen.
 * Passing access rights is not supported (EOPNOTSUPP).
 */
const MSGHDR_SIZE = 24;

/** sendmsg(s, msg, flags): send from the iovecs of a msghdr, to its msg_name if any. */
export function* sysSendmsg(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [fd, msgp, flags] = ctx.args;
  const mv = new DataView(copyin(p.vm, msgp, MSGHDR_SIZE).buffer);
  if (mv.getInt32(20) > 0) throw new Errno(EOPNOTSUPP);
  const iovcnt = mv.getInt32(12);
  if (iovcnt > 16) throw new Errno(EMSGSIZE);
  const iov = getiovecs(p, mv.getUint32(8), iovcnt);
  const name = mv.getUint32(0);
  const nam = name !== 0 ? sockargs(p, name, mv.getInt32(4)) : null;
  const n = yield* sendit(ctx, fd, () => gather(ctx, iov), iovlen(iov), flags, nam);
  ctx.rv = [n, ctx.rv[1]];
}

/**
 * recvfrom(s, buf, len, flags, from, fromlenaddr): the next data (a
 * datagram, or what a stream has), and the sender's address in `from` if
 * fromlenaddr is not null (*fromlenaddr says how much room there is, and
 * is set to the length stored; 0 for a stream).
 */
export function* sysRecvfrom(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [fd, buf, len, rflags, from, fromlenaddr] = ctx.args;
  const { so, flags } = getsock(p, fd);
  if ((len | 0) < 0) throw new Errno(EINVAL);
  if (fromlenaddr !== 0 && fuword(p.vm, fromlenaddr) < 0) throw new Errno(EINVAL);
  const r = yield* soreceive(so, p, len, rflags, flags);
  copyout(p.vm, buf, r.data);
  k.chargeCopy(r.data.length);
  if (fromlenaddr !== 0) putsockaddr(p, from, fromlenaddr, r.from ?? new Uint8Array(0));
  ctx.rv = [r.data.length, ctx.rv[1]];
}

/** recv(s, buf, len, flags): recvfrom without the address. */
export function* sysRecv(ctx: SysCtx): Generator<void, void, void> {
  const [fd, buf, len, flags] = ctx.args;
  ctx.args = [fd, buf, len, flags, 0, 0];
  yield* sysRecvfrom(ctx);
}

/** recvmsg(s, msg, flags): receive into the iovecs of a msghdr; msg_namelen and msg_accrightslen are updated. */
export function* sysRecvmsg(ctx: SysCtx): Generator<void, void, void> {
  const { p } = ctx;
  const [fd, msgp, flags] = ctx.args;
  const { so, flags: fflags } = getsock(p, fd);
  const hdr = copyin(p.vm, msgp, MSGHDR_SIZE);
  const mv = new DataView(hdr.buffer);
  const iovcnt = mv.getInt32(12);
  if (iovcnt > 16) throw new Errno(EMSGSIZE);
  const iov = getiovecs(p, mv.getUint32(8), iovcnt);
  const namelen = mv.getInt32(4);
  if (namelen < 0) throw new Errno(EINVAL);
  const r = yield* soreceive(so, p, iovroom(p, iov), flags, fflags);
  scatter(ctx, iov, r.data);
  const name = mv.getUint32(0);
  const sa = r.from ?? new Uint8Array(0);
  const n = name !== 0 ? Math.min(namelen, sa.length) : 0;
  if (n > 0) copyout(p.vm, name, sa.subarray(0, n));
  mv.setInt32(4, n);
  mv.setInt32(20, 0);
  copyout(p.vm, msgp, hdr);
  ctx.rv = [r.data.length, ctx.rv[1]];
}

/** shutdown(s, how): 0 no more receiving, 1 no more sending, 2 neither. */
export function sysShutdown(ctx: SysCtx): void {
  const [fd, how] = ctx.args;
  soshutdown(getsock(ctx.p, fd).so, how | 0);
  ctx.rv = [0, ctx.rv[1]];
}

/** setsockopt(s, level, name, val, valsize): at most 112 bytes of value. */
export function sysSetsockopt(ctx: SysCtx): void {
  const { p } = ctx;
  const [fd, level, name, val, valsize] = ctx.args;
  const { so } = getsock(p, fd);
  if ((valsize | 0) < 0 || valsize > MAXSOCKADDR) throw new Errno(EINVAL);
  const v = val !== 0 ? copyin(p.vm, val, valsize) : new Uint8Array(0);
  sosetopt(so, level | 0, name | 0, v);
  ctx.rv = [0, ctx.rv[1]];
}

/** getsockopt(s, level, name, val, avalsize): the value, at most *avalsize bytes of it; its length in *avalsize. */
export function sysGetsockopt(ctx: SysCtx): void {
  const { p } = ctx;
  const [fd, level, name, val, avalsize] = ctx.args;
  const { so } = getsock(p, fd);
  const room = avalsize !== 0 ? fuword(p.vm, avalsize) : 0;
  if (room < 0) throw new Errno(EINVAL);
  const out = sogetopt(so, level | 0, name | 0);
  if (val !== 0 && avalsize !== 0) {
    const n = Math.min(room, out.length);
    copyout(p.vm, val, out.subarray(0, n));
    suword(p.vm, avalsize, n);
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** getsockname(s, asa, alen): the socket's own address. */
export function sysGetsockname(ctx: SysCtx): void {
  const [fd, asa, alen] = ctx.args;
  putsockaddr(ctx.p, asa, alen, sogetsockname(getsock(ctx.p, fd).so));
  ctx.rv = [0, ctx.rv[1]];
}

/** getpeername(s, asa, alen): the address of the peer (ENOTCONN if not connected). */
export function sysGetpeername(ctx: SysCtx): void {
  const [fd, asa, alen] = ctx.args;
  putsockaddr(ctx.p, asa, alen, sogetpeername(getsock(ctx.p, fd).so));
  ctx.rv = [0, ctx.rv[1]];
}
