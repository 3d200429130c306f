import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProgram, ROOT } from '../../emu/tools/build-userland.js';
import { fsck, lookupPath, MemoryDisk, Ufs } from '../../kernel/fs/ufs/index.js';
import { type Case, CRASHES, cleanImage, DAMAGE, damage, populated, superblock } from '../fs/damage.js';

// /sbin/fsck, built for Linux and run under qemu-m68k on image files (needs
// m68k-linux-gnu-gcc and qemu-m68k):
//  - a clean image is left alone;
//  - what a crash leaves is repaired by fsck -p, with 4.3BSD's messages;
//  - other damage stops fsck -p with "UNEXPECTED INCONSISTENCY" (exit 8),
//    and fsck -y repairs it;
//  - fsck killed before any of its block writes leaves what the next fsck
//    (-p after -p on what a crash leaves, -y after -y) repairs;
//  - a campaign of seeded random damage: every image is repaired by -p, or
//    refused by -p and repaired by -y, or refused as not a file system; after
//    a repair both fsck -n and the host checker (kernel/fs/ufs/fsck.ts) find
//    it clean. fsck never dies of a signal.
// SUN3LAB_FSCK_CASES sets the campaign's size (default 40; the long run is
// `SUN3LAB_FSCK_CASES=500 npm run test:tools -- test/tools/fsck.test.ts`).

const CASES = Number(process.env.SUN3LAB_FSCK_CASES ?? 40);
const tmp = mkdtempSync(join(tmpdir(), 'sun3lab-fsck-'));
const bin = join(tmp, 'fsck');

beforeAll(async () => {
  const dir = join(ROOT, 'userland/sbin/fsck');
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => join(dir, f));
  await compileProgram({ sources, out: bin, target: 'linux' });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

function fsckRun(args: string[], opts: { input?: string; prefix?: string; stopAfter?: number } = {}): Run {
  const env: NodeJS.ProcessEnv = { PATH: '/bin:/usr/bin' };
  if (opts.prefix) env.QEMU_LD_PREFIX = opts.prefix;
  if (opts.stopAfter !== undefined) env.FSCK_STOP_AFTER_WRITES = String(opts.stopAfter);
  const r = spawnSync('qemu-m68k', [bin, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    timeout: 120_000,
    env,
  });
  return { status: r.status, signal: r.signal, out: r.stdout + r.stderr };
}

let serial = 0;
function file(bytes: Uint8Array): string {
  const path = join(tmp, `img${serial++}.img`);
  writeFileSync(path, bytes);
  return path;
}

/** What the host checker finds wrong, a not-clean mark included. */
function hostProblems(path: string): string[] {
  const r = fsck(new MemoryDisk(new Uint8Array(readFileSync(path))));
  return r.clean || !r.superblock ? r.problems : [...r.problems, 'not marked clean'];
}

/** The lines of a run that are not the phase headers, the summary or blank. */
function remarks(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('** ') && !/^\S*:? ?\d+ files, \d+ used, \d+ free$/.test(l));
}

/** fsck -n has nothing to say and the host checker agrees. */
function expectClean(path: string, what: string): void {
  const n = fsckRun(['-n', path]);
  expect(n.signal, `${what}: fsck -n killed\n${n.out}`).toBeNull();
  expect(remarks(n.out), `${what}: fsck -n after repair`).toEqual([]);
  expect(n.status, `${what}: fsck -n status\n${n.out}`).toBe(0);
  expect(hostProblems(path), `${what}: host checker after repair`).toEqual([]);
}

type Outcome = 'preened' | 'manual' | 'refused';

/** fsck -p, then fsck -y if it must; the result must check clean. */
function repair(path: string, what: string): { outcome: Outcome; preen: Run; yes?: Run } {
  const p = fsckRun(['-p', path]);
  expect(p.signal, `${what}: fsck -p killed\n${p.out}`).toBeNull();
  if (/BAD SUPER BLOCK|NOT A FILE SYSTEM/.test(p.out) && !/UNEXPECTED INCONSISTENCY/.test(p.out)) {
    expect(p.status, `${what}\n${p.out}`).toBe(8);
    expect(p.out.trim().split('\n'), `${what}: one line`).toHaveLength(1);
    const y = fsckRun(['-y', path]);
    expect(y.signal).toBeNull();
    expect(y.status).toBe(8);
    expect(hostProblems(path).length, `${what}: the host checker refuses it too`).toBeGreaterThan(0);
    return { outcome: 'refused', preen: p };
  }
  if (p.status === 8) {
    expect(p.out, what).toMatch(/: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY\.\n$/);
    const y = fsckRun(['-y', path]);
    expect(y.signal, `${what}: fsck -y killed\n${y.out}`).toBeNull();
    expect(y.status, `${what}: fsck -y\n${y.out}`).toBe(0);
    expectClean(path, what);
    return { outcome: 'manual', preen: p, yes: y };
  }
  expect(p.status, `${what}: fsck -p\n${p.out}`).toBe(0);
  expectClean(path, what);
  return { outcome: 'preened', preen: p };
}

describe('fsck on clean file systems', () => {
  it('skips a clean file system when preening, and changes nothing', () => {
    const bytes = cleanImage(1);
    const path = file(bytes);
    const p = fsckRun(['-p', path]);
    expect(p.out).toBe(`${path}: FILESYSTEM CLEAN; SKIPPING CHECKS\n`);
    expect(p.status).toBe(0);
    const f = fsckRun(['-p', '-f', path]);
    expect(f.out).toMatch(new RegExp(`^${path}: \\d+ files, \\d+ used, \\d+ free\\n$`));
    expect(f.status).toBe(0);
    const y = fsckRun(['-y', path]);
    expect(remarks(y.out)).toEqual([]);
    expect(y.status).toBe(0);
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('prints the five phases and a summary that agrees with the host checker', () => {
    const path = file(cleanImage(2));
    const n = fsckRun(['-n', path]);
    const host = fsck(new MemoryDisk(new Uint8Array(readFileSync(path))));
    expect(n.out.split('\n')).toEqual([
      `** ${path} (NO WRITE)`,
      '** Phase 1 - Check Blocks and Sizes',
      '** Phase 2 - Check Pathnames',
      '** Phase 3 - Check Connectivity',
      '** Phase 4 - Check Reference Counts',
      '** Phase 5 - Check Free Maps',
      `${host.inodesUsed} files, ${host.blocksUsed} used, ${host.blocksFree} free`,
      '',
    ]);
    expect(n.status).toBe(0);
  });

  it('checks the committed root image clean', () => {
    const image = new Uint8Array(
      spawnSync('gunzip', ['-c', join(ROOT, 'images/root.img.gz')], { maxBuffer: 64 << 20 }).stdout,
    );
    const path = file(image);
    const n = fsckRun(['-n', '-f', path]);
    expect(remarks(n.out)).toEqual([]);
    expect(n.status).toBe(0);
  });

  it('marks an active file system clean after checking it, without calling it modified', () => {
    const { disk, fs } = populated(3);
    void fs; // left mounted: the free counts are the ones of the last sync
    const path = file(disk.bytes);
    const p = fsckRun(['-p', path]);
    expect(p.status).toBe(0);
    expect(remarks(p.out)).toEqual([]);
    expect(superblock(new Uint8Array(readFileSync(path))).fs_clean).toBe(1);
    expectClean(path, 'active');
  });
});

describe('fsck -p repairs what a crash leaves', () => {
  for (const [name, make] of Object.entries(CRASHES)) {
    it(name, () => {
      const c: Case = { name, ...make(5) };
      const path = file(c.bytes);
      const r = repair(path, name);
      expect(r.outcome, r.preen.out).toBe('preened');
      for (const re of c.expect) expect(r.preen.out).toMatch(re);
      // every line is the device's
      for (const line of r.preen.out.trim().split('\n'))
        expect(line.startsWith(`${path}: `), line).toBe(true);
    });
  }

  it('puts what it reconnects into lost+found under #inode', () => {
    const c = CRASHES['name removed, file kept'](7);
    const path = file(c.bytes);
    const r = repair(path, 'reconnect');
    expect(r.outcome).toBe('preened');
    const ino = Number(/UNREF FILE {2}I=(\d+) /.exec(r.preen.out)?.[1]);
    const fs = Ufs.mount(new MemoryDisk(new Uint8Array(readFileSync(path))), { readonly: true });
    // "#" and the number, as wide as the largest inode number (255)
    const found = lookupPath(fs, `lost+found/#${String(ino).padStart(3, '0')}`);
    expect(found.ino).toBe(ino);
    expect(found.nlink).toBe(1);
  });
});

describe('fsck -p refuses other damage, fsck -y repairs it', () => {
  for (const [name, make] of Object.entries(DAMAGE)) {
    it(name, () => {
      const c: Case = { name, ...make(5) };
      const path = file(c.bytes);
      const r = repair(path, name);
      expect(r.outcome, r.preen.out).toBe('manual');
      for (const re of c.expect) expect(r.preen.out).toMatch(re);
    });
  }

  it('asks on the terminal without -n or -y: no changes nothing, yes repairs', () => {
    const c = DAMAGE['link count too low'](3);
    const path = file(c.bytes);
    const no = fsckRun([path], { input: 'n\n'.repeat(20) });
    expect(no.out).toMatch(/LINK COUNT FILE {2}I=\d+ .*\n.* COUNT 1 SHOULD BE 2\nADJUST\? \n/);
    expect(no.status).toBe(8);
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(c.bytes))).toBe(true);
    const yes = fsckRun([path], { input: 'y\n'.repeat(20) });
    expect(yes.status).toBe(0);
    expect(yes.out).toMatch(/\*\*\*\*\* FILE SYSTEM WAS MODIFIED \*\*\*\*\*/);
    expectClean(path, 'interactive');
    // no answer at all: it cannot go on
    const again = file(c.bytes);
    expect(fsckRun([again], { input: '' }).status).toBe(8);
  });

  it('answers no to everything with -n and writes nothing', () => {
    const c = DAMAGE['block in two files'](4);
    const path = file(c.bytes);
    const n = fsckRun(['-n', path]);
    expect(n.out).toMatch(/\(NO WRITE\)/);
    expect(n.out).toMatch(/\nREMOVE\? {2}no\n/);
    expect(n.status).toBe(8);
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(c.bytes))).toBe(true);
  });
});

describe('fsck killed half way', () => {
  /** Run `flag` on each image, killed before its 1st, 2nd ... block write; then run `flag` again, to the end. */
  function killEach(flag: string, images: Uint8Array[]): number {
    let kills = 0;
    for (const bytes of images) {
      for (let k = 0; ; k++) {
        const path = file(bytes);
        const first = fsckRun([flag, path], { stopAfter: k });
        if (first.signal === null) {
          expect(first.status, first.out).toBe(0); // got to the end: it writes fewer than k blocks
          break;
        }
        expect(first.signal).toBe('SIGKILL');
        kills++;
        const again = fsckRun([flag, path]);
        const what = `fsck ${flag} killed after ${k} writes, then fsck ${flag}`;
        expect(again.signal, `${what}\n${again.out}`).toBeNull();
        expect(again.status, `${what}\n${again.out}`).toBe(0);
        expectClean(path, what);
      }
    }
    return kills;
  }

  it('leaves, after any of its block writes, what the next fsck -p finishes (preening)', () => {
    const kills = killEach(
      '-p',
      Object.values(CRASHES).map((make) => make(6).bytes),
    );
    console.log(
      `fsck -p killed before each of its block writes: ${kills} times, each finished by the next fsck -p`,
    );
    expect(kills).toBeGreaterThan(20);
  });

  it('leaves, after any of its block writes, what the next fsck -y repairs', () => {
    const kills = killEach('-y', [
      DAMAGE['block in two files'](6).bytes,
      DAMAGE['root not a directory'](6).bytes,
      DAMAGE['directories in a loop'](6).bytes,
    ]);
    console.log(
      `fsck -y killed before each of its block writes: ${kills} times, each repaired by the next fsck -y`,
    );
    expect(kills).toBeGreaterThan(20);
  });
});

describe('fsck and what is not a file system', () => {
  it('says so in one line and exits 8', () => {
    const zeros = file(new Uint8Array(64 * 8192));
    const small = file(new Uint8Array(100));
    const dir = join(tmp, 'adir');
    mkdirSync(dir);
    for (const [path, msg] of [
      [zeros, 'BAD SUPER BLOCK: MAGIC NUMBER WRONG'],
      [small, 'NOT A FILE SYSTEM'],
      [dir, 'is a directory'],
      [join(tmp, 'nosuch'), "Can't stat"],
    ]) {
      for (const flag of ['-p', '-n', '-y']) {
        const r = fsckRun([flag, path]);
        expect(r.signal).toBeNull();
        expect(r.status).toBe(8);
        expect(r.out.trim().split('\n'), `${flag} ${path}`).toHaveLength(1);
        expect(r.out).toContain(msg);
      }
    }
    // a superblock for a bigger device
    const big = cleanImage(1);
    const cut = file(big.subarray(0, 128 * 8192));
    expect(fsckRun(['-p', cut]).out).toMatch(/BAD SUPER BLOCK: 256 BLOCKS ON A DEVICE OF 128/);
  });

  it('refuses -p with -n or -y', () => {
    expect(fsckRun(['-p', '-y', 'x']).status).toBe(8);
  });
});

describe('fsck and /etc/fstab', () => {
  it('checks the 4.2 file systems of /etc/fstab in the order of their pass numbers', () => {
    // qemu-m68k finds absolute paths under QEMU_LD_PREFIX first
    const prefix = join(tmp, 'root');
    mkdirSync(join(prefix, 'etc'), { recursive: true });
    mkdirSync(join(prefix, 'dev'), { recursive: true });
    writeFileSync(
      join(prefix, 'etc/fstab'),
      '# device mount type options freq pass\n/dev/sd1a /home 4.2 rw 1 2\n/dev/sd0a / 4.2 rw 1 1\n' +
        '/dev/sd0b swap swap rw 0 0\n/dev/sd2a /old 4.2 rw 0 0\n',
    );
    writeFileSync(join(prefix, 'dev/sd0a'), CRASHES['link count too high'](2).bytes);
    writeFileSync(join(prefix, 'dev/sd1a'), cleanImage(4));
    const f = fsckRun(['-p'], { prefix });
    expect(f.out).toMatch(/^\/dev\/sd0a: LINK COUNT FILE/);
    expect(f.out).toMatch(/\n\/dev\/sd1a: FILESYSTEM CLEAN; SKIPPING CHECKS\n$/);
    expect(f.out).not.toMatch(/sd0b|sd2a/);
    expect(f.status).toBe(0);
    // one that cannot be checked makes the status 8; the others are still checked
    writeFileSync(join(prefix, 'dev/sd0a'), new Uint8Array(4 * 8192));
    const bad = fsckRun(['-p'], { prefix });
    expect(bad.out).toMatch(
      /^\/dev\/sd0a: BAD SUPER BLOCK: MAGIC NUMBER WRONG\n\/dev\/sd1a: FILESYSTEM CLEAN/,
    );
    expect(bad.status).toBe(8);
  });
});

describe('a campaign of random damage', () => {
  it(`repairs or refuses ${CASES} damaged images, never dying`, () => {
    const counts: Record<Outcome, number> = { preened: 0, manual: 0, refused: 0 };
    for (let seed = 1; seed <= CASES; seed++) {
      const { disk } = populated(seed);
      const bytes = disk.bytes.slice();
      const hits = damage(bytes, seed);
      const what = `seed ${seed}: ${hits.join('; ')}`;
      counts[repair(file(bytes), what).outcome]++;
    }
    console.log(
      `fsck campaign: ${CASES} damaged images: ${counts.preened} repaired by fsck -p, ` +
        `${counts.manual} refused by -p and repaired by -y, ${counts.refused} refused as not file systems`,
    );
    expect(counts.preened + counts.manual + counts.refused).toBe(CASES);
  });
});
