/**
 * UDP, the User Datagram Protocol (4.4BSD's netinet/udp_usrreq.c, udp.h
 * and udp_var.h): datagrams with ports and a checksum over a pseudo-header,
 * nothing more.
 *
 * - udp_input checks the length and, when the sender computed one, the
 *   checksum; a datagram for a unicast address goes to the socket that
 *   matches it best (in_pcblookup); a broadcast to every socket bound to
 *   its port. For a port nobody has: ICMP port unreachable (never for a
 *   broadcast). A receive buffer with no room drops it (udps_fullsock).
 * - udp_output always computes the checksum; TTL 30 (4.3BSD's UDP_TTL).
 *   sendto on an unconnected socket connects it for that one datagram (so
 *   that its first one binds it an ephemeral port and the route chooses
 *   its source address). A broadcast needs SO_BROADCAST.
 * - udp_ctlinput: an ICMP error about a datagram a connected socket sent
 *   becomes the socket's error (port unreachable: ECONNREFUSED on its next
 *   call), as in 4.3BSD; unconnected sockets hear nothing.
 */

import { EINVAL, EISCONN, ENOTCONN, Errno } from '../errno.js';
import type { Proc } from '../proc/proc.js';
import { INADDR_ANY, IPPROTO_UDP, in_broadcast } from './in.js';
import {
  INPLOOKUP_WILDCARD,
  type Inpcb,
  in_ctlnotify,
  in_pcballoc,
  in_pcbbind,
  in_pcbconnect,
  in_pcbdetach,
  in_pcbdisconnect,
  in_pcblookup,
} from './in_pcb.js';
import { InUsrreqBase } from './in_usrreq.js';
import { IP_HDRLEN, IpHeader } from './ip.js';
import { ICMP_UNREACH, ICMP_UNREACH_PORT, icmp_error } from './ip_icmp.js';
import { ip_output } from './ip_output.js';
import { M_BCAST, type Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { inetctlerrmap, PRC_IS_REDIRECT, PRC_NCMDS } from './protosw.js';
import { SO_BROADCAST, SO_DONTROUTE, sockaddr_in } from './socket.js';
import { type Socket, SS_ISCONNECTED } from './uipc_socket.js';
import {
  socantsendmore,
  soisconnected,
  soisdisconnected,
  soreserve,
  sorwakeup,
  sowwakeup,
} from './uipc_socket2.js';

/** The UDP header (struct udphdr): source and destination ports, length, checksum. */
export const UDP_HDRLEN = 8;
/** The TTL of UDP datagrams (4.3BSD's UDP_TTL). */
export const UDP_TTL = 30;
/** Buffer sizes (4.3BSD-Reno's udp_sendspace, the largest datagram, and udp_recvspace: 40 of 1 KB with addresses). */
export const UDP_SENDSPACE = 9216;
export const UDP_RECVSPACE = 40 * (1024 + 16);

/** UDP's counters (struct udpstat), in 4.4BSD-Lite's order. */
export class Udpstat {
  /** Datagrams received; with a header too short; a bad checksum; a bad length. */
  udps_ipackets = 0;
  udps_hdrops = 0;
  udps_badsum = 0;
  udps_badlen = 0;
  /** For a port nobody has; the same, broadcasts; dropped for a full socket buffer; the lookup cache missed. */
  udps_noport = 0;
  udps_noportbcast = 0;
  udps_fullsock = 0;
  udpps_pcbcachemiss = 0;
  /** Datagrams sent. */
  udps_opackets = 0;
}

/** The pseudo-header's contribution to a UDP or TCP checksum: addresses, protocol and length. */
export function pseudoSum(src: number, dst: number, proto: number, len: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + len;
}

/** A UDP datagram came in (udp_input); its IP header is `iphlen` bytes. */
export function udp_input(net: Net, m: Mbuf, iphlen: number): void {
  const st = net.udpstat;
  st.udps_ipackets++;
  net.k.charge(net.k.cost.udpInput);
  const ip = new IpHeader(m);
  if (m.len < iphlen + UDP_HDRLEN) {
    st.udps_hdrops++;
    return;
  }
  const uh = m.view(iphlen);
  const sport = uh.getUint16(0);
  const dport = uh.getUint16(2);
  const ulen = uh.getUint16(4);
  const iplen = ip.ip_len - iphlen;
  if (ulen > iplen || ulen < UDP_HDRLEN) {
    st.udps_badlen++;
    return;
  }
  if (uh.getUint16(6) !== 0) {
    const sum = net.cksum(m.buf, m.off + iphlen, ulen, pseudoSum(ip.ip_src, ip.ip_dst, IPPROTO_UDP, ulen));
    if (sum !== 0) {
      st.udps_badsum++;
      return;
    }
  }
  const src = ip.ip_src;
  const dst = ip.ip_dst;
  const data = () => Uint8Array.from(m.data.subarray(iphlen + UDP_HDRLEN, iphlen + ulen));
  if (in_broadcast(net, dst) || m.flags & M_BCAST) {
    // Every socket bound to the port (and to this address or any) that is not connected elsewhere.
    let got = 0;
    for (const inp of net.udb) {
      if (inp.lport !== dport) continue;
      if (inp.laddr !== INADDR_ANY && inp.laddr !== dst) continue;
      if (inp.faddr !== INADDR_ANY && (inp.faddr !== src || inp.fport !== sport)) continue;
      got++;
      deliver(net, inp, src, sport, data());
    }
    if (got === 0) st.udps_noportbcast++;
    return;
  }
  const inp = in_pcblookup(net.udb, src, sport, dst, dport, INPLOOKUP_WILDCARD);
  if (inp === null) {
    st.udps_noport++;
    icmp_error(net, m, ICMP_UNREACH, ICMP_UNREACH_PORT, 0);
    return;
  }
  deliver(net, inp, src, sport, data());
}

function deliver(net: Net, inp: Inpcb, src: number, sport: number, data: Uint8Array): void {
  if (inp.so.rcv.appendaddr(sockaddr_in(src, sport), data)) sorwakeup(inp.so);
  else net.udpstat.udps_fullsock++;
}

/** The error of an ICMP message reaches the connected sockets it concerns (udp_notify). */
function udp_notify(inp: Inpcb, errno: number): void {
  const so = inp.so;
  so.error = errno;
  sorwakeup(so);
  sowwakeup(so);
}

/** An ICMP error, or a redirect, about the path to `dst` (udp_ctlinput). */
export function udp_ctlinput(net: Net, cmd: number, dst: number, ip: Mbuf | null): void {
  if (cmd < 0 || cmd >= PRC_NCMDS) return;
  // Only a connected socket hears of an error: an unconnected one has no single peer it could be about.
  if (PRC_IS_REDIRECT(cmd) || (inetctlerrmap[cmd] && ip !== null))
    in_ctlnotify(net.udb, cmd, dst, ip, inetctlerrmap[cmd], udp_notify);
}

/**
 * Send `m` from the socket's block (udp_output): to `nam`, connecting the
 * block for this datagram only, or to its peer.
 */
function udp_output(inp: Inpcb, m: Mbuf, nam: Uint8Array | null): void {
  const so = inp.so;
  const net = so.net;
  const laddr = inp.laddr;
  if (nam !== null) {
    if (inp.faddr !== INADDR_ANY) throw new Errno(EISCONN);
    in_pcbconnect(inp, nam);
  } else if (inp.faddr === INADDR_ANY) throw new Errno(ENOTCONN);
  try {
    net.k.charge(net.k.cost.udpOutput);
    const len = m.len + UDP_HDRLEN;
    m.prepend(IP_HDRLEN + UDP_HDRLEN);
    const uh = m.view(IP_HDRLEN);
    uh.setUint16(0, inp.lport);
    uh.setUint16(2, inp.fport);
    uh.setUint16(4, len);
    uh.setUint16(6, 0);
    const sum = net.cksum(m.buf, m.off + IP_HDRLEN, len, pseudoSum(inp.laddr, inp.faddr, IPPROTO_UDP, len));
    uh.setUint16(6, sum === 0 ? 0xffff : sum);
    const ip = new IpHeader(m);
    ip.ip_len = IP_HDRLEN + len;
    ip.ip_p = IPPROTO_UDP;
    ip.ip_ttl = UDP_TTL;
    ip.ip_tos = 0;
    ip.ip_src = inp.laddr;
    ip.ip_dst = inp.faddr;
    net.udpstat.udps_opackets++;
    ip_output(net, m, so.options & (SO_DONTROUTE | SO_BROADCAST), inp.route);
  } finally {
    if (nam !== null) {
      in_pcbdisconnect(inp);
      inp.laddr = laddr;
    }
  }
}

/** UDP's requests (udp_usrreq). */
class UdpUsrreq extends InUsrreqBase {
  override attach(so: Socket): void {
    if (so.pcb !== null) throw new Errno(EINVAL);
    in_pcballoc(so, so.net.udb);
    soreserve(so, UDP_SENDSPACE, UDP_RECVSPACE);
  }

  override detach(so: Socket): void {
    in_pcbdetach(so.pcb as Inpcb);
  }

  override abort(so: Socket): void {
    soisdisconnected(so);
    in_pcbdetach(so.pcb as Inpcb);
  }

  override bind(so: Socket, nam: Uint8Array, _p: Proc): void {
    in_pcbbind(so.pcb as Inpcb, nam);
  }

  override connect(so: Socket, nam: Uint8Array, _p: Proc): void {
    const inp = so.pcb as Inpcb;
    if (inp.faddr !== INADDR_ANY) throw new Errno(EISCONN);
    in_pcbconnect(inp, nam);
    soisconnected(so);
  }

  override disconnect(so: Socket): void {
    const inp = so.pcb as Inpcb;
    if (inp.faddr === INADDR_ANY) throw new Errno(ENOTCONN);
    in_pcbdisconnect(inp);
    inp.laddr = INADDR_ANY;
    so.state &= ~SS_ISCONNECTED;
  }

  override shutdown(so: Socket): void {
    socantsendmore(so);
  }

  override send(so: Socket, m: Mbuf, nam: Uint8Array | null): void {
    udp_output(so.pcb as Inpcb, m, nam);
  }
}

export const udp_usrreq = new UdpUsrreq();
