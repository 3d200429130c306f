/**
 * The MC68881's number: extended precision, a sign, a 15-bit biased
 * exponent and a 64-bit mantissa with an explicit integer bit (MC68881 UM
 * §2.4). `Ext` is one such value as the registers hold it; the arithmetic
 * works on the same fields, with the mantissa as two unsigned 32-bit
 * halves kept in ordinary numbers (no BigInt).
 *
 *   exponent 0x7fff, fraction 0        infinity (the integer bit is ignored)
 *   exponent 0x7fff, fraction != 0     NaN; signalling when bit 62 is 0
 *   exponent 0, mantissa 0             zero
 *   exponent 0, mantissa != 0          denormal: 0.mantissa * 2^-16382
 *   otherwise                          mantissa * 2^(exponent - 16383 - 63)
 *
 * A mantissa whose integer bit is clear with a non-zero exponent is an
 * "unnormal"; the chip accepts it as an operand and normalises it.
 */

export const BIAS = 16383;
export const EXP_MAX = 0x7fff;
export const TWO32 = 0x100000000;

export interface Ext {
  /** 0 or 1. */
  s: number;
  /** The biased exponent field (0 ... 0x7fff). */
  e: number;
  /** Mantissa bits 63-32 and 31-0, unsigned. */
  hi: number;
  lo: number;
}

export const K_ZERO = 0;
export const K_FINITE = 1;
export const K_INF = 2;
export const K_NAN = 3;

/** Zero, finite non-zero, infinity or NaN. */
export function kind(x: Ext): number {
  if (x.e === EXP_MAX) return (x.hi & 0x7fffffff) === 0 && x.lo === 0 ? K_INF : K_NAN;
  return x.hi === 0 && x.lo === 0 ? K_ZERO : K_FINITE;
}

export function isNan(x: Ext): boolean {
  return x.e === EXP_MAX && ((x.hi & 0x7fffffff) !== 0 || x.lo !== 0);
}

export function isSignalling(x: Ext): boolean {
  return isNan(x) && (x.hi & 0x40000000) === 0;
}

export const ext = (s: number, e: number, hi: number, lo: number): Ext => ({
  s,
  e,
  hi: hi >>> 0,
  lo: lo >>> 0,
});
export const zero = (s: number): Ext => ext(s, 0, 0, 0);
export const inf = (s: number): Ext => ext(s, EXP_MAX, 0, 0);
/** The NaN the chip makes for an invalid operation (OPERR). */
export const defaultNaN = (): Ext => ext(0, EXP_MAX, 0xffffffff, 0xffffffff);
/** A NaN made quiet (bit 62 set), as an operation passes it on. */
export const quiet = (x: Ext): Ext => ext(x.s, EXP_MAX, x.hi | 0x40000000, x.lo);

/**
 * A finite non-zero value with its integer bit set: denormals and unnormals
 * shifted left, the exponent then possibly below 1. The arithmetic works on
 * this form; e is then simply "the power of two of bit 63, plus the bias".
 */
export function normalised(x: Ext): Ext {
  let { e, hi, lo } = x;
  if (e === 0) e = 1; // a denormal has the smallest normal exponent's scale
  if (hi === 0) {
    hi = lo;
    lo = 0;
    e -= 32;
  }
  const n = Math.clz32(hi);
  if (n > 0) {
    hi = ((hi << n) | (lo >>> (32 - n))) >>> 0;
    lo = (lo << n) >>> 0;
    e -= n;
  }
  return { s: x.s, e, hi, lo };
}

/** The 96-bit register image: the sign and exponent word, then the mantissa. */
export function fromWords(se: number, hi: number, lo: number): Ext {
  return ext((se >> 15) & 1, se & 0x7fff, hi, lo);
}

export function seWord(x: Ext): number {
  return (x.s << 15) | x.e;
}

/** For messages and tests: sign, exponent and mantissa in hexadecimal. */
export function show(x: Ext): string {
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${h(seWord(x), 4)}:${h(x.hi, 8)}${h(x.lo, 8)}`;
}
