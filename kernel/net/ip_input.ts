/**
 * IP input (4.4BSD's netinet/ip_input.c): ipintr takes the datagrams the
 * interfaces queued on ipintrq and, for each,
 * - checks the header (version, header length, checksum, total length;
 *   the link layer's padding is trimmed) and the options' lengths (an
 *   option that runs past the header: ICMP parameter problem; options
 *   are otherwise not acted on: no source routing, no recording);
 * - keeps what is addressed to this machine (one of its addresses, or a
 *   broadcast) and reassembles fragments (ip_reass);
 * - forwards the rest if this machine forwards (ipforwarding, off by
 *   default; ip_forward), and otherwise drops it (ips_cantforward);
 * - delivers each whole datagram to its protocol through the protocol
 *   table (in_proto.ts), header included.
 *
 * Reassembly keeps, per datagram (source, destination, id, protocol), the
 * fragments received in order of their offsets, trimming overlaps (the
 * data already held wins over a fragment that overlaps it from behind,
 * newer data over what it overlaps from in front, as 4.3BSD). A datagram
 * not complete within IPFRAGTTL (30 s) is dropped — with an ICMP time
 * exceeded if its first fragment came — and the queues together hold at
 * most IPQ_MAXBYTES: the oldest datagram goes first when more comes.
 */
import { EHOSTDOWN, EHOSTUNREACH, EMSGSIZE, ENETDOWN, ENETUNREACH, ENOBUFS, Errno } from '../errno.js';
import { ifa_ifwithaddr, in_broadcast, in_classmask } from './in.js';
import { ip_protox } from './in_proto.js';
import { IP_HDRLEN, IP_MAXPACKET, IP_MF, IP_OFFMASK, IPVERSION, IpHeader } from './ip.js';
import {
  ICMP_PARAMPROB,
  ICMP_REDIRECT,
  ICMP_REDIRECT_HOST,
  ICMP_SOURCEQUENCH,
  ICMP_TIMXCEED,
  ICMP_TIMXCEED_INTRANS,
  ICMP_TIMXCEED_REASS,
  ICMP_UNREACH,
  ICMP_UNREACH_HOST,
  ICMP_UNREACH_NEEDFRAG,
  icmp_error,
} from './ip_icmp.js';
import { IP_FORWARDING, ip_output, ip_route } from './ip_output.js';
import { M_BCAST, M_MCAST, Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { RTF_DYNAMIC, RTF_GATEWAY, RTF_HOST, RTF_MODIFIED, RTF_UP, Rtentry } from './route.js';

/** Slow-timer ticks (500 ms) a datagram may take to reassemble: 30 s. */
export const IPFRAGTTL = 60;
/** The most bytes of fragments held for reassembly, all datagrams together. */
export const IPQ_MAXBYTES = 64 * 1024;
/** The TTL a forwarded datagram loses. */
export const IPTTLDEC = 1;

/** IP options (netinet/ip.h). */
const IPOPT_EOL = 0;
const IPOPT_NOP = 1;

/** One fragment held for reassembly: its data's byte range in the datagram. */
interface IpFrag {
  off: number;
  end: number;
  data: Uint8Array;
}

/** A datagram being reassembled (struct ipq). */
export interface Ipq {
  id: number;
  src: number;
  dst: number;
  p: number;
  /** Slow-timer ticks left. */
  ttl: number;
  frags: IpFrag[];
  /** The header of the first fragment (offset 0), once it has come; the interface it came on. */
  hdr: Uint8Array | null;
  rcvif: Mbuf['rcvif'];
  /** The datagram's length, once the last fragment has come. */
  last: number;
  bytes: number;
}

/** The network software interrupt for IP: every datagram queued (ipintr). */
export function ipintr(net: Net): void {
  for (let m = net.ipintrq.dequeue(); m !== undefined; m = net.ipintrq.dequeue()) ip_input(net, m);
}

/** One datagram: check it, reassemble it, forward it or deliver it. */
export function ip_input(net: Net, m: Mbuf): void {
  const st = net.ipstat;
  st.ips_total++;
  net.k.charge(net.k.cost.ipInput);
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
  if (net.cksum(m.buf, m.off, hlen) !== 0) {
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
  if (hlen > IP_HDRLEN && !ip_dooptions(net, m, hlen)) return;

  const dst = ip.ip_dst;
  if (ifa_ifwithaddr(net, dst) === null && !in_broadcast(net, dst)) {
    if (!net.ipforwarding) st.ips_cantforward++;
    else ip_forward(net, m);
    return;
  }
  if (ip.ip_off & (IP_MF | IP_OFFMASK)) {
    const whole = ip_reass(net, m, hlen);
    if (whole === null) return;
    m = whole;
  }
  st.ips_delivered++;
  ip_protox(new IpHeader(m).ip_p).input?.(net, m, hlen);
}

/**
 * Check that the options are well formed (the length part of 4.3BSD's
 * ip_dooptions): each option's length must stay inside the header. A bad
 * one is answered with an ICMP parameter problem pointing at it.
 */
function ip_dooptions(net: Net, m: Mbuf, hlen: number): boolean {
  const d = m.data;
  for (let at = IP_HDRLEN; at < hlen; ) {
    const opt = d[at];
    if (opt === IPOPT_EOL) break;
    if (opt === IPOPT_NOP) {
      at++;
      continue;
    }
    const optlen = at + 1 < hlen ? d[at + 1] : 0;
    if (optlen < 2 || at + optlen > hlen) {
      net.ipstat.ips_badoptions++;
      icmp_error(net, m, ICMP_PARAMPROB, 0, 0, at + 1);
      return false;
    }
    at += optlen;
  }
  return true;
}

/**
 * Take fragment `m` into its datagram's queue (ip_reass); returns the
 * whole datagram (a fresh packet, header first) once every fragment is in,
 * else null.
 */
function ip_reass(net: Net, m: Mbuf, hlen: number): Mbuf | null {
  const st = net.ipstat;
  st.ips_fragments++;
  net.k.charge(net.k.cost.ipFragment);
  const ip = new IpHeader(m);
  const off = (ip.ip_off & IP_OFFMASK) << 3;
  const mf = (ip.ip_off & IP_MF) !== 0;
  const len = ip.ip_len - hlen;
  let end = off + len;
  // A fragment that is empty, or not a multiple of 8 but not the last, or beyond the largest datagram, is bad.
  if (len === 0 || (mf && len % 8 !== 0) || end + hlen > IP_MAXPACKET) {
    st.ips_fragdropped++;
    return null;
  }
  let q = net.ipq.find(
    (x) => x.id === ip.ip_id && x.src === ip.ip_src && x.dst === ip.ip_dst && x.p === ip.ip_p,
  );
  if (q === undefined) {
    q = {
      id: ip.ip_id,
      src: ip.ip_src,
      dst: ip.ip_dst,
      p: ip.ip_p,
      ttl: IPFRAGTTL,
      frags: [],
      hdr: null,
      rcvif: m.rcvif,
      last: -1,
      bytes: 0,
    };
    net.ipq.push(q);
  }
  if (off === 0) q.hdr = Uint8Array.from(m.data.subarray(0, hlen));
  if (!mf) {
    if (q.last >= 0 && q.last !== end) {
      // Two different ends: the datagram is nonsense.
      ip_freef(net, q);
      st.ips_fragdropped++;
      return null;
    }
    q.last = end;
  }
  let data = m.data.subarray(hlen, hlen + len);
  let start = off;
  // Trim what the fragment before already holds.
  let i = 0;
  while (i < q.frags.length && q.frags[i].off < start) i++;
  const prev = q.frags[i - 1];
  if (prev !== undefined && prev.end > start) {
    const cut = prev.end - start;
    if (cut >= data.length) {
      st.ips_fragdropped++; // all of it is there already
      return null;
    }
    data = data.subarray(cut);
    start += cut;
  }
  // The new data wins over the fragments after it that it overlaps.
  while (i < q.frags.length && q.frags[i].off < end) {
    const next = q.frags[i];
    const cut = end - next.off;
    if (cut < next.data.length) {
      next.data = next.data.subarray(cut);
      next.off += cut;
      q.bytes -= cut;
      net.ipqBytes -= cut;
      break;
    }
    q.frags.splice(i, 1);
    q.bytes -= next.data.length;
    net.ipqBytes -= next.data.length;
    st.ips_fragdropped++;
  }
  end = start + data.length;
  // Bounded: make room by dropping the oldest datagrams, or drop this fragment.
  while (net.ipqBytes + data.length > IPQ_MAXBYTES) {
    const oldest = net.ipq[0];
    if (oldest === q || oldest === undefined) {
      st.ips_fragdropped++;
      if (q.frags.length === 0 && q.hdr === null) ip_freef(net, q);
      return null;
    }
    st.ips_fragdropped += oldest.frags.length;
    ip_freef(net, oldest);
  }
  q.frags.splice(i, 0, { off: start, end, data: Uint8Array.from(data) });
  q.bytes += data.length;
  net.ipqBytes += data.length;

  // Complete? Contiguous from 0 to the last fragment's end.
  if (q.last < 0 || q.hdr === null) return null;
  let next = 0;
  for (const f of q.frags) {
    if (f.off !== next) return null;
    next = f.end;
  }
  if (next !== q.last) return null;
  const hdr = q.hdr;
  const whole = Mbuf.get(hdr.length + q.last);
  whole.data.set(hdr, 0);
  for (const f of q.frags) whole.data.set(f.data, hdr.length + f.off);
  whole.rcvif = m.rcvif;
  whole.flags = m.flags;
  const wip = new IpHeader(whole);
  wip.ip_len = hdr.length + q.last;
  wip.ip_off = 0;
  // A header that is right for the whole datagram (raw sockets and ICMP errors quote it).
  wip.ip_sum = 0;
  wip.ip_sum = net.cksum(whole.buf, whole.off, hdr.length);
  ip_freef(net, q);
  st.ips_reassembled++;
  return whole;
}

/** Forget a reassembly queue (ip_freef). */
function ip_freef(net: Net, q: Ipq): void {
  const i = net.ipq.indexOf(q);
  if (i >= 0) net.ipq.splice(i, 1);
  net.ipqBytes -= q.bytes;
  q.frags.length = 0;
  q.bytes = 0;
}

/**
 * Every 500 ms (ip_slowtimo): datagrams whose time to reassemble is up
 * are dropped; if the first fragment had come, its sender is told (ICMP
 * time exceeded in reassembly, as RFC 1122 asks).
 */
export function ip_slowtimo(net: Net): void {
  for (const q of [...net.ipq]) {
    if (--q.ttl > 0) continue;
    net.ipstat.ips_fragtimeout += q.frags.length;
    if (q.hdr !== null) {
      const first = q.frags[0];
      const m = Mbuf.get(q.hdr.length + (first?.off === 0 ? Math.min(8, first.data.length) : 0));
      m.data.set(q.hdr, 0);
      if (first?.off === 0) m.data.set(first.data.subarray(0, 8), q.hdr.length);
      const ip = new IpHeader(m);
      ip.ip_len = m.len;
      ip.ip_off = 0;
      m.rcvif = q.rcvif;
      icmp_error(net, m, ICMP_TIMXCEED, ICMP_TIMXCEED_REASS, 0);
    }
    ip_freef(net, q);
  }
}

/** Memory is short: give up every datagram being reassembled (ip_drain). */
export function ip_drain(net: Net): void {
  for (const q of [...net.ipq]) {
    net.ipstat.ips_fragdropped += q.frags.length;
    ip_freef(net, q);
  }
}

/**
 * Forward a datagram for another machine (ip_forward), this machine being a
 * gateway: not a link broadcast or a class D/E address; its TTL goes down
 * by one (at 1 or less: ICMP time exceeded); no route: ICMP host
 * unreachable (as 4.4BSD: with subnets, "network unreachable" may be
 * wrong); too big with DF: unreachable, fragmentation needed; out of
 * buffers: source quench. Sent back out of the interface it came in on, to a sender on
 * that subnet, it also earns the sender an ICMP redirect to the better
 * first hop.
 */
export function ip_forward(net: Net, m: Mbuf): void {
  const st = net.ipstat;
  const ip = new IpHeader(m);
  const dst = ip.ip_dst;
  if (m.flags & (M_BCAST | M_MCAST) || in_classmask(dst) === 0 || dst >>> 24 === 127) {
    st.ips_cantforward++;
    return;
  }
  net.k.charge(net.k.cost.ipForward);
  if (ip.ip_ttl <= IPTTLDEC) {
    icmp_error(net, m, ICMP_TIMXCEED, ICMP_TIMXCEED_INTRANS, 0);
    return;
  }
  // What ICMP would quote if sending fails: the header and 8 bytes, as they came.
  const hlen = ip.ip_hl << 2;
  const quote = Mbuf.from(m.data.subarray(0, Math.min(m.len, hlen + 8)));
  quote.rcvif = m.rcvif;
  quote.flags = m.flags;
  ip.ip_ttl -= IPTTLDEC;
  const hop = ip_route(net, dst, 0, null);
  if (hop === null) {
    st.ips_cantforward++;
    icmp_error(net, quote, ICMP_UNREACH, ICMP_UNREACH_HOST, 0);
    return;
  }
  // Out of the interface it came in on, to a sender on that subnet: tell it to go straight to the next hop.
  if (hop.ifp === m.rcvif && (ip.ip_src & hop.ia.subnetmask) >>> 0 === hop.ia.subnet) {
    st.ips_redirectsent++;
    icmp_error(net, quote, ICMP_REDIRECT, ICMP_REDIRECT_HOST, hop.gw);
  }
  try {
    ip_output(net, m, IP_FORWARDING);
    st.ips_forward++;
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    st.ips_cantforward++;
    switch (e.errno) {
      case EMSGSIZE:
        icmp_error(net, quote, ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG, 0, 0, hop.ifp.mtu);
        break;
      case ENOBUFS:
        icmp_error(net, quote, ICMP_SOURCEQUENCH, 0, 0);
        break;
      case ENETUNREACH:
      case ENETDOWN:
      case EHOSTUNREACH:
      case EHOSTDOWN:
        icmp_error(net, quote, ICMP_UNREACH, ICMP_UNREACH_HOST, 0);
        break;
    }
  }
}

/**
 * An ICMP redirect from `src`: datagrams for `dst` should go to `gateway`
 * (4.3BSD's rtredirect). Taken only if the gateway is on an attached
 * network, is not one of this machine's addresses, and the redirect came
 * from the gateway currently used for `dst`; a host route is made (or the
 * one there changed: RTF_MODIFIED).
 */
export function rtredirect(net: Net, dst: number, gateway: number, src: number): boolean {
  const stats = net.rt.stats;
  const ia = net.in_ifaddr.find(
    (a) => a.addr !== 0 && (gateway & a.subnetmask) >>> 0 === a.subnet && a.ifp !== net.loif,
  );
  const cur = net.rt.alloc(dst);
  if (
    ia === undefined ||
    ifa_ifwithaddr(net, gateway) !== null ||
    cur === null ||
    (cur.flags & RTF_GATEWAY ? cur.gateway : 0) !== src
  ) {
    stats.badredirect++;
    return false;
  }
  stats.redirects++;
  if (cur.mask >>> 0 === 0xffffffff) {
    cur.gateway = gateway;
    cur.flags |= RTF_MODIFIED | RTF_GATEWAY;
    cur.ifa = ia;
    stats.newgateway++;
  } else {
    net.rt.add(new Rtentry(dst, 0xffffffff, gateway, RTF_UP | RTF_DYNAMIC | RTF_GATEWAY | RTF_HOST, ia));
    stats.dynamic++;
  }
  return true;
}
