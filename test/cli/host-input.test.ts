/**
 * Bad host input gets a one-line error and exit status 1: the tools that
 * read files refuse what is not a regular file and cap what they
 * decompress; `run` says when a program does not fit; a machine that loses
 * power (--power-off) leaves its disk as the kernel wrote it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT, SHIM } from './spawn.js';

const work = mkdtempSync(join(tmpdir(), 'sun3lab-host-input-'));
const sun3lab = (...args: string[]) =>
  spawnSync(process.execPath, [SHIM, ...args], { encoding: 'utf8', cwd: work });
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;
const fifo = join(work, 'fifo');
if (hasMkfifo) spawnSync('mkfifo', [fifo]);

/** One line on stderr, `sun3lab: ` and the message; exit status 1; nothing else. */
function expectOneLine(r: ReturnType<typeof sun3lab>, message: string | RegExp): void {
  expect(r.stderr.split('\n').filter((l) => l)).toHaveLength(1);
  if (typeof message === 'string') expect(r.stderr).toBe(`sun3lab: ${message}\n`);
  else expect(r.stderr).toMatch(message);
  expect(r.status).toBe(1);
}

/** About 1.5 MB of gzip that decompresses to 1.5 GB of zeros. */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(10 << 20), { level: 9 });
  return Buffer.concat(Array.from({ length: 150 }, () => member));
}

describe('tools that read files refuse what is not a regular file', () => {
  it.each([
    ['fsck', (f: string) => ['fsck', f]],
    ['cputest', (f: string) => ['cputest', f]],
    ['disasm', (f: string) => ['disasm', f]],
    ['bench --bin', (f: string) => ['bench', '--bin', f]],
  ])('%s: a directory, a device, a FIFO', (_name, args) => {
    expectOneLine(sun3lab(...args(work)), `${work}: is a directory`);
    expectOneLine(
      sun3lab(...args('/dev/zero')),
      '/dev/zero: not a regular file (a device, a FIFO or a socket)',
    );
    if (hasMkfifo)
      expectOneLine(sun3lab(...args(fifo)), `${fifo}: not a regular file (a device, a FIFO or a socket)`);
  });

  it('a gzip bomb fails at once: fsck and cputest', () => {
    const bomb = gzipBomb();
    writeFileSync(join(work, 'bomb.img.gz'), bomb);
    writeFileSync(join(work, 'ADD.b.json.gz'), bomb);
    const t = performance.now();
    expectOneLine(
      sun3lab('fsck', 'bomb.img.gz'),
      'bomb.img.gz: not a disk image (not a sun3lab file system)',
    );
    const c = sun3lab('cputest', 'ADD.b.json.gz');
    expect(c.stderr).toBe(
      'sun3lab: ADD.b.json.gz: decompresses to more than 128 MB (the limit for a test-vector file)\n',
    );
    expect(c.status).toBe(1);
    expect(performance.now() - t).toBeLessThan(20_000);
  });

  it('bench --bin: an image larger than the RAM above its load address', () => {
    writeFileSync(join(work, 'huge.bin'), Buffer.alloc(16 << 20));
    expectOneLine(
      sun3lab('bench', '--bin', 'huge.bin'),
      'huge.bin: too large (16777216 bytes; at most 16380 KB, what fits in RAM above 0x1000)',
    );
  });
});

describe('sun3lab run: one-line errors', () => {
  it('a program that does not fit on the disk', () => {
    const tree = join(work, 'tree');
    mkdirSync(tree);
    expect(sun3lab('mkfs', '--size', '1', 'small.img', tree).status).toBe(0);
    writeFileSync(join(work, 'big'), Buffer.alloc(1000 * 1024, 1));
    expectOneLine(
      sun3lab('run', '--disk', 'small.img', './big'),
      /^sun3lab: \.\/big: does not fit on the machine's disk \(1000 KB; \d+ KB free\)\n$/,
    );
    // Nothing is left of it, and the image is still clean.
    const fsck = sun3lab('fsck', 'small.img');
    expect(fsck.stdout).toMatch(/small\.img: clean, 0 files, .* no problems\n$/);
  });

  it("an absolute path the disk lacks is not the host's file, and the disk is left as it was", () => {
    const image = join(work, 'small.img');
    const before = readFileSync(image);
    expectOneLine(
      sun3lab('run', '--disk', image, '/bin/ls'),
      'cannot run /bin/ls: no such file or directory',
    );
    expect(readFileSync(image).equals(before)).toBe(true);
  });
});

describe('--power-off', () => {
  it('cuts the power: no sync, no unmount; the disk keeps what the kernel had written', () => {
    const disk = join(work, 'power.img');
    const r = sun3lab(
      'run',
      '--disk',
      disk,
      '--power-off',
      '2',
      '/bin/sh',
      '-c',
      'echo kept > /tmp/kept; sync; echo started; sleep 10; echo never',
    );
    expect(r.stdout).toBe('started\n');
    const lines = r.stderr.split('\n').filter((l) => l);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^stats: 2\.000 s emulated/);
    expect(lines[1]).toBe('sun3lab: the machine lost power at 2 s of emulated time (--power-off)');
    expect(r.status).toBe(1);
    // The file system was never unmounted: not clean. What was synced is there.
    expect(sun3lab('fsck', disk).stdout).toMatch(/power\.img: not clean, /);
    // The next run checks the disk first, as a boot would (fsck -p, on standard error), then runs.
    const cat = sun3lab('run', '--disk', disk, '/bin/cat', '/tmp/kept');
    expect(cat.stdout).toBe('kept\n');
    expect(cat.stderr).toMatch(new RegExp(`^${disk}: \\d+ files, \\d+ used, \\d+ free\n`, 'm'));
    expect(sun3lab('fsck', disk).stdout).toMatch(/power\.img: clean, .*; no problems/);
  });

  it('works for boot too, and is checked', () => {
    const r = spawnSync(process.execPath, [SHIM, 'boot', '--power-off', '1'], {
      encoding: 'utf8',
      input: 'sleep 5\n',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\nsun3lab: the machine lost power at 1 s of emulated time \(--power-off\)\n$/);
    expectOneLine(
      sun3lab('run', '--power-off', 'x', '/bin/true'),
      '--power-off must be a number of seconds greater than 0',
    );
  });
});

describe('run copies in a host file only by a relative path', () => {
  it('copies ./NAME', () => {
    copyFileSync(join(ROOT, 'images/root/bin/echo'), join(work, 'hello'));
    const r = sun3lab('run', './hello', 'hi');
    expect(r.stdout).toBe('hi\n');
  });
});
