/**
 * MOVEC: the 68020's control registers (MC68020 UM §1.3 supervisor
 * programming model; the register codes are the PRM's MOVEC table).
 * MOVEC Rc,Rn is $4E7A, MOVEC Rn,Rc is $4E7B, then D/A, register and the
 * 12-bit control register code.
 */
import { describe, expect, it } from 'vitest';
import { VEC_ILLEGAL, VEC_PRIVILEGE } from '../../emu/cpu/cpu.js';
import { CODE, flatMachine, readLong, STACK } from './harness.js';

const SFC = 0x000;
const DFC = 0x001;
const CACR = 0x002;
const USP = 0x800;
const VBR = 0x801;
const CAAR = 0x802;
const MSP = 0x803;
const ISP = 0x804;

/** MOVEC Dn,Rc then MOVEC Rc,Dm: write `value` through D1, read back into D2. */
function roundTrip(code: number, value: number, sr = 0x2700) {
  const m = flatMachine([0x4e7b, 0x1000 | code, 0x4e7a, 0x2000 | code], sr);
  m.cpu.d[1] = value;
  m.cpu.step();
  m.cpu.step();
  expect(m.cpu.lastException).toBe(-1);
  return m;
}

describe('MOVEC', () => {
  it('CACR keeps E and F only: C (clear cache) and CE (clear entry) always read as 0', () => {
    expect(roundTrip(CACR, 0xf).cpu.d[2]).toBe(0x3);
    expect(roundTrip(CACR, -1).cpu.d[2]).toBe(0x3);
    expect(roundTrip(CACR, 0xc).cpu.d[2]).toBe(0x0);
    expect(roundTrip(CACR, 0x1).cpu.d[2]).toBe(0x1);
  });

  it('SFC and DFC hold 3 bits', () => {
    expect(roundTrip(SFC, 0xffff).cpu.d[2]).toBe(7);
    expect(roundTrip(DFC, 0x0d).cpu.d[2]).toBe(5);
    const { cpu } = roundTrip(SFC, 3);
    expect(cpu.sfc).toBe(3);
  });

  it('VBR and CAAR hold 32 bits', () => {
    expect(roundTrip(VBR, 0x12345678).cpu.d[2]).toBe(0x12345678);
    expect(roundTrip(VBR, 0x12345678).cpu.vbr).toBe(0x12345678);
    expect(roundTrip(CAAR, 0x8765432c | 0).cpu.d[2]).toBe(0x8765432c | 0);
  });

  it('USP from supervisor state: the user stack pointer, A7 untouched', () => {
    const { cpu } = roundTrip(USP, 0x6000);
    expect(cpu.d[2]).toBe(0x6000);
    expect(cpu.getUSP()).toBe(0x6000);
    expect(cpu.a[7]).toBe(STACK);
  });

  it('ISP and MSP: with M clear the ISP is A7 itself, the MSP waits', () => {
    const isp = roundTrip(ISP, 0x7000);
    expect(isp.cpu.d[2]).toBe(0x7000);
    expect(isp.cpu.a[7]).toBe(0x7000);
    const msp = roundTrip(MSP, 0x6800);
    expect(msp.cpu.d[2]).toBe(0x6800);
    expect(msp.cpu.a[7]).toBe(STACK);
    expect(msp.cpu.getMSP()).toBe(0x6800);
  });

  it('ISP and MSP: with M set the MSP is A7', () => {
    const m = roundTrip(MSP, 0x6800, 0x3700);
    expect(m.cpu.a[7]).toBe(0x6800);
    const i = roundTrip(ISP, 0x7000, 0x3700);
    expect(i.cpu.getISP()).toBe(0x7000);
    expect(i.cpu.d[2]).toBe(0x7000);
  });

  it('an address register is a source and a destination too', () => {
    const { cpu } = flatMachine([0x4e7b, 0x9801, 0x4e7a, 0xa801]); // MOVEC A1,VBR; MOVEC VBR,A2
    cpu.a[1] = 0x4000;
    cpu.step();
    cpu.step();
    expect(cpu.a[2]).toBe(0x4000);
  });

  for (const [name, code] of [
    ['$003 (TC on a 68040)', 0x003],
    ['$805 (MMUSR on a 68040)', 0x805],
    ['$FFF', 0xfff],
  ] as const) {
    for (const [dir, op] of [
      ['to', 0x4e7b],
      ['from', 0x4e7a],
    ] as const) {
      it(`an unknown control register ${name}, ${dir}: illegal instruction`, () => {
        const { cpu, mem } = flatMachine([op, code]);
        const before = cpu.d[0];
        cpu.step();
        expect(cpu.lastException).toBe(VEC_ILLEGAL);
        expect(readLong(mem, STACK - 6)).toBe(CODE); // the frame points at the MOVEC
        expect(cpu.d[0]).toBe(before);
      });
    }
  }

  it('in user state: privilege violation, before the extension word means anything', () => {
    const { cpu, mem } = flatMachine([0x4e7a, 0x0801], 0x0000);
    cpu.setUSP(0x7000);
    cpu.step();
    expect(cpu.lastException).toBe(VEC_PRIVILEGE);
    expect(readLong(mem, STACK - 6)).toBe(CODE);
  });
});
