/**
 * Double-double arithmetic: a value held as the unevaluated sum hi + lo of
 * two doubles with |lo| <= ulp(hi)/2, about 106 bits of precision, for the
 * transcendental group (transcend.ts). Extended precision has 64 bits, so
 * a function computed to ~100 bits and rounded once is within an ulp of
 * extended precision (docs/fpu.md has the measured figure).
 *
 * The error-free transformations are the classic ones (Knuth's two-sum,
 * Dekker's split product); everything is ordinary JavaScript numbers.
 */

export type DD = [number, number];

const SPLIT = 134217729; // 2^27 + 1

export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

export function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

export function add(a: DD, b: DD): DD {
  const [s1, s2] = twoSum(a[0], b[0]);
  const [t1, t2] = twoSum(a[1], b[1]);
  let [h, l] = quickTwoSum(s1, s2 + t1);
  [h, l] = quickTwoSum(h, l + t2);
  return [h, l];
}

export const neg = (a: DD): DD => [-a[0], -a[1]];
export const sub = (a: DD, b: DD): DD => add(a, neg(b));

export function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

export function mulN(a: DD, n: number): DD {
  const [p, e] = twoProd(a[0], n);
  return quickTwoSum(p, e + a[1] * n);
}

export function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = sub(a, mulN(b, q1));
  const q2 = r[0] / b[0];
  r = sub(r, mulN(b, q2));
  const q3 = r[0] / b[0];
  return add(quickTwoSum(q1, q2), [q3, 0]);
}

export function sqrt(a: DD): DD {
  if (a[0] <= 0) return [0, 0];
  const x = Math.sqrt(a[0]);
  // one Newton step from the double: x + (a - x^2) / 2x
  const r = sub(a, twoProd(x, x));
  return quickTwoSum(x, r[0] / (2 * x));
}

export const dd = (x: number): DD => [x, 0];
export const ONE: DD = [1, 0];

// Constants to about 106 bits (hi, lo), and pi/2 in four pieces for the reduction.
export const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
export const LN2_3 = 5.707708438416212e-34; // the next piece of ln 2 (for k * ln 2 with large k)
export const LN10: DD = [2.302585092994046, -2.1707562233822494e-16];
export const INV_LN10: DD = [0.4342944819032518, 1.098319650216765e-17];
export const INV_LN2: DD = [1.4426950408889634, 2.0355273740931033e-17];
export const PI: DD = [3.141592653589793, 1.2246467991473532e-16];
export const PI_2: DD = [1.5707963267948966, 6.123233995736766e-17];
export const PIO2_PIECES = [
  1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33, 5.562271104316826e-50,
];

/** exp(r) - 1 for |r| <= 0.36, to ~105 bits: the series on r/32, then doubled five times. */
export function expm1Core(r: DD): DD {
  const t = [r[0] / 32, r[1] / 32] as DD;
  // Taylor: t + t^2/2! + ... + t^15/15!, Horner from the top
  let s: DD = [0, 0];
  for (let n = 15; n >= 1; n--) s = mul(add(s, ONE), n === 1 ? t : div(t, dd(n)));
  for (let i = 0; i < 5; i++) s = mul(s, add(s, [2, 0])); // em1(2t) = em1(t) (em1(t) + 2)
  return s;
}

/** atanh(u) for |u| <= 0.18 by its series u + u^3/3 + u^5/5 + ... */
export function atanhSeries(u: DD): DD {
  const u2 = mul(u, u);
  let s: DD = [0, 0];
  for (let n = 45; n >= 3; n -= 2) s = mul(add(s, div(ONE, dd(n))), u2);
  return mul(add(s, ONE), u);
}

/** atan(x) for |x| <= 1: three halvings (atan x = 2 atan(x / (1 + sqrt(1 + x^2)))), then the series. */
export function atanCore(x: DD): DD {
  let y = x;
  for (let i = 0; i < 3; i++) y = div(y, add(ONE, sqrt(add(ONE, mul(y, y)))));
  const y2 = mul(y, y);
  let s: DD = [0, 0];
  for (let n = 41; n >= 3; n -= 2) s = mul(sub(div(ONE, dd(n)), s), y2);
  return mulN(mul(sub(ONE, s), y), 8);
}

/** sin(r) and cos(r) for |r| <= pi/4 by their series. */
export function sinCore(r: DD): DD {
  const r2 = mul(r, r);
  let s: DD = [0, 0];
  for (let n = 29; n >= 3; n -= 2) s = mul(sub(ONE, s), div(r2, dd(n * (n - 1))));
  return mul(sub(ONE, s), r);
}

export function cosCore(r: DD): DD {
  const r2 = mul(r, r);
  let s: DD = [0, 0];
  for (let n = 28; n >= 2; n -= 2) s = mul(sub(ONE, s), div(r2, dd(n * (n - 1))));
  return sub(ONE, s);
}
