/**
 * Rounding: every result of the arithmetic, and every conversion to a
 * smaller format, ends here (MC68881 UM §4.5). The input is an exact
 * intermediate: a sign, an exponent and a 96-bit mantissa w0:w1:w2 (bit 31
 * of w0 is worth 2^(e - bias)) whose lowest bit has any further non-zero
 * bits ORed into it ("sticky"). Thirty-two bits beyond the widest kept
 * precision and a sticky bit are more than enough to round correctly.
 *
 * `prec` is the number of mantissa bits kept (64, 53 or 24); `emin` and
 * `emax` the exponent range of the destination, biased like extended
 * precision. In a register the range is always extended's, whatever the
 * rounding precision (the 68881 rounds only the mantissa to single or
 * double); a single or double in memory has its own.
 *
 * Below emin the value is denormalised first and then rounded at the same
 * bit position, so denormal results are rounded once, correctly.
 * Tininess is judged before rounding, on the exact intermediate: UNFL is
 * set for any result below the normal range, exact or not (the accrued
 * UNFL bit only when it was also inexact: status.ts).
 */
import { EXP_MAX, type Ext, TWO32 } from './ext.js';
import { type Ctx, INEX2, OVFL, RM, RN, RP, RZ, UNFL } from './status.js';

export const EXT_EMIN = 1;
export const EXT_EMAX = 0x7ffe;

/** Result of roundToFormat: an Ext whose integer bit is clear for a denormal (exponent emin). */
export function round(
  c: Ctx,
  s: number,
  e: number,
  w0: number,
  w1: number,
  w2: number,
  prec: number,
  emin: number,
  emax: number,
): Ext {
  if (w0 === 0 && w1 === 0 && w2 === 0) return { s, e: 0, hi: 0, lo: 0 };
  // Normalise: bit 31 of w0 set.
  while (w0 === 0) {
    w0 = w1;
    w1 = w2;
    w2 = 0;
    e -= 32;
  }
  const n = Math.clz32(w0);
  if (n > 0) {
    w0 = ((w0 << n) | (w1 >>> (32 - n))) >>> 0;
    w1 = ((w1 << n) | (w2 >>> (32 - n))) >>> 0;
    w2 = (w2 << n) >>> 0;
    e -= n;
  }
  const tiny = e < emin;
  if (tiny) {
    // Denormalise, keeping what falls off as a sticky bit.
    let k = emin - e;
    e = emin;
    let sticky = 0;
    if (k >= 96) {
      sticky = 1;
      w0 = w1 = w2 = 0;
      k = 0;
    }
    while (k >= 32) {
      sticky |= w2 === 0 ? 0 : 1;
      w2 = w1;
      w1 = w0;
      w0 = 0;
      k -= 32;
    }
    if (k > 0) {
      sticky |= (w2 << (32 - k)) >>> 0 === 0 ? 0 : 1;
      w2 = ((w2 >>> k) | (w1 << (32 - k))) >>> 0;
      w1 = ((w1 >>> k) | (w0 << (32 - k))) >>> 0;
      w0 = w0 >>> k;
    }
    w2 = (w2 | sticky) >>> 0;
  }
  // The rounding bit and the sticky rest, below the last kept bit.
  let half: boolean;
  let rest: boolean;
  let odd: boolean;
  if (prec === 64) {
    half = w2 >= 0x80000000;
    rest = (w2 & 0x7fffffff) !== 0;
    odd = (w1 & 1) !== 0;
  } else if (prec === 53) {
    half = (w1 & 0x400) !== 0;
    rest = (w1 & 0x3ff) !== 0 || w2 !== 0;
    odd = (w1 & 0x800) !== 0;
    w1 = (w1 & ~0x7ff) >>> 0;
  } else {
    half = (w0 & 0x80) !== 0;
    rest = (w0 & 0x7f) !== 0 || w1 !== 0 || w2 !== 0;
    odd = (w0 & 0x100) !== 0;
    w0 = (w0 & ~0xff) >>> 0;
    w1 = 0;
  }
  const inexact = half || rest;
  if (tiny) c.exc |= UNFL;
  if (inexact) {
    c.exc |= INEX2;
    let up = false;
    switch (c.mode) {
      case RN:
        up = half && (rest || odd);
        break;
      case RZ:
        break;
      case RM:
        up = s === 1;
        break;
      case RP:
        up = s === 0;
        break;
    }
    if (up) {
      const unit = prec === 64 ? 1 : prec === 53 ? 0x800 : 0x100;
      if (prec === 24) w0 += unit;
      else {
        w1 += unit;
        if (w1 >= TWO32) {
          w1 -= TWO32;
          w0 += 1;
        }
      }
      if (w0 >= TWO32) {
        w0 = 0x80000000;
        e++;
      }
    }
  }
  if (e > emax) return overflow(c, s, prec, emax);
  return { s, e, hi: w0 >>> 0, lo: w1 >>> 0 };
}

/** Too large for the destination: infinity or the largest finite value, as the rounding mode says. */
function overflow(c: Ctx, s: number, prec: number, emax: number): Ext {
  c.exc |= OVFL | INEX2;
  const toInf = c.mode === RN || (c.mode === RP && s === 0) || (c.mode === RM && s === 1);
  if (toInf) return { s, e: EXP_MAX, hi: 0, lo: 0 };
  if (prec === 64) return { s, e: emax, hi: 0xffffffff, lo: 0xffffffff };
  if (prec === 53) return { s, e: emax, hi: 0xffffffff, lo: 0xfffff800 };
  return { s, e: emax, hi: 0xffffff00, lo: 0 };
}

/** Mantissa bits for FPCR's precision field (11 behaves as extended). */
export function precisionBits(fpcrPrec: number): number {
  return fpcrPrec === 1 ? 24 : fpcrPrec === 2 ? 53 : 64;
}

/**
 * Round to a register (extended range, the given mantissa precision) and
 * store a denormal with exponent 0, as the register format has it.
 */
export function roundReg(
  c: Ctx,
  s: number,
  e: number,
  w0: number,
  w1: number,
  w2: number,
  prec: number,
): Ext {
  const r = round(c, s, e, w0, w1, w2, prec, EXT_EMIN, EXT_EMAX);
  if (r.e === EXT_EMIN && r.hi < 0x80000000) r.e = 0;
  return r;
}
