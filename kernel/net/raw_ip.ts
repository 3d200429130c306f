/**
 * Raw IP sockets (4.4BSD's netinet/raw_ip.c): socket(AF_INET, SOCK_RAW,
 * protocol) gives the super-user the datagrams of one IP protocol (or of
 * every protocol, with 0), IP header included, and lets it send datagrams
 * of that protocol, IP adding the header. ping uses one for ICMP.
 *
 * - rip_input gives a copy of each datagram to every raw socket whose
 *   protocol matches, and whose local and foreign addresses, if it has
 *   bound or connected, match too; ICMP passes up every message it does
 *   not answer itself (echo replies among them). A datagram no socket
 *   takes is counted (ips_noproto) and dropped.
 * - rip_output prepends an IP header: the socket's protocol, TTL 255,
 *   the source its bound address or left for IP to fill in; broadcasts
 *   are allowed, and SO_DONTROUTE keeps it to the directly attached
 *   networks.
 * - The datagram is delivered as it arrived: unlike 4.3BSD, whose IP
 *   input had already subtracted the header length from ip_len, the
 *   header is unchanged.
 */
import {
  EACCES,
  EADDRNOTAVAIL,
  EAFNOSUPPORT,
  EINVAL,
  EISCONN,
  ENOPROTOOPT,
  ENOTCONN,
  Errno,
} from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import { INADDR_ANY, ifa_ifwithaddr, in_control } from './in.js';
import { IP_HDRLEN, IpHeader, MAXTTL } from './ip.js';
import { IP_ALLOWBROADCAST, ip_output } from './ip_output.js';
import type { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { UsrreqBase } from './protosw.js';
import { AF_INET, SO_DONTROUTE, sa_family, sin_addr, sockaddr_in } from './socket.js';
import { type Socket, SS_ISCONNECTED, SS_PRIV } from './uipc_socket.js';
import { soisconnected, soisdisconnected, soreserve, sorwakeup } from './uipc_socket2.js';

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
  if (!delivered && p !== 1) {
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
  so.net.ipstat.ips_rawout++;
  ip_output(so.net, m, (so.options & SO_DONTROUTE) | IP_ALLOWBROADCAST);
}

/** An address argument: a sockaddr_in (EINVAL if too short, EAFNOSUPPORT if of another family). */
function inaddr(nam: Uint8Array): number {
  if (nam.length < 8) throw new Errno(EINVAL);
  if (sa_family(nam) !== AF_INET) throw new Errno(EAFNOSUPPORT);
  return sin_addr(nam);
}

/** The raw socket's requests (rip_usrreq). */
class RipUsrreq extends UsrreqBase {
  override attach(so: Socket, proto: number): void {
    if (!(so.state & SS_PRIV)) throw new Errno(EACCES);
    soreserve(so, RIPSNDQ, RIPRCVQ);
    const rp = new RawCb(so, proto);
    so.pcb = rp;
    so.net.rawcb.push(rp);
  }

  override detach(so: Socket): void {
    const list = so.net.rawcb;
    const i = list.indexOf(so.pcb as RawCb);
    if (i >= 0) list.splice(i, 1);
    so.pcb = null;
  }

  override abort(so: Socket): void {
    soisdisconnected(so);
    this.detach(so);
  }

  override bind(so: Socket, nam: Uint8Array, _p: Proc): void {
    const a = inaddr(nam);
    if (a !== INADDR_ANY && ifa_ifwithaddr(so.net, a) === null) throw new Errno(EADDRNOTAVAIL);
    (so.pcb as RawCb).laddr = a;
  }

  override connect(so: Socket, nam: Uint8Array, _p: Proc): void {
    (so.pcb as RawCb).faddr = inaddr(nam);
    soisconnected(so);
  }

  override disconnect(so: Socket): void {
    (so.pcb as RawCb).faddr = 0;
    soisdisconnected(so);
  }

  override shutdown(so: Socket): void {
    so.state |= 0x010; // SS_CANTSENDMORE
  }

  override send(so: Socket, m: Mbuf, nam: Uint8Array | null): void {
    const rp = so.pcb as RawCb;
    let dst: number;
    if (so.state & SS_ISCONNECTED) {
      if (nam !== null) throw new Errno(EISCONN);
      dst = rp.faddr;
    } else {
      if (nam === null) throw new Errno(ENOTCONN);
      dst = inaddr(nam);
    }
    rip_output(so, m, dst);
  }

  override control(so: Socket, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null {
    return in_control(so.net, cmd, data, cred);
  }

  override sockaddr(so: Socket): Uint8Array {
    return sockaddr_in((so.pcb as RawCb).laddr);
  }

  override peeraddr(so: Socket): Uint8Array {
    return sockaddr_in((so.pcb as RawCb).faddr);
  }
}

export const rip_usrreq = new RipUsrreq();

/** Options at level IPPROTO_IP (rip_ctloutput, ip_ctloutput): this IP has none a socket may set. */
export function rip_ctloutput(): Uint8Array | undefined {
  throw new Errno(ENOPROTOOPT);
}
