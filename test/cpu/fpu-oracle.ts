/**
 * An exact reference for the 68881's basic arithmetic, written for the
 * tests and independent of emu/cpu/fpu: values are exact rationals of
 * BigInts, every operation is computed exactly and rounded once by
 * `roundTo`, which follows IEEE 754's definition directly (find the
 * binade, scale to an integer significand, look at the remainder) rather
 * than the emulator's word-by-word method.
 *
 * Extended values are [se, hi, lo] words as the registers hold them.
 */

export type W = [number, number, number];

export interface R {
  /** 'num' (finite, including zero), 'inf' or 'nan'. */
  t: 'num' | 'inf' | 'nan';
  neg: boolean;
  /** |value| = n / d for finite values. */
  n: bigint;
  d: bigint;
}

export interface Flags {
  inexact: boolean;
  overflow: boolean;
  /** The exact result was non-zero and below the normal range. */
  tiny: boolean;
  invalid: boolean;
  divzero: boolean;
}

const newFlags = (): Flags => ({
  inexact: false,
  overflow: false,
  tiny: false,
  invalid: false,
  divzero: false,
});

export function decode([se, hi, lo]: W): R {
  const neg = (se & 0x8000) !== 0;
  const e = se & 0x7fff;
  const m = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  if (e === 0x7fff) return { t: (m & ((1n << 63n) - 1n)) === 0n ? 'inf' : 'nan', neg, n: 0n, d: 1n };
  const p = Math.max(e, 1) - 16383 - 63;
  return p >= 0 ? { t: 'num', neg, n: m << BigInt(p), d: 1n } : { t: 'num', neg, n: m, d: 1n << BigInt(-p) };
}

/** floor(log2(n/d)) for n/d > 0. */
function ilog2(n: bigint, d: bigint): number {
  let e = n.toString(2).length - d.toString(2).length;
  // 2^e <= n/d < 2^(e+1)
  const ge = (k: number) => (k >= 0 ? n >= d << BigInt(k) : n << BigInt(-k) >= d);
  while (!ge(e)) e--;
  while (ge(e + 1)) e++;
  return e;
}

/**
 * Round |n/d| (sign `neg`) to `p` significant bits with exponents
 * emin..emax (unbiased, of the leading bit; below emin the spacing stays
 * 2^(emin-p+1)), in mode 0 RN, 1 RZ, 2 RM, 3 RP. Returns the rounded
 * magnitude as m * 2^q (m < 2^p) or 'inf' / the largest finite value.
 */
export function roundTo(
  neg: boolean,
  n: bigint,
  d: bigint,
  p: number,
  emin: number,
  emax: number,
  mode: number,
  f: Flags,
): { m: bigint; q: number } | 'inf' {
  if (n === 0n) return { m: 0n, q: 0 };
  let e = ilog2(n, d);
  if (e < emin) {
    f.tiny = true;
    e = emin;
  }
  const q = e - p + 1; // value of the last kept bit
  const sn = q >= 0 ? n : n << BigInt(-q);
  const sd = q >= 0 ? d << BigInt(q) : d;
  let m = sn / sd;
  const r = sn % sd;
  if (r !== 0n) {
    f.inexact = true;
    const up =
      mode === 0
        ? 2n * r > sd || (2n * r === sd && (m & 1n) === 1n)
        : mode === 2
          ? neg
          : mode === 3
            ? !neg
            : false;
    if (up) m += 1n;
  }
  let qq = q;
  if (m === 1n << BigInt(p)) {
    m >>= 1n;
    qq++;
  }
  if (m !== 0n && qq + p - 1 > emax) {
    f.overflow = true;
    f.inexact = true;
    const toInf = mode === 0 || (mode === 2 && neg) || (mode === 3 && !neg);
    if (toInf) return 'inf';
    return { m: (1n << BigInt(p)) - 1n, q: emax - p + 1 };
  }
  return { m, q: qq };
}

/** A rounded magnitude as extended-register words. */
function toExt(neg: boolean, r: { m: bigint; q: number } | 'inf', p: number): W {
  const s = neg ? 0x8000 : 0;
  if (r === 'inf') return [s | 0x7fff, 0, 0];
  if (r.m === 0n) return [s, 0, 0];
  // Place the significand at the top of 64 bits.
  const len = r.m.toString(2).length;
  const mant = r.m << BigInt(64 - len);
  let e = r.q + len - 1 + 16383;
  let mm = mant;
  if (e < 1) {
    mm = mant >> BigInt(1 - e);
    e = 0;
  }
  void p;
  return [s | e, Number(mm >> 32n), Number(mm & 0xffffffffn)];
}

/** Round an exact value to an extended register at `prec` bits (64, 53, 24). */
export function toRegister(neg: boolean, n: bigint, d: bigint, prec: number, mode: number, f: Flags): W {
  return toExt(neg, roundTo(neg, n, d, prec, -16382, 16383, mode, f), prec);
}

export type Op = 'add' | 'sub' | 'mul' | 'div' | 'sqrt';

/** dst op src (sqrt: of src) rounded to a register; NaN operands are the emulator's business (not compared here). */
export function arith(op: Op, dst: W, src: W, prec: number, mode: number): { r: W | 'nan'; f: Flags } {
  const f = newFlags();
  const a = decode(dst);
  const b = decode(src);
  if ((a.t === 'nan' && op !== 'sqrt') || b.t === 'nan') return { r: 'nan', f };
  const zeroSign = (neg: boolean): W => [neg ? 0x8000 : 0, 0, 0];
  const inf = (neg: boolean): W => [(neg ? 0x8000 : 0) | 0x7fff, 0, 0];
  const invalid = () => {
    f.invalid = true;
    return { r: 'nan' as const, f };
  };
  switch (op) {
    case 'add':
    case 'sub': {
      const bneg = op === 'sub' ? !b.neg : b.neg;
      if (a.t === 'inf' || b.t === 'inf') {
        if (a.t === 'inf' && b.t === 'inf' && a.neg !== bneg) return invalid();
        return { r: inf(a.t === 'inf' ? a.neg : bneg), f };
      }
      const sa = a.neg ? -1n : 1n;
      const sb = bneg ? -1n : 1n;
      const num = sa * a.n * b.d + sb * b.n * a.d;
      const den = a.d * b.d;
      if (num === 0n) {
        const neg = a.n === 0n && b.n === 0n && a.neg === bneg ? a.neg : mode === 2;
        return { r: zeroSign(neg), f };
      }
      const neg = num < 0n;
      return { r: toRegister(neg, neg ? -num : num, den, prec, mode, f), f };
    }
    case 'mul': {
      const neg = a.neg !== b.neg;
      if (a.t === 'inf' || b.t === 'inf') {
        if ((a.t === 'num' && a.n === 0n) || (b.t === 'num' && b.n === 0n)) return invalid();
        return { r: inf(neg), f };
      }
      if (a.n === 0n || b.n === 0n) return { r: zeroSign(neg), f };
      return { r: toRegister(neg, a.n * b.n, a.d * b.d, prec, mode, f), f };
    }
    case 'div': {
      const neg = a.neg !== b.neg;
      if (a.t === 'inf') return b.t === 'inf' ? invalid() : { r: inf(neg), f };
      if (b.t === 'inf') return { r: zeroSign(neg), f };
      if (b.n === 0n) {
        if (a.n === 0n) return invalid();
        f.divzero = true;
        return { r: inf(neg), f };
      }
      if (a.n === 0n) return { r: zeroSign(neg), f };
      return { r: toRegister(neg, a.n * b.d, a.d * b.n, prec, mode, f), f };
    }
    default: {
      if (b.t === 'inf') return b.neg ? invalid() : { r: inf(false), f };
      if (b.n === 0n) return { r: zeroSign(b.neg), f };
      if (b.neg) return invalid();
      // sqrt(n/d) = sqrt(n*d)/d; take the integer root of n*d*4^k for 80 extra bits, with sticky.
      const k = 200n;
      const x = (b.n * b.d) << (2n * k);
      let r = isqrt(x);
      const exact = r * r === x;
      // r/2^k/d approximates sqrt; make it exact-or-sticky by nudging with a tiny fraction.
      let num = r;
      let den = b.d << k;
      if (!exact) {
        num = 2n * r + 1n; // strictly between r and r+1: rounding sees it as inexact and on the right side
        den *= 2n;
      }
      r = 0n;
      return { r: toRegister(false, num, den, prec, mode, f), f };
    }
  }
}

export function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let y = 1n << BigInt(Math.ceil(x.toString(2).length / 2));
  for (;;) {
    const z = (y + x / y) >> 1n;
    if (z >= y) break;
    y = z;
  }
  while (y * y > x) y--;
  while ((y + 1n) * (y + 1n) <= x) y++;
  return y;
}

/** Extended to single or double bits (format 's' | 'd'), rounded in `mode`. */
export function toMemory(x: W, fmt: 's' | 'd', mode: number): { bits: bigint; f: Flags } {
  const f = newFlags();
  const v = decode(x);
  const [p, eb, ew] = fmt === 's' ? [24, 127, 8] : [53, 1023, 11];
  const sign = (v.neg ? 1n : 0n) << BigInt(p - 1 + ew);
  const expAll = (1n << BigInt(ew)) - 1n;
  const fracBits = BigInt(p - 1);
  if (v.t === 'inf') return { bits: sign | (expAll << fracBits), f };
  if (v.t === 'nan') throw new Error('NaN: not compared');
  const r = roundTo(v.neg, v.n, v.d, p, 1 - eb, eb, mode, f);
  if (r === 'inf') return { bits: sign | (expAll << fracBits), f };
  if (r.m === 0n) return { bits: sign, f };
  const len = r.m.toString(2).length;
  const e = r.q + len - 1;
  if (len < p) return { bits: sign | r.m, f }; // denormal: the exponent field 0
  return { bits: sign | (BigInt(e + eb) << fracBits) | (r.m & ((1n << fracBits) - 1n)), f };
}

/** Extended to a B/W/L integer in `mode`; null when out of range (an operand error). */
export function toInt(x: W, bytes: number, mode: number): { v: number | null; f: Flags } {
  const f = newFlags();
  const v = decode(x);
  if (v.t !== 'num') return { v: null, f };
  let q = v.n / v.d;
  const r = v.n % v.d;
  if (r !== 0n) {
    f.inexact = true;
    const up =
      mode === 0
        ? 2n * r > v.d || (2n * r === v.d && (q & 1n) === 1n)
        : mode === 2
          ? v.neg
          : mode === 3
            ? !v.neg
            : false;
    if (up) q += 1n;
  }
  const val = v.neg ? -q : q;
  const lim = 1n << BigInt(bytes * 8 - 1);
  if (val >= lim || val < -lim) return { v: null, f };
  return { v: Number(val), f };
}

/** Round to an integer value in `mode`, then to a register at `prec`. */
export function roundInt(x: W, prec: number, mode: number): { r: W | 'nan'; f: Flags } {
  const f = newFlags();
  const v = decode(x);
  if (v.t === 'nan') return { r: 'nan', f };
  if (v.t === 'inf' || v.n === 0n) return { r: x, f };
  let q = v.n / v.d;
  const r = v.n % v.d;
  if (r !== 0n) {
    f.inexact = true;
    const up =
      mode === 0
        ? 2n * r > v.d || (2n * r === v.d && (q & 1n) === 1n)
        : mode === 2
          ? v.neg
          : mode === 3
            ? !v.neg
            : false;
    if (up) q += 1n;
  }
  if (q === 0n) return { r: [v.neg ? 0x8000 : 0, 0, 0], f };
  return { r: toRegister(v.neg, q, 1n, prec, mode, f), f };
}

/**
 * FMOD (quotient toward zero) and FREM (to nearest, ties to even):
 * dst - q * src exactly, rounded to a register at `prec`, and the quotient
 * byte (bit 7 the quotient's sign, bits 6-0 its low bits). Finite, non-zero src.
 */
export function remainder(
  dst: W,
  src: W,
  ieee: boolean,
  prec: number,
  mode: number,
): { r: W; quotient: number; f: Flags } {
  const f = newFlags();
  const a = decode(dst);
  const b = decode(src);
  // x / y = (a.n * b.d) / (a.d * b.n), magnitudes
  const num = a.n * b.d;
  const den = a.d * b.n;
  let q = num / den;
  const rem = num % den;
  if (ieee && (2n * rem > den || (2n * rem === den && (q & 1n) === 1n))) q += 1n;
  const qs = a.neg !== b.neg ? 0x80 : 0;
  const quotient = qs | Number(q & 0x7fn);
  // r = |x| - q |y|, with x's sign
  const rn = a.n * b.d - q * b.n * a.d;
  const rd = a.d * b.d;
  if (rn === 0n) return { r: [a.neg ? 0x8000 : 0, 0, 0], quotient, f };
  const neg = rn < 0n ? !a.neg : a.neg;
  return { r: toRegister(neg, rn < 0n ? -rn : rn, rd, prec, mode, f), quotient, f };
}
