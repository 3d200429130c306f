/**
 * Random instruction streams in user mode, long run (docs/reliability.md):
 * three seeds of 3,000 streams each. The short run is in
 * test/kernel/insfuzz.test.ts.
 */
import { describe, it } from 'vitest';
import { guestCampaign, tallyLine } from '../kernel/fuzz.js';

const STREAMS = 3000;

describe('random instruction streams (tests/insfuzz), long run', () => {
  it.each([2, 3, 4])(`seed %i: ${STREAMS} streams, each ending in a signal, an exit or SIGKILL`, (seed) => {
    const t = guestCampaign(['/tests/insfuzz', String(seed), String(STREAMS)], STREAMS, 1200);
    console.log(`${tallyLine(`insfuzz seed ${seed}`, t)}\n${t.summary}`);
  });
});
