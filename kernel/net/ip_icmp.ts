/**
 * ICMP, the Internet Control Message Protocol (4.4BSD's
 * netinet/ip_icmp.c and ip_icmp.h).
 *
 * Sending errors (icmp_error): destination unreachable (network, host,
 * protocol, port, fragmentation needed), time exceeded (in transit, in
 * reassembly), parameter problem, source quench and redirects, each
 * quoting the offending datagram's header and first 8 bytes. Never about
 * an ICMP error (only about echo, timestamp and mask messages), a
 * fragment other than the first, a datagram sent to a broadcast or
 * multicast address or received as a link broadcast, or one from an
 * address that does not name one host (RFC 1122).
 *
 * Receiving (icmp_input): an echo request is answered with an echo reply,
 * a timestamp request with a timestamp reply, an address mask request with
 * the interface's mask (icmp_reflect: back to the sender, from the address
 * it was sent to). An error is passed to the protocol of the datagram it
 * quotes (its ctlinput: a connected UDP socket gets ECONNREFUSED, a TCP
 * connection EHOSTUNREACH...), a redirect changes the routing table.
 * Every message but the requests answered also goes to the raw ICMP
 * sockets, where ping reads its replies.
 */
import { ifa_ifwithaddr, in_broadcast, in_classmask } from './in.js';
import { ip_protox, pfctlinput } from './in_proto.js';
import { IP_HDRLEN, IP_OFFMASK, IpHeader, MAXTTL } from './ip.js';
import { rtredirect } from './ip_input.js';
import { ip_output } from './ip_output.js';
import { M_BCAST, M_MCAST, Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import {
  PRC_PARAMPROB,
  PRC_QUENCH,
  PRC_REDIRECT_HOST,
  PRC_TIMXCEED_INTRANS,
  PRC_TIMXCEED_REASS,
  PRC_UNREACH_HOST,
  PRC_UNREACH_NEEDFRAG,
  PRC_UNREACH_NET,
  PRC_UNREACH_PORT,
  PRC_UNREACH_PROTOCOL,
  PRC_UNREACH_SRCFAIL,
} from './protosw.js';
import { rip_input } from './raw_ip.js';

export const ICMP_ECHOREPLY = 0;
export const ICMP_UNREACH = 3;
export const ICMP_UNREACH_NET = 0;
export const ICMP_UNREACH_HOST = 1;
export const ICMP_UNREACH_PROTOCOL = 2;
export const ICMP_UNREACH_PORT = 3;
export const ICMP_UNREACH_NEEDFRAG = 4;
export const ICMP_UNREACH_SRCFAIL = 5;
export const ICMP_SOURCEQUENCH = 4;
export const ICMP_REDIRECT = 5;
export const ICMP_REDIRECT_NET = 0;
export const ICMP_REDIRECT_HOST = 1;
export const ICMP_ECHO = 8;
export const ICMP_TIMXCEED = 11;
export const ICMP_TIMXCEED_INTRANS = 0;
export const ICMP_TIMXCEED_REASS = 1;
export const ICMP_PARAMPROB = 12;
export const ICMP_TSTAMP = 13;
export const ICMP_TSTAMPREPLY = 14;
export const ICMP_IREQ = 15;
export const ICMP_IREQREPLY = 16;
export const ICMP_MASKREQ = 17;
export const ICMP_MASKREPLY = 18;
export const ICMP_MAXTYPE = 18;
/** The shortest ICMP message: type, code, checksum and four bytes. */
export const ICMP_MINLEN = 8;
/** The shortest error: its header, an IP header and 8 bytes of the datagram. */
export const ICMP_ADVLENMIN = 8 + IP_HDRLEN + 8;
export const ICMP_TSLEN = 20;
export const ICMP_MASKLEN = 12;

/** Echo, timestamp, information and mask messages: not errors (ICMP_INFOTYPE). */
export function icmp_infotype(type: number): boolean {
  return [
    ICMP_ECHOREPLY,
    ICMP_ECHO,
    ICMP_TSTAMP,
    ICMP_TSTAMPREPLY,
    ICMP_IREQ,
    ICMP_IREQREPLY,
    ICMP_MASKREQ,
    ICMP_MASKREPLY,
  ].includes(type);
}

/** The fields of an ICMP header at byte `at` of a packet (struct icmp). */
export class IcmpHeader {
  private readonly v: DataView;
  constructor(m: Mbuf, at: number) {
    this.v = m.view(at);
  }
  get icmp_type(): number {
    return this.v.getUint8(0);
  }
  set icmp_type(x: number) {
    this.v.setUint8(0, x);
  }
  get icmp_code(): number {
    return this.v.getUint8(1);
  }
  set icmp_code(x: number) {
    this.v.setUint8(1, x);
  }
  get icmp_cksum(): number {
    return this.v.getUint16(2);
  }
  set icmp_cksum(x: number) {
    this.v.setUint16(2, x);
  }
  get icmp_id(): number {
    return this.v.getUint16(4);
  }
  get icmp_seq(): number {
    return this.v.getUint16(6);
  }
  /** The redirect's new gateway (icmp_gwaddr), and the word after the header in general. */
  get icmp_void(): number {
    return this.v.getUint32(4);
  }
  set icmp_void(x: number) {
    this.v.setUint32(4, x >>> 0);
  }
  /** The 32-bit words after the 8-byte header (timestamps, the mask). */
  word(i: number): number {
    return this.v.getUint32(8 + 4 * i);
  }
  setWord(i: number, x: number): void {
    this.v.setUint32(8 + 4 * i, x >>> 0);
  }
}

/**
 * ICMP's counters (struct icmpstat), in 4.4BSD-Lite's order: errors asked
 * for, not sent because the datagram was too short or an ICMP error
 * itself, sent by type; received with a bad code, too short, a bad
 * checksum, a bad length; replies sent; received by type.
 */
export class Icmpstat {
  icps_error = 0;
  icps_oldshort = 0;
  icps_oldicmp = 0;
  readonly icps_outhist = new Array<number>(ICMP_MAXTYPE + 1).fill(0);
  icps_badcode = 0;
  icps_tooshort = 0;
  icps_checksum = 0;
  icps_badlen = 0;
  icps_reflect = 0;
  readonly icps_inhist = new Array<number>(ICMP_MAXTYPE + 1).fill(0);
}

/**
 * Send an ICMP error of `type` and `code` about datagram `n` (its IP header
 * at the start), to its sender (icmp_error). `dest` is a redirect's new
 * gateway, `pptr` a parameter problem's pointer, `mtu` the next hop's MTU
 * for "fragmentation needed" (RFC 1191).
 */
export function icmp_error(
  net: Net,
  n: Mbuf,
  type: number,
  code: number,
  dest: number,
  pptr = 0,
  mtu = 0,
): void {
  const st = net.icmpstat;
  const oip = new IpHeader(n);
  const oiplen = oip.ip_hl << 2;
  if (type !== ICMP_REDIRECT) st.icps_error++;
  if (oip.ip_off & IP_OFFMASK) return;
  if (
    oip.ip_p === 1 &&
    type !== ICMP_REDIRECT &&
    n.len >= oiplen + ICMP_MINLEN &&
    !icmp_infotype(n.data[oiplen])
  ) {
    st.icps_oldicmp++;
    return;
  }
  const src = oip.ip_src;
  const dst = oip.ip_dst;
  if (n.flags & (M_BCAST | M_MCAST) || in_broadcast(net, dst) || in_classmask(dst) === 0) return;
  if (src === 0 || in_broadcast(net, src) || in_classmask(src) === 0) return;
  if (n.len < oiplen) {
    st.icps_oldshort++;
    return;
  }
  net.k.charge(net.k.cost.icmp);
  const quoted = Math.min(oiplen + 8, oip.ip_len, n.len);
  const m = Mbuf.get(IP_HDRLEN + ICMP_MINLEN + quoted);
  m.data.set(n.data.subarray(0, quoted), IP_HDRLEN + ICMP_MINLEN);
  const icp = new IcmpHeader(m, IP_HDRLEN);
  icp.icmp_type = type;
  icp.icmp_code = code;
  if (type === ICMP_REDIRECT) icp.icmp_void = dest;
  else if (type === ICMP_PARAMPROB) m.data[IP_HDRLEN + 4] = pptr;
  else if (type === ICMP_UNREACH && code === ICMP_UNREACH_NEEDFRAG) icp.icmp_void = mtu & 0xffff;
  st.icps_outhist[type]++;
  const ip = new IpHeader(m);
  ip.ip_len = m.len;
  ip.ip_p = 1;
  ip.ip_tos = 0;
  // As the offending datagram had them: icmp_reflect turns them round.
  ip.ip_src = src;
  ip.ip_dst = dst;
  m.rcvif = n.rcvif;
  icmp_reflect(net, m, IP_HDRLEN, false);
}

/** The protocol control input each unreachable code means (0-5, RFC 792). */
const UNREACH_PRC = [
  PRC_UNREACH_NET,
  PRC_UNREACH_HOST,
  PRC_UNREACH_PROTOCOL,
  PRC_UNREACH_PORT,
  PRC_UNREACH_NEEDFRAG,
  PRC_UNREACH_SRCFAIL,
];

/** An ICMP message arrived in datagram `m`, whose header is `hlen` bytes (icmp_input). */
export function icmp_input(net: Net, m: Mbuf, hlen: number): void {
  const st = net.icmpstat;
  const ip = new IpHeader(m);
  const icmplen = ip.ip_len - hlen;
  net.k.charge(net.k.cost.icmp);
  if (icmplen < ICMP_MINLEN) {
    st.icps_tooshort++;
    return;
  }
  if (net.cksum(m.buf, m.off + hlen, icmplen) !== 0) {
    st.icps_checksum++;
    return;
  }
  const icp = new IcmpHeader(m, hlen);
  const type = icp.icmp_type;
  const code = icp.icmp_code;
  if (type <= ICMP_MAXTYPE) st.icps_inhist[type]++;
  let prc = -1;
  switch (type) {
    case ICMP_UNREACH:
      if (code >= UNREACH_PRC.length) {
        st.icps_badcode++;
        break;
      }
      prc = UNREACH_PRC[code];
      break;
    case ICMP_TIMXCEED:
      if (code > 1) st.icps_badcode++;
      else prc = code === 0 ? PRC_TIMXCEED_INTRANS : PRC_TIMXCEED_REASS;
      break;
    case ICMP_PARAMPROB:
      if (code > 1) st.icps_badcode++;
      else prc = PRC_PARAMPROB;
      break;
    case ICMP_SOURCEQUENCH:
      if (code !== 0) st.icps_badcode++;
      else prc = PRC_QUENCH;
      break;
    case ICMP_ECHO:
      icp.icmp_type = ICMP_ECHOREPLY;
      icmp_reflect(net, m, hlen, true);
      return;
    case ICMP_TSTAMP: {
      if (icmplen < ICMP_TSLEN) {
        st.icps_badlen++;
        break;
      }
      icp.icmp_type = ICMP_TSTAMPREPLY;
      const now = iptime(net);
      icp.setWord(1, now);
      icp.setWord(2, now);
      icmp_reflect(net, m, hlen, true);
      return;
    }
    case ICMP_MASKREQ: {
      const ia = m.rcvif?.addrs[0];
      if (icmplen < ICMP_MASKLEN || ia === undefined || ia.addr === 0) break;
      icp.icmp_type = ICMP_MASKREPLY;
      icp.setWord(0, ia.subnetmask);
      icmp_reflect(net, m, hlen, true);
      return;
    }
    case ICMP_REDIRECT: {
      if (code > 3) {
        st.icps_badcode++;
        break;
      }
      if (icmplen < ICMP_ADVLENMIN || (m.data[hlen + ICMP_MINLEN] & 0xf) < 5) {
        st.icps_badlen++;
        break;
      }
      const inner = new IpHeader(m, hlen + ICMP_MINLEN);
      const dst = inner.ip_dst;
      if (rtredirect(net, dst, icp.icmp_void, ip.ip_src)) pfctlinput(net, PRC_REDIRECT_HOST, dst);
      break;
    }
  }
  if (prc >= 0) {
    // An error: its protocol hears of it (ctlinput) through the datagram it quotes.
    if (icmplen < ICMP_ADVLENMIN || (m.data[hlen + ICMP_MINLEN] & 0xf) < 5) st.icps_badlen++;
    else {
      const quote = Mbuf.from(m.data.subarray(hlen + ICMP_MINLEN));
      const inner = new IpHeader(quote);
      ip_protox(inner.ip_p).ctlinput?.(net, prc, inner.ip_dst, quote);
    }
  }
  rip_input(net, m, hlen);
}

/** Milliseconds since midnight UT (iptime), for timestamp replies. */
function iptime(net: Net): number {
  const [sec, usec] = net.k.timeOfDay();
  return ((sec % 86400) * 1000 + Math.floor(usec / 1000)) >>> 0;
}

/**
 * Send a message back where it came from (icmp_reflect and icmp_send):
 * the source becomes the destination, and the new source is the address
 * the message was sent to if it is ours, or else (a broadcast, or a
 * datagram being forwarded) the address of the interface it came in on.
 * Options are stripped. `answer` says it answers a request (counted in
 * icps_reflect, refused to a broadcast source).
 */
function icmp_reflect(net: Net, m: Mbuf, hlen: number, answer: boolean): void {
  const st = net.icmpstat;
  const ip = new IpHeader(m);
  const src = ip.ip_src;
  // Never answer a broadcast, an unspecified, a multicast or an experimental source.
  if (answer && (src === 0 || in_broadcast(net, src) || in_classmask(src) === 0)) return;
  const t = ip.ip_dst;
  const ia = ifa_ifwithaddr(net, t) ?? m.rcvif?.addrs[0] ?? null;
  if (hlen > IP_HDRLEN) {
    // Strip the options: move the header up against the data (ip_stripoptions).
    m.buf.copyWithin(m.off + hlen - IP_HDRLEN, m.off, m.off + IP_HDRLEN);
    m.adj(hlen - IP_HDRLEN);
    hlen = IP_HDRLEN;
  }
  const out = new IpHeader(m);
  out.ip_len = m.len;
  out.ip_dst = src;
  out.ip_src = ia !== null && ia.addr !== 0 ? ia.addr : 0;
  out.ip_ttl = MAXTTL;
  out.ip_tos = 0;
  out.ip_off = 0;
  const icp = new IcmpHeader(m, hlen);
  icp.icmp_cksum = 0;
  icp.icmp_cksum = net.cksum(m.buf, m.off + hlen, m.len - hlen);
  m.flags = 0;
  if (answer) {
    st.icps_reflect++;
    st.icps_outhist[icp.icmp_type]++;
  }
  try {
    ip_output(net, m, 0);
  } catch {
    // No route back, or no buffer: the message is lost, as a datagram may be.
  }
}
