/**
 * The crash-consistency test, long run: 16 seeds of each way of stopping
 * churn (48 cases). The short run is test/cli/crash.test.ts; what is
 * checked is described in test/cli/crash.ts and docs/reliability.md.
 */
import { describe, expect, it } from 'vitest';
import { crashCases, describeResult, runCrashCampaign } from '../cli/crash.js';

describe('crash consistency, long run', () => {
  it('48 stops of churn: fsck -p mends every disk, and every fsync’d file is intact', async () => {
    const results = await runCrashCampaign(crashCases(2, 16));
    for (const r of results) {
      const why = `${describeResult(r)}\n${r.fsckOutput}`;
      expect(r.problems, why).toEqual([]);
      expect(r.clean, why).toBe(true);
      expect(r.damaged, why).toEqual([]);
      expect(r.repair, why).not.toBe('yes');
      if (r.method === 'timeout') {
        expect(r.repair, why).toBe('clean');
        expect(r.unsyncedWhole, why).toBe(r.unsynced);
      }
    }
    const lost = results.filter((r) => r.method !== 'timeout' && r.unsyncedWhole < r.unsynced).length;
    expect(lost).toBeGreaterThan(0);
    const synced = results.reduce((n, r) => n + r.synced, 0);
    console.log(
      `crash consistency: ${results.length} cases, ${synced} fsync'd files checked, ` +
        `${lost} crashes that lost data never fsync'd\n${results.map(describeResult).join('\n')}`,
    );
  }, 1_800_000);
});
