/**
 * The Internet protocol table (4.4BSD's netinet/in_proto.c, with the
 * lookups and timer drivers of kern/uipc_domain.c): one Protosw per
 * protocol, the only place that binds the protocols to IP input (input),
 * to sockets (type, protocol and usrreq) and to the clock (fasttimo,
 * slowtimo).
 *
 * Today: IP itself, ICMP, and raw IP for any other protocol number. The
 * TCP/IP issue adds UDP and TCP here.
 */
import type { Ucred } from '../proc/cred.js';
import { IPPROTO_ICMP, IPPROTO_IP } from './in.js';
import { icmp_input } from './ip_icmp.js';
import type { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { rip_input, rip_usrreq } from './raw_ip.js';
import { SOCK_RAW } from './socket.js';
import type { Socket } from './uipc_socket.js';

/** Every send is a whole record (a datagram). */
export const PR_ATOMIC = 0x01;
/** Each received record carries its sender's address. */
export const PR_ADDR = 0x02;
/** The socket must be connected before it sends (TCP). */
export const PR_CONNREQUIRED = 0x04;

/**
 * The requests the socket layer makes of a protocol (4.4BSD's pr_usrreq
 * and its PRU_* codes), one method each. A request a protocol does not
 * have fails with EOPNOTSUPP. The TCP/IP issue adds bind, connect, listen,
 * accept, rcvd, shutdown...
 */
export interface Usrreq {
  /** PRU_ATTACH: a socket was made with `proto` (the third argument of socket()). */
  attach(so: Socket, proto: number, cred: Ucred): void;
  /** PRU_DETACH: the socket is going away. */
  detach(so: Socket): void;
  /** PRU_SEND: send `m` to `nam` (a sockaddr), or to the connected peer if null. */
  send(so: Socket, m: Mbuf, nam: Uint8Array | null): void;
  /** PRU_CONTROL: an ioctl for the protocol family; the ifreq to copy out, or null if not one of its. */
  control(so: Socket, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null;
}

export interface Protosw {
  /** The socket type it serves (0: none) and its protocol number. */
  type: number;
  protocol: number;
  flags: number;
  /** A datagram for it came in; its IP header is `hlen` bytes. */
  input?: (net: Net, m: Mbuf, hlen: number) => void;
  usrreq?: Usrreq;
  /** Called every 200 ms and every 500 ms. */
  fasttimo?: (net: Net) => void;
  slowtimo?: (net: Net) => void;
}

let table: readonly Protosw[] | null = null;

/**
 * The Internet protocols (inetsw). The wildcard raw entry (protocol 0)
 * takes every protocol without an entry of its own. (Built on first use,
 * so that the protocol modules, which import each other, are all loaded.)
 */
export function inetsw(): readonly Protosw[] {
  table ??= [
    { type: 0, protocol: IPPROTO_IP, flags: 0 },
    {
      type: SOCK_RAW,
      protocol: IPPROTO_IP,
      flags: PR_ATOMIC | PR_ADDR,
      input: rip_input,
      usrreq: rip_usrreq,
    },
    {
      type: SOCK_RAW,
      protocol: IPPROTO_ICMP,
      flags: PR_ATOMIC | PR_ADDR,
      input: icmp_input,
      usrreq: rip_usrreq,
    },
  ];
  return table;
}

/** The wildcard raw protocol. */
function rawsw(): Protosw {
  return inetsw()[1];
}

/** The protocol that IP input gives protocol number `p` to (ip_protox): its own entry, or raw IP. */
export function ip_protox(p: number): Protosw {
  if (p !== IPPROTO_IP) for (const pr of inetsw()) if (pr.protocol === p && pr.input) return pr;
  return rawsw();
}

/** The entry for a socket of `type` and `protocol` (pffindproto); a raw socket may name any protocol. */
export function pffindproto(protocol: number, type: number): Protosw | null {
  for (const pr of inetsw()) if (pr.type === type && pr.protocol === protocol && pr.type !== 0) return pr;
  return type === SOCK_RAW ? rawsw() : null;
}

/** The first entry for a socket of `type` (pffindtype: protocol 0 in socket()). */
export function pffindtype(type: number): Protosw | null {
  return inetsw().find((pr) => pr.type === type && pr.type !== 0) ?? null;
}

/** Every 200 ms: each protocol's fasttimo (pffasttimo). */
export function pffasttimo(net: Net): void {
  for (const pr of inetsw()) pr.fasttimo?.(net);
}

/** Every 500 ms: each protocol's slowtimo (pfslowtimo). */
export function pfslowtimo(net: Net): void {
  for (const pr of inetsw()) pr.slowtimo?.(net);
}
