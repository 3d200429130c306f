/**
 * The F-line words ($Fxxx): the 68020's coprocessor interface (MC68020 UM
 * chapter 7). Bits 11-9 name the coprocessor; the 68881 answers as
 * coprocessor 1. Bits 8-6 are the instruction type:
 *
 *   000 general (cpGEN: general.ts)      100 FSAVE     (frames.ts)
 *   001 FScc, FDBcc, FTRAPcc             101 FRESTORE
 *   010 FBcc.W, 011 FBcc.L               110, 111 not coprocessor instructions
 *
 * A word for another coprocessor, or any F-line word on a CPU with no FPU,
 * takes the F-line exception (vector 11): on a 68020 the access to an
 * absent coprocessor's interface registers ends in a bus error, which the
 * processor turns into that exception. So does a command the 68881 does
 * not know, or an addressing mode the instruction does not allow.
 */
import type { Cpu, Handler } from '../cpu.js';
import { EA_CONTROL, EA_CTRL_ALT, eaIn, eaKind } from '../ea.js';
import { fbcc, fcond } from './conditional.js';
import { frestore, fsave } from './frames.js';
import { general } from './general.js';

const lineF: Handler = (cpu) => cpu.lineF();

export function decodeLineF(op: number): Handler {
  if (((op >> 9) & 7) !== 1) return lineF;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const k = eaKind(mode, reg);
  const type = (op >> 6) & 7;
  const withFpu =
    (run: (cpu: Cpu) => void): Handler =>
    (cpu) =>
      cpu.fpu === null ? cpu.lineF() : run(cpu);
  switch (type) {
    case 0:
      if (k < 0) return lineF;
      return withFpu((cpu) => general(cpu, cpu.fpu!, k, reg));
    case 1:
      return withFpu((cpu) => fcond(cpu, cpu.fpu!, op));
    case 2:
    case 3:
      return withFpu((cpu) => fbcc(cpu, cpu.fpu!, op, type === 3));
    case 4:
      if (!eaIn(mode, reg, EA_CTRL_ALT) && mode !== 4) return lineF;
      return withFpu((cpu) => fsave(cpu, cpu.fpu!, k, reg));
    case 5:
      if (!eaIn(mode, reg, EA_CONTROL) && mode !== 3) return lineF;
      return withFpu((cpu) => frestore(cpu, cpu.fpu!, k, reg));
    default:
      return lineF;
  }
}
