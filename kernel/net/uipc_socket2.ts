/**
 * Socket buffers and the calls protocols make on sockets (4.4BSD's
 * kern/uipc_socket2.c).
 *
 * A SockBuf holds what a socket has received, or has still to send, counted
 * in bytes against a high-water mark (sb_hiwat). It is a queue of records:
 * - for a stream socket, pieces of one byte stream (sbappend adds, sbdrop
 *   takes bytes off the front, copy(off, len) reads any range, which is what
 *   tcp_output needs to send and resend from the send buffer);
 * - for a datagram socket, one record per datagram, with its sender's
 *   address (sbappendaddr).
 * Nothing is ever held beyond hiwat: appending more than the space left is
 * refused (datagrams) or the protocol never offers it (TCP's window, the
 * Unix-domain sender's flow control).
 *
 * The state changes protocols report (soisconnecting, soisconnected,
 * soisdisconnected...) and the making of a socket for a connection that
 * arrives on a listening one (sonewconn) are here too, as in 4.4BSD. They run
 * on the interrupt side: they never sleep, and wake those that do.
 */
import { Errno, EWOULDBLOCK } from '../errno.js';
import { PZERO } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import type { Net } from './net.js';
import {
  type Socket,
  SS_CANTRCVMORE,
  SS_CANTSENDMORE,
  SS_ISCONFIRMING,
  SS_ISCONNECTED,
  SS_ISCONNECTING,
  SS_ISDISCONNECTING,
  SS_NOFDREF,
  SS_PRIV,
} from './uipc_socket.js';

/** Sleep priority of a process waiting on a socket (4.3BSD's PZERO+1: signals interrupt it). */
export const PSOCK = PZERO + 1;

/** One record: a piece of the stream, or a datagram and (PR_ADDR protocols) its sender's sockaddr. */
export interface SbRecord {
  from: Uint8Array | null;
  data: Uint8Array;
}

/** sb_flags: a process wants SIGIO when something happens (FIOASYNC). */
export const SB_ASYNC = 0x10;

export class SockBuf {
  /** Bytes held, and the most the buffer takes (sb_cc, sb_hiwat), and the low-water mark (sb_lowat). */
  cc = 0;
  hiwat = 0;
  lowat = 0;
  flags = 0;
  /** SO_SNDTIMEO / SO_RCVTIMEO: the longest a call waits, in clock ticks (0: for ever). */
  timeo = 0;
  /** The records, from `head` on (the array is compacted now and then). */
  private q: SbRecord[] = [];
  private head = 0;
  /** Datagrams refused because the buffer was full. */
  dropped = 0;

  /** Room left (sbspace). */
  get space(): number {
    return Math.max(0, this.hiwat - this.cc);
  }

  /** The records held, oldest first. */
  get records(): readonly SbRecord[] {
    if (this.head > 0) this.compact();
    return this.q;
  }

  /** The first record, or undefined. */
  first(): SbRecord | undefined {
    return this.q[this.head];
  }

  /** Add bytes to the end of the stream (sbappend). The buffer keeps `data` itself: the caller gives it up. */
  append(data: Uint8Array): void {
    if (data.length === 0) return;
    this.q.push({ from: null, data });
    this.cc += data.length;
  }

  /** Append a datagram with its sender's address (sbappendaddr); false (and nothing kept) if it does not fit. */
  appendaddr(from: Uint8Array | null, data: Uint8Array): boolean {
    if (data.length > this.space) {
      this.dropped++;
      return false;
    }
    this.q.push({ from, data });
    this.cc += data.length;
    return true;
  }

  /** Take n bytes off the front of the stream (sbdrop). */
  drop(n: number): void {
    n = Math.min(n, this.cc);
    this.cc -= n;
    while (n > 0) {
      const r = this.q[this.head];
      if (r.data.length <= n) {
        n -= r.data.length;
        this.q[this.head++] = undefined as unknown as SbRecord;
      } else {
        r.data = r.data.subarray(n);
        n = 0;
      }
    }
    this.maybeCompact();
  }

  /** A copy of `len` bytes of the stream from byte `off` (m_copy of the buffer's chain). */
  copy(off: number, len: number): Uint8Array {
    len = Math.max(0, Math.min(len, this.cc - off));
    const out = new Uint8Array(len);
    let at = 0;
    for (let i = this.head; i < this.q.length && at < len; i++) {
      const d = this.q[i].data;
      if (off >= d.length) {
        off -= d.length;
        continue;
      }
      const piece = d.subarray(off, Math.min(d.length, off + len - at));
      out.set(piece, at);
      at += piece.length;
      off = 0;
    }
    return out;
  }

  /** Take the first record off (sbdroprecord). */
  droprecord(): void {
    const r = this.q[this.head];
    if (!r) return;
    this.cc -= r.data.length;
    this.q[this.head++] = undefined as unknown as SbRecord;
    this.maybeCompact();
  }

  /** Throw everything away (sbflush). */
  flush(): void {
    this.q = [];
    this.head = 0;
    this.cc = 0;
  }

  private maybeCompact(): void {
    if (this.head === this.q.length) {
      this.q = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.q.length) this.compact();
  }

  private compact(): void {
    this.q = this.q.slice(this.head);
    this.head = 0;
  }
}

/** Set the high-water marks of both buffers (soreserve); the low-water marks as 4.3BSD sets them. */
export function soreserve(so: Socket, sndcc: number, rcvcc: number): void {
  so.snd.hiwat = sndcc;
  so.rcv.hiwat = rcvcc;
  so.snd.lowat = Math.min(2048, sndcc);
  so.rcv.lowat = 1;
}

/**
 * Sleep on `chan` for at most `ticks` clock ticks (0: no limit), as 4.4BSD's
 * tsleep with a timeout: a callout wakes the channel. Returns true if the
 * time ran out. A signal ends the sleep with EINTR at PSOCK.
 */
export function* sosleep(
  net: Net,
  p: Proc,
  chan: object,
  wmesg: string,
  ticks: number,
  pri = PSOCK,
): Generator<void, boolean, void> {
  let fired = false;
  const c =
    ticks > 0
      ? net.k.timeout(() => {
          fired = true;
          net.k.sched.wakeup(chan);
        }, ticks)
      : null;
  try {
    yield* tsleep(net.k.sched, p, chan, pri, wmesg);
  } finally {
    if (c !== null && !fired) net.k.untimeout(c);
  }
  return fired;
}

/** Wait for something to happen to a socket buffer (sbwait); EINTR on a signal, EWOULDBLOCK past its SO_*TIMEO. */
export function* sbwait(so: Socket, sb: SockBuf, p: Proc): Generator<void, void, void> {
  if (yield* sosleep(so.net, p, sb, 'netio', sb.timeo)) throw new Errno(EWOULDBLOCK);
}

/** Something arrived or room was made: wake those in sbwait and in select, and send SIGIO if asked (sowakeup). */
export function sowakeup(so: Socket, sb: SockBuf): void {
  so.net.k.sched.wakeup(sb);
  so.net.k.selwakeup();
  if (sb.flags & SB_ASYNC && so.pgid !== 0) so.net.k.sigio(so.pgid);
}

export function sorwakeup(so: Socket): void {
  sowakeup(so, so.rcv);
}

export function sowwakeup(so: Socket): void {
  sowakeup(so, so.snd);
}

// ------------------------------------------------------------------ state changes

/** The protocol has begun to connect (soisconnecting). */
export function soisconnecting(so: Socket): void {
  so.state &= ~(SS_ISCONNECTED | SS_ISDISCONNECTING);
  so.state |= SS_ISCONNECTING;
}

/**
 * The connection is made (soisconnected). A socket made by a listening
 * one moves from its queue of connections in progress to the queue of
 * those accept may take, and the listener is woken; any other wakes its
 * connect.
 */
export function soisconnected(so: Socket): void {
  so.state &= ~(SS_ISCONNECTING | SS_ISDISCONNECTING | SS_ISCONFIRMING);
  so.state |= SS_ISCONNECTED;
  const head = so.head;
  if (head !== null && soqremque(so, 0)) {
    soqinsque(head, so, 1);
    sorwakeup(head);
    so.net.k.sched.wakeup(head.timeo);
  } else {
    so.net.k.sched.wakeup(so.timeo);
    sorwakeup(so);
    sowwakeup(so);
  }
}

/** The protocol has begun to disconnect: no more sending or receiving (soisdisconnecting). */
export function soisdisconnecting(so: Socket): void {
  so.state &= ~SS_ISCONNECTING;
  so.state |= SS_ISDISCONNECTING | SS_CANTRCVMORE | SS_CANTSENDMORE;
  so.net.k.sched.wakeup(so.timeo);
  sowwakeup(so);
  sorwakeup(so);
}

/** The connection is gone (soisdisconnected). */
export function soisdisconnected(so: Socket): void {
  so.state &= ~(SS_ISCONNECTING | SS_ISCONNECTED | SS_ISDISCONNECTING);
  so.state |= SS_CANTRCVMORE | SS_CANTSENDMORE;
  so.net.k.sched.wakeup(so.timeo);
  sowwakeup(so);
  sorwakeup(so);
}

/** The peer will send no more: reads then see end of file (socantrcvmore). */
export function socantrcvmore(so: Socket): void {
  so.state |= SS_CANTRCVMORE;
  sorwakeup(so);
}

/** Nothing more can be sent (socantsendmore). */
export function socantsendmore(so: Socket): void {
  so.state |= SS_CANTSENDMORE;
  sowwakeup(so);
}

/**
 * A connection request came to listening socket `head` (sonewconn): a new
 * socket of the same kind, with the listener's options, attached to the
 * protocol and put on the listener's queue of connections in progress (or,
 * with `connected`, straight on the queue of completed ones). Null when
 * the queues together would hold more than 3/2 of the backlog (4.3BSD's
 * bound: a SYN flood fills them and no more; at least one is let in, as
 * listen(s, 0) allows one), or the protocol refuses.
 */
export function sonewconn(head: Socket, connected = false): Socket | null {
  if (head.q0.length + head.q.length >= solimit(head)) return null;
  const so = head.newSocket();
  so.options = head.options & ~SO_ACCEPTCONN_BIT;
  so.linger = head.linger;
  so.state = (head.state & SS_PRIV) | SS_NOFDREF;
  so.pgid = head.pgid;
  soreserve(so, head.snd.hiwat, head.rcv.hiwat);
  soqinsque(head, so, 0);
  try {
    so.proto.usrreq?.attach(so, so.proto.protocol);
  } catch {
    soqremque(so, 0);
    so.net.sockets.delete(so);
    return null;
  }
  if (connected) soisconnected(so);
  return so;
}

/** The most connections a listener queues, made and being made: 3/2 of its backlog, at least 1. */
export function solimit(head: Socket): number {
  return Math.max(1, Math.floor((3 * head.qlimit) / 2));
}

/** SO_ACCEPTCONN (socket.ts), without an import cycle. */
const SO_ACCEPTCONN_BIT = 0x0002;

/** Put `so` on one of head's queues: 0 connections in progress, 1 completed ones (soqinsque). */
export function soqinsque(head: Socket, so: Socket, q: 0 | 1): void {
  so.head = head;
  (q === 0 ? head.q0 : head.q).push(so);
}

/** Take `so` off its listener's queue `q`; false if it was not there (soqremque). */
export function soqremque(so: Socket, q: 0 | 1): boolean {
  const head = so.head;
  if (head === null) return false;
  const list = q === 0 ? head.q0 : head.q;
  const i = list.indexOf(so);
  if (i < 0) return false;
  list.splice(i, 1);
  so.head = null;
  return true;
}
