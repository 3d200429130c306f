/**
 * FMOVECR's constant ROM (MC68881 UM, FMOVECR): π, log10(2), e, log2(e),
 * log10(e), 0.0, ln(2), ln(10) and the powers 10^0 ... 10^4096. The chip
 * holds them with more bits than extended precision and rounds them in
 * FPCR's mode and precision like any result (INEX2 when inexact). Offsets
 * the manual does not list read as +0.0. Two entries are not correctly
 * rounded on the chip: log10(2) and e read as their 64-bit truncations
 * ($3FFD 9A209A84 FBCFF798 and $4000 ADF85458 A2BB4A9A) where rounding to
 * nearest would give ...799 and ...A9B; QEMU returns the same.
 *
 * Here each constant is an exact rational (powers of ten) or a 256-bit
 * fixed-point value computed once with BigInt series (π by Machin's
 * formula, e by its factorial series, the logarithms by atanh series);
 * each (offset, mode, precision) is rounded the first time it is asked for
 * and remembered, so FMOVECR never computes on its hot path.
 */
import { BIAS, type Ext, zero } from './ext.js';
import { roundRational } from './packed.js';
import { type Ctx, RZ } from './status.js';

const BITS = 256n;
const ONE = 1n << BITS;

/** atan(1/x) or atanh(1/x) in 256-bit fixed point. */
function arctan(x: bigint, hyperbolic: boolean): bigint {
  const x2 = x * x;
  let term = ONE / x;
  let sum = term;
  for (let n = 3n, sign = -1n; term !== 0n; n += 2n, sign = -sign) {
    term /= x2;
    sum += (hyperbolic ? 1n : sign) * (term / n);
  }
  return sum;
}

function series(): Map<number, [bigint, bigint]> {
  const pi = 16n * arctan(5n, false) - 4n * arctan(239n, false);
  let e = 0n;
  for (let n = 0n, f = ONE; f !== 0n; n++, f /= n === 0n ? 1n : n) e += f;
  const ln2 = 2n * arctan(3n, true);
  const ln10 = 3n * ln2 + 2n * arctan(9n, true);
  const fixed = (v: bigint): [bigint, bigint] => [v, ONE];
  const m = new Map<number, [bigint, bigint]>([
    [0x00, fixed(pi)],
    [0x0b, [ln2, ln10]],
    [0x0c, fixed(e)],
    [0x0d, [ONE, ln2]],
    [0x0e, [ONE, ln10]],
    [0x30, fixed(ln2)],
    [0x31, fixed(ln10)],
  ]);
  for (let i = 0; i < 14; i++) m.set(0x32 + i, [10n ** BigInt(i === 0 ? 0 : 2 ** (i - 1)), 1n]);
  // log10(2) and e: the chip's ROM holds them cut off at 64 bits (to nearest
  // they would round up), so every mode sees that value as exact.
  for (const k of [0x0b, 0x0c]) {
    const [n, d] = m.get(k) as [bigint, bigint];
    const x = roundRational({ mode: RZ, exc: 0 }, 0, n, d, 64);
    const mant = (BigInt(x.hi) << 32n) | BigInt(x.lo);
    const p = x.e - BIAS - 63;
    m.set(k, p >= 0 ? [mant << BigInt(p), 1n] : [mant, 1n << BigInt(-p)]);
  }
  return m;
}

let values: Map<number, [bigint, bigint]> | undefined;
const cache = new Map<number, { x: Ext; exc: number }>();

/** ROM constant `offset` (0-$7F) rounded in c.mode to `prec` bits; INEX2 into c.exc when inexact. */
export function romConstant(c: Ctx, offset: number, prec: number): Ext {
  const key = offset * 1000 + c.mode * 100 + prec;
  let hit = cache.get(key);
  if (hit === undefined) {
    values ??= series();
    const v = values.get(offset);
    const local: Ctx = { mode: c.mode, exc: 0 };
    const x = v === undefined ? zero(0) : roundRational(local, 0, v[0], v[1], prec);
    hit = { x, exc: local.exc };
    cache.set(key, hit);
  }
  c.exc |= hit.exc;
  return { ...hit.x };
}
