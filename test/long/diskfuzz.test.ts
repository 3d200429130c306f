/**
 * Corrupted root images, long run (docs/reliability.md): two seeds of 300
 * damaged images each, every one booted to run tests/fswalk. The short run
 * is in test/kernel/diskfuzz.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { diskCampaign, diskfuzzBase, HOST_KB } from '../kernel/fuzz.js';

const IMAGES = 300;

describe('corrupted root images (booting and mounting), long run', () => {
  const base = diskfuzzBase();
  it.each([2, 3])(`seed %i: ${IMAGES} damaged images, never a host exception or a hang`, (seed) => {
    const r = diskCampaign(base, seed, IMAGES);
    console.log(
      `diskfuzz seed ${seed}: ${r.cases} images, ${(r.hostMs / 1000).toFixed(1)} s on the host: ${r.refused} refused ` +
        `to boot, ${r.panics} panics, ${r.ran} ran (${r.ranWithErrors} of them got errors)\n` +
        [...r.reasons].map(([why, n]) => `  ${n} x ${why}`).join('\n'),
    );
    expect(r.stuck).toEqual([]);
    expect(r.hostKB).toBeLessThan(HOST_KB);
    expect(r.cases).toBe(IMAGES);
    for (const why of r.reasons.keys()) expect(why).not.toContain('\n');
  });
});
