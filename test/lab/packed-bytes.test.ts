/**
 * A byte array kept as its non-zero pages (emu/lab/packed-bytes.ts), as
 * the machines' memories and the root image are put into the lab's
 * start-up snapshot: unpacked, it has the same bytes; packing empties the
 * array's buffer, every view of it included.
 */
import { describe, expect, it } from 'vitest';
import {
  PACK_PAGE as PAGE,
  packBytes,
  readPacked,
  unpackBytes,
  wasPacked,
} from '../../emu/lab/packed-bytes.js';

describe('packBytes and unpackBytes', () => {
  it('keep only the pages that hold anything, and give back the same bytes', () => {
    const a = new Uint8Array(64 * PAGE);
    a[0] = 1; // page 0
    a[5 * PAGE + PAGE - 1] = 0xff; // the last byte of page 5
    a.fill(7, 20 * PAGE + 100, 22 * PAGE + 3); // pages 20, 21 and 22
    a[63 * PAGE] = 9; // the last page
    const copy = a.slice();
    const p = packBytes(a);
    expect([...p.pages]).toEqual([0, 5, 20, 21, 22, 63]);
    expect(p.data.length).toBe(6 * PAGE);
    const back = unpackBytes(p);
    expect(Buffer.from(back).equals(copy)).toBe(true);
  });

  it('read any range of the bytes without unpacking them (readPacked)', () => {
    const a = new Uint8Array(40 * PAGE + 512);
    for (const p of [0, 1, 7, 8, 9, 30, 40]) a.fill(p + 1, p * PAGE + 3, Math.min(a.length, p * PAGE + 700));
    a[40 * PAGE + 511] = 0xee;
    const copy = a.slice();
    const p = packBytes(a);
    for (const [at, len] of [
      [0, 8 * PAGE],
      [8 * PAGE, 8 * PAGE],
      [PAGE + 5, 3 * PAGE],
      [10 * PAGE, 20 * PAGE],
      [29 * PAGE + 700, 11 * PAGE - 200],
      [copy.length - 1, 1],
      [copy.length, 0],
    ]) {
      const dst = new Uint8Array(len).fill(0x55);
      readPacked(p, at, dst);
      expect(Buffer.from(dst).equals(copy.subarray(at, at + len))).toBe(true);
    }
    expect(() => readPacked(p, copy.length - 1, new Uint8Array(2))).toThrow(RangeError);
  });

  it('handle a last page shorter than the others, and an array of zeros', () => {
    const a = new Uint8Array(3 * PAGE + 1024);
    a[3 * PAGE + 1023] = 42;
    const copy = a.slice();
    const back = unpackBytes(packBytes(a));
    expect(back.length).toBe(copy.length);
    expect(Buffer.from(back).equals(copy)).toBe(true);
    const zeros = packBytes(new Uint8Array(4 * PAGE));
    expect(zeros.pages.length).toBe(0);
    expect(unpackBytes(zeros)).toEqual(new Uint8Array(4 * PAGE));
  });

  it('leave out the pages of another fill byte: a table of -1s', () => {
    const t = new Int32Array(16 * (PAGE / 4)).fill(-1);
    t[3] = 0x2000;
    t[t.length - 1] = 0;
    const copy = t.slice();
    const p = packBytes(t, 0xff);
    expect([...p.pages]).toEqual([0, 15]);
    expect(new Int32Array(unpackBytes(p).buffer)).toEqual(copy);
  });

  it('empty the packed buffer and every view of it', () => {
    const a = new Uint8Array(2 * PAGE).fill(1);
    const view = a.subarray(100, 200);
    packBytes(a);
    expect(a.length).toBe(0);
    expect(view.length).toBe(0);
    expect(wasPacked(a.buffer)).toBe(true);
    expect(wasPacked(new Uint8Array(8).buffer)).toBe(false);
  });

  it('take only a whole buffer', () => {
    const a = new Uint8Array(2 * PAGE);
    expect(() => packBytes(a.subarray(PAGE))).toThrow(/whole buffer/);
    expect(() => packBytes(new Uint8Array(6))).toThrow(/whole buffer/);
  });
});
