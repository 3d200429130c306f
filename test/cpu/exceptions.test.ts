/** Interrupts, trace, STOP, and the 68020 frame formats. */
import { describe, expect, it } from 'vitest';
import { AUTOVECTOR, VEC_TRACE } from '../../emu/cpu/cpu.js';
import {
  CODE,
  flatMachine,
  handlerFor,
  readLong,
  readWord,
  STACK,
  writeLong,
  writeWords,
} from './harness.js';

const NOP = 0x4e71;

describe('interrupts', () => {
  it('wake a STOP, stack a format 0 frame with the next PC and raise the mask', () => {
    const { cpu, mem } = flatMachine([0x4e72, 0x2000, NOP]); // STOP #$2000; NOP
    cpu.run(100);
    expect(cpu.stopped).toBe(true);
    cpu.setIPL(3);
    cpu.step(); // takes the interrupt
    expect(cpu.stopped).toBe(false);
    expect(cpu.lastException).toBe(24 + 3);
    expect(cpu.intMask).toBe(3);
    cpu.setIPL(0); // the device drops its request once serviced
    cpu.run(100); // the autovector handler is an RTE: back to the NOP
    expect(cpu.exceptions).toBe(1);
    // Frame left below the stack: SR $2000, PC after STOP, format 0 vector offset $6C.
    const sp = STACK - 8;
    expect(readWord(mem, sp)).toBe(0x2000);
    expect(readLong(mem, sp + 2)).toBe(CODE + 4);
    expect(readWord(mem, sp + 6)).toBe(0x006c);
  });

  it('are masked at or below the interrupt mask, except a new level 7', () => {
    const { cpu } = flatMachine([NOP, NOP, NOP, NOP, NOP, NOP], 0x2400);
    cpu.setIPL(4);
    cpu.step();
    expect(cpu.exceptions).toBe(0);
    cpu.setIPL(7);
    cpu.setSR(0x2700);
    cpu.step();
    expect(cpu.lastException).toBe(31); // NMI taken despite mask 7
    expect(cpu.intMask).toBe(7);
    cpu.step(); // RTE back; level 7 still asserted but no new edge
    cpu.step();
    expect(cpu.exceptions).toBe(1);
  });

  it('take the vector the acknowledge cycle returns', () => {
    const { cpu } = flatMachine([NOP, NOP], 0x2000);
    cpu.iack = (level) => (level === 5 ? 0x40 : AUTOVECTOR);
    cpu.setIPL(5);
    cpu.step();
    expect(cpu.lastException).toBe(0x40);
    expect(cpu.pc).toBe(handlerFor(0x40));
  });

  it('with M set, leave the frame on the MSP and a throwaway frame on the ISP; RTE unwinds both', () => {
    const { cpu, mem } = flatMachine([NOP, NOP, NOP], 0x3000); // S and M: running on the MSP
    cpu.setMSP(0x6000);
    cpu.setISP(STACK);
    cpu.setIPL(2);
    cpu.step(); // take the interrupt
    expect(cpu.srM).toBe(0);
    expect(cpu.a[7] >>> 0).toBe(STACK - 8);
    expect(readWord(mem, STACK - 8 + 6) >> 12).toBe(1); // throwaway on the ISP
    expect(readWord(mem, 0x6000 - 8 + 6) >> 12).toBe(0); // the real frame on the MSP
    cpu.setIPL(0);
    cpu.step(); // RTE: throwaway, then the MSP frame
    expect(cpu.srM).toBe(1);
    expect(cpu.pc).toBe(CODE);
    expect(cpu.a[7] >>> 0).toBe(0x6000);
  });
});

describe('exception frames', () => {
  // Each exception an instruction raises stacks SR, the PC and the
  // format/vector word (MC68020 UM §6.3): format $0 for most, format $2 with
  // the faulting instruction's address for CHK, CHK2, TRAPcc, TRAPV and zero
  // divide. The vector is read through VBR, here moved away from 0.
  const VBR = 0x2000;
  const rows: {
    name: string;
    code: number[];
    sr: number;
    init?: (d: Int32Array) => void;
    vector: number;
    format: number;
    pc: number;
    stackedSr?: number;
  }[] = [
    { name: 'TRAP #5', code: [0x4e45], sr: 0x2700, vector: 37, format: 0, pc: CODE + 2 },
    { name: 'ILLEGAL', code: [0x4afc], sr: 0x2700, vector: 4, format: 0, pc: CODE },
    { name: 'line A in user state', code: [0xa000], sr: 0x0000, vector: 10, format: 0, pc: CODE },
    { name: 'line F (no coprocessor)', code: [0xf200, 0x0000], sr: 0x2700, vector: 11, format: 0, pc: CODE },
    { name: 'STOP in user state', code: [0x4e72, 0x2000], sr: 0x0000, vector: 8, format: 0, pc: CODE },
    {
      name: 'CHK.W D1,D0 with D0 < 0',
      code: [0x4181],
      sr: 0x2700,
      init: (d) => {
        d[0] = -1;
        d[1] = 10;
      },
      vector: 6,
      format: 2,
      pc: CODE + 2,
      stackedSr: 0x2708, // CHK sets N for a negative register before it traps
    },
    {
      name: 'DIVU.W D1,D0 by zero',
      code: [0x80c1],
      sr: 0x2700,
      init: (d) => {
        d[1] = 0;
      },
      vector: 5,
      format: 2,
      pc: CODE + 2,
    },
    { name: 'TRAPV with V set', code: [0x4e76], sr: 0x2702, vector: 7, format: 2, pc: CODE + 2 },
    { name: 'TRAPT.W #$1234', code: [0x50fa, 0x1234], sr: 0x2700, vector: 7, format: 2, pc: CODE + 4 },
  ];
  for (const row of rows) {
    it(`${row.name}: vector ${row.vector}, format $${row.format}`, () => {
      const { cpu, mem } = flatMachine(row.code, row.sr);
      for (let v = 0; v < 256; v++) writeLong(mem, VBR + 4 * v, handlerFor(v) + 2); // +2: tell VBR's table from the one at 0
      cpu.vbr = VBR;
      cpu.setUSP(0x7000);
      row.init?.(cpu.d);
      cpu.step();
      expect(cpu.lastException).toBe(row.vector);
      expect(cpu.pc).toBe(handlerFor(row.vector) + 2);
      expect(cpu.srS).toBe(1);
      const size = row.format === 2 ? 12 : 8;
      const sp = cpu.a[7] >>> 0;
      expect(sp).toBe(STACK - size);
      expect(readWord(mem, sp)).toBe(row.stackedSr ?? row.sr);
      expect(readLong(mem, sp + 2)).toBe(row.pc);
      expect(readWord(mem, sp + 6)).toBe((row.format << 12) | (row.vector * 4));
      if (row.format === 2) expect(readLong(mem, sp + 8)).toBe(CODE);
    });
  }

  it('a bus fault while stacking an interrupt frame is a double bus fault: the CPU halts', () => {
    const { cpu } = flatMachine([NOP, NOP], 0x2000);
    cpu.a[7] = 0x00f00000; // far beyond the 64 KB of RAM
    cpu.setIPL(3);
    expect(() => cpu.run(100)).not.toThrow();
    expect(cpu.halted).toBe(true);
    expect(cpu.haltReason).toMatch(/^double bus fault: .*level 3 interrupt/);
  });

  it('so is a bus fault fetching an interrupt vector', () => {
    const { cpu } = flatMachine([NOP, NOP], 0x2000);
    cpu.vbr = 0x00f00000;
    cpu.setIPL(3);
    cpu.step();
    expect(cpu.halted).toBe(true);
  });
});

describe('trace', () => {
  it('T1 traces every instruction with a format 2 frame (next PC, traced instruction address)', () => {
    const { cpu, mem } = flatMachine([NOP, NOP], 0xa700);
    cpu.step();
    expect(cpu.lastException).toBe(VEC_TRACE);
    const sp = cpu.a[7] >>> 0;
    expect(readWord(mem, sp)).toBe(0xa700);
    expect(readLong(mem, sp + 2)).toBe(CODE + 2);
    expect(readWord(mem, sp + 6)).toBe(0x2024);
    expect(readLong(mem, sp + 8)).toBe(CODE);
    expect(cpu.srT).toBe(0); // the handler runs untraced
  });

  it('T0 traces only changes of flow', () => {
    // NOP; BRA.S +0 (to the next word); NOP
    const { cpu } = flatMachine([NOP, 0x6000, 0x0000, NOP], 0x6700);
    cpu.step();
    expect(cpu.exceptions).toBe(0);
    cpu.step();
    expect(cpu.lastException).toBe(VEC_TRACE);
  });

  it('the run loop honours trace too', () => {
    const { cpu, mem } = flatMachine([NOP, NOP, NOP], 0xa700);
    writeWords(mem, handlerFor(VEC_TRACE), [0x4e72, 0x2700]); // the trace handler stops
    cpu.run(1000);
    expect(cpu.stopped).toBe(true);
    expect(cpu.instructions).toBe(2); // one NOP, then the STOP in the handler
  });
});

describe('privilege', () => {
  it('MOVE from SR in user state is a privilege violation (68010 and later)', () => {
    const { cpu } = flatMachine([0x40c0], 0x0000); // MOVE SR,D0
    cpu.setUSP(0x7000);
    cpu.step();
    expect(cpu.lastException).toBe(8);
  });
});

describe('host calls', () => {
  it('a line-A word in supervisor state calls the host instead of trapping', () => {
    const { cpu } = flatMachine([0xa123, NOP]);
    const calls: number[] = [];
    cpu.hostCall = (n) => calls.push(n);
    cpu.step();
    expect(calls).toEqual([0x123]);
    expect(cpu.exceptions).toBe(0);
    expect(cpu.pc).toBe(CODE + 2);
  });

  it('in user state the same word is a line-A exception', () => {
    const { cpu } = flatMachine([0xa123], 0x0000);
    cpu.setUSP(0x7000);
    cpu.hostCall = () => {
      throw new Error('must not be called');
    };
    cpu.step();
    expect(cpu.lastException).toBe(10);
  });
});

describe('run budget', () => {
  it('run() stops at the first instruction boundary at or past the budget', () => {
    const { cpu } = flatMachine(new Array(64).fill(NOP));
    const start = cpu.cycles;
    cpu.run(10);
    expect(cpu.cycles - start).toBeGreaterThanOrEqual(10);
    expect(cpu.instructions).toBeLessThan(64);
  });

  it('endRun() ends the current run at the next instruction boundary', () => {
    // NOP; a host call that asks the run to end (as a device callback would); NOPs.
    const { cpu } = flatMachine([NOP, 0xa001, ...new Array(32).fill(NOP)]);
    cpu.hostCall = () => cpu.endRun();
    cpu.run(1000);
    expect(cpu.instructions).toBe(2);
    cpu.run(1000); // the next run goes on normally
    expect(cpu.instructions).toBeGreaterThan(10);
  });
});

describe('instruction trace hook', () => {
  it('is called before every instruction with the PC about to run', () => {
    const { cpu } = flatMachine([NOP, NOP, 0x4e72, 0x2700]); // NOP; NOP; STOP
    const pcs: number[] = [];
    cpu.traceHook = (c) => pcs.push(c.pc);
    cpu.run(1000);
    expect(pcs).toEqual([CODE, CODE + 2, CODE + 4]);
  });
});
