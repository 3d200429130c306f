/**
 * A lab run is a pure function of the image, the configuration, the input
 * and the seed: the same run gives the same consoles, events and capture,
 * byte for byte, whatever order the machines run in inside a window, in
 * whatever steps the lab is driven, and whether or not it jumps over the
 * spans in which every machine waits, and on either of the CPU's engines.
 * Another seed gives other faults.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE } from '../../emu/cpu/engine.js';
import type { LabOptions } from '../../emu/lab/lab.js';
import type { LabInput } from '../../emu/lab/lab-config.js';
import { readPcap } from '../../emu/net/pcap.js';
import { lossy, SECOND, startLab } from './helpers.js';

function digest(b: Uint8Array | string): string {
  return createHash('sha256').update(b).digest('hex');
}

/**
 * Run to the end; with `steps`, drive the lab in those uneven steps instead
 * of 10 ms ones, up to cycle `end` (the lab must not care where its caller
 * stops).
 */
function outcome(input: LabInput, opts: Partial<LabOptions> = {}, uneven?: { steps: number[]; end: number }) {
  const run = startLab(input, opts);
  if (uneven) {
    for (let k = 0; run.lab.now < uneven.end; k++)
      run.lab.runTo(Math.min(uneven.end, run.lab.now + uneven.steps[k % uneven.steps.length]));
    run.lab.finish('done');
  } else run.settle();
  return {
    end: run.lab.now,
    lines: run.lines.join('\n'),
    events: run.eventText(),
    pcap: run.pcap(),
    stats: run.lab.segments[0].stats,
    /** Blocks the block engine translated or took from the shared cache, over all machines (0 on the interpreter). */
    translated: run.lab.machines.reduce((n, m) => {
      const s = m.station.machine.cpu.blocks?.stats;
      return n + (s ? s.translations + s.reused : 0);
    }, 0),
  };
}

/**
 * The seed every comparison runs (one whose run loses and reorders frames).
 * One constant, so that no comparison can run another seed than the run it
 * is compared with.
 */
const SEED = '8';

describe('determinism', () => {
  const a = outcome(lossy(SEED));

  it('the same run twice: byte-identical consoles, events and capture', () => {
    const b = outcome(lossy(SEED));
    expect(b.lines).toBe(a.lines);
    expect(b.events).toBe(a.events);
    expect(digest(b.pcap)).toBe(digest(a.pcap));
    // The faults happened: frames were lost and reordered, and pings went unanswered.
    expect(a.stats.lost).toBeGreaterThan(0);
    expect(a.stats.reordered).toBeGreaterThan(0);
    expect(readPcap(a.pcap).records.length).toBeGreaterThan(20);
  });

  it('another seed: other faults, another capture', () => {
    const c = outcome(lossy('9'));
    expect(digest(c.pcap)).not.toBe(digest(a.pcap));
    expect(c.events).not.toBe(a.events);
  });

  it('the machines run in reverse order inside each window: the same bytes', () => {
    const r = outcome(lossy(SEED), { reverse: true });
    expect(r.lines).toBe(a.lines);
    expect(r.events).toBe(a.events);
    expect(digest(r.pcap)).toBe(digest(a.pcap));
  });

  it('every window run (no jumping over quiet spans), or the lab driven in uneven steps: the same bytes', () => {
    const flat = outcome(lossy(SEED), { skipQuiet: false });
    expect(flat.events).toBe(a.events);
    expect(digest(flat.pcap)).toBe(digest(a.pcap));
    const uneven = outcome(lossy(SEED), {}, { steps: [1, 977, 123_457, 1352, 2_000_001, 5], end: a.end });
    expect(a.end).toBeGreaterThan(5 * SECOND);
    expect(uneven.lines).toBe(a.lines);
    expect(uneven.events).toBe(a.events);
    expect(digest(uneven.pcap)).toBe(digest(a.pcap));
  });

  it('the other CPU engine (interpreter or block engine): the same bytes and the same cycle counts', () => {
    const other = outcome(lossy(SEED), { engine: DEFAULT_ENGINE === 'jit' ? 'interp' : 'jit' });
    // The block engine really ran translated code in one of the two runs, and the interpreter none.
    const [jit, interp] = DEFAULT_ENGINE === 'jit' ? [a, other] : [other, a];
    expect(jit.translated).toBeGreaterThan(0);
    expect(interp.translated).toBe(0);
    expect(other.end).toBe(a.end);
    expect(other.lines).toBe(a.lines);
    expect(other.events).toBe(a.events);
    expect(digest(other.pcap)).toBe(digest(a.pcap));
  });
});
