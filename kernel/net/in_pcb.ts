/**
 * Internet protocol control blocks (4.4BSD's netinet/in_pcb.c and
 * in_pcb.h), shared by UDP and TCP: an Inpcb is one end of a
 * conversation — local address and port, foreign address and port, a
 * cached route — and the protocol's list of them (udb, tcb) is what its
 * input searches for the socket a datagram or segment is for.
 *
 * - in_pcbbind: a local port, given (the super-user alone may take one
 *   below 1024, IPPORT_RESERVED) or chosen (ephemeral ports run from 1024
 *   to 5000, IPPORT_USERRESERVED, as in 4.3BSD), and a local address (one
 *   of this machine's, or INADDR_ANY). A port in use is EADDRINUSE, unless
 *   SO_REUSEADDR says the new socket accepts sharing it with others that
 *   are not listening on it with the same address (4.3BSD's rule).
 * - in_pcbconnect: the foreign end; the local address, if unbound, is
 *   that of the interface the route to the foreign address goes out of.
 *   The four values must not be those of another connection (EADDRINUSE).
 * - in_pcblookup: the best match for a four-tuple, wildcards (INADDR_ANY,
 *   port 0 foreign) counting against a block: an exact match wins.
 * - in_pcbnotify: an ICMP error or a redirect, to every block it concerns.
 */

import { EACCES, EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT, EINVAL, ENETUNREACH, Errno } from '../errno.js';
import { INADDR_ANY, INADDR_BROADCAST, ifa_ifwithaddr, in_ifaddr_first } from './in.js';
import { IpHeader } from './ip.js';
import { ip_route, Route } from './ip_output.js';
import type { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { PR_CONNREQUIRED, PRC_IS_REDIRECT } from './protosw.js';
import {
  AF_INET,
  SO_ACCEPTCONN,
  SO_DONTROUTE,
  SO_REUSEADDR,
  sa_family,
  sin_addr,
  sin_port,
  sockaddr_in,
} from './socket.js';
import { type Socket, SS_NOFDREF, SS_PRIV, sofree } from './uipc_socket.js';

/** Ports below this are the super-user's (4.3BSD's IPPORT_RESERVED); ephemeral ones stop at IPPORT_USERRESERVED. */
export const IPPORT_RESERVED = 1024;
export const IPPORT_USERRESERVED = 5000;

/** in_pcblookup: may a wildcard (an unbound local address, an unconnected foreign one) match? */
export const INPLOOKUP_WILDCARD = 1;

export class Inpcb {
  laddr = INADDR_ANY;
  lport = 0;
  faddr = INADDR_ANY;
  fport = 0;
  /** The route to the foreign address, cached (inp_route). */
  readonly route = new Route();
  /** The protocol's own control block (a Tcpcb for TCP). */
  ppcb: unknown = null;

  constructor(
    readonly so: Socket,
    /** The protocol's list this block is on (udb or tcb). */
    readonly head: Inpcb[],
  ) {}
}

/** A new control block for socket `so`, on list `head` (in_pcballoc). */
export function in_pcballoc(so: Socket, head: Inpcb[]): Inpcb {
  const inp = new Inpcb(so, head);
  head.push(inp);
  so.pcb = inp;
  return inp;
}

/** The address and port of a sockaddr_in argument (EINVAL if short, EAFNOSUPPORT if not AF_INET). */
export function sockaddrArg(nam: Uint8Array): { addr: number; port: number } {
  if (nam.length < 8) throw new Errno(EINVAL);
  if (sa_family(nam) !== AF_INET) throw new Errno(EAFNOSUPPORT);
  return { addr: sin_addr(nam), port: sin_port(nam) };
}

/** Which ephemeral-port counter a list uses. */
function portKind(net: Net, head: Inpcb[]): 'udp' | 'tcp' {
  return head === net.udb ? 'udp' : 'tcp';
}

/**
 * Bind to `nam`, or, with null, to an ephemeral port on any address
 * (in_pcbbind). EINVAL if already bound.
 */
export function in_pcbbind(inp: Inpcb, nam: Uint8Array | null): void {
  const so = inp.so;
  const net = so.net;
  if (inp.lport !== 0 || inp.laddr !== INADDR_ANY) throw new Errno(EINVAL);
  let laddr = INADDR_ANY;
  let lport = 0;
  if (nam !== null) {
    const a = sockaddrArg(nam);
    laddr = a.addr;
    lport = a.port;
    if (laddr !== INADDR_ANY && ifa_ifwithaddr(net, laddr) === null) throw new Errno(EADDRNOTAVAIL);
    if (lport !== 0) {
      if (lport < IPPORT_RESERVED && !(so.state & SS_PRIV)) throw new Errno(EACCES);
      // 4.3BSD's rule: without SO_REUSEADDR any block on the port that could take
      // the same datagrams is a clash; with it, only one bound to exactly this address.
      const wild =
        !(so.options & SO_REUSEADDR) && (!(so.proto.flags & PR_CONNREQUIRED) || !(so.options & SO_ACCEPTCONN))
          ? INPLOOKUP_WILDCARD
          : 0;
      if (in_pcblookup(inp.head, INADDR_ANY, 0, laddr, lport, wild) !== null) throw new Errno(EADDRINUSE);
    }
  }
  if (lport === 0) lport = ephemeral(net, inp.head);
  inp.laddr = laddr;
  inp.lport = lport;
}

/** The next free ephemeral port (1024-4999) on the list. */
function ephemeral(net: Net, head: Inpcb[]): number {
  const kind = portKind(net, head);
  for (let tries = 0; tries < IPPORT_USERRESERVED - IPPORT_RESERVED; tries++) {
    let p = net.lastport[kind] + 1;
    if (p < IPPORT_RESERVED || p >= IPPORT_USERRESERVED) p = IPPORT_RESERVED;
    net.lastport[kind] = p;
    if (!head.some((inp) => inp.lport === p)) return p;
  }
  throw new Errno(EADDRNOTAVAIL);
}

/**
 * Connect to `nam` (in_pcbconnect): INADDR_ANY means this machine (the
 * first interface's address), INADDR_BROADCAST the first broadcast
 * interface's broadcast address. An unbound block gets a local address
 * from the route and an ephemeral port.
 */
export function in_pcbconnect(inp: Inpcb, nam: Uint8Array): void {
  const net = inp.so.net;
  const a = sockaddrArg(nam);
  if (a.port === 0) throw new Errno(EADDRNOTAVAIL);
  let faddr = a.addr;
  const first = in_ifaddr_first(net);
  if (first !== null) {
    if (faddr === INADDR_ANY) faddr = first.addr;
    else if (faddr === INADDR_BROADCAST && first.broadaddr !== 0) faddr = first.broadaddr;
  }
  let laddr = inp.laddr;
  if (laddr === INADDR_ANY) {
    const hop = ip_route(net, faddr, inp.so.options & SO_DONTROUTE, inp.route);
    if (hop === null) throw new Errno(ENETUNREACH);
    laddr = hop.ia.addr;
  }
  const lport = inp.lport;
  if (lport !== 0 && in_pcblookup(inp.head, faddr, a.port, laddr, lport, 0) !== null)
    throw new Errno(EADDRINUSE);
  if (inp.laddr === INADDR_ANY) {
    if (inp.lport === 0) in_pcbbind(inp, null);
    inp.laddr = laddr;
  }
  inp.faddr = faddr;
  inp.fport = a.port;
}

/** Forget the foreign end (in_pcbdisconnect); a block without a socket goes. */
export function in_pcbdisconnect(inp: Inpcb): void {
  inp.faddr = INADDR_ANY;
  inp.fport = 0;
  if (inp.so.state & SS_NOFDREF) in_pcbdetach(inp);
}

/** Take the block off its list and free its socket if nothing else holds it (in_pcbdetach). */
export function in_pcbdetach(inp: Inpcb): void {
  const so = inp.so;
  so.pcb = null;
  inp.route.free();
  const i = inp.head.indexOf(inp);
  if (i >= 0) inp.head.splice(i, 1);
  sofree(so);
}

/** The block's local address (in_setsockaddr) and its peer's (in_setpeeraddr), as sockaddr_ins. */
export function in_setsockaddr(inp: Inpcb): Uint8Array {
  return sockaddr_in(inp.laddr, inp.lport);
}

export function in_setpeeraddr(inp: Inpcb): Uint8Array {
  return sockaddr_in(inp.faddr, inp.fport);
}

/**
 * The block on `head` that best matches a datagram from faddr:fport to
 * laddr:lport (in_pcblookup). Without INPLOOKUP_WILDCARD only an exact
 * match; with it, a block whose local address is INADDR_ANY or whose
 * foreign end is unset matches too, the one with the fewest wildcards
 * winning (the first of equals).
 */
export function in_pcblookup(
  head: readonly Inpcb[],
  faddr: number,
  fport: number,
  laddr: number,
  lport: number,
  flags: number,
): Inpcb | null {
  let match: Inpcb | null = null;
  let matchwild = 3;
  for (const inp of head) {
    if (inp.lport !== lport) continue;
    let wildcard = 0;
    if (inp.laddr !== INADDR_ANY) {
      if (laddr === INADDR_ANY) wildcard++;
      else if (inp.laddr !== laddr) continue;
    } else if (laddr !== INADDR_ANY) wildcard++;
    if (inp.faddr !== INADDR_ANY) {
      if (faddr === INADDR_ANY) wildcard++;
      else if (inp.faddr !== faddr || inp.fport !== fport) continue;
    } else if (faddr !== INADDR_ANY) wildcard++;
    if (wildcard && !(flags & INPLOOKUP_WILDCARD)) continue;
    if (wildcard < matchwild) {
      match = inp;
      matchwild = wildcard;
      if (wildcard === 0) break;
    }
  }
  return match;
}

/**
 * Tell every block on `head` connected to `faddr` (and, if given, from or
 * to the ports and local address of the datagram an ICMP error quoted)
 * that something happened (in_pcbnotify): `notify` with the error, which
 * may be 0 (a redirect: the cached route is dropped first).
 */
export function in_pcbnotify(
  head: readonly Inpcb[],
  faddr: number,
  fport: number,
  laddr: number,
  lport: number,
  errno: number,
  notify: (inp: Inpcb, errno: number) => void,
): void {
  for (const inp of [...head]) {
    if (inp.faddr !== faddr || inp.so === null) continue;
    if (fport !== 0 && (inp.fport !== fport || inp.lport !== lport || (laddr !== 0 && inp.laddr !== laddr)))
      continue;
    notify(inp, errno);
  }
}

/**
 * The part of a transport's ctlinput that is the same for UDP and TCP: a
 * redirect about `dst` refreshes the routes of the blocks to it; an error
 * (`errno`, 0 for none to report) goes through `notify` to the blocks
 * that sent the datagram `ip` quotes (its ports are the first four bytes
 * past its header), or to every block to `dst` if nothing is quoted.
 */
export function in_ctlnotify(
  head: readonly Inpcb[],
  cmd: number,
  dst: number,
  ip: Mbuf | null,
  errno: number,
  notify: (inp: Inpcb, errno: number) => void,
): void {
  if (PRC_IS_REDIRECT(cmd)) {
    in_pcbnotify(head, dst, 0, 0, 0, 0, (inp) => in_rtchange(inp));
    return;
  }
  if (ip === null) {
    in_pcbnotify(head, dst, 0, 0, 0, errno, notify);
    return;
  }
  const oip = new IpHeader(ip);
  const hl = oip.ip_hl << 2;
  if (ip.len < hl + 4) return;
  const ports = ip.view(hl);
  in_pcbnotify(head, dst, ports.getUint16(2), oip.ip_src, ports.getUint16(0), errno, notify);
}

/** A redirect or an interface change: forget the cached route, so the next send looks again (in_rtchange). */
export function in_rtchange(inp: Inpcb): void {
  inp.route.free();
}

/**
 * Retransmissions are failing: forget the cached route, so that the next
 * one looks again — a redirect, or a new route, may have come (in_losing).
 */
export function in_losing(inp: Inpcb): void {
  inp.route.free();
}
