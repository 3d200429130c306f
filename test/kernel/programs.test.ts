/**
 * The C test programs of userland/tests, from the committed root image, each
 * run on a freshly booted machine (under /bin/sh, so that it has a parent):
 * every check must PASS and the exit status must be 0.
 */
import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rootImage, runOn, session } from './helpers.js';

const dir = new URL('../../images/root/tests/', import.meta.url);
// (tests/port holds the porting suite: test/kernel/port.test.ts runs it.)
const programs = readdirSync(dir)
  .filter((name) => statSync(new URL(name, dir)).isFile())
  .sort();

describe('test programs on a booted Sun-3/60', () => {
  it('finds the programs', () => {
    expect(programs).toEqual(
      expect.arrayContaining(['efault', 'fileio', 'forkwait', 'grow', 'matmul', 'sieve']),
    );
  });

  it.each(programs)('%s passes', (name) => {
    const r = runOn(rootImage(), '/bin/sh', ['sh', '-c', `/tests/${name}`]);
    expect(r.output).not.toMatch(/FAIL/);
    expect(r.output).toMatch(new RegExp(`${name}: PASS \\(\\d+ checks, 0 failed\\)`));
    expect(r.status).toBe(0);
  });

  it('the matrix multiply takes the same cycles on every run', () => {
    const a = runOn(rootImage(), '/tests/matmul', ['matmul']);
    const b = runOn(rootImage(), '/tests/matmul', ['matmul']);
    expect(a.status).toBe(0);
    expect(a.cycles).toBe(b.cycles);
    expect(a.station.machine.cpu.instructions).toBe(b.station.machine.cpu.instructions);
  });
});

describe('the shell on the console', () => {
  it('boots to a # prompt where ls -l /bin and cat /etc/motd work', () => {
    const out = session('ls -l /bin\n', 5);
    expect(out).toContain('root on sd0a fstype 4.2');
    expect(out).toMatch(/-rwxr-xr-x +1 root +\d+ .* sh\n/);
    const motd = session('cat /etc/motd\n', 3);
    expect(motd).toContain('Welcome.');
  });

  it('runs commands, keeps the exit status, and changes directory', () => {
    const out = session('false; echo status $?\ncd /tmp; pwd\necho "a  b" c\n', 5);
    expect(out).toContain('status 1');
    expect(out).toContain('/tmp\n');
    expect(out).toContain('a  b c\n');
  });
});
