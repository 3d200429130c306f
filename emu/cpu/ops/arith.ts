/**
 * Integer arithmetic: ADD/SUB/CMP and their A, I, Q, X and M forms,
 * NEG, NEGX, CLR, TST.
 */
import { add, addx, cmp, logicFlags, shiftFor, signExtend, sub, subx } from '../alu.js';
import type { Handler } from '../cpu.js';
import {
  EA_ALL,
  EA_DATA_ALT,
  EA_DATA_NOIMM,
  EA_MEM_ALT,
  eaAddr,
  eaIn,
  eaKind,
  eaRead,
  eaWrite,
  K_PREDEC,
  rmwRead,
  rmwWrite,
  type Size,
} from '../ea.js';
import { calcEA, chargeEAas, EA_CALC, EA_FETCH_IMM, eaTime, fetchImmEA, instrTimes as T } from '../timing.js';

const SIZES: Size[] = [1, 2, 4];

/** Lines 9 and D: SUB/SUBA/SUBX and ADD/ADDA/ADDX. */
export function decodeAddSub(op: number): Handler | null {
  const subtract = op >> 12 === 9;
  const fn = subtract ? sub : add;
  const rx = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const k = eaKind(mode, reg);
  if (opmode === 3 || opmode === 7) {
    // ADDA/SUBA: whole-register arithmetic, word sources sign-extended, no flags.
    const size: Size = opmode === 3 ? 2 : 4;
    if (!eaIn(mode, reg, EA_ALL)) return null;
    const cycles = T.aluToReg + eaTime(k, size);
    const dst = 8 + rx;
    if (size === 4 && mode <= 1) {
      const src = mode * 8 + reg;
      if (subtract)
        return (cpu) => {
          cpu.r[dst] -= cpu.r[src];
          cpu.cycles += cycles;
        };
      return (cpu) => {
        cpu.r[dst] += cpu.r[src];
        cpu.cycles += cycles;
      };
    }
    const sign = subtract ? -1 : 1;
    return (cpu) => {
      const v = signExtend(eaRead(cpu, k, reg, size), size);
      cpu.r[dst] += sign * v;
      cpu.cycles += cycles;
    };
  }
  const size = SIZES[opmode & 3];
  const sh = shiftFor(size);
  if (opmode < 3) {
    // <ea>,Dn
    if (!eaIn(mode, reg, EA_ALL) || (mode === 1 && size === 1)) return null;
    const cycles = T.aluToReg + eaTime(k, size);
    if (size === 4 && mode <= 1) {
      const src = mode * 8 + reg;
      return (cpu) => {
        const r = cpu.r;
        r[rx] = fn(cpu, 0, r[src], r[rx]);
        cpu.cycles += cycles;
      };
    }
    if (size === 4)
      return (cpu) => {
        const s = eaRead(cpu, k, reg, 4);
        cpu.d[rx] = fn(cpu, 0, s, cpu.d[rx]);
        cpu.cycles += cycles;
      };
    const mask = size === 2 ? 0xffff : 0xff;
    return (cpu) => {
      const s = eaRead(cpu, k, reg, size);
      const old = cpu.d[rx];
      cpu.d[rx] = (old & ~mask) | fn(cpu, sh, s, old & mask);
      cpu.cycles += cycles;
    };
  }
  if (mode === 0 || mode === 1) {
    // ADDX/SUBX Dy,Dx or -(Ay),-(Ax)
    const fx = subtract ? subx : addx;
    if (mode === 0) {
      const mask = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
      return (cpu) => {
        const old = cpu.d[rx];
        cpu.d[rx] = (old & ~mask) | fx(cpu, sh, cpu.d[reg] & mask, old & mask);
        cpu.cycles += T.extendReg;
      };
    }
    return (cpu) => {
      const s = cpu.read(size, eaAddr(cpu, K_PREDEC, reg, size));
      const a = eaAddr(cpu, K_PREDEC, rx, size);
      const d = cpu.read(size, a);
      cpu.probeWrite(a, size); // fault before X and Z change (restart)
      cpu.logCCR();
      cpu.write(size, a, fx(cpu, sh, s, d));
      cpu.cycles += T.extendMem;
    };
  }
  // Dn,<ea> with a memory destination.
  if (!eaIn(mode, reg, EA_MEM_ALT)) return null;
  const cycles = T.aluToMem + eaTime(k, size);
  return (cpu) => {
    const d = rmwRead(cpu, k, reg, size);
    rmwWrite(cpu, k, reg, size, fn(cpu, sh, cpu.d[rx], d));
    cpu.cycles += cycles;
  };
}

/** Line B without EOR: CMP, CMPA, CMPM. EOR is in logic.ts. */
export function decodeCmp(op: number): Handler | null {
  const rx = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const k = eaKind(mode, reg);
  if (opmode === 3 || opmode === 7) {
    // CMPA: word sources are sign-extended and compared as longs.
    const size: Size = opmode === 3 ? 2 : 4;
    if (!eaIn(mode, reg, EA_ALL)) return null;
    const cycles = T.cmpa + eaTime(k, size);
    const dst = 8 + rx;
    if (size === 4 && mode <= 1) {
      const src = mode * 8 + reg;
      return (cpu) => {
        cmp(cpu, 0, cpu.r[src], cpu.r[dst]);
        cpu.cycles += cycles;
      };
    }
    return (cpu) => {
      cmp(cpu, 0, signExtend(eaRead(cpu, k, reg, size), size), cpu.r[dst]);
      cpu.cycles += cycles;
    };
  }
  const size = SIZES[opmode & 3];
  const sh = shiftFor(size);
  if (opmode < 3) {
    if (!eaIn(mode, reg, EA_ALL) || (mode === 1 && size === 1)) return null;
    const cycles = T.aluToReg + eaTime(k, size);
    if (size === 4 && mode <= 1) {
      const src = mode * 8 + reg;
      return (cpu) => {
        cmp(cpu, 0, cpu.r[src], cpu.r[rx]);
        cpu.cycles += cycles;
      };
    }
    return (cpu) => {
      cmp(cpu, sh, eaRead(cpu, k, reg, size), cpu.d[rx]);
      cpu.cycles += cycles;
    };
  }
  if (mode !== 1) return null; // EOR: decoded elsewhere
  // CMPM (Ay)+,(Ax)+
  return (cpu) => {
    const s = eaRead(cpu, 3, reg, size);
    const d = eaRead(cpu, 3, rx, size);
    cmp(cpu, sh, s, d);
    cpu.cycles += T.cmpm;
  };
}

/** Line 0 immediates: SUBI, ADDI, CMPI (ORI/ANDI/EORI are in logic.ts). */
export function decodeArithImmediate(op: number): Handler | null {
  const kind = (op >> 9) & 7; // 2 SUBI, 3 ADDI, 6 CMPI
  const sz = (op >> 6) & 3;
  if (sz === 3) return null;
  const size = SIZES[sz];
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const sh = shiftFor(size);
  const k = eaKind(mode, reg);
  // The immediate comes first in the instruction stream, before the EA extension words.
  if (kind === 6) {
    // The 68020 allows PC-relative operands for CMPI.
    if (!eaIn(mode, reg, EA_DATA_NOIMM)) return null;
    chargeEAas(op, EA_FETCH_IMM);
    const cycles = (mode === 0 ? T.immToDn : T.cmpiToMem) + fetchImmEA(k, size === 4);
    if (mode === 0 && size === 4)
      return (cpu) => {
        cmp(cpu, 0, cpu.fetch32(), cpu.d[reg]);
        cpu.cycles += cycles;
      };
    return (cpu) => {
      const imm = eaRead(cpu, 11, 0, size);
      cmp(cpu, sh, imm, eaRead(cpu, k, reg, size));
      cpu.cycles += cycles;
    };
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  const fn = kind === 2 ? sub : add;
  chargeEAas(op, EA_FETCH_IMM);
  const cycles = (mode === 0 ? T.immToDn : T.immToMem) + fetchImmEA(k, size === 4);
  return (cpu) => {
    const imm = eaRead(cpu, 11, 0, size);
    const d = rmwRead(cpu, k, reg, size);
    rmwWrite(cpu, k, reg, size, fn(cpu, sh, imm, d));
    cpu.cycles += cycles;
  };
}

/** ADDQ/SUBQ #1-8,<ea> (line 5, size != 3). */
export function decodeAddqSubq(op: number): Handler | null {
  const data = (op >> 9) & 7 || 8;
  const subtract = (op & 0x100) !== 0;
  const size = SIZES[(op >> 6) & 3];
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (mode === 1) {
    // To an address register: whole 32 bits, no flags; byte size is not allowed.
    if (size === 1) return null;
    const delta = subtract ? -data : data;
    return (cpu) => {
      cpu.a[reg] += delta;
      cpu.cycles += T.quickToReg;
    };
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  const fn = subtract ? sub : add;
  const sh = shiftFor(size);
  if (mode === 0 && size === 4)
    return (cpu) => {
      cpu.d[reg] = fn(cpu, 0, data, cpu.d[reg]);
      cpu.cycles += T.quickToReg;
    };
  const k = eaKind(mode, reg);
  const cycles = (mode === 0 ? T.quickToReg : T.quickToMem) + eaTime(k, size);
  return (cpu) => {
    const d = rmwRead(cpu, k, reg, size);
    rmwWrite(cpu, k, reg, size, fn(cpu, sh, data, d));
    cpu.cycles += cycles;
  };
}

/** NEGX, CLR, NEG, TST (line 4, single operand). `which`: 0 NEGX, 1 CLR, 2 NEG, 5 TST. */
export function decodeUnaryArith(op: number): Handler | null {
  const which = (op >> 9) & 7;
  const size = SIZES[(op >> 6) & 3];
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const sh = shiftFor(size);
  const k = eaKind(mode, reg);
  if (which === 5) {
    // TST: the 68020 accepts every mode (An only for word/long).
    if (!eaIn(mode, reg, EA_ALL) || (mode === 1 && size === 1)) return null;
    const cycles = T.tst + eaTime(k, size);
    return (cpu) => {
      logicFlags(cpu, sh, eaRead(cpu, k, reg, size));
      cpu.cycles += cycles;
    };
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  // CLR only writes: calculate EA; NEG and NEGX read first: fetch EA.
  if (which === 1) chargeEAas(op, EA_CALC);
  const cycles =
    which === 1
      ? (mode === 0 ? T.clrReg : T.clrMem) + calcEA(k)
      : (mode === 0 ? T.negReg : T.negMem) + eaTime(k, size);
  if (which === 1)
    return (cpu) => {
      eaWrite(cpu, k, reg, size, 0);
      cpu.flagN = cpu.flagV = cpu.flagC = 0;
      cpu.flagZ = 1;
      cpu.cycles += cycles;
    };
  if (which === 2 && mode === 0 && size === 4)
    return (cpu) => {
      cpu.d[reg] = sub(cpu, 0, cpu.d[reg], 0);
      cpu.cycles += cycles;
    };
  if (which === 2)
    return (cpu) => {
      const v = rmwRead(cpu, k, reg, size);
      rmwWrite(cpu, k, reg, size, sub(cpu, sh, v, 0));
      cpu.cycles += cycles;
    };
  // NEGX reads X and Z: a write that faults after them must leave them as they were.
  return (cpu) => {
    const v = rmwRead(cpu, k, reg, size);
    cpu.logCCR();
    rmwWrite(cpu, k, reg, size, subx(cpu, sh, v, 0));
    cpu.cycles += cycles;
  };
}
