/**
 * Conversions between the 68881's memory formats and extended precision
 * (MC68881 UM §2.4, §4.4): byte, word and long integers, single, double and
 * extended reals. Packed decimal has its own file (packed.ts).
 *
 * Into the chip every format but packed decimal is exact; a signalling
 * NaN sets SNAN and arrives quiet. Out of the chip the value is rounded
 * in FPCR's mode to the destination's precision *and* exponent range (so
 * a single or double may overflow, underflow or be denormal where the
 * register value was not), and an integer destination that cannot hold
 * the rounded value is an operand error.
 */
import { toInteger } from './arith.js';
import {
  BIAS,
  EXP_MAX,
  type Ext,
  inf,
  isSignalling,
  K_FINITE,
  K_INF,
  K_NAN,
  kind,
  normalised,
  quiet,
  zero,
} from './ext.js';
import { round } from './round.js';
import { type Ctx, OPERR, SNAN } from './status.js';

/** A byte, word or long integer (already sign-extended). */
export function fromInteger(n: number): Ext {
  if (n === 0) return zero(0);
  const s = n < 0 ? 1 : 0;
  return normalised({ s, e: BIAS + 31, hi: Math.abs(n), lo: 0 });
}

/** A NaN arriving from memory: signalling ones set SNAN and are made quiet. */
function arriving(c: Ctx, x: Ext): Ext {
  if (isSignalling(x)) {
    c.exc |= SNAN;
    return quiet(x);
  }
  return x;
}

export function fromSingle(c: Ctx, bits: number): Ext {
  const s = bits >>> 31;
  const e = (bits >>> 23) & 0xff;
  const f = bits & 0x7fffff;
  if (e === 0xff)
    return f === 0 ? inf(s) : arriving(c, { s, e: EXP_MAX, hi: (0x80000000 | (f << 8)) >>> 0, lo: 0 });
  if (e === 0) return f === 0 ? zero(s) : normalised({ s, e: BIAS - 126, hi: f << 8, lo: 0 });
  return { s, e: e - 127 + BIAS, hi: (0x80000000 | (f << 8)) >>> 0, lo: 0 };
}

export function fromDouble(c: Ctx, high: number, low: number): Ext {
  const s = high >>> 31;
  const e = (high >>> 20) & 0x7ff;
  const fh = high & 0xfffff;
  const hi = ((fh << 11) | (low >>> 21)) >>> 0;
  const lo = (low << 11) >>> 0;
  if (e === 0x7ff)
    return fh === 0 && low === 0 ? inf(s) : arriving(c, { s, e: EXP_MAX, hi: (0x80000000 | hi) >>> 0, lo });
  if (e === 0) return fh === 0 && low === 0 ? zero(s) : normalised({ s, e: BIAS - 1022, hi, lo });
  return { s, e: e - 1023 + BIAS, hi: (0x80000000 | hi) >>> 0, lo };
}

/** The extended memory format: the sign/exponent word (its low 16 bits of padding ignored), the mantissa. */
export function fromExtended(c: Ctx, se: number, hi: number, lo: number): Ext {
  return arriving(c, { s: (se >>> 15) & 1, e: se & 0x7fff, hi: hi >>> 0, lo: lo >>> 0 });
}

/** A value leaving the chip as a real: NaNs quiet (SNAN if signalling), finite values rounded to the format. */
function leaving(c: Ctx, x: Ext, prec: number, emin: number, emax: number): Ext {
  const k = kind(x);
  if (k === K_NAN) return arriving(c, x);
  if (k !== K_FINITE) return x;
  const n = normalised(x);
  return round(c, n.s, n.e, n.hi, n.lo, 0, prec, emin, emax);
}

export function toSingle(c: Ctx, x: Ext): number {
  const r = leaving(c, x, 24, BIAS - 126, BIAS + 127);
  const sign = r.s << 31;
  const k = kind(r);
  if (k === K_NAN) return (sign | 0x7f800000 | ((r.hi >>> 8) & 0x7fffff)) >>> 0;
  if (k === K_INF) return (sign | 0x7f800000) >>> 0;
  if (r.hi === 0 && r.lo === 0) return sign >>> 0;
  const frac = (r.hi >>> 8) & 0x7fffff;
  const e = r.hi >= 0x80000000 ? r.e - BIAS + 127 : 0;
  return (sign | (e << 23) | frac) >>> 0;
}

/** The double's two words, most significant first. */
export function toDouble(c: Ctx, x: Ext): [number, number] {
  const r = leaving(c, x, 53, BIAS - 1022, BIAS + 1023);
  const sign = r.s << 31;
  const k = kind(r);
  const fh = (r.hi >>> 11) & 0xfffff;
  const fl = ((r.hi << 21) | (r.lo >>> 11)) >>> 0;
  if (k === K_NAN) return [(sign | 0x7ff00000 | fh) >>> 0, fl];
  if (k === K_INF) return [(sign | 0x7ff00000) >>> 0, 0];
  if (r.hi === 0 && r.lo === 0) return [sign >>> 0, 0];
  const e = r.hi >= 0x80000000 ? r.e - BIAS + 1023 : 0;
  return [(sign | (e << 20) | fh) >>> 0, fl];
}

/**
 * The extended memory format's three long words (sign/exponent in the top
 * half of the first): the register as it is, a signalling NaN included.
 */
export function toExtended(x: Ext): [number, number, number] {
  return [((x.s << 31) | (x.e << 16)) >>> 0, x.hi, x.lo];
}

/**
 * A byte, word or long integer (`bytes` 1, 2, 4), rounded in FPCR's mode.
 * NaN, infinity or a value out of range: OPERR, and the largest integer of
 * the operand's sign (positive for a NaN).
 */
export function toIntegerOf(c: Ctx, x: Ext, bytes: number): number {
  const bits = bytes * 8;
  const max = 2 ** (bits - 1) - 1;
  const k = kind(x);
  if (k === K_NAN || k === K_INF) {
    // An infinity gives the largest integer of its sign, a NaN the largest positive.
    if (isSignalling(x)) c.exc |= SNAN;
    c.exc |= OPERR;
    return x.s && k === K_INF ? -max - 1 : max;
  }
  const saved = c.exc;
  const r = toInteger(c, x, c.mode, 64);
  if (kind(r) !== K_FINITE) return 0;
  const E = r.e - BIAS;
  const v = E > bits ? Infinity : (r.hi / 2 ** (31 - E)) * (r.s ? -1 : 1);
  if (v > max || v < -max - 1) {
    c.exc = saved | OPERR;
    return r.s ? -max - 1 : max;
  }
  return v;
}
