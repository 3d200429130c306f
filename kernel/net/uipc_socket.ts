/**
 * Sockets (4.4BSD's kern/uipc_socket.c): a Socket joins a protocol
 * (its Protosw, in_proto.ts) to the processes using it, through two
 * socket buffers. socreate makes one and attaches the protocol, soclose
 * detaches it, sosend passes data to the protocol's send request, and
 * soreceive takes records from the receive buffer, sleeping until one
 * comes. sosend and soreceive are generators (they may sleep); the
 * protocol side is uipc_socket2.ts.
 *
 * Only the datagram (PR_ATOMIC) case is here yet: each send is one
 * record, each receive takes one record, and what does not fit in the
 * caller's buffer is discarded. The TCP/IP issue adds the stream case,
 * connections, bind and the options.
 */
import {
  EINVAL,
  EMSGSIZE,
  ENOTCONN,
  EOPNOTSUPP,
  EPIPE,
  EPROTONOSUPPORT,
  EPROTOTYPE,
  Errno,
} from '../errno.js';
import { nbio } from '../fs/file.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import { PR_ATOMIC, PR_CONNREQUIRED, type Protosw, pffindproto, pffindtype } from './in_proto.js';
import { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { AF_INET, MSG_PEEK } from './socket.js';
import { SockBuf, sbwait, sorwakeup, sowwakeup } from './uipc_socket2.js';

// Socket state (so_state).
export const SS_NOFDREF = 0x001;
export const SS_ISCONNECTED = 0x002;
export const SS_CANTSENDMORE = 0x010;
export const SS_CANTRCVMORE = 0x020;
/** Made by the super-user (raw sockets need it). */
export const SS_PRIV = 0x080;

export class Socket {
  /** SO_* options (setsockopt), so_state, and an error to report at the next call (so_error). */
  options = 0;
  state = 0;
  error = 0;
  readonly snd = new SockBuf();
  readonly rcv = new SockBuf();
  /** The protocol's control block (a RawCb for raw IP). */
  pcb: unknown = null;

  constructor(
    readonly net: Net,
    readonly type: number,
    readonly proto: Protosw,
  ) {}

  get atomic(): boolean {
    return (this.proto.flags & PR_ATOMIC) !== 0;
  }
}

/**
 * A new socket (socreate): find the protocol (protocol 0: the first of
 * the type), make the socket and let the protocol attach to it.
 */
export function socreate(net: Net, dom: number, type: number, proto: number, cred: Ucred): Socket {
  if (dom !== AF_INET) throw new Errno(EPROTONOSUPPORT);
  const pr = proto !== 0 ? pffindproto(proto, type) : pffindtype(type);
  if (pr === null || !pr.usrreq) throw new Errno(EPROTONOSUPPORT);
  if (pr.type !== type) throw new Errno(EPROTOTYPE);
  const so = new Socket(net, type, pr);
  if (cred.uid === 0) so.state |= SS_PRIV;
  pr.usrreq.attach(so, proto, cred);
  return so;
}

/** The last descriptor for the socket was closed (soclose): the protocol lets go of it, sleepers wake. */
export function soclose(so: Socket): void {
  so.state |= SS_NOFDREF | SS_CANTSENDMORE | SS_CANTRCVMORE;
  so.proto.usrreq?.detach(so);
  so.rcv.flush();
  sorwakeup(so);
  sowwakeup(so);
}

/**
 * Send `len` bytes, which `fetch` copies in from the caller, to `nam`, or
 * to the connected peer (sosend). A datagram larger than the send buffer
 * is EMSGSIZE (before anything is copied); otherwise, when the protocol
 * keeps what it sends (stream protocols), the sender waits for room. An
 * error the socket has pending is reported and cleared. Returns the bytes
 * sent; EPIPE once the socket cannot send any more (the caller sends
 * SIGPIPE).
 */
export function* sosend(
  so: Socket,
  p: Proc,
  nam: Uint8Array | null,
  len: number,
  fetch: () => Uint8Array,
  fflags: number,
): Generator<void, number, void> {
  const usrreq = so.proto.usrreq;
  if (!usrreq) throw new Errno(EOPNOTSUPP);
  for (;;) {
    if (so.state & SS_CANTSENDMORE) throw new Errno(EPIPE);
    if (so.error) {
      const e = so.error;
      so.error = 0;
      throw new Errno(e);
    }
    if (so.proto.flags & PR_CONNREQUIRED && !(so.state & SS_ISCONNECTED)) throw new Errno(ENOTCONN);
    if (so.atomic && len > so.snd.hiwat) throw new Errno(EMSGSIZE);
    const need = so.atomic ? len : 1;
    if (so.snd.space >= need) break;
    if (nbio(fflags) === 'zero') return 0;
    yield* sbwait(so, so.snd, p);
  }
  usrreq.send(so, Mbuf.from(fetch()), nam);
  return len;
}

/**
 * Take the next record from the receive buffer (soreceive), waiting for
 * one: at most `len` bytes of it (the rest of a datagram is discarded),
 * with its sender's address. With MSG_PEEK the record stays. A pending
 * error is reported first; a socket that can receive no more returns
 * nothing (end of file).
 */
export function* soreceive(
  so: Socket,
  p: Proc,
  len: number,
  flags: number,
  fflags: number,
): Generator<void, { data: Uint8Array; from: Uint8Array | null }, void> {
  if (len < 0) throw new Errno(EINVAL);
  for (;;) {
    if (so.rcv.records.length > 0) break;
    if (so.error) {
      const e = so.error;
      so.error = 0;
      throw new Errno(e);
    }
    if (so.state & SS_CANTRCVMORE || len === 0) return { data: new Uint8Array(0), from: null };
    if (so.proto.flags & PR_CONNREQUIRED && !(so.state & SS_ISCONNECTED)) throw new Errno(ENOTCONN);
    if (nbio(fflags) === 'zero') return { data: new Uint8Array(0), from: null };
    yield* sbwait(so, so.rcv, p);
  }
  const rec = so.rcv.records[0];
  if (!(flags & MSG_PEEK)) so.rcv.droprecord();
  return { data: rec.data.subarray(0, len), from: rec.from };
}

/** Whether a read would not wait (soreadable). */
export function soreadable(so: Socket): boolean {
  return so.rcv.records.length > 0 || (so.state & SS_CANTRCVMORE) !== 0 || so.error !== 0;
}

/** Whether a write would not wait (sowriteable). */
export function sowriteable(so: Socket): boolean {
  const connected = (so.state & SS_ISCONNECTED) !== 0 || (so.proto.flags & PR_CONNREQUIRED) === 0;
  return (so.snd.space > 0 && connected) || (so.state & SS_CANTSENDMORE) !== 0 || so.error !== 0;
}
