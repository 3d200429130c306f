/**
 * The MC68881's programmer-visible state (MC68881 UM chapter 1): eight
 * extended-precision data registers, FPCR, FPSR and FPIAR, and what the
 * chip remembers between instructions: whether it has been used since
 * reset (FSAVE then writes a null frame) and an enabled exception waiting
 * to be reported.
 *
 * Exceptions are reported as the 68881 reports them: an instruction that
 * raises an exception whose FPCR enable bit is set completes (with its
 * default result, except that SNAN, OPERR and DZ leave the destination
 * alone), and the trap is taken as a pre-instruction exception by the
 * *next* floating-point instruction (general or conditional; not FSAVE or
 * FRESTORE): a four-word frame whose PC is that next instruction, through
 * the vector of the highest-priority enabled exception (status.ts), with
 * FPIAR holding the address of the instruction that raised it.
 */
import { type Ext, fromWords, isNan, K_INF, K_ZERO, kind } from './ext.js';
import { precisionBits } from './round.js';
import {
  accrued,
  CC_I,
  CC_MASK,
  CC_N,
  CC_NAN,
  CC_Z,
  type Ctx,
  DZ,
  EXC_MASK,
  FPCR_MASK,
  FPSR_MASK,
  OPERR,
  SNAN,
  TRAP_ORDER,
} from './status.js';

/**
 * The 68881's state as an operating system keeps it for a process (what
 * FSAVE and FMOVEM would write): the registers, the control registers,
 * and whether the chip was in its reset state or had an exception pending.
 */
export class FpuContext {
  readonly se = new Uint16Array(8).fill(0x7fff);
  readonly hi = new Uint32Array(8).fill(0xffffffff);
  readonly lo = new Uint32Array(8).fill(0xffffffff);
  fpcr = 0;
  fpsr = 0;
  fpiar = 0;
  isNull = true;
  pending = 0;

  copyFrom(o: FpuContext): void {
    this.se.set(o.se);
    this.hi.set(o.hi);
    this.lo.set(o.lo);
    this.fpcr = o.fpcr;
    this.fpsr = o.fpsr;
    this.fpiar = o.fpiar;
    this.isNull = o.isNull;
    this.pending = o.pending;
  }

  /** Back to the reset state (a new program: exec). */
  clear(): void {
    this.copyFrom(new FpuContext());
  }
}

export class Fpu implements Ctx {
  /** The data registers: sign and exponent, mantissa high and low halves. */
  readonly se = new Uint16Array(8);
  readonly hi = new Uint32Array(8);
  readonly lo = new Uint32Array(8);
  fpcr = 0;
  fpsr = 0;
  fpiar = 0;
  /** FPCR's rounding mode, and its precision in mantissa bits. */
  mode = 0;
  prec = 64;
  /** The exception byte being built by the current instruction. */
  exc = 0;
  /** True from reset (or FRESTORE of a null frame) until the first instruction. */
  isNull = true;
  /** The vector of an enabled exception to be taken by the next instruction, or 0. */
  pending = 0;

  constructor() {
    this.reset();
  }

  /** Hardware reset, or FRESTORE of a null frame: NaNs in the registers, control registers clear. */
  reset(): void {
    this.se.fill(0x7fff);
    this.hi.fill(0xffffffff);
    this.lo.fill(0xffffffff);
    this.setFPCR(0);
    this.fpsr = 0;
    this.fpiar = 0;
    this.exc = 0;
    this.isNull = true;
    this.pending = 0;
  }

  /** Save the whole state into `c` (a context switch away). */
  saveTo(c: FpuContext): void {
    c.se.set(this.se);
    c.hi.set(this.hi);
    c.lo.set(this.lo);
    c.fpcr = this.fpcr;
    c.fpsr = this.fpsr;
    c.fpiar = this.fpiar;
    c.isNull = this.isNull;
    c.pending = this.pending;
  }

  /** Load the whole state from `c` (a context switch back). */
  loadFrom(c: FpuContext): void {
    this.se.set(c.se);
    this.hi.set(c.hi);
    this.lo.set(c.lo);
    this.setFPCR(c.fpcr);
    this.fpsr = c.fpsr;
    this.fpiar = c.fpiar;
    this.isNull = c.isNull;
    this.pending = c.pending;
  }

  get(n: number): Ext {
    return fromWords(this.se[n], this.hi[n], this.lo[n]);
  }

  set(n: number, x: Ext): void {
    this.se[n] = (x.s << 15) | x.e;
    this.hi[n] = x.hi;
    this.lo[n] = x.lo;
  }

  setFPCR(v: number): void {
    this.fpcr = v & FPCR_MASK;
    this.mode = (this.fpcr >> 4) & 3;
    this.prec = precisionBits((this.fpcr >> 6) & 3);
  }

  setFPSR(v: number): void {
    this.fpsr = v & FPSR_MASK;
  }

  /** Condition codes from a result (UM §1.2.3.1). */
  setCC(x: Ext): void {
    const k = kind(x);
    let cc = x.s ? CC_N : 0;
    if (k === K_ZERO) cc |= CC_Z;
    else if (k === K_INF) cc |= CC_I;
    else if (isNan(x)) cc |= CC_NAN;
    this.fpsr = (this.fpsr & ~CC_MASK) | cc;
  }

  /**
   * End of an instruction that sets the exception byte: record it, add it
   * to the accrued byte, remember the instruction's address, and arm the
   * trap if an enabled exception occurred.
   */
  finish(address: number): void {
    const exc = this.exc;
    this.fpsr = (this.fpsr & ~EXC_MASK) | exc | accrued(exc);
    this.fpiar = address >>> 0;
    this.armTrap();
  }

  /** Set `pending` from FPSR's exception byte and FPCR's enables. */
  armTrap(): void {
    const enabled = this.fpsr & this.fpcr & EXC_MASK;
    this.pending = 0;
    if (enabled === 0) return;
    for (const [bits, vector] of TRAP_ORDER)
      if (enabled & bits) {
        this.pending = vector;
        return;
      }
  }

  /** With this exception byte, is the destination left unchanged (SNAN, OPERR or DZ trap enabled)? */
  suppressed(exc: number): boolean {
    return (exc & this.fpcr & (SNAN | OPERR | DZ)) !== 0;
  }
}
