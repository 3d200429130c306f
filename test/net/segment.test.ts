/**
 * Segments with stand-in stations (a port and a log of what arrives): the
 * hub's shared medium and the switch's learning and queues, exact wire and
 * propagation times, faults from the seeded stream, partitions, the
 * lockstep contract.
 */
import { describe, expect, it } from 'vitest';
import {
  appendFcs,
  buildFrame,
  fcsOk,
  frameCycles,
  IFG_CYCLES,
  MIN_FRAME_CYCLES,
} from '../../emu/net/ether.js';
import { Lockstep } from '../../emu/net/lockstep.js';
import { Random } from '../../emu/net/random.js';
import { MAX_QUEUE_CYCLES, Segment, type SegmentOptions } from '../../emu/net/segment.js';

const MAC = (i: number) => [8, 0, 0x20, 0, 0, i];
const BCAST = [255, 255, 255, 255, 255, 255];

function frame(dst: number[], src: number, n = 46, tag = 0): Uint8Array {
  return appendFcs(
    buildFrame({ dst, src: MAC(src), type: 0x88b5, payload: Uint8Array.from({ length: n }, () => tag) }),
  );
}

interface Got {
  to: number;
  at: number;
  tag: number;
  ok: boolean;
  dribble: number;
}

/** Flush `seg` window by window (windows of its minimum latency) up to `end`, as a lab would. */
function flushTo(seg: Segment, end: number): void {
  for (let t = seg.minLatency; ; t += seg.minLatency) {
    seg.flush(Math.min(t, end));
    if (t >= end) return;
  }
}

/** A segment with stations 0..n-1 attached; `log` collects every delivery. */
function net(n: number, opts: SegmentOptions = {}) {
  const seg = new Segment(opts);
  const log: Got[] = [];
  const ports = Array.from({ length: n }, (_, i) => {
    const p = seg.attach(i);
    p.receiver = (f, at, dribble) => log.push({ to: i, at, tag: f[14], ok: fcsOk(f), dribble });
    return p;
  });
  return { seg, ports, log };
}

describe('hub', () => {
  it('delivers to every other station one wire time plus the latency after the first bit', () => {
    const { seg, ports, log } = net(3);
    ports[0].send(frame(BCAST, 0), 1000);
    seg.flush(2000);
    const at = 1000 + frameCycles(64) + 200;
    expect(log).toEqual([
      { to: 1, at, tag: 0, ok: true, dribble: 0 },
      { to: 2, at, tag: 0, ok: true, dribble: 0 },
    ]);
    expect(seg.minLatency).toBe(MIN_FRAME_CYCLES + 200);
  });

  it('serializes frames on the shared medium: the second waits for the first and the gap', () => {
    const { seg, ports, log } = net(3, { latency: 100 });
    ports[1].send(frame(BCAST, 1, 46, 1), 1100);
    ports[0].send(frame(BCAST, 0, 46, 0), 1000);
    seg.flush(1300);
    const to2 = log.filter((g) => g.to === 2);
    expect(to2.map((g) => g.tag)).toEqual([0, 1]);
    expect(to2[0].at).toBe(1000 + MIN_FRAME_CYCLES + 100);
    expect(to2[1].at).toBe(1000 + MIN_FRAME_CYCLES + IFG_CYCLES + MIN_FRAME_CYCLES + 100);
  });

  it('orders simultaneous sends by station index, whoever sent first', () => {
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
    ]) {
      const { seg, ports, log } = net(3);
      for (const i of order) ports[i].send(frame(BCAST, i, 46, i), 500);
      seg.flush(1000);
      expect(log.map((g) => `${g.to}<${g.tag}@${g.at}`)).toEqual([
        `1<0@${500 + 1352}`,
        `2<0@${500 + 1352}`,
        `0<1@${500 + 1352 + 1344}`,
        `2<1@${500 + 1352 + 1344}`,
        `0<2@${500 + 1352 + 2688}`,
        `1<2@${500 + 1352 + 2688}`,
      ]);
    }
  });

  it('keeps frames sent at or after the flush point for the next flush', () => {
    const { seg, ports, log } = net(2);
    ports[0].send(frame(BCAST, 0), 1000);
    seg.flush(1000);
    expect(log.length).toBe(0);
    expect(seg.backlog).toBe(1);
    seg.flush(1001);
    expect(log.length).toBe(1);
  });

  it('drops what would wait too long for the medium instead of queueing without bound', () => {
    const { seg, ports } = net(3);
    for (let k = 0; k < 100; k++) for (const p of ports) p.send(frame(BCAST, p.index, 1500), 10 + k);
    seg.flush(200);
    const slot = frameCycles(1518) + IFG_CYCLES;
    expect(seg.stats.congested).toBe(300 - (Math.floor(MAX_QUEUE_CYCLES / slot) + 1));
  });
});

describe('switch', () => {
  it('floods unknown and broadcast destinations, learns sources, then forwards to one port', () => {
    const { seg, ports, log } = net(3, { kind: 'switch', latency: 100 });
    ports[0].send(frame(MAC(1), 0, 46, 1), 0); // 1 unknown: flooded
    seg.flush(100);
    expect(log.map((g) => g.to)).toEqual([1, 2]);
    const hop = MIN_FRAME_CYCLES + 100;
    expect(log[0].at).toBe(2 * hop); // in, stored, out
    ports[1].send(frame(MAC(0), 1, 46, 2), 10_000); // 0 is known: port 0 only
    ports[0].send(frame(MAC(1), 0, 46, 3), 20_000); // 1 is now known too
    ports[2].send(frame(MAC(2), 2, 46, 4), 30_000); // to itself: filtered
    flushTo(seg, 40_000);
    expect(log.slice(2).map((g) => `${g.to}<${g.tag}`)).toEqual(['0<2', '1<3']);
    expect(seg.minLatency).toBe(2 * hop);
  });

  it('queues per output port: two senders to one port are serialized on its link', () => {
    const { seg, ports, log } = net(3, { kind: 'switch', latency: 0 });
    ports[0].send(frame(BCAST, 0, 46, 0), 0);
    ports[1].send(frame(BCAST, 1, 46, 1), 0);
    seg.flush(1);
    const to2 = log.filter((g) => g.to === 2).map((g) => g.at);
    expect(to2).toEqual([2 * MIN_FRAME_CYCLES, 2 * MIN_FRAME_CYCLES + IFG_CYCLES + MIN_FRAME_CYCLES]);
  });

  it('forgets an address after the ageing time', () => {
    const { seg, ports, log } = net(3, { kind: 'switch', ageing: 50_000 });
    ports[1].send(frame(BCAST, 1), 0); // learns 1
    ports[0].send(frame(MAC(1), 0, 46, 7), 10_000);
    ports[0].send(frame(MAC(1), 0, 46, 8), 100_000); // forgotten: flooded again
    flushTo(seg, 110_000);
    expect(log.filter((g) => g.tag === 7).map((g) => g.to)).toEqual([1]);
    expect(log.filter((g) => g.tag === 8).map((g) => g.to)).toEqual([1, 2]);
  });
});

describe('faults', () => {
  const faults = { loss: 0.1, duplicate: 0.1, corrupt: 0.1, jitter: 20_000 };

  /** 200 frames from each of 3 stations; what arrived, and the counters. */
  function run(seed: number, kind: 'hub' | 'switch' = 'hub') {
    const { seg, ports, log } = net(3, { kind, faults, random: new Random(seed).stream('segment/ether0') });
    for (let k = 0; k < 200; k++) for (const p of ports) p.send(frame(BCAST, p.index, 46, k), k * 5000);
    flushTo(seg, 201 * 5000);
    return { log, stats: { ...seg.stats } };
  }

  it('come from the seed: the same seed gives the same faults at the same instants', () => {
    const a = run(1);
    const b = run(1);
    expect(b.log).toEqual(a.log);
    expect(b.stats).toEqual(a.stats);
    const s = a.stats;
    expect(s.sent).toBe(600);
    for (const k of ['lost', 'duplicated', 'corrupted', 'reordered'] as const)
      expect(s[k]).toBeGreaterThan(0);
    expect(s.lost).toBeGreaterThan(30);
    expect(s.lost).toBeLessThan(90);
    expect(s.delivered).toBe(2 * (600 - s.lost + s.duplicated));
    const bad = a.log.filter((g) => !g.ok).length; // each damaged frame reaches 2 stations, twice if duplicated
    expect(bad).toBeGreaterThanOrEqual(2 * s.corrupted);
    expect(bad).toBeLessThanOrEqual(4 * s.corrupted);
    expect(a.log.some((g) => g.dribble > 0 && !g.ok)).toBe(true);
    expect(a.log.every((g) => g.dribble === 0 || !g.ok)).toBe(true);
  });

  it('another seed gives other faults; switches too', () => {
    expect(run(2).log).not.toEqual(run(1).log);
    const sw = run(1, 'switch');
    expect(sw.stats.lost).toBe(run(1).stats.lost); // the same draws per frame, whatever the medium
    expect(sw.log).not.toEqual(run(1).log);
  });

  it('partitions cut the listed stations off from the others, for the interval only', () => {
    const { seg, ports, log } = net(3, { partitions: [{ ports: [1], from: 10_000, to: 20_000 }] });
    for (const t of [5_000, 15_000, 25_000])
      for (const p of ports) p.send(frame(BCAST, p.index, 46, t / 5000), t);
    flushTo(seg, 40_000);
    const heard = (to: number) => log.filter((g) => g.to === to).map((g) => g.tag);
    expect(heard(1)).toEqual([1, 1, 5, 5]);
    expect(heard(0)).toEqual([1, 1, 3, 5, 5]); // station 2's frame at 15_000 still reaches 0
    expect(seg.stats.partitioned).toBe(4);
  });

  it('validates its options with one-line messages naming the key', () => {
    expect(() => new Segment({ faults: { loss: 1.5 } })).toThrow(
      /ether0: loss must be a probability from 0 to 1/,
    );
    expect(() => new Segment({ latency: -1 })).toThrow(/latency must be a whole number of cycles/);
    expect(() => new Segment({ faults: { jitter: 0.5 } })).toThrow(/jitter/);
    expect(() => new Segment({ partitions: [{ ports: [0], from: 5, to: 5 }] })).toThrow(/partition/);
    expect(() => new Segment({ kind: 'bus' as 'hub' })).toThrow(/hub or switch/);
    const seg = new Segment();
    seg.attach(0);
    expect(() => seg.attach(0)).toThrow(/already attached/);
    expect(() => seg.attach(-1)).toThrow(/non-negative integer/);
  });
});

describe('the lockstep contract', () => {
  it('refuses a flush that would deliver in a receiver-s past, and a send behind a flush', () => {
    const { seg, ports } = net(2);
    ports[0].send(frame(BCAST, 0), 0);
    expect(() => seg.flush(5000)).toThrow(/window is longer than the segment's minimum latency/);
    const b = net(2);
    b.seg.flush(1000);
    expect(() => b.ports[0].send(frame(BCAST, 0), 999)).toThrow(/after the segment was flushed to 1000/);
  });

  it('Lockstep picks the shortest segment latency as its window, and refuses longer or too short ones', () => {
    const hub = new Segment({ name: 'a' });
    const sw = new Segment({ name: 'b', kind: 'switch' });
    expect(new Lockstep([], [hub, sw]).window).toBe(hub.minLatency);
    expect(() => new Lockstep([], [hub], hub.minLatency + 1)).toThrow(
      /longer than segment a's minimum latency/,
    );
    expect(() => new Lockstep([], [new Segment({ latency: 0 })])).toThrow(/shorter than a minimum frame/);
  });
});
