import { describe, expect, it } from 'vitest';
import { fsck, MemoryDisk } from '../../kernel/fs/ufs/index.js';
import { CRASHES, cleanImage, DAMAGE, damage, populated } from './damage.js';
import { sameBytes } from './helpers.js';

// The images the fsck tests use (test/fs/damage.ts): each crash state and
// each kind of damage is one the host checker sees, and the random damage
// is the same for the same seed. /sbin/fsck itself runs on them in
// test/tools/fsck.test.ts.

describe('the damage generator', () => {
  it('starts from file systems that check clean', () => {
    expect(fsck(new MemoryDisk(cleanImage(1))).problems).toEqual([]);
    const r = fsck(populated(2).disk);
    expect(r.problems).toEqual([]);
    expect(r.clean).toBe(false);
  });

  it.each(Object.keys(CRASHES))('leaves a crash state the host checker sees: %s', (name) => {
    const c = CRASHES[name](5);
    const r = fsck(new MemoryDisk(c.bytes));
    // stale free counts are not damage in a file system that was not unmounted: only noted
    expect([...r.problems, ...r.notes].length).toBeGreaterThan(0);
    expect(r.clean).toBe(false);
  });

  it.each(Object.keys(DAMAGE))('makes damage the host checker sees: %s', (name) => {
    const r = fsck(new MemoryDisk(DAMAGE[name](5).bytes));
    expect(r.problems.length).toBeGreaterThan(0);
  });

  it('damages the same way for the same seed, and differently for others', () => {
    const base = populated(9).disk.bytes;
    const a = base.slice();
    const b = base.slice();
    const c = base.slice();
    expect(damage(a, 17)).toEqual(damage(b, 17));
    expect(sameBytes(a, b)).toBe(true);
    damage(c, 18);
    expect(sameBytes(a, c)).toBe(false);
  });

  it('finds damage in most random images (some hits, like a flipped bit in a name, are invisible)', () => {
    let seen = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const bytes = populated(seed).disk.bytes.slice();
      damage(bytes, seed);
      if (fsck(new MemoryDisk(bytes)).problems.length > 0) seen++;
    }
    expect(seen).toBeGreaterThan(20);
  });
});
