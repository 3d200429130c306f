/**
 * Sun-3/60 boards exchanging frames over a hub and a switch, driven by
 * tests that play the driver: exact arrival instants, switch learning,
 * determinism by seed whatever order the machines run in, and faults that
 * the receiving LANCE reports.
 */
import { describe, expect, it } from 'vitest';
import { LE_TX_START_CYCLES } from '../../emu/dev/am7990.js';
import { LE_R1_CRC, LE_R1_OWN } from '../../emu/dev/am7990-regs.js';
import { appendFcs, buildFrame, frameCycles } from '../../emu/net/ether.js';
import { Lockstep } from '../../emu/net/lockstep.js';
import { readPcap } from '../../emu/net/pcap.js';
import { boards, broadcastStorm } from './boards.js';

function hello(from: number, to: number, tag: number): Uint8Array {
  return buildFrame({
    dst: [8, 0, 0x20, 0, 0, to + 1],
    src: [8, 0, 0x20, 0, 0, from + 1],
    type: 0x88b5,
    payload: [tag],
  });
}

describe('two boards on a hub', () => {
  it('exchange frames, each arriving exactly one start latency, wire time and propagation after TDMD', () => {
    const lab = boards(2);
    const [a, b] = lab.boards;
    const ls = new Lockstep([a.le.m, b.le.m], [lab.segment]);
    const t0 = ls.now;
    a.le.send(hello(0, 1, 1));
    const at = t0 + LE_TX_START_CYCLES + frameCycles(64) + 200;
    ls.runTo(at - 1);
    expect(b.le.rxDesc(0).md1 & LE_R1_OWN).toBe(LE_R1_OWN);
    ls.runTo(at);
    const got = b.le.receive();
    expect(got.map((r) => r.data)).toEqual([appendFcs(hello(0, 1, 1))]);
    b.le.send(hello(1, 0, 2));
    ls.runTo(at + LE_TX_START_CYCLES + frameCycles(64) + 200);
    expect(a.le.receive().map((r) => r.data[14])).toEqual([2]);
    const pcap = readPcap(lab.pcap());
    expect(pcap.records.map((r) => r.data)).toEqual([hello(0, 1, 1), hello(1, 0, 2)]);
    expect(pcap.records[0].usec).toBe(Math.floor((t0 + LE_TX_START_CYCLES) / 20));
    expect(a.le.m.ether.framesOut).toBe(1);
    expect(a.le.m.ether.framesIn).toBe(1);
  });
});

describe('three boards on a switch', () => {
  it('the switch learns: after the first flood, frames between two boards no longer reach the third', () => {
    const lab = boards(3, { kind: 'switch' });
    const [a, b, c] = lab.boards;
    const ls = new Lockstep(
      lab.boards.map((x) => x.le.m),
      [lab.segment],
    );
    a.le.send(hello(0, 1, 1)); // b unknown: flooded
    ls.runTo(ls.now + 10_000);
    expect(c.le.m.ether.framesIn).toBe(1);
    expect(c.le.m.lance.dropped.filtered).toBe(1); // c's LANCE filters it out
    b.le.send(hello(1, 0, 2));
    ls.runTo(ls.now + 10_000);
    a.le.send(hello(0, 1, 3));
    ls.runTo(ls.now + 10_000);
    expect(b.le.receive().map((r) => r.data[14])).toEqual([1, 3]);
    expect(a.le.receive().map((r) => r.data[14])).toEqual([2]);
    expect(c.le.m.ether.framesIn).toBe(1);
    expect(c.le.receive()).toEqual([]);
  });
});

describe('determinism', () => {
  it('all boards broadcast at the same instants through loss, duplication, reordering and corruption: same seed, same bytes', () => {
    const a = broadcastStorm({ seed: 11 });
    const b = broadcastStorm({ seed: 11, reverse: true });
    expect(Buffer.from(b.pcap).equals(Buffer.from(a.pcap))).toBe(true);
    expect(b.stats).toEqual(a.stats);
    expect(b.got).toEqual(a.got);
    expect(b.chips).toEqual(a.chips);
    for (const k of ['lost', 'duplicated', 'corrupted', 'reordered'] as const)
      expect(a.stats[k]).toBeGreaterThan(0);
    expect(a.stats.sent).toBe(180);
    // The receiving LANCEs reported the damaged frames as CRC errors.
    const crc = a.got.flat().filter((s) => Number.parseInt(s.split(':')[0], 16) & LE_R1_CRC).length;
    expect(crc).toBeGreaterThanOrEqual(2 * a.stats.corrupted);
    expect(readPcap(a.pcap).records.length).toBe(180 - a.stats.lost + a.stats.duplicated);
  });

  it('another seed gives another capture; a switch the same guarantees', () => {
    const a = broadcastStorm({ seed: 11, rounds: 30 });
    expect(Buffer.from(broadcastStorm({ seed: 12, rounds: 30 }).pcap).equals(Buffer.from(a.pcap))).toBe(
      false,
    );
    const s1 = broadcastStorm({ seed: 5, kind: 'switch', rounds: 30 });
    const s2 = broadcastStorm({ seed: 5, kind: 'switch', rounds: 30, reverse: true });
    expect(Buffer.from(s2.pcap).equals(Buffer.from(s1.pcap))).toBe(true);
    expect(s2.got).toEqual(s1.got);
  });
});
