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
      ['ps\n', 1],
      ['bg\n', 1],
      ['jobs\n', 1],
      ['ps\n', 1],
      ['ps -l | wc -l\n', 2],
      ['fg\n', 1],
      ['\x03', 1], // ^C
      ['jobs\n', 1],
      ['ps\n', 1],
      ['echo still here\n', 1],
    ]);
    // What each command printed: the echo of the command line, then its output, up to the next prompt.
    const [started, jobs1, fg1, jobs2, ps1, bg, jobs3, ps2, count, fg2, jobs4, ps3, echo, end] =
      out.split('\n# ');
    const pid = /^sleep 100 &\n\[1\] (\d+)$/.exec(started)?.[1];
    expect(pid).toBeDefined();
    /** ps's line for the sleep, if it has one: `PID PPID PGRP STAT ...`. */
    const sleepLine = (ps: string) => ps.split('\n').find((l) => l.trim().split(/ +/)[0] === pid);
    expect(jobs1).toMatch(/^jobs\n\[1\]\+? +Running +sleep 100$/);
    expect(fg1).toMatch(/^fg\nsleep 100\n\^Z\n\[1\]\+? +Stopped +sleep 100$/);
    expect(jobs2).toMatch(/^jobs\n\[1\]\+? +Stopped +sleep 100$/);
    expect(sleepLine(ps1)).toMatch(/^ +\d+ +\d+ +\d+ T +co .* sleep$/); // stopped
    // bg continues it: the shell says so, and the kernel has it asleep again (S), no longer stopped (T).
    expect(bg).toMatch(/^bg\n\[1\] sleep 100 &$/);
    expect(jobs3).toMatch(/^jobs\n\[1\]\+? +Running +sleep 100$/);
    expect(sleepLine(ps2)).toMatch(/^ +\d+ +\d+ +\d+ S +co .* sleep$/);
    // ps -l: a header and init, sh, sleep, ps, wc.
    expect(count).toMatch(/^ps -l \| wc -l\n +6$/);
    // ^C ends it: no job left, no such process.
    expect(fg2).toMatch(/^fg\nsleep 100\n\^C$/);
    expect(jobs4).toBe('jobs');
    expect(ps3).toMatch(/^ps\n +PID/);
    expect(sleepLine(ps3)).toBeUndefined();
    expect(ps3).not.toContain('sleep');
    expect(echo).toBe('echo still here\nstill here');
    expect(end).toBe(''); // and a last prompt
  });
});
