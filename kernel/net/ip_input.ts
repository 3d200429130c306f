/**
 * IP input (4.4BSD's netinet/ip_input.c, reduced): ipintr takes the
 * datagrams the interfaces queued on ipintrq, checks each header (version,
 * header length, checksum, total length; Ethernet padding is trimmed),
 * keeps those addressed to this machine — one of its addresses, or a
 * broadcast — and hands them to their protocol through the protocol
 * table (in_proto.ts): ICMP, or the raw sockets for any other.
 *
 * What this minimal IP does not do yet (the TCP/IP issue adds it):
 * - no reassembly: fragments are counted and dropped;
 * - no forwarding: a datagram for another machine is dropped (this is a
 *   host, not a gateway), and no ICMP redirect or time-exceeded is sent;
 * - options are not processed (no source route, no record route): they
 *   travel up with the header;
 * - no ICMP errors for undeliverable datagrams.
 */
import { ifa_ifwithaddr, in_broadcast } from './in.js';
import { in_cksum } from './in_cksum.js';
import { ip_protox } from './in_proto.js';
import { IP_HDRLEN, IP_MF, IP_OFFMASK, IPVERSION, IpHeader } from './ip.js';
import type { Mbuf } from './mbuf.js';
import type { Net } from './net.js';

/** The network software interrupt for IP: every datagram queued (ipintr). */
export function ipintr(net: Net): void {
  for (let m = net.ipintrq.dequeue(); m !== undefined; m = net.ipintrq.dequeue()) ip_input(net, m);
}

/** One datagram: check it, and deliver it if it is for this machine. */
export function ip_input(net: Net, m: Mbuf): void {
  const st = net.ipstat;
  st.ips_total++;
  if (m.len < IP_HDRLEN) {
    st.ips_toosmall++;
    return;
  }
  const ip = new IpHeader(m);
  if (ip.ip_v !== IPVERSION) {
    st.ips_badvers++;
    return;
  }
  const hlen = ip.ip_hl << 2;
  if (hlen < IP_HDRLEN || hlen > m.len) {
    st.ips_badhlen++;
    return;
  }
  if (in_cksum(m.buf, m.off, hlen) !== 0) {
    st.ips_badsum++;
    return;
  }
  const len = ip.ip_len;
  if (len < hlen) {
    st.ips_badlen++;
    return;
  }
  if (m.len < len) {
    st.ips_tooshort++;
    return;
  }
  if (m.len > len) m.adj(len - m.len); // the link layer's padding
  const dst = ip.ip_dst;
  if (ifa_ifwithaddr(net, dst) === null && !in_broadcast(net, dst)) {
    st.ips_cantforward++;
    return;
  }
  if (ip.ip_off & (IP_MF | IP_OFFMASK)) {
    st.ips_fragments++;
    st.ips_fragdropped++;
    return;
  }
  st.ips_delivered++;
  ip_protox(ip.ip_p).input?.(net, m, hlen);
}
