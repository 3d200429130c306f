/**
 * Comparing what qemu-m68k and sun3lab dumped for a case, and describing a
 * mismatch so that the bug can be found from the report alone: the
 * instructions (source and encoding), the initial state, and each register,
 * flag and byte that differs.
 */

import type { GenCase } from './gen.js';
import { regName } from './gen.js';
import {
  CDATA_SIZE,
  REC_CCR,
  REC_INDEX,
  REC_REGS,
  REC_SCRATCH,
  RECORD_SIZE,
  SCRATCH_BASE,
  SCRATCH_SIZE,
} from './layout.js';

const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** Split a program's output into records by case number. */
export function splitRecords(out: Uint8Array): Map<number, Uint8Array> {
  const m = new Map<number, Uint8Array>();
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let o = 0; o + RECORD_SIZE <= out.length; o += RECORD_SIZE)
    m.set(dv.getInt32(o + REC_INDEX), out.subarray(o, o + RECORD_SIZE));
  return m;
}

export function ccrText(ccr: number): string {
  return ['X', 'N', 'Z', 'V', 'C'].map((f, i) => ((ccr >> (4 - i)) & 1 ? f : '-')).join('');
}

interface Decoded {
  regs: Int32Array;
  ccr: number;
  mem: Uint8Array;
}

function decode(rec: Uint8Array): Decoded {
  const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  const regs = new Int32Array(16);
  for (let i = 0; i < 16; i++) regs[i] = dv.getInt32(REC_REGS + 4 * i);
  return {
    regs,
    ccr: dv.getUint16(REC_CCR) & 0x1f,
    mem: rec.subarray(REC_SCRATCH, REC_SCRATCH + SCRATCH_SIZE),
  };
}

/** The compared CCR bits for a case, given QEMU's result. */
export function ccrMaskFor(c: GenCase, qemuCcr: number): number {
  let mask = c.ccrMask;
  // DIVS/DIVU overflow: V set, N and Z undefined (MC68020 UM, DIVS/DIVU condition codes).
  if (c.divide && qemuCcr & 2) mask &= ~0x0c;
  return mask;
}

/** The differences between the two results, one per line; empty when they agree. */
export function differences(c: GenCase, qemu: Uint8Array, sun: Uint8Array): string[] {
  const q = decode(qemu);
  const s = decode(sun);
  const out: string[] = [];
  for (let i = 0; i < 16; i++)
    if (q.regs[i] !== s.regs[i])
      out.push(`${regName(i).slice(1)}: sun3lab ${hex8(s.regs[i])}, qemu ${hex8(q.regs[i])}`);
  const mask = ccrMaskFor(c, q.ccr);
  if ((q.ccr & mask) !== (s.ccr & mask))
    out.push(`ccr: sun3lab ${ccrText(s.ccr)}, qemu ${ccrText(q.ccr)} (compared: ${ccrText(mask)})`);
  for (let i = 0; i < SCRATCH_SIZE; i++)
    if (q.mem[i] !== s.mem[i])
      out.push(
        `mem ${hex8(SCRATCH_BASE + i)}: initial ${hex2(c.mem[i])}, sun3lab ${hex2(s.mem[i])}, qemu ${hex2(q.mem[i])}`,
      );
  return out;
}

/** Instruction words as hex. */
export function encoding(bytes: Uint8Array): string {
  const w: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) w.push(hex2(bytes[i]) + hex2(bytes[i + 1]));
  return w.join(' ');
}

/** A full description of a case: instructions, encoding and initial state. */
export function describeCase(c: GenCase, code: Uint8Array | null, seed: number): string[] {
  const lines: string[] = [];
  lines.push(
    `case ${c.index} (seed ${seed}, ${c.family}): ${c.lines.filter((l) => !l.endsWith(':')).join('; ')}`,
  );
  if (c.lines.some((l) => l.endsWith(':'))) lines.push(`  source: ${c.lines.join(' ')}`);
  if (code) lines.push(`  encoding: ${encoding(code)}`);
  const reg = (i: number): string => `${regName(i).slice(1)}=${c.regSym[i] ?? hex8(c.regs[i])}`;
  lines.push(`  initial: ${Array.from({ length: 8 }, (_, i) => reg(i)).join(' ')}`);
  lines.push(`           ${Array.from({ length: 8 }, (_, i) => reg(8 + i)).join(' ')} ccr=${ccrText(c.ccr)}`);
  const row = (bytes: Uint8Array, from: number, n: number): string =>
    Array.from(bytes.subarray(from, from + n), hex2).join('');
  lines.push(`  scratch at ${hex8(SCRATCH_BASE)}:`);
  for (let i = 0; i < SCRATCH_SIZE; i += 32) lines.push(`    +${hex2(i)}: ${row(c.mem, i, 32)}`);
  const syms = c.cdSym.map((s) => ` (+${s.off}: ${s.expr})`).join('');
  lines.push(`  constant block C${c.index}: ${row(c.cdata, 0, CDATA_SIZE)}${syms}`);
  return lines;
}
