import { describe, expect, it } from 'vitest';
import { EINVAL, EIO, Errno } from '../../kernel/errno.js';
import { crc32, SBSIZE } from '../../kernel/fs/ufs/fs.js';
import {
  BSIZE,
  FsError,
  fsck,
  type Inode,
  MemoryDisk,
  mkfs,
  NDADDR,
  Ufs,
} from '../../kernel/fs/ufs/index.js';
import { freshFs, pattern, prng } from './helpers.js';

function mountError(disk: MemoryDisk): FsError {
  try {
    Ufs.mount(disk);
  } catch (e) {
    if (e instanceof FsError) return e;
    throw e;
  }
  throw new Error('mounted');
}

/** A populated, unmounted image. */
function image(): MemoryDisk {
  const { disk, fs } = freshFs(96);
  const root = fs.root();
  const d = fs.mkdir(root, 'etc', 0o755, 0, 0);
  for (let i = 0; i < 20; i++) {
    const f = fs.create(d, `file${i}`, 0o644, 0, 0);
    fs.writei(f, i * 1000, pattern(i * 700 + 1, i));
    fs.iput(f);
  }
  const big = fs.create(root, 'big', 0o755, 0, 0);
  fs.writei(big, 0, pattern((NDADDR + 3) * BSIZE, 3));
  fs.iput(big);
  fs.iput(fs.symlink(root, 'link', '/etc/file1', 0, 0));
  fs.iput(fs.mknod(root, 'null', 0o020666, 0x0302, 0, 0));
  fs.iput(d);
  fs.iput(root);
  fs.unmount();
  return disk;
}

/** Walk the whole tree, reading every file and link: what a booting kernel would touch. */
function walk(fs: Ufs): number {
  let n = 0;
  const visit = (dp: Inode, depth: number) => {
    if (depth > 20) return;
    for (const e of fs.readdir(dp).entries) {
      if (e.name === '.' || e.name === '..') continue;
      const ip = fs.iget(e.ino);
      try {
        n++;
        if (ip.isDir()) visit(ip, depth + 1);
        else if (ip.isLnk()) fs.readlink(ip);
        else if (ip.isReg()) fs.readi(ip, 0, new Uint8Array(Math.min(ip.size, 1 << 20)));
      } finally {
        fs.iput(ip);
      }
    }
  };
  const root = fs.root();
  try {
    visit(root, 0);
  } finally {
    fs.iput(root);
  }
  return n;
}

describe('damaged images', () => {
  it('refuses what is not a file system, with a message', () => {
    const zero = new MemoryDisk(new Uint8Array(16 * BSIZE));
    const e = mountError(zero);
    expect(e.errno).toBe(EINVAL);
    expect(e.message).toMatch(/not a sun3lab file system/);
    expect(mountError(new MemoryDisk(new Uint8Array(BSIZE))).message).toMatch(/too small/);
    expect(mountError(new MemoryDisk(new Uint8Array(4 * 1024), 1024)).message).toMatch(/block size/);
  });

  it('detects a changed superblock (checksum) and inconsistent layouts', () => {
    const disk = image();
    disk.bytes[BSIZE + 13] ^= 1; // fs_size
    const e = mountError(disk);
    expect(e.errno).toBe(EIO);
    expect(e.message).toBe('superblock checksum mismatch');
  });

  it('checks the layout numbers even when the checksum matches', () => {
    const disk = MemoryDisk.zeroed(64);
    mkfs(disk);
    // A superblock claiming more blocks than the device has.
    const small = new MemoryDisk(disk.bytes.slice(0, 32 * BSIZE));
    expect(mountError(small).message).toMatch(/file system of 64 blocks on a device of 32 blocks/);
  });

  it('refuses bitmaps that free the metadata, and a root that is not a directory', () => {
    const disk = image();
    const copy = disk.bytes.slice();
    const fs0 = Ufs.mount(new MemoryDisk(copy), { readonly: true });
    const { fs_bmapblk, fs_iblkno } = fs0.sb;
    disk.bytes[fs_bmapblk * BSIZE] &= ~0x04; // block 2
    expect(mountError(disk).message).toMatch(/metadata block 2 marked free/);
    disk.bytes.set(copy);
    disk.bytes[fs_iblkno * BSIZE + 2 * 128] = 0x80; // root mode → regular file
    expect(mountError(disk).message).toMatch(/root inode is not a directory/);
  });

  it('turns damaged inodes, block pointers and directories into EIO, never a crash', () => {
    const disk = image();
    const fs0 = Ufs.mount(new MemoryDisk(disk.bytes.slice()), { readonly: true });
    const root0 = fs0.root();
    const etc = fs0.iget(fs0.lookup(root0, 'etc'));
    const big = fs0.iget(fs0.lookup(root0, 'big'));
    const etcBlock = etc.db[0];
    const { fs_iblkno, fs_size } = fs0.sb;
    const bigIno = big.ino;
    const bigInd = big.ib[0];
    const v = new DataView(disk.bytes.buffer);

    // A block pointer outside the file system.
    v.setUint32(fs_iblkno * BSIZE + bigIno * 128 + 40, fs_size + 5);
    // An indirect entry outside it.
    v.setUint32(bigInd * BSIZE + 4, 3);
    // A directory record length of 0.
    v.setUint16(etcBlock * BSIZE + 12 + 4, 0);
    const fs = Ufs.mount(disk, { readonly: true });
    const root = fs.root();
    const ip = fs.iget(fs.lookup(root, 'big'));
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(Errno);
        return (e as Errno).errno;
      }
      return 0;
    };
    expect(err(() => fs.readi(ip, 0, new Uint8Array(10)))).toBe(EIO);
    expect(err(() => fs.readi(ip, (NDADDR + 1) * BSIZE, new Uint8Array(10)))).toBe(EIO);
    expect(fs.readi(ip, BSIZE, new Uint8Array(10))).toBe(10); // the rest of the file is fine
    const etc2 = fs.iget(fs.lookup(root, 'etc'));
    expect(err(() => fs.lookup(etc2, 'file3'))).toBe(EIO);
    expect(err(() => fs.iget(12345))).toBe(EINVAL);
    for (const x of [ip, etc2, root]) fs.iput(x);
    expect(fsck(disk).ok).toBe(false);
    for (const x of [etc, big, root0]) fs0.iput(x);
  });

  it('survives random damage to the metadata: only Errno ever comes out', () => {
    const pristine = image();
    const fs0 = Ufs.mount(new MemoryDisk(pristine.bytes.slice()), { readonly: true });
    const metaEnd = fs0.sb.fs_dblkno * BSIZE;
    // The root and etc directory blocks and the first data blocks are worth hitting too.
    const dataEnd = (fs0.sb.fs_dblkno + 12) * BSIZE;
    const rnd = prng(42);
    let mounted = 0;
    let errors = 0;
    for (let trial = 0; trial < 300; trial++) {
      const disk = new MemoryDisk(pristine.bytes.slice());
      const flips = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < flips; i++) {
        // Mostly the superblock's block, the bitmaps and the inode table; sometimes directory data.
        const r = rnd();
        const at =
          r < 0.15
            ? BSIZE + Math.floor(rnd() * 100)
            : r < 0.7
              ? 2 * BSIZE + Math.floor(rnd() * (metaEnd - 2 * BSIZE))
              : metaEnd + Math.floor(rnd() * (dataEnd - metaEnd));
        disk.bytes[at] ^= 1 << Math.floor(rnd() * 8);
      }
      // Re-sign the superblock now and then so damage behind a valid checksum gets through.
      if (rnd() < 0.5) {
        const v = new DataView(disk.bytes.buffer);
        v.setUint32(BSIZE + SBSIZE - 4, crc32(disk.bytes.subarray(BSIZE, BSIZE + SBSIZE - 4)));
      }
      const report = fsck(disk); // must not throw
      expect(Array.isArray(report.problems)).toBe(true);
      for (const readonly of [true, false]) {
        const copy = new MemoryDisk(disk.bytes.slice());
        let fs: Ufs;
        try {
          fs = Ufs.mount(copy, { readonly });
        } catch (e) {
          expect(e).toBeInstanceOf(Errno);
          errors++;
          continue;
        }
        mounted++;
        try {
          walk(fs);
          if (!readonly) {
            // Changes on a damaged file system: errors allowed, crashes not.
            const root = fs.root();
            try {
              const f = fs.create(root, 'new', 0o644, 0, 0);
              fs.writei(f, 0, pattern(3 * BSIZE, 1));
              fs.iput(f);
              fs.unlink(root, 'new');
              fs.unlink(root, 'big');
              fs.rename(root, 'etc', root, 'etc2');
            } finally {
              fs.iput(root);
            }
          }
        } catch (e) {
          expect(e).toBeInstanceOf(Errno);
          errors++;
        }
      }
    }
    expect(mounted).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });
});
