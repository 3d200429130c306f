/**
 * The routing table (4.3BSD's net/route.c and route.h): where IP sends a
 * datagram for a destination — straight to it on an attached network, or
 * to a gateway. Three kinds of route, looked up in this order, as 4.3BSD
 * does with its host and network hash tables:
 * - host routes (RTF_HOST): one destination;
 * - network routes: a network or subnet, matched under its mask (the
 *   subnet mask of an attached network that is subnetted, else the
 *   address's class mask); among several, the longest mask wins;
 * - the default route: network 0, which matches everything.
 * Every interface that gets an address adds the route to its subnet
 * (rtinit; the loopback a host route to 127.0.0.1); `route add` and
 * `route delete` use SIOCADDRT and SIOCDELRT (struct rtentry); ICMP
 * redirects add host routes (RTF_DYNAMIC). A route whose interface is down
 * is skipped. There is no radix tree: the table is a list, and small.
 */
import { EEXIST, EINVAL, ENETUNREACH, Errno, ESRCH } from '../errno.js';
import { suser, type Ucred } from '../proc/cred.js';
import { IFF_UP, type Ifnet } from './if.js';
import type { InIfaddr } from './in.js';
import { AF_INET, sa_family, sin_addr, sockaddr_in } from './socket.js';

// Route flags (net/route.h).
export const RTF_UP = 0x1;
export const RTF_GATEWAY = 0x2;
export const RTF_HOST = 0x4;
export const RTF_DYNAMIC = 0x10;
export const RTF_MODIFIED = 0x20;

/** One route (struct rtentry). */
export class Rtentry {
  /** Times a datagram took the route (rt_use), and the pcbs holding it (rt_refcnt). */
  use = 0;
  refcnt = 0;
  constructor(
    readonly dst: number,
    /** The mask the destination is matched under: all ones for a host, 0 for the default. */
    readonly mask: number,
    public gateway: number,
    public flags: number,
    /** The interface address datagrams leave from. */
    public ifa: InIfaddr,
  ) {}

  get ifp(): Ifnet {
    return this.ifa.ifp;
  }
}

export class RouteTable {
  readonly routes: Rtentry[] = [];
  /** Lookups that found nothing (rtstat.rts_unreach), redirects taken and refused. */
  readonly stats = { unreach: 0, redirects: 0, badredirect: 0, dynamic: 0, newgateway: 0 };

  /**
   * The route to `dst` (rtalloc): a host route, else the network route
   * with the longest mask, else the default; only through interfaces that
   * are up. Null if none.
   */
  alloc(dst: number): Rtentry | null {
    let best: Rtentry | null = null;
    for (const rt of this.routes) {
      if (!(rt.flags & RTF_UP) || !(rt.ifp.flags & IFF_UP)) continue;
      if ((dst & rt.mask) >>> 0 !== rt.dst) continue;
      if (best === null || rt.mask >>> 0 > best.mask >>> 0) best = rt;
    }
    if (best === null) this.stats.unreach++;
    return best;
  }

  /** The route with exactly this destination and mask, if any. */
  find(dst: number, mask: number): Rtentry | null {
    return this.routes.find((rt) => rt.dst === dst && rt.mask >>> 0 === mask >>> 0) ?? null;
  }

  add(rt: Rtentry): void {
    if (this.find(rt.dst, rt.mask) !== null) throw new Errno(EEXIST);
    this.routes.push(rt);
  }

  delete(rt: Rtentry): void {
    const i = this.routes.indexOf(rt);
    if (i >= 0) this.routes.splice(i, 1);
    rt.flags &= ~RTF_UP;
  }

  /** Forget every route through interface address `ia` (it changed or went). */
  deleteVia(ia: InIfaddr): void {
    for (const rt of [...this.routes]) if (rt.ifa === ia) this.delete(rt);
  }
}

/**
 * The mask a network route to `dst` is matched under (4.3BSD's in_netof
 * applied to routes): if `dst` is on an attached network that has a subnet
 * mask, that mask; otherwise the class mask. 0 (the default route) for 0.
 */
export function rtmask(ifaddrs: readonly InIfaddr[], dst: number, host: boolean): number {
  if (host) return 0xffffffff;
  if (dst === 0) return 0;
  for (const ia of ifaddrs) if (ia.addr !== 0 && (dst & ia.netmask) >>> 0 === ia.net) return ia.subnetmask;
  const a = dst >>> 0;
  if ((a & 0x80000000) === 0) return 0xff000000;
  if (((a >>> 30) & 3) === 2) return 0xffff0000;
  if (((a >>> 29) & 7) === 6) return 0xffffff00;
  return 0xffffffff;
}

// ------------------------------------------------------------------ ioctls

/**
 * struct rtentry as SunOS 4 lays it out (net/route.h), 48 bytes:
 *   0 rt_hash  4 rt_dst (sockaddr, 16)  20 rt_gateway (sockaddr, 16)
 *  36 rt_flags (short)  38 rt_refcnt (short)  40 rt_use  44 rt_ifp
 */
export const RTENTRY_SIZE = 48;
const IOW = (g: number, n: number, size: number) => (0x80000000 | (size << 16) | (g << 8) | n) >>> 0;
export const SIOCADDRT = IOW(0x72, 10, RTENTRY_SIZE);
export const SIOCDELRT = IOW(0x72, 11, RTENTRY_SIZE);

export interface RtCaller {
  ifaddrs: readonly InIfaddr[];
  rt: RouteTable;
  /** The interface address that reaches `gateway` directly (ifa_ifwithnet), or that is `gateway`. */
  ifaFor(gateway: number, isGateway: boolean): InIfaddr | null;
}

/**
 * SIOCADDRT and SIOCDELRT (4.3BSD's rtioctl and rtrequest), for the
 * super-user. Adding: a route with RTF_GATEWAY goes through the interface
 * whose network the gateway is on (ENETUNREACH if none); one without is a
 * route straight out of the interface that has the gateway's address.
 * An existing route with the same destination is EEXIST. Deleting: the
 * route with that destination (host or network, by RTF_HOST), or ESRCH.
 * Returns the rtentry to copy out, or null if `cmd` is not one of them.
 */
export function rtioctl(net: RtCaller, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null {
  if (cmd !== SIOCADDRT && cmd !== SIOCDELRT) return null;
  suser(cred);
  const dstsa = data.subarray(4, 20);
  const gwsa = data.subarray(20, 36);
  if (sa_family(dstsa) !== AF_INET) throw new Errno(EINVAL);
  const flags = new DataView(data.buffer, data.byteOffset, data.length).getInt16(36);
  const host = (flags & RTF_HOST) !== 0;
  const dst = sin_addr(dstsa);
  const mask = rtmask(net.ifaddrs, dst, host);
  if (cmd === SIOCDELRT) {
    const rt = net.rt.find((dst & mask) >>> 0, mask);
    if (rt === null) throw new Errno(ESRCH);
    net.rt.delete(rt);
    return Uint8Array.from(data);
  }
  if (sa_family(gwsa) !== AF_INET) throw new Errno(EINVAL);
  const gateway = sin_addr(gwsa);
  const isGateway = (flags & RTF_GATEWAY) !== 0;
  const ifa = net.ifaFor(gateway, isGateway);
  if (ifa === null) throw new Errno(ENETUNREACH);
  net.rt.add(
    new Rtentry((dst & mask) >>> 0, mask, gateway, RTF_UP | (flags & (RTF_GATEWAY | RTF_HOST)), ifa),
  );
  return Uint8Array.from(data);
}

/**
 * sun3lab's record of a route for netstat -r and route (struct rtinfo,
 * <net/route.h>), 56 bytes: 0 destination (sockaddr_in), 16 gateway
 * (sockaddr_in), 32 flags (short), 34 references (short), 36 use,
 * 40 interface name (16 bytes).
 */
export const RTINFO_SIZE = 56;

export function rtinfo(rt: Rtentry): Uint8Array {
  const out = new Uint8Array(RTINFO_SIZE);
  const v = new DataView(out.buffer);
  out.set(sockaddr_in(rt.dst), 0);
  out.set(sockaddr_in(rt.gateway), 16);
  v.setInt16(32, rt.flags);
  v.setInt16(34, rt.refcnt);
  v.setInt32(36, rt.use);
  out.set(new TextEncoder().encode(rt.ifp.xname).subarray(0, 15), 40);
  return out;
}
