/**
 * Corrupted root images, booting and mounting (docs/reliability.md): a
 * small root image is damaged in seeded ways (superblock fields, bitmaps,
 * inodes, directory blocks, indirect blocks) and a machine booted on it
 * runs tests/fswalk, which walks and changes the file system. Whatever the
 * damage, the answer is a refusal to boot with a one-line reason, a panic
 * of that machine, or a program that runs and gets error numbers (EIO
 * above all) — never a host exception and never a machine that hangs. A
 * short run; the long one is in test/long.
 */
import { describe, expect, it } from 'vitest';
import { Station } from '../../emu/lab/station.js';
import { EIO } from '../../kernel/errno.js';
import { INOPB } from '../../kernel/fs/ufs/fs.js';
import { BSIZE, MemoryDisk, Ufs } from '../../kernel/fs/ufs/index.js';
import { errnoOf } from '../fs/helpers.js';
import { bootDamaged, diskCampaign, diskfuzzBase, HOST_KB } from './fuzz.js';
import { aout, hex, makeImage } from './helpers.js';

describe('corrupted root images (booting and mounting)', () => {
  it('100 damaged images from seed 1: refused, panicked or answered with errors, never a host exception', () => {
    const base = diskfuzzBase();
    const undamaged = bootDamaged(base.bytes.slice(), 30, 'the undamaged image');
    expect(undamaged).toMatchObject({ kind: 'ran', status: 0 });
    const r = diskCampaign(base, 1, 100);
    console.log(
      `diskfuzz seed 1: ${r.cases} images, ${(r.hostMs / 1000).toFixed(1)} s on the host: ${r.refused} refused to boot, ` +
        `${r.panics} panics, ${r.ran} ran (${r.ranWithErrors} of them got errors)\n` +
        [...r.reasons].map(([why, n]) => `  ${n} x ${why}`).join('\n'),
    );
    expect(r.stuck).toEqual([]);
    expect(r.hostKB).toBeLessThan(HOST_KB);
    expect(r.cases).toBe(100);
    // The damage is reached: some images are refused, some runs meet it.
    expect(r.refused).toBeGreaterThan(0);
    expect(r.ranWithErrors).toBeGreaterThan(0);
    for (const why of r.reasons.keys()) expect(why).not.toContain('\n');
  });

  it('a symbolic link whose size says 2 GB is EIO, not 2 GB of host memory', () => {
    const base = diskfuzzBase();
    const fs0 = Ufs.mount(new MemoryDisk(base.bytes), { readonly: true });
    const big = fs0.iget(fs0.lookup(fs0.root(), 'big'));
    const ino = fs0.lookup(big, 'gone');
    const at = (base.iblkno + Math.floor(ino / INOPB)) * BSIZE + (ino % INOPB) * 128;
    new DataView(base.bytes.buffer).setUint32(at + 12, 0x7fffffff); // di_size
    const fs = Ufs.mount(new MemoryDisk(base.bytes), { readonly: true });
    const link = fs.iget(ino);
    expect(() => fs.readlink(link)).toThrow(new RegExp(`^symbolic link ${ino}: size 2147483647$`));
    expect(errnoOf(() => fs.readlink(link))).toBe(EIO);
  });

  it('a damaged /dev is a refusal that says what boot was doing', () => {
    const bytes = makeImage({ '/prog': aout(hex('4e71')) }, 256);
    const fs = Ufs.mount(new MemoryDisk(bytes));
    const root = fs.root();
    const dev = fs.iget(fs.lookup(root, 'dev'));
    fs.unlink(dev, 'console');
    fs.iput(dev);
    fs.iput(root);
    fs.unmount();
    expect(
      () => new Station({ disk: bytes, program: { path: '/prog', argv: ['prog'] }, consoleSink: () => {} }),
    ).toThrow(/^cannot open \/dev\/console: no such file or directory$/);
  });
});
