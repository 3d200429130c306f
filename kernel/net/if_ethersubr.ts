/**
 * Ethernet framing (4.4BSD's net/if_ethersubr.c and netinet/if_ether.h):
 * the header, ether_output, which finds the destination's Ethernet
 * address (ARP, if_ether.ts) and puts a packet on an interface's send
 * queue, and ether_input, which hands a received frame to its protocol.
 * An Ethernet interface is an `Arpcom`: an Ifnet with a station address.
 *
 * Frames are Ethernet II (DIX): no 802.3 length field, no SNAP, and no
 * trailer encapsulation (interfaces say NOTRAILERS, as SunOS's did with
 * ifconfig -trailers).
 */
import { ENETDOWN, ENOBUFS, Errno } from '../errno.js';
import { type Dst, IFF_BROADCAST, IFF_NOTRAILERS, IFF_RUNNING, IFF_UP, IFT_ETHER, Ifnet } from './if.js';
import { arpinput, arpresolve } from './if_ether.js';
import { looutput } from './if_loop.js';
import { M_BCAST, M_MCAST, type Mbuf } from './mbuf.js';
import { NETISR_IP, type Net } from './net.js';

export const ETHER_ADDR_LEN = 6;
export const ETHER_HDR_LEN = 14;
export const ETHERMTU = 1500;
/** The shortest frame without its FCS: a driver pads to it. */
export const ETHER_MIN_FRAME = 60;
export const ETHERTYPE_IP = 0x0800;
export const ETHERTYPE_ARP = 0x0806;

export const etherbroadcastaddr = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/** "8:0:20:0:0:1", as SunOS prints an Ethernet address (ether_sprintf). */
export function ether_sprintf(a: ArrayLike<number>): string {
  return Array.from(a, (b) => b.toString(16)).join(':');
}

/** Whether two Ethernet addresses are the same. */
export function ether_equal(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < ETHER_ADDR_LEN; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The fields of an Ethernet header at the start of a packet (struct ether_header). */
export class EtherHeader {
  constructor(private readonly m: Mbuf) {}
  get ether_dhost(): Uint8Array {
    return this.m.data.subarray(0, 6);
  }
  get ether_shost(): Uint8Array {
    return this.m.data.subarray(6, 12);
  }
  get ether_type(): number {
    return this.m.view().getUint16(12);
  }
}

/**
 * An Ethernet interface (4.3BSD's struct arpcom): an Ifnet with its
 * station address. Drivers extend it and provide start().
 */
export abstract class Arpcom extends Ifnet {
  constructor(
    net: Net,
    name: string,
    unit: number,
    /** The station address, from the ID PROM. */
    readonly enaddr: Uint8Array,
  ) {
    super(net, name, unit, IFT_ETHER, ETHERMTU);
    this.flags = IFF_BROADCAST | IFF_NOTRAILERS;
  }

  override get lladdr(): Uint8Array {
    return this.enaddr;
  }

  override output(m: Mbuf, dst: Dst): void {
    ether_output(this, m, dst);
  }

  /** The interface's Internet address, or 0 if it has none yet. */
  get ipaddr(): number {
    return this.addrs[0]?.addr ?? 0;
  }
}

/**
 * Send a packet (4.4BSD's ether_output): find the destination's Ethernet
 * address — ARP may have to ask first, and then keeps the packet and
 * returns — prepend the header and queue the frame for the driver. An
 * interface does not hear its own frames, so a broadcast is also looped
 * back to this machine, which is one of the stations it is for.
 */
export function ether_output(ac: Arpcom, m: Mbuf, dst: Dst): void {
  if ((ac.flags & (IFF_UP | IFF_RUNNING)) !== (IFF_UP | IFF_RUNNING)) throw new Errno(ENETDOWN);
  let edst: Uint8Array;
  let type: number;
  if (dst.family === 'inet') {
    const e = arpresolve(ac, m, dst.addr);
    if (e === null) return; // ARP holds the packet until the answer comes
    edst = e;
    type = ETHERTYPE_IP;
    const lo = ac.net.loif;
    if (m.flags & M_BCAST && lo) looutput(lo, ac, m.copy(), dst);
  } else {
    edst = dst.dhost;
    type = dst.type;
  }
  m.prepend(ETHER_HDR_LEN);
  const d = m.data;
  d.set(edst.subarray(0, 6), 0);
  d.set(ac.enaddr, 6);
  m.view().setUint16(12, type);
  if (ac.snd.full) {
    ac.snd.drops++;
    ac.oerrors++;
    throw new Errno(ENOBUFS);
  }
  ac.obytes += m.len;
  if (edst[0] & 1) ac.omcasts++;
  ac.snd.enqueue(m);
  ac.start();
}

/**
 * A frame came in (4.4BSD's ether_input; the driver has counted it): note
 * a broadcast or multicast, strip the header, and pass the packet to IP
 * (through ipintrq and the network software interrupt) or to ARP.
 */
export function ether_input(ac: Arpcom, m: Mbuf): void {
  if (!(ac.flags & IFF_UP) || m.len < ETHER_HDR_LEN) return;
  const eh = new EtherHeader(m);
  const dhost = eh.ether_dhost;
  if (dhost[0] & 1) {
    if (ether_equal(dhost, etherbroadcastaddr)) m.flags |= M_BCAST;
    else m.flags |= M_MCAST;
    ac.imcasts++;
  }
  ac.ibytes += m.len;
  m.rcvif = ac;
  const type = eh.ether_type;
  m.adj(ETHER_HDR_LEN);
  const net = ac.net;
  switch (type) {
    case ETHERTYPE_IP:
      if (net.ipintrq.full) {
        net.ipintrq.drops++;
        ac.iqdrops++;
        return;
      }
      net.ipintrq.enqueue(m);
      net.schednetisr(NETISR_IP);
      return;
    case ETHERTYPE_ARP:
      arpinput(ac, m);
      return;
    default:
      ac.noproto++;
  }
}
