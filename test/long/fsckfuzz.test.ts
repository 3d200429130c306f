/**
 * The machine's fsck on the corrupted-image campaign's damaged disks, long
 * run: seeds 2 and 3, 150 images each. The short run is
 * test/kernel/fsckfuzz.test.ts; what is checked is in fsckCampaign
 * (test/kernel/fuzz.ts) and docs/reliability.md.
 */
import { describe, expect, it } from 'vitest';
import { diskfuzzBase, fsckCampaign } from '../kernel/fuzz.js';

const CASES = 150;

describe('fsck on damaged disks, long run', () => {
  const base = diskfuzzBase();
  it.each([2, 3])(`seed %i: ${CASES} images mended or refused`, (seed) => {
    const r = fsckCampaign(base, seed, CASES);
    console.log(
      `fsck campaign, seed ${seed}: ${r.cases} images: ${r.untouched} consistent, ${r.preened} preened, ` +
        `${r.repairedByYes} refused by -p and mended by -y, ${r.notAFileSystem} not a file system`,
    );
    expect(r.cases).toBe(CASES);
    expect(r.preened).toBeGreaterThan(0);
    expect(r.repairedByYes).toBeGreaterThan(0);
  });
});
