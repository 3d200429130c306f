import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../emu/cpu/cpu.js';
import { runVectorFile, SKIP } from '../../emu/cpu/singlestep.js';

const dir = join(import.meta.dirname, '../fixtures/cpu/m68000');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json.gz'))
  .sort();

describe.each(ENGINES)('68000 single-step vectors (fixture subset), %s', (engine) => {
  const skips = new Map<string, number>();

  it('has the whole instruction set in the fixtures', () => {
    expect(files.length).toBe(127);
  });

  it.each(files)('%s', async (file) => {
    const r = await runVectorFile(join(dir, file), { maxFailuresShown: 5, engine });
    expect(r.failures).toEqual([]);
    expect(r.failed).toBe(0);
    // Every file has vectors a 68020 must match; skips are the documented
    // 68000-only cases and may not swallow a file.
    expect(r.passed).toBeGreaterThan(0);
    expect(r.passed + r.skipped).toBe(120);
    for (const [why, n] of r.skips) skips.set(why, (skips.get(why) ?? 0) + n);
  });

  // The exact count for each reason: a bug that turned failures into skips
  // would change them.
  it('skips exactly the documented 68000-only vectors', () => {
    expect(Object.fromEntries(skips)).toEqual({ [SKIP.addressError]: 2602, [SKIP.moveFromSR]: 31 });
  });
});
