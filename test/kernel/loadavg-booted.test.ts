/**
 * The load average of a running kernel: two compute-bound processes for 30
 * seconds of emulated time, then `uptime`, whose numbers must be what 4.3BSD's
 * formula gives for a run queue of two, sampled every 5 seconds.
 */
import { describe, expect, it } from 'vitest';
import { rootImage, runOn } from './helpers.js';

/** avenrun after `samples` samples of `nrun` runnable processes, from 0, for a time constant of `minutes`. */
function expected(nrun: number, samples: number, minutes: number): number {
  const decay = Math.exp(-5 / (60 * minutes));
  let avg = 0;
  for (let i = 0; i < samples; i++) avg = avg * decay + nrun * (1 - decay);
  return avg;
}

describe('the load average of a booted machine', () => {
  it('with two processes computing for 30 s, climbs to what the formula gives for a run queue of 2', () => {
    const r = runOn(rootImage(), '/bin/sh', [
      'sh',
      '-c',
      '/tests/matmul 1000 & /tests/matmul 1000 & sleep 30; uptime',
    ]);
    expect(r.status).toBe(0);
    // uptime ran at 30 s and some (the two programs started in the first
    // second): the kernel sampled at 5, 10, ..., 30 s, six times, with both
    // programs runnable each time (the shell and sleep were asleep).
    const seconds = r.cycles / 20_000_000;
    expect(seconds).toBeGreaterThanOrEqual(30);
    expect(seconds).toBeLessThan(35);
    const m = /load average: (\d+\.\d\d), (\d+\.\d\d), (\d+\.\d\d)\n$/.exec(r.output);
    expect(m).not.toBeNull();
    const [one, five, fifteen] = [1, 2, 3].map((i) => Number(m?.[i]));
    // uptime prints 2048ths cut to two decimals: within 0.02 of the formula.
    // One sample more or fewer would be 0.1 off.
    expect(Math.abs(one - expected(2, 6, 1))).toBeLessThan(0.02); // 0.787
    expect(Math.abs(five - expected(2, 6, 5))).toBeLessThan(0.02); // 0.190
    expect(Math.abs(fifteen - expected(2, 6, 15))).toBeLessThan(0.02); // 0.066
    // The longer the time constant, the slower the climb.
    expect(five).toBeLessThan(one);
    expect(fifteen).toBeLessThan(five);
  });
});
