/**
 * The host-file modules, in process: atomic whole-file writes, bounded
 * reads of regular files, capped gunzip, the --disk lock and the
 * write-through image disk.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { partialName, writeFileAtomic } from '../../emu/lab/atomic-write.js';
import { DiskLock } from '../../emu/lab/disk-lock.js';
import { gunzipCapped, readRegularFile } from '../../emu/lab/host-file.js';
import { ImageFileDisk } from '../../emu/lab/image-disk.js';
import { buildImage, readImage } from '../../emu/tools/mkfs.js';

const work = mkdtempSync(join(tmpdir(), 'sun3lab-hostfiles-'));

/** The process id of a process that has ended (a stale lock's, a killed run's). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

/** A gzip bomb of about 1.5 MB: 150 members of 10 MB of zeros each, 1.5 GB in all. */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(10 << 20), { level: 9 });
  return Buffer.concat(Array.from({ length: 150 }, () => member));
}

const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

describe('writeFileAtomic', () => {
  it('replaces a file in one step, keeps its mode, and leaves no temporary', () => {
    const dir = join(work, 'atomic');
    mkdirSync(dir);
    const target = join(dir, 'out.img');
    writeFileSync(target, 'old');
    chmodSync(target, 0o600);
    writeFileAtomic(target, [Buffer.from('new '), Buffer.alloc(3 << 20, 0x41)]);
    const got = readFileSync(target);
    expect(got.length).toBe(4 + (3 << 20));
    expect(got.subarray(0, 4).toString()).toBe('new ');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['out.img']);
  });

  it('removes the partial files of runs that died, and only those', () => {
    const dir = join(work, 'stale');
    mkdirSync(dir);
    const target = join(dir, 'root.img');
    const stale = partialName(target, deadPid());
    const live = partialName(target, process.ppid);
    writeFileSync(stale, 'half an image');
    writeFileSync(live, 'someone is writing');
    expect(stale).toMatch(/\/\.root\.img\.\d+\.partial$/); // hidden, and not named like an image
    writeFileAtomic(target, Buffer.from('whole'));
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('whole');
  });

  it('fails in one line, leaving the old file and no temporary', () => {
    const target = join(work, 'no-such-dir', 'x.img');
    expect(() => writeFileAtomic(target, Buffer.from('x'))).toThrow(
      `${target}: cannot write it: no such file or directory`,
    );
    const dir = join(work, 'ro');
    mkdirSync(dir);
    const file = join(dir, 'kept');
    writeFileSync(file, 'old');
    chmodSync(dir, 0o500);
    try {
      if (process.getuid?.() !== 0) {
        expect(() => writeFileAtomic(file, Buffer.from('new'))).toThrow(/cannot write it: permission denied/);
        expect(readFileSync(file, 'utf8')).toBe('old');
        expect(readdirSync(dir)).toEqual(['kept']);
      }
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});

describe('readRegularFile and gunzipCapped', () => {
  it('refuse directories, devices and FIFOs without reading them', () => {
    expect(() => readRegularFile(work, { max: 100 })).toThrow(`${work}: is a directory`);
    expect(() => readRegularFile('/dev/zero', { max: 100 })).toThrow(
      '/dev/zero: not a regular file (a device, a FIFO or a socket)',
    );
    if (hasMkfifo) {
      const fifo = join(work, 'fifo');
      spawnSync('mkfifo', [fifo]);
      // A FIFO with no writer would block a plain open: this one returns at once.
      expect(() => readRegularFile(fifo, { max: 100 })).toThrow(/not a regular file/);
    }
  });

  it('refuse a file larger than its format can hold, before reading it', () => {
    const f = join(work, 'big');
    writeFileSync(f, Buffer.alloc(2000));
    expect(readRegularFile(f, { max: 2000 }).length).toBe(2000);
    expect(() => readRegularFile(f, { max: 1024, why: 'a test limit' })).toThrow(
      `${f}: too large (2000 bytes; at most 1 KB, a test limit)`,
    );
  });

  it('stop a gzip bomb at the cap, at once', () => {
    const bomb = gzipBomb();
    expect(bomb.length).toBeLessThan(2 << 20);
    const t = performance.now();
    expect(() => gunzipCapped(bomb, { max: 16 << 20, label: 'bomb.gz' })).toThrow(
      'bomb.gz: decompresses to more than 16 MB',
    );
    expect(performance.now() - t).toBeLessThan(5000);
    expect(() => gunzipCapped(Buffer.from([0x1f, 0x8b, 1, 2, 3]), { max: 100, label: 'x' })).toThrow(
      'x: damaged gzip data',
    );
  });

  it("readImage refuses a gzip'd image bomb from its first blocks, without decompressing it", () => {
    const f = join(work, 'bomb.img.gz');
    writeFileSync(f, gzipBomb());
    const before = process.memoryUsage().rss;
    const t = performance.now();
    expect(() => readImage(f)).toThrow(`${f}: not a disk image (not a sun3lab file system)`);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
    // A trailer that cannot be an image's size is refused before anything is decompressed.
    const odd = join(work, 'odd.img.gz');
    writeFileSync(odd, gzipSync(Buffer.alloc(100_000)));
    expect(() => readImage(odd)).toThrow(/not a disk image \(its gzip data holds 100000 bytes/);
  });
});

describe('DiskLock', () => {
  it('lets one sun3lab at a time use an image, and takes over the lock of one that died', () => {
    const image = join(work, 'locked.img');
    const lockFile = DiskLock.pathFor(image);
    const lock = DiskLock.acquire(image, 'disk');
    expect(readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(lockFile)).toBe(false);

    // Held by a live process (our parent stands in for another sun3lab).
    writeFileSync(lockFile, `${process.ppid}\n`);
    expect(() => DiskLock.acquire(image, 'disk')).toThrow(
      `disk: in use by another sun3lab (process ${process.ppid}; if it is not running, remove ${lockFile})`,
    );
    // Held by a process that has died: stale, taken over.
    writeFileSync(lockFile, `${deadPid()}\n`);
    const taken = DiskLock.acquire(image, 'disk');
    expect(readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\n`);
    taken.release();
    // Garbage in a lock is no holder either.
    writeFileSync(lockFile, 'garbage');
    DiskLock.acquire(image, 'disk').release();
    expect(readdirSync(work).filter((n) => n.includes('locked.img'))).toEqual([]);
  });
});

describe('ImageFileDisk', () => {
  const image = join(work, 'wt.img');
  mkdirSync(join(work, 'empty'));
  writeFileSync(image, buildImage(join(work, 'empty'), { sizeMB: 1 }));

  it('writes every block through to the file at once; flush is an fsync', () => {
    const disk = ImageFileDisk.open(image, 'img', 1 << 20);
    const block = new Uint8Array(8192).fill(0x5a);
    disk.writeBlock(100, block);
    expect(
      readFileSync(image)
        .subarray(100 * 8192, 101 * 8192)
        .equals(block),
    ).toBe(true);
    const back = new Uint8Array(8192);
    disk.readBlock(100, back);
    expect(Buffer.from(back).equals(block)).toBe(true);
    disk.flush();
    expect([disk.writes, disk.flushes]).toEqual([1, 1]);
    disk.close();
  });

  it('holds writes back until commit, and discard leaves the file as it was', () => {
    const before = readFileSync(image);
    const disk = ImageFileDisk.open(image, 'img', 1 << 20);
    disk.hold();
    disk.writeBlock(101, new Uint8Array(8192).fill(1));
    disk.flush();
    expect(readFileSync(image).equals(before)).toBe(true);
    disk.discard();
    const back = new Uint8Array(8192);
    disk.readBlock(101, back);
    expect(before.subarray(101 * 8192, 102 * 8192).equals(back)).toBe(true);
    disk.hold();
    disk.writeBlock(102, new Uint8Array(8192).fill(2));
    disk.commit();
    expect(readFileSync(image)[102 * 8192]).toBe(2);
    expect(disk.flushes).toBe(0);
    disk.close();
  });

  it('refuses what is not an image file in one line', () => {
    expect(() => ImageFileDisk.open(work, 'd', 1 << 20)).toThrow('d: is a directory');
    const odd = join(work, 'odd.img');
    writeFileSync(odd, Buffer.alloc(10_000));
    expect(() => ImageFileDisk.open(odd, 'd', 1 << 20)).toThrow(
      'd: not a disk image (10000 bytes is not a whole number of 8 KB blocks)',
    );
    expect(() => ImageFileDisk.open(image, 'd', 8192 * 4)).toThrow('d: not a disk image (larger than 32 KB)');
  });
});
