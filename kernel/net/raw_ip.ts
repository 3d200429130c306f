/**
 * Raw IP sockets (4.4BSD's netinet/raw_ip.c): socket(AF_INET, SOCK_RAW,
 * protocol) gives the super-user the datagrams of one IP protocol (or of
 * every protocol, with 0), IP header included, and lets it send datagrams
 * of that protocol, IP adding the header. ping uses one for ICMP.
 *
 * - rip_input gives a copy of each datagram to every raw socket whose
 *   protocol matches; ICMP passes up every message it does not answer
 *   itself (echo replies among them). A datagram no socket takes is
 *   counted (ips_noproto) and dropped.
 * - rip_output prepends an IP header: the socket's protocol, TTL 255,
 *   the source left for IP to fill in; broadcasts are allowed, and
 *   SO_DONTROUTE keeps it to the directly attached networks (which is all
 *   IP reaches yet anyway).
 * - The datagram is delivered as it arrived: unlike 4.3BSD, whose IP
 *   input had already subtracted the header length from ip_len, the
 *   header is unchanged.
 */
import { EACCES, EAFNOSUPPORT, EINVAL, EISCONN, ENOTCONN, Errno } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import { in_control } from './in.js';
import type { Usrreq } from './in_proto.js';
import { IP_HDRLEN, IpHeader, MAXTTL } from './ip.js';
import { IP_ALLOWBROADCAST, ip_output } from './ip_output.js';
import type { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { AF_INET, SO_DONTROUTE, sa_family, sin_addr, sockaddr_in } from './socket.js';
import { type Socket, SS_ISCONNECTED, SS_PRIV } from './uipc_socket.js';
import { soreserve, sorwakeup } from './uipc_socket2.js';

/** Send and receive buffer sizes of a raw socket (4.4BSD's RIPSNDQ, RIPRCVQ). */
export const RIPSNDQ = 8192;
export const RIPRCVQ = 8192;

/** A raw socket's control block: its protocol, and the addresses it is bound and connected to (0: any). */
export class RawCb {
  laddr = 0;
  faddr = 0;
  constructor(
    readonly so: Socket,
    readonly proto: number,
  ) {}
}

/** A datagram for the raw sockets (rip_input); `hlen` is its header length. */
export function rip_input(net: Net, m: Mbuf, _hlen: number): void {
  const ip = new IpHeader(m);
  const p = ip.ip_p;
  const src = ip.ip_src;
  const dst = ip.ip_dst;
  let delivered = false;
  for (const rp of net.rawcb) {
    if (rp.proto !== 0 && rp.proto !== p) continue;
    if (rp.laddr !== 0 && rp.laddr !== dst) continue;
    if (rp.faddr !== 0 && rp.faddr !== src) continue;
    delivered = true;
    if (rp.so.rcv.appendaddr(sockaddr_in(src), Uint8Array.from(m.data))) sorwakeup(rp.so);
  }
  if (!delivered) {
    net.ipstat.ips_noproto++;
    net.ipstat.ips_delivered--;
  }
}

/** Send `m` to `dst` with an IP header for the socket's protocol (rip_output). */
export function rip_output(so: Socket, m: Mbuf, dst: number): void {
  const rp = so.pcb as RawCb;
  m.prepend(IP_HDRLEN);
  const ip = new IpHeader(m);
  ip.ip_len = m.len;
  ip.ip_p = rp.proto;
  ip.ip_ttl = MAXTTL;
  ip.ip_src = rp.laddr;
  ip.ip_dst = dst;
  ip_output(so.net, m, (so.options & SO_DONTROUTE) | IP_ALLOWBROADCAST);
}

/** The raw socket's requests (rip_usrreq). */
export const rip_usrreq: Usrreq = {
  attach(so: Socket, proto: number, _cred: Ucred): void {
    if (!(so.state & SS_PRIV)) throw new Errno(EACCES);
    soreserve(so, RIPSNDQ, RIPRCVQ);
    const rp = new RawCb(so, proto);
    so.pcb = rp;
    so.net.rawcb.push(rp);
  },

  detach(so: Socket): void {
    const list = so.net.rawcb;
    const i = list.indexOf(so.pcb as RawCb);
    if (i >= 0) list.splice(i, 1);
    so.pcb = null;
  },

  send(so: Socket, m: Mbuf, nam: Uint8Array | null): void {
    const rp = so.pcb as RawCb;
    let dst: number;
    if (so.state & SS_ISCONNECTED) {
      if (nam !== null) throw new Errno(EISCONN);
      dst = rp.faddr;
    } else {
      if (nam === null) throw new Errno(ENOTCONN);
      if (nam.length < 8) throw new Errno(EINVAL);
      if (sa_family(nam) !== AF_INET) throw new Errno(EAFNOSUPPORT);
      dst = sin_addr(nam);
    }
    rip_output(so, m, dst);
  },

  control(so: Socket, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null {
    return in_control(so.net, cmd, data, cred);
  },
};
