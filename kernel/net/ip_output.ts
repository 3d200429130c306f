/**
 * IP output (4.4BSD's netinet/ip_output.c): complete the header a protocol
 * built (version, header length, id, checksum; the source address if the
 * protocol left it 0), find the route, fragment what is larger than the
 * interface's MTU, and hand the datagram (or its fragments) to the
 * interface.
 *
 * - The route comes from the routing table (route.ts): a host route, a
 *   network route or the default; through a gateway, the datagram goes to
 *   the gateway's Ethernet address. A datagram for one of this machine's
 *   own addresses goes through the loopback; the limited broadcast
 *   (255.255.255.255) out of the first broadcast interface. With
 *   IP_ROUTETOIF (SO_DONTROUTE) only an attached network will do. No
 *   route: ENETUNREACH.
 * - A protocol may keep a route cache (Route): while its destination is
 *   the same and the route is still up, no lookup is made.
 * - A broadcast needs IP_ALLOWBROADCAST (SO_BROADCAST), else EACCES, and is
 *   never fragmented (EMSGSIZE).
 * - Fragments carry at most the MTU, their data a multiple of 8 bytes;
 *   IP_DF set: EMSGSIZE (ips_cantfrag).
 */
import { EACCES, EADDRNOTAVAIL, EMSGSIZE, ENETUNREACH, Errno } from '../errno.js';
import { IFF_BROADCAST, IFF_UP, type Ifnet } from './if.js';
import { INADDR_BROADCAST, type InIfaddr, ifa_ifwithaddr, ifa_ifwithnet, in_broadcast } from './in.js';
import { IP_DF, IP_HDRLEN, IP_MF, IP_OFFMASK, IPVERSION, IpHeader } from './ip.js';
import { M_BCAST, Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { RTF_GATEWAY, RTF_UP, type Rtentry } from './route.js';

/** Flags of ip_output: a forwarded datagram (its header kept); only to a directly attached network (SO_DONTROUTE's value); broadcasts allowed. */
export const IP_FORWARDING = 0x1;
export const IP_ROUTETOIF = 0x10;
export const IP_ALLOWBROADCAST = 0x20;

/** A protocol's cached route (struct route): the destination it was looked up for, and the route. */
export class Route {
  dst = 0;
  rt: Rtentry | null = null;

  /** Forget the route (it went down, or a redirect changed it). */
  free(): void {
    if (this.rt) this.rt.refcnt--;
    this.rt = null;
  }
}

/** Where a datagram goes: the interface, the address it leaves from, and the next hop. */
export interface NextHop {
  ifp: Ifnet;
  ia: InIfaddr;
  gw: number;
}

/**
 * The next hop to `dst` (the routing part of ip_output), or null: no
 * route. `ro`, if given, is used and refreshed as a cache.
 */
export function ip_route(net: Net, dst: number, flags: number, ro: Route | null): NextHop | null {
  const own = ifa_ifwithaddr(net, dst);
  if (own !== null && net.loif !== null) return { ifp: net.loif, ia: own, gw: dst };
  if (flags & IP_ROUTETOIF) {
    const ia = ifa_ifwithnet(net, dst);
    return ia === null ? null : { ifp: ia.ifp, ia, gw: dst };
  }
  if (dst === INADDR_BROADCAST) {
    const ia = net.in_ifaddr.find((a) => a.addr !== 0 && a.ifp.flags & IFF_UP && a.ifp.flags & IFF_BROADCAST);
    return ia === undefined ? null : { ifp: ia.ifp, ia, gw: dst };
  }
  let rt: Rtentry | null;
  if (ro !== null && ro.rt !== null && ro.dst === dst && ro.rt.flags & RTF_UP && ro.rt.ifp.flags & IFF_UP)
    rt = ro.rt;
  else {
    ro?.free();
    rt = net.rt.alloc(dst);
    if (ro !== null && rt !== null) {
      ro.dst = dst;
      ro.rt = rt;
      rt.refcnt++;
    }
  }
  if (rt === null) return null;
  rt.use++;
  return { ifp: rt.ifp, ia: rt.ifa, gw: rt.flags & RTF_GATEWAY ? rt.gateway : dst };
}

/**
 * Send datagram `m`, whose header the caller has filled in with ip_len,
 * ip_p, ip_ttl, ip_tos, ip_dst (and ip_src, or 0). Throws the Errno the
 * send fails with. With IP_FORWARDING the header is sent as it is (its id
 * and fragment fields kept).
 */
export function ip_output(net: Net, m: Mbuf, flags: number, ro: Route | null = null): void {
  const st = net.ipstat;
  const ip = new IpHeader(m);
  net.k.charge(net.k.cost.ipOutput);
  if (!(flags & IP_FORWARDING)) {
    ip.set_vhl(IPVERSION, IP_HDRLEN >> 2);
    ip.ip_off &= IP_DF;
    net.ip_id = (net.ip_id + 1) & 0xffff;
    ip.ip_id = net.ip_id;
    st.ips_localout++;
  }
  const hlen = ip.ip_hl << 2;
  const dst = ip.ip_dst;
  const hop = ip_route(net, dst, flags, ro);
  if (hop === null) {
    st.ips_noroute++;
    throw new Errno(ENETUNREACH);
  }
  const { ifp, ia, gw } = hop;
  if (ip.ip_src === 0) ip.ip_src = ia.addr;
  if (ifp !== net.loif && (in_broadcast(net, dst) || ia.isBroadcast(dst))) {
    if (!(ifp.flags & IFF_BROADCAST)) throw new Errno(EADDRNOTAVAIL);
    if (!(flags & IP_ALLOWBROADCAST)) throw new Errno(EACCES);
    if (ip.ip_len > ifp.mtu) throw new Errno(EMSGSIZE);
    m.flags |= M_BCAST;
  }
  if (ip.ip_len <= ifp.mtu) {
    ip.ip_sum = 0;
    ip.ip_sum = net.cksum(m.buf, m.off, hlen);
    send(net, ifp, m, gw);
    return;
  }
  if (ip.ip_off & IP_DF) {
    st.ips_cantfrag++;
    throw new Errno(EMSGSIZE);
  }
  const piece = (ifp.mtu - hlen) & ~7;
  if (piece < 8) throw new Errno(EMSGSIZE);
  ip_fragment(net, m, hlen, piece, (frag) => send(net, ifp, frag, gw));
  st.ips_fragmented++;
}

/**
 * Cut datagram `m` into fragments of at most `piece` data bytes (a
 * multiple of 8), each with a copy of the header (4.3BSD copies only the
 * options marked to be copied; this IP sends none), and pass each to
 * `out`. The last keeps the original's more-fragments flag (a fragment
 * being fragmented again on its way).
 */
export function ip_fragment(net: Net, m: Mbuf, hlen: number, piece: number, out: (frag: Mbuf) => void): void {
  const ip = new IpHeader(m);
  const total = ip.ip_len - hlen;
  const off0 = ip.ip_off & IP_OFFMASK;
  const mf = ip.ip_off & IP_MF;
  const df = ip.ip_off & IP_DF;
  const hdr = m.data.subarray(0, hlen);
  for (let off = 0; off < total; off += piece) {
    const len = Math.min(piece, total - off);
    const f = Mbuf.get(hlen + len);
    f.data.set(hdr, 0);
    f.data.set(m.data.subarray(hlen + off, hlen + off + len), hlen);
    f.flags = m.flags;
    const fip = new IpHeader(f);
    fip.ip_len = hlen + len;
    fip.ip_off = df | (off0 + (off >> 3)) | (off + len < total || mf ? IP_MF : 0);
    fip.ip_sum = 0;
    fip.ip_sum = net.cksum(f.buf, f.off, hlen);
    net.k.charge(net.k.cost.ipFragment);
    net.ipstat.ips_ofragments++;
    out(f);
  }
}

/** Hand a datagram to the interface, counting what it refuses. */
function send(net: Net, ifp: Ifnet, m: Mbuf, gw: number): void {
  try {
    ifp.output(m, { family: 'inet', addr: gw });
  } catch (e) {
    net.ipstat.ips_odropped++;
    throw e;
  }
}
