/**
 * The long sweep of migration equivalence (test/pm/equivalence.ts): every
 * compute-bound program of /tests, migrated 0 to 5 times along seeded
 * random chains at seeded random instants, is the program unmigrated —
 * output, exit status and user instructions.
 */
import { describe, it } from 'vitest';
import { checkEquivalence } from '../pm/equivalence.js';

const PROGRAMS = [
  ['matmul', '10'],
  ['matmul', '24'],
  ['sieve', '-big'],
  ['dhry', '40000'],
  ['sortx', '3000'],
];
const SEEDS = [1, 2, 3, 5, 9, 10, 11];

describe('migration equivalence, the long sweep', () => {
  for (const argv of PROGRAMS)
    for (const seed of SEEDS)
      it(`${argv.join(' ')} (seed ${seed})`, () => {
        checkEquivalence(argv, seed);
      });
});
