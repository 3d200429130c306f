import { describe, expect, it } from 'vitest';
import { Errno } from '../../kernel/errno.js';
import {
  BSIZE,
  fsck,
  type Inode,
  lookupPath,
  MemoryDisk,
  NDADDR,
  type Ufs,
} from '../../kernel/fs/ufs/index.js';
import { freshFs, pattern, prng } from './helpers.js';

/** Apply `steps` random operations (create, write, truncate, link, unlink, mkdir, rmdir, rename, symlink) to fs. */
function randomOps(fs: Ufs, seed: number, steps: number): { done: number; failed: Map<number, number> } {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const dirs = ['', 'd0'];
  const files: string[] = [];
  const failed = new Map<number, number>();
  let done = 0;
  const root = fs.root();
  fs.iput(fs.mkdir(root, 'd0', 0o755, 0, 0));
  fs.iput(root);
  const split = (path: string) => {
    const i = path.lastIndexOf('/');
    return { dir: i < 0 ? '' : path.slice(0, i), name: i < 0 ? path : path.slice(i + 1) };
  };
  const inDir = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);
  for (let step = 0; step < steps; step++) {
    const op = Math.floor(rnd() * 10);
    let dp: Inode | null = null;
    let ip: Inode | null = null;
    try {
      switch (op) {
        case 0:
        case 1: {
          const dir = pick(dirs);
          dp = lookupPath(fs, dir);
          const name = `f${Math.floor(rnd() * 1000)}`;
          ip = fs.create(dp, name, 0o644, 0, 0);
          files.push(inDir(dir, name));
          break;
        }
        case 2:
        case 3: {
          if (files.length === 0) break;
          ip = lookupPath(fs, pick(files));
          const far = rnd() < 0.2;
          const off = far ? Math.floor(rnd() * (NDADDR + 2100) * BSIZE) : Math.floor(rnd() * 5 * BSIZE);
          fs.writei(ip, off, pattern(Math.floor(rnd() * 3 * BSIZE) + 1, step));
          break;
        }
        case 4: {
          if (files.length === 0) break;
          ip = lookupPath(fs, pick(files));
          fs.itrunc(ip, Math.floor(rnd() * ip.size));
          break;
        }
        case 5: {
          if (files.length === 0) break;
          const path = pick(files);
          const { dir, name } = split(path);
          dp = lookupPath(fs, dir);
          fs.unlink(dp, name);
          files.splice(files.indexOf(path), 1);
          break;
        }
        case 6: {
          if (files.length === 0) break;
          ip = lookupPath(fs, pick(files));
          const dir = pick(dirs);
          dp = lookupPath(fs, dir);
          const name = `l${Math.floor(rnd() * 1000)}`;
          fs.link(dp, name, ip);
          files.push(inDir(dir, name));
          break;
        }
        case 7: {
          const dir = pick(dirs);
          dp = lookupPath(fs, dir);
          const name = `d${Math.floor(rnd() * 100)}`;
          if (rnd() < 0.6) {
            ip = fs.mkdir(dp, name, 0o755, 0, 0);
            dirs.push(inDir(dir, name));
          } else {
            ip = fs.symlink(dp, name, `/some/target/${step}`, 0, 0);
          }
          break;
        }
        case 8: {
          const path = pick(dirs);
          if (path === '') break;
          const { dir, name } = split(path);
          dp = lookupPath(fs, dir);
          fs.rmdir(dp, name);
          dirs.splice(dirs.indexOf(path), 1);
          break;
        }
        case 9: {
          // Rename a file or a directory somewhere else.
          const moveDir = rnd() < 0.3;
          const pool = moveDir ? dirs.filter((d) => d !== '') : files;
          if (pool.length === 0) break;
          const from = pick(pool);
          const to = inDir(pick(dirs), `r${Math.floor(rnd() * 1000)}`);
          const f = split(from);
          const t = split(to);
          dp = lookupPath(fs, f.dir);
          ip = lookupPath(fs, t.dir);
          fs.rename(dp, f.name, ip, t.name);
          // Paths under a moved directory change; recompute the lists lazily by prefix.
          const fix = (p: string) =>
            p === from ? to : p.startsWith(`${from}/`) ? to + p.slice(from.length) : p;
          for (let i = 0; i < dirs.length; i++) dirs[i] = fix(dirs[i]);
          for (let i = 0; i < files.length; i++) files[i] = fix(files[i]);
          // A replaced target file disappears from the list (duplicates are harmless: lookups just fail).
          break;
        }
      }
      done++;
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
      failed.set(e.errno, (failed.get(e.errno) ?? 0) + 1);
    } finally {
      if (dp) fs.iput(dp);
      if (ip) fs.iput(ip);
    }
  }
  return { done, failed };
}

describe('fsck', () => {
  it('finds a file system clean after a long random sequence of operations', () => {
    for (const seed of [1, 2, 3]) {
      const { disk, fs, warnings } = freshFs(400, { ninode: 256 });
      const r = randomOps(fs, seed, 1000);
      expect(r.done).toBeGreaterThan(700);
      expect(warnings).toEqual([]);
      // Mid-flight (mounted, counts not yet synced) the structure is already consistent.
      expect(fsck(disk).problems).toEqual([]);
      fs.unmount();
      const report = fsck(disk);
      expect(report.problems).toEqual([]);
      expect(report.clean).toBe(true);
      expect(report.files + report.directories + report.symlinks).toBe(report.inodesUsed);
    }
  });

  it('runs the random sequence into ENOSPC and stays consistent', () => {
    const { disk, fs, warnings } = freshFs(48, { ninode: 64 });
    const r = randomOps(fs, 7, 1500);
    expect(r.failed.get(28)).toBeGreaterThan(0); // ENOSPC
    expect(warnings).toEqual([]);
    fs.unmount();
    expect(fsck(disk).problems).toEqual([]);
  });

  /** A small populated file system, unmounted, and a way to patch bytes of it. */
  function populated() {
    const { disk, fs } = freshFs(128);
    const root = fs.root();
    const d = fs.mkdir(root, 'dir', 0o755, 0, 0);
    const f = fs.create(d, 'file', 0o644, 0, 0);
    fs.writei(f, 0, pattern(3 * BSIZE, 5));
    const g = fs.create(root, 'big', 0o644, 0, 0);
    fs.writei(g, (NDADDR + 4) * BSIZE, pattern(100, 1));
    const info = { root: root.ino, dir: d.ino, file: f.ino, big: g.ino, fileBlock: f.db[0], bigInd: g.ib[0] };
    for (const ip of [d, f, g, root]) fs.iput(ip);
    const sb = fs.sb;
    fs.unmount();
    expect(fsck(disk).problems).toEqual([]);
    const inodeAt = (ino: number) => sb.fs_iblkno * BSIZE + ino * 128;
    return { disk, sb, info, inodeAt };
  }

  it('detects a block claimed twice', () => {
    const { disk, info, inodeAt } = populated();
    const v = new DataView(disk.bytes.buffer);
    // Point big's first direct block at file's first block.
    v.setUint32(inodeAt(info.big) + 40, info.fileBlock);
    v.setUint32(inodeAt(info.big) + 104, v.getUint32(inodeAt(info.big) + 104) + 16);
    const p = fsck(disk).problems;
    expect(p.some((s) => s.includes(`block ${info.fileBlock} claimed by inode`))).toBe(true);
  });

  it('detects bitmaps that disagree with the inodes', () => {
    const { disk, sb, info } = populated();
    const bmap = sb.fs_bmapblk * BSIZE;
    disk.bytes[bmap + (info.fileBlock >> 3)] &= ~(1 << (info.fileBlock & 7));
    disk.bytes[bmap + ((sb.fs_size - 2) >> 3)] |= 1 << ((sb.fs_size - 2) & 7);
    const imap = sb.fs_imapblk * BSIZE;
    disk.bytes[imap + (info.file >> 3)] &= ~(1 << (info.file & 7));
    const p = fsck(disk).problems.join('\n');
    expect(p).toContain(`block ${info.fileBlock} (inode ${info.file}) marked free`);
    expect(p).toContain(`block ${sb.fs_size - 2} marked in use but in no file`);
    expect(p).toContain(`inode ${info.file} in use`);
    expect(p).toMatch(/free (block|inode) count/);
  });

  it('detects wrong link counts and lost inodes', () => {
    const { disk, info, inodeAt } = populated();
    const v = new DataView(disk.bytes.buffer);
    v.setInt16(inodeAt(info.file) + 2, 2);
    v.setInt16(inodeAt(info.dir) + 2, 5);
    const p = fsck(disk).problems.join('\n');
    expect(p).toContain(`inode ${info.file}: link count 2, should be 1`);
    expect(p).toContain(`inode ${info.dir}: link count 5, should be 2`);
  });

  it('detects malformed directories and entries naming free inodes', () => {
    const { disk, info, inodeAt } = populated();
    const v = new DataView(disk.bytes.buffer);
    const dirBlock = v.getUint32(inodeAt(info.dir) + 40);
    // The third entry ("file") at offset 24: name it inode 100 (free).
    v.setUint32(dirBlock * BSIZE + 24, 100);
    let p = fsck(disk).problems.join('\n');
    expect(p).toContain('names inode 100, which is not in use');
    expect(p).toContain(`inode ${info.file} (mode`); // now unreferenced
    // A record length that runs off the chunk.
    v.setUint16(dirBlock * BSIZE + 12 + 4, 1000);
    p = fsck(disk).problems.join('\n');
    expect(p).toContain('crosses a 512-byte boundary');
  });

  it('detects bad block numbers, blocks past the end, and wrong block counts', () => {
    const { disk, sb, info, inodeAt } = populated();
    const v = new DataView(disk.bytes.buffer);
    v.setUint32(inodeAt(info.file) + 40 + 4 * 5, sb.fs_size + 10);
    v.setUint32(inodeAt(info.file) + 12, 2 * BSIZE); // size shrinks below block 2
    v.setUint32(inodeAt(info.big) + 104, 7);
    const p = fsck(disk).problems.join('\n');
    expect(p).toContain(`bad block number ${sb.fs_size + 10}`);
    expect(p).toContain('past the end of the file');
    expect(p).toContain(`inode ${info.big}: block count 7`);
  });

  it('reports a damaged superblock instead of throwing', () => {
    const { disk } = populated();
    disk.bytes[BSIZE + 20] ^= 0xff;
    expect(fsck(disk).problems).toEqual(['superblock checksum mismatch']);
    expect(fsck(new MemoryDisk(new Uint8Array(BSIZE * 4))).problems[0]).toMatch(/not a sun3lab file system/);
    expect(fsck(new MemoryDisk(new Uint8Array(BSIZE))).problems[0]).toMatch(/too small/);
  });
});
