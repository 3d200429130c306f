/**
 * The crash-consistency test, short run (test/long/crash.test.ts has the
 * long one): churn stopped by --timeout, by a power failure and by SIGKILL
 * of sun3lab; fsck mends the disk, and what was fsync'd is all there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashCases, describeResult, runCrashCampaign } from './crash.js';
import { node, SHIM } from './spawn.js';

describe('crash consistency', () => {
  it('after a clean stop, a power failure or a kill, fsck mends the disk and every fsync’d file is intact', async () => {
    const results = await runCrashCampaign(crashCases(1, 2));
    for (const r of results) {
      const why = `${describeResult(r)}\n${r.fsckOutput}`;
      expect(r.problems, why).toEqual([]);
      expect(r.clean, why).toBe(true);
      expect(r.damaged, why).toEqual([]);
      expect(r.syncedIntact, why).toBe(r.synced);
      // Preening is enough after any of the three: a crash leaves only what -p mends.
      expect(r.repair, why).not.toBe('yes');
      if (r.method === 'timeout') {
        // The clean stop writes everything and marks the disk clean: nothing to mend, nothing lost.
        expect(r.repair, why).toBe('clean');
        expect(r.unsyncedWhole, why).toBe(r.unsynced);
      }
    }
    // The workload really ran before each stop.
    for (const r of results) expect(r.synced + r.unsynced, describeResult(r)).toBeGreaterThan(5);
    // And a power failure really loses what was never fsync'd (the kernel's delayed writes).
    const power = results.filter((r) => r.method === 'power');
    expect(power.reduce((n, r) => n + r.unsynced - r.unsyncedWhole, 0)).toBeGreaterThan(0);
    console.log(results.map(describeResult).join('\n'));
  }, 300_000);

  it('leaves a --trace cut short by a kill valid up to its last whole line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-trace-'));
    try {
      const trace = join(dir, 'trace.txt');
      const r = await node(
        SHIM,
        ['run', '--disk', join(dir, 'd.img'), '--trace', trace, '/tests/churn', '9', '0'],
        {
          env: { SUN3LAB_KILL_AFTER_WRITES: '800' },
        },
      );
      expect(r.code).toBeNull(); // killed
      const text = readFileSync(trace, 'latin1');
      expect(text.length).toBeGreaterThan(0);
      expect(text.endsWith('\n')).toBe(true);
      for (const line of text.slice(0, -1).split('\n'))
        expect(line).toMatch(/^ *\d+\.\d{6} \d+ [a-z_0-9]+\(.*\)( = .* {2}<\d+\.\d us>)?$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
