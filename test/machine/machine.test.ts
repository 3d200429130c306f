/** The Sun-3/60 board: options, power-on banner and hand-over state, scheduler, determinism. */
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../emu/machine/scheduler.js';
import { Sun3Machine } from '../../emu/machine/sun3.js';
import { ENA_NOTBOOT, SEGINV } from '../../emu/mmu/mmu.js';
import { bootWith, CLOCK_VA, DATA, EEPROM_VA, INTREG_VA, long, MEMERR_VA, TTYA_CTL } from './helpers.js';

const FC_SD = 5;

describe('options', () => {
  it('validate memory size, serial, Ethernet address and epoch with one-line messages', () => {
    expect(() => new Sun3Machine({ memoryMB: 3 })).toThrow(
      /memoryMB must be an integer from 4 to 24 \(got 3\)/,
    );
    expect(() => new Sun3Machine({ memoryMB: 25 })).toThrow(/memoryMB/);
    expect(() => new Sun3Machine({ memoryMB: 8.5 })).toThrow(/memoryMB/);
    expect(() => new Sun3Machine({ serial: -1 })).toThrow(/serial/);
    expect(() => new Sun3Machine({ serial: 1 << 24 })).toThrow(/serial/);
    expect(() => new Sun3Machine({ ethernet: '8:0:20:1:2' })).toThrow(/bad Ethernet address/);
    expect(() => new Sun3Machine({ ethernet: [1, 2, 3, 4, 5, 256] })).toThrow(/six bytes/);
    expect(() => new Sun3Machine({ epoch: 'yesterday' })).toThrow(/bad epoch/);
    expect(() => new Sun3Machine({ epoch: '2100-01-01T00:00:00Z' })).toThrow(/1968-2067/);
    for (const mb of [4, 24]) expect(new Sun3Machine({ memoryMB: mb }).ram.length).toBe(mb << 20);
  });
});

describe('power-on', () => {
  it('prints the PROM banner on the console', () => {
    const out: number[] = [];
    const m = new Sun3Machine({ memoryMB: 12, serial: 4242, consoleSink: (b) => out.push(b) });
    m.powerOn();
    const text = String.fromCharCode(...out);
    expect(text).toContain('Sun Workstation, Model Sun-3/60.\r\n');
    expect(text).toContain('12MB memory installed, Serial #4242.');
    expect(text).toContain('Ethernet address 8:0:20:0:10:92, Host ID 17001092.');
    expect(m.now).toBe(0); // the banner takes no emulated time
  });

  it('leaves the documented hand-over state', () => {
    const m = new Sun3Machine();
    m.powerOn();
    const cpu = m.cpu;
    expect(cpu.srS).toBe(1);
    expect(cpu.intMask).toBe(7);
    expect(cpu.stopped).toBe(true);
    expect(m.mmu.enable).toBe(ENA_NOTBOOT);
    expect(m.mmu.context).toBe(0);
    expect(m.mmu.getSegmap(7, 0x0ffe0000)).toBe(SEGINV);
    expect(m.mmu.getPte(SEGINV, 15)).toBe(0);
    expect(m.intreg.value).toBe(0);
    expect(m.clock.command).toBe(0x0c);
    expect(m.console.wr[12]).toBe(14); // 9600 baud
    expect(m.zs0.a.wr[12]).toBe(126); // keyboard 1200 baud
    m.run(1_000_000); // time passes while parked
    expect(m.now).toBe(1_000_000);
    expect(cpu.instructions).toBe(0);
  });

  it('boot starts the CPU in supervisor state with the given VBR, SSP and PC', () => {
    const t = bootWith([0x4e71, 0x4e72, 0x2700]); // nop; stop
    const cpu = t.m.cpu;
    expect(cpu.stopped).toBe(false);
    expect(cpu.vbr).toBe(0);
    expect(cpu.getISP()).toBe(0x8000);
    t.m.run(100);
    expect(cpu.instructions).toBe(2);
    expect(cpu.stopped).toBe(true);
    expect(() => t.m.boot({ pc: 0, ssp: 0, vbr: 0, sr: 0x0700 })).toThrow(/S set/);
  });
});

describe('other on-board devices', () => {
  it('EEPROM is RAM-like; the memory-error register never reports an error', () => {
    const t = bootWith([0x4e72, 0x2700]);
    const b = t.m.bus;
    b.write32(EEPROM_VA + 0x100, 0x01020304, FC_SD);
    expect(b.read32(EEPROM_VA + 0x100, FC_SD)).toBe(0x01020304);
    expect(t.m.eeprom.bytes[0x103]).toBe(4);
    expect(b.read32(MEMERR_VA + 4, FC_SD)).toBe(0);
    b.write8(MEMERR_VA, 0xff, FC_SD);
    expect(b.read8(MEMERR_VA, FC_SD)).toBe(0x70); // control bits only; no error bits ever
  });

  it('the RESET instruction resets the interrupt register and the SCCs', () => {
    const t = bootWith([
      0x247c,
      ...long(INTREG_VA), //  movea.l #INTREG,a2
      0x14bc,
      0x000b, //              move.b  #$0B,(a2)
      0x4e70, //                      reset
      0x4e72,
      0x2700, //              stop
    ]);
    t.m.run(1000);
    expect(t.m.cpu.stopped).toBe(true);
    expect(t.m.intreg.value).toBe(0);
    expect(t.m.console.wr[5]).toBe(0);
  });
});

describe('scheduler', () => {
  it('fires timers in deadline order, equal deadlines in arming order; re-arming and cancelling work', () => {
    const clock = { cycles: 0 };
    const s = new Scheduler(clock);
    const log: string[] = [];
    const a = s.timer('a', (w) => log.push(`a@${w}`));
    const b = s.timer('b', (w) => log.push(`b@${w}`));
    const c = s.timer('c', (w) => log.push(`c@${w}`));
    const d = s.timer('d', (w) => {
      log.push(`d@${w}`);
      if (w < 300) d.at(w + 100);
    });
    c.at(50);
    b.at(50);
    a.at(10);
    d.at(100);
    a.at(50); // re-armed: now after b and c
    const x = s.timer('x', () => log.push('x'));
    x.at(60);
    x.cancel();
    expect(s.nextDeadline()).toBe(50);
    clock.cycles = 1000;
    s.runDue(clock.cycles);
    expect(log).toEqual(['c@50', 'b@50', 'a@50', 'd@100', 'd@200', 'd@300']);
    expect(s.size).toBe(0);
    expect(s.nextDeadline()).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('determinism', () => {
  /** Clock ticks, console output by interrupts and input echo, all at once. */
  function scenario(): { out: string; cycles: number; instructions: number; ticks: number } {
    const program = [
      0x207c,
      ...long(CLOCK_VA), //   movea.l #CLOCK,a0
      0x117c,
      0x0002,
      0x0010, //      move.b  #2,$10(a0)
      0x247c,
      ...long(INTREG_VA), //  movea.l #INTREG,a2
      0x14bc,
      0x0021, //              move.b  #$21,(a2)
      0x117c,
      0x001c,
      0x0011, //      move.b  #$1C,$11(a0)
      0x227c,
      ...long(TTYA_CTL), //   movea.l #TTYA_CTL,a1
      0x12bc,
      0x0001, //              move.b  #1,(a1)
      0x12bc,
      0x0010, //              move.b  #$10,(a1)      RX interrupts
      0x12bc,
      0x0009, //              move.b  #9,(a1)
      0x12bc,
      0x0008, //              move.b  #8,(a1)        MIE
      0x46fc,
      0x2000, //              move.w  #$2000,sr
      0x2c3c,
      ...long(0), //          loop: move.l #0,d6
      0x5286, //                      inner: addq.l #1,d6    busy work between interrupts
      0x0c86,
      ...long(5000), //       cmpi.l  #5000,d6
      0x66f6, //                      bne.s   inner
      0x4e72,
      0x2000, //              stop    #$2000
      0x60ea, //                      bra.s   loop
    ];
    const t = bootWith(program);
    const { m } = t;
    m.ram.set(new TextEncoder().encode('ok\0'), DATA);
    let ticks = 0;
    t.handlers.set(29, () => {
      ticks++;
      m.bus.read8(CLOCK_VA + 0x10, FC_SD);
    });
    t.handlers.set(30, () => {
      const ch = m.bus.read8(TTYA_CTL + 2, FC_SD);
      m.bus.write8(TTYA_CTL + 2, ch ^ 0x20, FC_SD); // echo with the case flipped
    });
    m.run(500_000);
    m.consoleInput('Hello');
    m.run(3_000_000);
    m.consoleInput('World');
    m.run(3_000_000);
    return { out: t.text(), cycles: m.now, instructions: m.cpu.instructions, ticks };
  }

  it('the same inputs give the same output, cycle count and instruction count', () => {
    const a = scenario();
    const b = scenario();
    expect(a.out).toBe('hELLOwORLD');
    expect(a.ticks).toBe(32);
    expect(b).toEqual(a);
  });
});

describe('run until', () => {
  /** moveq #0,d0; loop: addq.l #1,d0; $A000+40 (a host call); bra.s loop. */
  const program = [0x7000, 0x5280, 0xa000 + 40, 0x60fa];

  it('stops at the instruction boundary where host code ended the slice, and says how far it ran', () => {
    const t = bootWith(program);
    const { m } = t;
    let calls = 0;
    let at = -1;
    t.handlers.set(40, () => {
      if (++calls === 1000) {
        at = m.now;
        m.cpu.endRun();
      }
    });
    const ran = m.run(1_000_000, () => calls >= 1000);
    expect(calls).toBe(1000);
    expect(m.cpu.r[0]).toBe(1000);
    expect(ran).toBe(m.now);
    expect(m.now - at).toBeLessThan(40); // the rest of that one instruction, no more
    // Already true: runs nothing.
    expect(m.run(1_000_000, () => true)).toBe(0);
  });

  it('is asked after device events too: it sees a byte as soon as the console has sent it', () => {
    const t = bootWith([0x4e72, 0x2700]); // stop #$2700: idle
    const { m } = t;
    m.console.writeData(0x41);
    m.run(1_000_000, () => t.out.length > 0);
    expect(t.text()).toBe('A');
    expect(m.now).toBe(t.outAt[0]);
  });
});
