/**
 * The transcendental group (FSIN ... FLOG2, FSINCOS), PROVISIONAL: the
 * special cases (NaN, infinities, zeros, domain errors, poles) follow the
 * 68881 exactly (OPERR, DZ, the signs), but a finite result is computed by
 * the host's double-precision Math library and then rounded to the
 * rounding precision: correct to about 1 ulp of *double* precision
 * (2^-52 relative), not to extended precision as the chip is, and only for
 * operands within double's range. docs/fpu.md says so; an exact
 * extended-precision implementation is future work.
 */
import { propagateNaN } from './arith.js';
import { fromDouble, toDouble } from './convert.js';
import { defaultNaN, type Ext, inf, K_INF, K_NAN, K_ZERO, kind, normalised, zero } from './ext.js';
import { roundReg } from './round.js';
import { type Ctx, DZ, INEX2, OPERR, RN } from './status.js';

type Fn = (x: number) => number;

/** By opmode: the function, its domain check (true: OPERR), its pole (x where it is infinite: DZ). */
const FUNCTIONS: Record<number, [Fn, (x: number) => boolean, number | null]> = {
  2: [Math.sinh, () => false, null],
  6: [Math.log1p, (x) => x < -1, -1],
  8: [Math.expm1, () => false, null],
  9: [Math.tanh, () => false, null],
  10: [Math.atan, () => false, null],
  12: [Math.asin, (x) => Math.abs(x) > 1, null],
  13: [Math.atanh, (x) => Math.abs(x) > 1, null],
  14: [Math.sin, (x) => !Number.isFinite(x), null],
  15: [Math.tan, (x) => !Number.isFinite(x), null],
  16: [Math.exp, () => false, null],
  17: [(x) => 2 ** x, () => false, null],
  18: [(x) => 10 ** x, () => false, null],
  20: [Math.log, (x) => x < 0, 0],
  21: [Math.log10, (x) => x < 0, 0],
  22: [Math.log2, (x) => x < 0, 0],
  25: [Math.cosh, () => false, null],
  28: [Math.acos, (x) => Math.abs(x) > 1, null],
  29: [Math.cos, (x) => !Number.isFinite(x), null],
};

const toHost = (x: Ext): number => {
  const [h, l] = toDouble({ mode: RN, exc: 0 }, x);
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, h);
  dv.setUint32(4, l);
  return dv.getFloat64(0);
};

function fromHost(c: Ctx, v: number, prec: number): Ext {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  const x = fromDouble(c, dv.getUint32(0), dv.getUint32(4));
  const k = kind(x);
  if (k === K_INF) return x;
  if (k === K_ZERO) return zero(x.s);
  const n = normalised(x);
  c.exc |= INEX2;
  return roundReg(c, n.s, n.e, n.hi, n.lo, 0, prec);
}

/** [result, cosine for FSINCOS or null]. */
export function transcendental(c: Ctx, opm: number, src: Ext, prec: number): [Ext, Ext | null] {
  const sincos = opm >= 0x30 && opm <= 0x37;
  const k = kind(src);
  if (k === K_NAN) {
    const n = propagateNaN(c, null, src);
    return [n, sincos ? n : null];
  }
  if (sincos) return [one(c, 0x0e, src, prec), one(c, 0x1d, src, prec)];
  return [one(c, opm, src, prec), null];
}

function one(c: Ctx, opm: number, src: Ext, prec: number): Ext {
  const [f, outside, pole] = FUNCTIONS[opm];
  const x = toHost(src);
  if (outside(x)) {
    c.exc |= OPERR;
    return defaultNaN();
  }
  if (pole !== null && x === pole) {
    c.exc |= DZ;
    return inf(1);
  }
  if (kind(src) === K_ZERO && f(0) === 0) return zero(src.s); // odd functions keep the sign of zero
  const v = f(x);
  if (opm === 0x0d && Math.abs(x) === 1) {
    c.exc |= DZ;
    return inf(x < 0 ? 1 : 0);
  }
  return fromHost(c, v, prec);
}
