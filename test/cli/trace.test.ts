/**
 * The command line of the trace and the meter (docs/tracing.md):
 * --trace-what takes a list of classes, a .jsonl trace file holds events of
 * the lab's schema, and `sun3lab stat` prints a line per interval of
 * emulated time, the same every run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventProblem } from '../../emu/lab/events.js';
import { sun3lab } from './spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-trace-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sun3lab run --trace-what', () => {
  it('takes several classes at once', async () => {
    const file = join(dir, 'two.txt');
    const r = await sun3lab([
      'run',
      '--trace',
      file,
      '--trace-what',
      'syscalls,signals',
      '/bin/sh',
      '-c',
      'kill -TERM $$',
    ]);
    expect(r.code).toBe(128 + 15);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ +\d+\.\d{6} 1 kill\(1, SIGTERM\) = 0 {2}<\d+\.\d us>$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ +\d+\.\d{6} 1 SIGTERM posted$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^ +\d+\.\d{6} 1 SIGTERM not caught: the process exits$/),
    );
  });

  it('refuses a class it does not know, in one line', async () => {
    const r = await sun3lab([
      'run',
      '--trace',
      join(dir, 'x.txt'),
      '--trace-what',
      'syscalls,pagefaults',
      '/bin/true',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--trace-what: unknown trace class "pagefaults"/);
  });

  it('writes events of the lab schema to a .jsonl file', async () => {
    const file = join(dir, 'trace.jsonl');
    const r = await sun3lab(['run', '--trace', file, '--trace-what', 'syscalls,faults', '/bin/echo', 'hi']);
    expect(r.code).toBe(0);
    const events = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const e of events) expect(eventProblem(e)).toBeNull();
    expect(events.some((e) => e.class === 'faults' && /^page fault at 0x2020 \(read\)/.test(e.text))).toBe(
      true,
    );
    expect(events.at(-1)).toMatchObject({
      type: 'trace',
      machine: 'sun0',
      class: 'syscalls',
      pid: 1,
      text: 'exit(0)',
    });
    expect(events.map((e) => e.t)).toEqual([...events.map((e) => e.t)].sort((a, b) => a - b));
  });
});

describe('sun3lab stat', () => {
  it('prints a line per interval of emulated time, the same every run', async () => {
    const args = ['stat', '--interval', '0.25', '/bin/sleep', '1'];
    const r = await sun3lab(args);
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0].trim().split(/\s+/)).toEqual([
      'time',
      'insns',
      'usr%',
      'sys%',
      'idle%',
      'faults',
      'calls',
      'intr',
      'csw',
      'fr-in',
      'fr-out',
    ]);
    const rows = lines.slice(1, -1).map((l) => l.trim().split(/\s+/));
    expect(rows.map((c) => c[0])).toEqual([
      '0.250',
      '0.500',
      '0.750',
      '1.000',
      expect.stringMatching(/^1\.0\d\d$/),
    ]);
    // Asleep: idle all the time but for the clock's 25 interrupts of each quarter second.
    for (const c of rows.slice(1, 3)) {
      expect(Number(c[4])).toBeGreaterThan(99);
      expect(c[7]).toBe('25');
      expect(c[6]).toBe('0');
    }
    expect(lines.at(-1)).toMatch(/^stats: /);
    const again = await sun3lab(args);
    expect(again.stderr).toBe(r.stderr);
  });
});
