/**
 * Integer arithmetic: ADD/SUB/CMP and their A, I, Q, X and M forms,
 * NEG, NEGX, CLR, TST.
 */
import { add, addx, cmp, logicFlags, shiftFor, signExtend, sub, subx } from '../alu.js';
import type { Cpu, Handler } from '../cpu.js';
import {
  EA_ALL,
  EA_DATA_ALT,
  EA_DATA_NOIMM,
  EA_MEM_ALT,
  eaAddress,
  eaIn,
  eaKind,
  eaModify,
  eaReader,
  eaWriter,
  type Size,
} from '../ea.js';
import { eaTime } from '../timing.js';

const SIZES: Size[] = [1, 2, 4];
type BinOp = (cpu: Cpu, sh: number, s: number, d: number) => number;

/** <ea>,Dn: Dn = Dn op <ea> (ADD, SUB). */
function toDn(op: BinOp, size: Size, dn: number, mode: number, reg: number, cycles: number): Handler {
  const read = eaReader(mode, reg, size);
  const sh = shiftFor(size);
  if (size === 4)
    return (cpu) => {
      cpu.d[dn] = op(cpu, 0, read(cpu), cpu.d[dn]);
      cpu.cycles += cycles;
    };
  const mask = size === 2 ? 0xffff : 0xff;
  return (cpu) => {
    const s = read(cpu);
    const old = cpu.d[dn];
    cpu.d[dn] = (old & ~mask) | op(cpu, sh, s, old & mask);
    cpu.cycles += cycles;
  };
}

/** Dn,<ea>: <ea> = <ea> op Dn, memory destination. */
function toEa(op: BinOp, size: Size, dn: number, mode: number, reg: number, cycles: number): Handler {
  const sh = shiftFor(size);
  const mod = eaModify(mode, reg, size, (cpu, v) => op(cpu, sh, cpu.d[dn], v));
  return (cpu) => {
    mod(cpu);
    cpu.cycles += cycles;
  };
}

/** ADDA/SUBA: whole-register arithmetic, word sources sign-extended, no flags. */
function addrArith(
  subtract: boolean,
  size: Size,
  an: number,
  mode: number,
  reg: number,
  cycles: number,
): Handler {
  const read = eaReader(mode, reg, size);
  if (size === 2) {
    if (subtract)
      return (cpu) => {
        const v = (read(cpu) << 16) >> 16;
        cpu.a[an] -= v;
        cpu.cycles += cycles;
      };
    return (cpu) => {
      const v = (read(cpu) << 16) >> 16;
      cpu.a[an] += v;
      cpu.cycles += cycles;
    };
  }
  if (subtract)
    return (cpu) => {
      const v = read(cpu);
      cpu.a[an] -= v;
      cpu.cycles += cycles;
    };
  return (cpu) => {
    const v = read(cpu);
    cpu.a[an] += v;
    cpu.cycles += cycles;
  };
}

/** ADDX/SUBX in register (Dy,Dx) or memory (-(Ay),-(Ax)) form. */
function extended(op: BinOp, size: Size, rx: number, ry: number, memory: boolean): Handler {
  const sh = shiftFor(size);
  if (!memory) {
    const mask = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
    return (cpu) => {
      const old = cpu.d[rx];
      cpu.d[rx] = (old & ~mask) | op(cpu, sh, cpu.d[ry] & mask, old & mask);
      cpu.cycles += 2;
    };
  }
  const src = eaAddress(4, ry, size);
  const dst = eaAddress(4, rx, size);
  return (cpu) => {
    const s = cpu.read(size, src(cpu));
    const a = dst(cpu);
    cpu.write(size, a, op(cpu, sh, s, cpu.read(size, a)));
    cpu.cycles += 10;
  };
}

/** Lines 9 and D: SUB/SUBA/SUBX and ADD/ADDA/ADDX. */
export function decodeAddSub(op: number): Handler | null {
  const subtract = op >> 12 === 9;
  const fn = subtract ? sub : add;
  const rx = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (opmode === 3 || opmode === 7) {
    const size: Size = opmode === 3 ? 2 : 4;
    if (!eaIn(mode, reg, EA_ALL)) return null;
    return addrArith(subtract, size, rx, mode, reg, 2 + eaTime(eaKind(mode, reg), size));
  }
  const size = SIZES[opmode & 3];
  if (opmode < 3) {
    if (!eaIn(mode, reg, EA_ALL) || (mode === 1 && size === 1)) return null;
    return toDn(fn, size, rx, mode, reg, 2 + eaTime(eaKind(mode, reg), size));
  }
  if (mode === 0 || mode === 1) return extended(subtract ? subx : addx, size, rx, reg, mode === 1);
  if (!eaIn(mode, reg, EA_MEM_ALT)) return null;
  return toEa(fn, size, rx, mode, reg, 4 + eaTime(eaKind(mode, reg), size));
}

/** Line B without EOR: CMP, CMPA, CMPM. EOR is in logic.ts. */
export function decodeCmp(op: number): Handler | null {
  const rx = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if (opmode === 3 || opmode === 7) {
    const size: Size = opmode === 3 ? 2 : 4;
    if (!eaIn(mode, reg, EA_ALL)) return null;
    const read = eaReader(mode, reg, size);
    const cycles = 4 + eaTime(eaKind(mode, reg), size);
    return (cpu) => {
      cmp(cpu, 0, signExtend(read(cpu), size), cpu.a[rx]);
      cpu.cycles += cycles;
    };
  }
  const size = SIZES[opmode & 3];
  if (opmode < 3) {
    if (!eaIn(mode, reg, EA_ALL) || (mode === 1 && size === 1)) return null;
    const read = eaReader(mode, reg, size);
    const sh = shiftFor(size);
    const cycles = 2 + eaTime(eaKind(mode, reg), size);
    return (cpu) => {
      cmp(cpu, sh, read(cpu), cpu.d[rx]);
      cpu.cycles += cycles;
    };
  }
  if (mode !== 1) return null; // EOR: decoded elsewhere
  // CMPM (Ay)+,(Ax)+
  const src = eaAddress(3, reg, size);
  const dst = eaAddress(3, rx, size);
  const sh = shiftFor(size);
  return (cpu) => {
    const s = cpu.read(size, src(cpu));
    const d = cpu.read(size, dst(cpu));
    cmp(cpu, sh, s, d);
    cpu.cycles += 8;
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
  const readImm = eaReader(7, 4, size);
  const sh = shiftFor(size);
  const k = eaKind(mode, reg);
  if (kind === 6) {
    // The 68020 allows PC-relative destinations for CMPI.
    if (!eaIn(mode, reg, EA_DATA_NOIMM)) return null;
    const read = eaReader(mode, reg, size);
    const cycles = 2 + eaTime(k, size);
    return (cpu) => {
      const s = readImm(cpu);
      cmp(cpu, sh, s, read(cpu));
      cpu.cycles += cycles;
    };
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  const fn = kind === 2 ? sub : add;
  const cycles = (mode === 0 ? 2 : 4) + eaTime(k, size);
  // The immediate comes first in the instruction stream, before the EA extension words.
  let imm = 0;
  const mod = eaModify(mode, reg, size, (cpu, v) => fn(cpu, sh, imm, v));
  return (cpu) => {
    imm = readImm(cpu);
    mod(cpu);
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
      cpu.cycles += 2;
    };
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  const fn = subtract ? sub : add;
  const sh = shiftFor(size);
  if (mode === 0 && size === 4)
    return (cpu) => {
      cpu.d[reg] = fn(cpu, 0, data, cpu.d[reg]);
      cpu.cycles += 2;
    };
  const cycles = (mode === 0 ? 2 : 4) + eaTime(eaKind(mode, reg), size);
  const mod = eaModify(mode, reg, size, (cpu, v) => fn(cpu, sh, data, v));
  return (cpu) => {
    mod(cpu);
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
    const read = eaReader(mode, reg, size);
    const cycles = 2 + eaTime(k, size);
    return (cpu) => {
      logicFlags(cpu, sh, read(cpu));
      cpu.cycles += cycles;
    };
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) return null;
  const cycles = (mode === 0 ? 2 : 4) + eaTime(k, size);
  if (which === 1) {
    const write = eaWriter(mode, reg, size);
    return (cpu) => {
      write(cpu, 0);
      cpu.flagN = cpu.flagV = cpu.flagC = 0;
      cpu.flagZ = 1;
      cpu.cycles += cycles;
    };
  }
  const mod =
    which === 2
      ? eaModify(mode, reg, size, (cpu, v) => sub(cpu, sh, v, 0))
      : eaModify(mode, reg, size, (cpu, v) => subx(cpu, sh, v, 0));
  return (cpu) => {
    mod(cpu);
    cpu.cycles += cycles;
  };
}
