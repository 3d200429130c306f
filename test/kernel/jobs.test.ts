/** Job control at the console, typed as a user would: &, jobs, fg, ^Z, bg, ^C, and ps in a pipeline. */
import { describe, expect, it } from 'vitest';
import { typeSteps } from './helpers.js';

describe('job control at the console', () => {
  it('runs sleep 100 in the background, brings it back, stops, continues and interrupts it', () => {
    const out = typeSteps([
      ['sleep 100 &\n', 1],
      ['jobs\n', 1],
      ['fg\n', 1],
      ['\x1a', 1], // ^Z
      ['jobs\n', 1],
      ['bg\n', 1],
      ['ps -l | wc -l\n', 2],
      ['fg\n', 1],
      ['\x03', 1], // ^C
      ['jobs\n', 1],
      ['echo still here\n', 1],
    ]);
    expect(out).toMatch(/\[1\] \d+\n/);
    expect(out).toMatch(/\[1\]\+? +Running +sleep 100/);
    expect(out).toMatch(/\[1\]\+? +Stopped +sleep 100/);
    // ps -l: a header and init, sh, sleep, ps, wc.
    expect(out).toMatch(/\n\s*6\n/);
    expect(out).toContain('still here');
    // After ^C the job is gone.
    const afterInterrupt = out.slice(out.lastIndexOf('^C'));
    expect(afterInterrupt).not.toMatch(/sleep 100/);
  });
});
