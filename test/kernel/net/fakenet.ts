/**
 * The kernel's network with no machine (as lwIP's unit tests do it): a Net
 * over a small fake kernel, and a fake Ethernet interface whose "hardware"
 * keeps the frames it is given. Helpers build the frames a peer would send.
 */
import { COST } from '../../../kernel/cost.js';
import { IFF_RUNNING, if_attach } from '../../../kernel/net/if.js';
import { Arpcom, ETHERTYPE_ARP, ETHERTYPE_IP, ether_input } from '../../../kernel/net/if_ethersubr.js';
import { loattach } from '../../../kernel/net/if_loop.js';
import { in_ifinit } from '../../../kernel/net/in.js';
import { in_cksum } from '../../../kernel/net/in_cksum.js';
import { Mbuf } from '../../../kernel/net/mbuf.js';
import { Net, type NetKernel, nettimers } from '../../../kernel/net/net.js';
import { Ucred } from '../../../kernel/proc/cred.js';
import type { Proc } from '../../../kernel/proc/proc.js';
import { Scheduler } from '../../../kernel/proc/sched.js';

export const MY_IP = 0xc009c801; // 192.9.200.1
export const PEER_IP = 0xc009c802; // 192.9.200.2
export const MY_MAC = Uint8Array.of(8, 0, 0x20, 0, 0, 1);
export const PEER_MAC = Uint8Array.of(8, 0, 0x20, 0, 0, 2);
export const BROADCAST_MAC = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
export const root = new Ucred();
export const user = new Ucred(100, 10, 100, 10);

/** An Ethernet interface whose hardware sends at once: the frames it got, whole. */
export class FakeEther extends Arpcom {
  readonly sent: Uint8Array[] = [];

  override start(): void {
    for (let m = this.snd.dequeue(); m !== undefined; m = this.snd.dequeue()) {
      this.sent.push(Uint8Array.from(m.data));
      this.opackets++;
    }
  }

  override ioctl(): void {
    this.flags |= IFF_RUNNING;
  }

  /** A frame arrives from the wire. */
  receive(frame: Uint8Array): void {
    this.ipackets++;
    this.net.interrupt(() => ether_input(this, Mbuf.from(frame)));
  }

  /** Take the frames sent so far. */
  take(): Uint8Array[] {
    return this.sent.splice(0);
  }
}

/**
 * What the network needs of a kernel, with a clock the test moves:
 * tick() is one clock tick (10 ms), running the callouts that are due —
 * among them the protocols' 200 ms and 500 ms timers.
 */
export class FakeKernel implements NetKernel {
  ticks = 0;
  readonly sched = new Scheduler();
  readonly logs: string[] = [];
  selwakeups = 0;
  readonly signals: [Proc, number][] = [];
  readonly sigios: number[] = [];
  /** Cycles charged (the cost model, its cache-case table). */
  charged = 0;
  readonly cost = COST;
  private callouts: { at: number; fn: () => void }[] = [];

  log(text: string): void {
    this.logs.push(text);
  }
  timeOfDay(): [number, number] {
    return [1_000_000_000 + Math.floor(this.ticks / 100), (this.ticks % 100) * 10_000];
  }
  selwakeup(): void {
    this.selwakeups++;
  }
  charge(cycles: number): void {
    this.charged += cycles;
  }
  chargeCopy(n: number): void {
    this.charged += n;
  }
  timeout(fn: () => void, ticks: number): object {
    const c = { at: this.ticks + Math.max(1, ticks), fn };
    this.callouts.push(c);
    return c;
  }
  untimeout(c: object): void {
    this.callouts = this.callouts.filter((x) => x !== c);
  }
  psignal(p: Proc, sig: number): void {
    this.signals.push([p, sig]);
  }
  sigio(owner: number): void {
    this.sigios.push(owner);
  }
  /** One clock tick. */
  tick(): void {
    this.ticks++;
    const due = this.callouts.filter((c) => c.at <= this.ticks);
    this.callouts = this.callouts.filter((c) => c.at > this.ticks);
    for (const c of due) c.fn();
  }
  /** Let `ms` milliseconds pass, tick by tick. */
  advance(ms: number): void {
    for (let t = 0; t < Math.round(ms / 10); t++) this.tick();
  }
}

/** A Net with lo0 and a fake le0 at 192.9.200.1/24, up and running, its timers on the fake clock. */
export function fakeNet() {
  const k = new FakeKernel();
  const net = new Net(k);
  nettimers(net);
  const lo = loattach(net);
  in_ifinit(net, lo, 0x7f000001);
  const ifp = new FakeEther(net, 'le', 0, MY_MAC);
  if_attach(net, ifp);
  return { net, ifp, lo, k, log: k.logs, sched: k.sched, selwakeups: () => k.selwakeups };
}

/** Give the fake interface its address (netmask from the class: 255.255.255.0). */
export function configure(net: Net, ifp: FakeEther, addr = MY_IP): void {
  in_ifinit(net, ifp, addr);
}

export function frame(dst: Uint8Array, src: Uint8Array, type: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(Math.max(60, 14 + payload.length));
  f.set(dst, 0);
  f.set(src, 6);
  new DataView(f.buffer).setUint16(12, type);
  f.set(payload, 14);
  return f;
}

/** An ARP packet (28 bytes). */
export function arp(op: number, sha: Uint8Array, spa: number, tha: Uint8Array, tpa: number): Uint8Array {
  const p = new Uint8Array(28);
  const v = new DataView(p.buffer);
  v.setUint16(0, 1);
  v.setUint16(2, ETHERTYPE_IP);
  p[4] = 6;
  p[5] = 4;
  v.setUint16(6, op);
  p.set(sha, 8);
  v.setUint32(14, spa);
  p.set(tha, 18);
  v.setUint32(24, tpa);
  return p;
}

export function arpFrame(op: number, sha: Uint8Array, spa: number, tha: Uint8Array, tpa: number): Uint8Array {
  return frame(op === 1 ? BROADCAST_MAC : tha, sha, ETHERTYPE_ARP, arp(op, sha, spa, tha, tpa));
}

/** An IP datagram with a correct header checksum. */
export function ipPacket(src: number, dst: number, proto: number, payload: Uint8Array, ttl = 64): Uint8Array {
  const p = new Uint8Array(20 + payload.length);
  const v = new DataView(p.buffer);
  p[0] = 0x45;
  v.setUint16(2, p.length);
  v.setUint16(4, 0x1234);
  p[8] = ttl;
  p[9] = proto;
  v.setUint32(12, src);
  v.setUint32(16, dst);
  v.setUint16(10, in_cksum(p, 0, 20));
  p.set(payload, 20);
  return p;
}

/** An ICMP message with a correct checksum: type, code, id, seq and data. */
export function icmp(
  type: number,
  id: number,
  seq: number,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const p = new Uint8Array(8 + data.length);
  const v = new DataView(p.buffer);
  p[0] = type;
  v.setUint16(4, id);
  v.setUint16(6, seq);
  p.set(data, 8);
  v.setUint16(2, in_cksum(p, 0, p.length));
  return p;
}

/** The fields of a frame sent: Ethernet, and IP if it is IP. */
export function parse(f: Uint8Array) {
  const v = new DataView(f.buffer, f.byteOffset, f.length);
  const type = v.getUint16(12);
  const ip = f.subarray(14);
  const iv = new DataView(ip.buffer, ip.byteOffset, ip.length);
  return {
    dst: Array.from(f.subarray(0, 6)),
    src: Array.from(f.subarray(6, 12)),
    type,
    arp:
      type === ETHERTYPE_ARP
        ? {
            op: iv.getUint16(6),
            sha: Array.from(ip.subarray(8, 14)),
            spa: iv.getUint32(14),
            tpa: iv.getUint32(24),
          }
        : null,
    ip:
      type === ETHERTYPE_IP
        ? {
            hl: (ip[0] & 0xf) * 4,
            len: iv.getUint16(2),
            ttl: ip[8],
            p: ip[9],
            src: iv.getUint32(12),
            dst: iv.getUint32(16),
            sumOk: in_cksum(ip, 0, (ip[0] & 0xf) * 4) === 0,
            payload: ip.subarray((ip[0] & 0xf) * 4, iv.getUint16(2)),
          }
        : null,
  };
}
