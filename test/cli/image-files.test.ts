/**
 * Files in and out of a disk image (`sun3lab put`, `get`, `ls`): a
 * student's program and data copied in survive a boot and run as the
 * student; what the machine wrote comes back out; trees both ways; the
 * image is checked before and after, and refused when it is not clean.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { fsck } from '../../kernel/fs/ufs/fsck.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';
import { ROOT, sun3lab } from './spawn.js';

let work: string;

/** A file's SHA-256 (comparing megabytes element by element is slow in expect). */
function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

let image: string;

/** A fresh raw copy of the committed root image. */
function freshImage(name: string): string {
  const path = join(work, name);
  writeFileSync(path, gunzipSync(readFileSync(join(ROOT, 'images/root.img.gz'))));
  return path;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sun3lab-files-'));
  image = freshImage('disk.img');
});

describe('sun3lab put, get and ls', () => {
  it("puts a program and a file into a student's directory: they belong to the student and run after a boot", async () => {
    copyFileSync(join(ROOT, 'images/root/bin/echo'), join(work, 'myecho'));
    writeFileSync(join(work, 'note.txt'), 'hello from the host\n');
    utimesSync(join(work, 'note.txt'), 700000000, 700000000);
    const put = await sun3lab(['put', image, join(work, 'myecho'), join(work, 'note.txt'), '/home/alice']);
    expect(put.stderr).toBe('');
    expect(put.code).toBe(0);
    const ls = await sun3lab(['ls', '-l', image, '/home/alice']);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/^-rwxr-xr-x +1 alice +students +\d+ .* myecho$/m);
    // The host file's time (1992-03-07 20:26 UTC) travels with it.
    expect(ls.stdout).toMatch(/^-rw-r--r-- +1 alice +students +20 Mar {2}7 {2}1992 note\.txt$/m);
    const run = await sun3lab([
      'run',
      '--disk',
      image,
      '--user',
      'alice',
      '/bin/sh',
      '-c',
      '/home/alice/myecho it runs; cat /home/alice/note.txt; echo made on the machine > /home/alice/out.txt',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('it runs\nhello from the host\n');
    const got = await sun3lab(['get', image, '/home/alice/out.txt', '-']);
    expect(got.code).toBe(0);
    expect(got.stdout).toBe('made on the machine\n');
    const report = fsck(new MemoryDisk(new Uint8Array(readFileSync(image))));
    expect(report.problems).toEqual([]);
    expect(report.clean).toBe(true);
  });

  it('copies a tree in and back out with -r, symbolic links as links, and --owner and --mode as asked', async () => {
    const tree = join(work, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'a.txt'), 'aaa\n');
    writeFileSync(
      join(tree, 'sub', 'b.bin'),
      new Uint8Array(20000).map((_, i) => (i * 7) & 0xff),
    );
    symlinkSync('a.txt', join(tree, 'link'));
    const put = await sun3lab(['put', '-r', '--owner', 'bob:staff', '--mode', '640', image, tree, '/tmp']);
    expect(put.stderr).toBe('');
    const ls = await sun3lab(['ls', '-lR', image, '/tmp/tree']);
    expect(ls.stdout).toMatch(/^-rw-r----- +1 bob +staff +4 .* a\.txt$/m);
    expect(ls.stdout).toMatch(/^l.* bob +staff .* link -> a\.txt$/m);
    expect(ls.stdout).toMatch(/^\/tmp\/tree\/sub:$/m);
    const back = join(work, 'back');
    const get = await sun3lab(['get', '-r', image, '/tmp/tree', back]);
    expect(get.code).toBe(0);
    expect(readFileSync(join(back, 'a.txt'), 'utf8')).toBe('aaa\n');
    expect(digest(join(back, 'sub', 'b.bin'))).toBe(digest(join(tree, 'sub', 'b.bin')));
    expect(readFileSync(join(back, 'link'), 'utf8')).toBe('aaa\n');
  });

  it("works on a gzip'd image and keeps it gzip'd", async () => {
    const gz = join(work, 'root.img.gz');
    copyFileSync(join(ROOT, 'images/root.img.gz'), gz);
    writeFileSync(join(work, 'x'), 'x\n');
    expect((await sun3lab(['put', gz, join(work, 'x'), '/tmp/x'])).code).toBe(0);
    expect(readFileSync(gz).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await sun3lab(['get', gz, '/tmp/x', '-'])).stdout).toBe('x\n');
  });

  it('refuses, in one line and with exit status 1, what it cannot do, and leaves the image as it was', async () => {
    const before = digest(image);
    const cases: [string[], RegExp][] = [
      [['put', image, join(work, 'nothere'), '/tmp'], /nothere: no such file/],
      [['put', image, join(work, 'tree'), '/tmp'], /a directory \(use -r/],
      [['put', image, join(work, 'x'), 'tmp'], /must be absolute/],
      [['put', image, join(work, 'x'), join(work, 'x'), '/etc/passwd'], /not a directory/],
      [['put', image, join(work, 'x'), '/nodir/x'], /\/nodir: no such file or directory/],
      [['put', '--owner', 'nobodyhere', image, join(work, 'x'), '/tmp'], /no user nobodyhere/],
      [['get', image, '/nothere', join(work, 'y')], /\/nothere: no such file or directory/],
      [['get', image, '/etc', join(work, 'y')], /a directory \(use -r/],
      [['ls', image, '/nothere'], /no such file or directory/],
      [['ls', join(work, 'x')], /not a disk image|not a sun3lab file system|no file system|bad superblock/],
    ];
    for (const [args, message] of cases) {
      const r = await sun3lab(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(digest(image)).toBe(before);
  });

  it('refuses to write into an image that was not shut down cleanly, and reads it with a warning', async () => {
    const dirty = freshImage('dirty.img');
    // Mounted and never unmounted: the state a crashed machine leaves.
    const bytes = new Uint8Array(readFileSync(dirty));
    Ufs.mount(new MemoryDisk(bytes));
    writeFileSync(dirty, bytes);
    writeFileSync(join(work, 'z'), 'z\n');
    const put = await sun3lab(['put', dirty, join(work, 'z'), '/tmp']);
    expect(put.code).toBe(1);
    expect(put.stderr).toMatch(/not cleanly unmounted.*sun3lab fsck -p/);
    const ls = await sun3lab(['ls', dirty, '/']);
    expect(ls.code).toBe(0);
    expect(ls.stderr).toMatch(/warning: not cleanly unmounted/);
    expect(ls.stdout).toMatch(/^etc$/m);
  });
});
