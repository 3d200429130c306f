/**
 * ARP, the Address Resolution Protocol for IP over Ethernet (RFC 826),
 * as 4.3BSD's netinet/if_ether.c does it: `arptab`, a small hashed table
 * of Internet-to-Ethernet translations; arpresolve, which IP output asks
 * for a destination's Ethernet address; arpinput, which learns from every
 * ARP packet, answers requests for this machine's address (and for the
 * entries published for others), and sends the packet that waited; and
 * arptimer, which ages the table.
 *
 * - An unresolved address gets an incomplete entry and a request
 *   broadcast; the entry holds the one most recent packet for that
 *   address (an older one is dropped) until the reply comes. A new
 *   packet for it asks again, but no more than once a second.
 * - Every minute the entries not in use age; a complete entry goes after
 *   20 minutes without use, an incomplete one after 3. Permanent entries
 *   (arp -s) stay.
 * - When a machine's address is set the interface announces it with a
 *   request for that very address (gratuitous ARP); whoever answers holds
 *   the same address, and both machines say so on their consoles.
 * - The ioctls SIOCSARP, SIOCGARP and SIOCDARP (struct arpreq) add, read
 *   and delete an entry, and sun3lab's SIOCGARPTAB lists them (arp -a).
 */
import { EADDRNOTAVAIL, EAFNOSUPPORT, ENETUNREACH, ENXIO, Errno } from '../errno.js';
import { HZ } from '../param.js';
import { suser, type Ucred } from '../proc/cred.js';
import { IFF_UP } from './if.js';
import {
  type Arpcom,
  ETHER_ADDR_LEN,
  ETHERTYPE_ARP,
  ETHERTYPE_IP,
  ether_equal,
  ether_sprintf,
  etherbroadcastaddr,
} from './if_ethersubr.js';
import { in_route, inet_ntoa } from './in.js';
import { M_BCAST, Mbuf } from './mbuf.js';
import type { Net } from './net.js';
import { AF_INET, AF_UNSPEC, sa_family, sin_addr, sockaddr_in } from './socket.js';

export const ARPHRD_ETHER = 1;
export const ARPOP_REQUEST = 1;
export const ARPOP_REPLY = 2;
/** An ARP packet for IP over Ethernet (struct ether_arp): 28 bytes. */
export const ETHER_ARP_LEN = 28;

// arptab: ARPTAB_NB buckets of ARPTAB_BSIZ entries, hashed by address.
export const ARPTAB_BSIZ = 9;
export const ARPTAB_NB = 19;
export const ARPTAB_SIZE = ARPTAB_BSIZ * ARPTAB_NB;

/** Aging: arptimer runs every ARPT_AGE seconds; entries go after so many runs without use. */
export const ARPT_AGE = 60;
export const ARPT_KILLC = 20;
export const ARPT_KILLI = 3;

// Entry flags (net/if_arp.h).
export const ATF_INUSE = 0x01;
export const ATF_COM = 0x02;
export const ATF_PERM = 0x04;
export const ATF_PUBL = 0x08;
export const ATF_USETRAILERS = 0x10;

/** One translation (struct arptab). */
export class ArpEntry {
  iaddr = 0;
  readonly enaddr = new Uint8Array(ETHER_ADDR_LEN);
  /** Minutes since the entry was last used or confirmed. */
  timer = 0;
  flags = 0;
  /** The last packet waiting for the address, and the interface it goes out on. */
  hold: Mbuf | null = null;
  ac: Arpcom | null = null;
  /** The second (of uptime) the last request for it went out: at most one a second. */
  asked = -1;
}

/** The table and its counters. */
export class ArpTable {
  readonly tab = Array.from({ length: ARPTAB_SIZE }, () => new ArpEntry());
  /** Seconds counted towards the next arptimer run. */
  age = 0;
  /** Requests and replies sent and received, packets dropped while waiting, requests held back by the rate limit. */
  readonly stats = { requests: 0, replies: 0, received: 0, dropped: 0, limited: 0 };

  /** The entry for `a` (ARPTAB_LOOK), or null. */
  look(a: number): ArpEntry | null {
    const b = (a % ARPTAB_NB) * ARPTAB_BSIZ;
    for (let n = 0; n < ARPTAB_BSIZ; n++) {
      const at = this.tab[b + n];
      if (at.flags & ATF_INUSE && at.iaddr === a) return at;
    }
    return null;
  }

  /**
   * A new entry for `a` (arptnew): a free slot of its bucket, or else the
   * one unused the longest that is not permanent; null if all are.
   */
  alloc(a: number): ArpEntry | null {
    const b = (a % ARPTAB_NB) * ARPTAB_BSIZ;
    let oldest: ArpEntry | null = null;
    for (let n = 0; n < ARPTAB_BSIZ; n++) {
      const at = this.tab[b + n];
      if (at.flags === 0) {
        oldest = at;
        break;
      }
      if (at.flags & ATF_PERM) continue;
      if (oldest === null || at.timer > oldest.timer) oldest = at;
    }
    if (oldest === null) return null;
    this.free(oldest);
    oldest.iaddr = a;
    oldest.flags = ATF_INUSE;
    return oldest;
  }

  /** Empty an entry (arptfree); a packet it held is dropped. */
  free(at: ArpEntry): void {
    if (at.hold) this.stats.dropped++;
    at.hold = null;
    at.ac = null;
    at.timer = 0;
    at.flags = 0;
    at.iaddr = 0;
    at.asked = -1;
    at.enaddr.fill(0);
  }
}

/**
 * Every ARPT_AGE seconds (arptimer): age the entries, freeing a complete
 * one after ARPT_KILLC minutes without use and an incomplete one after
 * ARPT_KILLI.
 */
export function arptimer(net: Net): void {
  for (const at of net.arptab.tab) {
    if (at.flags === 0 || at.flags & ATF_PERM) continue;
    if (++at.timer < (at.flags & ATF_COM ? ARPT_KILLC : ARPT_KILLI)) continue;
    net.arptab.free(at);
  }
}

/**
 * The Ethernet address to send `m` to Internet address `dst` (arpresolve):
 * the broadcast address for a broadcast, the table's entry if complete.
 * Otherwise the packet waits in the entry (replacing one that waited
 * before), a request goes out, and null is returned.
 */
export function arpresolve(ac: Arpcom, m: Mbuf, dst: number): Uint8Array | null {
  if (m.flags & M_BCAST) return etherbroadcastaddr;
  const tab = ac.net.arptab;
  let at = tab.look(dst);
  if (at === null) {
    at = tab.alloc(dst);
    if (at === null) {
      tab.stats.dropped++;
      return null;
    }
  }
  at.timer = 0;
  if (at.flags & ATF_COM) return at.enaddr;
  if (at.hold) tab.stats.dropped++;
  at.hold = m;
  at.ac = ac;
  // At most one request a second for an address (4.4BSD's rule), however fast packets come for it.
  const second = Math.floor(ac.net.ticks / HZ);
  if (at.asked === second) tab.stats.limited++;
  else {
    at.asked = second;
    arpwhohas(ac, dst);
  }
  return null;
}

/** Broadcast a request for `addr`'s Ethernet address (arpwhohas); asking for one's own announces it. */
export function arpwhohas(ac: Arpcom, addr: number): void {
  const m = Mbuf.get(ETHER_ARP_LEN);
  const v = m.view();
  v.setUint16(0, ARPHRD_ETHER);
  v.setUint16(2, ETHERTYPE_IP);
  v.setUint8(4, ETHER_ADDR_LEN);
  v.setUint8(5, 4);
  v.setUint16(6, ARPOP_REQUEST);
  m.data.set(ac.enaddr, 8);
  v.setUint32(14, ac.ipaddr);
  v.setUint32(24, addr);
  ac.net.arptab.stats.requests++;
  arpoutput(ac, m, etherbroadcastaddr);
}

function arpoutput(ac: Arpcom, m: Mbuf, dhost: Uint8Array): void {
  try {
    ac.output(m, { family: 'unspec', dhost, type: ETHERTYPE_ARP });
  } catch {
    // The interface is down or its queue is full: ARP asks again next time.
    ac.net.arptab.stats.dropped++;
  }
}

/**
 * An ARP packet came in (arpinput and in_arpinput): learn or refresh the
 * sender's translation (and send the packet that waited for it), and
 * answer a request for this machine's address, or for an address this
 * machine publishes.
 */
export function arpinput(ac: Arpcom, m: Mbuf): void {
  const net = ac.net;
  const tab = net.arptab;
  if (m.len < ETHER_ARP_LEN) return;
  const v = m.view();
  if (v.getUint16(0) !== ARPHRD_ETHER || v.getUint16(2) !== ETHERTYPE_IP) return;
  if (v.getUint8(4) !== ETHER_ADDR_LEN || v.getUint8(5) !== 4) return;
  const myaddr = ac.ipaddr;
  if (myaddr === 0 || !(ac.flags & IFF_UP)) return;
  tab.stats.received++;
  const op = v.getUint16(6);
  const sha = Uint8Array.from(m.data.subarray(8, 14));
  const isaddr = v.getUint32(14);
  const itaddr = v.getUint32(24);
  if (ether_equal(sha, ac.enaddr)) return; // our own (looped back)
  if (ether_equal(sha, etherbroadcastaddr)) {
    net.log(`arp: ether address is broadcast for IP address ${inet_ntoa(isaddr)}!\n`);
    return;
  }
  if (isaddr === myaddr) {
    // Someone else claims our address: say so, and defend it when asked.
    net.log(`duplicate IP address!! sent from ethernet address: ${ether_sprintf(sha)}\n`);
    if (op === ARPOP_REQUEST) arpreply(ac, m, sha, myaddr, ac.enaddr);
    return;
  }
  let at = tab.look(isaddr);
  if (at !== null) {
    at.enaddr.set(sha);
    at.flags |= ATF_COM;
    at.timer = 0;
    const held = at.hold;
    at.hold = null;
    if (held && at.ac) {
      try {
        at.ac.output(held, { family: 'inet', addr: isaddr });
      } catch {
        tab.stats.dropped++;
      }
    }
  } else if (itaddr === myaddr) {
    // It is talking to us: we will surely talk back, so remember it.
    at = tab.alloc(isaddr);
    if (at !== null) {
      at.enaddr.set(sha);
      at.flags |= ATF_COM;
    }
  }
  if (op !== ARPOP_REQUEST) return;
  if (itaddr === myaddr) arpreply(ac, m, sha, itaddr, ac.enaddr);
  else {
    const pub = tab.look(itaddr);
    if (pub !== null && pub.flags & ATF_PUBL && pub.flags & ATF_COM) arpreply(ac, m, sha, itaddr, pub.enaddr);
  }
}

/** Turn request `m` into the reply that `tpa` is at `enaddr`, and send it to the asker. */
function arpreply(ac: Arpcom, m: Mbuf, asker: Uint8Array, tpa: number, enaddr: Uint8Array): void {
  const v = m.view();
  const d = m.data;
  const spa = v.getUint32(14);
  d.set(asker, 18); // target: the asker
  v.setUint32(24, spa);
  d.set(enaddr, 8); // sender: the answer
  v.setUint32(14, tpa);
  v.setUint16(6, ARPOP_REPLY);
  m.len = ETHER_ARP_LEN; // any padding the frame had stays behind
  ac.net.arptab.stats.replies++;
  m.flags = 0;
  arpoutput(ac, m, asker);
}

// ------------------------------------------------------------------ ioctls

/** struct arpreq (net/if_arp.h): 0 arp_pa (sockaddr, 16), 16 arp_ha (sockaddr, 16), 32 arp_flags. */
export const ARPREQ_SIZE = 36;
const IOW = (n: number, size: number) => (0x80000000 | (size << 16) | (0x69 << 8) | n) >>> 0;
const IOWR = (n: number, size: number) => (0xc0000000 | (size << 16) | (0x69 << 8) | n) >>> 0;
export const SIOCSARP = IOW(30, ARPREQ_SIZE);
export const SIOCGARP = IOWR(31, ARPREQ_SIZE);
export const SIOCDARP = IOW(32, ARPREQ_SIZE);
/** sun3lab's own: struct arpconf { int arpc_len; struct arpreq *arpc_req; }, as SIOCGIFCONF (arp -a). */
export const SIOCGARPTAB = IOWR(61, 8);

/** An arpreq describing an entry. */
export function arpreqOf(at: ArpEntry): Uint8Array {
  const r = new Uint8Array(ARPREQ_SIZE);
  r.set(sockaddr_in(at.iaddr), 0);
  const v = new DataView(r.buffer);
  v.setInt16(16, AF_UNSPEC);
  if (at.flags & ATF_COM) r.set(at.enaddr, 18);
  v.setInt32(32, at.flags);
  return r;
}

/** Every entry in use, as arpreqs (SIOCGARPTAB). */
export function arptabList(net: Net): Uint8Array[] {
  return net.arptab.tab.filter((at) => at.flags & ATF_INUSE).map(arpreqOf);
}

/**
 * The ARP ioctls (4.3BSD's arpioctl): set an entry (permanent with
 * ATF_PERM, published with ATF_PUBL), get one, delete one. Setting and
 * deleting are for the super-user. Returns the arpreq to copy out, or null
 * if `cmd` is not one of them.
 */
export function arpioctl(net: Net, cmd: number, data: Uint8Array, cred: Ucred): Uint8Array | null {
  if (cmd !== SIOCSARP && cmd !== SIOCGARP && cmd !== SIOCDARP) return null;
  if (cmd !== SIOCGARP) suser(cred);
  const pa = data.subarray(0, 16);
  if (sa_family(pa) !== AF_INET) throw new Errno(EAFNOSUPPORT);
  const addr = sin_addr(pa);
  const tab = net.arptab;
  let at = tab.look(addr);
  const v = new DataView(data.buffer, data.byteOffset, data.length);
  switch (cmd) {
    case SIOCSARP: {
      const ia = in_route(net, addr);
      if (ia === null) throw new Errno(ENETUNREACH);
      if (at === null) at = tab.alloc(addr);
      if (at === null) throw new Errno(EADDRNOTAVAIL);
      at.enaddr.set(data.subarray(18, 24));
      at.flags = ATF_INUSE | ATF_COM | (v.getInt32(32) & (ATF_PERM | ATF_PUBL | ATF_USETRAILERS));
      at.timer = 0;
      return Uint8Array.from(data);
    }
    case SIOCGARP:
      if (at === null) throw new Errno(ENXIO);
      return arpreqOf(at);
    default:
      if (at === null) throw new Errno(ENXIO);
      tab.free(at);
      return Uint8Array.from(data);
  }
}
