/**
 * Logical operations: AND, OR, EOR, NOT and the immediate forms, including
 * ANDI/ORI/EORI to CCR and to SR.
 */
import { logicFlags, shiftFor } from '../alu.js';
import type { Cpu, Handler } from '../cpu.js';
import { EA_DATA, EA_DATA_ALT, EA_MEM_ALT, eaIn, eaKind, eaModify, eaReader, type Size } from '../ea.js';
import { eaTime } from '../timing.js';

const SIZES: Size[] = [1, 2, 4];
type Logic = (s: number, d: number) => number;
const AND: Logic = (s, d) => s & d;
const OR: Logic = (s, d) => s | d;
const EOR: Logic = (s, d) => s ^ d;

/** Lines 8 (OR) and C (AND) in their <ea>,Dn and Dn,<ea> forms; line B EOR Dn,<ea>. */
export function decodeLogic(op: number): Handler | null {
  const line = op >> 12;
  const fn = line === 0xc ? AND : line === 8 ? OR : EOR;
  const dn = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const size = SIZES[opmode & 3];
  const sh = shiftFor(size);
  const k = eaKind(mode, reg);
  if (opmode < 3) {
    if (line === 0xb || !eaIn(mode, reg, EA_DATA)) return null;
    const read = eaReader(mode, reg, size);
    const mask = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
    const cycles = 2 + eaTime(k, size);
    return (cpu) => {
      const r = fn(read(cpu), cpu.d[dn]) & mask;
      cpu.d[dn] = (cpu.d[dn] & ~mask) | r;
      logicFlags(cpu, sh, r);
      cpu.cycles += cycles;
    };
  }
  // Dn,<ea>: memory alterable for AND/OR; EOR also takes Dn.
  if (!eaIn(mode, reg, line === 0xb ? EA_DATA_ALT : EA_MEM_ALT)) return null;
  const cycles = (mode === 0 ? 2 : 4) + eaTime(k, size);
  const mod = eaModify(mode, reg, size, (cpu, v) => {
    const r = fn(cpu.d[dn], v);
    logicFlags(cpu, sh, r);
    return r;
  });
  return (cpu) => {
    mod(cpu);
    cpu.cycles += cycles;
  };
}

/** NOT <ea>. */
export function decodeNot(op: number): Handler | null {
  const size = SIZES[(op >> 6) & 3];
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  const sh = shiftFor(size);
  const cycles = (mode === 0 ? 2 : 4) + eaTime(eaKind(mode, reg), size);
  const mod = eaModify(mode, reg, size, (cpu, v) => {
    const r = ~v;
    logicFlags(cpu, sh, r);
    return r;
  });
  return (cpu) => {
    mod(cpu);
    cpu.cycles += cycles;
  };
}

/** ORI, ANDI, EORI (line 0; bits 11-9 = 0, 1, 5), including to CCR and SR. */
export function decodeLogicImmediate(op: number): Handler | null {
  const kind = (op >> 9) & 7;
  const fn = kind === 0 ? OR : kind === 1 ? AND : EOR;
  const sz = (op >> 6) & 3;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (mode === 7 && reg === 4) {
    if (sz === 0) {
      // to CCR: the immediate's low byte
      return (cpu) => {
        cpu.setCCR(fn(cpu.fetch16() & 0x1f, cpu.getCCR()));
        cpu.cycles += 12;
      };
    }
    if (sz === 1) {
      // to SR: privileged
      return (cpu) => {
        if (!cpu.srS) return cpu.privilegeViolation();
        const imm = cpu.fetch16();
        cpu.setSR(fn(imm, cpu.getSR()) & 0xf71f);
        cpu.cycles += 12;
      };
    }
    return null;
  }
  if (sz === 3 || !eaIn(mode, reg, EA_DATA_ALT)) return null;
  const size = SIZES[sz];
  const sh = shiftFor(size);
  const readImm = eaReader(7, 4, size);
  const cycles = (mode === 0 ? 2 : 4) + eaTime(eaKind(mode, reg), size);
  let imm = 0;
  const mod = eaModify(mode, reg, size, (cpu: Cpu, v) => {
    const r = fn(imm, v);
    logicFlags(cpu, sh, r);
    return r;
  });
  return (cpu) => {
    imm = readImm(cpu);
    mod(cpu);
    cpu.cycles += cycles;
  };
}
