import { describe, expect, it } from 'vitest';
import {
  EEXIST,
  EINVAL,
  EISDIR,
  ENAMETOOLONG,
  ENOENT,
  ENOTDIR,
  ENOTEMPTY,
  EPERM,
} from '../../kernel/errno.js';
import { BSIZE, DIRBLKSIZ, IFDIR, IFLNK, lookupPath, NDADDR } from '../../kernel/fs/ufs/index.js';
import { bytes, checkClean, errnoOf, freshFs, readAll } from './helpers.js';

function names(fs: ReturnType<typeof freshFs>['fs'], dp: Parameters<typeof fs.readdir>[0]): string[] {
  return fs
    .readdir(dp)
    .entries.map((e) => e.name)
    .sort();
}

describe('directories', () => {
  it('holds many entries across chunks and blocks, and finds each', () => {
    const { disk, fs } = freshFs(512, { ninode: 2048 });
    const root = fs.root();
    const d = fs.mkdir(root, 'many', 0o755, 0, 0);
    const n = 1000;
    for (let i = 0; i < n; i++) fs.iput(fs.create(d, `file-number-${i}`, 0o644, 0, 0));
    expect(d.size % DIRBLKSIZ).toBe(0);
    expect(d.size).toBeGreaterThan(BSIZE * 2);
    for (let i = 0; i < n; i += 97) expect(fs.lookup(d, `file-number-${i}`)).toBeGreaterThan(2);
    expect(errnoOf(() => fs.lookup(d, 'file-number-1000'))).toBe(ENOENT);
    expect(fs.readdir(d).entries.length).toBe(n + 2);

    // readdir in pieces gives the same entries, in order.
    const all = fs.readdir(d).entries.map((e) => e.name);
    const pieces: string[] = [];
    let cookie = 0;
    for (;;) {
      const r = fs.readdir(d, cookie, 37);
      pieces.push(...r.entries.map((e) => e.name));
      if (r.entries.length === 0) break;
      cookie = r.next;
    }
    expect(pieces).toEqual(all);

    // Remove every other one; the space is reused by new names without growing.
    for (let i = 0; i < n; i += 2) fs.unlink(d, `file-number-${i}`);
    expect(fs.readdir(d).entries.length).toBe(n / 2 + 2);
    const size = d.size;
    for (let i = 0; i < n; i += 2) fs.iput(fs.create(d, `new-name-${i}`, 0o644, 0, 0));
    expect(d.size).toBe(size);
    expect(fs.readdir(d).entries.length).toBe(n + 2);
    fs.iput(d);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('grows a directory past its direct blocks', () => {
    const { disk, fs } = freshFs(256, { ninode: 64 });
    const root = fs.root();
    const f = fs.create(root, 'target', 0o644, 0, 0);
    const d = fs.mkdir(root, 'big', 0o755, 0, 0);
    // Long names: about 2 per 512-byte chunk, 32 per block.
    const long = (i: number) => `${String(i).padStart(6, '0')}-${'x'.repeat(200)}`;
    const count = (NDADDR + 2) * 32;
    for (let i = 0; i < count; i++) fs.link(d, long(i), f);
    expect(d.ib[0]).not.toBe(0);
    expect(fs.lookup(d, long(count - 1))).toBe(f.ino);
    expect(f.nlink).toBe(count + 1);
    for (let i = 0; i < count; i++) fs.unlink(d, long(i));
    expect(f.nlink).toBe(1);
    expect(fs.dirempty(d)).toBe(true);
    fs.iput(d);
    fs.rmdir(root, 'big');
    fs.iput(f);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('keeps link counts: files by names, directories by "." and subdirectories\' ".."', () => {
    const { disk, fs } = freshFs(64);
    const root = fs.root();
    expect(root.nlink).toBe(2);
    const a = fs.mkdir(root, 'a', 0o755, 0, 0);
    expect(a.nlink).toBe(2);
    expect(root.nlink).toBe(3);
    const b = fs.mkdir(a, 'b', 0o755, 0, 0);
    expect(a.nlink).toBe(3);
    expect(fs.lookup(b, '..')).toBe(a.ino);
    expect(fs.lookup(b, '.')).toBe(b.ino);
    const f = fs.create(a, 'f', 0o644, 0, 0);
    fs.link(root, 'f2', f);
    fs.link(b, 'f3', f);
    expect(f.nlink).toBe(3);
    fs.unlink(a, 'f');
    expect(f.nlink).toBe(2);
    expect(errnoOf(() => fs.link(root, 'a2', a))).toBe(EPERM);
    expect(errnoOf(() => fs.link(root, 'f2', f))).toBe(EEXIST);
    for (const ip of [a, b, f]) fs.iput(ip);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('rejects bad names and existing ones', () => {
    const { fs } = freshFs(64);
    const root = fs.root();
    fs.iput(fs.create(root, 'x', 0o644, 0, 0));
    expect(errnoOf(() => fs.create(root, 'x', 0o644, 0, 0))).toBe(EEXIST);
    expect(errnoOf(() => fs.mkdir(root, 'x', 0o755, 0, 0))).toBe(EEXIST);
    expect(errnoOf(() => fs.mkdir(root, '.', 0o755, 0, 0))).toBe(EEXIST);
    expect(errnoOf(() => fs.create(root, 'y'.repeat(256), 0o644, 0, 0))).toBe(ENAMETOOLONG);
    expect(errnoOf(() => fs.lookup(root, 'y'.repeat(256)))).toBe(ENAMETOOLONG);
    expect(errnoOf(() => fs.create(root, 'a/b', 0o644, 0, 0))).toBe(EINVAL);
    expect(errnoOf(() => fs.create(root, '', 0o644, 0, 0))).toBe(ENOENT);
    const max = fs.create(root, 'm'.repeat(255), 0o644, 0, 0);
    expect(fs.lookup(root, 'm'.repeat(255))).toBe(max.ino);
    // Names are bytes: any byte but NUL and '/' goes.
    const odd = '\u00e9t\u00e9\u00ff\u0001';
    fs.iput(fs.create(root, odd, 0o644, 0, 0));
    expect(names(fs, root)).toContain(odd);
    const x = fs.iget(fs.lookup(root, 'x'));
    expect(errnoOf(() => fs.create(x, 'y', 0o644, 0, 0))).toBe(ENOTDIR);
    expect(errnoOf(() => fs.lookup(x, 'y'))).toBe(ENOTDIR);
    fs.iput(x);
    fs.iput(max);
    fs.iput(root);
  });

  it('removes directories only when empty', () => {
    const { disk, fs } = freshFs(64);
    const root = fs.root();
    const d = fs.mkdir(root, 'd', 0o755, 0, 0);
    fs.iput(fs.create(d, 'f', 0o644, 0, 0));
    expect(errnoOf(() => fs.rmdir(root, 'd'))).toBe(ENOTEMPTY);
    expect(errnoOf(() => fs.unlink(root, 'd'))).toBe(EPERM);
    expect(errnoOf(() => fs.rmdir(d, 'f'))).toBe(ENOTDIR);
    expect(errnoOf(() => fs.rmdir(d, '.'))).toBe(EINVAL);
    expect(errnoOf(() => fs.rmdir(root, 'nope'))).toBe(ENOENT);
    fs.unlink(d, 'f');
    const free = fs.statfs().bfree;
    fs.rmdir(root, 'd');
    expect(root.nlink).toBe(2);
    // Held (a current directory): it is empty and nothing can be made in it.
    expect(d.nlink).toBe(0);
    expect(fs.readdir(d).entries).toEqual([]);
    expect(errnoOf(() => fs.create(d, 'g', 0o644, 0, 0))).toBe(ENOENT);
    expect(fs.statfs().bfree).toBe(free + 1);
    fs.iput(d);
    expect(errnoOf(() => fs.lookup(root, 'd'))).toBe(ENOENT);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('refuses to remove ".." (ENOTEMPTY), even at the root', () => {
    const { fs } = freshFs(64);
    const root = fs.root();
    expect(errnoOf(() => fs.rmdir(root, '..'))).toBe(ENOTEMPTY);
    expect(errnoOf(() => fs.unlink(root, '..'))).toBe(EPERM);
    fs.iput(root);
  });

  it('makes symbolic links and device files', () => {
    const { disk, fs } = freshFs(64);
    const root = fs.root();
    const l = fs.symlink(root, 'sh', '/bin/sh', 0, 0);
    expect(l.mode & 0o170000).toBe(IFLNK);
    expect(fs.readlink(l)).toBe('/bin/sh');
    expect(l.size).toBe(7);
    const c = fs.mknod(root, 'null', 0o020666, 0x0302, 0, 0);
    expect(c.rdev).toBe(0x0302);
    expect(c.blocks).toBe(0);
    expect(errnoOf(() => fs.readlink(c))).toBe(EINVAL);
    fs.iput(l);
    fs.iput(c);
    fs.unlink(root, 'null');
    fs.unlink(root, 'sh');
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });
});

describe('rename', () => {
  function setup() {
    const t = freshFs(128);
    const root = t.fs.root();
    const mk = (path: string, dir: boolean) => {
      const parts = path.split('/');
      const name = parts.pop()!;
      const dp = lookupPath(t.fs, parts.join('/'));
      const ip = dir ? t.fs.mkdir(dp, name, 0o755, 0, 0) : t.fs.create(dp, name, 0o644, 0, 0);
      if (!dir) t.fs.writei(ip, 0, bytes(path));
      t.fs.iput(ip);
      t.fs.iput(dp);
    };
    return { ...t, root, mk };
  }

  it('renames a file within a directory and across directories', () => {
    const { disk, fs, root, mk } = setup();
    mk('a', true);
    mk('b', true);
    mk('a/f', false);
    const a = fs.iget(fs.lookup(root, 'a'));
    const b = fs.iget(fs.lookup(root, 'b'));
    fs.rename(a, 'f', a, 'g');
    expect(names(fs, a)).toEqual(['.', '..', 'g']);
    fs.rename(a, 'g', b, 'h');
    expect(names(fs, a)).toEqual(['.', '..']);
    const h = fs.iget(fs.lookup(b, 'h'));
    expect(new TextDecoder().decode(readAll(fs, h))).toBe('a/f');
    expect(h.nlink).toBe(1);
    expect(errnoOf(() => fs.rename(a, 'nope', b, 'x'))).toBe(ENOENT);
    fs.iput(h);
    fs.iput(a);
    fs.iput(b);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('replaces an existing file, freeing it', () => {
    const { disk, fs, root, mk } = setup();
    mk('x', false);
    mk('y', false);
    const free = fs.statfs().bfree;
    fs.rename(root, 'x', root, 'y');
    expect(names(fs, root)).toEqual(['.', '..', 'y']);
    const y = lookupPath(fs, 'y');
    expect(new TextDecoder().decode(readAll(fs, y))).toBe('x');
    expect(fs.statfs().bfree).toBe(free + 1);
    fs.iput(y);
    // Renaming a name onto another name of the same file does nothing.
    const f = lookupPath(fs, 'y');
    fs.link(root, 'z', f);
    fs.rename(root, 'y', root, 'z');
    expect(names(fs, root)).toEqual(['.', '..', 'y', 'z']);
    expect(f.nlink).toBe(2);
    fs.iput(f);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('moves a directory, fixing ".." and the link counts', () => {
    const { disk, fs, root, mk } = setup();
    mk('a', true);
    mk('a/sub', true);
    mk('a/sub/f', false);
    mk('b', true);
    const a = lookupPath(fs, 'a');
    const b = lookupPath(fs, 'b');
    fs.rename(a, 'sub', b, 'moved');
    const moved = lookupPath(fs, 'b/moved');
    expect(fs.lookup(moved, '..')).toBe(b.ino);
    expect(a.nlink).toBe(2);
    expect(b.nlink).toBe(3);
    expect(root.nlink).toBe(4);
    expect(moved.nlink).toBe(2);
    // Within one directory, only the name changes.
    fs.rename(b, 'moved', b, 'again');
    expect(b.nlink).toBe(3);
    expect(fs.lookup(moved, '..')).toBe(b.ino);
    for (const ip of [a, b, moved]) fs.iput(ip);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('replaces an empty directory but not a full one, and not across types', () => {
    const { disk, fs, root, mk } = setup();
    mk('d1', true);
    mk('d1/f', false);
    mk('d2', true);
    mk('d3', true);
    mk('d3/g', false);
    mk('file', false);
    expect(errnoOf(() => fs.rename(root, 'd1', root, 'd3'))).toBe(ENOTEMPTY);
    expect(errnoOf(() => fs.rename(root, 'd1', root, 'file'))).toBe(ENOTDIR);
    expect(errnoOf(() => fs.rename(root, 'file', root, 'd2'))).toBe(EISDIR);
    expect(errnoOf(() => fs.rename(root, '.', root, 'x'))).toBe(EINVAL);
    expect(errnoOf(() => fs.rename(root, 'd1', root, '..'))).toBe(EINVAL);
    fs.rename(root, 'd1', root, 'd2');
    expect(names(fs, root)).toEqual(['.', '..', 'd2', 'd3', 'file']);
    expect(root.nlink).toBe(4);
    const d2 = lookupPath(fs, 'd2');
    expect(names(fs, d2)).toEqual(['.', '..', 'f']);
    fs.iput(d2);
    // Into another directory, replacing an empty directory there.
    mk('d3/e', true);
    const d3 = lookupPath(fs, 'd3');
    fs.rename(root, 'd2', d3, 'e');
    expect(root.nlink).toBe(3);
    expect(d3.nlink).toBe(3);
    const e = lookupPath(fs, 'd3/e');
    expect(fs.lookup(e, '..')).toBe(d3.ino);
    expect(fs.lookup(e, 'f')).toBeGreaterThan(0);
    fs.iput(e);
    fs.iput(d3);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('will not move a directory into itself or below it (EINVAL)', () => {
    const { disk, fs, root, mk } = setup();
    mk('a', true);
    mk('a/b', true);
    mk('a/b/c', true);
    const a = lookupPath(fs, 'a');
    const c = lookupPath(fs, 'a/b/c');
    expect(errnoOf(() => fs.rename(root, 'a', c, 'x'))).toBe(EINVAL);
    expect(errnoOf(() => fs.rename(root, 'a', a, 'x'))).toBe(EINVAL);
    // Moving a lower directory up is fine.
    const b = lookupPath(fs, 'a/b');
    fs.rename(b, 'c', root, 'c');
    expect(fs.lookup(c, '..')).toBe(2);
    for (const ip of [a, b, c]) fs.iput(ip);
    fs.iput(root);
    expect(checkClean(fs, disk)).toEqual([]);
  });

  it('creates directories with the right type and size', () => {
    const { fs, root } = setup();
    const d = fs.mkdir(root, 'd', 0o2775, 3, 4);
    expect(d.mode).toBe(IFDIR | 0o2775);
    expect(d.size).toBe(DIRBLKSIZ);
    expect(d.uid).toBe(3);
    expect(d.gid).toBe(4);
    fs.iput(d);
    fs.iput(root);
  });
});
