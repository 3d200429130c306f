/**
 * A file system checker in the manner of 4.3BSD's fsck, reading the disk
 * directly rather than through `Ufs` (so it catches that code's mistakes
 * instead of sharing them). It only looks; it repairs nothing.
 *
 *   Phase 1  inodes: types, sizes, block pointers; every block claimed once
 *   Phase 2  directories: well-formed records, "." and "..", entries naming inodes in use
 *   Phase 3  connectivity: every inode in use reachable from the root
 *   Phase 4  link counts against the directory references
 *   Phase 5  bitmaps and the superblock's counts against what phases 1-4 found
 *
 * It never throws: whatever is wrong, down to a missing superblock, ends up
 * as a line in `problems`.
 *
 * A host tool, not part of the running kernel: `sun3lab fsck` and the image
 * build (emu/tools/mkfs.ts) and the tests use it, as 4.3BSD's /etc/fsck
 * shares only the on-disk format (fs.ts, dir.ts) with the kernel.
 */
import { DIRBLKSIZ, type Direct, parseChunk } from './dir.js';
import type { BlockDevice } from './disk.js';
import {
  BSIZE,
  DINODE_SIZE,
  type Dinode,
  decodeDinode,
  decodeSuperblock,
  FIRST_FREE_INO,
  FS_CLEAN,
  IFBLK,
  IFCHR,
  IFDIR,
  IFLNK,
  IFMT,
  IFREG,
  MAXFILESIZE,
  NDADDR,
  NINDIR,
  NSPB,
  ROOTINO,
  SBLOCK,
  type Superblock,
  validType,
} from './fs.js';

export interface FsckReport {
  /** Whether no problem was found. */
  ok: boolean;
  /** One line per problem found (at most `maxProblems`, then a count of the rest). */
  problems: string[];
  /** Observations that are not damage (an active file system's stale free counts). */
  notes: string[];
  /** The superblock's clean flag. */
  clean: boolean;
  files: number;
  directories: number;
  symlinks: number;
  devices: number;
  /** Data blocks in use and free, as the inodes say. */
  blocksUsed: number;
  blocksFree: number;
  inodesUsed: number;
  inodesFree: number;
  superblock?: Superblock;
}

export interface FsckOptions {
  maxProblems?: number;
}

function getU32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function bit(map: Uint8Array, i: number): boolean {
  return (map[i >> 3] & (1 << (i & 7))) !== 0;
}

/** Check the file system on `dev`. */
export function fsck(dev: BlockDevice, opts: FsckOptions = {}): FsckReport {
  const max = opts.maxProblems ?? 200;
  const report: FsckReport = {
    ok: false,
    problems: [],
    notes: [],
    clean: false,
    files: 0,
    directories: 0,
    symlinks: 0,
    devices: 0,
    blocksUsed: 0,
    blocksFree: 0,
    inodesUsed: 0,
    inodesFree: 0,
  };
  let dropped = 0;
  const problem = (s: string) => {
    if (report.problems.length < max) report.problems.push(s);
    else dropped++;
  };
  try {
    check(dev, report, problem);
  } catch (e) {
    // Only a failing device gets here (the checks themselves stay in bounds).
    problem(`check stopped: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (dropped > 0) report.problems.push(`... and ${dropped} more problems`);
  report.ok = report.problems.length === 0;
  return report;
}

function check(dev: BlockDevice, report: FsckReport, problem: (s: string) => void): void {
  if (dev.blockSize !== BSIZE) {
    problem(`device block size ${dev.blockSize}, expected ${BSIZE}`);
    return;
  }
  if (dev.blocks <= SBLOCK) {
    problem(`device too small (${dev.blocks} blocks)`);
    return;
  }
  const buf = new Uint8Array(BSIZE);
  dev.readBlock(SBLOCK, buf);
  let sb: Superblock;
  try {
    sb = decodeSuperblock(buf, dev.blocks);
  } catch (e) {
    problem(e instanceof Error ? e.message : String(e));
    return;
  }
  report.superblock = sb;
  report.clean = sb.fs_clean === FS_CLEAN;

  const readRegion = (start: number, count: number): Uint8Array => {
    const out = new Uint8Array(count * BSIZE);
    for (let i = 0; i < count; i++) {
      dev.readBlock(start + i, buf);
      out.set(buf, i * BSIZE);
    }
    return out;
  };
  const imap = readRegion(sb.fs_imapblk, sb.fs_imapblks);
  const bmap = readRegion(sb.fs_bmapblk, sb.fs_bmapblks);
  const itab = readRegion(sb.fs_iblkno, sb.fs_iblks);

  // ---- Phase 1: inodes and their blocks
  const owner = new Int32Array(sb.fs_size); // 0 = unclaimed, else the claiming inode
  const inodes: (Dinode | null)[] = new Array(sb.fs_ninode).fill(null);
  /** Logical → disk blocks of each directory (0 = hole). */
  const dirBlocks = new Map<number, number[]>();

  for (let ino = 0; ino < sb.fs_ninode; ino++) {
    const d = decodeDinode(itab, ino * DINODE_SIZE);
    const inuse = bit(imap, ino);
    if (ino < FIRST_FREE_INO && ino !== ROOTINO) {
      if (!inuse) problem(`inode ${ino} (reserved) marked free`);
      if (d.mode !== 0) problem(`inode ${ino} (reserved) has mode 0${d.mode.toString(8)}`);
      continue;
    }
    if (d.mode === 0) {
      if (inuse) problem(`inode ${ino} marked in use but is free (mode 0)`);
      continue;
    }
    if (!inuse) problem(`inode ${ino} in use (mode 0${d.mode.toString(8)}) but marked free`);
    if (!validType(d.mode)) {
      problem(`inode ${ino}: bad mode 0${d.mode.toString(8)}`);
      continue;
    }
    inodes[ino] = d;
    const type = d.mode & IFMT;
    if (type === IFREG) report.files++;
    else if (type === IFDIR) report.directories++;
    else if (type === IFLNK) report.symlinks++;
    else if (type === IFCHR || type === IFBLK) report.devices++;
    if (d.sizeHigh !== 0 || d.size > MAXFILESIZE) {
      problem(`inode ${ino}: bad size ${d.sizeHigh}:${d.size}`);
      continue;
    }
    const hasData = type === IFREG || type === IFDIR || type === IFLNK;
    if (!hasData) {
      const first = type === IFCHR || type === IFBLK ? 1 : 0;
      if (d.db.slice(first).some((b) => b !== 0) || d.ib.some((b) => b !== 0) || d.blocks !== 0)
        problem(`inode ${ino}: a ${type === IFCHR ? 'character device' : 'special file'} with blocks`);
      continue;
    }

    const nblocks = Math.ceil(d.size / BSIZE);
    let held = 0;
    const map: number[] | null = type === IFDIR ? new Array(nblocks).fill(0) : null;
    /** Claim block `bn` for logical block `lbn` (-1 for an indirect block); false if it cannot be used. */
    const claim = (bn: number, what: string, beyond: boolean): boolean => {
      if (bn < sb.fs_dblkno || bn >= sb.fs_size) {
        problem(`inode ${ino}: bad block number ${bn} (${what})`);
        return false;
      }
      held++;
      if (owner[bn] !== 0) {
        problem(`block ${bn} claimed by inode ${owner[bn]} and inode ${ino} (${what})`);
        return false;
      }
      owner[bn] = ino;
      if (beyond) problem(`inode ${ino}: block ${bn} past the end of the file (${what})`);
      return true;
    };
    for (let i = 0; i < NDADDR; i++) {
      const bn = d.db[i];
      if (bn === 0) continue;
      if (claim(bn, `block ${i}`, i >= nblocks) && map && i < nblocks) map[i] = bn;
    }
    const ind = new Uint8Array(BSIZE);
    const walk = (bn: number, level: number, base: number) => {
      const span = level === 1 ? 1 : NINDIR;
      if (!claim(bn, `indirect block for ${base}`, base >= nblocks)) return;
      dev.readBlock(bn, ind);
      const ptrs: number[] = [];
      for (let i = 0; i < NINDIR; i++) ptrs.push(getU32(ind, i * 4));
      for (let i = 0; i < NINDIR; i++) {
        const child = ptrs[i];
        if (child === 0) continue;
        const lbn = base + i * span;
        if (level === 2) walk(child, 1, lbn);
        else if (claim(child, `block ${lbn}`, lbn >= nblocks) && map && lbn < nblocks) map[lbn] = child;
      }
    };
    if (d.ib[0] !== 0) walk(d.ib[0], 1, NDADDR);
    if (d.ib[1] !== 0) walk(d.ib[1], 2, NDADDR + NINDIR);
    if (d.ib[2] !== 0) problem(`inode ${ino}: triple indirect block ${d.ib[2]} in use`);
    if (d.blocks !== held * NSPB)
      problem(`inode ${ino}: block count ${d.blocks}, should be ${held * NSPB} (${held} blocks)`);
    if (map) {
      if (d.size % DIRBLKSIZ !== 0)
        problem(`directory ${ino}: size ${d.size} not a multiple of ${DIRBLKSIZ}`);
      if (d.size === 0) problem(`directory ${ino}: empty (no "." or "..")`);
      const hole = map.indexOf(0);
      if (hole >= 0) problem(`directory ${ino}: hole at block ${hole}`);
      dirBlocks.set(ino, map);
    }
  }

  // ---- Phase 2: directories, walked from the root
  const refs = new Int32Array(sb.fs_ninode);
  const parent = new Int32Array(sb.fs_ninode); // 0 = not reached yet
  const root = inodes[ROOTINO];
  if (!root || (root.mode & IFMT) !== IFDIR) {
    problem('the root inode is not a directory');
  } else {
    parent[ROOTINO] = ROOTINO;
    const queue = [ROOTINO];
    const blk = new Uint8Array(BSIZE);
    while (queue.length > 0) {
      const dino = queue.shift()!;
      const d = inodes[dino]!;
      const map = dirBlocks.get(dino) ?? [];
      const entries: Direct[] = [];
      for (let lbn = 0; lbn < map.length; lbn++) {
        if (map[lbn] === 0) continue;
        dev.readBlock(map[lbn], blk);
        const inBlock = Math.min(BSIZE, d.size - lbn * BSIZE);
        for (let c = 0; c + DIRBLKSIZ <= inBlock; c += DIRBLKSIZ) {
          const parsed = parseChunk(blk, c, lbn * BSIZE + c, sb.fs_ninode);
          if (typeof parsed === 'string') problem(`directory ${dino}: ${parsed}`);
          else for (const e of parsed) if (e.ino !== 0) entries.push(e);
        }
      }
      const dot = entries[0];
      const dotdot = entries[1];
      if (dot?.name !== '.' || dot.offset !== 0) problem(`directory ${dino}: "." missing or not first`);
      else if (dot.ino !== dino) problem(`directory ${dino}: "." names inode ${dot.ino}`);
      if (dotdot?.name !== '..') problem(`directory ${dino}: ".." missing or not second`);
      else if (dotdot.ino !== parent[dino])
        problem(`directory ${dino}: ".." names inode ${dotdot.ino}, its parent is ${parent[dino]}`);
      const seen = new Set<string>();
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        const special = (i === 0 && e.name === '.') || (i === 1 && e.name === '..');
        if (!special && (e.name === '.' || e.name === '..')) {
          problem(`directory ${dino}: extra "${e.name}" entry at offset ${e.offset}`);
          continue;
        }
        if (seen.has(e.name)) problem(`directory ${dino}: name "${e.name}" appears twice`);
        seen.add(e.name);
        const target = inodes[e.ino];
        if (!target) {
          problem(`directory ${dino}: "${e.name}" names inode ${e.ino}, which is not in use`);
          continue;
        }
        refs[e.ino]++;
        if (special || (target.mode & IFMT) !== IFDIR) continue;
        if (parent[e.ino] !== 0) {
          problem(`directory ${e.ino} has a second name: "${e.name}" in directory ${dino}`);
          continue;
        }
        parent[e.ino] = dino;
        queue.push(e.ino);
      }
    }
  }

  // ---- Phases 3 and 4: connectivity and link counts
  for (let ino = ROOTINO; ino < sb.fs_ninode; ino++) {
    const d = inodes[ino];
    if (!d) continue;
    report.inodesUsed++;
    if (refs[ino] === 0) {
      problem(`inode ${ino} (mode 0${d.mode.toString(8)}, ${d.size} bytes) is not in any directory`);
      continue;
    }
    if ((d.mode & IFMT) === IFDIR && parent[ino] === 0) {
      problem(`directory ${ino} cannot be reached from the root`);
      continue;
    }
    if (d.nlink !== refs[ino]) problem(`inode ${ino}: link count ${d.nlink}, should be ${refs[ino]}`);
  }

  // ---- Phase 5: bitmaps and counts
  for (let b = 0; b < bmap.length * 8; b++) {
    const marked = bit(bmap, b);
    if (b < sb.fs_dblkno || b >= sb.fs_size) {
      if (!marked) problem(`block ${b} (${b < sb.fs_dblkno ? 'metadata' : 'past the end'}) marked free`);
      continue;
    }
    if (owner[b] !== 0) {
      report.blocksUsed++;
      if (!marked) problem(`block ${b} (inode ${owner[b]}) marked free`);
    } else {
      report.blocksFree++;
      if (marked) problem(`block ${b} marked in use but in no file`);
    }
  }
  for (let i = sb.fs_ninode; i < imap.length * 8; i++)
    if (!bit(imap, i)) problem(`inode ${i} (past the end) marked free`);
  let ifreeMap = 0;
  for (let i = FIRST_FREE_INO; i < sb.fs_ninode; i++) if (!bit(imap, i)) ifreeMap++;
  let bfreeMap = 0;
  for (let b = sb.fs_dblkno; b < sb.fs_size; b++) if (!bit(bmap, b)) bfreeMap++;
  report.inodesFree = sb.fs_ninode - FIRST_FREE_INO - (report.inodesUsed - 1);
  const counts = [
    `free block count ${sb.fs_nbfree}, the bitmap has ${bfreeMap}`,
    `free inode count ${sb.fs_nifree}, the bitmap has ${ifreeMap}`,
  ];
  const stale = [sb.fs_nbfree !== bfreeMap, sb.fs_nifree !== ifreeMap];
  for (let i = 0; i < 2; i++) {
    if (!stale[i]) continue;
    // A mounted (or crashed) file system writes its counts only at sync.
    if (report.clean) problem(`superblock: ${counts[i]}`);
    else report.notes.push(`superblock: ${counts[i]} (not clean, so expected)`);
  }
}
