/**
 * The socket system calls (4.4BSD's kern/uipc_syscalls.c), with SunOS 4's
 * numbers and structures: socket (97), recvfrom (125) and sendto (133).
 * A socket is an open file like any other (sys_socket.ts), so read,
 * write, select, ioctl and close work on it too. Addresses are struct
 * sockaddr_in (16 bytes; socket.ts). The TCP/IP issue adds bind, connect,
 * listen, accept, the options and the rest.
 */
import { EINVAL, ENOTSOCK, EPIPE, Errno } from '../errno.js';
import { File, getf, ufalloc } from '../fs/file.js';
import { FREAD, FWRITE } from '../fs/vnode.js';
import type { Proc } from '../proc/proc.js';
import { psignal, SIGPIPE } from '../proc/signal.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout, fuword, suword } from '../vm/copyio.js';
import { MAXSOCKADDR } from './socket.js';
import { SockVnode } from './sys_socket.js';
import { type Socket, socreate, soreceive, sosend } from './uipc_socket.js';

/** The socket open on descriptor fd: EBADF if none is open, ENOTSOCK if it is not a socket (getsock). */
export function getsock(p: Proc, fd: number): { so: Socket; flags: number } {
  const f = getf(p, fd);
  if (!(f.vnode instanceof SockVnode)) throw new Errno(ENOTSOCK);
  return { so: f.vnode.so, flags: f.flags };
}

/** socket(domain, type, protocol): a descriptor for a new socket. */
export function sysSocket(ctx: SysCtx): void {
  const { k, p } = ctx;
  const [dom, type, proto] = ctx.args;
  const fd = ufalloc(p);
  k.files.room();
  const so = socreate(k.net, dom, type, proto, p.cred);
  p.u.ofile[fd] = new File(k.files, new SockVnode(so).hold(), FREAD | FWRITE);
  p.u.pofile[fd] = 0;
  ctx.rv = [fd, ctx.rv[1]];
}

/** sendto(s, buf, len, flags, to, tolen): send a datagram to `to` (or to the connected peer if `to` is null). */
export function* sysSendto(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [fd, buf, len, _flags, to, tolen] = ctx.args;
  const { so, flags } = getsock(p, fd);
  if ((len | 0) < 0) throw new Errno(EINVAL);
  let nam: Uint8Array | null = null;
  if (to !== 0) {
    if (tolen < 0 || tolen > MAXSOCKADDR) throw new Errno(EINVAL);
    nam = copyin(p.vm, to, tolen);
  }
  try {
    const n = yield* sosend(so, p, nam, len, () => copyin(p.vm, buf, len), flags);
    k.chargeCopy(n);
    ctx.rv = [n, ctx.rv[1]];
  } catch (e) {
    if (e instanceof Errno && e.errno === EPIPE) psignal(k, p, SIGPIPE);
    throw e;
  }
}

/**
 * recvfrom(s, buf, len, flags, from, fromlenaddr): the next datagram, and
 * its sender's address in `from` if fromlenaddr is not null (*fromlenaddr
 * says how much room there is, and is set to the length stored).
 */
export function* sysRecvfrom(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [fd, buf, len, rflags, from, fromlenaddr] = ctx.args;
  const { so, flags } = getsock(p, fd);
  if ((len | 0) < 0) throw new Errno(EINVAL);
  const room = fromlenaddr !== 0 ? fuword(p.vm, fromlenaddr) : 0;
  if (room < 0) throw new Errno(EINVAL);
  const r = yield* soreceive(so, p, len, rflags, flags);
  copyout(p.vm, buf, r.data);
  k.chargeCopy(r.data.length);
  if (fromlenaddr !== 0) {
    const sa = r.from ?? new Uint8Array(0);
    const n = Math.min(room, sa.length);
    if (n > 0) copyout(p.vm, from, sa.subarray(0, n));
    suword(p.vm, fromlenaddr, n);
  }
  ctx.rv = [r.data.length, ctx.rv[1]];
}
