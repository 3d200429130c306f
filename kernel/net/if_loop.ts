/**
 * The loopback interface, lo0 (4.4BSD's net/if_loop.c): what IP sends to
 * it comes straight back in, through ipintrq and the network software
 * interrupt, as if it had arrived on a wire. Datagrams to any of this
 * machine's own addresses go this way (ip_output.ts), and so does this
 * machine's copy of a broadcast it sends on an Ethernet.
 */
import { ENOBUFS, Errno } from '../errno.js';
import { type Dst, IFF_LOOPBACK, IFF_RUNNING, IFT_LOOP, Ifnet, if_attach } from './if.js';
import type { Mbuf } from './mbuf.js';
import { NETISR_IP, type Net } from './net.js';

/** The loopback's MTU (4.3BSD's LOMTU). */
export const LOMTU = 1536;

export class Loopback extends Ifnet {
  constructor(net: Net) {
    super(net, 'lo', 0, IFT_LOOP, LOMTU);
    this.flags = IFF_LOOPBACK | IFF_RUNNING; // nothing to start: always running
  }

  override output(m: Mbuf, dst: Dst): void {
    looutput(this, this, m, dst);
  }
}

/**
 * Loop a datagram back to this machine (looutput). `ifp` is the interface
 * it is to seem to have come in on: lo0 itself, or the Ethernet whose
 * broadcast this machine also receives (so that an answer to it comes from
 * the Ethernet's address).
 */
export function looutput(lo: Ifnet, ifp: Ifnet, m: Mbuf, dst: Dst): void {
  lo.opackets++;
  lo.obytes += m.len;
  if (dst.family !== 'inet') return;
  const q = lo.net.ipintrq;
  if (q.full) {
    q.drops++;
    lo.iqdrops++;
    throw new Errno(ENOBUFS);
  }
  m.rcvif = ifp;
  lo.ipackets++;
  lo.ibytes += m.len;
  q.enqueue(m);
  lo.net.schednetisr(NETISR_IP);
}

/** Attach lo0 (loattach). */
export function loattach(net: Net): Loopback {
  const lo = new Loopback(net);
  if_attach(net, lo);
  net.loif = lo;
  return lo;
}
