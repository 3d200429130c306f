/**
 * The buffer cache (kernel/fs/bio.ts) and the file system's delayed
 * writes: what stays in memory, what reaches the disk and when, and what a
 * power failure at any instant leaves — a copy of the disk's bytes taken
 * between two block writes, the kernel's memory lost:
 *
 *   (a) only what fsck -p repairs (blocks and inodes in no file, link
 *       counts and block counts too high, free maps and counts);
 *   (b) no file showing another file's data;
 *   (c) every file fsync'd (and not changed since) intact, byte for byte;
 *   (d) and data written but never synced really lost, in the cases the
 *       design says (a rewrite, an append inside the last block).
 */
import { describe, expect, it } from 'vitest';
import { ENOSPC, Errno } from '../../kernel/errno.js';
import { B_DELWRI, BufPool } from '../../kernel/fs/bio.js';
import {
  BSIZE,
  fsck,
  type Inode,
  lookupParent,
  lookupPath,
  MemoryDisk,
  mkfs,
  type Timeval,
  Ufs,
} from '../../kernel/fs/ufs/index.js';
import { bytes, pattern, prng, readAll, sameBytes } from './helpers.js';

/** A disk that can be watched: a hook after every block write, and a count of flushes. */
class WatchedDisk extends MemoryDisk {
  flushes = 0;
  afterWrite?: () => void;

  override writeBlock(n: number, buf: Uint8Array): void {
    super.writeBlock(n, buf);
    this.afterWrite?.();
  }

  override flush(): void {
    this.flushes++;
  }
}

function mounted(blocks = 256, nbuf = 64): { disk: WatchedDisk; fs: Ufs } {
  const disk = new WatchedDisk(new Uint8Array(blocks * BSIZE));
  mkfs(disk);
  let t = 1_000_000;
  const now = (): Timeval => ({ sec: t++, usec: 0 });
  return { disk, fs: Ufs.mount(disk, { now, bufs: new BufPool(nbuf) }) };
}

/** What a power failure leaves: the disk's bytes as they are, nothing else. */
function powerFail(disk: MemoryDisk): MemoryDisk {
  return new MemoryDisk(disk.bytes.slice());
}

/** The contents of `path` on a disk, as a machine booted from it would see them (null: no such file). */
function fileOn(disk: MemoryDisk, path: string): Uint8Array | null {
  const fs = Ufs.mount(disk, { readonly: true });
  try {
    const ip = lookupPath(fs, path);
    const data = readAll(fs, ip).slice();
    fs.iput(ip);
    return data;
  } catch (e) {
    if (e instanceof Errno) return null;
    throw e;
  } finally {
    fs.unmount(true);
  }
}

function create(fs: Ufs, path: string, data: Uint8Array): Inode {
  const { dp, name } = lookupParent(fs, path);
  const ip = fs.create(dp, name, 0o644, 0, 0);
  fs.iput(dp);
  if (data.length > 0) expect(fs.writei(ip, 0, data)).toBe(data.length);
  return ip;
}

describe('the buffer pool', () => {
  it('reads a block once, then finds it in the pool', () => {
    const disk = MemoryDisk.zeroed(8);
    disk.bytes[3 * BSIZE] = 42;
    const pool = new BufPool(4);
    const bp = pool.bread(disk, 3);
    expect(bp.data[0]).toBe(42);
    pool.brelse(bp);
    pool.brelse(pool.bread(disk, 3));
    expect(pool.stats).toMatchObject({ reads: 1, hits: 1 });
    expect(disk.reads).toBe(1);
  });

  it('keeps a delayed write in memory until it is flushed, one file or all', () => {
    const disk = MemoryDisk.zeroed(8);
    const pool = new BufPool(4);
    for (const [blk, owner] of [
      [2, 7],
      [3, 8],
    ]) {
      const bp = pool.getblk(disk, blk);
      bp.data.fill(blk);
      pool.bdwrite(bp, owner);
    }
    expect(disk.writes).toBe(0);
    expect(pool.dirtyCount(disk)).toBe(2);
    const bp = pool.bread(disk, 2); // a reader sees the delayed data
    expect(bp.data[0]).toBe(2);
    expect(bp.flags & B_DELWRI).toBe(B_DELWRI);
    pool.brelse(bp);
    expect(pool.bflush(disk, 8)).toBe(1); // fsync of file 8
    expect(disk.bytes[3 * BSIZE]).toBe(3);
    expect(disk.bytes[2 * BSIZE]).toBe(0);
    expect(pool.bflush(disk)).toBe(1); // sync
    expect(disk.bytes[2 * BSIZE]).toBe(2);
    expect(pool.dirtyCount()).toBe(0);
    expect(pool.stats.delayedWrites).toBe(2);
  });

  it('when full, reuses the least recently used buffer, writing it first if it is a delayed write', () => {
    const disk = MemoryDisk.zeroed(16);
    const pool = new BufPool(4);
    for (let blk = 1; blk <= 4; blk++) {
      const bp = pool.getblk(disk, blk);
      bp.data.fill(blk);
      pool.bdwrite(bp, 1);
    }
    pool.brelse(pool.bread(disk, 1)); // block 1 is now the most recently used
    expect(disk.writes).toBe(0);
    pool.brelse(pool.bread(disk, 9)); // needs a buffer: block 2's goes
    expect(disk.writes).toBe(1);
    expect(disk.bytes[2 * BSIZE]).toBe(2);
    expect(pool.incore(disk, 2)).toBeUndefined();
    expect(pool.incore(disk, 1)).toBeDefined();
    expect(pool.stats.evictions).toBe(1);
  });

  it('forgets a freed block, delayed write and all', () => {
    const disk = MemoryDisk.zeroed(8);
    const pool = new BufPool(4);
    const bp = pool.getblk(disk, 5);
    bp.data.fill(9);
    pool.bdwrite(bp, 1);
    pool.binval(disk, 5);
    expect(pool.bflush(disk)).toBe(0);
    expect(disk.writes).toBe(0);
    expect(pool.incore(disk, 5)).toBeUndefined();
  });

  it('refuses a pool too small to work and a second getblk of a busy block', () => {
    expect(() => new BufPool(2)).toThrow(RangeError);
    const disk = MemoryDisk.zeroed(8);
    const pool = new BufPool(4);
    pool.getblk(disk, 1);
    expect(() => pool.getblk(disk, 1)).toThrow(/busy/);
  });
});

describe('delayed writes in the file system', () => {
  it('writes a block new to a file at once, with its inode', () => {
    const { disk, fs } = mounted();
    const data = pattern(3 * BSIZE + 100, 1);
    fs.iput(create(fs, 'new', data));
    expect(fs.bufs.dirtyCount()).toBe(0);
    expect(sameBytes(fileOn(powerFail(disk), 'new') ?? new Uint8Array(), data)).toBe(true);
  });

  it('keeps a rewrite of a block the file has in memory until sync', () => {
    const { disk, fs } = mounted();
    const old = pattern(2 * BSIZE, 1);
    const ip = create(fs, 'f', old);
    fs.writei(ip, 100, bytes('rewritten'));
    expect(fs.bufs.dirtyCount()).toBe(1);
    const lost = fileOn(powerFail(disk), 'f');
    expect(lost && sameBytes(lost, old)).toBe(true); // the crash lost the rewrite
    const flushes = disk.flushes;
    fs.sync();
    expect(disk.flushes).toBe(flushes + 1);
    const kept = fileOn(powerFail(disk), 'f');
    expect(new TextDecoder().decode(kept?.subarray(100, 109))).toBe('rewritten');
    fs.iput(ip);
  });

  it('keeps an append inside the last block, and the size it grows to, in memory until fsync', () => {
    const { disk, fs } = mounted();
    const ip = create(fs, 'log', bytes('line 1\n'));
    fs.writei(ip, ip.size, bytes('line 2\n'));
    expect(ip.modified).toBe(true);
    expect(new TextDecoder().decode(fileOn(powerFail(disk), 'log') ?? undefined)).toBe('line 1\n');
    const other = create(fs, 'other', bytes('x'));
    fs.writei(other, 0, bytes('y')); // a delayed write of another file, which fsync leaves
    fs.fsync(ip);
    const after = powerFail(disk);
    expect(new TextDecoder().decode(fileOn(after, 'log') ?? undefined)).toBe('line 1\nline 2\n');
    expect(new TextDecoder().decode(fileOn(after, 'other') ?? undefined)).toBe('x');
    fs.iput(ip);
    fs.iput(other);
  });

  it('writes the least recently used delayed write when the pool is full', () => {
    const { disk, fs } = mounted(256, 8);
    const files = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => create(fs, `f${i}`, pattern(100, i)));
    for (const ip of files) fs.writei(ip, 0, bytes('changed'));
    expect(fs.bufs.stats.evictions).toBeGreaterThan(0);
    const crashed = powerFail(disk);
    expect(new TextDecoder().decode(fileOn(crashed, 'f0')?.subarray(0, 7))).toBe('changed'); // evicted
    expect(new TextDecoder().decode(fileOn(crashed, 'f9')?.subarray(0, 7))).not.toBe('changed'); // still in memory
    for (const ip of files) fs.iput(ip);
  });

  it('drops the delayed writes of a file that is truncated or removed: they never reach the disk', () => {
    const { disk, fs } = mounted();
    const ip = create(fs, 'f', pattern(3 * BSIZE, 1));
    fs.writei(ip, 2 * BSIZE, pattern(BSIZE, 2));
    const third = ip.db[2];
    fs.itrunc(ip, BSIZE);
    expect(fs.bufs.dirtyCount()).toBe(0);
    const before = disk.bytes.slice(third * BSIZE, (third + 1) * BSIZE);
    fs.sync();
    expect(sameBytes(disk.bytes.subarray(third * BSIZE, (third + 1) * BSIZE), before)).toBe(true);
    fs.iput(ip);
  });
});

describe('the clean flag', () => {
  it('is not set by an unmount that leaves an open file removed (its inode allocated with no links)', () => {
    const { disk, fs } = mounted();
    const open = create(fs, 'f', pattern(100, 1));
    const root = fs.root();
    fs.unlink(root, 'f');
    fs.iput(root);
    expect(open.nlink).toBe(0);
    expect(fs.unmount(true)).toBe(false);
    const r = fsck(disk);
    expect(r.clean).toBe(false);
    expect(r.problems.join('\n')).toMatch(/is not in any directory/);
  });

  it('stays unset through a mount and a clean unmount, unless the file system was checked meanwhile', () => {
    const { disk, fs } = mounted();
    fs.iput(create(fs, 'f', pattern(100, 1)));
    fs.sync(); // a crash here: written, never unmounted
    const crashed = powerFail(disk);
    const fs2 = Ufs.mount(crashed);
    expect(fs2.wasClean).toBe(false);
    expect(fs2.unmount()).toBe(false);
    expect(fsck(crashed).clean).toBe(false);
    const fs3 = Ufs.mount(crashed);
    fs3.markChecked();
    expect(fs3.unmount()).toBe(true);
    expect(fsck(crashed).clean).toBe(true);
    expect(Ufs.mount(crashed).wasClean).toBe(true);
  });

  it('is not set when an allocated inode on the disk has no links, even on a file system mounted clean', () => {
    const { disk, fs } = mounted();
    const ip = create(fs, 'f', pattern(100, 1));
    const ino = ip.ino;
    fs.iput(ip);
    expect(fs.unmount()).toBe(true);
    // Damage the clean image: the inode's link count (di_nlink, at byte 2 of the inode) to 0.
    const sb = Ufs.mount(disk, { readonly: true }).sb;
    const at = (sb.fs_iblkno + Math.floor(ino / 64)) * BSIZE + (ino % 64) * 128 + 2;
    disk.bytes[at] = 0;
    disk.bytes[at + 1] = 0;
    const fs2 = Ufs.mount(disk);
    expect(fs2.wasClean).toBe(true);
    expect(fs2.unmount()).toBe(false);
  });
});

// ---------------------------------------------------------------- power failures

/**
 * The problems fsck -p repairs without asking (4.3BSD's preen), as
 * kernel/fs/ufs/fsck.ts words them: the rest of `problems`.
 */
function unexpected(problems: string[]): string[] {
  const unreferenced = new Set(problems.map((p) => /^inode (\d+) \(.*is not in any directory$/.exec(p)?.[1]));
  return problems.filter((p) => {
    // A directory being made or removed, in no directory yet or any more: cleared with the other unreferenced inodes.
    const empty = /^directory (\d+): empty \(no "\." or "\.\."\)$/.exec(p);
    if (empty && unreferenced.has(empty[1])) return false;
    if (/^inode \d+ \(mode 0\d+, \d+ bytes\) is not in any directory$/.test(p)) return false;
    if (/^block \d+ marked in use but in no file$/.test(p)) return false;
    if (/^inode \d+ marked in use but is free \(mode 0\)$/.test(p)) return false;
    const links = /^inode \d+: link count (\d+), should be (\d+)$/.exec(p);
    if (links && Number(links[1]) > Number(links[2])) return false; // too high only: lowered, never raised
    const count = /^inode \d+: block count (\d+), should be (\d+) /.exec(p);
    if (count && Number(count[1]) > Number(count[2])) return false;
    return true;
  });
}

interface Snapshot {
  disk: MemoryDisk;
  /** Files fsync'd and not changed since, by path, with what they held. */
  intact: Map<string, Uint8Array>;
  /** Block writes before the copy was taken. */
  at: number;
  /** Taken between two operations: every file, by path, as the living system had it then. */
  files?: Map<string, Uint8Array>;
}

/**
 * A random workload of `ops` operations on a small file system, with
 * copies of the disk taken at random block writes. Every file's bytes are
 * its tag (a number from 1 to 250 that its name carries) or zeros, so a
 * block of one file showing up in another is seen.
 */
function churn(seed: number, ops: number, nbuf: number): Snapshot[] {
  const rnd = prng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const { disk, fs } = mounted(400, nbuf);
  const dirs: string[] = [''];
  const files = new Map<string, Uint8Array>(); // path -> contents
  const intact = new Map<string, Uint8Array>();
  const held: Inode[] = [];
  const snaps: Snapshot[] = [];
  let tags = 0;
  let nameSeq = 0;
  disk.afterWrite = () => {
    if (snaps.length < 25 && rnd() < 0.03)
      snaps.push({ disk: powerFail(disk), intact: new Map(intact), at: disk.writes });
  };
  const between = () => {
    if (snaps.length < 30 && rnd() < 0.03)
      snaps.push({ disk: powerFail(disk), intact: new Map(intact), at: disk.writes, files: new Map(files) });
  };
  const join = (d: string, n: string) => (d === '' ? n : `${d}/${n}`);
  const tagOf = (path: string) => Number(/t(\d+)_\d+$/.exec(path)?.[1]);
  const forget = (path: string) => {
    for (const p of [...intact.keys()]) if (p === path || p.startsWith(`${path}/`)) intact.delete(p);
  };
  const renamePath = (from: string, to: string) => {
    forget(from);
    forget(to);
    const a = lookupParent(fs, from);
    const b = lookupParent(fs, to);
    try {
      fs.rename(a.dp, a.name, b.dp, b.name);
    } finally {
      fs.iput(a.dp);
      fs.iput(b.dp);
    }
  };
  const write = (path: string, off: number, n: number) => {
    forget(path);
    const ip = lookupPath(fs, path);
    try {
      const data = new Uint8Array(n).fill(tagOf(path));
      const done = fs.writei(ip, off, data);
      const old = files.get(path) ?? new Uint8Array();
      const next = new Uint8Array(Math.max(old.length, off + done));
      next.set(old);
      next.set(data.subarray(0, done), off);
      files.set(path, next);
    } finally {
      fs.iput(ip);
    }
  };

  for (let op = 0; op < ops; op++) {
    between();
    const r = rnd();
    const names = [...files.keys()];
    try {
      if (r < 0.2 || names.length === 0) {
        // a new file, written (sometimes across the direct blocks into the indirect ones); a
        // quarter share the tag of another, so that renaming one over the other keeps names and bytes agreeing
        const tag = names.length > 0 && rnd() < 0.25 ? tagOf(pick(names)) : (tags++ % 250) + 1;
        const path = join(pick(dirs), `t${tag}_${nameSeq++}`);
        const { dp, name } = lookupParent(fs, path);
        fs.iput(fs.create(dp, name, 0o644, 0, 0));
        fs.iput(dp);
        files.set(path, new Uint8Array());
        write(path, 0, Math.floor(rnd() * (rnd() < 0.2 ? 120_000 : 20_000)));
      } else if (r < 0.35) {
        const path = pick(names);
        write(path, files.get(path)?.length ?? 0, Math.floor(rnd() * 3000)); // an append
      } else if (r < 0.5) {
        const path = pick(names);
        const len = files.get(path)?.length ?? 0;
        write(path, Math.floor(rnd() * (len + 1)), Math.floor(rnd() * 10_000)); // a rewrite
      } else if (r < 0.56) {
        const path = pick(names);
        forget(path);
        const ip = lookupPath(fs, path);
        const len = Math.floor(rnd() * ((files.get(path)?.length ?? 0) + 5000));
        fs.itrunc(ip, len);
        fs.iput(ip);
        const old = files.get(path) ?? new Uint8Array();
        const next = new Uint8Array(len);
        next.set(old.subarray(0, len));
        files.set(path, next);
      } else if (r < 0.68) {
        const path = pick(names);
        const ip = lookupPath(fs, path);
        fs.fsync(ip);
        fs.iput(ip);
        const data = files.get(path) ?? new Uint8Array();
        intact.set(path, data.slice());
      } else if (r < 0.74) {
        // unlink; now and then the file stays open, removed, and is written on
        const path = pick(names);
        forget(path);
        const keep = rnd() < 0.3 ? lookupPath(fs, path) : null;
        const { dp, name } = lookupParent(fs, path);
        fs.unlink(dp, name);
        fs.iput(dp);
        files.delete(path);
        if (keep) {
          fs.writei(keep, keep.size, new Uint8Array(5000).fill(tagOf(path)));
          held.push(keep);
        }
      } else if (r < 0.8) {
        // rename a file: to a new name (with its tag), or over another file of the same tag
        const from = pick(names);
        const twins = names.filter((p) => p !== from && tagOf(p) === tagOf(from));
        const to =
          twins.length > 0 && rnd() < 0.5 ? pick(twins) : join(pick(dirs), `t${tagOf(from)}_${nameSeq++}`);
        renamePath(from, to);
        files.set(to, files.get(from) ?? new Uint8Array());
        files.delete(from);
      } else if (r < 0.86) {
        const path = join(pick(dirs), `d${nameSeq++}`);
        const { dp, name } = lookupParent(fs, path);
        fs.iput(fs.mkdir(dp, name, 0o755, 0, 0));
        fs.iput(dp);
        dirs.push(path);
      } else if (r < 0.9 && dirs.length > 1) {
        // move a directory (not into itself): to a new name, or over an empty directory
        const from = pick(dirs.slice(1));
        const under = (p: string, d: string) => p === d || p.startsWith(`${d}/`);
        const isEmpty = (d: string) => ![...files.keys(), ...dirs].some((p) => p.startsWith(`${d}/`));
        const empties = dirs.slice(1).filter((d) => !under(d, from) && isEmpty(d));
        const to =
          empties.length > 0 && rnd() < 0.3
            ? pick(empties)
            : join(pick(dirs.filter((d) => !under(d, from))), `d${nameSeq++}`);
        renamePath(from, to);
        if (dirs.includes(to)) dirs.splice(dirs.indexOf(to), 1);
        const moved = (p: string) => (under(p, from) ? to + p.slice(from.length) : p);
        for (let i = 0; i < dirs.length; i++) dirs[i] = moved(dirs[i]);
        for (const [p, data] of [...files]) {
          files.delete(p);
          files.set(moved(p), data);
        }
      } else if (r < 0.93 && dirs.length > 1) {
        const path = pick(dirs.slice(1));
        const empty = ![...files.keys(), ...dirs].some((p) => p.startsWith(`${path}/`));
        if (empty) {
          const { dp, name } = lookupParent(fs, path);
          fs.rmdir(dp, name);
          fs.iput(dp);
          dirs.splice(dirs.indexOf(path), 1);
        }
      } else if (r < 0.95) {
        const { dp, name } = lookupParent(fs, join(pick(dirs), `s${nameSeq++}`));
        fs.iput(fs.symlink(dp, name, 'some/target', 0, 0));
        fs.iput(dp);
      } else if (r < 0.97 && held.length > 0) {
        fs.iput(held.splice(Math.floor(rnd() * held.length), 1)[0]); // the last close frees it
      } else {
        fs.sync();
      }
    } catch (e) {
      if (!(e instanceof Errno && e.errno === ENOSPC)) throw e;
    }
  }
  // The living file system agrees with the model.
  for (const [path, data] of files) {
    const ip = lookupPath(fs, path);
    expect(sameBytes(readAll(fs, ip), data), path).toBe(true);
    fs.iput(ip);
  }
  snaps.push({ disk: powerFail(disk), intact: new Map(intact), at: disk.writes });
  return snaps;
}

/** Every regular file on `disk`, by path, with its contents (a walk that tolerates what a crash leaves). */
function allFiles(disk: MemoryDisk): Map<string, Uint8Array> {
  const fs = Ufs.mount(disk, { readonly: true });
  const out = new Map<string, Uint8Array>();
  const walk = (dp: Inode, path: string) => {
    for (const e of fs.readdir(dp).entries) {
      if (e.name === '.' || e.name === '..') continue;
      const ip = fs.iget(e.ino);
      try {
        const p = path === '' ? e.name : `${path}/${e.name}`;
        if (ip.isDir()) walk(ip, p);
        else if (ip.isReg()) out.set(p, readAll(fs, ip).slice());
      } finally {
        fs.iput(ip);
      }
    }
  };
  const root = fs.root();
  walk(root, '');
  fs.iput(root);
  fs.unmount(true);
  return out;
}

describe('a power failure at any instant', () => {
  it.each([
    [1, 64],
    [2, 8],
    [3, 64],
    [4, 6],
  ])(
    'seed %i (%i buffers): fsck -p repairs it, no file shows another file’s data, fsync’d files are intact',
    (seed, nbuf) => {
      const snaps = churn(seed, 260, nbuf);
      expect(snaps.length).toBeGreaterThan(5);
      let checkedFiles = 0;
      for (const s of snaps) {
        const where = `seed ${seed}, after ${s.at} block writes`;
        const report = fsck(s.disk);
        expect(unexpected(report.problems), where).toEqual([]);
        for (const [path, data] of allFiles(s.disk)) {
          const tag = Number(/t(\d+)_\d+$/.exec(path)?.[1]);
          const bad = data.findIndex((b) => b !== 0 && b !== tag);
          expect(bad, `${where}: ${path} shows byte ${data[bad]} at ${bad}`).toBe(-1);
        }
        for (const [path, data] of s.intact) {
          const got = fileOn(s.disk, path);
          expect(got !== null && sameBytes(got, data), `${where}: fsync'd ${path}`).toBe(true);
          checkedFiles++;
        }
      }
      expect(checkedFiles).toBeGreaterThan(0);
    },
  );

  it('loses data that was never synced, in some of the copies', () => {
    // Copies taken between two operations, against the files as the living system had them then.
    let lost = 0;
    let compared = 0;
    for (const seed of [1, 2]) {
      for (const s of churn(seed, 200, 64)) {
        if (!s.files) continue;
        const onDisk = allFiles(s.disk);
        for (const [path, data] of s.files) {
          compared++;
          const got = onDisk.get(path);
          if (!got || !sameBytes(got, data)) lost++;
        }
      }
    }
    expect(compared).toBeGreaterThan(0);
    expect(lost).toBeGreaterThan(0);
  });
});
