/**
 * Restartable bus faults: for each instruction below, run it once without
 * faults and record every bus access; then, for every one of those
 * accesses, run it again with that address faulting once (as an unmapped
 * page would until the handler maps it). The handler is a bare RTE; the
 * instruction must run again from the start and end exactly as the
 * unfaulted run did.
 */
import { describe, expect, it } from 'vitest';
import { VEC_BUS_ERROR } from '../../emu/cpu/cpu.js';
import { CODE, DATA, FaultBus, readLong, STACK, STOP_2700, setup, writeLong } from './harness.js';

interface Case {
  name: string;
  code: number[];
  regs: (cpu: ReturnType<typeof setup>) => void;
}

function fillData(mem: Uint8Array): void {
  let x = 0x12345678;
  for (let i = 0; i < 0x400; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    mem[DATA + i] = x >>> 24;
  }
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
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x100;
      cpu.d[1] = 3;
      // The pointer the indirection reads: at A0 + 4 + 12.
      writeLong(memOf(cpu), DATA + 0x110, DATA + 0x180);
    },
  },
  {
    name: 'ADD.L D3,([A0],D1.W*2,4) (memory indirect, post-indexed, read-modify-write)',
    code: [0xd7b0, 0x1316, 0x0004],
    regs: (cpu) => {
      cpu.a[0] = DATA + 0x200;
      cpu.d[1] = 6;
      cpu.d[3] = 0x01020304;
      writeLong(memOf(cpu), DATA + 0x200, DATA + 0x240);
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
];

const mems = new WeakMap<object, Uint8Array>();
function memOf(cpu: object): Uint8Array {
  return mems.get(cpu) as Uint8Array;
}

function build(c: Case, faultAt: number) {
  const bus = new FaultBus();
  fillData(bus.mem);
  const cpu = setup(bus, bus.mem, [...c.code, ...STOP_2700]);
  mems.set(cpu, bus.mem);
  c.regs(cpu);
  bus.log.length = 0;
  bus.faultAt = faultAt;
  return { bus, cpu };
}

function run(c: Case, faultAt: number) {
  const m = build(c, faultAt);
  m.cpu.run(100_000);
  return m;
}

describe('restart after a bus fault at every access', () => {
  it.each(cases)('$name', (c) => {
    const clean = run(c, -1);
    expect(clean.cpu.stopped).toBe(true);
    expect(clean.cpu.exceptions).toBe(0);
    const accesses = clean.bus.log.filter((a) => a.addr < STACK - 0x200 || a.addr >= STACK);
    expect(accesses.length).toBeGreaterThan(1);
    for (const access of accesses) {
      const f = run(c, access.addr);
      const where = `${c.name}, fault at 0x${access.addr.toString(16)} (${access.write ? 'write' : 'read'})`;
      expect(f.bus.faults, where).toBe(1);
      expect(f.cpu.lastException, where).not.toBe(-1);
      expect(f.cpu.stopped, where).toBe(true);
      expect(Array.from(f.cpu.r), where).toEqual(Array.from(clean.cpu.r));
      expect(f.cpu.getSR(), where).toBe(clean.cpu.getSR());
      expect(f.cpu.pc, where).toBe(clean.cpu.pc);
      expect(f.bus.mem.subarray(DATA, DATA + 0x400), where).toEqual(
        clean.bus.mem.subarray(DATA, DATA + 0x400),
      );
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
    const m = build(c, DATA + 0x43);
    m.cpu.step();
    expect(m.cpu.lastException).toBe(VEC_BUS_ERROR);
    const sp = m.cpu.a[7] >>> 0;
    expect(sp).toBe(STACK - 92);
    const mem = m.bus.mem;
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
    const c: Case = {
      name: 'MOVE.L (A0),D0 with no stack',
      code: [0x2010],
      regs: (cpu) => {
        cpu.a[0] = 0x20000; // beyond the 64 KB of RAM
        cpu.a[7] = 0x20000; // and so is the stack
      },
    };
    const m = build(c, -1);
    m.cpu.run(1000);
    expect(m.cpu.halted).toBe(true);
    expect(m.cpu.haltReason).toMatch(/double bus fault/);
  });
});
