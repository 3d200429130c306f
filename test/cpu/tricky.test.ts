/**
 * Corner cases of the 68000 family a reader can follow by hand. Each test
 * runs one instruction (encoding in the comment) on a bare CPU.
 */
import { describe, expect, it } from 'vitest';
import { DATA, flatMachine, readLong } from './harness.js';

const X = 0x10;
const N = 0x08;
const Z = 0x04;
const V = 0x02;
const C = 0x01;

function one(code: number[], init: (cpu: ReturnType<typeof flatMachine>['cpu']) => void) {
  const m = flatMachine(code);
  init(m.cpu);
  m.cpu.step();
  return { ...m, ccr: m.cpu.getCCR() };
}

describe('BCD arithmetic', () => {
  it('ABCD adds decimal digits with the extend bit: 45 + 38 + 1 = 84', () => {
    // ABCD D0,D1 = $C300
    const { cpu, ccr } = one([0xc300], (c) => {
      c.d[0] = 0x38;
      c.d[1] = 0x45;
      c.setCCR(X | Z);
    });
    expect(cpu.d[1] & 0xff).toBe(0x84);
    expect(ccr & (X | C)).toBe(0);
    expect(ccr & Z).toBe(0); // cleared by a non-zero result
  });

  it('ABCD carries out of 99: 99 + 01 = 00 with C and X, Z left set', () => {
    const { cpu, ccr } = one([0xc300], (c) => {
      c.d[0] = 0x01;
      c.d[1] = 0x99;
      c.setCCR(Z);
    });
    expect(cpu.d[1] & 0xff).toBe(0x00);
    expect(ccr & (X | C | Z)).toBe(X | C | Z);
  });

  it('SBCD borrows: 00 - 01 = 99 with C and X', () => {
    // SBCD D0,D1 = $8300
    const { cpu, ccr } = one([0x8300], (c) => {
      c.d[0] = 0x01;
      c.d[1] = 0x00;
    });
    expect(cpu.d[1] & 0xff).toBe(0x99);
    expect(ccr & (X | C)).toBe(X | C);
  });

  it('NBCD negates in decimal: 0 - 25 = 75 with a borrow; 0 - 0 = 0 without', () => {
    // NBCD D0 = $4800
    let r = one([0x4800], (c) => {
      c.d[0] = 0x25;
    });
    expect(r.cpu.d[0] & 0xff).toBe(0x75);
    expect(r.ccr & C).toBe(C);
    r = one([0x4800], (c) => {
      c.d[0] = 0;
      c.setCCR(Z);
    });
    expect(r.cpu.d[0] & 0xff).toBe(0);
    expect(r.ccr & (C | Z)).toBe(Z);
  });
});

describe('DIVS overflow', () => {
  it('DIVS.W: a quotient beyond 16 bits sets V and leaves the register alone', () => {
    // DIVS.W D1,D0 = $81C1: $00100000 / 2 = $80000 does not fit in a word
    const { cpu, ccr } = one([0x81c1], (c) => {
      c.d[0] = 0x00100000;
      c.d[1] = 2;
    });
    expect(cpu.d[0]).toBe(0x00100000);
    expect(ccr & (V | C)).toBe(V);
  });

  it('DIVS.W in range: quotient low, remainder high, remainder takes the dividend sign', () => {
    const { cpu, ccr } = one([0x81c1], (c) => {
      c.d[0] = -7;
      c.d[1] = 2;
    });
    expect(cpu.d[0] >>> 0).toBe(0xfffffffd); // remainder -1, quotient -3
    expect(ccr & (N | V)).toBe(N);
  });

  it('DIVS.L: -2^31 / -1 overflows', () => {
    // DIVS.L D1,D0 = $4C41 $0800
    const { cpu, ccr } = one([0x4c41, 0x0800], (c) => {
      c.d[0] = -0x80000000;
      c.d[1] = -1;
    });
    expect(cpu.d[0]).toBe(-0x80000000);
    expect(ccr & V).toBe(V);
  });
});

describe('ROXL with a count of 0', () => {
  it('leaves the operand and X alone and copies X into C', () => {
    // ROXL.L D1,D0 = $E3B0, D1 = 0
    const { cpu, ccr } = one([0xe3b0], (c) => {
      c.d[0] = 0x80000001;
      c.d[1] = 0;
      c.setCCR(X);
    });
    expect(cpu.d[0] >>> 0).toBe(0x80000001);
    expect(ccr).toBe(X | N | C);
  });

  it('a count of 64 is a count of 0 (the count is taken modulo 64)', () => {
    const { cpu, ccr } = one([0xe3b0], (c) => {
      c.d[0] = 0x1234;
      c.d[1] = 64;
    });
    expect(cpu.d[0]).toBe(0x1234);
    expect(ccr & C).toBe(0);
  });
});

describe('MOVEM with its address register in the list', () => {
  it('-(A0) stores A0 as its initial value minus the size (68020)', () => {
    // MOVEM.L D0/A0,-(A0) = $48E0 $8080 (reversed mask: D0 = bit 15, A0 = bit 7)
    const { cpu, mem } = one([0x48e0, 0x8080], (c) => {
      c.d[0] = 0x0d0d0d0d;
      c.a[0] = DATA + 0x20;
    });
    expect(cpu.a[0]).toBe(DATA + 0x18);
    expect(readLong(mem, DATA + 0x18)).toBe(0x0d0d0d0d); // D0 at the lower address
    expect(readLong(mem, DATA + 0x1c)).toBe(DATA + 0x20 - 4); // A0 as stored
  });

  it('(A0)+ leaves A0 at the end of the block, not the loaded value', () => {
    // MOVEM.L (A0)+,D0/A0 = $4CD8 $0101
    const { cpu } = one([0x4cd8, 0x0101], (c) => {
      c.a[0] = DATA;
      c.wr32(DATA, 0x11111111);
      c.wr32(DATA + 4, 0x22222222);
    });
    expect(cpu.d[0]).toBe(0x11111111);
    expect(cpu.a[0]).toBe(DATA + 8);
  });

  it('word loads are sign-extended into data registers too', () => {
    // MOVEM.W (A0),D2 = $4C90 $0004
    const { cpu } = one([0x4c90, 0x0004], (c) => {
      c.a[0] = DATA;
      c.d[2] = 0x12345678;
      c.wr16(DATA, 0x8001);
    });
    expect(cpu.d[2] >>> 0).toBe(0xffff8001);
  });
});

describe('ADDX/SUBX keep Z only while results are zero', () => {
  // ADDX.L D1,D0 = $D181; SUBX.L D1,D0 = $9181
  it('a zero result leaves Z set', () => {
    const { ccr } = one([0xd181], (c) => {
      c.d[0] = 0;
      c.d[1] = 0;
      c.setCCR(Z);
    });
    expect(ccr & Z).toBe(Z);
  });

  it('a zero result does not set a cleared Z', () => {
    const { ccr } = one([0xd181], (c) => {
      c.d[0] = 0;
      c.d[1] = 0;
      c.setCCR(0);
    });
    expect(ccr & Z).toBe(0);
  });

  it('a non-zero result clears Z', () => {
    const { ccr } = one([0x9181], (c) => {
      c.d[0] = 5;
      c.d[1] = 1;
      c.setCCR(Z | X);
    });
    expect(ccr & Z).toBe(0);
  });

  it('chains a 64-bit subtract: 0x1_00000000 - 1 through X', () => {
    // SUB.L D3,D1 ($9283) then SUBX.L D2,D0 ($9182): (D0:D1) - (D2:D3)
    const m = flatMachine([0x9283, 0x9182]);
    m.cpu.d[0] = 1;
    m.cpu.d[1] = 0;
    m.cpu.d[2] = 0;
    m.cpu.d[3] = 1;
    m.cpu.step();
    m.cpu.step();
    expect(m.cpu.d[0]).toBe(0);
    expect(m.cpu.d[1]).toBe(-1);
    expect(m.cpu.getCCR() & Z).toBe(0);
  });
});
