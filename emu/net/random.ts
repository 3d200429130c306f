/**
 * Seeded random numbers for a lab, split into independent named streams.
 *
 * A lab has one seed. Every consumer (each segment's fault injector, each
 * machine) takes its own stream, named by what it is ("segment/ether0",
 * "machine/2"): the stream's state is a hash of the seed and the name, so
 * it does not depend on which streams were made before it, in which order,
 * or how many numbers the others have drawn. Machines may then run in any
 * order, or on other threads, and still draw the same numbers.
 *
 * The generator is xoshiro128** (Blackman and Vigna): 128 bits of state,
 * 32-bit output, all in 32-bit integer arithmetic.
 */

/** A seed: a number or a string ("42", "lab-3"). */
export type Seed = number | string;

/** MurmurHash3's finalizer: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string's UTF-8 bytes, varied by `salt`. */
function hashString(s: string, salt: number): number {
  let h = fmix32(salt ^ 0x9e3779b9);
  for (const b of new TextEncoder().encode(s)) {
    h = Math.imul(h ^ b, 0x01000193);
    h = (h << 13) | (h >>> 19);
  }
  return fmix32(h ^ s.length);
}

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** The root generator of seed `seed` (the empty stream name). */
  constructor(
    readonly seed: Seed = 0,
    /** The stream's name; "" for the root. */
    readonly name = '',
  ) {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed))
      throw new Error(`seed must be an integer or a string (got ${seed})`);
    const key = `${typeof seed}:${seed}\u0000${name}`;
    this.s0 = hashString(key, 1);
    this.s1 = hashString(key, 2);
    this.s2 = hashString(key, 3);
    this.s3 = hashString(key, 4);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one state xoshiro cannot leave
  }

  /**
   * The independent stream `name` of this generator's seed (a child of this
   * stream: "segment" then "ether0" is "segment/ether0"). It depends only on
   * the seed and the name, never on what has been drawn.
   */
  stream(name: string): Random {
    return new Random(this.seed, this.name === '' ? name : `${this.name}/${name}`);
  }

  /** The next 32 random bits, unsigned. */
  next(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.next() >>> 5; // 27 bits
    const lo = this.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform integer in [0, n), for 1 <= n <= 2^32 (no modulo bias). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new Error(`Random.int: bad bound ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.next();
      if (x < limit) return x % n;
    }
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
