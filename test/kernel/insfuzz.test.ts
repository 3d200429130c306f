/**
 * Random instruction streams in user mode, a short run (the long one is in
 * test/long; docs/reliability.md): tests/insfuzz jumps into pages of
 * seeded random 68020 words, each stream in a child with a handler for
 * every signal. Every stream ends with the Unix answer (a signal, an exit,
 * or SIGKILL for one that loops); no panic, no host exception.
 */
import { describe, expect, it } from 'vitest';
import { guestCampaign, tallyLine } from './fuzz.js';

describe('random instruction streams (tests/insfuzz)', () => {
  it('runs 1000 streams from seed 1, each ending in a signal, an exit or SIGKILL', () => {
    const t = guestCampaign(['/tests/insfuzz', '1', '1000'], 1000, 300);
    console.log(`${tallyLine('insfuzz seed 1', t)}\n${t.summary}`);
    // The answers the 68020 and the kernel give: illegal and privileged
    // instructions, line A and F, bad addresses, divisions by zero...
    expect(t.summary).toMatch(/caught .*ILL:\d+/);
    expect(t.summary).toMatch(/EMT:\d+/);
    expect(t.summary).toMatch(/SEGV:\d+/);
  });
});
