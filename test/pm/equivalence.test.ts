/**
 * Migration equivalence in the default suite: two compute-bound programs,
 * two seeds each (test/pm/equivalence.ts says what is checked; the long
 * sweep is test/long/pmequiv.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkEquivalence } from './equivalence.js';

describe('a migrated program is the program unmigrated', () => {
  it.each([
    { argv: ['matmul', '10'], seed: 2 }, // four hops
    { argv: ['matmul', '10'], seed: 3 }, // two
    { argv: ['sieve', '-big'], seed: 3 }, // two
    { argv: ['sieve', '-big'], seed: 10 }, // five
  ])(
    '$argv.0 (seed $seed): same output, status and user instructions',
    ({ argv, seed }) => {
      const { hops } = checkEquivalence(argv, seed);
      expect(hops.length).toBeGreaterThanOrEqual(2);
    },
    300_000,
  );
});
