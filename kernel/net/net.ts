/**
 * One machine's network state, in one object (`Kernel.net`): the
 * interfaces and their Internet addresses, IP's input queue, the ARP
 * table, the raw sockets, the protocols' counters — what 4.4BSD keeps in
 * globals spread over net/ and netinet/ — and the two things that drive
 * the protocols besides packets: the network software interrupt and the
 * protocol timers.
 *
 * The software interrupt (4.4BSD's schednetisr and netintr): a driver's
 * interrupt puts a received datagram on ipintrq and asks for NETISR_IP;
 * ipintr then runs when the hardware interrupt is over, as on a real
 * machine when the interrupt priority drops. Asked for outside any
 * interrupt (the loopback, sending from a system call), it runs at once.
 * It never runs inside itself: what it asks for meanwhile is done by the
 * same run.
 *
 * The timers (4.4BSD's pffasttimo and pfslowtimo, started here by
 * nettimers): a callout every 200 ms calls each protocol's fasttimo and
 * one every 500 ms its slowtimo (in_proto.ts); the slow one also drives
 * the interface watchdogs every second and the ARP timer every minute,
 * which 4.4BSD gives timeouts of their own.
 */

import { timeout } from '../kern_clock.js';
import type { Kernel } from '../kernel.js';
import { HZ } from '../param.js';
import type { Scheduler } from '../proc/sched.js';
import { IFQ_MAXLEN, type Ifnet, IfQueue, if_slowtimo } from './if.js';
import { ARPT_AGE, ArpTable, arptimer } from './if_ether.js';
import type { InIfaddr } from './in.js';
import { pffasttimo, pfslowtimo } from './in_proto.js';
import { Ipstat } from './ip.js';
import { Icmpstat } from './ip_icmp.js';
import { ipintr } from './ip_input.js';
import type { RawCb } from './raw_ip.js';

/** What the network needs of the rest of the kernel (the Kernel; unit tests give a small fake). */
export interface NetKernel {
  /** A kernel message, on the console. */
  log(text: string): void;
  readonly sched: Scheduler;
  /** Wake the processes in select(). */
  selwakeup(): void;
  /** Charge the emulated time of copying n bytes. */
  chargeCopy(n: number): void;
}

/** Software interrupt bits (4.4BSD's netisr). */
export const NETISR_IP = 0x1;

/** Fast and slow protocol timer periods, in clock ticks: 200 ms and 500 ms. */
export const PR_FASTHZ = 5;
export const PR_SLOWHZ = 2;

export class Net {
  /** The interfaces, in the order they were attached (ifnet). */
  readonly ifnet: Ifnet[] = [];
  /** Every Internet address of every interface (in_ifaddr). */
  readonly in_ifaddr: InIfaddr[] = [];
  /** The loopback interface, lo0 (if_loop.ts). */
  loif: Ifnet | null = null;
  /** Datagrams received, waiting for ipintr. */
  readonly ipintrq = new IfQueue(IFQ_MAXLEN);
  readonly arptab = new ArpTable();
  /** The raw IP sockets (raw_ip.ts). */
  readonly rawcb: RawCb[] = [];
  readonly ipstat = new Ipstat();
  readonly icmpstat = new Icmpstat();
  /** The last IP datagram id used. */
  ip_id = 0;

  private netisr = 0;
  /** How deep in interrupt handlers (hardware or the network's own) the kernel is. */
  private depth = 0;
  /** Slow timer ticks, for the once-a-second and once-a-minute work. */
  private slowticks = 0;

  constructor(readonly k: NetKernel) {}

  log(text: string): void {
    this.k.log(text);
  }

  /** Ask for the network software interrupt (schednetisr). */
  schednetisr(bit: number): void {
    this.netisr |= bit;
    if (this.depth === 0) this.runNetisr();
  }

  /**
   * Run a device's interrupt handler, then the software interrupts it
   * asked for, as the return from a hardware interrupt would.
   */
  interrupt(handler: () => void): void {
    this.depth++;
    try {
      handler();
    } finally {
      this.depth--;
    }
    this.runNetisr();
  }

  private runNetisr(): void {
    if (this.depth > 0 || this.netisr === 0) return;
    this.depth++;
    try {
      while (this.netisr !== 0) {
        const bits = this.netisr;
        this.netisr = 0;
        if (bits & NETISR_IP) ipintr(this);
      }
    } finally {
      this.depth--;
    }
  }

  /** The 200 ms timer. */
  fasttimo(): void {
    pffasttimo(this);
  }

  /** The 500 ms timer: the protocols' slowtimo; every second the watchdogs, every minute ARP. */
  slowtimo(): void {
    pfslowtimo(this);
    this.slowticks++;
    if (this.slowticks % PR_SLOWHZ === 0) if_slowtimo(this);
    if (this.slowticks % (ARPT_AGE * PR_SLOWHZ) === 0) arptimer(this);
  }
}

/** The callouts the network always has pending: the fast and the slow timer. */
export const NET_CALLOUTS = 2;

/** Start the protocol timers: two callouts that re-arm themselves. */
export function nettimers(k: Kernel): void {
  const net = k.net;
  const fast = () => {
    net.interrupt(() => net.fasttimo());
    timeout(k, fast, HZ / PR_FASTHZ);
  };
  const slow = () => {
    net.interrupt(() => net.slowtimo());
    timeout(k, slow, HZ / PR_SLOWHZ);
  };
  timeout(k, fast, HZ / PR_FASTHZ);
  timeout(k, slow, HZ / PR_SLOWHZ);
}
