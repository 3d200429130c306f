/** select leaves no timeouts behind when it returns before its timeout. */
import { describe, expect, it } from 'vitest';
import { NET_CALLOUTS } from '../../kernel/net/net.js';
import { rootImage, runOn } from './helpers.js';

describe('select', () => {
  it('cancels its timeout when it returns early', () => {
    // /tests/select makes 300 selects with a 10 s timeout that return at once,
    // and finishes well within 10 s: none of those callouts may be left
    // (only the network's protocol timers, which run for ever).
    const r = runOn(rootImage(), '/bin/sh', ['sh', '-c', '/tests/select']);
    expect(r.output).toMatch(/select: PASS/);
    expect(r.station.kernel.calloutCount).toBe(NET_CALLOUTS);
  });
});
