/**
 * Network interfaces (4.4BSD's net/if.c and if.h): the `Ifnet` every
 * driver provides — its name, flags, MTU, counters and send queue, and
 * the operations the protocols call (output) and the driver implements
 * (start, ioctl, watchdog) — the interface list, lookup by name, the
 * interface ioctls that are not about an address family (flags, the
 * counters, the list for ifconfig -a), and the watchdog timer.
 *
 * The address of an interface belongs to a protocol family: the Internet
 * addresses are InIfaddr records (in.ts) hung on `addrs`.
 */
import { ENXIO, Errno } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import { suser } from '../proc/cred.js';
import type { InIfaddr } from './in.js';
import type { Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { sockaddr_in } from './socket.js';

// Interface flags (SunOS 4's net/if.h).
export const IFF_UP = 0x1;
export const IFF_BROADCAST = 0x2;
export const IFF_DEBUG = 0x4;
export const IFF_LOOPBACK = 0x8;
export const IFF_POINTOPOINT = 0x10;
export const IFF_NOTRAILERS = 0x20;
/** The driver has set the hardware up (a driver sets and clears it; ifconfig cannot). */
export const IFF_RUNNING = 0x40;
export const IFF_NOARP = 0x80;
export const IFF_PROMISC = 0x100;
/** Flags only the driver changes. */
export const IFF_CANTCHANGE = IFF_BROADCAST | IFF_POINTOPOINT | IFF_RUNNING | IFF_LOOPBACK;

/** Interface types (4.4BSD's net/if_types.h). */
export const IFT_ETHER = 0x6;
export const IFT_LOOP = 0x18;

/** Longest send queue (4.4BSD's IFQ_MAXLEN). */
export const IFQ_MAXLEN = 50;
export const IFNAMSIZ = 16;

/** A queue of packets with a limit, as the drivers' send queues and ipintrq (IF_ENQUEUE, IF_DEQUEUE, IF_QFULL). */
export class IfQueue {
  private readonly q: Mbuf[] = [];
  /** Packets refused because the queue was full. */
  drops = 0;

  constructor(public maxlen = IFQ_MAXLEN) {}

  get len(): number {
    return this.q.length;
  }
  get full(): boolean {
    return this.q.length >= this.maxlen;
  }
  enqueue(m: Mbuf): void {
    this.q.push(m);
  }
  /** Put a packet back at the head (IF_PREPEND: the driver could not take it after all). */
  prepend(m: Mbuf): void {
    this.q.unshift(m);
  }
  dequeue(): Mbuf | undefined {
    return this.q.shift();
  }
  clear(): void {
    this.q.length = 0;
  }
}

/** Where output goes: an Internet address, or (ARP) a link header given whole. */
export type Dst = { family: 'inet'; addr: number } | { family: 'unspec'; dhost: Uint8Array; type: number };

/**
 * A network interface (4.4BSD's struct ifnet). Drivers extend it; the
 * protocols see only this.
 */
export abstract class Ifnet {
  flags = 0;
  metric = 0;
  /** Seconds until the watchdog fires (0: off); the driver sets it while a transmission is outstanding. */
  timer = 0;
  /** The send queue: output puts packets here and start() takes them to the hardware. */
  readonly snd = new IfQueue(IFQ_MAXLEN);
  /** Internet addresses of this interface (in.ts). */
  readonly addrs: InIfaddr[] = [];

  // Counters (4.4BSD's struct if_data).
  ipackets = 0;
  ierrors = 0;
  opackets = 0;
  oerrors = 0;
  collisions = 0;
  ibytes = 0;
  obytes = 0;
  imcasts = 0;
  omcasts = 0;
  /** Input packets dropped because a queue was full. */
  iqdrops = 0;
  /** Input packets for a protocol this kernel does not have. */
  noproto = 0;

  constructor(
    readonly net: Net,
    readonly name: string,
    readonly unit: number,
    readonly type: number,
    public mtu: number,
  ) {}

  /** "le0". */
  get xname(): string {
    return `${this.name}${this.unit}`;
  }

  /** The link-level address (empty for the loopback). */
  get lladdr(): Uint8Array {
    return new Uint8Array(0);
  }

  /** Send a packet to `dst` (if_output): queue it and start the hardware; Errno on failure. */
  abstract output(m: Mbuf, dst: Dst): void;

  /** Take packets off the send queue to the hardware (if_start). */
  start(): void {}

  /**
   * The driver's part of an ioctl (if_ioctl): an address was set, or the
   * flags changed (IFF_UP on or off), so the hardware is started or stopped.
   */
  ioctl(_cmd: number): void {}

  /** The watchdog fired: the transmitter seems stuck (if_watchdog). */
  watchdog(): void {}

  /** The driver's own error counters, by name (ifconfig shows them). */
  driverStats(): [string, number][] {
    return [];
  }
}

/** Put an interface on the list (if_attach). */
export function if_attach(net: Net, ifp: Ifnet): void {
  net.ifnet.push(ifp);
}

/** The interface named `name`, e.g. "le0" (ifunit). */
export function ifunit(net: Net, name: string): Ifnet | null {
  return net.ifnet.find((ifp) => ifp.xname === name) ?? null;
}

/**
 * Once a second (4.4BSD's if_slowtimo): count down each interface's
 * watchdog timer and call its watchdog when it reaches zero.
 */
export function if_slowtimo(net: Net): void {
  for (const ifp of net.ifnet) {
    if (ifp.timer === 0 || --ifp.timer > 0) continue;
    ifp.watchdog();
  }
}

// ------------------------------------------------------------------ ioctls

/**
 * Socket ioctls, encoded as SunOS 4 encodes them (sys/sockio.h): struct
 * ifreq is 32 bytes, the name (16) and a union (16) holding a sockaddr,
 * the flags (a short) or a metric (an int).
 */
export const IFREQ_SIZE = 32;
const IOW = (n: number, size: number) => (0x80000000 | (size << 16) | (0x69 << 8) | n) >>> 0;
const IOWR = (n: number, size: number) => (0xc0000000 | (size << 16) | (0x69 << 8) | n) >>> 0;
export const SIOCSIFADDR = IOW(12, IFREQ_SIZE);
export const SIOCGIFADDR = IOWR(13, IFREQ_SIZE);
export const SIOCSIFFLAGS = IOW(16, IFREQ_SIZE);
export const SIOCGIFFLAGS = IOWR(17, IFREQ_SIZE);
/** struct ifconf: int ifc_len; caddr_t ifc_buf. */
export const SIOCGIFCONF = IOWR(20, 8);
export const SIOCGIFMTU = IOWR(22, IFREQ_SIZE);
export const SIOCGIFBRDADDR = IOWR(23, IFREQ_SIZE);
export const SIOCSIFBRDADDR = IOW(24, IFREQ_SIZE);
export const SIOCGIFNETMASK = IOWR(25, IFREQ_SIZE);
export const SIOCSIFNETMASK = IOW(26, IFREQ_SIZE);
export const SIOCGIFMETRIC = IOWR(27, IFREQ_SIZE);
export const SIOCSIFMETRIC = IOW(28, IFREQ_SIZE);

/**
 * sun3lab's own: an interface's type, link address, MTU and counters, the
 * driver's error counters included (`struct ifdatareq`, net/if.h), in
 * place of reading them from /dev/kmem as SunOS's netstat -i did.
 *
 *   0 name[16]  16 type (byte)  17 address length (byte)  18 address[6]
 *  24 mtu  28 metric  32 ipackets  36 ierrors  40 opackets  44 oerrors
 *  48 collisions  52 ibytes  56 obytes  60 imcasts  64 omcasts  68 iqdrops
 *  72 noproto  76 send queue length  80 its limit  84 its drops
 *  88 how many driver counters follow  92 up to 13 of { name[8]; long value }
 */
export const IFDATAREQ_SIZE = 248;
export const IFDATA_NDRV = 13;
export const SIOCGIFDATA = IOWR(60, IFDATAREQ_SIZE);

/** The interface an ifreq names (ENXIO if none). */
export function ifreqUnit(net: Net, req: Uint8Array): Ifnet {
  const end = req.indexOf(0);
  const name = new TextDecoder().decode(req.subarray(0, end < 0 || end > IFNAMSIZ ? IFNAMSIZ : end));
  const ifp = ifunit(net, name);
  if (!ifp) throw new Errno(ENXIO);
  return ifp;
}

/** A copy of an ifreq with `ifp`'s name in it. */
export function ifreqFor(ifp: Ifnet): Uint8Array {
  const req = new Uint8Array(IFREQ_SIZE);
  req.set(new TextEncoder().encode(ifp.xname).subarray(0, IFNAMSIZ - 1));
  return req;
}

/**
 * The family-independent interface ioctls (4.4BSD's ifioctl): flags,
 * metric, MTU and the counters. Returns the ifreq to copy out, or null if
 * `cmd` is not one of them.
 */
export function ifioctl(net: Net, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null {
  switch (cmd) {
    case SIOCGIFFLAGS:
    case SIOCSIFFLAGS:
    case SIOCGIFMETRIC:
    case SIOCSIFMETRIC:
    case SIOCGIFMTU:
    case SIOCGIFDATA:
      break;
    default:
      return null;
  }
  const ifp = ifreqUnit(net, data);
  const out = Uint8Array.from(data);
  const v = new DataView(out.buffer);
  switch (cmd) {
    case SIOCGIFFLAGS:
      v.setInt16(16, ifp.flags);
      return out;
    case SIOCSIFFLAGS: {
      suser(cred);
      const want = v.getUint16(16);
      const wasUp = ifp.flags & IFF_UP;
      ifp.flags = (ifp.flags & IFF_CANTCHANGE) | (want & ~IFF_CANTCHANGE);
      if (wasUp && !(ifp.flags & IFF_UP)) if_down(ifp);
      ifp.ioctl(cmd);
      return out;
    }
    case SIOCGIFMETRIC:
      v.setInt32(16, ifp.metric);
      return out;
    case SIOCSIFMETRIC:
      suser(cred);
      ifp.metric = v.getInt32(16);
      return out;
    case SIOCGIFMTU:
      v.setInt32(16, ifp.mtu);
      return out;
    default:
      return ifdata(ifp, data);
  }
}

/** The interface's struct ifdatareq (SIOCGIFDATA). */
function ifdata(ifp: Ifnet, req: Uint8Array): Uint8Array {
  const out = new Uint8Array(IFDATAREQ_SIZE);
  out.set(req.subarray(0, IFNAMSIZ));
  const v = new DataView(out.buffer);
  const ll = ifp.lladdr;
  out[16] = ifp.type;
  out[17] = ll.length;
  out.set(ll.subarray(0, 6), 18);
  const longs = [
    ifp.mtu,
    ifp.metric,
    ifp.ipackets,
    ifp.ierrors,
    ifp.opackets,
    ifp.oerrors,
    ifp.collisions,
    ifp.ibytes,
    ifp.obytes,
    ifp.imcasts,
    ifp.omcasts,
    ifp.iqdrops,
    ifp.noproto,
    ifp.snd.len,
    ifp.snd.maxlen,
    ifp.snd.drops,
  ];
  longs.forEach((x, i) => {
    v.setInt32(24 + 4 * i, x);
  });
  const drv = ifp.driverStats().slice(0, IFDATA_NDRV);
  v.setInt32(88, drv.length);
  drv.forEach(([name, value], i) => {
    out.set(new TextEncoder().encode(name).subarray(0, 7), 92 + 12 * i);
    v.setInt32(92 + 12 * i + 8, value);
  });
  return out;
}

/** The interface went down (if_down): what waits in its send queue is thrown away. */
export function if_down(ifp: Ifnet): void {
  ifp.flags &= ~IFF_UP;
  ifp.snd.clear();
}

/** SIOCGIFCONF: one ifreq per Internet address of each interface (and one, empty, per interface without), at most `space` bytes. */
export function ifconf(net: Net, space: number): Uint8Array {
  const reqs: Uint8Array[] = [];
  for (const ifp of net.ifnet) {
    const addrs = ifp.addrs.filter((ia) => ia.addr !== 0).map((ia) => ia.addr);
    for (const a of addrs.length > 0 ? addrs : [null]) {
      if ((reqs.length + 1) * IFREQ_SIZE > space) break;
      const req = ifreqFor(ifp);
      if (a !== null) req.set(sockaddr_in(a), 16);
      reqs.push(req);
    }
  }
  const out = new Uint8Array(reqs.length * IFREQ_SIZE);
  reqs.forEach((r, i) => {
    out.set(r, i * IFREQ_SIZE);
  });
  return out;
}
