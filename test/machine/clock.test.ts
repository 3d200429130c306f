/** The Intersil 7170 clock and the interrupt register: ticks, time of day, interrupt gating. */
import { describe, expect, it } from 'vitest';
import { CYCLES_PER_TICK, Sun3Machine } from '../../emu/machine/sun3.js';
import {
  bootWith,
  CLOCK_VA,
  HANDLER,
  INTREG_VA,
  long,
  type TestMachine,
  writeLong,
  writeWords,
} from './helpers.js';

const FC_SD = 5;

/** Program the 7170 for 100 Hz on level 5 as SunOS does, then idle in STOP with the mask at 0. */
function clockProgram(ireg = 0x21): number[] {
  return [
    0x207c,
    ...long(CLOCK_VA), //   movea.l #CLOCK,a0
    0x117c,
    0x0002,
    0x0010, //      move.b  #$02,$10(a0)   mask: 1/100 s
    0x247c,
    ...long(INTREG_VA), //  movea.l #INTREG,a2
    0x14bc,
    ireg, //                move.b  #ireg,(a2)     clock -> level 5, master enable
    0x117c,
    0x001c,
    0x0011, //      move.b  #$1C,$11(a0)   run, 24 h, interrupts on
    0x46fc,
    0x2000, //              move.w  #$2000,sr
    0x4e72,
    0x2000, //              loop: stop #$2000
    0x60fa, //                      bra.s   loop
  ];
}

/** Level-5 handler in guest code: read the 7170 status (drops the latch), count in d7. */
function installTickHandler(t: TestMachine, vector = 29): void {
  writeWords(t.m.ram, HANDLER, [
    0x4a28,
    0x0010, //              tst.b   $10(a0)
    0x5287, //                      addq.l  #1,d7
    0x4e73, //                      rte
  ]);
  writeLong(t.m.ram, vector * 4, HANDLER);
}

describe('Intersil 7170 periodic interrupt', () => {
  it('interrupts exactly 100 times per 20,000,000 cycles (10 per 2,000,000)', () => {
    const t = bootWith(clockProgram());
    installTickHandler(t);
    const { m } = t;
    m.run(2_000_000 + 1000); // ticks at 200,000 .. 2,000,000, the last one handled in the extra 1000 cycles
    expect(m.cpu.d[7]).toBe(10);
    m.run(18_000_000);
    expect(m.cpu.d[7]).toBe(100);
    m.run(20_000_000);
    expect(m.cpu.d[7]).toBe(200);
    expect(t.unexpected).toEqual([]);
    expect(m.clock.interrupts).toBe(200);
  });

  it('ticks land exactly every 200,000 cycles', () => {
    const t = bootWith(clockProgram());
    const { m } = t;
    const at: number[] = [];
    t.handlers.set(29, () => {
      at.push(m.now);
      m.bus.read8(CLOCK_VA + 0x10, FC_SD);
    });
    m.run(2_100_000);
    expect(at.length).toBe(10);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBe(CYCLES_PER_TICK);
    expect(at[0] % CYCLES_PER_TICK).toBeLessThan(100); // taken right at the tick
  });

  it('without the master enable or the level-5 route nothing reaches the CPU; the 7170 still flags it', () => {
    for (const ireg of [0x20, 0x01]) {
      const t = bootWith(clockProgram(ireg));
      installTickHandler(t);
      t.m.run(1_000_000);
      expect(t.m.cpu.d[7]).toBe(0);
      expect(t.m.clock.status & 0x82).toBe(0x82);
    }
  });

  it('clearing IREG 0x20 drops the clock latch; reading the 7170 drops it too', () => {
    const t = bootWith(clockProgram().slice(0, 14).concat([0x4e72, 0x2700])); // keep the mask at 7
    const { m } = t;
    m.run(CYCLES_PER_TICK + 100);
    expect(m.interrupts.clockLatch).toBe(true);
    expect(m.interrupts.level).toBe(5);
    m.intreg.value = 0x01;
    expect(m.interrupts.level).toBe(0);
    m.intreg.value = 0x21;
    expect(m.interrupts.level).toBe(0); // the latch stays dropped until the next tick
    m.run(CYCLES_PER_TICK);
    expect(m.interrupts.level).toBe(5);
    expect(m.bus.read8(CLOCK_VA + 0x10, FC_SD)).toBe(0x82);
    expect(m.interrupts.level).toBe(0);
    expect(m.bus.read8(CLOCK_VA + 0x10, FC_SD)).toBe(0); // status cleared by the read
  });

  it('routed to level 7, the clock is a non-maskable interrupt, once per tick', () => {
    const t = bootWith(clockProgram(0x81).slice(0, 16).concat([0x4e72, 0x2700, 0x60fa]));
    installTickHandler(t, 31);
    t.m.run(10 * CYCLES_PER_TICK + 1000);
    expect(t.m.cpu.d[7]).toBe(10);
  });
});

describe('software interrupts and the master enable', () => {
  it('IREG 0x08/0x04/0x02 request levels 3/2/1 (autovectored) while set, only with 0x01', () => {
    const t = bootWith([0x46fc, 0x2000, 0x4e72, 0x2000, 0x60fa]); // mask 0; stop; loop
    const { m } = t;
    const got: number[] = [];
    for (const v of [25, 26, 27]) t.handlers.set(v, () => got.push(v));
    m.run(100);
    for (const [bits, level] of [
      [0x08, 3],
      [0x04, 2],
      [0x02, 1],
    ]) {
      m.intreg.value = bits; // no master enable: nothing
      m.run(100);
      expect(m.interrupts.level).toBe(0);
      m.intreg.value = bits | 1;
      expect(m.interrupts.level).toBe(level);
      m.run(100); // taken (and re-taken after each RTE while the bit stays set)
      m.intreg.value = 0;
      m.run(100);
    }
    expect(new Set(got)).toEqual(new Set([27, 26, 25]));
    expect(t.unexpected).toEqual([]);
  });

  it('the highest level wins', () => {
    const m = new Sun3Machine();
    m.powerOn();
    m.intreg.value = 0x0f;
    expect(m.interrupts.level).toBe(3);
    const line = m.interrupts.line(6, 'test');
    line.set(true);
    expect(m.interrupts.level).toBe(6);
    m.intreg.value = 0x0e;
    expect(m.interrupts.level).toBe(0);
    expect(m.cpu.ipl).toBe(0);
  });
});

describe('Intersil 7170 time of day', () => {
  function counters(m: Sun3Machine): number[] {
    const out: number[] = [];
    for (let i = 0; i < 8; i++) out.push(m.clock.read8(i));
    return out;
  }

  it('counts from the configured epoch in emulated time', () => {
    const m = new Sun3Machine({ epoch: '2001-02-03T04:05:06Z' });
    m.powerOn();
    // hundredths, hour, minute, second, month, day, year - 1968, weekday (Saturday)
    expect(counters(m)).toEqual([0, 4, 5, 6, 2, 3, 33, 6]);
    m.run(61 * 20_000_000 + 37 * CYCLES_PER_TICK + 5);
    expect(counters(m)).toEqual([37, 4, 6, 7, 2, 3, 33, 6]);
    expect(m.timeMs()).toBe(Date.UTC(2001, 1, 3, 4, 6, 7, 370));
  });

  it('defaults to 1990-01-01 00:00:00 UTC', () => {
    const m = new Sun3Machine();
    m.powerOn();
    expect(m.timeMs()).toBe(Date.UTC(1990, 0, 1));
    expect(counters(m)).toEqual([0, 0, 0, 0, 1, 1, 22, 1]);
  });

  it('reading the hundredths latches the other counters', () => {
    const m = new Sun3Machine({ epoch: '1990-01-01T00:00:59Z' });
    m.powerOn();
    expect(m.clock.read8(0)).toBe(0);
    m.run(20_000_000 + 3 * CYCLES_PER_TICK); // past the minute
    expect(m.clock.read8(3)).toBe(59); // still the latched second
    expect(m.clock.read8(0)).toBe(3);
    expect(m.clock.read8(2)).toBe(1);
    expect(m.clock.read8(3)).toBe(0);
  });

  it('12-hour mode, counter writes, stopping and restarting', () => {
    const m = new Sun3Machine({ epoch: '1995-06-15T16:30:00Z' });
    m.powerOn();
    m.clock.write8(0x11, 0x08); // run, 12-hour
    expect(counters(m)[1]).toBe(0x80 | 4);
    m.clock.write8(0x11, 0x0c); // 24-hour
    m.clock.write8(6, 30); // year 1998
    m.clock.write8(1, 9); // 09:30
    expect(m.timeMs()).toBe(Date.UTC(1998, 5, 15, 9, 30));
    m.clock.write8(0x11, 0x04); // stop
    m.run(5 * 20_000_000);
    expect(m.timeMs()).toBe(Date.UTC(1998, 5, 15, 9, 30));
    m.clock.write8(0x11, 0x0c); // run again
    m.run(20_000_000);
    expect(m.timeMs()).toBe(Date.UTC(1998, 5, 15, 9, 30, 1));
  });

  it('a second interrupt flags 0x08 once a second', () => {
    const m = new Sun3Machine();
    m.powerOn();
    m.clock.write8(0x10, 0x08);
    let n = 0;
    m.clock.onInterrupt = () => n++;
    m.clock.write8(0x11, 0x1c);
    m.run(3 * 20_000_000 + 10);
    expect(n).toBe(3);
  });
});
