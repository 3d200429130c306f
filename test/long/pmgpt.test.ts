/**
 * Longer random workloads for the global process table (test/pm/workload.ts):
 * more seeds and more steps than the default suite's one.
 */
import { describe, it } from 'vitest';
import { randomWorkload } from '../pm/workload.js';

describe('the global process table under long random workloads', () => {
  it.each([3, 8, 13])(
    'seed %i: 40 steps of forks, migrations, kills, exits and waits on four machines',
    (seed) => {
      randomWorkload(seed, 40);
    },
    900_000,
  );
});
