/**
 * The system-call fuzzer, long run (docs/reliability.md): four seeds of
 * 60,000 cases each, every one on a fresh machine that must not panic and
 * whose disk must check clean afterwards. The short run is in
 * test/kernel/sysfuzz.test.ts.
 */
import { describe, it } from 'vitest';
import { guestCampaign, tallyLine } from '../kernel/fuzz.js';

const CASES = 60_000;

describe('the system-call fuzzer (tests/sysfuzz), long run', () => {
  it.each([2, 3, 4, 5])(`seed %i: ${CASES} calls without a panic, and the disk checks clean`, (seed) => {
    const t = guestCampaign(['/tests/sysfuzz', String(seed), String(CASES)], CASES, 3000);
    console.log(`${tallyLine(`sysfuzz seed ${seed}`, t)}\n${t.summary}`);
  });
});
