/**
 * Bad input for a machine's network, from a seeded generator: random and
 * truncated frames, broken IP headers (version, header length, total
 * length, checksum), broken TCP, UDP and ICMP, fragments that overlap,
 * repeat, run past 64 KB or never complete, ARP nonsense, and floods of
 * SYNs from addresses nobody has. Nothing here claims the address of a
 * machine of the lab (that would be a different test: ARP spoofing).
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { appendFcs, frameCycles, IFG_CYCLES } from '../../../emu/net/ether.js';
import { Random } from '../../../emu/net/random.js';
import { in_cksum } from '../../../kernel/net/in_cksum.js';
import { pseudoSum } from '../../../kernel/net/udp_usrreq.js';
import { pair } from './pair.js';

export interface FuzzTarget {
  mac: Uint8Array;
  ip: number;
  /** A TCP port something listens on there. */
  port: number;
}

const SRC_MAC = Uint8Array.of(8, 0, 0x20, 0x0f, 0x0f, 0x0f);

export class FrameFuzzer {
  private readonly r: Random;
  /** Frames made, by kind. */
  readonly counts = new Map<string, number>();

  constructor(
    readonly target: FuzzTarget,
    seed: number,
  ) {
    this.r = new Random(seed).stream('fuzz');
  }

  private int(n: number): number {
    return this.r.int(n);
  }

  /** An address of the lab's network that no machine has (192.9.200.100-199), or one far away. */
  private stranger(): number {
    return this.r.chance(0.7) ? 0xc009c864 + this.int(100) : (0x0a000000 | this.int(0xffffff)) >>> 0;
  }

  private bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }

  private ether(type: number, payload: Uint8Array, dst = this.target.mac): Uint8Array {
    const f = new Uint8Array(Math.max(60, 14 + payload.length));
    f.set(dst, 0);
    f.set(SRC_MAC, 6);
    f[12] = type >> 8;
    f[13] = type & 0xff;
    f.set(payload, 14);
    return f;
  }

  private ip(
    p: number,
    payload: Uint8Array,
    src = this.stranger(),
    off = 0,
    id = this.int(65536),
  ): Uint8Array {
    const d = new Uint8Array(20 + payload.length);
    const v = new DataView(d.buffer);
    d[0] = 0x45;
    v.setUint16(2, d.length);
    v.setUint16(4, id);
    v.setUint16(6, off);
    d[8] = 1 + this.int(255);
    d[9] = p;
    v.setUint32(12, src);
    v.setUint32(16, this.target.ip);
    v.setUint16(10, in_cksum(d, 0, 20));
    d.set(payload, 20);
    return d;
  }

  private tcp(
    src: number,
    sport: number,
    dport: number,
    flags: number,
    data: Uint8Array,
    good = true,
  ): Uint8Array {
    const t = new Uint8Array(20 + data.length);
    const v = new DataView(t.buffer);
    v.setUint16(0, sport);
    v.setUint16(2, dport);
    v.setUint32(4, this.r.next());
    v.setUint32(8, this.r.next());
    t[12] = 5 << 4;
    t[13] = flags;
    v.setUint16(14, this.int(65536));
    t.set(data, 20);
    v.setUint16(16, in_cksum(t, 0, t.length, pseudoSum(src, this.target.ip, 6, t.length)));
    if (!good) t[16] ^= 0x55;
    return t;
  }

  private count(kind: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  /** A SYN to the listening port from an address nobody has. */
  syn(): Uint8Array {
    this.count('syn');
    const src = this.stranger();
    return this.ether(
      0x800,
      this.ip(6, this.tcp(src, 1024 + this.int(60000), this.target.port, 0x02, new Uint8Array(0)), src),
    );
  }

  /** The next frame of the mix, at least the 60 bytes of a real frame (padding, as a LANCE adds). */
  next(): Uint8Array {
    const f = this.make();
    if (f.length >= 60) return f;
    const padded = new Uint8Array(60);
    padded.set(f);
    return padded;
  }

  private make(): Uint8Array {
    const k = this.int(12);
    switch (k) {
      case 0: {
        this.count('random');
        const f = this.bytes(14 + this.int(1501));
        f.set(this.r.chance(0.5) ? this.target.mac : Uint8Array.of(255, 255, 255, 255, 255, 255), 0);
        return f;
      }
      case 1: {
        this.count('truncated');
        const src = this.stranger();
        const whole = this.ether(0x800, this.ip(17, this.udp(src, this.bytes(this.int(1200))), src));
        return whole.subarray(0, 14 + this.int(whole.length - 14));
      }
      case 2: {
        this.count('bad ip header');
        const d = this.ip(this.int(256), this.bytes(this.int(200)));
        const v = new DataView(d.buffer);
        switch (this.int(5)) {
          case 0:
            d[0] = (this.int(16) << 4) | 5; // version
            break;
          case 1:
            d[0] = 0x40 | this.int(16); // header length, 0 to 60
            break;
          case 2:
            v.setUint16(2, this.int(65536)); // total length
            break;
          case 3:
            d[10] ^= 1 + this.int(255); // checksum
            break;
          default:
            d[0] = 0x46 + this.int(10); // options: random bytes
            break;
        }
        return this.ether(0x800, d);
      }
      case 3: {
        this.count('bad tcp');
        const src = this.stranger();
        const t = this.tcp(
          src,
          this.int(65536),
          this.r.chance(0.5) ? this.target.port : this.int(65536),
          this.int(64),
          this.bytes(this.int(100)),
          this.r.chance(0.3),
        );
        if (this.r.chance(0.3)) t[12] = this.int(16) << 4; // data offset
        return this.ether(0x800, this.ip(6, t, src));
      }
      case 4: {
        this.count('bad udp');
        const src = this.stranger();
        const u = this.udp(src, this.bytes(this.int(300)));
        if (this.r.chance(0.5)) new DataView(u.buffer).setUint16(4, this.int(65536));
        if (this.r.chance(0.5)) u[6] ^= 0xff;
        return this.ether(0x800, this.ip(17, u, src));
      }
      case 5: {
        this.count('bad icmp');
        const m = this.bytes(this.int(100));
        if (m.length >= 4 && this.r.chance(0.5)) {
          m[0] = [0, 3, 4, 5, 8, 11, 12, 13, 17][this.int(9)];
          m[2] = m[3] = 0;
          const s = in_cksum(m, 0, m.length);
          m[2] = s >> 8;
          m[3] = s & 0xff;
        }
        return this.ether(0x800, this.ip(1, m));
      }
      case 6:
      case 7: {
        this.count('fragment');
        const src = 0xc009c864 + this.int(4);
        const id = this.int(8);
        const off = this.r.chance(0.1) ? 8000 + this.int(200) : this.int(200);
        const mf = this.r.chance(0.7) ? 0x2000 : 0;
        const len = 8 * (1 + this.int(100));
        return this.ether(0x800, this.ip(17, this.bytes(len), src, mf | off, id));
      }
      case 8: {
        this.count('arp');
        const a = this.bytes(28);
        if (this.r.chance(0.7)) {
          a.set([0, 1, 8, 0, 6, 4, 0, 1 + this.int(2)], 0);
          const v = new DataView(a.buffer);
          v.setUint32(14, this.stranger());
          v.setUint32(24, this.r.chance(0.5) ? this.target.ip : this.stranger());
        }
        return this.ether(0x806, a, Uint8Array.of(255, 255, 255, 255, 255, 255));
      }
      default:
        return this.syn();
    }
  }

  private udp(src: number, data: Uint8Array): Uint8Array {
    const u = new Uint8Array(8 + data.length);
    const v = new DataView(u.buffer);
    v.setUint16(0, this.int(65536));
    v.setUint16(2, this.int(65536));
    v.setUint16(4, u.length);
    u.set(data, 8);
    v.setUint16(6, in_cksum(u, 0, u.length, pseudoSum(src, this.target.ip, 17, u.length)));
    return u;
  }
}

const CYCLES = 20_000_000;
const SUN1 = { mac: Uint8Array.of(8, 0, 0x20, 0, 0, 2), ip: 0xc009c802, port: 5001 };

/**
 * Boot two machines, have sun1 listen (netxfer -s), and send it `frames`
 * frames of the mix, then a flood of `synFlood` SYNs, from a third station
 * on the hub, at wire pace. Returns the lab, the fuzzer, the host heap's
 * growth and the most sockets and reassembly bytes sun1 held meanwhile,
 * with the sockets its daemons (inetd's servers) held before: the baseline.
 */
export function fuzzMachine(frames: number, synFlood: number, seed: number) {
  const lab = pair({ capture: false });
  const daemonSockets = lab.stations[1].kernel.net.sockets.size;
  lab.background(1, '/tests/netxfer -s -k 1 -n 100000');
  const port = lab.segment.attach(2);
  const fz = new FrameFuzzer(SUN1, seed);
  const heap0 = heapAfterGc();
  let maxSockets = 0;
  let maxIpq = 0;
  const k1 = () => lab.stations[1].kernel;
  const send = (make: () => Uint8Array, n: number) => {
    for (let done = 0; done < n; ) {
      // A burst of a few frames at wire pace, then let the machines take them.
      let t = Math.ceil(lab.now() * CYCLES) + 10;
      for (let i = 0; i < 8 && done < n; i++, done++) {
        const f = appendFcs(make()); // frames on the wire carry their FCS
        port.send(f, t);
        t += frameCycles(f.length) + IFG_CYCLES;
      }
      lab.wait((t - lab.now() * CYCLES) / CYCLES + 0.0005);
      maxSockets = Math.max(maxSockets, k1().net.sockets.size);
      maxIpq = Math.max(maxIpq, k1().net.ipqBytes);
    }
  };
  send(() => fz.next(), frames);
  send(() => fz.syn(), synFlood);
  const heap1 = heapAfterGc();
  return { lab, fz, growth: heap1 - heap0, maxSockets, maxIpq, daemonSockets };
}

/** The host heap in use, after a full garbage collection (V8's gc, reached without --expose-gc). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  return process.memoryUsage().heapUsed;
}
