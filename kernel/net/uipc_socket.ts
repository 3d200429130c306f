/**
 * Sockets (4.4BSD's kern/uipc_socket.c): a Socket joins a protocol (its
 * Protosw, in_proto.ts) to whoever uses it, a process through a descriptor
 * or kernel code directly, through two socket buffers (uipc_socket2.ts).
 *
 * These are the socket calls of the kernel; the system calls
 * (uipc_syscalls.ts) are thin wrappers around them, and kernel code (NFS,
 * process migration) calls them directly:
 *
 *   const so = socreate(net, AF_INET, SOCK_STREAM, 0, p.cred);
 *   soconnect(so, sockaddr_in(addr, port), p);
 *   yield* soconnwait(so, p);               // sleeps until connected
 *   yield* sosend(so, p, null, uioOf(bytes), 0, 0);
 *   const r = yield* soreceive(so, p, 512, 0, 0);
 *   soclose(so);
 *
 * Whatever may wait is a generator run with `yield*` by the process on
 * whose behalf it runs (`p`): it sleeps through the scheduler (tsleep,
 * interruptibly at PSOCK: a signal ends the wait with EINTR), never spins.
 * `fflags` are the open file's flags: with a non-blocking mode (FNDELAY,
 * O_NONBLOCK) nothing waits; kernel callers pass 0.
 */

import {
  EALREADY,
  EDESTADDRREQ,
  EINTR,
  EINVAL,
  EISCONN,
  EMSGSIZE,
  ENOBUFS,
  ENOPROTOOPT,
  ENOTCONN,
  EOPNOTSUPP,
  EPIPE,
  EPROTONOSUPPORT,
  EPROTOTYPE,
  Errno,
} from '../errno.js';
import { FNBIOMODES, nbio } from '../fs/file.js';
import { HZ } from '../param.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import { pffindproto, pffindtype } from './in_proto.js';
import { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { PR_ATOMIC, PR_CONNREQUIRED, PR_WANTRCVD, type Protosw, type Usrreq } from './protosw.js';
import {
  MSG_DONTROUTE,
  MSG_OOB,
  MSG_PEEK,
  SO_ACCEPTCONN,
  SO_BROADCAST,
  SO_DEBUG,
  SO_DONTROUTE,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_LINGER,
  SO_OOBINLINE,
  SO_RCVBUF,
  SO_RCVLOWAT,
  SO_RCVTIMEO,
  SO_REUSEADDR,
  SO_SNDBUF,
  SO_SNDLOWAT,
  SO_SNDTIMEO,
  SO_TYPE,
  SO_USELOOPBACK,
  SOL_SOCKET,
  SOMAXCONN,
} from './socket.js';
import { SockBuf, sbwait, socantrcvmore, soqremque, sorwakeup, sosleep, sowwakeup } from './uipc_socket2.js';

// Socket state (so_state), SunOS 4's values.
export const SS_NOFDREF = 0x001;
export const SS_ISCONNECTED = 0x002;
export const SS_ISCONNECTING = 0x004;
export const SS_ISDISCONNECTING = 0x008;
export const SS_CANTSENDMORE = 0x010;
export const SS_CANTRCVMORE = 0x020;
export const SS_RCVATMARK = 0x040;
/** Made by the super-user (raw sockets and privileged ports need it). */
export const SS_PRIV = 0x080;
export const SS_NBIO = 0x100;
export const SS_ASYNC = 0x200;
export const SS_ISCONFIRMING = 0x400;

/** The largest socket buffer (4.3BSD's SB_MAX; TCP's window cannot advertise more than 65535 anyway). */
export const SB_MAX = 65535;

export class Socket {
  /** SO_* options (setsockopt), so_state, and an error to report at the next call (so_error). */
  options = 0;
  state = 0;
  error = 0;
  /** SO_LINGER's time, in seconds. */
  linger = 0;
  readonly snd = new SockBuf();
  readonly rcv = new SockBuf();
  /** The protocol's control block (an Inpcb, a RawCb, a Unpcb). */
  pcb: unknown = null;
  /**
   * Connection queues of a listening socket (so_q0: connections being
   * made, so_q: made, for accept), the most it queues (so_qlimit), and for a
   * queued socket the listener (so_head).
   */
  readonly q0: Socket[] = [];
  readonly q: Socket[] = [];
  qlimit = 0;
  head: Socket | null = null;
  /** What connect, accept and close sleep on (so_timeo). */
  readonly timeo = {};
  /** Who gets SIGIO: a process id, or minus a process group (so_pgrp). */
  pgid = 0;

  constructor(
    readonly net: Net,
    readonly type: number,
    readonly proto: Protosw,
  ) {
    net.sockets.add(this);
  }

  get atomic(): boolean {
    return (this.proto.flags & PR_ATOMIC) !== 0;
  }

  /** A new socket of the same kind (for sonewconn). */
  newSocket(): Socket {
    return new Socket(this.net, this.type, this.proto);
  }
}

/** A source of bytes for sosend (4.3BSD's struct uio, read side): how many, and taking them in order. */
export interface Uio {
  resid: number;
  take(n: number): Uint8Array;
}

/** A Uio over bytes the kernel already has. */
export function uioOf(data: Uint8Array): Uio {
  let at = 0;
  return {
    get resid() {
      return data.length - at;
    },
    take(n: number): Uint8Array {
      const out = data.subarray(at, at + n);
      at += out.length;
      return out;
    },
  };
}

/**
 * A new socket (socreate): find the protocol (protocol 0: the first of
 * the type in the family), make the socket and let the protocol attach.
 */
export function socreate(net: Net, dom: number, type: number, proto: number, cred: Ucred): Socket {
  const pr = proto !== 0 ? pffindproto(dom, proto, type) : pffindtype(dom, type);
  if (pr === null || !pr.usrreq) throw new Errno(EPROTONOSUPPORT);
  if (pr.type !== type) throw new Errno(EPROTOTYPE);
  const so = new Socket(net, type, pr);
  if (cred.uid === 0) so.state |= SS_PRIV;
  try {
    pr.usrreq.attach(so, proto);
  } catch (e) {
    so.state |= SS_NOFDREF;
    sofree(so);
    throw e;
  }
  return so;
}

/** Give the socket its local address (sobind). */
export function sobind(so: Socket, nam: Uint8Array, p: Proc): void {
  pru(so, (ur) => ur.bind(so, nam, p));
}

/** Take connections (solisten): the queue holds up to `backlog` (at most SOMAXCONN, 5) ... and half as many again. */
export function solisten(so: Socket, backlog: number): void {
  pru(so, (ur) => ur.listen(so));
  if (so.q.length === 0) so.options |= SO_ACCEPTCONN;
  so.qlimit = Math.min(Math.max(backlog, 0), SOMAXCONN);
}

/** The socket is gone for good once neither a descriptor nor the protocol holds it (sofree). */
export function sofree(so: Socket): void {
  if (so.pcb !== null || !(so.state & SS_NOFDREF)) return;
  if (so.head !== null) {
    // Still on a listener's queue: only one in progress may be freed (a completed one waits for accept).
    if (!soqremque(so, 0) && !soqremque(so, 1)) return;
  }
  so.snd.flush();
  so.rcv.flush();
  so.net.sockets.delete(so);
}

/**
 * The last reference to the socket went (soclose): a listener's queued
 * connections are aborted; a connection is disconnected (gracefully: TCP
 * goes on sending what is buffered; with SO_LINGER and a time of 0 it is
 * reset instead); the protocol lets go, and the socket is freed when the
 * protocol no longer holds it. Waiting (SO_LINGER) is solinger's part.
 */
export function soclose(so: Socket): void {
  if (so.options & SO_ACCEPTCONN) {
    for (const s of [...so.q0]) soabort(s);
    for (const s of [...so.q]) {
      soqremque(s, 1);
      soabort(s);
    }
  }
  if (so.pcb !== null) {
    if (so.state & SS_ISCONNECTED && !(so.state & SS_ISDISCONNECTING)) {
      try {
        sodisconnect(so);
      } catch {
        // Already going: the detach below finishes it.
      }
    }
    if (so.pcb !== null) pru(so, (ur) => ur.detach(so));
  }
  so.state |= SS_NOFDREF;
  sofree(so);
  sorwakeup(so);
  sowwakeup(so);
}

/**
 * Before the last close of a connected socket with SO_LINGER and a
 * positive time, when the descriptor is blocking: disconnect, and wait
 * until the connection is closed (what was sent acknowledged) or the time
 * runs out (4.3BSD's soclose sleeping on so_timeo). A signal ends the wait.
 */
export function* solinger(so: Socket, p: Proc, fflags: number): Generator<void, void, void> {
  if (!(so.options & SO_LINGER) || so.linger <= 0 || !(so.state & SS_ISCONNECTED)) return;
  if (fflags & FNBIOMODES) return;
  if (!(so.state & SS_ISDISCONNECTING)) sodisconnect(so);
  const end = so.net.ticks + so.linger * HZ;
  try {
    while (so.state & SS_ISCONNECTED && so.net.ticks < end) {
      if (yield* sosleep(so.net, p, so.timeo, 'netcls', end - so.net.ticks)) break;
    }
  } catch (e) {
    if (!(e instanceof Errno && e.errno === EINTR)) throw e;
  }
}

/** Abort a connection: the protocol drops it and lets the socket go (soabort). */
export function soabort(so: Socket): void {
  pru(so, (ur) => ur.abort(so));
}

/**
 * A connection from a listening socket's queue has been taken by accept
 * (soaccept): the socket now has a descriptor. Returns the peer's address.
 */
export function soaccept(so: Socket): Uint8Array {
  if (!(so.state & SS_NOFDREF)) throw new Errno(EINVAL);
  so.state &= ~SS_NOFDREF;
  return pru(so, (ur) => ur.accept(so));
}

/**
 * Wait on a listening socket for a completed connection and take it off
 * the queue (the waiting part of 4.3BSD's accept). ECONNABORTED-like
 * failures show as so_error; a non-blocking socket fails with EWOULDBLOCK.
 */
export function* soacceptwait(head: Socket, p: Proc, fflags: number): Generator<void, Socket, void> {
  if (!(head.options & SO_ACCEPTCONN)) throw new Errno(EINVAL);
  for (;;) {
    if (head.error) {
      const e = head.error;
      head.error = 0;
      throw new Errno(e);
    }
    const so = head.q[0];
    if (so !== undefined) {
      soqremque(so, 1);
      return so;
    }
    if (head.state & SS_CANTRCVMORE) throw new Errno(EINVAL);
    nbio(fflags);
    yield* sosleep(head.net, p, head.timeo, 'accept', 0);
  }
}

/**
 * Begin a connection to `nam` (soconnect): a socket already connected, or
 * connecting, cannot; a datagram socket may connect again (4.3BSD lets it
 * change its peer).
 */
export function soconnect(so: Socket, nam: Uint8Array, p: Proc): void {
  if (so.options & SO_ACCEPTCONN) throw new Errno(EOPNOTSUPP);
  if (so.state & SS_ISCONNECTING) throw new Errno(EALREADY);
  if (so.state & SS_ISCONNECTED) {
    if (so.proto.flags & PR_CONNREQUIRED) throw new Errno(EISCONN);
    sodisconnect(so);
  }
  so.net.k.charge(so.net.k.cost.usrreq);
  pru(so, (ur) => ur.connect(so, nam, p));
}

/**
 * Wait while a connection is being made (connect's sleep on so_timeo),
 * then report how it went: the error that ended it (ECONNREFUSED,
 * ETIMEDOUT...), or nothing.
 */
export function* soconnwait(so: Socket, p: Proc): Generator<void, void, void> {
  while (so.state & SS_ISCONNECTING && so.error === 0) yield* sosleep(so.net, p, so.timeo, 'connect', 0);
  if (so.error) {
    const e = so.error;
    so.error = 0;
    throw new Errno(e);
  }
}

/** Connect two sockets of this machine to each other (soconnect2, socketpair). */
export function soconnect2(so1: Socket, so2: Socket): void {
  pru(so1, (ur) => ur.connect2(so1, so2));
}

/** Break the connection (sodisconnect). */
export function sodisconnect(so: Socket): void {
  if (!(so.state & SS_ISCONNECTED)) throw new Errno(ENOTCONN);
  if (so.state & SS_ISDISCONNECTING) throw new Errno(EALREADY);
  pru(so, (ur) => ur.disconnect(so));
}

/** shutdown(how): 0 no more receiving, 1 no more sending (TCP sends its FIN), 2 both. */
export function soshutdown(so: Socket, how: number): void {
  if (how < 0 || how > 2) throw new Errno(EINVAL);
  if (how !== 1) {
    socantrcvmore(so);
    so.rcv.flush();
  }
  if (how !== 0) pru(so, (ur) => ur.shutdown(so));
}

/**
 * Send what `uio` holds to `nam`, or to the connected peer (sosend).
 * - A datagram (PR_ATOMIC) goes whole or not at all: larger than the send
 *   buffer is EMSGSIZE, before anything is copied; otherwise it waits for
 *   room for all of it.
 * - A stream is sent in pieces as room is made; a sender waits while there
 *   is less room than the low-water mark and the rest does not fit.
 * - A pending error is reported (and cleared); once the socket cannot send
 *   any more it is EPIPE (the system-call layer adds SIGPIPE).
 * - Interrupted by a signal, or non-blocking, after some went: the count
 *   sent. Returns the bytes sent.
 */
export function* sosend(
  so: Socket,
  p: Proc,
  nam: Uint8Array | null,
  uio: Uio,
  flags: number,
  fflags: number,
): Generator<void, number, void> {
  usrreq(so); // EOPNOTSUPP for a protocol with no requests
  if (flags & MSG_OOB) throw new Errno(EOPNOTSUPP);
  let resid = uio.resid;
  if (resid < 0) throw new Errno(EINVAL);
  if (so.atomic && resid > so.snd.hiwat) throw new Errno(EMSGSIZE);
  const dontroute = flags & MSG_DONTROUTE && !(so.options & SO_DONTROUTE) && so.atomic;
  so.net.k.charge(so.net.k.cost.socketCall);
  let sent = 0;
  do {
    if (so.state & SS_CANTSENDMORE) throw new Errno(EPIPE);
    if (so.error) {
      const e = so.error;
      so.error = 0;
      throw new Errno(e);
    }
    if (!(so.state & SS_ISCONNECTED)) {
      if (so.proto.flags & PR_CONNREQUIRED) throw new Errno(ENOTCONN);
      if (nam === null) throw new Errno(EDESTADDRREQ);
    }
    const space = so.snd.space;
    if (space < resid && (so.atomic || space < so.snd.lowat)) {
      if (sent > 0 && fflags & FNBIOMODES) return sent;
      nbio(fflags);
      try {
        yield* sbwait(so, so.snd, p);
      } catch (e) {
        if (sent > 0 && e instanceof Errno) return sent;
        throw e;
      }
      continue;
    }
    const n = so.atomic ? resid : Math.min(resid, space);
    const m = Mbuf.from(uio.take(n));
    if (dontroute) so.options |= SO_DONTROUTE;
    try {
      pru(so, (u) => u.send(so, m, nam, p));
    } finally {
      if (dontroute) so.options &= ~SO_DONTROUTE;
    }
    sent += n;
    resid -= n;
  } while (resid > 0);
  return sent;
}

/** What soreceive got: the bytes, and for a PR_ADDR protocol the sender's address. */
export interface SoReceived {
  data: Uint8Array;
  from: Uint8Array | null;
}

/**
 * Receive (soreceive), waiting until there is something:
 * - a stream gives up to `len` bytes of what has come (not waiting for
 *   `len`), and the protocol is told room was made (PR_WANTRCVD: TCP may
 *   open its window);
 * - a datagram socket gives the next datagram, at most `len` bytes of it
 *   (the rest is discarded), with its sender's address.
 * With MSG_PEEK nothing is taken. Data that has come is given before an
 * error the socket has (which is then reported, and cleared); at end of
 * file (the peer's FIN, shutdown) nothing is returned.
 */
export function* soreceive(
  so: Socket,
  p: Proc,
  len: number,
  flags: number,
  fflags: number,
): Generator<void, SoReceived, void> {
  if (len < 0) throw new Errno(EINVAL);
  if (flags & MSG_OOB) throw new Errno(EOPNOTSUPP);
  usrreq(so);
  const empty = { data: new Uint8Array(0), from: null };
  so.net.k.charge(so.net.k.cost.socketCall);
  for (;;) {
    if (so.rcv.cc > 0 || so.rcv.first() !== undefined) break;
    if (so.error) {
      const e = so.error;
      if (!(flags & MSG_PEEK)) so.error = 0;
      throw new Errno(e);
    }
    if (so.state & SS_CANTRCVMORE) return empty;
    if (so.proto.flags & PR_CONNREQUIRED && !(so.state & (SS_ISCONNECTED | SS_ISCONNECTING)))
      throw new Errno(ENOTCONN);
    if (len === 0) return empty;
    nbio(fflags);
    yield* sbwait(so, so.rcv, p);
  }
  if (so.atomic) {
    const rec = so.rcv.first() as { from: Uint8Array | null; data: Uint8Array };
    if (!(flags & MSG_PEEK)) so.rcv.droprecord();
    if (!(flags & MSG_PEEK) && so.proto.flags & PR_WANTRCVD && so.pcb !== null)
      pru(so, (u) => u.rcvd(so, flags));
    return { data: rec.data.subarray(0, len), from: rec.from };
  }
  const n = Math.min(len, so.rcv.cc);
  const data = so.rcv.copy(0, n);
  if (!(flags & MSG_PEEK)) {
    so.rcv.drop(n);
    if (so.proto.flags & PR_WANTRCVD && so.pcb !== null) pru(so, (u) => u.rcvd(so, flags));
  }
  return { data, from: null };
}

/** Whether a read would not wait (soreadable): data, end of file, an error, or a connection to accept. */
export function soreadable(so: Socket): boolean {
  return (
    so.rcv.cc >= Math.max(1, so.rcv.lowat) ||
    (so.atomic && so.rcv.first() !== undefined) ||
    (so.state & SS_CANTRCVMORE) !== 0 ||
    so.q.length > 0 ||
    so.error !== 0
  );
}

/**
 * Whether a write would not wait (sowriteable): room at least the low-water
 * mark on a connected socket (or one that needs no connection), or an
 * error or shutdown to report. A non-blocking connect in progress becomes
 * writable when it ends, either way.
 */
export function sowriteable(so: Socket): boolean {
  const connected = (so.state & SS_ISCONNECTED) !== 0 || (so.proto.flags & PR_CONNREQUIRED) === 0;
  return (so.snd.space >= so.snd.lowat && connected) || (so.state & SS_CANTSENDMORE) !== 0 || so.error !== 0;
}

// ------------------------------------------------------------------ options

/** A 4-byte int in network order (the 68020's too). */
function int32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v);
  return b;
}

function getInt(val: Uint8Array): number {
  if (val.length < 4) throw new Errno(EINVAL);
  return new DataView(val.buffer, val.byteOffset, 4).getInt32(0);
}

/** Options that are on or off, in so_options. */
const FLAG_OPTIONS = [
  SO_DEBUG,
  SO_KEEPALIVE,
  SO_DONTROUTE,
  SO_USELOOPBACK,
  SO_BROADCAST,
  SO_REUSEADDR,
  SO_OOBINLINE,
];

/**
 * setsockopt (sosetopt): the socket's own options at SOL_SOCKET, the
 * protocol's (pr_ctloutput) at its level. Buffer sizes are 1 to SB_MAX
 * (ENOBUFS beyond); SO_LINGER takes a struct linger {l_onoff, l_linger};
 * the timeouts a struct timeval.
 */
export function sosetopt(so: Socket, level: number, name: number, val: Uint8Array): void {
  if (level !== SOL_SOCKET) {
    if (!so.proto.ctloutput) throw new Errno(ENOPROTOOPT);
    so.proto.ctloutput('set', so, level, name, val);
    return;
  }
  if (FLAG_OPTIONS.includes(name)) {
    if (getInt(val)) so.options |= name;
    else so.options &= ~name;
    return;
  }
  switch (name) {
    case SO_LINGER: {
      if (val.length < 8) throw new Errno(EINVAL);
      const v = new DataView(val.buffer, val.byteOffset, 8);
      so.linger = Math.max(0, v.getInt32(4));
      if (v.getInt32(0)) so.options |= SO_LINGER;
      else so.options &= ~SO_LINGER;
      return;
    }
    case SO_SNDBUF:
    case SO_RCVBUF: {
      const n = getInt(val);
      if (n <= 0 || n > SB_MAX) throw new Errno(ENOBUFS);
      const sb = name === SO_SNDBUF ? so.snd : so.rcv;
      sb.hiwat = n;
      if (sb.lowat > n) sb.lowat = n;
      if (name === SO_SNDBUF) sowwakeup(so);
      return;
    }
    case SO_SNDLOWAT:
    case SO_RCVLOWAT: {
      const sb = name === SO_SNDLOWAT ? so.snd : so.rcv;
      sb.lowat = Math.max(name === SO_RCVLOWAT ? 1 : 0, Math.min(getInt(val), sb.hiwat));
      return;
    }
    case SO_SNDTIMEO:
    case SO_RCVTIMEO: {
      if (val.length < 8) throw new Errno(EINVAL);
      const v = new DataView(val.buffer, val.byteOffset, 8);
      const sec = v.getInt32(0);
      const usec = v.getInt32(4);
      if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new Errno(EINVAL);
      (name === SO_SNDTIMEO ? so.snd : so.rcv).timeo = Math.ceil((sec * 1_000_000 + usec) / (1_000_000 / HZ));
      return;
    }
    default:
      throw new Errno(ENOPROTOOPT);
  }
}

/** getsockopt (sogetopt): the value, as the bytes to copy out. SO_ERROR clears the error it reports. */
export function sogetopt(so: Socket, level: number, name: number): Uint8Array {
  if (level !== SOL_SOCKET) {
    if (!so.proto.ctloutput) throw new Errno(ENOPROTOOPT);
    return so.proto.ctloutput('get', so, level, name) ?? new Uint8Array(0);
  }
  if (FLAG_OPTIONS.includes(name) || name === SO_ACCEPTCONN) return int32(so.options & name);
  switch (name) {
    case SO_LINGER: {
      const b = new Uint8Array(8);
      const v = new DataView(b.buffer);
      v.setInt32(0, so.options & SO_LINGER);
      v.setInt32(4, so.linger);
      return b;
    }
    case SO_TYPE:
      return int32(so.type);
    case SO_ERROR: {
      const e = so.error;
      so.error = 0;
      return int32(e);
    }
    case SO_SNDBUF:
      return int32(so.snd.hiwat);
    case SO_RCVBUF:
      return int32(so.rcv.hiwat);
    case SO_SNDLOWAT:
      return int32(so.snd.lowat);
    case SO_RCVLOWAT:
      return int32(so.rcv.lowat);
    case SO_SNDTIMEO:
    case SO_RCVTIMEO: {
      const t = (name === SO_SNDTIMEO ? so.snd : so.rcv).timeo * (1_000_000 / HZ);
      const b = new Uint8Array(8);
      const v = new DataView(b.buffer);
      v.setInt32(0, Math.floor(t / 1_000_000));
      v.setInt32(4, t % 1_000_000);
      return b;
    }
    default:
      throw new Errno(ENOPROTOOPT);
  }
}

/** The socket's own address (getsockname), and its peer's (getpeername: ENOTCONN if none). */
export function sogetsockname(so: Socket): Uint8Array {
  return pru(so, (ur) => ur.sockaddr(so));
}

export function sogetpeername(so: Socket): Uint8Array {
  if (!(so.state & (SS_ISCONNECTED | SS_ISCONFIRMING))) throw new Errno(ENOTCONN);
  return pru(so, (ur) => ur.peeraddr(so));
}

function usrreq(so: Socket): Usrreq {
  const ur = so.proto.usrreq;
  if (!ur) throw new Errno(EOPNOTSUPP);
  return ur;
}

/**
 * A request to the protocol, at splnet as 4.3BSD makes them: the network's
 * software interrupt (a datagram looped back, say) waits until it is over.
 */
export function pru<T>(so: Socket, req: (ur: Usrreq) => T): T {
  const ur = usrreq(so);
  const s = so.net.splnet();
  try {
    return req(ur);
  } finally {
    so.net.splx(s);
  }
}
