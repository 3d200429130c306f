/**
 * The load-sharing decision function against its table: the C original
 * in loadd (`loadd -T` on a booted machine reads the vectors and prints
 * its decisions) and the experiment's TypeScript mirror.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../emu/experiment/policy.js';
import { session } from '../kernel/helpers.js';
import { TABLE } from './policy-table.js';

describe('the load-sharing decision function', () => {
  it.each(TABLE)('mirror: $why', ({ input, want }) => {
    const d = decide(...(input.slice(0, 5) as [number, number, number, number, number]), input[5] === 1);
    expect([d.migrate ? 1 : 0, d.region, d.ltAfter]).toEqual(want);
  });

  it("loadd's own (C) decision function gives every row of the table", () => {
    const rows = TABLE.map((r) => r.input.join(' ')).join('\n');
    const out = session(`/sbin/loadd -T\n${rows}\n\x04`, 3);
    const answers = [...out.matchAll(/= ([01] [123] -?\d+)/g)].map((m) => m[1]);
    expect(answers).toEqual(TABLE.map((r) => r.want.join(' ')));
  });
});
