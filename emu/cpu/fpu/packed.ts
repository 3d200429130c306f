/**
 * Packed decimal real (MC68881 UM §2.4.3): three long words holding
 *
 *   bit 95  SM  the mantissa's sign       bits 91-80  three-digit exponent (BCD)
 *   bit 94  SE  the exponent's sign       bits 79-76  a fourth exponent digit (written
 *   bits 93-92  YY (set with infinities and NaNs)     only for exponents above 999)
 *   bits 67-64  the integer digit         bits 63-0   sixteen fraction digits
 *
 * value = d.dddddddddddddddd * 10^(+-exponent). An exponent field of $FFF
 * marks an infinity (mantissa zero) or a NaN.
 *
 * Both directions are exact decimal-binary conversions correctly rounded
 * in FPCR's mode, done with BigInt: packed decimal is a rare, slow format
 * (the chip itself takes hundreds of cycles), never on a hot path. Into the
 * chip an inexact conversion sets INEX1; out of it, INEX2. The k-factor of
 * FMOVE.P out says how many digits: k > 0 significant digits (up to 17;
 * more is an operand error), k <= 0 digits after the decimal point.
 */
import {
  BIAS,
  EXP_MAX,
  type Ext,
  isSignalling,
  K_INF,
  K_NAN,
  K_ZERO,
  kind,
  normalised,
  quiet,
  zero,
} from './ext.js';
import { EXT_EMAX, EXT_EMIN, round } from './round.js';
import { type Ctx, INEX1, INEX2, OPERR, RM, RN, RP, SNAN } from './status.js';

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

/** The packed decimal's value, rounded to extended in `c.mode`. */
export function fromPacked(c: Ctx, w0: number, w1: number, w2: number): Ext {
  const s = w0 >>> 31;
  const expField = (w0 >>> 16) & 0xfff;
  if (expField === 0xfff) {
    if (w1 === 0 && w2 === 0) return { s, e: EXP_MAX, hi: 0, lo: 0 };
    const nan = { s, e: EXP_MAX, hi: w1 >>> 0, lo: w2 >>> 0 };
    if (isSignalling(nan)) {
      c.exc |= SNAN;
      return quiet(nan);
    }
    return nan;
  }
  const digit = (word: number, i: number) => (word >>> (4 * i)) & 15;
  let m = BigInt(w0 & 15);
  for (let i = 7; i >= 0; i--) m = m * 10n + BigInt(digit(w1, i));
  for (let i = 7; i >= 0; i--) m = m * 10n + BigInt(digit(w2, i));
  if (m === 0n) return zero(s);
  let e10 = digit(w0, 6) * 100 + digit(w0, 5) * 10 + digit(w0, 4);
  if ((w0 >>> 30) & 1) e10 = -e10;
  e10 -= 16;
  let num = m;
  let den = 1n;
  if (e10 >= 0) num *= 10n ** BigInt(e10);
  else den = 10n ** BigInt(-e10);
  const local: Ctx = { mode: c.mode, exc: 0 };
  const r = roundRational(local, s, num, den, 64);
  // An inexact conversion in is INEX1; overflow and underflow count as usual.
  c.exc |= (local.exc & ~INEX2) | (local.exc & INEX2 ? INEX1 : 0);
  return r;
}

/** num/den (positive) rounded to a register value of `prec` bits. */
export function roundRational(c: Ctx, s: number, num: bigint, den: bigint, prec: number): Ext {
  let k = 96 - (bitLength(num) - bitLength(den));
  let q = k >= 0 ? (num << BigInt(k)) / den : num / (den << BigInt(-k));
  let rem = k >= 0 ? (num << BigInt(k)) % den : num % (den << BigInt(-k));
  let sticky = rem !== 0n;
  while (bitLength(q) > 96) {
    sticky ||= (q & 1n) === 1n;
    q >>= 1n;
    k--;
  }
  rem = 0n;
  const w0 = Number((q >> 64n) & 0xffffffffn);
  const w1 = Number((q >> 32n) & 0xffffffffn);
  const w2 = Number(q & 0xffffffffn) | (sticky ? 1 : 0);
  const r = round(c, s, 95 - k + BIAS, w0, w1, w2 >>> 0, prec, EXT_EMIN, EXT_EMAX);
  if (r.e === EXT_EMIN && r.hi < 0x80000000) r.e = 0;
  return r;
}

/** The exact value of a finite x as num / den. */
function rational(x: Ext): [bigint, bigint] {
  const n = normalised(x);
  const m = (BigInt(n.hi) << 32n) | BigInt(n.lo);
  const p = n.e - BIAS - 63;
  return p >= 0 ? [m << BigInt(p), 1n] : [m, 1n << BigInt(-p)];
}

/** FMOVE.P out: the three long words for x with k-factor `kf` (-64 ... 63). */
export function toPacked(c: Ctx, x: Ext, kf: number): [number, number, number] {
  const sm = x.s << 31;
  const k = kind(x);
  if (k === K_NAN || k === K_INF) {
    let y = x;
    if (isSignalling(x)) {
      c.exc |= SNAN;
      y = quiet(x);
    }
    return [(sm | 0x7fff0000) >>> 0, k === K_INF ? 0 : y.hi, k === K_INF ? 0 : y.lo];
  }
  if (k === K_ZERO) return [sm >>> 0, 0, 0];
  if (kf > 17) {
    c.exc |= OPERR;
    kf = 17;
  }
  const [num, den] = rational(x);
  // ilog = floor(log10(|x|)), estimated from the binary exponent and corrected exactly.
  let ilog = Math.floor((normalised(x).e - BIAS) * Math.LOG10E * Math.LN2);
  const pow10 = (n: number) => 10n ** BigInt(n);
  const atLeast = (e: number) => (e >= 0 ? num >= den * pow10(e) : num * pow10(-e) >= den);
  while (!atLeast(ilog)) ilog--;
  while (atLeast(ilog + 1)) ilog++;
  let digits = kf > 0 ? kf : ilog + 1 - kf;
  if (digits < 1) digits = 1;
  if (digits > 17) digits = 17;
  // y = |x| * 10^(digits - 1 - ilog), rounded to an integer in the mode.
  const sh = digits - 1 - ilog;
  const pn = sh >= 0 ? num * pow10(sh) : num;
  const pd = sh >= 0 ? den : den * pow10(-sh);
  let y = pn / pd;
  const r = pn % pd;
  if (r !== 0n) {
    c.exc |= INEX2;
    const twice = 2n * r;
    let up = false;
    if (c.mode === RN) up = twice > pd || (twice === pd && (y & 1n) === 1n);
    else if (c.mode === RP) up = x.s === 0;
    else if (c.mode === RM) up = x.s === 1;
    if (up) y += 1n;
  }
  if (y === pow10(digits)) {
    y /= 10n;
    ilog++;
  }
  const text = (y * pow10(17 - digits)).toString().padStart(17, '0');
  const nibbles = (str: string) => [...str].reduce((v, ch) => (v * 16 + Number(ch)) >>> 0, 0);
  const ae = Math.abs(ilog);
  const se = ilog < 0 ? 1 << 30 : 0;
  const exp3 = Math.floor(ae / 1000) % 10;
  const expDigits = nibbles(String(ae % 1000).padStart(3, '0'));
  const w0 = (sm | se | (expDigits << 16) | (exp3 << 12) | Number(text[0])) >>> 0;
  return [w0, nibbles(text.slice(1, 9)), nibbles(text.slice(9, 17))];
}
