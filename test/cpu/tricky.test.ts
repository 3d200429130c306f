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

describe('CMP2 and CHK2 (not covered by the QEMU comparison)', () => {
  /** Bounds at DATA (lower, then upper) of `size` bytes, the register, and the instruction. */
  function bounds(
    op: number,
    ext: number,
    size: 1 | 2 | 4,
    lower: number,
    upper: number,
    reg: (c: ReturnType<typeof flatMachine>['cpu']) => void,
  ) {
    return one([op, ext], (c) => {
      c.a[0] = DATA;
      c.write(size, DATA, lower);
      c.write(size, DATA + size, upper);
      reg(c);
    });
  }
  // CMP2.L (A0),D1 = $04D0 $1000
  it('in range, on a bound, out of range (long)', () => {
    expect(bounds(0x04d0, 0x1000, 4, 10, 20, (c) => (c.d[1] = 15)).ccr & (Z | C)).toBe(0);
    expect(bounds(0x04d0, 0x1000, 4, 10, 20, (c) => (c.d[1] = 10)).ccr & (Z | C)).toBe(Z);
    expect(bounds(0x04d0, 0x1000, 4, 10, 20, (c) => (c.d[1] = 20)).ccr & (Z | C)).toBe(Z);
    expect(bounds(0x04d0, 0x1000, 4, 10, 20, (c) => (c.d[1] = 21)).ccr & C).toBe(C);
    expect(bounds(0x04d0, 0x1000, 4, 10, 20, (c) => (c.d[1] = 9)).ccr & C).toBe(C);
  });

  it('works for signed bounds [-5, 5]', () => {
    expect(bounds(0x04d0, 0x1000, 4, -5, 5, (c) => (c.d[1] = -3)).ccr & C).toBe(0);
    expect(bounds(0x04d0, 0x1000, 4, -5, 5, (c) => (c.d[1] = 6)).ccr & C).toBe(C);
    expect(bounds(0x04d0, 0x1000, 4, -5, 5, (c) => (c.d[1] = -6)).ccr & C).toBe(C);
  });

  it('compares only the low byte of a data register (CMP2.B, unsigned bounds $10-$F0)', () => {
    // CMP2.B (A0),D1 = $00D0 $1000
    expect(bounds(0x00d0, 0x1000, 1, 0x10, 0xf0, (c) => (c.d[1] = 0x12345680)).ccr & C).toBe(0);
    expect(bounds(0x00d0, 0x1000, 1, 0x10, 0xf0, (c) => (c.d[1] = 0xf1)).ccr & C).toBe(C);
  });

  it('compares a whole address register with sign-extended bounds (CMP2.W)', () => {
    // CMP2.W (A0),A1 = $02D0 $9000; bounds -2..2; A1 = -1
    expect(bounds(0x02d0, 0x9000, 2, 0xfffe, 2, (c) => (c.a[1] = -1)).ccr & C).toBe(0);
    expect(bounds(0x02d0, 0x9000, 2, 0xfffe, 2, (c) => (c.a[1] = 0x10000)).ccr & C).toBe(C);
  });

  it('CHK2 traps (vector 6, format 2) when out of bounds', () => {
    // CHK2.L (A0),D1 = $04D0 $1800
    const r = bounds(0x04d0, 0x1800, 4, 0, 100, (c) => (c.d[1] = 101));
    expect(r.cpu.lastException).toBe(6);
    const inRange = bounds(0x04d0, 0x1800, 4, 0, 100, (c) => (c.d[1] = 100));
    expect(inRange.cpu.lastException).toBe(-1);
  });
});

describe('PACK and UNPK (not covered by the QEMU comparison)', () => {
  it('PACK D0,D1,#0 packs two unpacked digits into a byte', () => {
    // PACK D0,D1,#$0000 = $8340 $0000
    const { cpu } = one([0x8340, 0x0000], (c) => {
      c.d[0] = 0x0304;
      c.d[1] = 0x11111111;
    });
    expect(cpu.d[1]).toBe(0x11111134);
  });

  it('UNPK D0,D1,#$3030 turns a packed byte into two ASCII digits', () => {
    // UNPK D0,D1,#$3030 = $8380 $3030
    const { cpu } = one([0x8380, 0x3030], (c) => {
      c.d[0] = 0x56;
      c.d[1] = 0x11111111;
    });
    expect(cpu.d[1]).toBe(0x11113536);
  });

  it('PACK -(A0),-(A1),#0 reads two bytes and writes one', () => {
    // PACK -(A0),-(A1),#$0000 = $8348 $0000
    const { cpu, mem } = one([0x8348, 0x0000], (c) => {
      c.a[0] = DATA + 2;
      c.a[1] = DATA + 0x10;
      c.wr8(DATA, 0x07);
      c.wr8(DATA + 1, 0x09);
    });
    expect(mem[DATA + 0x0f]).toBe(0x79);
    expect(cpu.a[0]).toBe(DATA);
    expect(cpu.a[1]).toBe(DATA + 0x0f);
  });
});

describe('odd addresses (68020: data may be misaligned, instructions may not)', () => {
  it('MOVE.L D0,(A0) and MOVE.L (A0),D1 at an odd address', () => {
    // MOVE.L D0,(A0) = $2080; MOVE.L (A0),D1 = $2210
    const { cpu, mem } = flatMachine([0x2080, 0x2210]);
    cpu.d[0] = 0x11223344;
    cpu.a[0] = DATA + 1;
    cpu.step();
    expect([...mem.subarray(DATA, DATA + 6)]).toEqual([0, 0x11, 0x22, 0x33, 0x44, 0]);
    cpu.step();
    expect(cpu.d[1]).toBe(0x11223344);
    expect(cpu.exceptions).toBe(0);
  });

  it('a word that straddles a page boundary of the translation cache', () => {
    // MOVE.W D0,(A0) = $3080; MOVE.W (A0),D1 = $3210; 0x2000 starts a page
    const { cpu, mem } = flatMachine([0x3080, 0x3210]);
    cpu.d[0] = 0xabcd;
    cpu.a[0] = 0x1fff;
    cpu.step();
    expect([mem[0x1fff], mem[0x2000]]).toEqual([0xab, 0xcd]);
    cpu.step();
    expect(cpu.d[1] & 0xffff).toBe(0xabcd);
  });

  it('a jump to an odd address is an address error (vector 3) with a format $B frame', () => {
    // JMP (A0) = $4ED0
    const { cpu, mem } = flatMachine([0x4ed0]);
    cpu.a[0] = DATA + 1;
    cpu.step(); // the jump itself completes
    expect(cpu.pc).toBe(DATA + 1);
    cpu.step(); // the fetch from there faults
    expect(cpu.lastException).toBe(3);
    const sp = cpu.a[7] >>> 0;
    expect(mem[sp + 6] >> 4).toBe(0xb);
    expect(readLong(mem, sp + 0x10)).toBe(DATA + 1); // the fault address
  });
});
