/**
 * The 68020 bit-field instructions: BFTST, BFEXTU, BFCHG, BFEXTS, BFCLR,
 * BFFFO, BFSET, BFINS (line E, size 3, bit 11 set).
 *
 * A field is `width` (1-32) bits starting `offset` bits from the most
 * significant bit of the operand. In a data register the field wraps around
 * the register; in memory the offset is signed and may reach any byte, and
 * the field spans up to five bytes. Only the bytes that hold the field are
 * read and written, so a field never faults on a neighbouring page.
 */
import type { Cpu, Handler } from '../cpu.js';
import { EA_CONTROL, EA_CTRL_ALT, eaAddr, eaIn, eaKind } from '../ea.js';
import { calcImmEA, chargeEAas, EA_CALC, instrTimes as T } from '../timing.js';

const EXTU = 1;
const CHG = 2;
const EXTS = 3;
const CLR = 4;
const FFO = 5;
const SET = 6;
const INS = 7;

/** Flags from a field value: N = its top bit, Z = all zero, V = C = 0. */
function fieldFlags(cpu: Cpu, field: number, width: number): void {
  cpu.flagN = (field >>> (width - 1)) & 1;
  cpu.flagZ = field === 0 ? 1 : 0;
  cpu.flagV = cpu.flagC = 0;
}

/** The new field value for the modifying operations (undefined: leave as is). */
function modify(kind: number, field: number, ones: number, insert: number): number | undefined {
  switch (kind) {
    case CHG:
      return ~field & ones;
    case CLR:
      return 0;
    case SET:
      return ones;
    case INS:
      return insert & ones;
    default:
      return undefined;
  }
}

/** Finish the operations that produce a register result. */
function result(cpu: Cpu, kind: number, reg: number, field: number, width: number, offset: number): void {
  if (kind === EXTU) cpu.d[reg] = field;
  else if (kind === EXTS) cpu.d[reg] = width === 32 ? field : (field << (32 - width)) >> (32 - width);
  else if (kind === FFO) {
    const lead = field === 0 ? width : Math.clz32(field) - (32 - width);
    cpu.d[reg] = offset + lead;
  }
}

export function decodeBitField(op: number): Handler | null {
  const kind = (op >> 8) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const modifies = kind === CHG || kind === CLR || kind === SET || kind === INS;
  if (mode !== 0 && !eaIn(mode, reg, modifies ? EA_CTRL_ALT : EA_CONTROL)) return null;
  const k = eaKind(mode, reg);
  // §8.2.14: in memory + ciea, and more when the field spans five bytes.
  chargeEAas(op, EA_CALC);
  const regCycles = T.bfReg[kind];
  const memCycles = T.bfMem[kind] + calcImmEA(k);
  const mem5Cycles = T.bfMem5[kind] + calcImmEA(k);
  return (cpu) => {
    const ext = cpu.fetch16();
    const r = (ext >> 12) & 7;
    const offset = ext & 0x800 ? cpu.d[(ext >> 6) & 7] : (ext >> 6) & 31;
    let width = ext & 0x20 ? cpu.d[ext & 7] & 31 : ext & 31;
    if (width === 0) width = 32;
    const ones = width === 32 ? -1 : (1 << width) - 1;
    // For INS the new value is the insert register's low bits; flags come from it.
    const insert = kind === INS ? cpu.d[r] & ones : 0;
    if (mode === 0) {
      const off = offset & 31;
      const v = cpu.d[reg];
      const rot = off === 0 ? v : (v << off) | (v >>> (32 - off));
      const field = (rot >>> (32 - width)) & ones;
      fieldFlags(cpu, kind === INS ? insert : field, width);
      const nv = modify(kind, field, ones, insert);
      if (nv !== undefined) {
        const mask = rotr(ones << (32 - width), off);
        cpu.d[reg] = (v & ~mask) | (rotr(nv << (32 - width), off) & mask);
      } else result(cpu, kind, r, field >>> 0, width, offset);
      cpu.cycles += regCycles;
      return;
    }
    const base = (eaAddr(cpu, k, reg, 1) + (offset >> 3)) | 0;
    const bitOff = offset & 7;
    const nbytes = (bitOff + width + 7) >> 3;
    // The window: up to 40 bits, bytes 0-3 in hi and byte 4 in lo.
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < nbytes; i++) {
      const b = cpu.rd8(base + i);
      if (i < 4) hi |= b << (24 - 8 * i);
      else lo = b;
    }
    const oldHi = hi;
    const oldLo = lo;
    const top = (hi << bitOff) | (lo >>> (8 - bitOff));
    const field = (top >>> (32 - width)) & ones;
    fieldFlags(cpu, kind === INS ? insert : field, width);
    const nv = modify(kind, field, ones, insert);
    if (nv !== undefined) {
      const m32 = ones << (32 - width);
      const v32 = nv << (32 - width);
      const maskHi = m32 >>> bitOff;
      const maskLo = (m32 << (8 - bitOff)) & 0xff;
      hi = (hi & ~maskHi) | ((v32 >>> bitOff) & maskHi);
      lo = (lo & ~maskLo) | ((v32 << (8 - bitOff)) & maskLo);
      cpu.probeWrite(base, nbytes);
      writeField(cpu, base, nbytes, hi, lo, oldHi, oldLo);
    } else result(cpu, kind, r, field >>> 0, width, offset);
    cpu.cycles += nbytes === 5 ? mem5Cycles : memCycles;
  };
}

/**
 * Write back the `nbytes` bytes of a field's window (`hi`: bytes 0-3, `lo`:
 * byte 4). Should a byte fault after others were written, the written ones
 * get their old values (`oldHi`, `oldLo`) back: the restarted instruction
 * reads the field again (BFCHG would flip it twice).
 */
function writeField(
  cpu: Cpu,
  base: number,
  nbytes: number,
  hi: number,
  lo: number,
  oldHi: number,
  oldLo: number,
): void {
  let i = 0;
  try {
    for (; i < nbytes; i++) cpu.wr8(base + i, i < 4 ? hi >>> (24 - 8 * i) : lo);
  } catch (e) {
    for (let j = 0; j < i; j++) cpu.wr8(base + j, j < 4 ? oldHi >>> (24 - 8 * j) : oldLo);
    throw e;
  }
}

function rotr(v: number, n: number): number {
  return n === 0 ? v : (v >>> n) | (v << (32 - n));
}
