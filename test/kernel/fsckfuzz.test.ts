/**
 * The machine's fsck on the corrupted-image campaign's damaged disks, short
 * run (test/long/fsckfuzz.test.ts has the long one): each image is mended
 * by fsck -p, or refused by it and mended by fsck -y, or refused by both as
 * no file system at all; a mended one checks clean twice (docs/reliability.md).
 */
import { describe, expect, it } from 'vitest';
import { diskfuzzBase, fsckCampaign } from './fuzz.js';

describe('fsck on damaged disks (the corrupted-image campaign, seed 1)', () => {
  it('mends or refuses every one of 24 images, never dying of a signal', () => {
    const r = fsckCampaign(diskfuzzBase(), 1, 24);
    console.log(
      `fsck campaign, seed 1: ${r.cases} images: ${r.untouched} consistent, ${r.preened} preened, ` +
        `${r.repairedByYes} refused by -p and mended by -y, ${r.notAFileSystem} not a file system`,
    );
    expect(r.cases).toBe(24);
    // The damage reaches both kinds: what preening mends, and what it must leave to -y.
    expect(r.preened + r.repairedByYes).toBeGreaterThan(0);
  }, 300_000);
});
