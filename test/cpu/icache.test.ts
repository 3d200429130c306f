/**
 * The 3/60 timing model: the 68020's instruction cache (MC68020 UM §7) and
 * the memory's wait state, on both engines. The expected cycle counts are
 * the cache case's (the same code on a cache-case CPU) plus what the model
 * adds, worked out by hand: a miss is a four-clock bus cycle (three clocks
 * and the 3/60's one wait state) of which one clock overlaps, a data access
 * one wait state.
 */
import { describe, expect, it } from 'vitest';
import { FlatBus } from '../../emu/bus/ram.js';
import { Cpu, type Engine } from '../../emu/cpu/cpu.js';
import { CACR_C, CACR_CE, CACR_E, CACR_F, MISALIGN_3_60, type TimingModel } from '../../emu/cpu/icache.js';
import { writeWords } from './harness.js';

const MISS = 3;

/** A CPU on flat RAM with `code` at 0x1000, supervisor, CACR as given; not reset (no vector reads). */
function machine(code: number[], engine: Engine, timing: TimingModel, cacr: number) {
  const bus = new FlatBus(0x10000);
  writeWords(bus.flatRam, 0x1000, code);
  const cpu = new Cpu(bus, { engine, timing, blocks: { threshold: 1 } });
  cpu.setCacr(cacr);
  cpu.setSR(0x2700);
  cpu.setISP(0x8000);
  cpu.pc = 0x1000;
  return { cpu, bus };
}

/** Run to the STOP; the cycles it took. */
function cyclesOf(code: number[], engine: Engine, timing: TimingModel, cacr = CACR_E) {
  const { cpu } = machine(code, engine, timing, cacr);
  cpu.run(1_000_000);
  expect(cpu.stopped).toBe(true);
  return { cycles: cpu.cycles - cpu.idleCycles, misses: cpu.icache?.misses ?? 0, cpu };
}

// moveq #9,d1; loop: addq.l #1,d0; dbra d1,loop; stop #$2700
const LOOP = [0x7209, 0x5280, 0x51c9, 0xfffc, 0x4e72, 0x2700];

describe('the instruction cache (3/60 timing)', () => {
  for (const engine of ['interp', 'jit'] as Engine[]) {
    it(`a loop in the cache misses once per long word, then runs at the cache case (${engine})`, () => {
      const ref = cyclesOf(LOOP, engine, 'cache-case');
      const c = cyclesOf(LOOP, engine, '3/60');
      expect(c.misses).toBe(3); // $1000, $1004, $1008
      expect(c.cycles).toBe(ref.cycles + 3 * MISS);
    });

    it(`disabled, every long word is a bus cycle; the prefetch queue keeps the last (${engine})`, () => {
      const ref = cyclesOf(LOOP, engine, 'cache-case');
      const c = cyclesOf(LOOP, engine, '3/60', 0);
      // moveq; addq shares its long word; dbra; nine more passes of addq and
      // dbra, each in a long word the other left; stop.
      expect(c.misses).toBe(1 + 1 + 9 * 2 + 1);
      expect(c.cycles).toBe(ref.cycles + 21 * MISS);
    });

    it(`frozen, a miss does not fill; hits still count (${engine})`, () => {
      expect(cyclesOf(LOOP, engine, '3/60', CACR_E | CACR_F).misses).toBe(21);
      const { cpu } = machine(LOOP, engine, '3/60', CACR_E);
      cpu.run(1_000_000);
      cpu.setCacr(CACR_E | CACR_F);
      cpu.stopped = false;
      cpu.pc = 0x1000;
      const before = cpu.icache!.misses;
      cpu.run(1_000_000);
      expect(cpu.icache!.misses - before).toBe(0);
    });

    it(`a data access adds the memory's wait state (${engine})`, () => {
      // move.l (a0),d0; move.l d0,4(a0); stop
      const code = [0x2010, 0x2140, 0x0004, 0x4e72, 0x2700];
      const setA0 = (c: Cpu) => {
        c.a[0] = 0x3000;
      };
      const a = machine(code, engine, 'cache-case', 0);
      setA0(a.cpu);
      a.cpu.run(1000);
      const b = machine(code, engine, '3/60', CACR_E);
      setA0(b.cpu);
      b.cpu.run(1000);
      const ca = a.cpu.cycles - a.cpu.idleCycles;
      const cb = b.cpu.cycles - b.cpu.idleCycles;
      expect(cb - ca).toBe(2 * 1 + b.cpu.icache!.misses * MISS);
      expect(b.cpu.icache!.misses).toBe(3);
    });

    it(`a misaligned operand adds its second bus cycle, with its wait state (${engine})`, () => {
      // moveq #9,d1; 1: move.l (a0),d0; move.l d0,4(a0); move.w 8(a0),d2; dbra d1,1b; stop
      const code = [0x7209, 0x2010, 0x2140, 0x0004, 0x3428, 0x0008, 0x51c9, 0xfff4, 0x4e72, 0x2700];
      const run = (timing: TimingModel, a0: number) => {
        const m = machine(code, engine, timing, CACR_E);
        m.cpu.a[0] = a0;
        m.cpu.run(100_000);
        return m.cpu.cycles - m.cpu.idleCycles;
      };
      const second = MISALIGN_3_60;
      expect(second).toBe(3 + 1);
      const aligned = run('3/60', 0x3000);
      // Both long words at 2 modulo 4; the word at $300a stays in one long word.
      expect(run('3/60', 0x3002) - aligned).toBe(10 * 2 * second);
      // At 3 modulo 4 the word crosses a long word too; at 1 it does not.
      expect(run('3/60', 0x3003) - aligned).toBe(10 * 3 * second);
      expect(run('3/60', 0x3001) - aligned).toBe(10 * 2 * second);
      // The cache case is the manual's tables, which assume aligned operands.
      expect(run('cache-case', 0x3003)).toBe(run('cache-case', 0x3000));
    });
  }

  it('CACR: C clears every entry, CE the one CAAR selects, reset clears and disables', () => {
    const { cpu } = machine(LOOP, 'interp', '3/60', CACR_E);
    cpu.run(1_000_000);
    const ic = cpu.icache!;
    expect(ic.tags[(0x1000 >>> 2) & 63]).toBe(0x1001); // address | FC2 (supervisor)
    cpu.caar = 0x1004;
    cpu.setCacr(CACR_E | CACR_CE);
    expect(ic.tags[(0x1004 >>> 2) & 63]).toBe(-1);
    expect(ic.tags[(0x1000 >>> 2) & 63]).toBe(0x1001);
    expect(cpu.cacr).toBe(CACR_E); // C and CE read as 0
    cpu.setCacr(CACR_E | CACR_C);
    expect(Array.from(ic.tags).every((t) => t === -1)).toBe(true);
    cpu.setCacr(CACR_E);
    cpu.stopped = false;
    cpu.pc = 0x1000;
    cpu.run(1_000_000);
    cpu.reset();
    expect(cpu.cacr).toBe(0);
    expect(Array.from(ic.tags).every((t) => t === -1)).toBe(true);
  });

  it('user and supervisor fetches of the same address are different entries (FC2 in the tag)', () => {
    const { cpu } = machine(LOOP, 'interp', '3/60', CACR_E);
    cpu.run(1_000_000);
    const first = cpu.icache!.misses;
    cpu.stopped = false;
    cpu.pc = 0x1000;
    cpu.setSR(0x0000); // user state: the STOP at the end is a privilege violation, which is fine
    cpu.step();
    expect(cpu.icache!.misses).toBe(first + 1);
  });

  it('the two engines agree cycle for cycle on code larger than the cache (entries evicted by the same loop)', () => {
    // moveq #20,d1; loop: 150 x addq.l #1,d0; dbra d1,loop; stop
    const code = [0x7214, ...new Array(150).fill(0x5280), 0x51c9, -(150 * 2 + 2) & 0xffff, 0x4e72, 0x2700];
    const i = cyclesOf(code, 'interp', '3/60');
    const j = cyclesOf(code, 'jit', '3/60');
    expect(j.cycles).toBe(i.cycles);
    expect(j.misses).toBe(i.misses);
    // 77 long words ($1000-$1133) on the first pass; on each of the 20 others
    // the 13 at $1000-$1033 and the 13 at $1100-$1133 take each other's
    // entries; then the STOP's.
    expect(i.misses).toBe(77 + 20 * 26 + 1);
    expect(j.cpu.d[0]).toBe(21 * 150);
  });
});
