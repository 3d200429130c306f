/**
 * One machine's network state, in one object (`Kernel.net`): the
 * interfaces and their Internet addresses, the routing table, IP's input
 * and reassembly queues, the ARP table, the protocol control blocks of
 * every protocol, the sockets, the counters — what 4.4BSD keeps in globals
 * spread over net/, netinet/ and kern/uipc_* — and the two things that
 * drive the protocols besides packets: the network software interrupt and
 * the protocol timers.
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

import type { CostTable } from '../cost.js';
import type { Vnode } from '../fs/vnode.js';
import { type Callout, timeout, untimeout } from '../kern_clock.js';
import type { Kernel } from '../kernel.js';
import { HZ } from '../param.js';
import type { Proc } from '../proc/proc.js';
import type { Scheduler } from '../proc/sched.js';
import { gsignal, psignal, SIGIO } from '../proc/signal.js';
import { IFQ_MAXLEN, type Ifnet, IfQueue, if_slowtimo } from './if.js';
import { ARPT_AGE, ArpTable, arptimer } from './if_ether.js';
import type { InIfaddr } from './in.js';
import { in_cksum } from './in_cksum.js';
import type { Inpcb } from './in_pcb.js';
import { pffasttimo, pfslowtimo } from './in_proto.js';
import { Ipstat } from './ip.js';
import { Icmpstat } from './ip_icmp.js';
import { type Ipq, ipintr } from './ip_input.js';
import { PR_FASTHZ, PR_SLOWHZ } from './protosw.js';
import type { RawCb } from './raw_ip.js';
import { RouteTable } from './route.js';
import type { TcpDebug } from './tcp_debug.js';
import { Tcpstat } from './tcp_var.js';
import { Udpstat } from './udp_usrreq.js';
import type { Socket } from './uipc_socket.js';

/** What the network needs of the rest of the kernel (the Kernel; unit tests give a small fake). */
export interface NetKernel {
  /** A kernel message, on the console. */
  log(text: string): void;
  readonly sched: Scheduler;
  /** Clock ticks since boot (HZ a second). */
  readonly ticks: number;
  /** The time of day, (seconds, microseconds) since 1970 (ICMP timestamps). */
  timeOfDay(): [number, number];
  /** Wake the processes in select(). */
  selwakeup(): void;
  /** Charge emulated cycles of the kernel's work (cost.ts), and the copying of n bytes. */
  charge(cycles: number): void;
  chargeCopy(n: number): void;
  /** What each piece of the kernel's work costs under the machine's timing model (cost.ts). */
  readonly cost: CostTable;
  /** Call fn after `ticks` clock ticks; cancel with untimeout. */
  timeout(fn: () => void, ticks: number): object;
  untimeout(c: object): void;
  /** Send a signal to a process (SIGPIPE). */
  psignal(p: Proc, sig: number): void;
  /** SIGIO to a socket's owner: a process id, or minus a process group. */
  sigio(owner: number): void;
  /** The root directory, where Unix-domain socket names are looked up (none in unit tests). */
  readonly root?: Vnode;
}

/** The Kernel as the network sees it. */
export function netKernelOf(k: Kernel): NetKernel {
  return {
    log: (text) => k.log(text),
    sched: k.sched,
    get ticks() {
      return k.ticks;
    },
    timeOfDay: () => k.timeOfDay(),
    selwakeup: () => k.selwakeup(),
    charge: (cycles) => k.charge(cycles),
    chargeCopy: (n) => k.chargeCopy(n),
    cost: k.cost,
    timeout: (fn, ticks) => timeout(k, fn, ticks),
    untimeout: (c) => untimeout(k, c as Callout),
    psignal: (p, sig) => psignal(k, p, sig),
    sigio: (owner) => {
      if (owner < 0) gsignal(k, -owner, SIGIO);
      else {
        const p = k.procs.get(owner);
        if (p) psignal(k, p, SIGIO);
      }
    },
    get root() {
      return k.root;
    },
  };
}

/** Software interrupt bits (4.4BSD's netisr). */
export const NETISR_IP = 0x1;

export { PR_FASTHZ, PR_SLOWHZ };

/** The seed of the network's random numbers (TCP's initial sequence numbers) when the boot options give none. */
export const DEFAULT_NET_SEED = 0x5eed1987;

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
  /** The routing table (route.ts). */
  readonly rt = new RouteTable();
  /** Datagrams being reassembled from fragments (ip_input.ts), and the bytes they hold. */
  readonly ipq: Ipq[] = [];
  ipqBytes = 0;
  /** Forward datagrams for other machines (4.3BSD's ipforwarding): off unless turned on (SIOCSIPFORWARDING). */
  ipforwarding = false;
  /** The raw IP sockets (raw_ip.ts), and the UDP and TCP control blocks (in_pcb.ts: udb and tcb). */
  readonly rawcb: RawCb[] = [];
  readonly udb: Inpcb[] = [];
  readonly tcb: Inpcb[] = [];
  /** Every socket that exists (for netstat and the leak checks). */
  readonly sockets = new Set<Socket>();
  readonly ipstat = new Ipstat();
  readonly icmpstat = new Icmpstat();
  readonly udpstat = new Udpstat();
  readonly tcpstat = new Tcpstat();
  /** The last IP datagram id used. */
  ip_id = 0;
  /** TCP's next initial send sequence number (tcp_iss), and the trace of SO_DEBUG connections (tcp_debug.ts). */
  tcp_iss = 0;
  readonly tcp_debug: TcpDebug[] = [];
  /** Called at every TCP state change and drop (tcp_debug.ts), for tests and the lab's events. */
  tcpTrace?: (td: TcpDebug) => void;
  /** Where the last ephemeral port was given out, per protocol (in_pcbbind). */
  readonly lastport = { udp: 0, tcp: 0 };

  private netisr = 0;
  /** How deep in interrupt handlers (hardware or the network's own) the kernel is. */
  private depth = 0;
  /** Slow timer ticks, for the once-a-second and once-a-minute work. */
  private slowticks = 0;
  /** The state of the random number generator (a 32-bit xorshift, seeded at boot). */
  private rand = DEFAULT_NET_SEED;

  constructor(readonly k: NetKernel) {
    this.seed(DEFAULT_NET_SEED, 0);
  }

  log(text: string): void {
    this.k.log(text);
  }

  /** Clock ticks since boot. */
  get ticks(): number {
    return this.k.ticks;
  }

  /**
   * Seed the random numbers (at boot, from the boot options' seed and
   * the machine's host id, so that two machines booted with one lab seed
   * differ), and draw TCP's first initial sequence number from them.
   */
  seed(seed: number, hostid: number): void {
    let x = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(hostid | 0, 0x85ebca6b) ^ 0x2545f491) >>> 0;
    if (x === 0) x = DEFAULT_NET_SEED;
    this.rand = x;
    this.tcp_iss = this.random();
  }

  /** The next 32-bit random number (xorshift32). */
  random(): number {
    let x = this.rand;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rand = x >>> 0;
    return this.rand;
  }

  /** in_cksum, charging its emulated time (cost.ts). */
  cksum(buf: Uint8Array, off: number, len: number, sum = 0): number {
    this.k.charge(this.k.cost.cksum(len));
    return in_cksum(buf, off, len, sum);
  }

  /**
   * Block the network's interrupts (splnet): what the protocols ask for
   * meanwhile waits until splx — so that, say, a datagram looped back by
   * ip_output is not taken in while the protocol that sent it is still in
   * the middle of its output. Returns the level to give splx.
   */
  splnet(): number {
    return this.depth++;
  }

  /** Back to level `s` (splx); at the bottom, the software interrupts asked for meanwhile run. */
  splx(s: number): void {
    this.depth = s;
    if (s === 0) this.runNetisr();
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
export function nettimers(net: Net): void {
  const fast = () => {
    net.interrupt(() => net.fasttimo());
    net.k.timeout(fast, HZ / PR_FASTHZ);
  };
  const slow = () => {
    net.interrupt(() => net.slowtimo());
    net.k.timeout(slow, HZ / PR_SLOWHZ);
  };
  net.k.timeout(fast, HZ / PR_FASTHZ);
  net.k.timeout(slow, HZ / PR_SLOWHZ);
}
