/**
 * The one rule for scripted input, in `sun3lab boot` too: a line is typed
 * when a process reads the console and nothing typed waits for it, even
 * while a job computes in the background (it used to wait for the machine
 * to be idle).
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { ROOT, SHIM } from '../cli/spawn.js';

it('sun3lab boot types the next line while a background job computes', () => {
  const r = spawnSync(process.execPath, [SHIM, 'boot'], {
    cwd: ROOT,
    input: '/tests/matmul > /dev/null &\ndate\nwait\ndate\n',
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  const dates = r.stdout.split('\n').filter((l) => /^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d GMT 1990$/.test(l));
  expect(dates.length).toBe(2);
  // matmul computes for almost four seconds: the first date came before it ended, the second after.
  const secs = dates.map((d) => Number(/:(\d\d) GMT/.exec(d)?.[1]));
  expect(secs[0]).toBeLessThanOrEqual(1);
  expect(secs[1]).toBeGreaterThanOrEqual(3);
});
