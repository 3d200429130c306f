import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage, checkImage, IMAGE_TIME, readImage, writeImage } from '../../emu/tools/mkfs.js';
import {
  fsck,
  IFBLK,
  IFCHR,
  IFDIR,
  IFLNK,
  IFREG,
  lookupPath,
  MemoryDisk,
  Ufs,
} from '../../kernel/fs/ufs/index.js';
import { CRASHES, DAMAGE } from './damage.js';
import { pattern, readAll, sameBytes } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let work: string;

/** The fixture tree, made with its entries created in the given order. */
function makeTree(dir: string, reverse: boolean): void {
  const steps: (() => void)[] = [
    () => mkdirSync(join(dir, 'bin'), { recursive: true }),
    () => mkdirSync(join(dir, 'etc'), { recursive: true }),
    () => mkdirSync(join(dir, 'usr/share/doc'), { recursive: true }),
  ];
  const files: [string, Uint8Array, number][] = [
    ['bin/sh', pattern(30000, 1), 0o700],
    ['bin/ls', pattern(120 * 1024, 2), 0o755],
    ['etc/motd', new TextEncoder().encode('Welcome to sun3lab\n'), 0o600],
    ['etc/empty', new Uint8Array(0), 0o644],
    ['usr/share/doc/big', pattern(13 * 8192 + 5, 3), 0o444],
    ['caf\u00e9', new TextEncoder().encode('non-ASCII name\n'), 0o644],
  ];
  for (const s of steps) s();
  const order = reverse ? [...files].reverse() : files;
  for (const [path, data, mode] of order) {
    writeFileSync(join(dir, path), data);
    chmodSync(join(dir, path), mode);
  }
  symlinkSync('/etc/motd', join(dir, 'motd'));
  symlinkSync('../../bin/sh', join(dir, 'usr/share/sh'));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sun3lab-mkfs-'));
  makeTree(join(work, 'a'), false);
  makeTree(join(work, 'b'), true);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('mkfs', () => {
  it('builds the same bytes from the same tree', () => {
    const a = buildImage(join(work, 'a'), { sizeMB: 4 });
    const b = buildImage(join(work, 'b'), { sizeMB: 4 });
    expect(a.length).toBe(4 * 1024 * 1024);
    expect(sameBytes(a, b)).toBe(true);
    expect(sameBytes(a, buildImage(join(work, 'a'), { sizeMB: 4 }))).toBe(true);
    // And the gzip'd file too.
    writeImage(join(work, 'a.img.gz'), a);
    writeImage(join(work, 'b.img.gz'), b);
    expect(sameBytes(readFileSync(join(work, 'a.img.gz')), readFileSync(join(work, 'b.img.gz')))).toBe(true);
    expect(sameBytes(new Uint8Array(gunzipSync(readFileSync(join(work, 'a.img.gz')))), a)).toBe(true);
    expect(sameBytes(readImage(join(work, 'a.img.gz')), a)).toBe(true);
  });

  it('copies files, directories and links with normalised modes, owners and times', () => {
    const image = buildImage(join(work, 'a'), { sizeMB: 4 });
    expect(fsck(new MemoryDisk(image)).problems).toEqual([]);
    const fs = Ufs.mount(new MemoryDisk(image), { readonly: true });
    const get = (path: string) => lookupPath(fs, path);
    const sh = get('bin/sh');
    expect(sh.mode).toBe(IFREG | 0o755);
    expect(sameBytes(readAll(fs, sh), pattern(30000, 1))).toBe(true);
    const ls = get('bin/ls');
    expect(sameBytes(readAll(fs, ls), pattern(120 * 1024, 2))).toBe(true);
    expect(ls.ib[0]).not.toBe(0); // 15 blocks: past the direct ones
    const motd = get('etc/motd');
    expect(motd.mode).toBe(IFREG | 0o644);
    expect(new TextDecoder().decode(readAll(fs, motd))).toBe('Welcome to sun3lab\n');
    expect(get('etc/empty').size).toBe(0);
    expect(get('usr/share/doc/big').mode).toBe(IFREG | 0o644);
    const cafe = get(Buffer.from('caf\u00e9', 'utf8').toString('latin1'));
    expect(cafe.size).toBe(15);
    const link = get('motd');
    expect(link.mode & 0o170000).toBe(IFLNK);
    expect(fs.readlink(link)).toBe('/etc/motd');
    expect(fs.readlink(get('usr/share/sh'))).toBe('../../bin/sh');
    for (const ip of [sh, ls, motd, link]) {
      expect(ip.uid).toBe(0);
      expect(ip.gid).toBe(0);
      expect(ip.mtime.sec).toBe(IMAGE_TIME);
      expect(ip.atime.sec).toBe(IMAGE_TIME);
      expect(ip.ctime.sec).toBe(IMAGE_TIME);
    }
    const root = fs.root();
    expect(root.mode).toBe(IFDIR | 0o755);
    expect(
      fs
        .readdir(root)
        .entries.map((e) => e.name)
        .slice(2),
    ).toEqual(['lost+found', 'bin', 'caf\u00c3\u00a9', 'etc', 'motd', 'usr', 'dev', 'tmp', 'mnt']);
    expect(get('lost+found').mode).toBe(IFDIR | 0o700);
    expect(fs.sb.fs_clean).toBe(1);
  });

  it('adds /dev with console, tty, null, zero, two disks and 16 ptys, /tmp with mode 1777, and /mnt', () => {
    const fs = Ufs.mount(new MemoryDisk(buildImage(join(work, 'a'), { sizeMB: 2 })), { readonly: true });
    const devs = Object.fromEntries(
      ['console', 'tty', 'null', 'zero'].map((n) => {
        const ip = lookupPath(fs, `dev/${n}`);
        expect(ip.mode).toBe(IFCHR | 0o666);
        return [n, ip.rdev];
      }),
    );
    expect(devs).toEqual({ console: 0x0000, tty: 0x0200, null: 0x0302, zero: 0x030c });
    // The disks as SunOS has them: brw-r----- / crw-r----- root operator, sd block 7, rsd raw 17,
    // minor unit * 8 + partition.
    const disks = ['sd0a', 'rsd0a', 'sd1a', 'rsd1a'].map((n) => {
      const ip = lookupPath(fs, `dev/${n}`);
      return [n, ip.mode, ip.rdev, ip.uid, ip.gid];
    });
    expect(disks).toEqual([
      ['sd0a', IFBLK | 0o640, 0x0700, 0, 5],
      ['rsd0a', IFCHR | 0o640, 0x1100, 0, 5],
      ['sd1a', IFBLK | 0o640, 0x0708, 0, 5],
      ['rsd1a', IFCHR | 0o640, 0x1108, 0, 5],
    ]);
    // The pseudo-terminals as SunOS's MAKEDEV made them: masters ptyp0-f (ptc, 21), slaves ttyp0-f (pts, 20).
    const ptys = ['ptyp0', 'ttyp0', 'ptypf', 'ttypf'].map((n) => {
      const ip = lookupPath(fs, `dev/${n}`);
      return [n, ip.mode, ip.rdev];
    });
    expect(ptys).toEqual([
      ['ptyp0', IFCHR | 0o666, 0x1500],
      ['ttyp0', IFCHR | 0o666, 0x1400],
      ['ptypf', IFCHR | 0o666, 0x150f],
      ['ttypf', IFCHR | 0o666, 0x140f],
    ]);
    const tmp = lookupPath(fs, 'tmp');
    expect(tmp.mode).toBe(IFDIR | 0o1777);
    expect(lookupPath(fs, 'mnt').mode).toBe(IFDIR | 0o755);
  });

  it('builds from an empty tree, and uses a /dev, /tmp or /lost+found the tree already has', () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const r = fsck(new MemoryDisk(buildImage(empty, { sizeMB: 1 })));
    expect(r.problems).toEqual([]);
    expect(r.devices).toBe(10 + 32);
    expect(r.directories).toBe(5); // /, /lost+found, /dev, /tmp, /mnt
    const withDev = join(work, 'withdev');
    mkdirSync(join(withDev, 'dev'), { recursive: true });
    mkdirSync(join(withDev, 'tmp'));
    mkdirSync(join(withDev, 'lost+found'));
    writeFileSync(join(withDev, 'lost+found/README'), 'fsck puts files here\n');
    writeFileSync(join(withDev, 'dev/MAKEDEV'), '#!/bin/sh\n');
    const fs = Ufs.mount(new MemoryDisk(buildImage(withDev, { sizeMB: 1 })), { readonly: true });
    const dev = lookupPath(fs, 'dev');
    expect(fs.readdir(dev).entries.map((e) => e.name)).toEqual([
      '.',
      '..',
      'MAKEDEV',
      'console',
      'null',
      'zero',
      'tty',
      'sd0a',
      'rsd0a',
      'sd0b',
      'rsd0b',
      'sd1a',
      'rsd1a',
      ...[...'0123456789abcdef'].flatMap((c) => [`ptyp${c}`, `ttyp${c}`]),
    ]);
    expect(lookupPath(fs, 'tmp').mode).toBe(IFDIR | 0o1777);
    const lf = lookupPath(fs, 'lost+found');
    expect(lf.mode).toBe(IFDIR | 0o700);
    expect(lf.size).toBe(8192); // mkfs's, with its room for fsck
    expect(fs.readdir(lf).entries.map((e) => e.name)).toEqual(['.', '..', 'README']);
  });

  it('fails with one-line messages on bad input', () => {
    expect(() => buildImage(join(work, 'nope'))).toThrow(/nope: no such file or directory/);
    expect(() => buildImage(join(work, 'a', 'etc', 'motd'))).toThrow(/not a directory/);
    expect(() => buildImage(join(work, 'a'), { sizeMB: 0 })).toThrow(/--size 0/);
    const big = join(work, 'big');
    mkdirSync(big);
    writeFileSync(join(big, 'huge'), new Uint8Array(2 * 1024 * 1024));
    expect(() => buildImage(big, { sizeMB: 1 })).toThrow(/does not fit in 1 MB \(out of space at .*huge\)/);
    const clash = join(work, 'clash');
    mkdirSync(join(clash, 'dev'), { recursive: true });
    writeFileSync(join(clash, 'dev/null'), '');
    expect(() => buildImage(clash, { sizeMB: 1 })).toThrow(/makes \/dev\/null itself/);
    const notDir = join(work, 'notdir');
    mkdirSync(notDir);
    writeFileSync(join(notDir, 'tmp'), '');
    expect(() => buildImage(notDir, { sizeMB: 1 })).toThrow(/tmp: must be a directory/);
  });

  it("checkImage reads raw and gzip'd images and refuses non-images", () => {
    const image = buildImage(join(work, 'a'), { sizeMB: 2 });
    writeImage(join(work, 'c.img'), image);
    expect(checkImage(join(work, 'c.img')).ok).toBe(true);
    expect(() => checkImage(join(work, 'a', 'etc', 'motd'))).toThrow(/not a disk image/);
    writeFileSync(join(work, 'zero.img'), new Uint8Array(4 * 8192));
    expect(() => checkImage(join(work, 'zero.img'))).toThrow(/not a sun3lab file system/);
  });
});

describe('sun3lab mkfs and fsck', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'emu/cli/sun3lab.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('builds an image and checks it', () => {
    const img = join(work, 'cli.img.gz');
    const m = cli('mkfs', img, join(work, 'a'), '--size', '2');
    expect(m.stderr).toBe('');
    expect(m.status).toBe(0);
    expect(m.stdout).toMatch(/cli\.img\.gz: 2 MB, 6 files, 10 directories, 2 symbolic links, 42 devices/);
    const f = cli('fsck', img);
    expect(f.status).toBe(0);
    expect(f.stdout).toMatch(/clean, 6 files, .* no problems/);
  });

  it('exits 1 with problems listed for a damaged image, and with one line for bad input', () => {
    const image = buildImage(join(work, 'a'), { sizeMB: 2 });
    const fs = Ufs.mount(new MemoryDisk(image.slice()), { readonly: true });
    const motd = lookupPath(fs, 'etc/motd');
    // Give /etc/motd a second link it does not have.
    const at = fs.sb.fs_iblkno * 8192 + motd.ino * 128 + 2;
    image[at + 1] = 2;
    writeImage(join(work, 'bad.img'), image);
    const f = cli('fsck', join(work, 'bad.img'));
    expect(f.status).toBe(1);
    expect(f.stdout).toMatch(new RegExp(`inode ${motd.ino}: link count 2, should be 1`));
    const bad = cli('mkfs', join(work, 'x.img'), join(work, 'nope'));
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^sun3lab: .*nope: no such file or directory/);
    const size = cli('mkfs', join(work, 'x.img'), join(work, 'a'), '--size', 'lots');
    expect(size.status).toBe(1);
    expect(size.stderr).toMatch(/^sun3lab: /);
  });

  it("repairs an image in place with the machine's fsck: -p mends a crash, refuses the rest; -y mends that", () => {
    const crashed = join(work, 'crashed.img');
    writeFileSync(crashed, CRASHES['directory unnamed'](3).bytes);
    const p = cli('fsck', '-p', crashed);
    expect(p.status).toBe(0);
    expect(p.stdout).toContain(`${crashed}: UNREF DIR`);
    expect(p.stdout).toMatch(/\(RECONNECTED\)/);
    expect(cli('fsck', crashed).stdout).toMatch(/crashed\.img: clean, .*; no problems/);

    const damaged = join(work, 'damaged.img');
    writeFileSync(damaged, DAMAGE['block in two files'](3).bytes);
    const refused = cli('fsck', '-p', damaged);
    expect(refused.status).toBe(8);
    expect(refused.stdout).toContain(`${damaged}: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.`);
    const yes = cli('fsck', '-y', damaged);
    expect(yes.status).toBe(0);
    expect(yes.stdout).toContain('***** FILE SYSTEM WAS MODIFIED *****');
    expect(cli('fsck', damaged).stdout).toMatch(/damaged\.img: clean, .*; no problems/);

    // One line for what cannot be done.
    const both = cli('fsck', '-p', '-y', damaged);
    expect(both.status).toBe(1);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
    const gz = cli('fsck', '-y', join(work, 'cli.img.gz'));
    expect(gz.status).toBe(1);
    expect(gz.stderr).toMatch(/^sun3lab: .*cli\.img\.gz: /);
  });
});
