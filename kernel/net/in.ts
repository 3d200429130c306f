/**
 * Internet addresses (4.3BSD's netinet/in.c and in.h, in_var.h): the
 * address classes and their default netmasks, the Internet address of an
 * interface (`InIfaddr`: address, subnet mask, subnet, broadcast address),
 * the ioctls that set and get them (in_control), and the two questions
 * IP asks of them: is this address a broadcast, and which interface
 * reaches it.
 *
 * An address is an unsigned 32-bit number whose bytes, most significant
 * first, are the address in network order: 192.9.200.1 is 0xC009C801.
 *
 * Giving an interface its address also puts the route to its subnet in
 * the routing table (route.ts; for the loopback, a host route); the
 * routing ioctls (SIOCADDRT, SIOCDELRT) and sun3lab's switch for IP
 * forwarding (SIOCSIPFORWARDING) come here too, on any Internet socket.
 */
import { EADDRNOTAVAIL, EINVAL, Errno } from '../errno.js';
import { suser, type Ucred } from '../proc/cred.js';
import {
  IFF_BROADCAST,
  IFF_LOOPBACK,
  IFF_UP,
  type Ifnet,
  ifreqUnit,
  SIOCGIFADDR,
  SIOCGIFBRDADDR,
  SIOCGIFNETMASK,
  SIOCSIFADDR,
  SIOCSIFBRDADDR,
  SIOCSIFNETMASK,
} from './if.js';
import type { Net } from './net.js';
import { RTF_HOST, RTF_UP, Rtentry, rtioctl } from './route.js';
import { AF_INET, sa_family, sin_addr, sockaddr_in } from './socket.js';

export const IPPROTO_IP = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_RAW = 255;

export const INADDR_ANY = 0;
export const INADDR_BROADCAST = 0xffffffff;
export const INADDR_LOOPBACK = 0x7f000001;

export const IN_CLASSA_NET = 0xff000000;
export const IN_CLASSB_NET = 0xffff0000;
export const IN_CLASSC_NET = 0xffffff00;

/** The network mask of an address's class (A, B or C; 0 for class D and E). */
export function in_classmask(a: number): number {
  if ((a & 0x80000000) === 0) return IN_CLASSA_NET;
  if (((a >>> 30) & 3) === 2) return IN_CLASSB_NET;
  if (((a >>> 29) & 7) === 6) return IN_CLASSC_NET;
  return 0;
}

/** "192.9.200.1", for messages. */
export function inet_ntoa(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}`;
}

/** The Internet address of an interface (4.3BSD's struct in_ifaddr). */
export class InIfaddr {
  addr = INADDR_ANY;
  /** The network mask of the address's class, and the network. */
  netmask = 0;
  net = 0;
  /** The subnet mask (at least the class mask) and the subnet. */
  subnetmask = 0;
  subnet = 0;
  /** The subnet's broadcast address, and the whole network's. */
  broadaddr = 0;
  netbroadcast = 0;

  constructor(readonly ifp: Ifnet) {}

  /** Work out the network, subnet and broadcast addresses from the address and the masks (part of in_ifinit). */
  compute(): void {
    const a = this.addr;
    this.netmask = in_classmask(a) || 0xffffffff;
    this.net = (a & this.netmask) >>> 0;
    this.subnetmask = (this.subnetmask | this.netmask) >>> 0;
    this.subnet = (a & this.subnetmask) >>> 0;
    if (this.ifp.flags & IFF_BROADCAST) {
      this.broadaddr = (this.subnet | ~this.subnetmask) >>> 0;
      this.netbroadcast = (this.net | ~this.netmask) >>> 0;
    }
  }

  /** Whether `dst` is on this interface's subnet (an interface route). */
  reaches(dst: number): boolean {
    return ((dst & this.subnetmask) >>> 0 === this.subnet && this.subnetmask !== 0) || this.isBroadcast(dst);
  }

  /** Whether `a` is a broadcast address of this interface's subnet or network (all ones, or 4.2BSD's all zeros). */
  isBroadcast(a: number): boolean {
    if (!(this.ifp.flags & IFF_BROADCAST)) return false;
    return a === this.broadaddr || a === this.netbroadcast || a === this.subnet || a === this.net;
  }
}

/** Whether `a` is a broadcast address for any interface, or the limited broadcast (4.3BSD's in_broadcast). */
export function in_broadcast(net: Net, a: number): boolean {
  if (a === INADDR_BROADCAST || a === INADDR_ANY) return true;
  return net.in_ifaddr.some((ia) => ia.addr !== INADDR_ANY && ia.isBroadcast(a));
}

/** The interface address whose subnet `a` is on, of an interface that is up (ifa_ifwithnet). */
export function ifa_ifwithnet(net: Net, a: number): InIfaddr | null {
  for (const ia of net.in_ifaddr)
    if (ia.addr !== INADDR_ANY && ia.ifp.flags & IFF_UP && (a & ia.subnetmask) >>> 0 === ia.subnet) return ia;
  return null;
}

/** Whether `a` is on a network directly attached to this machine (in_localaddr: TCP's larger segments). */
export function in_localaddr(net: Net, a: number): boolean {
  return net.in_ifaddr.some((ia) => ia.addr !== INADDR_ANY && (a & ia.subnetmask) >>> 0 === ia.subnet);
}

/** The first Internet address configured (the head of 4.3BSD's in_ifaddr list), or null. */
export function in_ifaddr_first(net: Net): InIfaddr | null {
  return net.in_ifaddr.find((ia) => ia.addr !== INADDR_ANY) ?? null;
}

/** The interface address equal to `a`, if this machine has it (ifa_ifwithaddr). */
export function ifa_ifwithaddr(net: Net, a: number): InIfaddr | null {
  return net.in_ifaddr.find((ia) => ia.addr === a && a !== INADDR_ANY) ?? null;
}

/**
 * The interface that reaches `dst` directly: the first interface that is
 * up and has `dst` on its subnet; for the limited broadcast, the first
 * broadcast interface that is up. Null: no route.
 */
export function in_route(net: Net, dst: number): InIfaddr | null {
  const up = net.in_ifaddr.filter((ia) => ia.ifp.flags & IFF_UP && ia.addr !== INADDR_ANY);
  if (dst === INADDR_BROADCAST) return up.find((ia) => ia.ifp.flags & IFF_BROADCAST) ?? null;
  return up.find((ia) => ia.reaches(dst)) ?? null;
}

/** The Internet address of an interface, made on first use. */
function ifaddrOf(net: Net, ifp: Ifnet): InIfaddr {
  let ia = ifp.addrs[0];
  if (!ia) {
    ia = new InIfaddr(ifp);
    ifp.addrs.push(ia);
    net.in_ifaddr.push(ia);
  }
  return ia;
}

/** An address from the sockaddr in an ifreq's union (it must be AF_INET). */
function ifreqAddr(req: Uint8Array): number {
  const sa = req.subarray(16, 32);
  if (sa_family(sa) !== AF_INET) throw new Errno(EINVAL);
  return sin_addr(sa);
}

/**
 * The Internet ioctls on an interface (in_control): SIOCSIFADDR sets the
 * address (and brings the interface up), SIOCSIFNETMASK the subnet mask,
 * SIOCSIFBRDADDR the broadcast address; the SIOCG forms read them.
 * Returns the ifreq to copy out, or null if `cmd` is not one of them.
 */
export function in_control(net: Net, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null {
  const routed = rtioctl(
    {
      ifaddrs: net.in_ifaddr,
      rt: net.rt,
      ifaFor: (gw, isGateway) => (isGateway ? ifa_ifwithnet(net, gw) : ifa_ifwithaddr(net, gw)),
    },
    cmd,
    data,
    cred,
  );
  if (routed !== null) return routed;
  if (cmd === SIOCGIPFORWARDING || cmd === SIOCSIPFORWARDING) {
    const out = Uint8Array.from(data.subarray(0, 4));
    const v = new DataView(out.buffer);
    if (cmd === SIOCSIPFORWARDING) {
      suser(cred);
      if (data.length < 4) throw new Errno(EINVAL);
      const was = net.ipforwarding;
      net.ipforwarding = new DataView(data.buffer, data.byteOffset, 4).getInt32(0) !== 0;
      v.setInt32(0, was ? 1 : 0);
    } else v.setInt32(0, net.ipforwarding ? 1 : 0);
    return out;
  }
  switch (cmd) {
    case SIOCSIFADDR:
    case SIOCSIFNETMASK:
    case SIOCSIFBRDADDR:
      suser(cred);
      break;
    case SIOCGIFADDR:
    case SIOCGIFNETMASK:
    case SIOCGIFBRDADDR:
      break;
    default:
      return null;
  }
  const ifp = ifreqUnit(net, data);
  const out = Uint8Array.from(data);
  const put = (a: number) => out.set(sockaddr_in(a), 16);
  switch (cmd) {
    case SIOCGIFADDR:
    case SIOCGIFNETMASK:
    case SIOCGIFBRDADDR: {
      const ia = ifp.addrs[0];
      if (!ia || ia.addr === INADDR_ANY) throw new Errno(EADDRNOTAVAIL);
      put(cmd === SIOCGIFADDR ? ia.addr : cmd === SIOCGIFNETMASK ? ia.subnetmask : ia.broadaddr);
      return out;
    }
    case SIOCSIFNETMASK: {
      const ia = ifaddrOf(net, ifp);
      ia.subnetmask = ifreqAddr(data);
      if (ia.addr !== INADDR_ANY) {
        ia.compute();
        rtinit(net, ia);
      }
      return out;
    }
    case SIOCSIFBRDADDR: {
      const ia = ifp.addrs[0];
      if (!ia || ia.addr === INADDR_ANY || !(ifp.flags & IFF_BROADCAST)) throw new Errno(EINVAL);
      ia.broadaddr = ifreqAddr(data);
      return out;
    }
    default:
      in_ifinit(net, ifp, ifreqAddr(data));
      return out;
  }
}

/**
 * Give an interface its address (4.3BSD's in_ifinit): work out its
 * network, subnet and broadcast addresses, bring it up, and let the driver
 * start the hardware (for an Ethernet: and announce the address, ARP).
 */
export function in_ifinit(net: Net, ifp: Ifnet, addr: number): void {
  if (addr === INADDR_ANY || addr === INADDR_BROADCAST) throw new Errno(EINVAL);
  const ia = ifaddrOf(net, ifp);
  // A subnet mask set before (ifconfig sets it first) stays; compute() widens it to the class mask at least.
  ia.addr = addr;
  ia.compute();
  ifp.flags |= IFF_UP;
  rtinit(net, ia);
  ifp.ioctl(SIOCSIFADDR);
}

/**
 * The interface route of an address (4.3BSD's rtinit from in_ifinit): the
 * old one goes, and the route to the subnet (the loopback: a host route to
 * its address) comes, through this interface, with the interface's own
 * address as the "gateway".
 */
export function rtinit(net: Net, ia: InIfaddr): void {
  net.rt.deleteVia(ia);
  const host = (ia.ifp.flags & IFF_LOOPBACK) !== 0;
  const mask = host ? 0xffffffff : ia.subnetmask;
  const dst = host ? ia.addr : ia.subnet;
  const old = net.rt.find(dst, mask);
  if (old !== null) net.rt.delete(old);
  net.rt.add(new Rtentry(dst, mask, ia.addr, RTF_UP | (host ? RTF_HOST : 0), ia));
}

/**
 * sun3lab's IP forwarding switch (4.3BSD set ipforwarding with adb): an
 * int, 1 to forward datagrams for other machines, 0 (the default) not to.
 * SIOCSIPFORWARDING is for the super-user and gives back the old value.
 */
export const SIOCGIPFORWARDING = (0xc0000000 | (4 << 16) | (0x69 << 8) | 62) >>> 0;
export const SIOCSIPFORWARDING = (0xc0000000 | (4 << 16) | (0x69 << 8) | 63) >>> 0;
