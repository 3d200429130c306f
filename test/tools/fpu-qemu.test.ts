import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../emu/cpu/cpu.js';
import { runFpuDifftest } from './fpu-difftest.js';

// The MC68881 against qemu-m68k (fpu-difftest.ts): random FPU instructions,
// operands, rounding modes and precisions; every difference must be a
// listed QEMU deviation or one the exact oracle settles in sun3lab's favour.
const dir = mkdtempSync(join(tmpdir(), 'fpu-qemu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(ENGINES)('MC68881 against qemu-m68k, %s', (engine) => {
  it.each([1, 2, 3])('seed %i: 3,000 cases, no unexplained differences', async (seed) => {
    const r = await runFpuDifftest(seed, 3000, dir, engine);
    expect(r.failures.slice(0, 5)).toEqual([]);
    // Most cases are compared in full, not excused.
    expect(r.compared).toBeGreaterThan(2400);
  });
});
