/**
 * The general instructions (cpGEN, F-line type 000: the opcode word then a
 * command word, M68000 PRM chapter 4). The command word's opclass (bits
 * 15-13) says what moves where:
 *
 *   000  FPm to FPn, an operation        011  FPn to <ea>: FMOVE out
 *   010  <ea> to FPn, an operation,      100  <ea> to FPCR/FPSR/FPIAR
 *        or FMOVECR (source format 111)  101  FPCR/FPSR/FPIAR to <ea>
 *                                        110  <ea> to FP registers (FMOVEM)
 *                                        111  FP registers to <ea> (FMOVEM)
 *
 * Operands are read before anything in the FPU changes and results are
 * written after every check, so an instruction whose memory access faults
 * is restarted from scratch like the integer ones (docs/cpu.md, restart).
 */
import type { Cpu } from '../cpu.js';
import {
  EA_ALTERABLE,
  EA_CONTROL,
  EA_CTRL_ALT,
  EA_DATA,
  EA_DATA_ALT,
  EA_MEM_ALT,
  EA_MEMORY,
  eaAddr,
  eaRead,
  K_AN,
  K_DN,
  K_IMM,
  K_POSTINC,
  K_PREDEC,
  mergeDn,
} from '../ea.js';
import { calcEA } from '../timing.js';
import { add, div, getexp, getman, mul, propagateNaN, remainder, scale, sqrt, toInteger } from './arith.js';
import { romConstant } from './constants.js';
import {
  fromDouble,
  fromExtended,
  fromInteger,
  fromSingle,
  toDouble,
  toExtended,
  toIntegerOf,
  toSingle,
} from './convert.js';
import {
  type Ext,
  inf,
  isSignalling,
  K_FINITE,
  K_INF,
  K_NAN,
  K_ZERO,
  kind,
  normalised,
  quiet,
  zero,
} from './ext.js';
import type { Fpu } from './fpu.js';
import { fromPacked, toPacked } from './packed.js';
import { roundReg } from './round.js';
import { CC_MASK, CC_N, CC_NAN, CC_Z, type Ctx, QUOTIENT_MASK, RM, RZ, SNAN } from './status.js';
import { DEST, fpuTimes, REG, SOURCE } from './timing.js';
import { transcendental } from './transcend.js';

/** Operand sizes by format: L S X P W D B (and P with a dynamic k-factor, out only). */
export const FORMAT_SIZE = [4, 4, 12, 12, 2, 8, 1, 12];
const bit = (k: number) => 1 << k;

/** Can format `fmt` live at EA kind k (a data register holds only the formats of four bytes or fewer)? */
function formatAt(k: number, fmt: number, allowed: number): boolean {
  if (!(allowed & bit(k))) return false;
  return k !== K_DN || FORMAT_SIZE[fmt] <= 4;
}

/** Read a source operand of format `fmt` and convert it to extended. */
function readSource(cpu: Cpu, c: Ctx, fmt: number, k: number, reg: number): Ext {
  const size = FORMAT_SIZE[fmt];
  if (size <= 4) {
    let v = eaRead(cpu, k, reg, size);
    switch (fmt) {
      case 0:
        return fromInteger(v | 0);
      case 1:
        return fromSingle(c, v >>> 0);
      case 4:
        v = (v << 16) >> 16;
        return fromInteger(v);
      default:
        return fromInteger((v << 24) >> 24);
    }
  }
  let w0: number;
  let w1: number;
  let w2 = 0;
  if (k === K_IMM) {
    w0 = cpu.fetch32();
    w1 = cpu.fetch32();
    if (size === 12) w2 = cpu.fetch32();
  } else {
    const a = eaAddr(cpu, k, reg, size);
    w0 = cpu.rd32(a);
    w1 = cpu.rd32(a + 4);
    if (size === 12) w2 = cpu.rd32(a + 8);
  }
  if (fmt === 5) return fromDouble(c, w0 >>> 0, w1 >>> 0);
  if (fmt === 2) return fromExtended(c, w0 >>> 16, w1 >>> 0, w2 >>> 0);
  return fromPacked(c, w0 >>> 0, w1 >>> 0, w2 >>> 0);
}

/** Run one general instruction; the opcode's EA field is (k, reg). */
export function general(cpu: Cpu, fpu: Fpu, k: number, reg: number): void {
  const cmd = cpu.fetch16();
  const opclass = cmd >>> 13;
  switch (opclass) {
    case 0:
      if (!validOp(cmd)) {
        cpu.lineF();
        return;
      }
      if (fpu.pending) {
        takePending(cpu, fpu);
        return;
      }
      operation(cpu, fpu, cmd, fpu.get((cmd >> 10) & 7), REG[cmd & 0x3f]);
      return;
    case 2: {
      const fmt = (cmd >> 10) & 7;
      if (fmt === 7) {
        fmovecr(cpu, fpu, cmd, k, reg);
        return;
      }
      if (!validOp(cmd) || !formatAt(k, fmt, EA_DATA)) {
        cpu.lineF();
        return;
      }
      if (fpu.pending) {
        takePending(cpu, fpu);
        return;
      }
      const c: Ctx = { mode: fpu.mode, exc: 0 };
      const src = readSource(cpu, c, fmt, k, reg);
      cpu.cycles += SOURCE[fmt] + (k === K_DN || k === K_IMM ? 0 : calcEA(k));
      operation(cpu, fpu, cmd, src, REG[cmd & 0x3f], c.exc);
      return;
    }
    case 3:
      fmoveOut(cpu, fpu, cmd, k, reg);
      return;
    case 4:
    case 5:
      fmovemControl(cpu, fpu, cmd, k, reg, opclass === 5);
      return;
    case 6:
    case 7:
      fmovemData(cpu, fpu, cmd, k, reg, opclass === 7);
      return;
    default:
      cpu.lineF();
      return;
  }
}

/** Is the opmode one the 68881 has? */
function validOp(cmd: number): boolean {
  return (cmd & 0x40) === 0 && REG[cmd & 0x3f] !== 0;
}

/** FCMP's condition codes: those of dst - src, without rounding (infinities compare equal to themselves). */
function compare(c: Ctx, dst: Ext, src: Ext): number {
  const kd = kind(dst);
  const ks = kind(src);
  if (kd === K_NAN || ks === K_NAN) {
    if (isSignalling(dst) || isSignalling(src)) c.exc |= SNAN;
    return CC_NAN;
  }
  // Order by magnitude: infinity above every finite value.
  const mag = (x: Ext, kx: number): [number, number, number] => {
    if (kx === K_INF) return [1e9, 0, 0];
    if (kx === K_ZERO) return [-1e9, 0, 0];
    const n = normalised(x);
    return [n.e, n.hi, n.lo];
  };
  let sign: number;
  if (kd === K_ZERO && ks === K_ZERO) sign = dst.s === (src.s ^ 1) ? dst.s : c.mode === RM ? 1 : 0;
  else if (dst.s !== src.s) sign = dst.s;
  else {
    const a = mag(dst, kd);
    const b = mag(src, ks);
    const cmp = a[0] !== b[0] ? a[0] - b[0] : a[1] !== b[1] ? a[1] - b[1] : a[2] - b[2];
    if (cmp === 0) {
      if (kd === K_INF) return dst.s ? CC_N | CC_Z : CC_Z;
      return c.mode === RM ? CC_N | CC_Z : CC_Z;
    }
    sign = cmp > 0 ? dst.s : dst.s ^ 1;
  }
  return (sign ? CC_N : 0) | (kd === K_ZERO && ks === K_ZERO ? CC_Z : 0);
}

/**
 * FSGLMUL and FSGLDIV use only the upper 24 bits of each operand's
 * mantissa field (the rest is ignored, not rounded; for a denormal that is
 * fewer significant bits) and round the result to 24 bits, in extended's
 * exponent range.
 */
function single(x: Ext): Ext {
  if (kind(x) !== K_FINITE) return x;
  return { s: x.s, e: x.e, hi: (x.hi & 0xffffff00) >>> 0, lo: 0 };
}

/** A finite exact result rounded to the rounding precision (FGETEXP, FGETMAN). */
function rounded(c: Ctx, x: Ext, prec: number): Ext {
  if (kind(x) !== K_FINITE) return x;
  const n = normalised(x);
  return roundReg(c, n.s, n.e, n.hi, n.lo, 0, prec);
}

/** The arithmetic group: `src` op FPn. `exc` holds what converting the source raised. */
function operation(cpu: Cpu, fpu: Fpu, cmd: number, src: Ext, time: number, exc = 0): void {
  const opm = cmd & 0x7f;
  const dn = (cmd >> 7) & 7;
  const c: Ctx = { mode: fpu.mode, exc };
  const prec = fpu.prec;
  const dst = fpu.get(dn);
  let r: Ext | null = null;
  let cc = -1;
  let quotient = -1;
  let cos: Ext | null = null;
  switch (opm) {
    case 0x00: // FMOVE
    case 0x18: // FABS
    case 0x1a: {
      // FNEG
      // FABS and FNEG work on the sign of a NaN too.
      const k = kind(src);
      const s = opm === 0x18 ? 0 : opm === 0x1a ? src.s ^ 1 : src.s;
      if (k === K_NAN) r = { ...propagateNaN(c, null, src), s };
      else {
        if (k === K_INF) r = inf(s);
        else if (k === K_ZERO) r = zero(s);
        else {
          const n = normalised(src);
          r = roundReg(c, s, n.e, n.hi, n.lo, 0, prec);
        }
      }
      break;
    }
    case 0x01: // FINT
      r = toInteger(c, src, fpu.mode, prec);
      break;
    case 0x03: // FINTRZ
      r = toInteger(c, src, RZ, prec);
      break;
    case 0x04:
      r = sqrt(c, src, prec);
      break;
    case 0x1e:
      r = rounded(c, getexp(c, src), prec);
      break;
    case 0x1f:
      r = rounded(c, getman(c, src), prec);
      break;
    case 0x20:
      r = div(c, dst, src, prec);
      break;
    case 0x24: // FSGLDIV
      r = div(c, single(dst), single(src), 24);
      break;
    case 0x21: // FMOD
    case 0x25: {
      // FREM
      const m = remainder(c, dst, src, opm === 0x25, prec);
      r = m.r;
      quotient = m.quotient;
      // A cycle per quotient bit developed (an estimate: the manual's times depend on it).
      if (kind(dst) === K_FINITE && kind(src) === K_FINITE)
        time += Math.max(0, normalised(dst).e - normalised(src).e);
      break;
    }
    case 0x22:
      r = add(c, dst, src, false, prec);
      break;
    case 0x28:
      r = add(c, dst, src, true, prec);
      break;
    case 0x23:
      r = mul(c, dst, src, prec);
      break;
    case 0x27: // FSGLMUL
      r = mul(c, single(dst), single(src), 24);
      break;
    case 0x26:
      r = scale(c, dst, src, prec);
      break;
    case 0x38: // FCMP
      cc = compare(c, dst, src);
      break;
    case 0x3a: // FTST
      if (isSignalling(src)) c.exc |= SNAN;
      cc = -2;
      break;
    default: {
      const t = transcendental(c, opm, src, prec);
      r = t[0];
      cos = t[1];
    }
  }
  // Commit: results, condition codes, quotient, exception byte, FPIAR.
  fpu.isNull = false;
  if (cc === -2) fpu.setCC(isSignalling(src) ? quiet(src) : src);
  else if (cc >= 0) fpu.fpsr = (fpu.fpsr & ~CC_MASK) | cc;
  else if (r !== null) {
    fpu.setCC(r);
    if (!fpu.suppressed(c.exc)) {
      fpu.set(dn, r);
      if (cos !== null) fpu.set(cmd & 7, cos);
    }
  }
  if (quotient >= 0) fpu.fpsr = (fpu.fpsr & ~QUOTIENT_MASK) | (quotient << 16);
  fpu.exc = c.exc;
  fpu.finish(cpu.ppc);
  cpu.cycles += time;
}

/** Take the exception an earlier instruction armed: before this instruction does anything. */
export function takePending(cpu: Cpu, fpu: Fpu): void {
  const vector = fpu.pending;
  fpu.pending = 0;
  cpu.undoRegisters();
  cpu.exception(vector, cpu.ppc);
  cpu.cycles += fpuTimes.trap;
}

/** FMOVECR #offset,FPn: a constant from the ROM, rounded to FPCR's precision. */
function fmovecr(cpu: Cpu, fpu: Fpu, cmd: number, k: number, reg: number): void {
  if (k !== 0 || reg !== 0) {
    cpu.lineF();
    return;
  }
  if (fpu.pending) {
    takePending(cpu, fpu);
    return;
  }
  const c: Ctx = { mode: fpu.mode, exc: 0 };
  const x = romConstant(c, cmd & 0x7f, fpu.prec);
  fpu.isNull = false;
  fpu.set((cmd >> 7) & 7, x);
  fpu.setCC(x);
  fpu.exc = c.exc;
  fpu.finish(cpu.ppc);
  cpu.cycles += fpuTimes.fmovecr;
}

/** FMOVE FPn,<ea>: convert to the destination format and store. */
function fmoveOut(cpu: Cpu, fpu: Fpu, cmd: number, k: number, reg: number): void {
  const fmt = (cmd >> 10) & 7;
  // Bits 6-0 hold the k-factor of packed formats, and must be zero otherwise.
  const unused = fmt === 3 ? 0 : fmt === 7 ? 0x0f : 0x7f;
  if (!formatAt(k, fmt, EA_DATA_ALT) || (cmd & unused) !== 0) {
    cpu.lineF();
    return;
  }
  if (fpu.pending) {
    takePending(cpu, fpu);
    return;
  }
  const x = fpu.get((cmd >> 7) & 7);
  const c: Ctx = { mode: fpu.mode, exc: 0 };
  let words: number[];
  switch (fmt) {
    case 0:
    case 4:
    case 6:
      words = [toIntegerOf(c, x, FORMAT_SIZE[fmt])];
      break;
    case 1:
      words = [toSingle(c, x)];
      break;
    case 5:
      words = toDouble(c, x);
      break;
    case 2:
      words = toExtended(x);
      break;
    default: {
      // Packed: the k-factor is in the command word (format 3) or a data register (format 7).
      const kf = fmt === 3 ? ((cmd & 0x7f) << 25) >> 25 : (cpu.d[(cmd >> 4) & 7] << 25) >> 25;
      words = toPacked(c, x, kf);
    }
  }
  const size = FORMAT_SIZE[fmt];
  if (k === K_DN) cpu.d[reg] = mergeDn(cpu.d[reg], words[0], size);
  else {
    const a = eaAddr(cpu, k, reg, size);
    if (size > 4) cpu.probeWrite(a, size);
    if (!fpu.suppressed(c.exc)) {
      if (size <= 4) cpu.write(size, a, words[0]);
      else for (let i = 0; i < words.length; i++) cpu.wr32(a + 4 * i, words[i]);
    }
    cpu.cycles += calcEA(k);
  }
  fpu.isNull = false;
  fpu.exc = c.exc;
  fpu.finish(cpu.ppc);
  cpu.cycles += DEST[fmt];
}

/**
 * FMOVE/FMOVEM of the control registers: the list is FPCR, FPSR, FPIAR
 * (command word bits 12, 11, 10), moved in that order from the lowest
 * address. One register may be a data register (FPIAR also an address
 * register); several need memory (or an immediate, into the chip).
 */
function fmovemControl(cpu: Cpu, fpu: Fpu, cmd: number, k: number, reg: number, out: boolean): void {
  const list = (cmd >> 10) & 7;
  const n = (list & 1) + ((list >> 1) & 1) + (list >> 2);
  if (n === 0 || (cmd & 0x3ff) !== 0) {
    cpu.lineF();
    return;
  }
  let allowed = out ? EA_ALTERABLE : EA_DATA | bit(K_AN);
  if (n > 1) allowed &= out ? EA_MEM_ALT : EA_MEMORY;
  if (!(allowed & bit(k)) || (k === K_AN && list !== 1)) {
    cpu.lineF();
    return;
  }
  if (fpu.pending) {
    takePending(cpu, fpu);
    return;
  }
  const regs = [4, 2, 1].filter((b) => list & b);
  if (k === K_DN || k === K_AN || k === K_IMM) {
    if (out) cpu.r[k * 8 + reg] = control(fpu, regs[0]);
    else for (const b of regs) setControl(fpu, b, k === K_IMM ? cpu.fetch32() : cpu.r[k * 8 + reg]);
  } else {
    let a: number;
    if (k === K_PREDEC) {
      cpu.logRegister(8 + reg);
      a = cpu.a[reg] - 4 * n;
      cpu.a[reg] = a;
    } else if (k === K_POSTINC) {
      cpu.logRegister(8 + reg);
      a = cpu.a[reg];
      cpu.a[reg] = a + 4 * n;
    } else a = eaAddr(cpu, k, reg, 4);
    if (out) {
      cpu.probeWrite(a, 4 * n);
      for (let i = 0; i < n; i++) cpu.wr32(a + 4 * i, control(fpu, regs[i]));
    } else {
      const v = regs.map((_, i) => cpu.rd32(a + 4 * i));
      for (let i = 0; i < n; i++) setControl(fpu, regs[i], v[i]);
    }
    cpu.cycles += calcEA(k);
  }
  if (!out) fpu.armTrap();
  fpu.isNull = false;
  cpu.cycles += fpuTimes.fmovemCtrl + n * fpuTimes.fmovemPerCtrl;
}

function control(fpu: Fpu, b: number): number {
  return b === 4 ? fpu.fpcr : b === 2 ? fpu.fpsr : fpu.fpiar | 0;
}

function setControl(fpu: Fpu, b: number, v: number): void {
  if (b === 4) fpu.setFPCR(v);
  else if (b === 2) fpu.setFPSR(v);
  else fpu.fpiar = v >>> 0;
}

/**
 * FMOVEM of data registers, 12 bytes each in extended format, FP0 at the
 * lowest address. Command bits 12-11: bit 11 a dynamic list (in Dn, bits
 * 6-4) rather than a static one (bits 7-0); bit 12 clear for -(An), whose
 * list has FP0 in bit 0, set for the other modes, whose list has FP0 in
 * bit 7.
 */
function fmovemData(cpu: Cpu, fpu: Fpu, cmd: number, k: number, reg: number, out: boolean): void {
  const predec = (cmd & 0x1000) === 0;
  // Unused bits: 10-8, and with a dynamic list (in Dn, bits 6-4) bits 7 and 3-0.
  const unused = cmd & 0x800 ? 0x078f : 0x0700;
  if (predec !== (k === K_PREDEC) || (cmd & unused) !== 0) {
    cpu.lineF();
    return;
  }
  const allowed = out ? EA_CTRL_ALT | bit(K_PREDEC) : EA_CONTROL | bit(K_POSTINC);
  if (!(allowed & bit(k))) {
    cpu.lineF();
    return;
  }
  if (fpu.pending) {
    takePending(cpu, fpu);
    return;
  }
  const mask = (cmd & 0x800 ? cpu.d[(cmd >> 4) & 7] : cmd) & 0xff;
  const regs: number[] = [];
  for (let i = 0; i < 8; i++) if (mask & (predec ? 1 << i : 0x80 >> i)) regs.push(i);
  const bytes = 12 * regs.length;
  let a: number;
  if (k === K_PREDEC) {
    cpu.logRegister(8 + reg);
    a = cpu.a[reg] - bytes;
    cpu.a[reg] = a;
  } else if (k === K_POSTINC) {
    cpu.logRegister(8 + reg);
    a = cpu.a[reg];
    cpu.a[reg] = a + bytes;
  } else a = eaAddr(cpu, k, reg, 12);
  if (out) {
    cpu.probeWrite(a, bytes);
    regs.forEach((n, i) => {
      cpu.wr32(a + 12 * i, ((fpu.se[n] << 16) >>> 0) | 0);
      cpu.wr32(a + 12 * i + 4, fpu.hi[n] | 0);
      cpu.wr32(a + 12 * i + 8, fpu.lo[n] | 0);
    });
  } else {
    const v = regs.map((_, i) => [cpu.rd32(a + 12 * i), cpu.rd32(a + 12 * i + 4), cpu.rd32(a + 12 * i + 8)]);
    regs.forEach((n, i) => {
      fpu.se[n] = v[i][0] >>> 16;
      fpu.hi[n] = v[i][1];
      fpu.lo[n] = v[i][2];
    });
  }
  fpu.isNull = false;
  cpu.cycles += fpuTimes.fmovemData + regs.length * fpuTimes.fmovemPerData + calcEA(k);
}
