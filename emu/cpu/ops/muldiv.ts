/**
 * Multiply and divide: MULU/MULS and DIVU/DIVS in word form (16x16->32,
 * 32/16) and the 68020 long forms (32x32->32 or 64, 32/32 and 64/32).
 */

import type { Cpu, Handler } from '../cpu.js';
import { VEC_ZERO_DIVIDE } from '../cpu.js';
import { EA_DATA, eaIn, eaKind, eaRead } from '../ea.js';
import { chargeEAas, cycleTimes, EA_FETCH_IMM, eaTime, fetchImmEA, instrTimes as T } from '../timing.js';

/** MULU.W / MULS.W <ea>,Dn (line C, opmode 3 / 7). */
export function decodeMulW(op: number): Handler | null {
  const signed = (op & 0x100) !== 0;
  const dn = (op >> 9) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_DATA)) return null;
  const k = eaKind(mode, reg);
  const cycles = T.mulW + eaTime(k, 2);
  return (cpu) => {
    const s = eaRead(cpu, k, reg, 2);
    const d = cpu.d[dn];
    const r = signed ? Math.imul((s << 16) >> 16, (d << 16) >> 16) : Math.imul(s, d & 0xffff);
    cpu.d[dn] = r;
    cpu.flagN = r >>> 31;
    cpu.flagZ = r === 0 ? 1 : 0;
    cpu.flagV = cpu.flagC = 0;
    cpu.cycles += cycles;
  };
}

/** DIVU.W / DIVS.W <ea>,Dn (line 8, opmode 3 / 7): 32/16 -> 16r:16q. */
export function decodeDivW(op: number): Handler | null {
  const signed = (op & 0x100) !== 0;
  const dn = (op >> 9) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_DATA)) return null;
  const k = eaKind(mode, reg);
  const cycles = (signed ? T.divsW : T.divuW) + eaTime(k, 2);
  const zeroCycles = eaTime(k, 2) + cycleTimes.zeroDivide;
  return (cpu) => {
    const src = eaRead(cpu, k, reg, 2);
    const dividend = cpu.d[dn];
    if (src === 0) return zeroDivide(cpu, zeroCycles);
    cpu.cycles += cycles;
    let q: number;
    let r: number;
    if (signed) {
      const divisor = (src << 16) >> 16;
      q = Math.trunc(dividend / divisor);
      r = dividend - q * divisor;
      if (q > 0x7fff || q < -0x8000) return divOverflowW(cpu, dividend, signed);
    } else {
      const u = dividend >>> 0;
      q = Math.floor(u / src);
      r = u - q * src;
      if (q > 0xffff) return divOverflowW(cpu, dividend, signed);
    }
    cpu.d[dn] = ((r & 0xffff) << 16) | (q & 0xffff);
    cpu.flagN = (q >> 15) & 1;
    cpu.flagZ = (q & 0xffff) === 0 ? 1 : 0;
    cpu.flagV = cpu.flagC = 0;
  };
}

/**
 * Word-divide overflow: the destination is unchanged, V is set and C
 * cleared. N and Z are undefined in the manual; these are the values the
 * 68000 microcode leaves (it tests the dividend it started with).
 */
function divOverflowW(cpu: Cpu, dividend: number, signed: boolean): void {
  cpu.flagV = 1;
  cpu.flagC = 0;
  if (signed) {
    cpu.flagN = 1;
    cpu.flagZ = 0;
  } else {
    cpu.flagN = 1;
    cpu.flagZ = 0;
  }
  void dividend;
}

/** Division by zero: trap with a six-word frame; C is cleared, the other flags are undefined. */
function zeroDivide(cpu: Cpu, cycles: number): void {
  cpu.flagC = 0;
  cpu.trapAfter(VEC_ZERO_DIVIDE, cycles);
}

/** Unsigned 32x32->64: returns the high word; the low word is Math.imul(a, b). */
export function mulHighU(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p0 = a0 * b0;
  const p1 = a0 * b1;
  const p2 = a1 * b0;
  const mid = (p0 >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
  return (a1 * b1 + (p1 >>> 16) + (p2 >>> 16) + (mid >>> 16)) | 0;
}

/** Signed 32x32->64 high word, from the unsigned one with the usual correction. */
export function mulHighS(a: number, b: number): number {
  let hi = mulHighU(a, b);
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  return hi;
}

/** MULU.L / MULS.L <ea>,Dl or <ea>,Dh:Dl (0x4C00 + extension word). */
export function decodeMulL(op: number): Handler | null {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_DATA)) return null;
  const k = eaKind(mode, reg);
  // Two-word instructions: fetch immediate EA, #<data>.W column (§8.2.2).
  chargeEAas(op, EA_FETCH_IMM);
  const cycles = T.mulL + fetchImmEA(k, false, 4);
  return (cpu) => {
    const ext = cpu.fetch16();
    if (ext & 0x83f8) return cpu.illegal();
    const signed = (ext & 0x800) !== 0;
    const quad = (ext & 0x400) !== 0;
    const dl = (ext >> 12) & 7;
    const dh = ext & 7;
    const s = eaRead(cpu, k, reg, 4);
    const d = cpu.d[dl];
    const lo = Math.imul(s, d);
    const hi = signed ? mulHighS(s, d) : mulHighU(s, d);
    cpu.flagC = 0;
    if (quad) {
      cpu.d[dh] = hi;
      cpu.d[dl] = lo;
      cpu.flagN = hi >>> 31;
      cpu.flagZ = (hi | lo) === 0 ? 1 : 0;
      cpu.flagV = 0;
    } else {
      cpu.d[dl] = lo;
      cpu.flagN = lo >>> 31;
      cpu.flagZ = lo === 0 ? 1 : 0;
      cpu.flagV = (signed ? hi !== lo >> 31 : hi !== 0) ? 1 : 0;
    }
    cpu.cycles += cycles;
  };
}

/** DIVU.L / DIVS.L (and the DIVUL/DIVSL forms): 0x4C40 + extension word. */
export function decodeDivL(op: number): Handler | null {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_DATA)) return null;
  const k = eaKind(mode, reg);
  chargeEAas(op, EA_FETCH_IMM);
  const unsignedCycles = T.divuL + fetchImmEA(k, false, 4);
  const signedCycles = T.divsL + fetchImmEA(k, false, 4);
  const zeroCycles = fetchImmEA(k, false, 4) + cycleTimes.zeroDivide;
  return (cpu) => {
    const ext = cpu.fetch16();
    if (ext & 0x83f8) return cpu.illegal();
    const signed = (ext & 0x800) !== 0;
    const quad = (ext & 0x400) !== 0;
    const dq = (ext >> 12) & 7;
    const dr = ext & 7;
    const divisor = eaRead(cpu, k, reg, 4);
    if (divisor === 0) return zeroDivide(cpu, zeroCycles);
    cpu.cycles += signed ? signedCycles : unsignedCycles;
    let q: number;
    let r: number;
    if (!quad) {
      const n = cpu.d[dq];
      if (signed) {
        if (n === -0x80000000 && divisor === -1) return divOverflowL(cpu);
        q = Math.trunc(n / divisor);
        r = n - q * divisor;
      } else {
        const un = n >>> 0;
        const ud = divisor >>> 0;
        q = Math.floor(un / ud);
        r = un - q * ud;
      }
    } else {
      // 64-bit dividend Dr:Dq; rare enough that BigInt's cost does not matter.
      const big = (BigInt(cpu.d[dr] >>> 0) << 32n) | BigInt(cpu.d[dq] >>> 0);
      const n = signed ? BigInt.asIntN(64, big) : big;
      const dv = signed ? BigInt(divisor) : BigInt(divisor >>> 0);
      const bq = n / dv;
      const fits = signed ? bq >= -0x80000000n && bq <= 0x7fffffffn : bq <= 0xffffffffn;
      if (!fits) return divOverflowL(cpu);
      q = Number(BigInt.asIntN(32, bq));
      r = Number(BigInt.asIntN(32, n - bq * dv));
    }
    cpu.d[dr] = r;
    cpu.d[dq] = q; // written last: with Dr = Dq only the quotient is kept
    cpu.flagN = (q >>> 31) & 1;
    cpu.flagZ = (q | 0) === 0 ? 1 : 0;
    cpu.flagV = cpu.flagC = 0;
  };
}

function divOverflowL(cpu: Cpu): void {
  cpu.flagV = 1;
  cpu.flagC = 0;
}
