/**
 * FSAVE and FRESTORE (F-line types 100 and 101, privileged): the 68881's
 * internal state frames, for context switches and exception handlers
 * (MC68881 UM §6.4). The first long word of a frame is its format word:
 * the version number ($1F for the 68881; 0 for a null frame), the size of
 * what follows in bytes, and 16 reserved bits.
 *
 *   null  $00000000 (4 bytes): the chip is in its reset state; restoring
 *         one resets it (NaN registers, FPCR, FPSR and FPIAR clear).
 *   idle  $1F180000 + 24 bytes (28): the chip is between instructions.
 *   busy  $1FB40000 + 180 bytes: the chip was interrupted in the middle of
 *         an instruction.
 *
 * In sun3lab every FPU instruction runs to completion inside the 68020's
 * instruction, so FSAVE writes null or idle frames only; FRESTORE accepts
 * all three (a busy frame is resumed as idle). The idle frame's 24 bytes:
 *
 *   +$04  the command word of the last instruction (upper half), 0
 *   +$08  12 bytes: the exceptional operand (0 here)
 *   +$14  the operand register (0 here)
 *   +$18  BIU flags: bit 27 set when an exception is pending
 *
 * FSAVE takes a pending exception into the frame (the chip is then idle
 * with nothing pending); FRESTORE of a frame with bit 27 set arms it again
 * from FPSR and FPCR (restored first by the usual FMOVEM sequence). Any
 * other format word is a format error (vector 14).
 */
import { type Cpu, VEC_FORMAT_ERROR } from '../cpu.js';
import { eaAddr, K_POSTINC, K_PREDEC } from '../ea.js';
import { calcEA, cycleTimes } from '../timing.js';
import type { Fpu } from './fpu.js';
import { fpuTimes } from './timing.js';

const IDLE = 0x1f180000;
const BUSY = 0x1fb40000;
const PENDING_BIT = 0x08000000;

export function fsave(cpu: Cpu, fpu: Fpu, k: number, reg: number): void {
  if (!cpu.srS) {
    cpu.privilegeViolation();
    return;
  }
  const frame = fpu.isNull ? [0] : [IDLE, 0, 0, 0, 0, 0, fpu.pending ? PENDING_BIT : 0];
  const bytes = frame.length * 4;
  let a: number;
  if (k === K_PREDEC) {
    cpu.logRegister(8 + reg);
    a = cpu.a[reg] - bytes;
    cpu.probeWrite(a, bytes);
    cpu.a[reg] = a;
  } else {
    a = eaAddr(cpu, k, reg, 4);
    cpu.probeWrite(a, bytes);
  }
  for (let i = 0; i < frame.length; i++) cpu.wr32(a + 4 * i, frame[i]);
  fpu.pending = 0;
  cpu.cycles += (fpu.isNull ? fpuTimes.fsaveNull : fpuTimes.fsaveIdle) + calcEA(k);
}

export function frestore(cpu: Cpu, fpu: Fpu, k: number, reg: number): void {
  if (!cpu.srS) {
    cpu.privilegeViolation();
    return;
  }
  const a = k === K_POSTINC ? cpu.a[reg] : eaAddr(cpu, k, reg, 4);
  const format = cpu.rd32(a) >>> 0;
  let bytes: number;
  if (format >>> 24 === 0) bytes = 4;
  else if ((format & 0xffff0000) === IDLE) bytes = 28;
  else if ((format & 0xffff0000) === BUSY) bytes = 184;
  else {
    cpu.undoRegisters();
    cpu.exception(VEC_FORMAT_ERROR, cpu.ppc);
    cpu.cycles += cycleTimes.formatError;
    return;
  }
  const biu = bytes === 28 ? cpu.rd32(a + 24) : 0;
  if (k === K_POSTINC) {
    cpu.logRegister(8 + reg);
    cpu.a[reg] = a + bytes;
  }
  if (bytes === 4) {
    fpu.reset();
    cpu.cycles += fpuTimes.frestoreNull + calcEA(k);
    return;
  }
  fpu.isNull = false;
  if (biu & PENDING_BIT) fpu.armTrap();
  else fpu.pending = 0;
  cpu.cycles += fpuTimes.frestoreIdle + calcEA(k);
}
