/** Interrupts, trace, STOP, and the 68020 frame formats. */
import { describe, expect, it } from 'vitest';
import { AUTOVECTOR, SPURIOUS, VEC_FORMAT_ERROR, VEC_ILLEGAL, VEC_TRACE } from '../../emu/cpu/cpu.js';
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

describe('trace on change of flow (T0, MC68020 UM §6.1.7)', () => {
  // Each instruction runs once with T1:T0 = 01; `traced` is whether it
  // forced a change of flow. An instruction that trapped did (the trap is
  // the change of flow) and is traced after its trap's frame.
  const rows: {
    name: string;
    code: number[];
    ccr?: number;
    init?: (cpu: ReturnType<typeof flatMachine>['cpu'], mem: Uint8Array) => void;
    traced: boolean;
    trap?: number;
  }[] = [
    { name: 'BEQ.S taken', code: [0x6702, NOP, NOP], ccr: 0x04, traced: true },
    { name: 'BEQ.S not taken', code: [0x6702, NOP, NOP], traced: false },
    { name: 'BNE.W not taken', code: [0x6600, 0x0004, NOP], ccr: 0x04, traced: false },
    { name: 'BRA.S', code: [0x6000 | 0x02, NOP, NOP], traced: true },
    { name: 'BSR.S', code: [0x6100 | 0x02, NOP, NOP], traced: true },
    { name: 'DBF looping', code: [0x51c8, 0xfffe], init: (c) => (c.d[0] = 5), traced: true },
    { name: 'DBF, count expired', code: [0x51c8, 0xfffe], init: (c) => (c.d[0] = 0), traced: false },
    { name: 'DBEQ, condition true', code: [0x57c8, 0xfffe], ccr: 0x04, traced: false },
    {
      name: 'JMP (A0) to the next instruction',
      code: [0x4ed0, NOP],
      init: (c) => (c.a[0] = CODE + 2),
      traced: true,
    },
    {
      name: 'RTS',
      code: [0x4e75],
      init: (c, m) => {
        c.a[7] = STACK - 4;
        writeLong(m, STACK - 4, CODE + 0x40);
      },
      traced: true,
    },
    {
      name: 'RTE (its frame clears T)',
      code: [0x4e73],
      init: (c, m) => {
        c.a[7] = STACK - 8;
        writeWords(m, STACK - 8, [0x2700]);
        writeLong(m, STACK - 6, CODE + 0x40);
        writeWords(m, STACK - 2, [0x0000]);
      },
      traced: true,
    },
    { name: 'TRAP #1', code: [0x4e41], traced: true, trap: 33 },
    { name: 'TRAPEQ, no trap', code: [0x57fc], traced: false },
    { name: 'TRAPEQ, trap', code: [0x57fc], ccr: 0x04, traced: true, trap: 7 },
    { name: 'TRAPV, no trap', code: [0x4e76], traced: false },
    { name: 'TRAPV, trap', code: [0x4e76], ccr: 0x02, traced: true, trap: 7 },
    { name: 'CHK.W in bounds', code: [0x4181], init: (c) => c.d.set([1, 10]), traced: false },
    {
      name: 'CHK.W out of bounds',
      code: [0x4181],
      init: (c) => c.d.set([11, 10]),
      traced: true,
      trap: 6,
    },
    { name: 'DIVU.W by 3', code: [0x80c1], init: (c) => c.d.set([6, 3]), traced: false },
    { name: 'DIVU.W by zero', code: [0x80c1], traced: true, trap: 5 },
    { name: 'MOVE #$6700,SR', code: [0x46fc, 0x6700], traced: true },
    { name: 'ORI #0,SR', code: [0x007c, 0x0000], traced: true },
    { name: 'ANDI #$FFFF,SR', code: [0x027c, 0xffff], traced: true },
    { name: 'MOVE #0,CCR (only the CCR)', code: [0x44fc, 0x0000], traced: false },
    { name: 'ANDI #$1F,CCR (only the CCR)', code: [0x023c, 0x001f], traced: false },
    { name: 'MOVEC D0,VBR', code: [0x4e7b, 0x0801], traced: false },
    { name: 'NOP', code: [NOP], traced: false },
    { name: 'ADDQ.L #1,D0', code: [0x5280], traced: false },
  ];
  for (const row of rows) {
    it(`${row.name}: ${row.traced ? 'traced' : 'not traced'}`, () => {
      const { cpu, mem } = flatMachine(row.code, 0x6700 | (row.ccr ?? 0));
      row.init?.(cpu, mem);
      cpu.step();
      expect(cpu.exceptions).toBe((row.traced ? 1 : 0) + (row.trap ? 1 : 0));
      if (!row.traced) return;
      expect(cpu.lastException).toBe(VEC_TRACE);
      const sp = cpu.a[7] >>> 0;
      expect(readWord(mem, sp + 6)).toBe(0x2024); // format $2, vector 9
      expect(readLong(mem, sp + 8)).toBe(CODE); // the traced instruction
      // After a trap the trace frame returns to the trap's handler, whose frame lies below.
      if (row.trap) {
        expect(readLong(mem, sp + 2)).toBe(handlerFor(row.trap));
        expect(readWord(mem, sp + 12 + 6) & 0xfff).toBe(row.trap * 4);
      }
    });
  }

  it('T1 traces the same instructions whether or not they change the flow', () => {
    const { cpu } = flatMachine([0x6702, NOP, NOP], 0xa700); // BEQ.S not taken
    cpu.step();
    expect(cpu.lastException).toBe(VEC_TRACE);
  });
});

describe('a traced STOP (MC68020 UM §6.1.7)', () => {
  for (const [mode, sr] of [
    ['T1', 0xa700],
    ['T0 (STOP loads SR: a change of flow)', 0x6700],
  ] as const) {
    it(`with ${mode}: loads SR, takes the trace and never stops`, () => {
      const { cpu, mem } = flatMachine([0x4e72, 0x2000, NOP, 0x4e72, 0x2700], sr);
      cpu.step();
      expect(cpu.stopped).toBe(false);
      expect(cpu.lastException).toBe(VEC_TRACE);
      const sp = cpu.a[7] >>> 0;
      expect(readWord(mem, sp)).toBe(0x2000); // the SR STOP loaded
      expect(readLong(mem, sp + 2)).toBe(CODE + 4); // the instruction after the STOP
      expect(readWord(mem, sp + 6)).toBe(0x2024);
      expect(readLong(mem, sp + 8)).toBe(CODE);
      // The trace handler returns; execution goes on after the STOP.
      cpu.run(1000);
      expect(cpu.stopped).toBe(true); // at the second, untraced STOP
      expect(cpu.pc).toBe(CODE + 10);
      expect(cpu.instructions).toBe(4); // STOP, RTE, NOP, STOP
      expect(cpu.idleCycles).toBeGreaterThan(0);
    });
  }
});

describe('exception priorities (MC68020 UM §6.1.7, Table 6-4)', () => {
  it('a trace and an interrupt after the same instruction: the trace frame first, then the interrupt', () => {
    // ANDI #$F8FF,SR under T1 opens the mask to a pending level 3 interrupt.
    // Trace (4.1) comes before interrupt (4.2): the trace frame is stacked
    // first, then the interrupt's on top of it, returning to the trace
    // handler; so the interrupt handler runs first, then the trace handler.
    const { cpu, mem } = flatMachine([0x027c, 0xf8ff, NOP], 0xa700);
    cpu.setIPL(3);
    cpu.step(); // the ANDI, then its trace
    expect(cpu.lastException).toBe(VEC_TRACE);
    cpu.step(); // the interrupt, taken before the trace handler runs
    expect(cpu.lastException).toBe(27);
    expect(cpu.pc).toBe(handlerFor(27));
    const trace = STACK - 12;
    expect(readWord(mem, trace)).toBe(0xa000);
    expect(readLong(mem, trace + 2)).toBe(CODE + 4);
    expect(readWord(mem, trace + 6)).toBe(0x2024);
    const irq = trace - 8;
    expect(cpu.a[7] >>> 0).toBe(irq);
    expect(readWord(mem, irq)).toBe(0x2000); // the trace exception cleared T
    expect(readLong(mem, irq + 2)).toBe(handlerFor(VEC_TRACE));
    expect(readWord(mem, irq + 6)).toBe(27 * 4);
    cpu.setIPL(0);
    cpu.step(); // the interrupt handler's RTE
    expect(cpu.pc).toBe(handlerFor(VEC_TRACE));
    cpu.step(); // the trace handler's RTE
    expect(cpu.pc).toBe(CODE + 4);
  });
});

describe('interrupt acknowledge', () => {
  it('a spurious interrupt (bus error during the acknowledge) takes vector 24', () => {
    const { cpu, mem } = flatMachine([NOP, NOP], 0x2000);
    cpu.iack = () => SPURIOUS;
    cpu.setIPL(4);
    cpu.step();
    expect(cpu.lastException).toBe(24);
    expect(cpu.pc).toBe(handlerFor(24));
    expect(cpu.intMask).toBe(4);
    expect(readWord(mem, STACK - 2)).toBe(0x0060); // format $0, vector offset $60
    expect(readLong(mem, STACK - 6)).toBe(CODE);
  });
});

describe('BKPT', () => {
  it('with no breakpoint acknowledge answering, takes the illegal instruction exception', () => {
    const { cpu, mem } = flatMachine([0x484b, NOP]); // BKPT #3
    cpu.step();
    expect(cpu.lastException).toBe(VEC_ILLEGAL);
    expect(cpu.pc).toBe(handlerFor(VEC_ILLEGAL));
    expect(readLong(mem, STACK - 6)).toBe(CODE); // the BKPT itself
    expect(readWord(mem, STACK - 2)).toBe(0x0010); // format $0, vector offset $10
  });
});

describe('RTE with a frame format it does not know (MC68020 UM §6.1.8)', () => {
  for (const format of [0x3, 0x4, 0x7, 0x8, 0xc, 0xf]) {
    it(`format $${format.toString(16).toUpperCase()}: format error, vector 14, the frame left in place`, () => {
      const { cpu, mem } = flatMachine([0x4e73]);
      const sp = STACK - 8;
      writeWords(mem, sp, [0x2700]);
      writeLong(mem, sp + 2, 0x1234);
      writeWords(mem, sp + 6, [format << 12]);
      cpu.a[7] = sp;
      cpu.step();
      expect(cpu.lastException).toBe(VEC_FORMAT_ERROR);
      expect(cpu.pc).toBe(handlerFor(VEC_FORMAT_ERROR));
      expect(cpu.a[7] >>> 0).toBe(sp - 8);
      expect(readLong(mem, sp - 6)).toBe(CODE); // the RTE that found it
      expect(readWord(mem, sp - 2)).toBe(0x0038); // format $0, vector offset $38
    });
  }

  it('a long bus-fault frame ($B) this core did not make: format error', () => {
    const { cpu, mem } = flatMachine([0x4e73]);
    const sp = STACK - 92;
    for (let i = 0; i < 92; i += 2) writeWords(mem, sp + i, [0]);
    writeWords(mem, sp, [0x2700]);
    writeWords(mem, sp + 6, [0xb008]);
    cpu.a[7] = sp;
    cpu.step();
    expect(cpu.lastException).toBe(VEC_FORMAT_ERROR);
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
