import { describe, expect, it } from 'vitest';
import { add, div, mul, remainder, sqrt, toInteger } from '../../emu/cpu/fpu/arith.js';
import { fromDouble, fromSingle, toDouble, toIntegerOf, toSingle } from '../../emu/cpu/fpu/convert.js';
import { type Ext, fromWords, show } from '../../emu/cpu/fpu/ext.js';
import { DZ, INEX2, OPERR, OVFL, UNFL } from '../../emu/cpu/fpu/status.js';
import {
  arith,
  type Flags,
  type Op,
  remainder as oracleRemainder,
  roundInt,
  toInt,
  toMemory,
  type W,
} from './fpu-oracle.js';
import { prng, randomExt } from './fpu-values.js';

// The emulator's arithmetic against the exact BigInt oracle (fpu-oracle.ts):
// every operation in every rounding mode and precision on operands drawn
// to hit the special values, denormals, overflow, underflow and ties.

const MODES = [0, 1, 2, 3];
const PRECS = [64, 53, 24];
const N = 300;

const words = (x: Ext): W => [(x.s << 15) | x.e, x.hi >>> 0, x.lo >>> 0];
const hex = (w: W) => show(fromWords(w[0], w[1], w[2]));

/** The emulator's exception bits that the oracle's flags predict. */
function expectedExc(f: Flags): number {
  return (
    (f.inexact ? INEX2 : 0) |
    (f.overflow ? OVFL : 0) |
    (f.tiny ? UNFL : 0) |
    (f.invalid ? OPERR : 0) |
    (f.divzero ? DZ : 0)
  );
}
const MASK = INEX2 | OVFL | UNFL | OPERR | DZ;

/** A finite or infinite operand (NaN propagation is checked against QEMU and by hand). */
function operand(r: () => number): W {
  for (;;) {
    const x = randomExt(r);
    if ((x[0] & 0x7fff) !== 0x7fff || ((x[1] & 0x7fffffff) === 0 && x[2] === 0)) return x;
  }
}

const emulate: Record<Op, (c: { mode: number; exc: number }, a: Ext, b: Ext, p: number) => Ext> = {
  add: (c, a, b, p) => add(c, a, b, false, p),
  sub: (c, a, b, p) => add(c, a, b, true, p),
  mul: (c, a, b, p) => mul(c, a, b, p),
  div: (c, a, b, p) => div(c, a, b, p),
  sqrt: (c, _a, b, p) => sqrt(c, b, p),
};

describe('FPU arithmetic against the exact oracle', () => {
  for (const op of ['add', 'sub', 'mul', 'div', 'sqrt'] as Op[])
    it(`${op}: every mode and precision, bit for bit with the exception bits`, () => {
      const r = prng(op.length * 1000 + op.charCodeAt(0));
      const bad: string[] = [];
      let checked = 0;
      for (let i = 0; i < N; i++) {
        let a = operand(r);
        let b = operand(r);
        if (op === 'sqrt' && r() & 1) b = [b[0] & 0x7fff, b[1], b[2]];
        if (i % 7 === 0) a = [a[0], b[1], b[2] ^ 1]; // near-equal mantissas: cancellation
        for (const mode of MODES)
          for (const prec of PRECS) {
            const want = arith(op, a, b, prec, mode);
            const c = { mode, exc: 0 };
            const got = emulate[op](c, fromWords(...a), fromWords(...b), prec);
            checked++;
            const gw = words(got);
            const nan = (gw[0] & 0x7fff) === 0x7fff && ((gw[1] & 0x7fffffff) !== 0 || gw[2] !== 0);
            const okValue = want.r === 'nan' ? nan : gw.every((v, j) => v === (want.r as W)[j]);
            const okExc = (c.exc & MASK) === expectedExc(want.f);
            if ((!okValue || !okExc) && bad.length < 10)
              bad.push(
                `${op} ${hex(a)} ${hex(b)} mode ${mode} prec ${prec}: got ${hex(gw)} exc ${c.exc.toString(16)}, want ${
                  want.r === 'nan' ? 'NaN' : hex(want.r)
                } exc ${expectedExc(want.f).toString(16)}`,
              );
          }
      }
      expect(bad).toEqual([]);
      expect(checked).toBe(N * 12);
    });

  it('FMOD and FREM: remainder and quotient byte, every mode and precision', () => {
    const r = prng(31);
    const bad: string[] = [];
    let checked = 0;
    for (let i = 0; i < N; i++) {
      const a = operand(r);
      const b = operand(r);
      if ((a[0] & 0x7fff) === 0x7fff || (b[0] & 0x7fff) === 0x7fff || (b[1] === 0 && b[2] === 0)) continue;
      if (i % 4 === 0) b[0] = (b[0] & 0x8000) | ((a[0] & 0x7fff) - (r() % 70)); // quotients of many bits
      if ((b[0] & 0x7fff) === 0) continue;
      for (const ieee of [false, true])
        for (const mode of MODES)
          for (const prec of PRECS) {
            const want = oracleRemainder(a, b, ieee, prec, mode);
            const c = { mode, exc: 0 };
            const got = remainder(c, fromWords(...a), fromWords(...b), ieee, prec);
            const gw = words(got.r);
            checked++;
            if (
              (!gw.every((v, j) => v === want.r[j]) ||
                got.quotient !== want.quotient ||
                (c.exc & MASK) !== expectedExc(want.f)) &&
              bad.length < 10
            )
              bad.push(
                `${ieee ? 'frem' : 'fmod'} ${hex(a)} ${hex(b)} mode ${mode} prec ${prec}: got ${hex(gw)} q ${got.quotient.toString(16)} exc ${c.exc.toString(16)}, want ${hex(want.r)} q ${want.quotient.toString(16)} exc ${expectedExc(want.f).toString(16)}`,
              );
          }
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(N * 12);
  });

  it('FINT and FINTRZ: every mode and precision', () => {
    const r = prng(77);
    const bad: string[] = [];
    for (let i = 0; i < 2 * N; i++) {
      const a = operand(r);
      for (const mode of MODES)
        for (const prec of PRECS)
          for (const rz of [false, true]) {
            const m = rz ? 1 : mode;
            const want = roundInt(a, prec, m);
            const c = { mode, exc: 0 };
            const gw = words(toInteger(c, fromWords(...a), m, prec));
            const ok = want.r !== 'nan' && gw.every((v, j) => v === (want.r as W)[j]);
            if ((!ok || (c.exc & MASK) !== expectedExc(want.f)) && bad.length < 10)
              bad.push(
                `fint${rz ? 'rz' : ''} ${hex(a)} mode ${mode} prec ${prec}: got ${hex(gw)} ${c.exc.toString(16)}`,
              );
          }
    }
    expect(bad).toEqual([]);
  });

  it('FMOVE out to single and double: rounding, overflow, denormals, every mode', () => {
    const r = prng(5);
    const bad: string[] = [];
    for (let i = 0; i < 4 * N; i++) {
      const a = operand(r);
      // Often near the destination's range ends.
      if (i % 3 === 0) a[0] = (a[0] & 0x8000) | (0x3fff + (r() & 1 ? 1 : -1) * (120 + (r() % 40)));
      if (i % 3 === 1) a[0] = (a[0] & 0x8000) | (0x3fff + (r() & 1 ? 1 : -1) * (1015 + (r() % 60)));
      for (const mode of MODES) {
        const c1 = { mode, exc: 0 };
        const s = toSingle(c1, fromWords(...a));
        const ws = toMemory(a, 's', mode);
        if ((BigInt(s) !== ws.bits || (c1.exc & MASK) !== expectedExc(ws.f)) && bad.length < 10)
          bad.push(
            `single ${hex(a)} mode ${mode}: ${s.toString(16)} ${c1.exc.toString(16)} want ${ws.bits.toString(16)}`,
          );
        const c2 = { mode, exc: 0 };
        const [h, l] = toDouble(c2, fromWords(...a));
        const wd = toMemory(a, 'd', mode);
        if (((BigInt(h) << 32n) | BigInt(l)) !== wd.bits || (c2.exc & MASK) !== expectedExc(wd.f))
          if (bad.length < 10) bad.push(`double ${hex(a)} mode ${mode}: ${h.toString(16)}${l.toString(16)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('FMOVE out to byte, word and long: rounding and operand errors', () => {
    const r = prng(9);
    const bad: string[] = [];
    for (let i = 0; i < 4 * N; i++) {
      const a = operand(r);
      if (i & 1) a[0] = (a[0] & 0x8000) | (0x3fff + (r() % 34));
      for (const mode of MODES)
        for (const bytes of [1, 2, 4]) {
          const c = { mode, exc: 0 };
          const v = toIntegerOf(c, fromWords(...a), bytes);
          const want = toInt(a, bytes, mode);
          const ok =
            want.v === null ? (c.exc & OPERR) !== 0 : v === want.v && (c.exc & MASK) === expectedExc(want.f);
          if (!ok && bad.length < 10)
            bad.push(`int${bytes} ${hex(a)} mode ${mode}: ${v} ${c.exc.toString(16)} want ${want.v}`);
        }
    }
    expect(bad).toEqual([]);
  });

  it('single and double operands convert in exactly, and back unchanged', () => {
    const r = prng(11);
    for (let i = 0; i < 2000; i++) {
      const bits = r();
      const nan = (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0;
      if (nan) continue;
      const c = { mode: 0, exc: 0 };
      expect(toSingle(c, fromSingle(c, bits))).toBe(bits >>> 0);
      expect(c.exc & ~UNFL).toBe(0);
      c.exc = 0;
      const h = r();
      const l = r();
      if ((h & 0x7ff00000) === 0x7ff00000) continue;
      const [h2, l2] = toDouble(c, fromDouble(c, h, l));
      expect([h2, l2]).toEqual([h >>> 0, l >>> 0]);
      expect(c.exc & ~UNFL).toBe(0); // a denormal is tiny (UNFL) but exact
      c.exc = 0;
    }
  });
});
