/**
 * Sun-3/60 boards on a segment, with no kernel: the test plays the driver
 * (test/machine/lance-driver.ts), and a Lockstep runs the machines in
 * windows as the lab will. Shared by the network tests and the tshark test.
 */
import { buildFrame, ETHERTYPE_ARP } from '../../emu/net/ether.js';
import { Lockstep } from '../../emu/net/lockstep.js';
import { PcapWriter } from '../../emu/net/pcap.js';
import { Random } from '../../emu/net/random.js';
import { Segment, type SegmentOptions } from '../../emu/net/segment.js';
import { makeMachine } from '../machine/helpers.js';
import { LeDriver } from '../machine/lance-driver.js';

export interface Board {
  index: number;
  le: LeDriver;
}

/** `n` boards (serials 1..n, so addresses 8:0:20:0:0:1 ...) started and plugged into one segment. */
export function boards(n: number, seg: SegmentOptions & { seed?: number } = {}) {
  const segment = new Segment({
    ...seg,
    random: seg.random ?? new Random(seg.seed ?? 0).stream(`segment/${seg.name ?? 'ether0'}`),
  });
  const chunks: Uint8Array[] = [];
  segment.capture(new PcapWriter((c) => chunks.push(Uint8Array.from(c))));
  const list: Board[] = [];
  for (let i = 0; i < n; i++) {
    const { m } = makeMachine({ serial: i + 1 });
    const le = new LeDriver(m, { rxRing: 16, txRing: 8 });
    le.start();
    m.ether.attach(segment.attach(i));
    list.push({ index: i, le });
  }
  return { segment, boards: list, pcap: () => new Uint8Array(Buffer.concat(chunks)) };
}

/** An ARP request from board `i` (192.9.200.i+1) for 192.9.200.`target`. */
export function arpRequest(i: number, target: number): Uint8Array {
  const sha = [8, 0, 0x20, 0, 0, i + 1];
  return buildFrame({
    dst: 'ff:ff:ff:ff:ff:ff',
    src: sha,
    type: ETHERTYPE_ARP,
    payload: [0, 1, 8, 0, 6, 4, 0, 1, ...sha, 192, 9, 200, i + 1, 0, 0, 0, 0, 0, 0, 192, 9, 200, target],
  });
}

export interface RunOptions {
  seed: number;
  kind?: 'hub' | 'switch';
  /** Run the machines in reverse order inside each window. */
  reverse?: boolean;
  rounds?: number;
}

/**
 * Three boards on a faulty segment; in every round all of them send a
 * broadcast at the same instant, then run 1 ms, then take what they got.
 * Returns the capture, the counters and what each board received.
 */
export function broadcastStorm(o: RunOptions) {
  const lab = boards(3, {
    kind: o.kind,
    seed: o.seed,
    faults: { loss: 0.1, duplicate: 0.1, corrupt: 0.1, jitter: 10_000 },
  });
  const machines = lab.boards.map((b) => b.le.m);
  const ls = new Lockstep(o.reverse ? [...machines].reverse() : machines, [lab.segment]);
  const got: string[][] = lab.boards.map(() => []);
  const round = 20_000;
  let t = 1000;
  for (let k = 0; k < (o.rounds ?? 60); k++) {
    ls.runTo(t);
    const order = o.reverse ? [...lab.boards].reverse() : lab.boards;
    for (const b of order) b.le.send(arpRequest(b.index, k));
    t += round;
    ls.runTo(t);
    for (const b of order)
      for (const r of b.le.receive())
        got[b.index].push(`${r.md1.toString(16)}:${Buffer.from(r.data).toString('hex')}`);
  }
  return {
    pcap: lab.pcap(),
    stats: { ...lab.segment.stats },
    got,
    chips: lab.boards.map((b) => ({ ...b.le.m.lance.dropped })),
  };
}
