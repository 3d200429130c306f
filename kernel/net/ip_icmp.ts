/**
 * ICMP, the Internet Control Message Protocol (4.4BSD's
 * netinet/ip_icmp.c and ip_icmp.h), as far as ping needs it: an echo
 * request is answered with an echo reply (icmp_reflect: the same message
 * back to its sender, from the address it was sent to); every other
 * message, echo replies first of all, goes to the raw ICMP sockets, where
 * ping reads its replies.
 *
 * Not yet (the TCP/IP issue): sending errors (unreachable, time
 * exceeded), passing received errors to the transport protocols
 * (ctlinput), redirects, timestamp and mask requests.
 */
import { ifa_ifwithaddr, in_broadcast, in_classmask } from './in.js';
import { in_cksum } from './in_cksum.js';
import { IP_HDRLEN, IpHeader, MAXTTL } from './ip.js';
import { ip_output } from './ip_output.js';
import type { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { rip_input } from './raw_ip.js';

export const ICMP_ECHOREPLY = 0;
export const ICMP_UNREACH = 3;
export const ICMP_SOURCEQUENCH = 4;
export const ICMP_REDIRECT = 5;
export const ICMP_ECHO = 8;
export const ICMP_TIMXCEED = 11;
export const ICMP_PARAMPROB = 12;
export const ICMP_TSTAMP = 13;
export const ICMP_TSTAMPREPLY = 14;
export const ICMP_MASKREQ = 17;
export const ICMP_MASKREPLY = 18;
export const ICMP_MAXTYPE = 18;
/** The shortest ICMP message: type, code, checksum and four bytes. */
export const ICMP_MINLEN = 8;

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
}

/** ICMP's counters (struct icmpstat). */
export class Icmpstat {
  /** Messages too short, with a bad checksum; echo requests answered. */
  icps_tooshort = 0;
  icps_checksum = 0;
  icps_reflect = 0;
  /** Replies that could not be sent. */
  icps_senderr = 0;
  /** Messages received and sent, by type. */
  readonly icps_inhist = new Array<number>(ICMP_MAXTYPE + 1).fill(0);
  readonly icps_outhist = new Array<number>(ICMP_MAXTYPE + 1).fill(0);
}

/** An ICMP message arrived in datagram `m`, whose header is `hlen` bytes (icmp_input). */
export function icmp_input(net: Net, m: Mbuf, hlen: number): void {
  const st = net.icmpstat;
  const ip = new IpHeader(m);
  const icmplen = ip.ip_len - hlen;
  if (icmplen < ICMP_MINLEN) {
    st.icps_tooshort++;
    return;
  }
  if (in_cksum(m.buf, m.off + hlen, icmplen) !== 0) {
    st.icps_checksum++;
    return;
  }
  const icp = new IcmpHeader(m, hlen);
  const type = icp.icmp_type;
  if (type <= ICMP_MAXTYPE) st.icps_inhist[type]++;
  if (type === ICMP_ECHO) {
    icp.icmp_type = ICMP_ECHOREPLY;
    icmp_reflect(net, m, hlen);
    return;
  }
  rip_input(net, m, hlen);
}

/**
 * Send a message back where it came from (icmp_reflect and icmp_send):
 * the source becomes the destination, and the new source is the address
 * the message was sent to if it is ours, or else (a broadcast) the
 * address of the interface it came in on. Options are stripped.
 */
function icmp_reflect(net: Net, m: Mbuf, hlen: number): void {
  const st = net.icmpstat;
  const ip = new IpHeader(m);
  const src = ip.ip_src;
  // Never answer a broadcast, an unspecified, a multicast or an experimental source.
  if (src === 0 || in_broadcast(net, src) || in_classmask(src) === 0) return;
  const t = ip.ip_dst;
  const ia = ifa_ifwithaddr(net, t) ?? m.rcvif?.addrs[0] ?? null;
  if (ia === null) return;
  if (hlen > IP_HDRLEN) {
    // Strip the options: move the header up against the data (ip_stripoptions).
    m.buf.copyWithin(m.off + hlen - IP_HDRLEN, m.off, m.off + IP_HDRLEN);
    m.adj(hlen - IP_HDRLEN);
    hlen = IP_HDRLEN;
  }
  const out = new IpHeader(m);
  out.ip_len = m.len;
  out.ip_dst = src;
  out.ip_src = ia.addr;
  out.ip_ttl = MAXTTL;
  out.ip_tos = 0;
  const icp = new IcmpHeader(m, hlen);
  icp.icmp_cksum = 0;
  icp.icmp_cksum = in_cksum(m.buf, m.off + hlen, m.len - hlen);
  m.flags = 0;
  st.icps_reflect++;
  st.icps_outhist[icp.icmp_type]++;
  try {
    ip_output(net, m, 0);
  } catch {
    st.icps_senderr++;
  }
}
