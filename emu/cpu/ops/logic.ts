/**
 * Logical operations: AND, OR, EOR, NOT and the immediate forms, including
 * ANDI/ORI/EORI to CCR and to SR.
 */
import { logicFlags, shiftFor } from '../alu.js';
import type { Handler } from '../cpu.js';
import {
  EA_DATA,
  EA_DATA_ALT,
  EA_MEM_ALT,
  eaIn,
  eaKind,
  eaRead,
  rmwRead,
  rmwWrite,
  type Size,
} from '../ea.js';
import { chargeEAas, EA_FETCH_IMM, eaTime, fetchImmEA, instrTimes as T } from '../timing.js';

const SIZES: Size[] = [1, 2, 4];
const AND = 0;
const OR = 1;
const EOR = 2;

function logic(kind: number, s: number, d: number): number {
  return kind === AND ? s & d : kind === OR ? s | d : s ^ d;
}

/** Lines 8 (OR) and C (AND) in their <ea>,Dn and Dn,<ea> forms; line B EOR Dn,<ea>. */
export function decodeLogic(op: number): Handler | null {
  const line = op >> 12;
  const kind = line === 0xc ? AND : line === 8 ? OR : EOR;
  const dn = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const size = SIZES[opmode & 3];
  const sh = shiftFor(size);
  const k = eaKind(mode, reg);
  if (opmode < 3) {
    if (line === 0xb || !eaIn(mode, reg, EA_DATA)) return null;
    const mask = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
    const cycles = T.aluToReg + eaTime(k, size);
    if (size === 4 && mode === 0)
      return (cpu) => {
        const d = cpu.d;
        const r = logic(kind, d[reg], d[dn]);
        d[dn] = r;
        cpu.flagN = r >>> 31;
        cpu.flagZ = r === 0 ? 1 : 0;
        cpu.flagV = cpu.flagC = 0;
        cpu.cycles += cycles;
      };
    return (cpu) => {
      const r = logic(kind, eaRead(cpu, k, reg, size), cpu.d[dn]) & mask;
      cpu.d[dn] = (cpu.d[dn] & ~mask) | r;
      logicFlags(cpu, sh, r);
      cpu.cycles += cycles;
    };
  }
  // Dn,<ea>: memory alterable for AND/OR; EOR also takes Dn.
  if (!eaIn(mode, reg, line === 0xb ? EA_DATA_ALT : EA_MEM_ALT)) return null;
  const cycles = (mode === 0 ? T.aluToReg : T.aluToMem) + eaTime(k, size);
  return (cpu) => {
    const r = logic(kind, cpu.d[dn], rmwRead(cpu, k, reg, size));
    logicFlags(cpu, sh, r);
    rmwWrite(cpu, k, reg, size, r);
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
  const k = eaKind(mode, reg);
  const cycles = (mode === 0 ? T.negReg : T.negMem) + eaTime(k, size);
  return (cpu) => {
    const r = ~rmwRead(cpu, k, reg, size);
    logicFlags(cpu, sh, r);
    rmwWrite(cpu, k, reg, size, r);
    cpu.cycles += cycles;
  };
}

/** ORI, ANDI, EORI (line 0; bits 11-9 = 0, 1, 5), including to CCR and SR. */
export function decodeLogicImmediate(op: number): Handler | null {
  const bits = (op >> 9) & 7;
  const kind = bits === 0 ? OR : bits === 1 ? AND : EOR;
  const sz = (op >> 6) & 3;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (mode === 7 && reg === 4) {
    if (sz === 0) {
      // to CCR: the immediate's low byte
      return (cpu) => {
        cpu.setCCR(logic(kind, cpu.fetch16() & 0x1f, cpu.getCCR()));
        cpu.cycles += T.logicToSr;
      };
    }
    if (sz === 1) {
      // to SR: privileged
      return (cpu) => {
        if (!cpu.srS) return cpu.privilegeViolation();
        const imm = cpu.fetch16();
        cpu.setSR(logic(kind, imm, cpu.getSR()) & 0xf71f);
        cpu.cycles += T.logicToSr;
      };
    }
    return null;
  }
  if (sz === 3 || !eaIn(mode, reg, EA_DATA_ALT)) return null;
  const size = SIZES[sz];
  const sh = shiftFor(size);
  const k = eaKind(mode, reg);
  chargeEAas(op, EA_FETCH_IMM);
  const cycles = (mode === 0 ? T.immToDn : T.immToMem) + fetchImmEA(k, size === 4);
  if (mode === 0 && size === 4)
    return (cpu) => {
      const r = logic(kind, cpu.fetch32(), cpu.d[reg]);
      cpu.d[reg] = r;
      cpu.flagN = r >>> 31;
      cpu.flagZ = r === 0 ? 1 : 0;
      cpu.flagV = cpu.flagC = 0;
      cpu.cycles += cycles;
    };
  return (cpu) => {
    const imm = eaRead(cpu, 11, 0, size);
    const r = logic(kind, imm, rmwRead(cpu, k, reg, size));
    logicFlags(cpu, sh, r);
    rmwWrite(cpu, k, reg, size, r);
    cpu.cycles += cycles;
  };
}
