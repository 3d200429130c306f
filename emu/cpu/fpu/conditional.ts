/**
 * The conditional instructions (M68000 PRM chapter 4): FBcc (F-line type
 * 010 with a word displacement, 011 with a long one; FNOP is FBF.W with
 * displacement 0), and type 001: FDBcc (EA mode 001), FTRAPcc (mode 111,
 * register 010/011/100: a word, a long or no operand) and FScc (the other
 * data alterable modes). The predicate is bits 5-0 of the opcode (FBcc) or
 * of the word after it.
 *
 * A predicate of the second sixteen tested with NAN set raises BSUN; with
 * BSUN enabled the instruction does not run and takes the exception at
 * once (vector 48, the stacked PC the instruction's own address: the
 * handler must clear NAN or disable BSUN).
 */
import { type Cpu, VEC_TRAPV } from '../cpu.js';
import { EA_DATA_ALT, eaIn, eaKind, eaWrite } from '../ea.js';
import { calcEA } from '../timing.js';
import { fpTest } from './conditions.js';
import type { Fpu } from './fpu.js';
import { takePending } from './general.js';
import { AEXC_IOP, BSUN, CC_NAN } from './status.js';
import { fpuTimes } from './timing.js';

/**
 * Evaluate predicate `p`, or return null when the instruction must not
 * run (BSUN trap taken, or a predicate above 31: line F).
 */
function evaluate(cpu: Cpu, fpu: Fpu, p: number): boolean | null {
  if (p > 31) {
    cpu.lineF();
    return null;
  }
  if (fpu.pending) {
    takePending(cpu, fpu);
    return null;
  }
  fpu.isNull = false;
  if (p & 16 && fpu.fpsr & CC_NAN) {
    fpu.fpsr |= BSUN | AEXC_IOP;
    if (fpu.fpcr & BSUN) {
      cpu.undoRegisters();
      cpu.exception(48, cpu.ppc);
      cpu.cycles += fpuTimes.trap;
      return null;
    }
  }
  return fpTest(fpu.fpsr, p);
}

/** FBcc.W / FBcc.L: the displacement is from the address of its first word. */
export function fbcc(cpu: Cpu, fpu: Fpu, op: number, long: boolean): void {
  const base = cpu.pc;
  const disp = long ? cpu.fetch32() : (cpu.fetch16() << 16) >> 16;
  const t = evaluate(cpu, fpu, op & 0x3f);
  if (t === null) return;
  if (t) {
    cpu.pc = (base + disp) >>> 0;
    cpu.cycles += fpuTimes.fbccTaken;
  } else cpu.cycles += fpuTimes.fbccNotTaken;
}

/** Type 001: FDBcc, FTRAPcc or FScc by the EA field. */
export function fcond(cpu: Cpu, fpu: Fpu, op: number): void {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const w = cpu.fetch16();
  const p = w & 0xffc0 ? 64 : w; // bits 15-6 must be zero: otherwise no predicate (line F)
  if (mode === 1) {
    // FDBcc Dn,label: the displacement is from its own address.
    const base = cpu.pc;
    const disp = (cpu.fetch16() << 16) >> 16;
    const t = evaluate(cpu, fpu, p);
    if (t === null) return;
    cpu.cycles += fpuTimes.fdbcc;
    if (t) return;
    const count = (cpu.d[reg] - 1) & 0xffff;
    cpu.d[reg] = (cpu.d[reg] & ~0xffff) | count;
    if (count !== 0xffff) cpu.pc = (base + disp) >>> 0;
    return;
  }
  if (mode === 7 && reg >= 2 && reg <= 4) {
    // FTRAPcc: the operand only follows the instruction.
    if (reg === 2) cpu.fetch16();
    else if (reg === 3) cpu.fetch32();
    const t = evaluate(cpu, fpu, p);
    if (t === null) return;
    if (t) cpu.trapAfter(VEC_TRAPV, fpuTimes.ftrapcc + 11);
    else cpu.cycles += fpuTimes.ftrapcc;
    return;
  }
  if (!eaIn(mode, reg, EA_DATA_ALT)) {
    cpu.lineF();
    return;
  }
  const k = eaKind(mode, reg);
  const t = evaluate(cpu, fpu, p);
  if (t === null) return;
  eaWrite(cpu, k, reg, 1, t ? 0xff : 0);
  cpu.cycles += fpuTimes.fscc + calcEA(k);
}
