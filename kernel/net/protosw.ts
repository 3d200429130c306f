/**
 * What a protocol is to the socket layer (4.4BSD's sys/protosw.h): the
 * Protosw entry, the requests a socket makes of its protocol (Usrreq, one
 * method per PRU_ request), the control inputs ICMP and the routing code
 * send (PRC_), and the flags. The tables themselves are in in_proto.ts.
 */
import { EOPNOTSUPP, Errno } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import type { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import type { Socket } from './uipc_socket.js';

/** Fast and slow protocol timer rates: every 200 ms (5 a second) and every 500 ms (2 a second). */
export const PR_FASTHZ = 5;
export const PR_SLOWHZ = 2;

/** Every send is a whole record (a datagram). */
export const PR_ATOMIC = 0x01;
/** Each received record carries its sender's address. */
export const PR_ADDR = 0x02;
/** The socket must be connected before it sends (TCP). */
export const PR_CONNREQUIRED = 0x04;
/** Tell the protocol when the receiver has taken data (PRU_RCVD: TCP's window, the Unix-domain sender). */
export const PR_WANTRCVD = 0x08;
/** The protocol passes access rights (descriptors). */
export const PR_RIGHTS = 0x10;

/**
 * The requests the socket layer makes of a protocol (4.4BSD's pr_usrreq
 * and its PRU_* codes), one method each. UsrreqBase refuses every one
 * with EOPNOTSUPP; a protocol overrides those it has.
 */
export interface Usrreq {
  /** PRU_ATTACH: a socket was made with `proto` (the third argument of socket(), 0 for sonewconn's). */
  attach(so: Socket, proto: number): void;
  /** PRU_DETACH: the socket is going away (TCP lets the connection finish without it). */
  detach(so: Socket): void;
  /** PRU_BIND: give it a local address. */
  bind(so: Socket, nam: Uint8Array, p: Proc): void;
  /** PRU_LISTEN. */
  listen(so: Socket): void;
  /** PRU_CONNECT: begin connecting to `nam`. */
  connect(so: Socket, nam: Uint8Array, p: Proc): void;
  /** PRU_CONNECT2: connect two sockets of this machine (socketpair). */
  connect2(so1: Socket, so2: Socket): void;
  /** PRU_ACCEPT: a queued connection is taken; the peer's address. */
  accept(so: Socket): Uint8Array;
  /** PRU_DISCONNECT. */
  disconnect(so: Socket): void;
  /** PRU_SHUTDOWN: no more sending. */
  shutdown(so: Socket): void;
  /** PRU_RCVD: the receiver took data from the receive buffer. */
  rcvd(so: Socket, flags: number): void;
  /** PRU_SEND: send `m` to `nam` (a sockaddr), or to the connected peer if null. */
  send(so: Socket, m: Mbuf, nam: Uint8Array | null, p: Proc): void;
  /** PRU_ABORT: drop the connection and let the socket go. */
  abort(so: Socket): void;
  /** PRU_CONTROL: an ioctl for the family; the bytes to copy out, or null if not one of its. */
  control(so: Socket, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null;
  /** PRU_SOCKADDR and PRU_PEERADDR. */
  sockaddr(so: Socket): Uint8Array;
  peeraddr(so: Socket): Uint8Array;
}

export class UsrreqBase implements Usrreq {
  attach(_so: Socket, _proto: number): void {
    throw new Errno(EOPNOTSUPP);
  }
  detach(_so: Socket): void {}
  bind(_so: Socket, _nam: Uint8Array, _p: Proc): void {
    throw new Errno(EOPNOTSUPP);
  }
  listen(_so: Socket): void {
    throw new Errno(EOPNOTSUPP);
  }
  connect(_so: Socket, _nam: Uint8Array, _p: Proc): void {
    throw new Errno(EOPNOTSUPP);
  }
  connect2(_so1: Socket, _so2: Socket): void {
    throw new Errno(EOPNOTSUPP);
  }
  accept(_so: Socket): Uint8Array {
    throw new Errno(EOPNOTSUPP);
  }
  disconnect(_so: Socket): void {
    throw new Errno(EOPNOTSUPP);
  }
  shutdown(_so: Socket): void {
    throw new Errno(EOPNOTSUPP);
  }
  rcvd(_so: Socket, _flags: number): void {}
  send(_so: Socket, _m: Mbuf, _nam: Uint8Array | null, _p: Proc): void {
    throw new Errno(EOPNOTSUPP);
  }
  abort(_so: Socket): void {
    throw new Errno(EOPNOTSUPP);
  }
  control(_so: Socket, _cmd: number, _data: Uint8Array, _cred: Ucred): Uint8Array | null {
    return null;
  }
  sockaddr(_so: Socket): Uint8Array {
    throw new Errno(EOPNOTSUPP);
  }
  peeraddr(_so: Socket): Uint8Array {
    throw new Errno(EOPNOTSUPP);
  }
}

// Control input (pr_ctlinput) commands, from ICMP and the routing code (sys/protosw.h).
export const PRC_IFDOWN = 0;
export const PRC_ROUTEDEAD = 1;
export const PRC_QUENCH = 4;
export const PRC_MSGSIZE = 5;
export const PRC_HOSTDEAD = 6;
export const PRC_HOSTUNREACH = 7;
export const PRC_UNREACH_NET = 8;
export const PRC_UNREACH_HOST = 9;
export const PRC_UNREACH_PROTOCOL = 10;
export const PRC_UNREACH_PORT = 11;
export const PRC_UNREACH_NEEDFRAG = 12;
export const PRC_UNREACH_SRCFAIL = 13;
export const PRC_REDIRECT_NET = 14;
export const PRC_REDIRECT_HOST = 15;
export const PRC_REDIRECT_TOSNET = 16;
export const PRC_REDIRECT_TOSHOST = 17;
export const PRC_TIMXCEED_INTRANS = 18;
export const PRC_TIMXCEED_REASS = 19;
export const PRC_PARAMPROB = 20;
export const PRC_NCMDS = 21;

/** A redirect of some kind (PRC_IS_REDIRECT). */
export function PRC_IS_REDIRECT(cmd: number): boolean {
  return cmd >= PRC_REDIRECT_NET && cmd <= PRC_REDIRECT_TOSHOST;
}

/** The error each control input means to a socket (4.3BSD's inetctlerrmap); 0: none. */
export const inetctlerrmap: readonly number[] = [
  0, 0, 0, 0, 0, 40 /* EMSGSIZE */, 64 /* EHOSTDOWN */, 65 /* EHOSTUNREACH */, 51 /* ENETUNREACH */,
  65 /* EHOSTUNREACH */, 61 /* ECONNREFUSED */, 61 /* ECONNREFUSED */, 40 /* EMSGSIZE */,
  65 /* EHOSTUNREACH */, 0, 0, 0, 0, 0, 0, 42 /* ENOPROTOOPT */,
];

/**
 * pr_ctloutput: a protocol's own options (setsockopt and getsockopt at its
 * level). 'set' changes, 'get' returns the value's bytes.
 */
export type CtlOutput = (
  op: 'set' | 'get',
  so: Socket,
  level: number,
  name: number,
  val?: Uint8Array,
) => Uint8Array | undefined;

export interface Protosw {
  /** The socket type it serves (0: none), its family and its protocol number. */
  type: number;
  family: number;
  protocol: number;
  flags: number;
  /** A datagram for it came in; its IP header is `hlen` bytes. */
  input?: (net: Net, m: Mbuf, hlen: number) => void;
  /**
   * Something happened to the path to `dst` (a PRC_ command): an ICMP
   * error about a datagram whose IP header (and 8 bytes more) `ip` holds,
   * or a redirect.
   */
  ctlinput?: (net: Net, cmd: number, dst: number, ip: Mbuf | null) => void;
  usrreq?: Usrreq;
  ctloutput?: CtlOutput;
  /** Called every 200 ms and every 500 ms. */
  fasttimo?: (net: Net) => void;
  slowtimo?: (net: Net) => void;
  /** Give back memory held for later (reassembly queues) when it runs short. */
  drain?: (net: Net) => void;
}

export interface Domain {
  family: number;
  name: string;
  protosw: readonly Protosw[];
}
