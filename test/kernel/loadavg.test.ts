/** The load average follows 4.3BSD's exponential decay, sampled every 5 seconds. */
import { describe, expect, it } from 'vitest';
import { CEXP, loadav } from '../../kernel/proc/sched.js';

describe('load average', () => {
  it('decays toward the run-queue length with time constants of 1, 5 and 15 minutes', () => {
    const av = [0, 0, 0];
    // Two runnable processes for 60 seconds (12 samples).
    for (let i = 0; i < 12; i++) loadav(av, 2);
    // Closed form: n (1 - e^(-t/T)) with t = 60 s.
    expect(av[0]).toBeCloseTo(2 * (1 - Math.exp(-60 / 60)), 10);
    expect(av[1]).toBeCloseTo(2 * (1 - Math.exp(-60 / 300)), 10);
    expect(av[2]).toBeCloseTo(2 * (1 - Math.exp(-60 / 900)), 10);
    // Then an idle system: each sample multiplies by e^(-5/T).
    const before = [...av];
    loadav(av, 0);
    for (let i = 0; i < 3; i++) expect(av[i]).toBeCloseTo(before[i] * CEXP[i], 12);
  });
});
