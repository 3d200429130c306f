/**
 * The fuzz campaigns on a booted machine, shared by their short runs in
 * test/kernel/*fuzz*.test.ts (npm test) and their long runs in test/long
 * (npm run test:long); docs/reliability.md describes them.
 *
 * - runCampaign: boot the committed image with a guest fuzzer
 *   (tests/sysfuzz, tests/insfuzz) as process 1, keeping the last system
 *   calls the kernel made so that a panic can be reported with them.
 * - stopAndCheck: stop the machine as cleanly as can be done and check
 *   its disk with the host's fsck.
 * - the corrupted-image campaign: a root image with more in it (files
 *   with indirect blocks, a deeper tree, symbolic links), seeded damage to
 *   its superblock, bitmaps, inodes, directories and indirect blocks, and a
 *   machine booted on it that runs tests/fswalk.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { fsckOnMachine } from '../../emu/lab/disk-check.js';
import { Station } from '../../emu/lab/station.js';
import { Errno } from '../../kernel/errno.js';
import { DIRBLKSIZ } from '../../kernel/fs/ufs/dir.js';
import {
  BSIZE,
  crc32,
  decodeDinode,
  decodeSuperblock,
  INOPB,
  SBLOCK,
  SBSIZE,
} from '../../kernel/fs/ufs/fs.js';
import { type FsckReport, fsck, type Inode, MemoryDisk, Ufs } from '../../kernel/fs/ufs/index.js';
import { prng } from '../fs/helpers.js';
import { makeImage, rootImage } from './helpers.js';

const HZ = 20_000_000;
/** The most a campaign may add to the host's peak memory (KB). */
export const HOST_KB = 400 * 1024;

export interface Campaign {
  /** The console output, with \r\n turned into \n. */
  output: string;
  /** Process 1's wait status (-1: it did not exit). */
  status: number;
  /** The machine's panic message, if it halted in one. */
  panic: string | null;
  /** The last system calls the kernel made (its trace), newest last. */
  lastCalls: string[];
  /** Emulated seconds, and host milliseconds. */
  seconds: number;
  hostMs: number;
  /** How much the host's peak memory grew during the run, in KB. */
  hostKB: number;
  station: Station;
  disk: Uint8Array;
}

/**
 * Boot the committed image and run `argv` as process 1 until it exits, the
 * machine halts or `maxSeconds` of emulated time pass. A host exception is
 * rethrown with `what` (the replay command) in front of it.
 */
export function runCampaign(argv: string[], maxSeconds: number, what: string): Campaign {
  const disk = rootImage();
  let output = '';
  let status = -1;
  const ring: string[] = [];
  const start = performance.now();
  const rss = process.resourceUsage().maxRSS;
  let st: Station;
  try {
    st = new Station({
      disk,
      program: { path: argv[0], argv: [argv[0].replace(/.*\//, ''), ...argv.slice(1)] },
      consoleSink: (b) => {
        output += String.fromCharCode(b);
      },
      onExit: (s) => {
        status = s;
      },
      trace: (line) => {
        ring.push(line);
        if (ring.length > 40) ring.shift();
      },
      quietBoot: true,
    });
    const limit = maxSeconds * HZ;
    while (!st.halted && st.machine.cpu.cycles < limit) st.run(2_000_000);
  } catch (e) {
    throw new Error(`${what}: host exception: ${e instanceof Error ? e.stack : String(e)}`);
  }
  const reason = st.machine.cpu.haltReason ?? '';
  return {
    output: output.replace(/\r\n/g, '\n'),
    status,
    panic: reason.startsWith('panic') ? reason : null,
    lastCalls: ring,
    seconds: st.machine.cpu.cycles / HZ,
    hostMs: performance.now() - start,
    hostKB: process.resourceUsage().maxRSS - rss,
    station: st,
    disk,
  };
}

/** What to print when a campaign went wrong: how to replay it, the panic and the last calls. */
export function failureReport(c: Campaign, replay: string): string {
  return [
    `replay: ${replay}`,
    c.panic ? `the machine panicked: ${c.panic}` : `status ${c.status}, ${c.seconds.toFixed(1)} s emulated`,
    'the last system calls:',
    ...c.lastCalls.map((l) => `  ${l}`),
    'the end of the console output:',
    c.output.slice(-2000),
  ].join('\n');
}

/**
 * Stop the machine cleanly (Station.shutdown: every process lets go of its
 * files, the delayed writes reach the disk, the file system is unmounted)
 * and check its disk: it must be consistent, and marked clean.
 */
export function stopAndCheck(c: Campaign): FsckReport {
  c.station.shutdown();
  return fsck(new MemoryDisk(c.disk));
}

// ---------------------------------------------------------------- corrupted images

/** Where the corruptions may strike, found in the base image. */
export interface ImageMap {
  bytes: Uint8Array;
  size: number;
  ninode: number;
  dblkno: number;
  imapblk: number;
  bmapblk: number;
  iblkno: number;
  /** Inodes in use (and the block pointer slots each has in use), directories among them. */
  inodes: number[];
  slots: Map<number, number[]>;
  dirs: number[];
  /** Data blocks of directories, the byte offsets of the DIRBLKSIZ chunks they use, and indirect blocks. */
  dirBlocks: number[];
  dirChunks: number[];
  indirect: number[];
}

const bigFile = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed + (i >> 9)) & 0xff);

/**
 * A small root image to damage (4 MB, so that most blows land on something
 * the machine uses): /dev and /tmp as every image has them, tests/fswalk
 * and a few commands from the committed tree, /etc/motd, and in /big a file
 * of 400 KB (direct blocks and an indirect block), one of 120 KB, a tree
 * three levels deep with small files with long names, and symbolic links
 * (one to a directory, one to nothing).
 */
export function diskfuzzBase(): ImageMap {
  const tree = (path: string) =>
    new Uint8Array(readFileSync(new URL(`../../images/root/${path}`, import.meta.url)));
  const files: Record<string, Uint8Array> = {};
  for (const path of ['tests/fswalk', 'bin/sh', 'bin/ls', 'bin/cat', 'etc/motd'])
    files[`/${path}`] = tree(path);
  const bytes = makeImage(files, 512);
  const fs = Ufs.mount(new MemoryDisk(bytes));
  const root = fs.root();
  const big = fs.mkdir(root, 'big', 0o755, 0, 0);
  for (const [name, n] of [
    ['data', 400 * 1024],
    ['mid', 120 * 1024],
  ] as const) {
    const f = fs.create(big, name, 0o644, 0, 0);
    fs.writei(f, 0, bigFile(n, name.length));
    fs.iput(f);
  }
  let dir: Inode = big;
  for (const level of ['a', 'b', 'c']) {
    const sub = fs.mkdir(dir, level, 0o755, 0, 0);
    for (let i = 0; i < 12; i++) {
      const f = fs.create(sub, `f${i}-${'x'.repeat(i * 9)}`, 0o644, 0, 0);
      fs.writei(f, 0, bigFile(100 + i * 300, i));
      fs.iput(f);
    }
    if (dir !== big) fs.iput(dir);
    dir = sub;
  }
  fs.iput(dir);
  fs.iput(fs.symlink(big, 'up', '../big/a', 0, 0));
  fs.iput(fs.symlink(big, 'gone', '/nowhere/at/all', 0, 0));
  fs.iput(big);
  fs.iput(root);
  fs.sync();
  fs.unmount();
  return mapImage(bytes);
}

function mapImage(bytes: Uint8Array): ImageMap {
  const sb = decodeSuperblock(bytes.subarray(SBLOCK * BSIZE, (SBLOCK + 1) * BSIZE), bytes.length / BSIZE);
  const map: ImageMap = {
    bytes,
    size: sb.fs_size,
    ninode: sb.fs_ninode,
    dblkno: sb.fs_dblkno,
    imapblk: sb.fs_imapblk,
    bmapblk: sb.fs_bmapblk,
    iblkno: sb.fs_iblkno,
    inodes: [],
    slots: new Map(),
    dirs: [],
    dirBlocks: [],
    dirChunks: [],
    indirect: [],
  };
  for (let ino = 2; ino < sb.fs_ninode; ino++) {
    const d = decodeDinode(bytes, inodeOffset(map, ino));
    if (d.mode === 0) continue;
    map.inodes.push(ino);
    const ptrs = [...d.db, ...d.ib];
    map.slots.set(
      ino,
      ptrs.flatMap((b, i) => (b ? [i] : [])),
    );
    if ((d.mode & 0o170000) === 0o040000) {
      map.dirs.push(ino);
      d.db.forEach((b, lbn) => {
        if (!b) return;
        map.dirBlocks.push(b);
        for (let c = 0; c < BSIZE / DIRBLKSIZ && lbn * BSIZE + c * DIRBLKSIZ < d.size; c++)
          map.dirChunks.push(b * BSIZE + c * DIRBLKSIZ);
      });
    }
    if (d.ib[0]) map.indirect.push(d.ib[0]);
  }
  return map;
}

function inodeOffset(map: ImageMap, ino: number): number {
  return (map.iblkno + Math.floor(ino / INOPB)) * BSIZE + (ino % INOPB) * 128;
}

/** Byte offsets of the superblock fields that a corruption may change (the checksum is the last word). */
const SB_FIELDS: [string, number][] = [
  ['magic', 0],
  ['version', 4],
  ['bsize', 8],
  ['size', 12],
  ['ninode', 16],
  ['imapblk', 20],
  ['imapblks', 24],
  ['bmapblk', 28],
  ['bmapblks', 32],
  ['iblkno', 36],
  ['iblks', 40],
  ['dblkno', 44],
  ['nbfree', 48],
  ['nifree', 52],
  ['clean', 56],
  ['time', 60],
  ['brotor', 68],
];
const INODE_FIELDS: [string, number, number][] = [
  // name, offset, bytes
  ['mode', 0, 2],
  ['nlink', 2, 2],
  ['size high', 8, 4],
  ['size', 12, 4],
  ['flags', 100, 4],
  ['blocks', 104, 4],
  ['atime', 16, 4],
];

/**
 * Damage a copy of the base image, seeded by (seed, k): one to three
 * corruptions, each described in a line. `bytes` is the damaged image.
 */
export function corruptImage(base: ImageMap, seed: number, k: number): { bytes: Uint8Array; what: string[] } {
  const rnd = prng((seed * 0x9e3779b1) ^ (k * 0x85ebca6b) ^ 0x5eed);
  const below = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(a: readonly T[]): T => a[below(a.length)];
  const bytes = base.bytes.slice();
  const v = new DataView(bytes.buffer);
  const what: string[] = [];
  const blockValue = () =>
    pick([
      0,
      1,
      SBLOCK,
      base.imapblk,
      base.iblkno,
      base.dblkno - 1,
      base.dblkno,
      base.size - 1,
      base.size,
      base.size + 1,
      0x7fffffff,
      0xffffffff,
      pick(base.dirBlocks),
      pick(base.indirect),
      base.dblkno + below(base.size - base.dblkno),
      Math.floor(rnd() * 2 ** 32),
    ]);
  const numberValue = (old: number) =>
    pick([
      0,
      1,
      2,
      old + 1,
      (old - 1) >>> 0,
      old * 2,
      0xffff,
      0x7fffffff,
      0x80000000,
      0xffffffff,
      below(2 ** 32),
    ]);
  const set = (at: number, size: number, value: number) => {
    if (size === 1) bytes[at] = value & 0xff;
    else if (size === 2) v.setUint16(at, value & 0xffff);
    else v.setUint32(at, value >>> 0);
  };
  const n = 1 + below(3);
  let resign = false;
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.12) {
      const [name, off] = pick(SB_FIELDS);
      const at = SBLOCK * BSIZE + off;
      const value = numberValue(v.getUint32(at));
      set(at, 4, value);
      resign ||= rnd() < 0.8;
      what.push(`superblock ${name} = ${value}`);
    } else if (r < 0.22) {
      const ino = below(base.ninode);
      bytes[base.imapblk * BSIZE + (ino >> 3)] ^= 1 << (ino & 7);
      what.push(`inode bitmap bit ${ino} flipped`);
    } else if (r < 0.32) {
      const b = below(base.size);
      bytes[base.bmapblk * BSIZE + (b >> 3)] ^= 1 << (b & 7);
      what.push(`block bitmap bit ${b} flipped`);
    } else if (r < 0.62) {
      const ino = rnd() < 0.2 ? pick(base.dirs) : pick(base.inodes);
      const at = inodeOffset(base, ino);
      const f = below(4);
      if (f === 0) {
        const used = base.slots.get(ino) ?? [];
        const slot = used.length > 0 && rnd() < 0.8 ? pick(used) : below(15);
        const value = blockValue();
        set(at + 40 + 4 * slot, 4, value);
        what.push(`inode ${ino} ${slot < 12 ? `db[${slot}]` : `ib[${slot - 12}]`} = ${value}`);
      } else {
        const [name, off, size] = pick(INODE_FIELDS);
        const value =
          name === 'mode'
            ? pick([0, 0o170000, 0o040755, 0o100644, 0o120777, 0o020666, below(0x10000)])
            : numberValue(0);
        set(at + off, size, value);
        what.push(`inode ${ino} ${name} = ${value}`);
      }
    } else if (r < 0.9) {
      const chunk = pick(base.dirChunks);
      const blk = Math.floor(chunk / BSIZE);
      // An entry found by walking the chunk's records from its start.
      let at = chunk;
      for (let hops = below(6); hops > 0; hops--) {
        const len = v.getUint16(at + 4);
        if (len < 8 || at + len >= chunk + DIRBLKSIZ) break;
        at += len;
      }
      const f = below(5);
      if (f === 0) {
        const value = pick([
          0,
          1,
          2,
          3,
          base.ninode - 1,
          base.ninode,
          0xffffffff,
          pick(base.dirs),
          pick(base.inodes),
        ]);
        set(at, 4, value);
        what.push(`directory block ${blk}, entry at ${at - blk * BSIZE}: ino = ${value}`);
      } else if (f === 1) {
        const value = pick([0, 1, 3, 4, 8, 12, 511, 512, 513, 0xfffc, 0xffff]);
        set(at + 4, 2, value);
        what.push(`directory block ${blk}, entry at ${at - blk * BSIZE}: reclen = ${value}`);
      } else if (f === 2) {
        const value = pick([0, 1, 255, 256, 511, 0xffff]);
        set(at + 6, 2, value);
        what.push(`directory block ${blk}, entry at ${at - blk * BSIZE}: namlen = ${value}`);
      } else if (f === 3) {
        const value = pick([0, 0x2f, 0xff, 0x80]);
        set(at + 8 + below(4), 1, value);
        what.push(`directory block ${blk}, entry at ${at - blk * BSIZE}: a name byte = ${value}`);
      } else {
        for (let j = 0; j < DIRBLKSIZ; j++) bytes[chunk + j] = rnd() < 0.5 ? 0 : below(256);
        what.push(`directory block ${blk}, chunk at ${chunk - blk * BSIZE}: garbage`);
      }
    } else {
      const blk = pick(base.indirect);
      const slot = below(64);
      const value = blockValue();
      set(blk * BSIZE + 4 * slot, 4, value);
      what.push(`indirect block ${blk}[${slot}] = ${value}`);
    }
  }
  if (resign) {
    const sb = bytes.subarray(SBLOCK * BSIZE, SBLOCK * BSIZE + SBSIZE);
    new DataView(sb.buffer, sb.byteOffset).setUint32(SBSIZE - 4, crc32(sb.subarray(0, SBSIZE - 4)));
    what.push('(superblock checksum made to match)');
  }
  return { bytes, what };
}

export type BootOutcome =
  | { kind: 'refused'; reason: string }
  | { kind: 'panic'; reason: string }
  | { kind: 'ran'; status: number; summary: string }
  | { kind: 'stuck'; output: string };

/**
 * Boot a machine on a (damaged) image and run tests/fswalk as process 1
 * for up to `maxSeconds` of emulated time. A refusal to boot is an Errno
 * (the mount found the damage: an FsError naming it) or one of boot's
 * one-line "cannot ...: why" ("cannot run /tests/fswalk: ...", "cannot open
 * /dev/console: ..."); anything else thrown is a host exception, and is
 * thrown on, with `what` in front of it.
 */
export function bootDamaged(bytes: Uint8Array, maxSeconds: number, what: string): BootOutcome {
  let output = '';
  let status = -1;
  let st: Station;
  try {
    st = new Station({
      disk: bytes,
      program: { path: '/tests/fswalk', argv: ['fswalk'] },
      consoleSink: (b) => {
        output += String.fromCharCode(b);
      },
      onExit: (s) => {
        status = s;
      },
      quietBoot: true,
    });
  } catch (e) {
    // Boot's own refusals all say "cannot <do what>: <why>", in one line.
    if (e instanceof Errno || (e instanceof Error && /^cannot [a-z]+ [^\n]*$/.test(e.message)))
      return { kind: 'refused', reason: e.message };
    throw new Error(`${what}: host exception at boot: ${e instanceof Error ? e.stack : String(e)}`);
  }
  try {
    const limit = maxSeconds * HZ;
    while (!st.halted && st.machine.cpu.cycles < limit) st.run(2_000_000);
    // What the machine left on the disk must not crash the host's fsck either.
    fsck(new MemoryDisk(bytes));
  } catch (e) {
    throw new Error(`${what}: host exception: ${e instanceof Error ? e.stack : String(e)}`);
  }
  const reason = st.machine.cpu.haltReason ?? '';
  if (reason.startsWith('panic')) return { kind: 'panic', reason };
  if (status === -1) return { kind: 'stuck', output: output.replace(/\r\n/g, '\n').slice(-1000) };
  const summary = /fswalk: .*/.exec(output.replace(/\r/g, ''))?.[0] ?? '(no summary)';
  return { kind: 'ran', status, summary };
}

/** Save a damaged image where a person can boot it (sun3lab run --disk FILE /tests/fswalk); its path. */
export function saveImage(bytes: Uint8Array, name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'diskfuzz-')), `${name}.img`);
  writeFileSync(path, bytes);
  return path;
}

/** What a run of the corrupted-image campaign saw. */
export interface DiskCampaign {
  cases: number;
  refused: number;
  panics: number;
  ran: number;
  /** Runs whose fswalk found errors (the damage was reached and answered with an errno). */
  ranWithErrors: number;
  /** Cases that did not finish in time, each described (a failure). */
  stuck: string[];
  /** The refusals and panics by message, for the report. */
  reasons: Map<string, number>;
  hostMs: number;
  /** How much the host's peak memory grew during the campaign, in KB. */
  hostKB: number;
}

/** Cases first..first+count-1 of campaign `seed` on `base`. */
export function diskCampaign(
  base: ImageMap,
  seed: number,
  count: number,
  first = 0,
  maxSeconds = 30,
): DiskCampaign {
  const out: DiskCampaign = {
    cases: 0,
    refused: 0,
    panics: 0,
    ran: 0,
    ranWithErrors: 0,
    stuck: [],
    reasons: new Map(),
    hostMs: 0,
    hostKB: 0,
  };
  const start = performance.now();
  const rss = process.resourceUsage().maxRSS;
  for (let k = first; k < first + count; k++) {
    const { bytes, what } = corruptImage(base, seed, k);
    const label = `diskfuzz seed ${seed} case ${k} (${what.join('; ')})`;
    const r = bootDamaged(bytes, maxSeconds, label);
    out.cases++;
    const tallyReason = (s: string) => out.reasons.set(s, (out.reasons.get(s) ?? 0) + 1);
    if (r.kind === 'refused') {
      out.refused++;
      tallyReason(`refused: ${r.reason.replace(/\d+/g, 'N')}`);
    } else if (r.kind === 'panic') {
      out.panics++;
      tallyReason(r.reason.replace(/\d+/g, 'N'));
    } else if (r.kind === 'ran') {
      out.ran++;
      if (!/; 0 errors/.test(r.summary)) out.ranWithErrors++;
    } else out.stuck.push(`${label}, saved as ${saveImage(bytes, `seed${seed}-case${k}`)}: ${r.output}`);
  }
  out.hostMs = performance.now() - start;
  out.hostKB = process.resourceUsage().maxRSS - rss;
  return out;
}

// ---------------------------------------------------------------- the guest campaigns, checked

/** What a sysfuzz or insfuzz run reported, and what it cost. */
export interface GuestTally {
  /** Cases (system calls) or streams made, as the guest counted them. */
  cases: number;
  /** The guest's summary lines. */
  summary: string;
  seconds: number;
  hostMs: number;
}

/**
 * Run a guest campaign (argv[0] is /tests/sysfuzz or /tests/insfuzz) as
 * process 1 and check everything the campaign promises: no panic, no host
 * exception, process 1 exits 0 with a PASS, all `count` cases made, and
 * the disk checks clean once the machine is stopped.
 */
export function guestCampaign(argv: string[], count: number, maxSeconds: number): GuestTally {
  const name = argv[0].replace(/.*\//, '');
  const replay = `npx sun3lab run --timeout ${maxSeconds} ${argv.join(' ')}`;
  const c = runCampaign(argv, maxSeconds, replay);
  const why = failureReport(c, replay);
  expect(c.panic, why).toBeNull();
  expect(c.status, why).toBe(0);
  // A machine of 8 MB with a 16 MB disk has no business needing more of the host.
  expect(c.hostKB, `${why}\nthe host's peak memory grew by ${c.hostKB} KB`).toBeLessThan(HOST_KB);
  expect(c.output, why).toMatch(new RegExp(`${name}: PASS \\(\\d+ checks, 0 failed\\)`));
  const done = new RegExp(`${name}: seed \\d+, (?:cases|streams) \\d+-\\d+: (\\d+) done`).exec(c.output);
  expect(done, why).not.toBeNull();
  expect(Number(done?.[1]), why).toBe(count);
  const fsckReport = stopAndCheck(c);
  expect(fsckReport.problems, `${why}\nfsck after the campaign`).toEqual([]);
  expect(fsckReport.clean, `${why}\nthe disk marked clean after the shutdown`).toBe(true);
  const summary = c.output
    .split('\n')
    .filter((l) => l.startsWith(`${name}: `) && !/PASS|FAIL/.test(l))
    .join('\n');
  return { cases: count, summary, seconds: c.seconds, hostMs: c.hostMs };
}

/** A line for the test's output: how many cases, in what time. */
export function tallyLine(what: string, t: { cases: number; seconds: number; hostMs: number }): string {
  return `${what}: ${t.cases} cases, ${t.seconds.toFixed(1)} s emulated, ${(t.hostMs / 1000).toFixed(1)} s on the host`;
}

// ---------------------------------------------------------------- repairing them: the machine's fsck

/** How the machine's fsck dealt with the damaged images of a seed. */
export interface FsckCampaign {
  cases: number;
  /** fsck -p found it consistent (the damage did not show in the file system's structure). */
  untouched: number;
  /** fsck -p mended it. */
  preened: number;
  /** fsck -p refused (UNEXPECTED INCONSISTENCY), and fsck -y mended it. */
  repairedByYes: number;
  /** Not a file system at all (a superblock fsck cannot trust), refused by both. */
  notAFileSystem: number;
}

/**
 * The damaged images of corruptImage(base, seed, k) for k in [first,
 * first+count), each attached to a machine as sd1 and checked with the
 * machine's own /sbin/fsck (emu/lab/disk-check.ts, what `sun3lab fsck -p`
 * and `-y` do), forced (-f: the images are marked clean): -p must either mend the file system — after which a second
 * fsck (-n) finds nothing and the host's checker finds it consistent and
 * marked clean — or refuse with "UNEXPECTED INCONSISTENCY; RUN fsck
 * MANUALLY." and exit 8, after which -y must mend it the same way; or
 * both refuse an image that is not a file system any more, saying so in one
 * line. fsck must never die of a signal (fsckOnMachine throws then).
 */
export function fsckCampaign(base: ImageMap, seed: number, count: number, first = 0): FsckCampaign {
  const root = rootImage();
  const out: FsckCampaign = { cases: 0, untouched: 0, preened: 0, repairedByYes: 0, notAFileSystem: 0 };
  for (let k = first; k < first + count; k++) {
    const { bytes, what } = corruptImage(base, seed, k);
    const why = `seed ${seed}, case ${k}: ${what.join('; ')}`;
    const disk = new MemoryDisk(bytes);
    const label = `case${k}`;
    // -f: the damage struck images marked clean, which preening would trust and skip.
    const check = (flag: string) => fsckOnMachine(root.slice(), disk, [flag, '-f'], label);
    const mended = (how: string) => {
      const again = check('-n');
      expect(again.status, `${why}\n${how}, then fsck -n:\n${again.output}`).toBe(0);
      expect(again.output, `${why}\n${how}, then fsck -n`).not.toMatch(
        /\n[A-Z ]*\?|UNEXPECTED|BAD|DUP|UNREF/,
      );
      const report = fsck(new MemoryDisk(bytes));
      expect(report.problems, `${why}\n${how}, then the host's checker`).toEqual([]);
      expect(report.clean, `${why}\n${how}: marked clean`).toBe(true);
    };
    out.cases++;
    const p = check('-p');
    if (p.status === 0) {
      if (
        /SKIPPING CHECKS|\d+ files, \d+ used, \d+ free\n$/.test(p.output) &&
        !/\(|SALVAGE|FIX/.test(p.output)
      )
        out.untouched++;
      else out.preened++;
      mended(`fsck -p:\n${p.output}`);
      continue;
    }
    expect(p.status, `${why}\nfsck -p:\n${p.output}`).toBe(8);
    expect(p.output, `${why}\nfsck -p refused it without saying why`).toMatch(
      new RegExp(`${label}: (UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY\\.|BAD SUPER BLOCK)`),
    );
    const y = check('-y');
    if (y.status !== 0) {
      // Only a superblock beyond repair stops -y: the image is no file system any more.
      expect(y.status, `${why}\nfsck -y:\n${y.output}`).toBe(8);
      expect(y.output, `${why}\nfsck -y gave up without saying why`).toMatch(/BAD SUPER BLOCK/);
      out.notAFileSystem++;
      continue;
    }
    out.repairedByYes++;
    mended(`fsck -y:\n${y.output}`);
  }
  return out;
}
