import { describe, expect, it } from 'vitest';
import { EBUSY, EFBIG, EINVAL, ENOSPC, EROFS } from '../../kernel/errno.js';
import {
  BSIZE,
  fsck,
  IFDIR,
  IFREG,
  LOSTFOUND_MODE,
  LOSTFOUNDINO,
  MAXFILESIZE,
  MemoryDisk,
  mkfs,
  NDADDR,
  NINDIR,
  ROOTINO,
  Ufs,
} from '../../kernel/fs/ufs/index.js';
import { bytes, checkClean, errnoOf, freshFs, pattern, readAll, sameBytes } from './helpers.js';

describe('format and mount', () => {
  it('makes an empty file system that mounts, lists ".", ".." and lost+found, and checks clean', () => {
    const disk = MemoryDisk.zeroed(128);
    const sb = mkfs(disk, { time: { sec: 631152000, usec: 0 }, volname: 'test' });
    expect(sb.fs_size).toBe(128);
    expect(sb.fs_ninode).toBe(128);
    expect(fsck(disk).problems).toEqual([]);
    const fs = Ufs.mount(disk);
    expect(fs.wasClean).toBe(true);
    expect(fs.sb.fs_volname).toBe('test');
    const root = fs.root();
    expect(root.ino).toBe(ROOTINO);
    expect(root.isDir()).toBe(true);
    expect(root.nlink).toBe(3);
    expect(root.mtime.sec).toBe(631152000);
    expect(fs.readdir(root).entries.map((e) => [e.name, e.ino])).toEqual([
      ['.', 2],
      ['..', 2],
      ['lost+found', LOSTFOUNDINO],
    ]);
    // lost+found, as 4.3BSD's mkfs makes it: root's only, and a whole block of room for fsck
    const lf = fs.iget(LOSTFOUNDINO);
    expect(lf.mode).toBe(IFDIR | LOSTFOUND_MODE);
    expect(lf.size).toBe(BSIZE);
    expect(lf.nlink).toBe(2);
    expect(fs.readdir(lf).entries.map((e) => [e.name, e.ino])).toEqual([
      ['.', LOSTFOUNDINO],
      ['..', 2],
    ]);
    fs.iput(lf);
    const st = fs.statfs();
    expect(st.blocks).toBe(128 - sb.fs_dblkno);
    expect(st.bfree).toBe(st.blocks - 2);
    expect(st.ffree).toBe(128 - 4);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('marks the file system active while mounted and clean after unmount', () => {
    const { disk, fs } = freshFs(64);
    expect(fsck(disk).clean).toBe(false);
    expect(() => Ufs.mount(disk)).not.toThrow(); // a second look at an active file system is allowed
    fs.unmount();
    expect(fsck(disk).clean).toBe(true);
  });

  it('refuses to unmount while inodes are referenced (EBUSY) unless forced', () => {
    const { fs } = freshFs(64);
    const root = fs.root();
    expect(errnoOf(() => fs.unmount())).toBe(EBUSY);
    fs.iput(root);
    fs.unmount();
    expect(() => fs.root()).toThrow();
  });

  it('keeps files across unmount and mount', () => {
    const { disk, fs } = freshFs(64);
    const root = fs.root();
    const ip = fs.create(root, 'hello', 0o644, 5, 6);
    fs.writei(ip, 0, bytes('hello, world\n'));
    fs.iput(ip);
    fs.iput(root);
    fs.unmount();
    const fs2 = Ufs.mount(disk, { readonly: true });
    const r2 = fs2.root();
    const ip2 = fs2.iget(fs2.lookup(r2, 'hello'));
    expect(ip2.mode).toBe(IFREG | 0o644);
    expect(ip2.uid).toBe(5);
    expect(ip2.gid).toBe(6);
    expect(ip2.nlink).toBe(1);
    expect(new TextDecoder().decode(readAll(fs2, ip2))).toBe('hello, world\n');
    expect(errnoOf(() => fs2.writei(ip2, 0, bytes('x')))).toBe(EROFS);
    expect(errnoOf(() => fs2.create(r2, 'new', 0o644, 0, 0))).toBe(EROFS);
  });
});

describe('file data', () => {
  it('reads back direct, single-indirect and double-indirect blocks', () => {
    const { disk, fs } = freshFs(512);
    const root = fs.root();
    const ip = fs.create(root, 'big', 0o644, 0, 0);
    // A contiguous run from block 0 through the single indirect range and into the double.
    const lbnDouble = NDADDR + NINDIR + 3;
    const data = pattern(20 * BSIZE + 123, 1);
    expect(fs.writei(ip, 0, data)).toBe(data.length);
    // Sparse pieces far out: the end of the single indirect range, deep in the double.
    const a = pattern(5000, 2);
    const b = pattern(BSIZE + 10, 3);
    const offA = (NDADDR + NINDIR - 1) * BSIZE + 4000;
    const offB = lbnDouble * BSIZE + 4096 + NINDIR * BSIZE * 2;
    expect(fs.writei(ip, offA, a)).toBe(a.length);
    expect(fs.writei(ip, offB, b)).toBe(b.length);
    expect(ip.size).toBe(offB + b.length);
    expect(ip.ib[0]).not.toBe(0);
    expect(ip.ib[1]).not.toBe(0);

    const back = new Uint8Array(data.length);
    expect(fs.readi(ip, 0, back)).toBe(data.length);
    expect(sameBytes(back, data)).toBe(true);
    const backA = new Uint8Array(a.length);
    fs.readi(ip, offA, backA);
    expect(sameBytes(backA, a)).toBe(true);
    const backB = new Uint8Array(b.length + 100);
    expect(fs.readi(ip, offB, backB)).toBe(b.length); // short read at the end
    expect(sameBytes(backB.subarray(0, b.length), b)).toBe(true);

    // Holes read as zeros, including across an allocated neighbour.
    const hole = new Uint8Array(3 * BSIZE).fill(0xee);
    fs.readi(ip, 100 * BSIZE, hole);
    expect(hole.every((x) => x === 0)).toBe(true);
    const edge = new Uint8Array(200).fill(0xee);
    fs.readi(ip, offA - 100, edge);
    expect(edge.subarray(0, 100).every((x) => x === 0)).toBe(true);
    expect(sameBytes(edge.subarray(100), a.subarray(0, 100))).toBe(true);

    // Blocks held: the first run's 21 data + 1 single indirect; A's 2 data
    // (the last single-indirect block and the first double-indirect one)
    // with the double indirect block and its first second-level block; B's 2
    // data and another second-level block.
    expect(ip.blocks).toBe((21 + 1 + (2 + 1 + 1) + (2 + 1)) * 16);
    expect(fs.bmap(ip, 200)).toBe(0);
    fs.iput(ip);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('writes into the middle of existing blocks without disturbing the rest', () => {
    const { fs } = freshFs(64);
    const root = fs.root();
    const ip = fs.create(root, 'f', 0o644, 0, 0);
    fs.writei(ip, 0, new Uint8Array(3 * BSIZE).fill(0x11));
    fs.writei(ip, BSIZE - 2, bytes('abcd'));
    const got = readAll(fs, ip);
    expect(got.length).toBe(3 * BSIZE);
    expect(got[BSIZE - 3]).toBe(0x11);
    expect(String.fromCharCode(...got.subarray(BSIZE - 2, BSIZE + 2))).toBe('abcd');
    expect(got[BSIZE + 2]).toBe(0x11);
    fs.iput(ip);
    fs.iput(root);
  });

  it('stamps modification and access times from the clock', () => {
    const { fs } = freshFs(64);
    const root = fs.root();
    const ip = fs.create(root, 'f', 0o644, 0, 0);
    const created = ip.mtime.sec;
    fs.writei(ip, 0, bytes('x'));
    expect(ip.mtime.sec).toBeGreaterThan(created);
    expect(ip.ctime.sec).toBe(ip.mtime.sec);
    const before = ip.atime.sec;
    fs.readi(ip, 0, new Uint8Array(1));
    expect(ip.atime.sec).toBeGreaterThan(before);
    expect(ip.accessed).toBe(true);
    fs.iput(ip);
    fs.iput(root);
  });

  it('rejects bad offsets and sizes past the largest file (EINVAL, EFBIG)', () => {
    const { fs } = freshFs(64);
    const root = fs.root();
    const ip = fs.create(root, 'f', 0o644, 0, 0);
    expect(errnoOf(() => fs.writei(ip, -1, bytes('x')))).toBe(EINVAL);
    expect(errnoOf(() => fs.readi(ip, -1, new Uint8Array(1)))).toBe(EINVAL);
    expect(errnoOf(() => fs.writei(ip, MAXFILESIZE, bytes('x')))).toBe(EFBIG);
    expect(errnoOf(() => fs.itrunc(ip, MAXFILESIZE + 1))).toBe(EFBIG);
    // Up to the limit is fine, and only the bytes below it are written.
    expect(fs.writei(ip, MAXFILESIZE - 2, bytes('abcd'))).toBe(2);
    expect(ip.size).toBe(MAXFILESIZE);
    const dev = fs.mknod(root, 'dev', 0o020666, 0x0302, 0, 0);
    expect(dev.rdev).toBe(0x0302);
    expect(errnoOf(() => fs.itrunc(dev, 0))).toBe(EINVAL);
    expect(errnoOf(() => fs.readi(dev, 0, new Uint8Array(1)))).toBe(EINVAL);
    fs.iput(dev);
    fs.iput(ip);
    fs.iput(root);
  });

  it('gives only a device file a device number: a FIFO made with one keeps no block pointer (the fuzzer found it)', () => {
    const { fs, disk } = freshFs();
    const root = fs.root();
    const fifo = fs.mknod(root, 'fifo', 0o010644, 0x1234, 0, 0);
    expect(fifo.rdev).toBe(0);
    expect(fifo.db[0]).toBe(0);
    fs.iput(fifo);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });
});

describe('truncate', () => {
  it('frees blocks past the new end, indirect blocks included, and reuses them', () => {
    const { disk, fs } = freshFs(256);
    const root = fs.root();
    const free0 = fs.statfs().bfree;
    const ip = fs.create(root, 'f', 0o644, 0, 0);
    const data = pattern((NDADDR + 30) * BSIZE, 9);
    fs.writei(ip, 0, data);
    fs.writei(ip, (NDADDR + NINDIR + 5) * BSIZE, bytes('tail')); // reaches the double indirect block
    const used = free0 - fs.statfs().bfree;
    expect(used).toBe(NDADDR + 30 + 1 + (1 + 1 + 1));
    expect(ip.blocks).toBe(used * 16);

    fs.itrunc(ip, 5 * BSIZE + 100);
    expect(ip.size).toBe(5 * BSIZE + 100);
    expect(ip.ib).toEqual([0, 0, 0]);
    expect(ip.db.slice(6).every((b) => b === 0)).toBe(true);
    expect(free0 - fs.statfs().bfree).toBe(6);
    expect(ip.blocks).toBe(6 * 16);
    // The rest of the last block reads as zeros when the file grows again.
    fs.itrunc(ip, 7 * BSIZE);
    const back = readAll(fs, ip);
    expect(sameBytes(back.subarray(0, 5 * BSIZE + 100), data.subarray(0, 5 * BSIZE + 100))).toBe(true);
    expect(back.subarray(5 * BSIZE + 100).every((x) => x === 0)).toBe(true);

    // Truncating into the single indirect range keeps the indirect block.
    fs.writei(ip, 0, data);
    fs.itrunc(ip, (NDADDR + 3) * BSIZE);
    expect(ip.ib[0]).not.toBe(0);
    expect(free0 - fs.statfs().bfree).toBe(NDADDR + 3 + 1);

    // Freed blocks come back: fill the disk, empty it, fill it again.
    fs.itrunc(ip, 0);
    expect(fs.statfs().bfree).toBe(free0);
    const big = new Uint8Array(400 * BSIZE);
    const n1 = fs.writei(ip, 0, big);
    fs.itrunc(ip, 0);
    const n2 = fs.writei(ip, 0, big);
    expect(n2).toBe(n1);
    fs.itrunc(ip, 0);
    fs.iput(ip);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('frees the blocks of a removed file only when its last reference goes', () => {
    const { disk, fs } = freshFs(64);
    const root = fs.root();
    const free0 = fs.statfs().bfree;
    const ifree0 = fs.statfs().ffree;
    const ip = fs.create(root, 'f', 0o644, 0, 0);
    fs.writei(ip, 0, pattern(3 * BSIZE, 1));
    fs.unlink(root, 'f');
    expect(ip.nlink).toBe(0);
    expect(fs.statfs().bfree).toBe(free0 - 3);
    expect(sameBytes(readAll(fs, ip), pattern(3 * BSIZE, 1))).toBe(true); // still readable through the reference
    fs.iput(ip);
    expect(fs.statfs().bfree).toBe(free0);
    expect(fs.statfs().ffree).toBe(ifree0);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('bumps the generation number when an inode is reused', () => {
    const { fs } = freshFs(64);
    const root = fs.root();
    const a = fs.create(root, 'a', 0o644, 0, 0);
    const ino = a.ino;
    const gen = a.gen;
    fs.iput(a);
    fs.unlink(root, 'a');
    const b = fs.create(root, 'b', 0o644, 0, 0);
    expect(b.ino).toBe(ino);
    expect(b.gen).toBe(gen + 1);
    fs.iput(b);
    fs.iput(root);
  });
});

describe('running out of space', () => {
  it('writes what fits, then ENOSPC; the file system stays consistent', () => {
    const { disk, fs } = freshFs(40);
    const root = fs.root();
    const free0 = fs.statfs().bfree;
    const x = fs.create(root, 'x', 0o644, 0, 0);
    const ip = fs.create(root, 'fill', 0o644, 0, 0);
    const n = fs.writei(ip, 0, new Uint8Array(100 * BSIZE).fill(7));
    // Every free block is used: data plus the one indirect block.
    expect(fs.statfs().bfree).toBe(0);
    expect(n).toBe((free0 - 1) * BSIZE);
    expect(ip.size).toBe(n);
    expect(errnoOf(() => fs.writei(ip, n, bytes('more')))).toBe(ENOSPC);
    // A directory that must grow (links need no inode), and a new directory, both fail cleanly.
    let linked = 0;
    for (;;) {
      try {
        fs.link(root, `name-with-some-length-${linked}`, x);
        linked++;
      } catch (e) {
        expect((e as { errno: number }).errno).toBe(ENOSPC);
        break;
      }
    }
    expect(root.size).toBe(BSIZE); // the first block is full; a second was needed
    expect(x.nlink).toBe(linked + 1);
    expect(errnoOf(() => fs.mkdir(root, 'd', 0o755, 0, 0))).toBe(ENOSPC);
    expect(errnoOf(() => fs.symlink(root, 'l', '/x', 0, 0))).toBe(ENOSPC);
    fs.iput(x);
    fs.iput(ip);
    fs.iput(root);
    fs.sync();
    expect(fsck(disk).problems).toEqual([]);
    // Freeing space makes room again.
    const fs2 = fs;
    const r = fs2.root();
    fs2.unlink(r, 'fill');
    const d = fs2.mkdir(r, 'd', 0o755, 0, 0);
    fs2.iput(d);
    fs2.iput(r);
    expect(checkClean(fs2, disk)).toEqual([]);
  });

  it('runs out of inodes with ENOSPC', () => {
    const { disk, fs } = freshFs(64, { ninode: 64 });
    const root = fs.root();
    let made = 0;
    for (;;) {
      try {
        fs.iput(fs.mknod(root, `n${made}`, 0o010644, 0, 0, 0));
        made++;
      } catch (e) {
        expect((e as { errno: number }).errno).toBe(ENOSPC);
        break;
      }
    }
    expect(made).toBe(64 - 3);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });
});
