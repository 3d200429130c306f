/**
 * A small seeded pseudo-random generator for the differential tester: the
 * same seed must give the same cases on every machine and Node version, so
 * Math.random is out. The state is four 32-bit words mixed with add, xor and
 * rotate (a "small fast counter" style generator); seeding runs the seed
 * through a splitmix-like scrambler first so that nearby seeds diverge.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniformly distributed 32-bit value, as a signed integer. */
  u32(): number {
    const t = (this.s0 + this.s1 + this.s3) | 0;
    this.s3 = (this.s3 + 1) | 0;
    this.s0 = this.s1 ^ (this.s1 >>> 9);
    this.s1 = (this.s2 + (this.s2 << 3)) | 0;
    this.s2 = ((this.s2 << 21) | (this.s2 >>> 11)) + t;
    this.s2 |= 0;
    return t;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(((this.u32() >>> 0) / 0x100000000) * n);
  }

  /** An integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return (this.u32() >>> 0) / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** Pick from `items` with integer `weights` (same length). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.below(total);
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }
}
