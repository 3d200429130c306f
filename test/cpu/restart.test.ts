/**
 * Restartable bus faults (docs/cpu.md, "Bus errors and restart"): for each
 * case below, run it once without faults and record every bus access; then
 * run it again with one fault injected, in three ways, once for each place
 * the fault can go:
 *
 * - by address: the first access to that byte faults (a page that is not
 *   there until the handler maps it);
 * - by access: that one access faults, whatever came before it, reads and
 *   writes alike, so the write half of a read-modify-write and the later
 *   writes of an instruction that writes several times fail at the write
 *   itself;
 * - read-only page: reads succeed, the first write to the page faults (a
 *   copy-on-write page).
 *
 * The handler is a bare RTE; the instruction must run again from the start
 * and end exactly as the unfaulted run did: registers, SR, memory.
 */
import { describe, expect, it } from 'vitest';
import { ENGINES, type Engine, VEC_BUS_ERROR } from '../../emu/cpu/cpu.js';
import {
  type Access,
  CODE,
  DATA,
  FAULT_PAGE,
  FaultBus,
  handlerFor,
  readLong,
  STACK,
  STOP_2700,
  setup,
  writeLong,
  writeWords,
} from './harness.js';

type Cpu = ReturnType<typeof setup>;

interface Case {
  name: string;
  code: number[];
  regs: (cpu: Cpu, mem: Uint8Array) => void;
  /** SR to start with (default supervisor, $2700). */
  sr?: number;
  /** Exceptions the unfaulted run takes (a user-mode case ends with TRAP #0). */
  exceptions?: number;
}

function fillData(mem: Uint8Array): void {
  let x = 0x12345678;
  for (let i = 0; i < 0x400; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    mem[DATA + i] = x >>> 24;
  }
}

const TRAP0 = 0x4e40;
/** Where the CALLM cases put the module's code and its descriptor. */
const MODULE = CODE + 0x100;
const DESC = DATA + 0x380;

/** A user-mode CALLM case: descriptor at DESC, the module at MODULE, the user stack in the data area. */
function callmCase(name: string, opt: number, module: number[], code: number[]): Case {
  return {
    name,
    sr: 0x0000,
    exceptions: 1,
    code,
    regs: (cpu, mem) => {
      writeLong(mem, DESC, (opt << 29) >>> 0); // type $00
      writeLong(mem, DESC + 4, MODULE);
      writeLong(mem, DESC + 8, 0xcafe0000);
      writeWords(mem, MODULE, module);
      writeWords(mem, handlerFor(32), STOP_2700); // TRAP #0 ends the run
      cpu.setUSP(DATA + 0x300);
      cpu.a[5] = 0x12345678;
      cpu.setCCR(0x0b);
    },
  };
}

const cases: Case[] = [
  {
    name: 'MOVEM.L D0-D3/A2,-(A0)',
    code: [0x48e0, 0xf020],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x100;
      cpu.a[2] = 0x0a0a0a0a;
      for (let i = 0; i < 4; i++) cpu.d[i] = 0x11111111 * (i + 1);
    },
  },
  {
    name: 'MOVEM.L (A0)+,D0-D3/A0-A2',
    code: [0x4cd8, 0x070f],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x40;
    },
  },
  {
    name: 'CAS2.L D0:D1,D2:D3,(A0):(A1) (both match: two writes)',
    code: [0x0efc, 0x8080, 0x90c1],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x10;
      cpu.a[1] = DATA + 0x80;
      cpu.d[0] = cpu.rd32(DATA + 0x10);
      cpu.d[1] = cpu.rd32(DATA + 0x80);
      cpu.d[2] = 0x2222aaaa;
      cpu.d[3] = 0x3333bbbb;
    },
  },
  {
    name: 'MOVE.L (A0)+,(A1)+',
    code: [0x22d8],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x21;
      cpu.a[1] = DATA + 0x203;
    },
  },
  {
    name: 'MOVE.L (d16,A0),-(A1)',
    code: [0x2328, 0x0030],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x10;
      cpu.a[1] = DATA + 0x300;
    },
  },
  {
    name: 'BFINS D1,(A0){#6:#20}',
    code: [0xefd0, 0x1194],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x33;
      cpu.d[1] = 0x000abcde;
    },
  },
  {
    name: 'BFCHG (A0){#30:#12} (spans 3 bytes)',
    code: [0xead0, 0x078c],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x51;
    },
  },
  {
    name: 'MOVE.L ([4,A0],D1.L*4,8),D2 (memory indirect, pre-indexed)',
    code: [0x2430, 0x1d22, 0x0004, 0x0008],
    regs: (cpu, mem) => {
      cpu.a[0] = DATA + 0x100;
      cpu.d[1] = 3;
      // The pointer the indirection reads: at A0 + 4 + 12.
      writeLong(mem, DATA + 0x110, DATA + 0x180);
    },
  },
  {
    name: 'ADD.L D3,([A0],D1.W*2,4) (memory indirect, post-indexed, read-modify-write)',
    code: [0xd7b0, 0x1316, 0x0004],
    regs: (cpu, mem) => {
      cpu.a[0] = DATA + 0x200;
      cpu.d[1] = 6;
      cpu.d[3] = 0x01020304;
      writeLong(mem, DATA + 0x200, DATA + 0x240);
    },
  },
  {
    name: 'ADDX.L -(A0),-(A1) (X and Z are inputs)',
    code: [0xd388],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x104;
      cpu.a[1] = DATA + 0x204;
      cpu.setCCR(0x14); // X and Z set
    },
  },
  {
    name: 'ADDX.L -(A0),-(A1) (carries out: X changes)',
    code: [0xd388],
    regs: (cpu, mem) => {
      cpu.a[0] = DATA + 0x104;
      cpu.a[1] = DATA + 0x204;
      writeLong(mem, DATA + 0x100, 0xffffffff);
      writeLong(mem, DATA + 0x200, 1);
      cpu.setCCR(0x04); // X clear, Z set: the sum is 0 with a carry
    },
  },
  // Read-modify-write instructions: the write is a separate bus cycle.
  {
    name: 'TAS (A0)',
    code: [0x4ad0],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x61;
    },
  },
  {
    name: 'CAS.L D1,D2,(A0) (compare succeeds: the update is written)',
    code: [0x0ed0, 0x0081],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x72;
      cpu.d[1] = cpu.rd32(DATA + 0x72);
      cpu.d[2] = 0x5a5a1234;
    },
  },
  {
    name: 'CAS.W D1,D2,(A0) (compare fails: Dc is loaded)',
    code: [0x0cd0, 0x0081],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x74;
      cpu.d[1] = 0x7fff0000 | ((cpu.rd16(DATA + 0x74) + 1) & 0xffff);
    },
  },
  {
    name: 'BFINS D1,(A0){#6:#32} (spans 5 bytes)',
    code: [0xefd0, 0x1180],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x3d; // the five bytes straddle a FAULT_PAGE boundary
      cpu.d[1] = 0x12345678;
    },
  },
  {
    name: 'ADDQ.L #1,(A0)',
    code: [0x5290],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x86;
    },
  },
  {
    name: 'NBCD (A0) (X and Z are inputs)',
    code: [0x4810],
    regs: (cpu, mem) => {
      cpu.a[0] = DATA + 0x90;
      mem[DATA + 0x90] = 0x27;
      cpu.setCCR(0x04); // X clear, Z set: 0 - $27 borrows and sets X
    },
  },
  {
    name: 'NEGX.L (A0) (X and Z are inputs)',
    code: [0x4090],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x94;
      cpu.setCCR(0x04); // X clear, Z set: a non-zero operand borrows and sets X
    },
  },
  {
    name: 'ROXL.W (A0) (X is an input)',
    code: [0xe5d0],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x9a;
      cpu.setCCR(0x10);
    },
  },
  {
    name: 'ABCD -(A0),-(A1) (X and Z are inputs)',
    code: [0xc308],
    regs: (cpu, mem) => {
      cpu.a[0] = DATA + 0xa1;
      cpu.a[1] = DATA + 0xc1;
      mem[DATA + 0xa0] = 0x19;
      mem[DATA + 0xc0] = 0x28;
      cpu.setCCR(0x14);
    },
  },
  // Several writes from registers, and address computations with several reads.
  {
    name: 'MOVEP.L D1,(8,A0)',
    code: [0x03c8, 0x0008],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0xb9; // the four bytes straddle a FAULT_PAGE boundary
      cpu.d[1] = 0x89abcdef;
    },
  },
  {
    name: 'MOVEP.L (8,A0),D1',
    code: [0x0348, 0x0008],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0xb9;
    },
  },
  {
    name: 'MOVE.L (d16,A0,D0.L*4),([bd,A1],od) (full format to memory indirect)',
    // Source: full format, D0.L*4, word base displacement $10.
    // Destination: full format, index suppressed, word bd $20, word od $08.
    code: [0x23b0, 0x0d20, 0x0010, 0x0162, 0x0020, 0x0008],
    regs: (cpu, mem) => {
      cpu.a[0] = DATA + 0x40;
      cpu.d[0] = 3;
      cpu.a[1] = DATA + 0x100;
      writeLong(mem, DATA + 0x120, DATA + 0x1fe);
    },
  },
  {
    name: 'PACK -(A0),-(A1),#$3030',
    code: [0x8348, 0x3030],
    regs: (cpu, mem) => {
      cpu.a[0] = DATA + 0xd2;
      cpu.a[1] = DATA + 0xe1;
      mem[DATA + 0xd0] = 0x34;
      mem[DATA + 0xd1] = 0x32;
    },
  },
  {
    name: 'UNPK -(A0),-(A1),#$3030',
    code: [0x8388, 0x3030],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0xd1;
      cpu.a[1] = DATA + 0xc1; // the two bytes straddle a FAULT_PAGE boundary
    },
  },
  {
    name: 'UNPK -(A0),-(A1),#$3030 with A1 = A0 (the source byte is written over)',
    code: [0x8388, 0x3030],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0xe9;
      cpu.a[1] = DATA + 0xe9;
    },
  },
  // CALLM and RTM in user state: the module frame goes on the user stack,
  // which can fault; the run ends with TRAP #0, whose handler stops.
  callmCase(
    'CALLM #4,(xxx).W (type $00, opt 000)',
    0,
    [0xd000, TRAP0], // entry word: A5; TRAP #0
    [0x06f8, 0x0004, DESC],
  ),
  callmCase(
    'CALLM #8,(xxx).W (opt 100) then RTM A5',
    4,
    [0xd000, 0x7011, 0x06cd], // entry word: A5; MOVEQ #$11,D0; RTM A5
    [0x06f8, 0x0008, DESC, TRAP0],
  ),
];

interface Fault {
  at?: number;
  index?: number;
  readOnlyPage?: number;
}

/**
 * Run a case on `engine`. The block engine runs the case's instructions as
 * translated code (so its instruction fetches come from RAM directly, and
 * are not among the accesses a fault can hit).
 */
function run(c: Case, fault: Fault = {}, engine: Engine = 'interp') {
  const bus = new FaultBus(engine === 'jit');
  fillData(bus.mem);
  const cpu = setup(bus, bus.mem, [...c.code, ...STOP_2700], c.sr ?? 0x2700, engine);
  c.regs(cpu, bus.mem);
  bus.log.length = 0;
  bus.faultAt = fault.at ?? -1;
  bus.faultIndex = fault.index ?? -1;
  bus.readOnlyPage = fault.readOnlyPage ?? -1;
  cpu.run(100_000);
  return { bus, cpu };
}

/**
 * The accesses a fault may go to: not the supervisor stack or the vector
 * table, where a fault is a double bus fault (exception processing).
 */
function faultable(log: Access[]): number[] {
  const out: number[] = [];
  log.forEach((a, i) => {
    if (a.addr >= 0x400 && (a.addr < STACK - 0x200 || a.addr >= STACK)) out.push(i);
  });
  return out;
}

function expectSame(f: ReturnType<typeof run>, clean: ReturnType<typeof run>, where: string): void {
  expect(f.bus.faults, where).toBe(1);
  expect(f.cpu.halted, where).toBe(false);
  expect(f.cpu.stopped, where).toBe(true);
  expect(Array.from(f.cpu.r), where).toEqual(Array.from(clean.cpu.r));
  expect(f.cpu.getUSP(), where).toBe(clean.cpu.getUSP());
  expect(f.cpu.getSR(), where).toBe(clean.cpu.getSR());
  expect(f.cpu.pc, where).toBe(clean.cpu.pc);
  expect(f.bus.mem.subarray(DATA, DATA + 0x400), where).toEqual(clean.bus.mem.subarray(DATA, DATA + 0x400));
}

function cleanRun(c: Case, engine: Engine = 'interp') {
  const clean = run(c, {}, engine);
  expect(clean.cpu.stopped).toBe(true);
  expect(clean.cpu.exceptions).toBe(c.exceptions ?? 0);
  // Without the instruction fetches (the block engine's), a case may make a single access.
  expect(faultable(clean.bus.log).length).toBeGreaterThan(engine === 'jit' ? 0 : 1);
  return clean;
}

const describeAccess = (a: Access) =>
  `${a.write ? 'write' : 'read'} of ${a.size} at 0x${a.addr.toString(16)} (fc ${a.fc})`;

/** The pages a case writes (for the copy-on-write faults). */
function writtenPages(clean: ReturnType<typeof run>): number[] {
  const pages = new Set<number>();
  for (const i of faultable(clean.bus.log)) {
    const a = clean.bus.log[i];
    if (!a.write) continue;
    pages.add(Math.floor(a.addr / FAULT_PAGE));
    pages.add(Math.floor((a.addr + a.size - 1) / FAULT_PAGE));
  }
  return [...pages];
}

describe.each(ENGINES)('restart after a bus fault (%s)', (engine) => {
  describe('at the first access to each address', () => {
    it.each(cases)('$name', (c) => {
      const clean = cleanRun(c, engine);
      for (const i of faultable(clean.bus.log)) {
        const access = clean.bus.log[i];
        expectSame(
          run(c, { at: access.addr }, engine),
          clean,
          `${c.name}, fault at ${describeAccess(access)}`,
        );
      }
    });
  });

  describe('at each access in turn, reads and writes', () => {
    it.each(cases)('$name', (c) => {
      const clean = cleanRun(c, engine);
      for (const i of faultable(clean.bus.log))
        expectSame(
          run(c, { index: i }, engine),
          clean,
          `${c.name}, access #${i}: ${describeAccess(clean.bus.log[i])}`,
        );
    });
  });

  describe('on a write to each page it writes, the page readable meanwhile (copy-on-write)', () => {
    it.each(cases)('$name', (c) => {
      const clean = cleanRun(c, engine);
      for (const page of writtenPages(clean))
        expectSame(
          run(c, { readOnlyPage: page }, engine),
          clean,
          `${c.name}, page 0x${(page * FAULT_PAGE).toString(16)} read-only`,
        );
    });
  });
});

/** Everything the two engines must agree on after a run: registers, SR, memory, time, frames stacked. */
function outcome(r: ReturnType<typeof run>) {
  const cpu = r.cpu;
  return {
    r: Array.from(cpu.r),
    usp: cpu.getUSP(),
    sr: cpu.getSR(),
    pc: cpu.pc,
    cycles: cpu.cycles,
    instructions: cpu.instructions,
    exceptions: cpu.exceptions,
    data: Array.from(r.bus.mem.subarray(DATA, DATA + 0x400)),
    stack: Array.from(r.bus.mem.subarray(STACK - 0x200, STACK)),
    faults: r.bus.faults,
  };
}

describe('the block engine restarts as the interpreter does', () => {
  it.each(cases)('$name: same state, cycles and frames, unfaulted and faulted', (c) => {
    const interp = cleanRun(c, 'interp');
    expect(outcome(run(c, {}, 'jit'))).toEqual(outcome(interp));
    // Faults by address and by page hit the same data accesses in both
    // (the block engine's instruction fetches are not bus accesses).
    for (const i of faultable(interp.bus.log)) {
      const a = interp.bus.log[i];
      if (a.fc === 2 || a.fc === 6) continue;
      const where = `${c.name}, fault at ${describeAccess(a)}`;
      expect(outcome(run(c, { at: a.addr }, 'jit')), where).toEqual(
        outcome(run(c, { at: a.addr }, 'interp')),
      );
    }
    for (const page of writtenPages(interp)) {
      const where = `${c.name}, page 0x${(page * FAULT_PAGE).toString(16)} read-only`;
      const f = { readOnlyPage: page };
      expect(outcome(run(c, f, 'jit')), where).toEqual(outcome(run(c, f, 'interp')));
    }
  });
});

describe('the bus-fault frame', () => {
  it('is format $B with the SSW, fault address and the instruction address', () => {
    // MOVE.L (A0),D0 with A0 pointing at a faulting address.
    const c: Case = {
      name: 'MOVE.L (A0),D0',
      code: [0x2010],
      regs: (cpu) => {
        cpu.a[0] = DATA + 0x42;
      },
    };
    const bus = new FaultBus();
    const cpu = setup(bus, bus.mem, c.code);
    c.regs(cpu, bus.mem);
    bus.faultAt = DATA + 0x43;
    cpu.step();
    expect(cpu.lastException).toBe(VEC_BUS_ERROR);
    const sp = cpu.a[7] >>> 0;
    expect(sp).toBe(STACK - 92);
    const mem = bus.mem;
    expect((mem[sp] << 8) | mem[sp + 1]).toBe(0x2700); // SR
    expect(readLong(mem, sp + 2)).toBe(CODE); // PC of the faulted instruction
    expect((mem[sp + 6] << 8) | mem[sp + 7]).toBe(0xb008); // format $B, vector offset 8
    const ssw = (mem[sp + 0x0a] << 8) | mem[sp + 0x0b];
    expect(ssw & 0x0100).toBe(0x0100); // DF: data fault
    expect(ssw & 0x0040).toBe(0x0040); // RW: read
    expect(ssw & 7).toBe(5); // supervisor data
    expect(readLong(mem, sp + 0x10)).toBe(DATA + 0x42); // fault address
  });

  it('halts the CPU on a double bus fault', () => {
    const bus = new FaultBus();
    const cpu = setup(bus, bus.mem, [0x2010]); // MOVE.L (A0),D0
    cpu.a[0] = 0x20000; // beyond the 64 KB of RAM
    cpu.a[7] = 0x20000; // and so is the stack
    cpu.run(1000);
    expect(cpu.halted).toBe(true);
    expect(cpu.haltReason).toMatch(/double bus fault/);
  });
});
