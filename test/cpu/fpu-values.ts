/**
 * Random extended-precision operands for the FPU tests (the exact oracle
 * and the qemu differential test): special and boundary values are common,
 * so that every path of the rounding and the special cases is met often.
 */

/** xorshift32. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

export type X = [number, number, number]; // sign/exponent word, mantissa high, low

/** An extended operand, drawn so that special and boundary values are common. */
export function randomExt(r: () => number): X {
  const s = (r() & 1) << 15;
  const pick = r() % 20;
  const mant = (): [number, number] => [(r() | 0x80000000) >>> 0, r()];
  switch (pick) {
    case 0:
      return [s, 0, 0];
    case 1:
      return [s | 0x7fff, 0, 0];
    case 2:
      return [s | 0x7fff, (0xc0000000 | r()) >>> 0, r()]; // quiet NaN
    case 3: {
      const hi = (0x80000000 | (r() & 0x3fffffff)) >>> 0;
      return [s | 0x7fff, hi, hi === 0x80000000 ? 1 : r()]; // signalling NaN
    }
    case 4:
      return [s, r() & 0x7fffffff, r()]; // denormal
    case 5:
      return [s | (1 + (r() % 40)), ...mant()]; // near the bottom of the range
    case 6:
      return [s | (0x7ffe - (r() % 40)), ...mant()]; // near the top
    case 7: {
      // exactly a double
      const m = mant();
      return [s | (0x3fff - 1022 + (r() % 2046)), m[0], (m[1] & 0xfffff800) >>> 0];
    }
    case 8: {
      const m = mant();
      return [s | (0x3fff - 126 + (r() % 253)), (m[0] & 0xffffff00) >>> 0, 0]; // exactly a single
    }
    case 9: {
      // a small integer
      const n = 1 + (r() % 1000);
      const e = 31 - Math.clz32(n);
      return [s | (0x3fff + e), (n << (31 - e)) >>> 0, 0];
    }
    case 10: {
      // a rounding tie or near-tie at double or single precision
      const m = mant();
      const lo = r() & 1 ? ((m[1] & 0xfffff800) | 0x400) >>> 0 : (m[1] | 0x3ff) >>> 0;
      return [s | (0x3fff + (r() % 64) - 32), m[0], lo];
    }
    case 11: {
      const m = mant();
      return [s | (0x3fff + (r() % 64) - 32), ((m[0] & 0xffffff00) | 0x80) >>> 0, r() & 1 ? 0 : m[1]];
    }
    case 12:
      return [s | (0x3fff + (r() % 8)), 0xffffffff, r() & 1 ? 0xffffffff : 0xfffff800];
    default:
      return [s | (0x3fff + (r() % 130) - 65), ...mant()];
  }
}
