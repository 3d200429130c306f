/** The Z8530 console (ttya): register protocol, polled output, input with wire timing, interrupts. */
import { describe, expect, it } from 'vitest';
import { Sun3Machine } from '../../emu/machine/sun3.js';
import { bootWith, DATA, INTREG_VA, long, TTYA_CTL, TTYA_DATA } from './helpers.js';

const FC_SD = 5;
/** One 8N1 character at 9600 baud, in 20 MHz cycles. */
const CHAR = 20833;

/** Print the NUL-terminated string at DATA by polling RR0 for TX empty, then STOP. */
const polledPuts = [
  0x207c,
  ...long(DATA), //       movea.l #DATA,a0
  0x227c,
  ...long(TTYA_CTL), //   movea.l #TTYA_CTL,a1
  0x1018, //                      loop: move.b (a0)+,d0
  0x670c, //                      beq.s   done
  0x0811,
  0x0002, //              wait: btst #2,(a1)     RR0 TX empty
  0x67fa, //                      beq.s   wait
  0x1340,
  0x0002, //              move.b  d0,2(a1)       data port
  0x60f0, //                      bra.s   loop
  0x4e72,
  0x2700, //              done: stop #$2700
  0x60fa, //                      bra.s   done
];

/** Set ttya WR1 = wr1 and WR9 = wr9, the interrupt register to 1, the mask to 0, and idle. */
function sccIntProgram(wr1: number, wr9: number): number[] {
  return [
    0x227c,
    ...long(TTYA_CTL), //   movea.l #TTYA_CTL,a1
    0x12bc,
    0x0001, //              move.b  #1,(a1)        pointer 1
    0x12bc,
    wr1, //                 move.b  #wr1,(a1)      WR1
    0x12bc,
    0x0009, //              move.b  #9,(a1)        pointer 9
    0x12bc,
    wr9, //                 move.b  #wr9,(a1)      WR9
    0x247c,
    ...long(INTREG_VA), //  movea.l #INTREG,a2
    0x14bc,
    0x0001, //              move.b  #1,(a2)        master enable
    0x46fc,
    0x2000, //              move.w  #$2000,sr
    0x4e72,
    0x2000, //              loop: stop #$2000
    0x60fa, //                      bra.s   loop
  ];
}

describe('Z8530 registers', () => {
  it('follow the pointer protocol: WR0 selects, the next control access reaches the register', () => {
    const m = new Sun3Machine();
    m.powerOn();
    const zs = m.zs1;
    expect(zs.read8(4)).toBe(0x6c); // RR0: TX empty, DCD, CTS, TX underrun; nothing received
    zs.write8(4, 12); // point at 12
    zs.write8(4, 0x34); // WR12
    zs.write8(4, 12);
    expect(zs.read8(4)).toBe(0x34); // RR12 reads WR12 back
    expect(zs.read8(4)).toBe(0x6c); // the pointer went back to 0
    zs.write8(4, 0x08 | 5); // "point high" + 5 = register 13
    zs.write8(4, 0x01);
    expect(m.console.wr[13]).toBe(0x01);
    zs.write8(4, 1);
    expect(zs.read8(4)).toBe(0x07); // RR1: all sent, 8-bit residue code
  });

  it('other channels (ttyb, keyboard, mouse) read as idle lines', () => {
    const m = new Sun3Machine();
    m.powerOn();
    for (const [zs, off] of [
      [m.zs1, 0],
      [m.zs0, 0],
      [m.zs0, 4],
    ] as const) {
      expect(zs.read8(off)).toBe(0x6c);
      zs.write8(off, 3);
      expect(zs.read8(off)).toBe(0); // RR3 of channel B is 0; channel A has nothing pending
    }
  });

  it('WR2 holds the vector; RR2 of channel B adds the status when WR9.VIS is set', () => {
    const m = new Sun3Machine();
    m.powerOn();
    const zs = m.zs1;
    zs.write8(4, 2);
    zs.write8(4, 0x40); // WR2 (shared)
    zs.write8(4, 9);
    zs.write8(4, 0x01); // VIS
    zs.write8(0, 2);
    expect(zs.read8(0)).toBe(0x40 | (3 << 1)); // nothing pending: code 3
    m.console.writeReg(1, 0x10);
    m.consoleInput('a');
    m.run(CHAR + 10);
    zs.write8(0, 2);
    expect(zs.read8(0)).toBe(0x40 | (6 << 1)); // channel A receive
    zs.write8(4, 2);
    expect(zs.read8(4)).toBe(0x40); // channel A: unmodified
  });
});

describe('console output', () => {
  it('polled output reaches the sink one character time apart', () => {
    const text = 'Hello, Sun!\r\n';
    const t = bootWith(polledPuts);
    t.m.ram.set(new TextEncoder().encode(`${text}\0`), DATA);
    t.m.run(20 * CHAR);
    expect(t.text()).toBe(text);
    // The first byte is written ~60 cycles after boot and leaves the line one character later, to the instruction.
    expect(t.outAt[0]).toBeGreaterThanOrEqual(CHAR);
    expect(t.outAt[0]).toBeLessThan(CHAR + 150);
    for (let i = 1; i < t.outAt.length; i++) {
      const gap = t.outAt[i] - t.outAt[i - 1];
      expect(Math.abs(gap - CHAR)).toBeLessThan(40);
    }
    expect(t.m.console.txCount).toBe(text.length);
  });

  it('takes the wire time of the configured baud rate', () => {
    const m = new Sun3Machine();
    m.powerOn();
    const at: number[] = [];
    m.consoleSink = () => at.push(m.now);
    const ch = m.console;
    ch.writeReg(12, 62); // 4.9152 MHz / (2 * 16 * 64) = 2400 baud
    ch.writeData(0x41);
    m.run(200_000);
    expect(at).toEqual([Math.round((20_000_000 * 10) / 2400)]);
    ch.writeReg(4, 0x40 | 0x0c | 0x01); // two stop bits and parity: 12 bits
    ch.writeData(0x42);
    const t0 = m.now;
    m.run(200_000);
    expect(at[1] - t0).toBe(Math.round((20_000_000 * 12) / 2400));
  });

  it('TX-empty interrupts drive interrupt-level output (level 6, autovector 30)', () => {
    const t = bootWith(sccIntProgram(0x02, 0x08));
    const { m } = t;
    const msg = Array.from(new TextEncoder().encode('irq out'));
    let next = 0;
    let irqs = 0;
    t.handlers.set(30, () => {
      irqs++;
      if (next < msg.length) m.bus.write8(TTYA_DATA, msg[next++], FC_SD);
      else m.bus.write8(TTYA_CTL, 0x28, FC_SD); // reset TX interrupt pending
    });
    m.run(1000);
    m.bus.write8(TTYA_DATA, 0x3e, FC_SD); // '>' starts it; the buffer empties at once
    m.run(12 * CHAR);
    expect(t.text()).toBe('>irq out');
    expect(irqs).toBe(msg.length + 1);
    expect(t.unexpected).toEqual([]);
    expect(m.interrupts.level).toBe(0);
  });
});

describe('console input', () => {
  it('a typed byte is available after one character time, not before', () => {
    const m = new Sun3Machine();
    m.powerOn();
    const zs = m.zs1;
    m.run(1234);
    m.consoleInput('x');
    m.run(CHAR - 1);
    expect(zs.read8(4) & 1).toBe(0);
    m.run(1);
    expect(zs.read8(4) & 1).toBe(1);
    expect(zs.read8(6)).toBe(0x78);
    expect(zs.read8(4) & 1).toBe(0);
  });

  it('RX interrupts arrive at level 6 one character time apart', () => {
    const t = bootWith(sccIntProgram(0x10, 0x08));
    const { m } = t;
    const got: [number, number][] = [];
    t.handlers.set(30, () => got.push([m.bus.read8(TTYA_DATA, FC_SD), m.now]));
    m.run(1000);
    const t0 = m.now;
    m.consoleInput('ok\n');
    m.run(4 * CHAR);
    expect(got.map(([b]) => b)).toEqual([0x6f, 0x6b, 0x0a]);
    got.forEach(([, at], i) => {
      expect(at - t0).toBeGreaterThanOrEqual((i + 1) * CHAR);
      expect(at - t0).toBeLessThan((i + 1) * CHAR + 100); // taken right away: the CPU was idle
    });
    expect(t.unexpected).toEqual([]);
  });

  it('without WR9.MIE no interrupt is requested, though RR3 shows it pending', () => {
    const t = bootWith(sccIntProgram(0x10, 0x00));
    const { m } = t;
    m.run(1000);
    m.consoleInput('z');
    m.run(2 * CHAR);
    expect(t.unexpected).toEqual([]);
    expect(m.interrupts.level).toBe(0);
    m.bus.write8(TTYA_CTL, 3, FC_SD);
    expect(m.bus.read8(TTYA_CTL, FC_SD)).toBe(0x20);
  });

  it('"first character" mode interrupts once until re-armed by WR0', () => {
    const m = new Sun3Machine();
    m.powerOn();
    const ch = m.console;
    m.zs1.writeWR9(0x08);
    m.intreg.value = 1;
    ch.writeReg(1, 0x08);
    m.consoleInput('ab');
    m.run(CHAR + 10);
    expect(m.interrupts.level).toBe(6);
    ch.readData();
    m.run(CHAR);
    expect(m.interrupts.level).toBe(0); // 'b' waits, no interrupt
    ch.writeControl(0x20); // enable interrupt on next RX character
    expect(m.interrupts.level).toBe(6);
  });

  it('a full FIFO holds the line instead of losing input', () => {
    const m = new Sun3Machine();
    m.powerOn();
    const ch = m.console;
    m.consoleInput('abcdefgh');
    m.run(20 * CHAR);
    expect(ch.inputPending).toBe(5); // three in the FIFO, the rest still on the host side
    let s = '';
    while (m.zs1.read8(4) & 1) s += String.fromCharCode(m.zs1.read8(6));
    expect(s).toBe('abc');
    m.run(20 * CHAR);
    while (m.zs1.read8(4) & 1) s += String.fromCharCode(m.zs1.read8(6));
    m.run(20 * CHAR);
    while (m.zs1.read8(4) & 1) s += String.fromCharCode(m.zs1.read8(6));
    expect(s).toBe('abcdefgh');
    expect(m.zs1.read8(4) & 1).toBe(0);
  });

  it('a channel reset (WR9) empties the FIFO and clears the registers', () => {
    const m = new Sun3Machine();
    m.powerOn();
    m.consoleInput('q');
    m.run(CHAR);
    expect(m.zs1.read8(4) & 1).toBe(1);
    m.zs1.write8(4, 9);
    m.zs1.write8(4, 0x80); // reset channel A
    expect(m.zs1.read8(4) & 1).toBe(0);
    expect(m.console.wr[3]).toBe(0); // the receiver is now off
  });
});
