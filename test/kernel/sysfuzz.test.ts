/**
 * The system-call fuzzer, a short run (the long one is in test/long;
 * docs/reliability.md): tests/sysfuzz as process 1 of a booted machine
 * makes every call number 0-300 and the SunOS 4 calls with boundary,
 * random and bad-pointer arguments from disposable workers. No panic, no
 * host exception, every case made, and the disk checks clean afterwards.
 */
import { describe, expect, it } from 'vitest';
import { guestCampaign, tallyLine } from './fuzz.js';

describe('the system-call fuzzer (tests/sysfuzz)', () => {
  it('makes 6000 calls from seed 1 without a panic, and the disk checks clean', () => {
    const t = guestCampaign(['/tests/sysfuzz', '1', '6000'], 6000, 300);
    console.log(`${tallyLine('sysfuzz seed 1', t)}\n${t.summary}`);
    expect(t.summary).toMatch(/workers run as/);
  });
});
