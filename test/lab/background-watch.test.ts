/**
 * A script watches a background job: `sieve &` then `ps` shows sieve
 * running, because a scripted line is typed when the process reading the
 * console (the shell) waits for it, not when the whole machine is idle —
 * in `sun3lab boot` with piped input and in a lab's --exec alike.
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { ROOT, SHIM } from '../cli/spawn.js';

/** The COMMAND column of ps listings, one list per listing. */
function listings(out: string): string[][] {
  const all: string[][] = [];
  for (const line of out.split('\n')) {
    const l = line.replace(/^sun0\| /, '');
    if (/^\s+PID\s+PPID/.test(l)) all.push([]);
    else if (all.length > 0 && /^\s+\d+\s+\d+/.test(l))
      all[all.length - 1].push(l.trim().split(/\s+/).pop() ?? '');
  }
  return all;
}

it('sun3lab boot: ps typed after `sieve &` sees sieve running; after wait, gone', () => {
  const r = spawnSync(process.execPath, [SHIM, 'boot'], {
    cwd: ROOT,
    input: '/tests/sieve > /dev/null &\nps\nwait\nps\n',
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  const ps = listings(r.stdout);
  expect(ps.length).toBe(2);
  expect(ps[0]).toContain('sieve');
  expect(ps[1]).not.toContain('sieve');
});

it('sun3lab lab --exec: the same script watches the job on sun0, deterministically', () => {
  const args = [
    SHIM,
    'lab',
    '--machines',
    '1',
    '--exec',
    'sun0:/tests/sieve > /dev/null &',
    '--exec',
    'sun0:ps',
  ];
  const runs = [0, 1].map(() => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }));
  for (const r of runs) {
    expect(r.status).toBe(0);
    expect(listings(r.stdout)[0]).toContain('sieve');
  }
  expect(runs[1].stdout).toBe(runs[0].stdout);
});
