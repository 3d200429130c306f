/**
 * The transcendental group (FSIN ... FLOG2, FSINCOS). The special cases
 * (NaN, infinities, zeros, domain errors, poles) follow the 68881 (OPERR,
 * DZ, the signs). A finite result is computed in double-double arithmetic
 * (dd.ts, about 106 bits) from the exact 64-bit operand and rounded once
 * to the rounding precision, in FPCR's mode, with the exponent range of
 * extended precision: within an ulp of extended precision (docs/fpu.md
 * gives the measured error; test/cpu/fpu-transcend.test.ts checks it
 * against BigInt references).
 *
 * Arguments of sin, cos and tan are reduced modulo pi/2 exactly: with pi/2
 * in four doubles (Cody and Waite) below 2^20, and with BigInt and as many
 * bits of pi as the exponent needs above (rare arguments: that path is
 * slow, the common one never touches BigInt).
 */
import { propagateNaN } from './arith.js';
import * as D from './dd.js';
import { type DD, dd, ONE } from './dd.js';
import { BIAS, defaultNaN, type Ext, inf, K_INF, K_NAN, K_ZERO, kind, normalised, zero } from './ext.js';
import { roundReg } from './round.js';
import { type Ctx, DZ, OPERR } from './status.js';

/** A finite non-zero operand: (-1)^s * m * 2^E with m in [1, 2) held exactly. */
interface Parts {
  s: number;
  E: number;
  m: DD;
  /** The mantissa's two words (bit 63 set). */
  hi: number;
  lo: number;
}

function parts(x: Ext): Parts {
  const n = normalised(x);
  return { s: n.s, E: n.e - BIAS, m: D.twoSum(n.hi / 2 ** 31, n.lo / 2 ** 63), hi: n.hi, lo: n.lo };
}

/** |x| as a double-double (for exponents a double can hold: -1000 < E < 1000). */
function magnitude(p: Parts): DD {
  const f = 2 ** p.E;
  return [p.m[0] * f, p.m[1] * f];
}

const signed = (p: Parts, v: DD): DD => (p.s ? D.neg(v) : v);

/** A result: the double-double r times 2^K (K reaches beyond a double's range). */
interface Res {
  r: DD;
  K: number;
}

const HUGE_K = 100_000; // 2^HUGE_K overflows any format; 2^-HUGE_K underflows it

/** Round r * 2^K once to the precision (an exact conversion of the double-double first). */
function toExt(c: Ctx, res: Res, prec: number): Ext {
  let [h, l] = res.r;
  if (h === 0) return zero(Object.is(h, -0) ? 1 : 0);
  const s = h < 0 ? 1 : 0;
  if (s) {
    h = -h;
    l = -l;
  }
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, h);
  const ex = ((dv.getUint32(0) >>> 20) & 0x7ff) - 1075; // h = Mh * 2^ex
  const Mh = h / 2 ** ex;
  // N = Mh * 2^43 + l * 2^(43 - ex): a 96-bit integer and what is left as a sticky bit
  const R = l * 2 ** (43 - ex);
  const Rf = Math.floor(R);
  let sticky = R !== Rf ? 1 : 0;
  const q = Math.floor(Rf / 2 ** 32);
  let w2 = Rf - q * 2 ** 32;
  let w1 = (Mh % 2 ** 21) * 2 ** 11 + q;
  let w0 = Math.floor(Mh / 2 ** 21);
  if (w1 < 0) {
    w1 += 2 ** 32;
    w0 -= 1;
  } else if (w1 >= 2 ** 32) {
    w1 -= 2 ** 32;
    w0 += 1;
  }
  let e = ex + 52 + res.K + BIAS;
  if (w0 >= 2 ** 32) {
    sticky |= w2 & 1;
    w2 = (w2 >>> 1) | ((w1 & 1) << 31);
    w1 = (w1 >>> 1) | ((w0 & 1) << 31);
    w0 = Math.floor(w0 / 2);
    e += 1;
  }
  if (sticky) w2 |= 1;
  return roundReg(c, s, e, w0 >>> 0, w1 >>> 0, w2 >>> 0, prec);
}

/**
 * f(x) for an operand too small for a double-double (|x| < 2^-900), where
 * f(x) = x (1 + d) with d of sign `more` (+1: |f(x)| > |x|) and far below
 * an ulp: x with a sticky bit on the right side.
 */
function nearX(p: Parts, more: number): Res {
  const m = D.add(p.m, [more * 2 ** -200, 0]);
  return { r: signed(p, m), K: p.E };
}

// ---------------------------------------------------------------- exponentials

/** e^x for a double-double x of moderate size (|x| < 12000): 2^k (1 + expm1(r)). */
function expDD(x: DD): Res {
  const k = Math.round(x[0] / D.LN2[0]);
  let r = D.sub(x, D.twoProd(k, D.LN2[0]));
  r = D.sub(r, D.twoProd(k, D.LN2[1]));
  r = D.sub(r, dd(k * D.LN2_3));
  return { r: D.add(ONE, D.expm1Core(r)), K: k };
}

/** A Res scaled into a double-double (for small K). */
const value = (v: Res): DD => [v.r[0] * 2 ** v.K, v.r[1] * 2 ** v.K];

function etox(p: Parts): Res {
  if (p.E >= 14) return { r: ONE, K: p.s ? -HUGE_K : HUGE_K };
  if (p.E <= -900) return { r: [1, p.s ? -(2 ** -900) : 2 ** -900], K: 0 };
  return expDD(signed(p, magnitude(p)));
}

function etoxm1(p: Parts): Res {
  if (p.E <= -900) return nearX(p, p.s ? -1 : 1);
  const x = signed(p, magnitude(p));
  if (p.E < -2) return { r: D.expm1Core(x), K: 0 };
  if (p.E >= 14 && !p.s) return { r: ONE, K: HUGE_K };
  if (p.s && (p.E >= 7 || x[0] < -80)) return { r: [-1, 2 ** -200], K: 0 }; // -1 + e^x, e^x < 2^-115
  const e = expDD(x);
  if (e.K > 200) return e; // the -1 is far below an ulp
  return { r: D.sub(value(e), ONE), K: 0 };
}

function twotox(p: Parts): Res {
  if (p.E >= 15) return { r: ONE, K: p.s ? -HUGE_K : HUGE_K };
  if (p.E <= -900) return { r: [1, p.s ? -(2 ** -900) : 2 ** -900], K: 0 };
  const x = signed(p, magnitude(p));
  const k = Math.round(x[0]);
  const f = D.sub(x, dd(k));
  return { r: D.add(ONE, D.expm1Core(D.mul(f, D.LN2))), K: k };
}

function tentox(p: Parts): Res {
  if (p.E >= 13) return { r: ONE, K: p.s ? -HUGE_K : HUGE_K };
  if (p.E <= -900) return { r: [1, p.s ? -(2 ** -900) : 2 ** -900], K: 0 };
  return expDD(D.mul(signed(p, magnitude(p)), D.LN10));
}

// ---------------------------------------------------------------- logarithms

/** ln(m * 2^E) for m in [1, 2) (a double-double), as a double-double. */
function logParts(E: number, m: DD): DD {
  if (m[0] > Math.SQRT2) {
    m = [m[0] / 2, m[1] / 2];
    E += 1;
  }
  const u = D.div(D.sub(m, ONE), D.add(m, ONE));
  const l = D.mulN(D.atanhSeries(u), 2);
  if (E === 0) return l;
  let t = D.add(D.twoProd(E, D.LN2[0]), D.twoProd(E, D.LN2[1]));
  t = D.add(t, dd(E * D.LN2_3));
  return D.add(t, l);
}

/** ln v for a positive double-double v. */
function logDD(v: DD): DD {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v[0]);
  let E = ((dv.getUint32(0) >>> 20) & 0x7ff) - 1023;
  let f = 2 ** -E;
  if (v[0] * f < 1) {
    E -= 1;
    f *= 2;
  }
  return logParts(E, [v[0] * f, v[1] * f]);
}

const logn = (p: Parts): Res => ({ r: logParts(p.E, p.m), K: 0 });
const log10 = (p: Parts): Res => ({ r: D.mul(logParts(p.E, p.m), D.INV_LN10), K: 0 });

function log2(p: Parts): Res {
  let { E, m } = p;
  if (m[0] > Math.SQRT2) {
    m = [m[0] / 2, m[1] / 2];
    E += 1;
  }
  return { r: D.add(dd(E), D.mul(logParts(0, m), D.INV_LN2)), K: 0 };
}

function lognp1(p: Parts): Res {
  if (p.E <= -900) return nearX(p, p.s ? 1 : -1);
  if (p.E >= 900) return logn(p); // ln(1 + x) = ln x + 1/x: the 1/x is far below an ulp
  const x = signed(p, magnitude(p));
  if (p.E < -2) {
    const u = D.div(x, D.add(dd(2), x));
    return { r: D.mulN(D.atanhSeries(u), 2), K: 0 };
  }
  return { r: logDD(D.add(ONE, x)), K: 0 };
}

// ---------------------------------------------------------------- trigonometry

let piBits = 0;
let piFixed = 0n; // pi/2 * 2^piBits

/** pi/2 to `bits` fractional bits (Machin's formula, once, for the largest need so far). */
function pio2Fixed(bits: number): bigint {
  if (bits > piBits) {
    const b = bits + 64;
    const one = 1n << BigInt(b);
    const arctanInv = (n: bigint): bigint => {
      let sum = 0n;
      let term = one / n;
      const n2 = n * n;
      for (let k = 1n; term !== 0n; k += 2n) {
        sum += (k & 2n ? -term : term) / k;
        term /= n2;
      }
      return sum;
    };
    const pi = 4n * (4n * arctanInv(5n) - arctanInv(239n));
    piFixed = pi >> 1n;
    piBits = b;
  }
  return piFixed >> BigInt(piBits - bits);
}

/** x = k pi/2 + r, |r| <= pi/4: the quadrant k mod 4 and r. */
function reduce(p: Parts): [number, DD] {
  const x = p.E < 1000 ? magnitude(p) : [0, 0];
  if (p.E < 0 && x[0] < Math.PI / 4) return [0, signed(p, x as DD)];
  if (p.E < 20) {
    const ax = x as DD;
    const k = Math.round(ax[0] / D.PIO2_PIECES[0]);
    const [ph, pl] = D.twoProd(k, D.PIO2_PIECES[0]);
    // ax[0] - ph is exact (the two are within a factor of two)
    const [s1, e1] = D.twoSum(ax[0] - ph, ax[1]);
    const [s2, e2] = D.twoSum(s1, -pl);
    let r: DD = D.twoSum(s2, e1 + e2);
    r = D.sub(r, D.twoProd(k, D.PIO2_PIECES[1]));
    r = D.sub(r, D.twoProd(k, D.PIO2_PIECES[2]));
    r = D.sub(r, dd(k * D.PIO2_PIECES[3]));
    return [p.s ? -k & 3 : k & 3, signed(p, r)];
  }
  // Exactly, in BigInt: x = M 2^(E-63), pi/2 with E + 250 fractional bits.
  const P = p.E + 250;
  const M = (BigInt(p.hi) << 32n) | BigInt(p.lo);
  const X = M << BigInt(P + p.E - 63);
  const Q = pio2Fixed(P);
  const k = (2n * X + Q) / (2n * Q);
  const R = X - k * Q; // |R| <= Q/2
  const neg = R < 0n;
  const A = neg ? -R : R;
  const len = A.toString(2).length;
  const sh = BigInt(Math.max(0, len - 106));
  const top = A >> sh;
  const hiPart = Number(top >> 53n) * 2 ** 53;
  const loPart = Number(top & ((1n << 53n) - 1n));
  const scale = 2 ** (Number(sh) - P);
  let r = D.twoSum(hiPart * scale, loPart * scale);
  if (neg) r = D.neg(r);
  const q = Number(k & 3n);
  return [p.s ? -q & 3 : q, signed(p, r)];
}

function sinCos(p: Parts, which: 'sin' | 'cos' | 'tan'): Res {
  if (p.E <= -900) return nearX(p, which === 'tan' ? 1 : -1);
  const [q, r] = reduce(p);
  const s = () => D.sinCore(r);
  const co = () => D.cosCore(r);
  let v: DD;
  if (which === 'sin') v = q === 0 ? s() : q === 1 ? co() : q === 2 ? D.neg(s()) : D.neg(co());
  else if (which === 'cos') v = q === 0 ? co() : q === 1 ? D.neg(s()) : q === 2 ? D.neg(co()) : s();
  else v = q & 1 ? D.neg(D.div(co(), s())) : D.div(s(), co());
  return { r: v, K: 0 };
}

/** atan of a double-double of any size. */
function atanDD(x: DD): DD {
  const neg = x[0] < 0;
  const a: DD = neg ? D.neg(x) : x;
  const v = a[0] <= 1 ? D.atanCore(a) : D.sub(D.PI_2, D.atanCore(D.div(ONE, a)));
  return neg ? D.neg(v) : v;
}

function atan(p: Parts): Res {
  if (p.E <= -900) return nearX(p, -1);
  if (p.E >= 900) return { r: signed(p, D.sub(D.PI_2, [2 ** -200, 0])), K: 0 };
  return { r: atanDD(signed(p, magnitude(p))), K: 0 };
}

function asin(p: Parts): Res {
  if (p.E <= -900) return nearX(p, 1);
  const x = signed(p, magnitude(p));
  if (p.E === 0 && p.m[0] === 1 && p.m[1] === 0) return { r: signed(p, D.PI_2), K: 0 };
  const c = D.sqrt(D.mul(D.sub(ONE, x), D.add(ONE, x)));
  return { r: atanDD(D.div(x, c)), K: 0 };
}

function acos(p: Parts): Res {
  if (p.E <= -900) return { r: D.sub(D.PI_2, [p.s ? -(2 ** -900) : 2 ** -900, 0]), K: 0 };
  const x = signed(p, magnitude(p));
  if (p.E === 0 && p.m[0] === 1 && p.m[1] === 0) return { r: p.s ? D.PI : [0, 0], K: 0 };
  const t = D.sqrt(D.div(D.sub(ONE, x), D.add(ONE, x)));
  return { r: D.mulN(atanDD(t), 2), K: 0 };
}

function atanh(p: Parts): Res {
  if (p.E <= -900) return nearX(p, 1);
  const x = signed(p, magnitude(p));
  if (p.E < -3) return { r: D.atanhSeries(x), K: 0 };
  const l = logDD(D.div(D.add(ONE, x), D.sub(ONE, x)));
  return { r: [l[0] / 2, l[1] / 2], K: 0 };
}

// ---------------------------------------------------------------- hyperbolic

function sinh(p: Parts): Res {
  if (p.E <= -900) return nearX(p, 1);
  if (p.E >= 14) return { r: signed(p, ONE), K: HUGE_K };
  const a = magnitude(p);
  if (p.E < -2) {
    const m = D.expm1Core(a);
    const v = D.add(m, D.div(m, D.add(m, ONE)));
    return { r: signed(p, [v[0] / 2, v[1] / 2]), K: 0 };
  }
  const e = expDD(a);
  if (e.K > 120) return { r: signed(p, e.r), K: e.K - 1 };
  const ev = value(e);
  const v = D.sub(ev, D.div(ONE, ev));
  return { r: signed(p, [v[0] / 2, v[1] / 2]), K: 0 };
}

function cosh(p: Parts): Res {
  if (p.E <= -900) return { r: [1, 2 ** -900], K: 0 };
  if (p.E >= 14) return { r: ONE, K: HUGE_K };
  const e = expDD(magnitude(p));
  if (e.K > 120) return { r: e.r, K: e.K - 1 };
  const ev = value(e);
  const v = D.add(ev, D.div(ONE, ev));
  return { r: [v[0] / 2, v[1] / 2], K: 0 };
}

function tanh(p: Parts): Res {
  if (p.E <= -900) return nearX(p, -1);
  const a = magnitude(p);
  if (p.E >= 6) return { r: signed(p, [1, -(2 ** -200)]), K: 0 }; // |x| >= 64: 1 - 2e^-2|x|
  const a2 = D.mulN(a, 2);
  let v: DD;
  if (p.E < -2) {
    const m = D.expm1Core(a2);
    v = D.div(m, D.add(m, dd(2)));
  } else {
    const ev = value(expDD(a2));
    v = D.div(D.sub(ev, ONE), D.add(ev, ONE));
  }
  return { r: signed(p, v), K: 0 };
}

// ---------------------------------------------------------------- the instructions

/** By opmode: the function of a finite non-zero operand. */
const FUNCTIONS: Record<number, (p: Parts) => Res> = {
  2: sinh,
  6: lognp1,
  8: etoxm1,
  9: tanh,
  10: atan,
  12: asin,
  13: atanh,
  14: (p) => sinCos(p, 'sin'),
  15: (p) => sinCos(p, 'tan'),
  16: etox,
  17: twotox,
  18: tentox,
  20: logn,
  21: log10,
  22: log2,
  25: cosh,
  28: acos,
  29: (p) => sinCos(p, 'cos'),
};

const ODD = new Set([2, 6, 8, 9, 10, 12, 13, 14, 15]); // f(±0) = ±0
const LOGS = new Set([20, 21, 22]);

/** [result, cosine for FSINCOS or null]. */
export function transcendental(c: Ctx, opm: number, src: Ext, prec: number): [Ext, Ext | null] {
  const sincos = opm >= 0x30 && opm <= 0x37;
  if (kind(src) === K_NAN) {
    const n = propagateNaN(c, null, src);
    return [n, sincos ? n : null];
  }
  if (sincos) return [one(c, 0x0e, src, prec), one(c, 0x1d, src, prec)];
  return [one(c, opm, src, prec), null];
}

function operr(c: Ctx): Ext {
  c.exc |= OPERR;
  return defaultNaN();
}

function pole(c: Ctx, s: number): Ext {
  c.exc |= DZ;
  return inf(s);
}

function one(c: Ctx, opm: number, src: Ext, prec: number): Ext {
  const k = kind(src);
  const s = src.s;
  if (k === K_ZERO) {
    if (ODD.has(opm)) return zero(s);
    if (LOGS.has(opm)) return pole(c, 1);
    if (opm === 28) return toExt(c, { r: D.PI_2, K: 0 }, prec); // acos 0
    return toExt(c, { r: ONE, K: 0 }, prec); // cos, cosh, e^0, 2^0, 10^0
  }
  if (k === K_INF) {
    switch (opm) {
      case 2: // sinh
      case 20: // ln, log10, log2, ln(1+x) of +inf
      case 21:
      case 22:
      case 6:
        return s && opm !== 2 ? operr(c) : inf(s);
      case 9: // tanh
        return toExt(c, { r: s ? [-1, 0] : ONE, K: 0 }, prec);
      case 10: // atan
        return toExt(c, { r: s ? D.neg(D.PI_2) : D.PI_2, K: 0 }, prec);
      case 25: // cosh
        return inf(0);
      case 16: // e^x, 2^x, 10^x
      case 17:
      case 18:
        return s ? zero(0) : inf(0);
      case 8: // e^x - 1
        return s ? toExt(c, { r: [-1, 0], K: 0 }, prec) : inf(0);
      default: // sin, cos, tan, asin, acos, atanh
        return operr(c);
    }
  }
  const p = parts(src);
  const aboveOne = p.E > 0 || (p.E === 0 && (p.m[0] > 1 || p.m[1] > 0));
  const isOne = p.E === 0 && p.m[0] === 1 && p.m[1] === 0;
  if ((opm === 12 || opm === 28) && aboveOne) return operr(c);
  if (opm === 13 && (aboveOne || isOne)) return isOne ? pole(c, s) : operr(c);
  if (LOGS.has(opm) && s) return operr(c);
  if (opm === 6 && s && (aboveOne || isOne)) return isOne ? pole(c, 1) : operr(c);
  if (LOGS.has(opm) && isOne) return zero(0);
  return toExt(c, FUNCTIONS[opm](p), prec);
}
