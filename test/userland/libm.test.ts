/**
 * libm beyond the 68881's own instructions, on a booted machine:
 * /tests/mathlib measures the Bessel functions and the rest against the
 * vectors of test/fixtures/fp/gen-libm.py (the host's glibc and a
 * correctly rounded mpmath reference) and fails a function whose largest
 * error passes its bound; without a file (test/kernel/programs.test.ts runs
 * it so) it checks values, identities, matherr and errno.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installFile } from '../../emu/lab/disk.js';
import { rootImage, runOn } from '../kernel/helpers.js';

const vectors = readFileSync(new URL('../fixtures/fp/libm-vectors.txt', import.meta.url));

describe('libm against glibc and a correctly rounded reference', () => {
  it('keeps every function within its bound in ulps', () => {
    const lines = vectors
      .toString('latin1')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.filter((l) => /^[jy][01n]\|/.test(l)).length).toBeGreaterThan(2000);
    const image = rootImage();
    installFile(image, '/tmp/vectors', new Uint8Array(vectors), 0o644);
    const r = runOn(image, '/tests/mathlib', ['mathlib', '/tmp/vectors'], '', 600);
    expect(r.output).not.toMatch(/FAIL:/);
    for (const name of ['j0', 'j1', 'y0', 'y1', 'jn', 'yn', 'erf', 'lgamma', 'pow']) {
      expect(r.output).toMatch(new RegExp(`PASS: ${name} +\\d+ points: largest error`));
    }
    expect(r.output).toMatch(/mathlib: PASS \(22 checks, 0 failed\)/);
    expect(r.status).toBe(0);
  }, 300_000);

  it('prints the message of a DOMAIN or SING error that no matherr handled', () => {
    const r = runOn(rootImage(), '/tests/mathlib', ['mathlib']);
    expect(r.output).toContain('y0: SING error');
    expect(r.output).toContain('y1: DOMAIN error');
    expect(r.output).not.toContain('exp: '); // OVERFLOW: errno only
    expect(r.output).toMatch(/mathlib: PASS \(\d+ checks, 0 failed\)/);
  }, 120_000);
});
