/**
 * The arithmetic group (MC68881 UM §4.5, and each instruction's page in
 * chapter 4 of the M68000 Family Programmer's Reference Manual): exact
 * results rounded once (round.ts). Operands are extended values; `prec` is
 * the rounding precision in mantissa bits. Each function returns the result
 * and records exceptions in `c.exc`.
 *
 * Special operands first (NaN, infinity, zero), then the finite case on
 * normalised mantissas held as 32-bit pieces in ordinary numbers: additions
 * carry by comparison with 2^32, products are formed from 16-bit pieces so
 * that no partial sum passes 2^53, and division and square root go a bit at
 * a time.
 */
import {
  BIAS,
  defaultNaN,
  type Ext,
  inf,
  isSignalling,
  K_FINITE,
  K_INF,
  K_NAN,
  K_ZERO,
  kind,
  normalised,
  quiet,
  TWO32,
  zero,
} from './ext.js';
import { roundReg } from './round.js';
import { type Ctx, DZ, INEX2, OPERR, RM, RN, RP, SNAN } from './status.js';

/**
 * The NaN an operation with a NaN operand returns (UM §4.6.4): the
 * destination's if it is a NaN, else the source's, made quiet; SNAN if
 * either operand signals.
 */
export function propagateNaN(c: Ctx, dst: Ext | null, src: Ext): Ext {
  if (isSignalling(src) || (dst !== null && isSignalling(dst))) c.exc |= SNAN;
  if (dst !== null && kind(dst) === K_NAN) return quiet(dst);
  return quiet(src);
}

function operr(c: Ctx): Ext {
  c.exc |= OPERR;
  return defaultNaN();
}

/** The sign of an exact zero sum of opposite signs: + except when rounding to minus. */
const zeroSumSign = (c: Ctx): number => (c.mode === RM ? 1 : 0);

/** dst + src (or dst - src when `subtract`). */
export function add(c: Ctx, dst: Ext, src: Ext, subtract: boolean, prec: number): Ext {
  const kd = kind(dst);
  const ks = kind(src);
  if (kd === K_NAN || ks === K_NAN) return propagateNaN(c, dst, src);
  const ss = subtract ? src.s ^ 1 : src.s;
  if (kd === K_INF) {
    if (ks === K_INF && ss !== dst.s) return operr(c);
    return inf(dst.s);
  }
  if (ks === K_INF) return inf(ss);
  if (kd === K_ZERO && ks === K_ZERO) return zero(dst.s === ss ? ss : zeroSumSign(c));
  if (ks === K_ZERO) return roundReg(c, dst.s, dst.e === 0 ? 1 : dst.e, dst.hi, dst.lo, 0, prec);
  if (kd === K_ZERO) return roundReg(c, ss, src.e === 0 ? 1 : src.e, src.hi, src.lo, 0, prec);
  let x = normalised(dst);
  let y = normalised(src);
  let sx = x.s;
  let sy = ss;
  if (y.e > x.e || (y.e === x.e && (y.hi > x.hi || (y.hi === x.hi && y.lo > x.lo)))) {
    [x, y] = [y, x];
    [sx, sy] = [sy, sx];
  }
  // Align y to x: a 96-bit mantissa with the bits shifted out kept as a sticky bit.
  const d = x.e - y.e;
  let y0 = y.hi;
  let y1 = y.lo;
  let y2 = 0;
  if (d >= 96) {
    y0 = y1 = 0;
    y2 = 1;
  } else if (d > 0) {
    let k = d;
    let sticky = 0;
    if (k >= 64) {
      sticky = y1 !== 0 ? 1 : 0;
      y2 = y0;
      y0 = y1 = 0;
      k -= 64;
    } else if (k >= 32) {
      y2 = y1;
      y1 = y0;
      y0 = 0;
      k -= 32;
    }
    if (k > 0) {
      sticky |= (y2 << (32 - k)) >>> 0 !== 0 ? 1 : 0;
      y2 = ((y2 >>> k) | (y1 << (32 - k))) >>> 0;
      y1 = ((y1 >>> k) | (y0 << (32 - k))) >>> 0;
      y0 = y0 >>> k;
    }
    y2 = (y2 | sticky) >>> 0;
  }
  let w0: number;
  let w1: number;
  let w2: number;
  let e = x.e;
  if (sx === sy) {
    w2 = y2;
    w1 = x.lo + y1;
    w0 = x.hi + y0;
    if (w1 >= TWO32) {
      w1 -= TWO32;
      w0++;
    }
    if (w0 >= TWO32) {
      // Carry out: shift right one, the lost bit into the sticky position.
      w2 = ((w2 >>> 1) | ((w1 & 1) << 31) | (w2 & 1)) >>> 0;
      w1 = ((w1 >>> 1) | ((w0 & 1) << 31)) >>> 0;
      w0 = Math.floor(w0 / 2);
      e++;
    }
  } else {
    w2 = -y2;
    let borrow = 0;
    if (w2 < 0) {
      w2 += TWO32;
      borrow = 1;
    }
    w1 = x.lo - y1 - borrow;
    borrow = 0;
    if (w1 < 0) {
      w1 += TWO32;
      borrow = 1;
    }
    w0 = x.hi - y0 - borrow;
    if (w0 === 0 && w1 === 0 && w2 === 0) return zero(zeroSumSign(c));
  }
  return roundReg(c, sx, e, w0, w1, w2, prec);
}

/** The 128-bit product of two 64-bit mantissas, as four 32-bit words (most significant first). */
function mul64(ah: number, al: number, bh: number, bl: number): [number, number, number, number] {
  const a = [al & 0xffff, al >>> 16, ah & 0xffff, ah >>> 16];
  const b = [bl & 0xffff, bl >>> 16, bh & 0xffff, bh >>> 16];
  const p = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    let carry = 0;
    for (let j = 0; j < 4; j++) {
      const t = p[i + j] + a[i] * b[j] + carry;
      p[i + j] = t % 0x10000;
      carry = Math.floor(t / 0x10000);
    }
    p[i + 4] += carry;
  }
  return [p[7] * 0x10000 + p[6], p[5] * 0x10000 + p[4], p[3] * 0x10000 + p[2], p[1] * 0x10000 + p[0]];
}

/** dst * src. */
export function mul(c: Ctx, dst: Ext, src: Ext, prec: number): Ext {
  const kd = kind(dst);
  const ks = kind(src);
  if (kd === K_NAN || ks === K_NAN) return propagateNaN(c, dst, src);
  const s = dst.s ^ src.s;
  if (kd === K_INF || ks === K_INF) {
    if (kd === K_ZERO || ks === K_ZERO) return operr(c);
    return inf(s);
  }
  if (kd === K_ZERO || ks === K_ZERO) return zero(s);
  const x = normalised(dst);
  const y = normalised(src);
  const [p0, p1, p2, p3] = mul64(x.hi, x.lo, y.hi, y.lo);
  return roundReg(c, s, x.e + y.e - BIAS + 1, p0, p1, (p2 | (p3 !== 0 ? 1 : 0)) >>> 0, prec);
}

/** dst / src. */
export function div(c: Ctx, dst: Ext, src: Ext, prec: number): Ext {
  const kd = kind(dst);
  const ks = kind(src);
  if (kd === K_NAN || ks === K_NAN) return propagateNaN(c, dst, src);
  const s = dst.s ^ src.s;
  if (kd === K_INF) return ks === K_INF ? operr(c) : inf(s);
  if (ks === K_INF) return zero(s);
  if (ks === K_ZERO) {
    if (kd === K_ZERO) return operr(c);
    c.exc |= DZ;
    return inf(s);
  }
  if (kd === K_ZERO) return zero(s);
  const x = normalised(dst);
  const y = normalised(src);
  // 96 quotient bits, the first worth 2^0 (the quotient of two mantissas is in (1/2, 2)).
  let rh = x.hi;
  let rl = x.lo;
  const q = [0, 0, 0];
  for (let i = 0; i < 96; i++) {
    let bit = 0;
    if (rh > y.hi || (rh === y.hi && rl >= y.lo)) {
      rl -= y.lo;
      rh -= y.hi;
      if (rl < 0) {
        rl += TWO32;
        rh--;
      }
      bit = 1;
    }
    q[i >> 5] = q[i >> 5] * 2 + bit;
    rh = rh * 2 + (rl >>> 31);
    rl = (rl << 1) >>> 0;
  }
  const sticky = rh !== 0 || rl !== 0 ? 1 : 0;
  return roundReg(c, s, x.e - y.e + BIAS, q[0], q[1], (q[2] | sticky) >>> 0, prec);
}

/** The square root. */
export function sqrt(c: Ctx, src: Ext, prec: number): Ext {
  const k = kind(src);
  if (k === K_NAN) return propagateNaN(c, null, src);
  if (k === K_ZERO) return zero(src.s);
  if (src.s === 1) return operr(c);
  if (k === K_INF) return inf(0);
  const x = normalised(src);
  // value = M * 2^E with M the 64-bit mantissa; make E even, then
  // sqrt = isqrt(M * 2^126) * 2^(E/2 - 63), 95 or 96 bits exact plus sticky.
  let E = x.e - BIAS - 63;
  // The radicand M * 2^126 (or 2^127 when E is odd), as 16-bit pieces, most significant first (12 of them).
  const rad = new Array<number>(12).fill(0);
  const put = (shift: number) => {
    // M << shift into the 192-bit radicand.
    const m = [x.hi >>> 16, x.hi & 0xffff, x.lo >>> 16, x.lo & 0xffff];
    const words = shift >> 4;
    const bits = shift & 15;
    for (let i = 0; i < 4; i++) {
      const pos = 11 - words - (3 - i); // index of this piece before the bit shift
      const v = m[i] * 2 ** bits;
      rad[pos] += v % 0x10000;
      if (pos - 1 >= 0) rad[pos - 1] += Math.floor(v / 0x10000);
    }
  };
  if (E & 1) {
    put(127);
    E -= 1;
  } else put(126);
  // Digit-by-digit square root: 96 steps of two radicand bits each.
  let root = [0, 0, 0, 0, 0, 0, 0]; // 112 bits, 16-bit pieces, most significant first
  let rem = [0, 0, 0, 0, 0, 0, 0];
  const shl = (a: number[], n: number, inBits: number) => {
    let carry = inBits;
    for (let i = a.length - 1; i >= 0; i--) {
      const v = a[i] * 2 ** n + carry;
      a[i] = v % 0x10000;
      carry = Math.floor(v / 0x10000);
    }
  };
  for (let i = 95; i >= 0; i--) {
    const bitPos = 2 * i; // of the radicand, from bit 0
    const piece = rad[11 - (bitPos >> 4)];
    const two = (piece >> (bitPos & 15)) & 3;
    shl(rem, 2, two);
    const trial = root.slice();
    shl(trial, 2, 1);
    let ge = true;
    for (let j = 0; j < 7; j++)
      if (rem[j] !== trial[j]) {
        ge = rem[j] > trial[j];
        break;
      }
    if (ge) {
      let borrow = 0;
      for (let j = 6; j >= 0; j--) {
        let v = rem[j] - trial[j] - borrow;
        borrow = 0;
        if (v < 0) {
          v += 0x10000;
          borrow = 1;
        }
        rem[j] = v;
      }
      shl(root, 1, 1);
    } else shl(root, 1, 0);
  }
  root = root.slice(1); // 96 bits in six pieces
  const sticky = rem.some((v) => v !== 0) ? 1 : 0;
  const w0 = root[0] * 0x10000 + root[1];
  const w1 = root[2] * 0x10000 + root[3];
  const w2 = root[4] * 0x10000 + root[5];
  rem = [];
  return roundReg(c, 0, E / 2 + 32 + BIAS, w0, w1, (w2 | sticky) >>> 0, prec);
}

/**
 * Round to an integer in the given mode (FINT with FPCR's mode, FINTRZ
 * with RZ), then to the rounding precision.
 */
export function toInteger(c: Ctx, src: Ext, mode: number, prec: number): Ext {
  const k = kind(src);
  if (k === K_NAN) return propagateNaN(c, null, src);
  if (k !== K_FINITE) return k === K_INF ? inf(src.s) : zero(src.s);
  const x = normalised(src);
  const E = x.e - BIAS;
  if (E >= 63) {
    const local: Ctx = { mode, exc: 0 };
    const r = roundReg(local, x.s, x.e, x.hi, x.lo, 0, prec);
    c.exc |= local.exc;
    return r;
  }
  let ih: number;
  let il: number;
  let half: boolean;
  let rest: boolean;
  if (E < 0) {
    ih = il = 0;
    half = E === -1;
    rest = E < -1 || (x.hi & 0x7fffffff) !== 0 || x.lo !== 0;
  } else {
    const sh = 63 - E; // fraction bits, 1..63
    if (sh >= 32) {
      const t = sh - 32;
      il = t === 0 ? x.hi : x.hi >>> t;
      ih = 0;
      const fracHi = t === 0 ? 0 : (x.hi << (32 - t)) >>> 0; // bits of hi below the point, left-aligned
      half = t === 0 ? x.lo >= 0x80000000 : fracHi >= 0x80000000;
      rest = t === 0 ? (x.lo & 0x7fffffff) !== 0 : (fracHi & 0x7fffffff) !== 0 || x.lo !== 0;
    } else {
      ih = x.hi >>> sh;
      il = ((x.lo >>> sh) | (x.hi << (32 - sh))) >>> 0;
      const frac = (x.lo << (32 - sh)) >>> 0;
      half = frac >= 0x80000000;
      rest = (frac & 0x7fffffff) !== 0;
    }
  }
  if (half || rest) {
    c.exc |= INEX2;
    let up = false;
    if (mode === RN) up = half && (rest || (il & 1) === 1);
    else if (mode === RP) up = x.s === 0;
    else if (mode === RM) up = x.s === 1;
    if (up) {
      il++;
      if (il >= TWO32) {
        il = 0;
        ih++;
      }
    }
  }
  if (ih === 0 && il === 0) return zero(x.s);
  // The precision rounding in the same mode (FINTRZ rounds toward zero throughout).
  const local: Ctx = { mode, exc: 0 };
  const r = roundReg(local, x.s, BIAS + 63, ih, il, 0, prec);
  c.exc |= local.exc;
  return r;
}

/** FGETEXP: the unbiased exponent as a number; FGETMAN: the mantissa scaled to [1, 2). */
export function getexp(c: Ctx, src: Ext): Ext {
  const k = kind(src);
  if (k === K_NAN) return propagateNaN(c, null, src);
  if (k === K_INF) return operr(c);
  if (k === K_ZERO) return zero(src.s);
  return fromInt(normalised(src).e - BIAS);
}

export function getman(c: Ctx, src: Ext): Ext {
  const k = kind(src);
  if (k === K_NAN) return propagateNaN(c, null, src);
  if (k === K_INF) return operr(c);
  if (k === K_ZERO) return zero(src.s);
  const x = normalised(src);
  return { s: x.s, e: BIAS, hi: x.hi, lo: x.lo };
}

/** An integer (|n| < 2^53) exactly. */
export function fromInt(n: number): Ext {
  if (n === 0) return zero(0);
  const s = n < 0 ? 1 : 0;
  const a = Math.abs(n);
  const hi = Math.floor(a / TWO32);
  const lo = a % TWO32;
  return normalised({ s, e: BIAS + 63, hi, lo });
}

/** FSCALE: dst * 2^trunc(src). */
export function scale(c: Ctx, dst: Ext, src: Ext, prec: number): Ext {
  const kd = kind(dst);
  const ks = kind(src);
  if (kd === K_NAN || ks === K_NAN) return propagateNaN(c, dst, src);
  if (ks === K_INF) return operr(c);
  if (kd === K_INF) return inf(dst.s);
  if (kd === K_ZERO) return zero(dst.s);
  let n = 0;
  if (ks === K_FINITE) {
    const y = normalised(src);
    const E = y.e - BIAS;
    // Beyond 2^16 every result overflows or underflows anyway.
    n = E > 16 ? 0x20000 : E < 0 ? 0 : Math.floor(y.hi / 2 ** (31 - E));
    if (y.s) n = -n;
  }
  const x = normalised(dst);
  return roundReg(c, x.s, x.e + n, x.hi, x.lo, 0, prec);
}

/**
 * FMOD (quotient rounded toward zero) and FREM (to nearest, IEEE
 * remainder): dst - q * src, exact, and the quotient byte: the sign of q
 * in bit 7 and its low seven bits.
 */
export function remainder(
  c: Ctx,
  dst: Ext,
  src: Ext,
  ieee: boolean,
  prec: number,
): { r: Ext; quotient: number } {
  const kd = kind(dst);
  const ks = kind(src);
  const qs = (dst.s ^ src.s) << 7;
  if (kd === K_NAN || ks === K_NAN) return { r: propagateNaN(c, dst, src), quotient: 0 };
  if (kd === K_INF || ks === K_ZERO) return { r: operr(c), quotient: 0 };
  if (kd === K_ZERO) return { r: zero(dst.s), quotient: qs };
  if (ks === K_INF)
    return {
      r: roundReg(c, dst.s, normalised(dst).e, normalised(dst).hi, normalised(dst).lo, 0, prec),
      quotient: qs,
    };
  const x = normalised(dst);
  const y = normalised(src);
  const d = x.e - y.e;
  let s = x.s;
  if (d < -1 || (d === -1 && !ieee)) return { r: roundReg(c, s, x.e, x.hi, x.lo, 0, prec), quotient: qs };
  let rh: number;
  let rl: number;
  let e: number; // exponent of bit 63 of the remainder's scale
  let q = 0;
  if (d === -1) {
    // |x| < |y| / 1 ... only FREM gets here: x is the remainder unless 2|x| > |y|.
    rh = x.hi;
    rl = x.lo;
    e = x.e;
    if (rh > y.hi || (rh === y.hi && rl > y.lo)) {
      // |y| - |x| in x's scale: 2*my - mx.
      let l = y.lo * 2 - rl;
      let h = y.hi * 2 - rh;
      if (l >= TWO32) {
        l -= TWO32;
        h++;
      }
      if (l < 0) {
        l += TWO32;
        h--;
      }
      rh = h;
      rl = l;
      s ^= 1;
      q = 1;
    }
  } else {
    rh = x.hi;
    rl = x.lo;
    for (let i = d; ; i--) {
      q = (q * 2) & 0xff;
      if (rh > y.hi || (rh === y.hi && rl >= y.lo)) {
        rl -= y.lo;
        rh -= y.hi;
        if (rl < 0) {
          rl += TWO32;
          rh--;
        }
        q |= 1;
      }
      if (i === 0) break;
      rh = rh * 2 + (rl >>> 31);
      rl = (rl << 1) >>> 0;
    }
    e = y.e;
    if (ieee) {
      // Compare 2r with |y|: round the quotient to nearest, ties to even.
      const th = rh * 2 + (rl >>> 31);
      const tl = (rl << 1) >>> 0;
      const cmp = th !== y.hi ? th - y.hi : tl - y.lo;
      if (cmp > 0 || (cmp === 0 && (q & 1) === 1)) {
        let l = y.lo - rl;
        let h = y.hi - rh;
        if (l < 0) {
          l += TWO32;
          h--;
        }
        rh = h;
        rl = l;
        s ^= 1;
        q++;
      }
    }
  }
  const quotient = qs | (q & 0x7f);
  if (rh === 0 && rl === 0) return { r: zero(x.s), quotient };
  // rh may hold 33 bits after the FREM adjustment at d = -1; round() normalises.
  if (rh >= TWO32)
    return {
      r: roundReg(
        c,
        s,
        e + 1,
        Math.floor(rh / 2),
        ((rl >>> 1) | ((rh & 1) << 31)) >>> 0,
        (rl & 1) << 31,
        prec,
      ),
      quotient,
    };
  return { r: roundReg(c, s, e, rh, rl, 0, prec), quotient };
}
