/** The seeded random streams: reproducible, independent of creation order, different per seed and name. */
import { describe, expect, it } from 'vitest';
import { Random } from '../../emu/net/random.js';

function draw(r: Random, n = 8): number[] {
  return Array.from({ length: n }, () => r.next());
}

describe('Random', () => {
  it('gives the same numbers for the same seed and stream name', () => {
    expect(draw(new Random(42).stream('segment/ether0'))).toEqual(
      draw(new Random(42).stream('segment/ether0')),
    );
    expect(draw(new Random('lab').stream('a'))).toEqual(draw(new Random('lab').stream('a')));
  });

  it('a stream does not depend on other streams, their order or their draws', () => {
    const root = new Random(7);
    const a1 = root.stream('machine/0');
    draw(a1, 1000);
    const b1 = root.stream('machine/1');
    const b2 = new Random(7).stream('machine/1');
    expect(draw(b1)).toEqual(draw(b2));
    expect(draw(root.stream('machine').stream('1'))).toEqual(draw(new Random(7).stream('machine/1')));
  });

  it('differs between seeds, names, and the seed 1 and "1"', () => {
    const ref = draw(new Random(1).stream('x'));
    expect(draw(new Random(2).stream('x'))).not.toEqual(ref);
    expect(draw(new Random(1).stream('y'))).not.toEqual(ref);
    expect(draw(new Random('1').stream('x'))).not.toEqual(ref);
  });

  it('int is in range and roughly uniform; float in [0, 1); chance follows p', () => {
    const r = new Random(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (r.chance(0.1)) hits++;
    expect(Math.abs(hits - 1000)).toBeLessThan(150);
    expect(() => r.int(0)).toThrow(/bad bound/);
    expect(() => new Random(1.5)).toThrow(/seed/);
  });
});
