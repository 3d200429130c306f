/**
 * Shifts and rotates: ASL/ASR, LSL/LSR, ROXL/ROXR, ROL/ROR in register form
 * (count 1-8 immediate or Dn modulo 64) and memory form (one bit, word).
 */
import type { Cpu, Handler } from '../cpu.js';
import { EA_MEM_ALT, eaIn, eaKind, rmwRead, rmwWrite, type Size } from '../ea.js';
import { eaTime, instrTimes as T } from '../timing.js';

const SIZES: Size[] = [1, 2, 4];
const AS = 0;
const LS = 1;
const ROX = 2;
const RO = 3;

/**
 * Shift `value` (zero-extended, `bits` wide) by `n` (0-63). Sets the flags
 * as the 68020 does and returns the result (zero-extended).
 */
export function shift(cpu: Cpu, type: number, left: boolean, bits: number, value: number, n: number): number {
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  const msb = bits - 1;
  let v = value >>> 0;
  let r = v;
  let c = 0;
  cpu.flagV = 0;
  if (n === 0) {
    cpu.flagC = type === ROX ? cpu.flagX : 0;
  } else if (type === RO) {
    const k = n & msb;
    if (left) r = k ? ((v << k) | (v >>> (bits - k))) & mask : v;
    else r = k ? ((v >>> k) | (v << (bits - k))) & mask : v;
    cpu.flagC = left ? r & 1 : (r >>> msb) & 1;
  } else if (type === ROX) {
    // Rotate through X: a (bits+1)-wide rotation.
    let x = cpu.flagX;
    const k = n % (bits + 1);
    for (let i = 0; i < k; i++) {
      if (left) {
        const out = (v >>> msb) & 1;
        v = ((v << 1) | x) & mask;
        x = out;
      } else {
        const out = v & 1;
        v = (v >>> 1) | (x << msb);
        x = out;
      }
    }
    r = v >>> 0;
    cpu.flagC = cpu.flagX = x;
  } else if (left) {
    // ASL and LSL give the same result; ASL also reports a sign change in V.
    if (n < bits) {
      r = (v << n) & mask;
      c = (v >>> (bits - n)) & 1;
    } else {
      r = 0;
      c = n === bits ? v & 1 : 0;
    }
    if (type === AS) {
      if (n >= bits) cpu.flagV = v !== 0 ? 1 : 0;
      else {
        // The n+1 top bits all pass through the sign position: V unless they agree.
        const top = v >>> (msb - n);
        const ones = n === 31 ? 0xffffffff : (1 << (n + 1)) - 1;
        cpu.flagV = top !== 0 && top !== ones ? 1 : 0;
      }
    }
    cpu.flagC = cpu.flagX = c;
  } else {
    const neg = type === AS ? (v >>> msb) & 1 : 0;
    if (n < bits) {
      r = v >>> n;
      if (neg) r = (r | (mask << (bits - n))) & mask;
      c = (v >>> (n - 1)) & 1;
    } else {
      r = neg ? mask : 0;
      c = type === AS ? neg : n === bits ? (v >>> msb) & 1 : 0;
    }
    r >>>= 0;
    cpu.flagC = cpu.flagX = c;
  }
  cpu.flagN = (r >>> msb) & 1;
  cpu.flagZ = r === 0 ? 1 : 0;
  return r;
}

/** Line E: register and memory shifts. Bitfield instructions (size 3, bit 11) go elsewhere. */
export function decodeShift(op: number): Handler | null {
  const sz = (op >> 6) & 3;
  const left = (op & 0x100) !== 0;
  if (sz === 3) {
    if (op & 0x800) return null;
    const type = (op >> 9) & 3;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    if (!eaIn(mode, reg, EA_MEM_ALT)) return null;
    const k = eaKind(mode, reg);
    // §8.2.12, memory forms (one bit, a word).
    const base = type === RO ? T.rotMem : type === AS && left ? T.aslMem : T.lsMem;
    const cycles = base + eaTime(k, 2);
    if (type === ROX)
      // ROXL/ROXR read X: a write that faults after it changed must put it back (restart).
      return (cpu) => {
        const v = rmwRead(cpu, k, reg, 2);
        cpu.logCCR();
        rmwWrite(cpu, k, reg, 2, shift(cpu, type, left, 16, v, 1));
        cpu.cycles += cycles;
      };
    return (cpu) => {
      const v = rmwRead(cpu, k, reg, 2);
      rmwWrite(cpu, k, reg, 2, shift(cpu, type, left, 16, v, 1));
      cpu.cycles += cycles;
    };
  }
  const size = SIZES[sz];
  const bits = size * 8;
  const type = (op >> 3) & 3;
  const dy = op & 7;
  const countReg = (op & 0x20) !== 0;
  const cnt = (op >> 9) & 7;
  const mask = size === 4 ? -1 : (1 << bits) - 1;
  // §8.2.12, register forms: one time whatever the count.
  const cycles =
    type === LS
      ? countReg
        ? T.lsReg
        : T.lsImm
      : type === AS
        ? left
          ? T.asl
          : T.asr
        : type === RO
          ? T.rot
          : T.roxd;
  // Fast cases worth their own code: immediate logical shifts of a long.
  if (!countReg && size === 4 && type === LS) {
    const n = cnt || 8;
    if (left)
      return (cpu) => {
        const v = cpu.d[dy];
        const r = v << n;
        cpu.d[dy] = r;
        cpu.flagC = cpu.flagX = (v >>> (32 - n)) & 1;
        cpu.flagN = r >>> 31;
        cpu.flagZ = r === 0 ? 1 : 0;
        cpu.flagV = 0;
        cpu.cycles += cycles;
      };
    return (cpu) => {
      const v = cpu.d[dy];
      const r = v >>> n;
      cpu.d[dy] = r;
      cpu.flagC = cpu.flagX = (v >>> (n - 1)) & 1;
      cpu.flagN = 0;
      cpu.flagZ = r === 0 ? 1 : 0;
      cpu.flagV = 0;
      cpu.cycles += cycles;
    };
  }
  return (cpu) => {
    const n = countReg ? cpu.d[cnt] & 63 : cnt || 8;
    const old = cpu.d[dy];
    const r = shift(cpu, type, left, bits, old & mask, n);
    cpu.d[dy] = (old & ~mask) | r;
    cpu.cycles += cycles;
  };
}

export { AS, LS, RO, ROX };
