/**
 * Host input that must not take the host down: piped input is bounded and
 * paced, a machine waiting for input that never comes still reaches its
 * --timeout, a scripted `boot` ends even when nothing reads the console.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measured, SHIM, textLines } from './spawn.js';

const STATS = /^stats: ([\d.]+) s emulated, .* (\d+) cycles \(/m;

const work = mkdtempSync(join(tmpdir(), 'sun3lab-input-'));

describe('piped input', () => {
  it('/dev/zero into cat: the timeout comes, in bounded time and memory', async () => {
    const zero = openSync('/dev/zero', 'r');
    const r = await measured(['run', '--timeout', '5', '/bin/cat'], zero);
    closeSync(zero);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(STATS);
    expect(r.stderr).toMatch(/\nsun3lab: \/bin\/cat did not exit within 5 s of emulated time\n$/);
    expect(r.ms).toBeLessThan(30_000);
    if (r.peakMB > 0) expect(r.peakMB).toBeLessThan(250);
  });

  it('input that stops coming: emulated time follows the wall clock, so the timeout comes after about 5 s', async () => {
    const r = await measured(['run', '--timeout', '5', '/bin/cat'], { keepOpen: 'abc' });
    expect(r.code).toBe(1);
    expect(STATS.exec(r.stderr)?.[1]).toBe('5.000');
    expect(r.stderr).toMatch(/\nsun3lab: \/bin\/cat did not exit within 5 s of emulated time\n$/);
    expect(r.ms).toBeGreaterThan(4500);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('256 KB of lines through cat | wc -c: every byte arrives, and a file or a pipe gives the same run', () => {
    const text = textLines(256 * 1024);
    const file = join(work, 'lines.txt');
    writeFileSync(file, text);
    const args = [SHIM, 'run', '/bin/sh', '-c', 'cat | wc -c'];
    const fd = openSync(file, 'r');
    const fromFile = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: [fd, 'pipe', 'pipe'] });
    closeSync(fd);
    expect(fromFile.stdout.trim()).toBe(String(256 * 1024));
    expect(fromFile.status).toBe(0);
    const fromPipe = spawnSync(process.execPath, args, { encoding: 'utf8', input: text });
    expect(fromPipe.stdout).toBe(fromFile.stdout);
    expect(fromPipe.stderr).toBe(fromFile.stderr); // the same cycle counts
  });
});

describe('a scripted boot ends', () => {
  it('when the shell has stopped itself and nothing reads the console', async () => {
    const r = spawnSync(process.execPath, [SHIM, 'boot'], {
      encoding: 'utf8',
      input: 'kill -STOP $$\necho never\n',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/# kill -STOP \$\$\n$/);
    const lines = r.stderr.split('\n').filter((l) => l);
    expect(lines).toHaveLength(2);
    expect(Number(STATS.exec(r.stderr)?.[1])).toBeGreaterThanOrEqual(600);
    expect(lines[1]).toBe(
      'sun3lab: stopped: nothing was typed, read or written on the console for 600 s of emulated time; 11 bytes of input were not typed',
    );
  });

  it('at --timeout, with a one-line message', () => {
    const r = spawnSync(process.execPath, [SHIM, 'boot', '--timeout', '2'], {
      encoding: 'utf8',
      input: 'sleep 100\n',
    });
    expect(r.status).toBe(1);
    expect(STATS.exec(r.stderr)?.[1]).toBe('2.000');
    expect(r.stderr).toMatch(
      /\nsun3lab: the machine was still running after 2 s of emulated time \(--timeout\)\n$/,
    );
    const bad = spawnSync(process.execPath, [SHIM, 'boot', '--timeout', '0'], {
      encoding: 'utf8',
      input: '',
    });
    expect(bad.stderr).toBe('sun3lab: --timeout must be a number of seconds greater than 0\n');
  });

  it('at --timeout while the input stops coming', async () => {
    const r = await measured(['boot', '--timeout', '3'], { keepOpen: 'echo hi\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('# echo hi\nhi\n# ');
    expect(r.stderr).toMatch(
      /\nsun3lab: the machine was still running after 3 s of emulated time \(--timeout\)\n$/,
    );
    expect(r.ms).toBeGreaterThan(2000);
  });
});
