/**
 * Disk images for testing fsck: a populated file system, the states a crash
 * leaves on it (each with the repairs `fsck -p` must make), damage that
 * preening must refuse, and seeded random damage — bits and fields flipped
 * in the superblock, the bitmaps, inodes, directories and indirect blocks.
 * test/fs/damage.test.ts runs the host checker on them; test/tools/fsck.test.ts
 * runs /sbin/fsck (built for Linux, under qemu-m68k).
 */
import { dirsiz } from '../../kernel/fs/ufs/dir.js';
import {
  BSIZE,
  crc32,
  DINODE_SIZE,
  type Dinode,
  decodeDinode,
  encodeDinode,
  SBLOCK,
  SBSIZE,
  type Superblock,
} from '../../kernel/fs/ufs/fs.js';
import { lookupParent, lookupPath, MemoryDisk, mkfs, Ufs } from '../../kernel/fs/ufs/index.js';
import { pattern, prng } from './helpers.js';

/** The test images: 2 MB, 256 inodes. */
export const IMAGE_BLOCKS = 256;
export const IMAGE_INODES = 256;

/** A live file system on a fresh disk, with a clock of its own. */
export interface Live {
  disk: MemoryDisk;
  fs: Ufs;
}

function fresh(blocks = IMAGE_BLOCKS, ninode = IMAGE_INODES): Live {
  const disk = MemoryDisk.zeroed(blocks);
  let t = 650000000;
  mkfs(disk, { ninode, time: { sec: t, usec: 0 }, volname: 'test' });
  const fs = Ufs.mount(disk, { now: () => ({ sec: t++, usec: 0 }) });
  return { disk, fs };
}

function mkdirp(fs: Ufs, path: string): void {
  let parent = '';
  for (const name of path.split('/')) {
    const here = parent === '' ? name : `${parent}/${name}`;
    const dp = lookupPath(fs, parent);
    try {
      fs.iput(fs.mkdir(dp, name, 0o755, 0, 0));
    } catch {
      // there already
    } finally {
      fs.iput(dp);
    }
    parent = here;
  }
}

/** Make a file at `path` holding `data` at `offset`; returns its inode number. */
export function writeFile(fs: Ufs, path: string, data: Uint8Array, offset = 0, mode = 0o644): number {
  const { dp, name } = lookupParent(fs, path);
  const ip = fs.create(dp, name, mode, 100, 10);
  fs.writei(ip, offset, data);
  const ino = ip.ino;
  fs.iput(ip);
  fs.iput(dp);
  return ino;
}

/** Fill a file system with a little of everything: files small, big (indirect) and sparse
 *  (double indirect), directories nested and with several chunks, links, a device, a fifo. */
export function populate(fs: Ufs, seed: number): void {
  const rnd = prng(seed);
  for (const d of ['etc', 'bin', 'usr/src/deep/er', 'home/ann', 'tmp', 'dev', 'big']) mkdirp(fs, d);
  writeFile(fs, 'etc/motd', new TextEncoder().encode('Welcome to sun3lab\n'));
  writeFile(fs, 'etc/empty', new Uint8Array(0));
  writeFile(fs, 'bin/one', pattern(8192, seed), 0, 0o755);
  writeFile(fs, 'bin/three', pattern(3 * 8192 + 7, seed + 1), 0, 0o755);
  writeFile(fs, 'bin/indirect', pattern(14 * 8192 + 100, seed + 2), 0, 0o755);
  // 10 bytes in the double indirect block's range: a sparse file of 4 blocks
  writeFile(fs, 'usr/src/sparse', pattern(10, seed + 3), (12 + 2048 + 3) * 8192);
  writeFile(fs, 'usr/src/deep/er/file', pattern(500, seed + 4));
  writeFile(fs, 'home/ann/notes', pattern(1 + Math.floor(rnd() * 20000), seed + 5));
  for (let i = 0; i < 45; i++)
    writeFile(fs, `big/entry-with-a-long-name-${i}`, pattern(Math.floor(rnd() * 300), i));
  for (let i = 0; i < 4 + Math.floor(rnd() * 6); i++)
    writeFile(fs, `home/ann/f${i}`, pattern(Math.floor(rnd() * 3 * 8192), seed + i));
  const root = fs.root();
  const etc = fs.iget(fs.lookup(root, 'etc'));
  fs.iput(fs.symlink(etc, 'link', '/etc/motd', 0, 0));
  const one = lookupPath(fs, 'bin/one');
  const bin = fs.iget(fs.lookup(root, 'bin'));
  fs.link(bin, 'hardlink', one);
  fs.iput(one);
  const dev = fs.iget(fs.lookup(root, 'dev'));
  fs.iput(fs.mknod(dev, 'null', 0o020666, 0x0302, 0, 0));
  const tmp = fs.iget(fs.lookup(root, 'tmp'));
  fs.iput(fs.mknod(tmp, 'fifo', 0o010644, 0, 0, 0));
  for (const ip of [etc, bin, dev, tmp, root]) fs.iput(ip);
}

/** A populated file system, left mounted: what a machine stopped without unmounting leaves. */
export function populated(seed: number): Live {
  const live = fresh();
  populate(live.fs, seed);
  live.fs.sync();
  return live;
}

/** A populated file system unmounted cleanly. */
export function cleanImage(seed: number): Uint8Array {
  const { disk, fs } = populated(seed);
  fs.unmount();
  return disk.bytes.slice();
}

// ---------------------------------------------------------------- raw access

export function superblock(bytes: Uint8Array): Superblock {
  const v = new DataView(bytes.buffer, bytes.byteOffset + SBLOCK * BSIZE);
  const f = (o: number) => v.getUint32(o);
  return {
    fs_magic: f(0),
    fs_version: f(4),
    fs_bsize: f(8),
    fs_size: f(12),
    fs_ninode: f(16),
    fs_imapblk: f(20),
    fs_imapblks: f(24),
    fs_bmapblk: f(28),
    fs_bmapblks: f(32),
    fs_iblkno: f(36),
    fs_iblks: f(40),
    fs_dblkno: f(44),
    fs_nbfree: f(48),
    fs_nifree: f(52),
    fs_clean: f(56),
    fs_time: f(60),
    fs_ctime: f(64),
    fs_brotor: f(68),
    fs_id: [f(72), f(76)],
    fs_volname: '',
  };
}

/** Set a 32-bit field of the superblock (byte offset `off`) and, unless `raw`, its checksum. */
export function setSbField(bytes: Uint8Array, off: number, value: number, raw = false): void {
  const v = new DataView(bytes.buffer, bytes.byteOffset + SBLOCK * BSIZE);
  v.setUint32(off, value >>> 0);
  if (!raw) resum(bytes);
}

/** Recompute the superblock's checksum. */
export function resum(bytes: Uint8Array): void {
  const sb = bytes.subarray(SBLOCK * BSIZE, SBLOCK * BSIZE + SBSIZE);
  new DataView(sb.buffer, sb.byteOffset).setUint32(SBSIZE - 4, crc32(sb.subarray(0, SBSIZE - 4)));
}

/** Mark the file system as not unmounted cleanly (as every damaged image is: damage comes from crashes). */
export function markActive(bytes: Uint8Array): void {
  setSbField(bytes, 56, 0);
}

/** Inode `ino` of the image (where the superblock `sb`, by default the image's own, says the table is). */
export function readInode(bytes: Uint8Array, ino: number, sb = superblock(bytes)): Dinode {
  return decodeDinode(bytes, sb.fs_iblkno * BSIZE + ino * DINODE_SIZE);
}

export function writeInode(bytes: Uint8Array, ino: number, d: Dinode, sb = superblock(bytes)): void {
  encodeDinode(d, bytes, sb.fs_iblkno * BSIZE + ino * DINODE_SIZE);
}

export function getBit(bytes: Uint8Array, mapblk: number, bit: number): boolean {
  return (bytes[mapblk * BSIZE + (bit >> 3)] & (1 << (bit & 7))) !== 0;
}

export function setBit(bytes: Uint8Array, mapblk: number, bit: number, on: boolean): void {
  const at = mapblk * BSIZE + (bit >> 3);
  if (on) bytes[at] |= 1 << (bit & 7);
  else bytes[at] &= ~(1 << (bit & 7));
}

function setU32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value >>> 0);
}

function ino(fs: Ufs, path: string): number {
  const ip = lookupPath(fs, path);
  const n = ip.ino;
  fs.iput(ip);
  return n;
}

// ---------------------------------------------------------------- crash states

/** A damaged image and what fsck should say about it. */
export interface Case {
  name: string;
  bytes: Uint8Array;
  /** Patterns fsck -p's output must match: the repairs it makes, or its reason to stop. */
  expect: RegExp[];
  /** Whether fsck -p repairs it (true) or must refuse and leave it to fsck -y (false). */
  preen: boolean;
}

type Maker = (seed: number) => Omit<Case, 'name'>;

function held(live: Live): Uint8Array {
  return live.disk.bytes.slice();
}

/** Remove the name at `path` and nothing else (the link count was to follow); returns the inode number. */
function unname(fs: Ufs, path: string): number {
  const n = ino(fs, path);
  const { dp, name } = lookupParent(fs, path);
  fs.dirremove(dp, name);
  fs.iput(dp);
  return n;
}

/** What a crash leaves behind: `fsck -p` repairs each, as 4.3BSD's preen does. */
export const CRASHES: Record<string, Maker> = {
  'open file removed': (seed) => {
    const live = populated(seed);
    const { fs } = live;
    lookupPath(fs, 'bin/three'); // held open (never put back) while its last name goes
    const { dp, name } = lookupParent(fs, 'bin/three');
    fs.unlink(dp, name);
    fs.iput(dp);
    return { bytes: held(live), expect: [/UNREF FILE {2}I=\d+ .*\n.*SIZE=24583 .*\(CLEARED\)/], preen: true };
  },
  'working directory removed': (seed) => {
    const live = populated(seed);
    const { fs } = live;
    lookupPath(fs, 'usr/src/deep/er'); // someone's current directory
    const { dp, name } = lookupParent(fs, 'usr/src/deep/er/file');
    fs.unlink(dp, name);
    fs.iput(dp);
    const up = lookupParent(fs, 'usr/src/deep/er');
    fs.rmdir(up.dp, up.name);
    fs.iput(up.dp);
    return { bytes: held(live), expect: [/UNREF DIR {2}I=\d+ .*\n.*SIZE=0 .*\(CLEARED\)/], preen: true };
  },
  'link count too high': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'etc/motd');
    const bytes = held(live);
    const d = readInode(bytes, n);
    d.nlink += 2;
    writeInode(bytes, n, d);
    return {
      bytes,
      expect: [new RegExp(`LINK COUNT FILE {2}I=${n} .*\\n.* COUNT 3 SHOULD BE 1 \\(ADJUSTED\\)`)],
      preen: true,
    };
  },
  'name removed, file kept': (seed) => {
    const live = populated(seed);
    const n = unname(live.fs, 'home/ann/notes');
    return {
      bytes: held(live),
      expect: [new RegExp(`UNREF FILE {2}I=${n} .*\\n.*\\(RECONNECTED\\)`)],
      preen: true,
    };
  },
  'empty file unnamed': (seed) => {
    const live = populated(seed);
    const n = unname(live.fs, 'etc/empty');
    return {
      bytes: held(live),
      expect: [new RegExp(`UNREF FILE {2}I=${n} .*\\n.*SIZE=0 .*\\(CLEARED\\)`)],
      preen: true,
    };
  },
  'directory unnamed': (seed) => {
    const live = populated(seed);
    const n = unname(live.fs, 'usr/src');
    return {
      bytes: held(live),
      expect: [
        new RegExp(`UNREF DIR {2}I=${n} .*\\n.*\\(RECONNECTED\\)`),
        new RegExp(`DIR I=${n} CONNECTED\\. PARENT WAS I=\\d+`),
        /LINK COUNT DIR {2}I=\d+ .*\n.* COUNT 3 SHOULD BE 2 \(ADJUSTED\)/,
      ],
      preen: true,
    };
  },
  'block marked in use, in no file': (seed) => {
    const live = populated(seed);
    const bytes = held(live);
    const sb = superblock(bytes);
    let b = sb.fs_size - 1;
    while (getBit(bytes, sb.fs_bmapblk, b)) b--;
    setBit(bytes, sb.fs_bmapblk, b, true);
    return { bytes, expect: [/1 BLK\(S\) MISSING/, /BAD FREE MAPS \(SALVAGED\)/], preen: true };
  },
  'blocks freed, file not yet truncated': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'bin/three');
    const bytes = held(live);
    const sb = superblock(bytes);
    const d = readInode(bytes, n);
    for (const b of d.db.slice(1, 4)) setBit(bytes, sb.fs_bmapblk, b, false);
    return { bytes, expect: [/3 ALLOCATED BLK\(S\) MARKED FREE/, /BAD FREE MAPS \(SALVAGED\)/], preen: true };
  },
  'free counts wrong': (seed) => {
    const live = populated(seed);
    const bytes = held(live);
    const sb = superblock(bytes);
    setSbField(bytes, 48, sb.fs_nbfree + 7);
    setSbField(bytes, 52, sb.fs_nifree - 3);
    return { bytes, expect: [/FREE BLK COUNT\(S\) WRONG IN SUPERBLK \(FIXED\)/], preen: true };
  },
  'inode marked in use, free': (seed) => {
    const live = populated(seed);
    const bytes = held(live);
    const sb = superblock(bytes);
    setBit(bytes, sb.fs_imapblk, sb.fs_ninode - 1, true);
    return {
      bytes,
      expect: [/1 UNALLOCATED INODE\(S\) MARKED IN USE/, /BAD FREE MAPS \(SALVAGED\)/],
      preen: true,
    };
  },
  'inode in use, marked free': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'bin/one');
    const bytes = held(live);
    setBit(bytes, superblock(bytes).fs_imapblk, n, false);
    return {
      bytes,
      expect: [/1 ALLOCATED INODE\(S\) MARKED FREE/, /BAD FREE MAPS \(SALVAGED\)/],
      preen: true,
    };
  },
  'truncation cut short': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'bin/indirect');
    const bytes = held(live);
    const d = readInode(bytes, n);
    d.size = 3 * 8192; // the size went out, the blocks not yet
    writeInode(bytes, n, d);
    return {
      bytes,
      expect: [
        new RegExp(`PARTIALLY TRUNCATED INODE I=${n} \\(SALVAGED\\)`),
        new RegExp(`INCORRECT BLOCK COUNT I=${n} \\(\\d+ should be 48\\) \\(CORRECTED\\)`),
      ],
      preen: true,
    };
  },
  'block count wrong': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'usr/src/sparse');
    const bytes = held(live);
    const d = readInode(bytes, n);
    d.blocks += 16; // it holds 3: the double indirect block, an indirect block, a data block
    writeInode(bytes, n, d);
    return {
      bytes,
      expect: [new RegExp(`INCORRECT BLOCK COUNT I=${n} \\(64 should be 48\\) \\(CORRECTED\\)`)],
      preen: true,
    };
  },
  'no lost+found': (seed) => {
    const live = populated(seed);
    const { fs } = live;
    const root = fs.root();
    fs.rmdir(root, 'lost+found');
    fs.iput(root);
    const n = unname(fs, 'bin/three');
    return {
      bytes: held(live),
      expect: [
        /NO lost\+found DIRECTORY \(CREATED\)/,
        new RegExp(`UNREF FILE {2}I=${n} .*\\n.*\\(RECONNECTED\\)`),
      ],
      preen: true,
    };
  },
  'lost+found full': (seed) => {
    const live = populated(seed);
    const { fs } = live;
    const root = fs.root();
    fs.rmdir(root, 'lost+found');
    fs.iput(fs.mkdir(root, 'lost+found', 0o700, 0, 0)); // one chunk only: room for 40 names
    fs.iput(root);
    for (let i = 0; i < 45; i++) {
      const path = `big/entry-with-a-long-name-${i}`;
      const ip = lookupPath(fs, path);
      if (ip.size === 0) fs.writei(ip, 0, pattern(10, i)); // or fsck -p would clear it, not reconnect it
      fs.iput(ip);
      unname(fs, path);
    }
    return { bytes: held(live), expect: [/NO SPACE LEFT IN \/lost\+found \(EXPANDED\)/], preen: true };
  },
};

/** Damage preening must not repair: fsck -p stops with UNEXPECTED INCONSISTENCY, fsck -y repairs. */
export const DAMAGE: Record<string, Maker> = {
  'entry names a free inode': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'etc/motd');
    const bytes = held(live);
    const d = readInode(bytes, n);
    for (const b of d.db) if (b !== 0) setBit(bytes, superblock(bytes).fs_bmapblk, b, false);
    writeInode(bytes, n, { ...d, mode: 0, nlink: 0, size: 0, db: d.db.map(() => 0), blocks: 0 });
    setBit(bytes, superblock(bytes).fs_imapblk, n, false);
    return { bytes, expect: [new RegExp(`UNALLOCATED {2}I=${n} .*\\n.*\\n.*NAME=/etc/motd`)], preen: false };
  },
  'link count too low': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'bin/one');
    const bytes = held(live);
    const d = readInode(bytes, n);
    d.nlink = 1; // it has two names
    writeInode(bytes, n, d);
    return { bytes, expect: [/COUNT 1 SHOULD BE 2/, /LINK COUNT INCREASING/], preen: false };
  },
  'block in two files': (seed) => {
    const live = populated(seed);
    const a = ino(live.fs, 'bin/three');
    const b = ino(live.fs, 'home/ann/notes');
    const bytes = held(live);
    const da = readInode(bytes, a);
    const db = readInode(bytes, b);
    db.db[0] = da.db[1];
    writeInode(bytes, b, db);
    return { bytes, expect: [new RegExp(`${da.db[1]} DUP I=${b}`)], preen: false };
  },
  'block number out of range': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'bin/indirect');
    const bytes = held(live);
    const d = readInode(bytes, n);
    setU32(bytes, d.ib[0] * BSIZE + 8, 99999);
    return { bytes, expect: [new RegExp(`99999 BAD I=${n}`)], preen: false };
  },
  'directory record length': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'big');
    const bytes = held(live);
    const d = readInode(bytes, n);
    bytes[d.db[0] * BSIZE + 24 + 5] ^= 0x21; // the third record's length
    return { bytes, expect: [/DIRECTORY CORRUPTED {2}I=\d+ .*\n.*\n.*DIR=\/big/], preen: false };
  },
  'missing "."': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'home/ann');
    const bytes = held(live);
    const d = readInode(bytes, n);
    bytes[d.db[0] * BSIZE + 8] = 0x78; // "." -> "x"
    return { bytes, expect: [/MISSING '\.' {2}I=\d+/], preen: false };
  },
  '".." names the wrong directory': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'usr/src/deep');
    const bytes = held(live);
    const d = readInode(bytes, n);
    setU32(bytes, d.db[0] * BSIZE + dirsiz(1), ino(live.fs, 'etc'));
    return {
      bytes,
      expect: [/BAD INODE NUMBER FOR '\.\.' {2}I=\d+ .*\n.*\n.*DIR=\/usr\/src\/deep/],
      preen: false,
    };
  },
  'unknown file type': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'etc/link');
    const bytes = held(live);
    const d = readInode(bytes, n);
    d.mode = 0o070777;
    writeInode(bytes, n, d);
    return { bytes, expect: [new RegExp(`UNKNOWN FILE TYPE I=${n}`)], preen: false };
  },
  'superblock checksum': (seed) => {
    const live = populated(seed);
    const bytes = held(live);
    bytes[SBLOCK * BSIZE + 90] ^= 4; // in the volume name
    return { bytes, expect: [/SUPER BLOCK CHECKSUM WRONG/], preen: false };
  },
  'hole in a directory': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'big');
    const bytes = held(live);
    const d = readInode(bytes, n);
    d.size = 2 * 8192; // a second block that is not there
    writeInode(bytes, n, d);
    return { bytes, expect: [new RegExp(`DIRECTORY I=${n} CONTAINS EMPTY BLOCKS`)], preen: false };
  },
  'name twice in a directory': (seed) => {
    const live = populated(seed);
    const n = ino(live.fs, 'big');
    const bytes = held(live);
    const d = readInode(bytes, n);
    // entry-with-a-long-name-1 -> ...-0
    const chunk = d.db[0] * BSIZE;
    let off = dirsiz(1) + dirsiz(2);
    off += new DataView(bytes.buffer).getUint16(chunk + off + 4);
    bytes[chunk + off + 8 + 23] = 0x30;
    return {
      bytes,
      expect: [/DUPLICATE NAME {2}I=\d+ .*\n.*\n.*FILE=\/big\/entry-with-a-long-name-0/],
      preen: false,
    };
  },
  'directory with two names': (seed) => {
    const live = populated(seed);
    const { fs } = live;
    const etc = fs.iget(ino(fs, 'etc'));
    const target = ino(fs, 'usr/src/deep');
    fs.direnter(etc, 'alias', target);
    fs.iput(etc);
    return {
      bytes: held(live),
      expect: [/\/etc\/alias IS AN EXTRANEOUS HARD LINK TO DIRECTORY \/usr\/src\/deep/],
      preen: false,
    };
  },
  'directories in a loop': (seed) => {
    const live = populated(seed);
    const { fs } = live;
    // deep loses its name in src and gets one in its own subdirectory er: neither is reached
    const er = lookupPath(fs, 'usr/src/deep/er');
    fs.direnter(er, 'up', unname(fs, 'usr/src/deep'));
    fs.iput(er);
    return { bytes: held(live), expect: [/BAD INODE NUMBER FOR '\.\.'/], preen: false };
  },
  'root not a directory': (seed) => {
    const live = populated(seed);
    const bytes = held(live);
    const d = readInode(bytes, 2);
    d.mode = 0o100644;
    writeInode(bytes, 2, d);
    return { bytes, expect: [/ROOT INODE NOT DIRECTORY/], preen: false };
  },
};

// ---------------------------------------------------------------- random damage

const SB_FIELDS = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 72, 76];

/** Inode numbers in use (by the bitmap and a non-zero mode). */
function inodesInUse(bytes: Uint8Array, sb: Superblock): number[] {
  const out: number[] = [];
  for (let i = 2; i < sb.fs_ninode; i++) if (readInode(bytes, i, sb).mode !== 0) out.push(i);
  return out;
}

function isDir(d: Dinode): boolean {
  return (d.mode & 0o170000) === 0o040000;
}

/**
 * Damage `bytes` in place with `count` seeded random hits; returns what was done, one line a hit.
 * The file system is marked active first, as a crash leaves it.
 */
export function damage(bytes: Uint8Array, seed: number, count = 1 + (seed % 3)): string[] {
  const rnd = prng(seed * 7919 + 13);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: T[]): T => xs[int(xs.length)];
  const sb = superblock(bytes);
  const used = inodesInUse(bytes, sb);
  const dirs = used.filter((i) => isDir(readInode(bytes, i, sb)));
  const withInd = used.filter((i) => readInode(bytes, i, sb).ib.some((b) => b !== 0));
  const blocksOf = (d: Dinode) => d.db.filter((b) => b !== 0);
  const value = (d?: Dinode): number =>
    pick([
      0,
      1,
      int(16),
      int(sb.fs_size + 16),
      sb.fs_dblkno - 1,
      sb.fs_size,
      int(0x100000000),
      0xffffffff,
      ...(d ? blocksOf(d) : []),
    ]);
  const done: string[] = [];
  let raw = false;
  markActive(bytes); // damage comes from crashes: a file system marked clean is not checked by -p
  for (let k = 0; k < count; k++) {
    const kind = pick([
      'sb-bit',
      'sb-field',
      'imap',
      'bmap',
      'bmap',
      'inode-bit',
      'inode-bit',
      'inode-field',
      'inode-field',
      'inode-field',
      'dir-bit',
      'dir-bit',
      'dir-field',
      'dir-field',
      'indirect',
      'zero',
      'crosslink',
      'nlink',
      'garbage',
    ]);
    switch (kind) {
      case 'sb-bit': {
        const bit = int(SBSIZE * 8);
        bytes[SBLOCK * BSIZE + (bit >> 3)] ^= 1 << (bit & 7);
        raw = true;
        done.push(`superblock bit ${bit} flipped`);
        break;
      }
      case 'sb-field': {
        const off = pick(SB_FIELDS.slice(10)); // counts, clean flag, times, rotor, id
        let v = value();
        if (off === 56 && v === 1) v = 2; // "clean" is a claim fsck -p trusts: not damage it can see
        setSbField(bytes, off, v, raw); // after a raw flip, no checksum that would bless it
        done.push(`superblock field at ${off} set to ${v}`);
        break;
      }
      case 'imap': {
        const bit = int(sb.fs_ninode + 8);
        bytes[sb.fs_imapblk * BSIZE + (bit >> 3)] ^= 1 << (bit & 7);
        done.push(`inode map bit ${bit} flipped`);
        break;
      }
      case 'bmap': {
        const bit = int(sb.fs_size + 8);
        bytes[sb.fs_bmapblk * BSIZE + (bit >> 3)] ^= 1 << (bit & 7);
        done.push(`block map bit ${bit} flipped`);
        break;
      }
      case 'inode-bit': {
        const n = rnd() < 0.8 ? pick(used) : int(sb.fs_ninode);
        const bit = int(DINODE_SIZE * 8);
        bytes[sb.fs_iblkno * BSIZE + n * DINODE_SIZE + (bit >> 3)] ^= 1 << (bit & 7);
        done.push(`inode ${n} bit ${bit} flipped`);
        break;
      }
      case 'inode-field': {
        const n = pick(used);
        const d = readInode(bytes, n, sb);
        const field = pick(['mode', 'nlink', 'size', 'sizeHigh', 'db', 'db', 'ib', 'blocks']);
        if (field === 'mode') d.mode = pick([0, 0o170777, 0o100644, 0o040755, 0o020666, int(0x10000)]);
        else if (field === 'nlink') d.nlink = pick([0, -1, d.nlink + 1, d.nlink - 1, 32767]);
        else if (field === 'size') d.size = pick([0, 1, d.size + 8192, int(1 << 20), 0x7fffffff, 0x80000000]);
        else if (field === 'sizeHigh') d.sizeHigh = 1;
        else if (field === 'db') d.db[int(12)] = value(d);
        else if (field === 'ib') d.ib[int(3)] = value(d);
        else d.blocks = value();
        writeInode(bytes, n, d, sb);
        done.push(`inode ${n} ${field} changed`);
        break;
      }
      case 'dir-bit':
      case 'dir-field': {
        const n = pick(dirs);
        const d = readInode(bytes, n, sb);
        const blks = blocksOf(d).filter((b) => b < sb.fs_size);
        if (blks.length === 0) break;
        const at = pick(blks) * BSIZE;
        const span = Math.min(BSIZE, Math.max(512, d.size));
        if (kind === 'dir-bit') {
          const bit = int(span * 8);
          bytes[at + (bit >> 3)] ^= 1 << (bit & 7);
          done.push(`directory ${n} bit ${bit} flipped`);
        } else {
          // a record of a chunk: walk to it
          const chunk = at + 512 * int(Math.max(1, span / 512));
          let off = 0;
          for (let i = int(6); i > 0; i--) {
            const rl = (bytes[chunk + off + 4] << 8) | bytes[chunk + off + 5];
            if (rl < 8 || off + rl >= 512) break;
            off += rl;
          }
          const which = pick(['ino', 'reclen', 'namlen']);
          if (which === 'ino')
            setU32(bytes, chunk + off, pick([0, 1, int(sb.fs_ninode), sb.fs_ninode, pick(used)]));
          else {
            const v = pick([0, 4, 7, 13, 512, 600, int(0x10000)]);
            const o = chunk + off + (which === 'reclen' ? 4 : 6);
            bytes[o] = v >> 8;
            bytes[o + 1] = v & 0xff;
          }
          done.push(`directory ${n} record at ${chunk - at + off}: ${which} changed`);
        }
        break;
      }
      case 'indirect': {
        if (withInd.length === 0) break;
        const n = pick(withInd);
        const d = readInode(bytes, n, sb);
        const ib = pick(d.ib.filter((b) => b !== 0));
        if (ib >= sb.fs_size) break;
        const slot = rnd() < 0.7 ? int(8) : int(2048);
        if (rnd() < 0.5) setU32(bytes, ib * BSIZE + slot * 4, value(d));
        else bytes[ib * BSIZE + slot * 4 + int(4)] ^= 1 << int(8);
        done.push(`indirect block ${ib} of inode ${n}: pointer ${slot} changed`);
        break;
      }
      case 'zero': {
        const which = pick(['itable', 'imap', 'bmap', 'dir']);
        let blk = sb.fs_iblkno + int(sb.fs_iblks);
        if (which === 'imap') blk = sb.fs_imapblk;
        else if (which === 'bmap') blk = sb.fs_bmapblk;
        else if (which === 'dir') blk = pick(blocksOf(readInode(bytes, pick(dirs), sb))) ?? blk;
        if (blk >= sb.fs_size) break;
        bytes.fill(0, blk * BSIZE, (blk + 1) * BSIZE);
        done.push(`block ${blk} (${which}) zeroed`);
        break;
      }
      case 'crosslink': {
        const a = readInode(bytes, pick(used), sb);
        const n = pick(used);
        const d = readInode(bytes, n, sb);
        const src = blocksOf(a);
        if (src.length === 0 || (d.mode & 0o170000) === 0o020000) break;
        d.db[int(12)] = pick(src);
        writeInode(bytes, n, d, sb);
        done.push(`inode ${n} given a block of another`);
        break;
      }
      case 'garbage': {
        // random bytes over part of an inode table, directory or indirect block
        const which = pick(['itable', 'dir', 'indirect']);
        let blk = sb.fs_iblkno + int(sb.fs_iblks);
        if (which === 'dir') blk = pick(blocksOf(readInode(bytes, pick(dirs), sb))) ?? blk;
        else if (which === 'indirect' && withInd.length > 0)
          blk = pick(readInode(bytes, pick(withInd), sb).ib.filter((b) => b !== 0));
        if (blk >= sb.fs_size) break;
        const len = 16 + int(1024);
        const at = blk * BSIZE + int(BSIZE - len);
        for (let i = 0; i < len; i++) bytes[at + i] = int(256);
        done.push(`${len} random bytes at ${at - blk * BSIZE} of block ${blk} (${which})`);
        break;
      }
      case 'nlink': {
        const n = pick(used);
        const d = readInode(bytes, n, sb);
        d.nlink += pick([-2, -1, 1, 2, 5]);
        writeInode(bytes, n, d, sb);
        done.push(`inode ${n} link count changed`);
        break;
      }
    }
  }
  return done;
}
