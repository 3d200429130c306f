/** /etc/proto: the owners and modes the image builder gives a tree's files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildImage } from '../../emu/tools/mkfs.js';
import { parseProto } from '../../emu/tools/proto.js';
import { fsck, IFDIR, IFREG, lookupPath, MemoryDisk, Ufs } from '../../kernel/fs/ufs/index.js';

const work = mkdtempSync(join(tmpdir(), 'sun3lab-proto-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PASSWD = 'root::0:0::/:\nann:x:1200:300::/home/ann:/bin/sh\n';
const GROUP = 'wheel:*:0:\nclass:*:300:ann\n';

/** A tree with /bin/prog, /etc/passwd, /etc/group and the given /etc/proto. */
function tree(name: string, proto: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'etc'), { recursive: true });
  writeFileSync(join(dir, 'bin/prog'), 'program', { mode: 0o755 });
  writeFileSync(join(dir, 'etc/passwd'), PASSWD);
  writeFileSync(join(dir, 'etc/group'), GROUP);
  writeFileSync(join(dir, 'etc/proto'), proto);
  return dir;
}

describe('mkfs with /etc/proto', () => {
  it('sets owners and modes, by name or number, and makes the directories', () => {
    const dir = tree(
      'good',
      '# comment\n\n/bin/prog f 4711 root wheel  # set-user-id\n/home d 755 0 0\n/home/ann d 0700 ann class\n/etc/passwd f 0600 1200 300\n',
    );
    const image = buildImage(dir, { sizeMB: 2 });
    expect(fsck(new MemoryDisk(image)).problems).toEqual([]);
    const fs = Ufs.mount(new MemoryDisk(image), { readonly: true });
    const get = (p: string) => {
      const ip = lookupPath(fs, p);
      const a = { mode: ip.mode, uid: ip.uid, gid: ip.gid };
      fs.iput(ip);
      return a;
    };
    expect(get('bin/prog')).toEqual({ mode: IFREG | 0o4711, uid: 0, gid: 0 });
    expect(get('home')).toEqual({ mode: IFDIR | 0o755, uid: 0, gid: 0 });
    expect(get('home/ann')).toEqual({ mode: IFDIR | 0o700, uid: 1200, gid: 300 });
    expect(get('etc/passwd')).toEqual({ mode: IFREG | 0o600, uid: 1200, gid: 300 });
    expect(get('etc/group')).toEqual({ mode: IFREG | 0o644, uid: 0, gid: 0 }); // not listed: as always
  });

  it('gives the same bytes every time', () => {
    const dir = tree('same', '/home d 0755 root wheel\n/home/ann d 0755 ann class\n');
    expect(
      Buffer.from(buildImage(dir, { sizeMB: 2 })).equals(Buffer.from(buildImage(dir, { sizeMB: 2 }))),
    ).toBe(true);
  });

  it('says what is wrong with a line, in one line', () => {
    const bad: [string, RegExp][] = [
      ['/bin/nope f 0755 root wheel', /etc\/proto: \/bin\/nope is not in the tree$/],
      ['/bin/prog f 0755 nobody wheel', /etc\/proto line 1: no user nobody in the tree's \/etc\/passwd$/],
      ['/bin/prog f 0755 root staff', /etc\/proto line 1: no group staff in the tree's \/etc\/group$/],
      ['/bin/prog f 0855 root wheel', /etc\/proto line 1: mode 0855 is not octal/],
      ['/bin/prog x 0755 root wheel', /etc\/proto line 1: type x is not f or d$/],
      ['bin/prog f 0755 root wheel', /etc\/proto line 1: bin\/prog is not an absolute path$/],
      ['/bin/prog f 0755 root', /etc\/proto line 1: expected "path type mode owner group"$/],
      ['/bin/prog d 0755 root wheel', /etc\/proto: \/bin\/prog is not a directory$/],
      [
        '/home/ann d 0755 ann class',
        /etc\/proto: \/home, where \/home\/ann goes, is not a directory of the tree/,
      ],
    ];
    bad.forEach(([line, message], i) => {
      expect(() => buildImage(tree(`bad${i}`, `${line}\n`), { sizeMB: 2 }), line).toThrow(message);
    });
  });

  it('parses names against the texts it is given', () => {
    expect(parseProto('/x f 644 ann class\n', 'p', PASSWD, GROUP)).toEqual([
      { path: '/x', type: 'f', mode: 0o644, uid: 1200, gid: 300 },
    ]);
  });
});
