/**
 * Integer arithmetic with 68000-family condition codes.
 *
 * The trick that keeps one routine per operation for all three sizes: an
 * operand of `size` bytes is shifted left by `sh` = 32 - 8*size so that its
 * sign bit becomes bit 31. Then 32-bit JS integer arithmetic gives the right
 * result in the top bits, and N, Z, V and C fall out of bit 31 for bytes,
 * words and longs alike. Results are shifted back down (>>> sh).
 */
import type { Cpu } from './cpu.js';

/** Shift that moves a `size`-byte operand's sign bit to bit 31. */
export function shiftFor(size: number): number {
  return 32 - 8 * size;
}

/** Sign-extend a `size`-byte value to 32 bits. */
export function signExtend(v: number, size: number): number {
  return size === 4 ? v | 0 : size === 2 ? (v << 16) >> 16 : (v << 24) >> 24;
}

/** d + s (+ x for ADDX). Sets XNZVC; `sticky` keeps Z set only if it was (ADDX). */
export function add(cpu: Cpu, sh: number, s: number, d: number): number {
  const a = s << sh;
  const b = d << sh;
  const r = (a + b) | 0;
  cpu.flagN = r >>> 31;
  cpu.flagZ = r === 0 ? 1 : 0;
  cpu.flagV = ((a ^ r) & (b ^ r)) >>> 31;
  cpu.flagC = cpu.flagX = ((a & b) | (~r & (a | b))) >>> 31;
  return r >>> sh;
}

export function addx(cpu: Cpu, sh: number, s: number, d: number): number {
  const a = s << sh;
  const b = d << sh;
  const r = (a + b + (cpu.flagX << sh)) | 0;
  cpu.flagN = r >>> 31;
  if (r !== 0) cpu.flagZ = 0; // Z only ever cleared: multi-precision zero test
  cpu.flagV = ((a ^ r) & (b ^ r)) >>> 31;
  cpu.flagC = cpu.flagX = ((a & b) | (~r & (a | b))) >>> 31;
  return r >>> sh;
}

/** d - s. Sets XNZVC. */
export function sub(cpu: Cpu, sh: number, s: number, d: number): number {
  const a = s << sh;
  const b = d << sh;
  const r = (b - a) | 0;
  cpu.flagN = r >>> 31;
  cpu.flagZ = r === 0 ? 1 : 0;
  cpu.flagV = ((a ^ b) & (r ^ b)) >>> 31;
  cpu.flagC = cpu.flagX = ((a & ~b) | (r & ~b) | (a & r)) >>> 31;
  return r >>> sh;
}

export function subx(cpu: Cpu, sh: number, s: number, d: number): number {
  const a = s << sh;
  const b = d << sh;
  const r = (b - a - (cpu.flagX << sh)) | 0;
  cpu.flagN = r >>> 31;
  if (r !== 0) cpu.flagZ = 0;
  cpu.flagV = ((a ^ b) & (r ^ b)) >>> 31;
  cpu.flagC = cpu.flagX = ((a & ~b) | (r & ~b) | (a & r)) >>> 31;
  return r >>> sh;
}

/** d - s, flags NZVC only (X untouched): CMP, CMPA, CMPI, CMPM. */
export function cmp(cpu: Cpu, sh: number, s: number, d: number): void {
  const a = s << sh;
  const b = d << sh;
  const r = (b - a) | 0;
  cpu.flagN = r >>> 31;
  cpu.flagZ = r === 0 ? 1 : 0;
  cpu.flagV = ((a ^ b) & (r ^ b)) >>> 31;
  cpu.flagC = ((a & ~b) | (r & ~b) | (a & r)) >>> 31;
}

/** N and Z from a result, V and C cleared (logic, MOVE, TST ...). */
export function logicFlags(cpu: Cpu, sh: number, v: number): void {
  const r = v << sh;
  cpu.flagN = r >>> 31;
  cpu.flagZ = r === 0 ? 1 : 0;
  cpu.flagV = 0;
  cpu.flagC = 0;
}

/** Condition code test cc (MC68020 UM Table 3-19). */
export function testCC(cpu: Cpu, cc: number): boolean {
  switch (cc) {
    case 0: // T
      return true;
    case 1: // F
      return false;
    case 2: // HI
      return (cpu.flagC | cpu.flagZ) === 0;
    case 3: // LS
      return (cpu.flagC | cpu.flagZ) !== 0;
    case 4: // CC
      return cpu.flagC === 0;
    case 5: // CS
      return cpu.flagC !== 0;
    case 6: // NE
      return cpu.flagZ === 0;
    case 7: // EQ
      return cpu.flagZ !== 0;
    case 8: // VC
      return cpu.flagV === 0;
    case 9: // VS
      return cpu.flagV !== 0;
    case 10: // PL
      return cpu.flagN === 0;
    case 11: // MI
      return cpu.flagN !== 0;
    case 12: // GE
      return cpu.flagN === cpu.flagV;
    case 13: // LT
      return cpu.flagN !== cpu.flagV;
    case 14: // GT
      return cpu.flagZ === 0 && cpu.flagN === cpu.flagV;
    default: // LE
      return cpu.flagZ !== 0 || cpu.flagN !== cpu.flagV;
  }
}

export const CC_NAMES = [
  't',
  'f',
  'hi',
  'ls',
  'cc',
  'cs',
  'ne',
  'eq',
  'vc',
  'vs',
  'pl',
  'mi',
  'ge',
  'lt',
  'gt',
  'le',
];
