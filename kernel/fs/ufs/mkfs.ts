/**
 * Making an empty file system (4.3BSD's newfs/mkfs): lay out the regions,
 * zero the metadata, mark the reserved inodes and metadata blocks in use,
 * and make the root directory with "." and ".." and /lost+found, where
 * fsck puts the files it finds in no directory. As 4.3BSD's mkfs (and its
 * mklost+found script) do, lost+found gets a whole block of empty chunks,
 * so that fsck can enter names there without allocating anything.
 *
 * A host tool, not part of the running kernel: the image build
 * (emu/tools/mkfs.ts, `sun3lab mkfs`) and the tests use it, as 4.3BSD's
 * /etc/mkfs shares only the on-disk format (fs.ts, dir.ts) with the kernel.
 */
import { EINVAL } from '../../errno.js';
import { DIRBLKSIZ, dirsiz, emptyChunk, putDirect } from './dir.js';
import type { BlockDevice } from './disk.js';
import {
  BSIZE,
  DINODE_SIZE,
  emptyDinode,
  encodeDinode,
  encodeSuperblock,
  FIRST_FREE_INO,
  FS_CLEAN,
  FsError,
  IFDIR,
  INOPB,
  layout,
  NSPB,
  ROOTINO,
  SBLOCK,
  type Superblock,
  type Timeval,
} from './fs.js';

export interface MkfsOptions {
  /** Inodes (rounded up to a multiple of 64). Default: one per data block, as many as there are blocks. */
  ninode?: number;
  /** Blocks to use (default: the whole device). */
  size?: number;
  /** Creation time, stamped on the root directory and the superblock. Default: the epoch. */
  time?: Timeval;
  /** Volume name (up to 31 bytes). */
  volname?: string;
  /** Mode bits of the root directory (default 0755). */
  rootMode?: number;
  /** Make /lost+found (default true). */
  lostFound?: boolean;
}

/** The smallest file system: the metadata, the blocks of the root and lost+found, and one more. */
export const MIN_DATA_BLOCKS = 3;
/** lost+found's inode number on a new file system, and its mode (only root may look at what fsck saved). */
export const LOSTFOUNDINO = FIRST_FREE_INO;
export const LOSTFOUND_MODE = 0o700;

function setBit(map: Uint8Array, i: number): void {
  map[i >> 3] |= 1 << (i & 7);
}

/**
 * Write an empty file system on `dev`. Throws an FsError (EINVAL) if the
 * device is too small or the parameters make no sense. Returns the superblock written.
 */
export function mkfs(dev: BlockDevice, opts: MkfsOptions = {}): Superblock {
  if (dev.blockSize !== BSIZE)
    throw new FsError(EINVAL, `device block size ${dev.blockSize}, the file system needs ${BSIZE}`);
  const size = opts.size ?? dev.blocks;
  if (!Number.isInteger(size) || size <= 0 || size > dev.blocks)
    throw new FsError(EINVAL, `size of ${size} blocks does not fit the device (${dev.blocks} blocks)`);
  const ninode = opts.ninode ?? size;
  if (!Number.isInteger(ninode) || ninode < 1 || ninode > 0x100000)
    throw new FsError(EINVAL, `inode count ${ninode} (1 to ${0x100000})`);
  const sb = layout(size, ninode);
  if (sb.fs_dblkno + MIN_DATA_BLOCKS > size)
    throw new FsError(
      EINVAL,
      `${size} blocks are too few: the metadata takes ${sb.fs_dblkno} and the data area needs ${MIN_DATA_BLOCKS}`,
    );
  const time = opts.time ?? { sec: 0, usec: 0 };
  sb.fs_ctime = time.sec;
  sb.fs_time = time.sec;
  sb.fs_id = [time.sec >>> 0, size];
  sb.fs_volname = (opts.volname ?? '').slice(0, 31);

  const zero = new Uint8Array(BSIZE);
  for (let b = 0; b < sb.fs_dblkno; b++) dev.writeBlock(b, zero);

  const lostFound = opts.lostFound ?? true;
  const lfino = lostFound ? LOSTFOUNDINO : 0;
  // Inode bitmap: the reserved inodes, the root, lost+found, and the bits past the end.
  const imap = new Uint8Array(sb.fs_imapblks * BSIZE);
  for (let i = 0; i < FIRST_FREE_INO; i++) setBit(imap, i);
  if (lostFound) setBit(imap, lfino);
  for (let i = sb.fs_ninode; i < imap.length * 8; i++) setBit(imap, i);
  // Block bitmap: the metadata, the directories' blocks, and the bits past the end.
  const rootBlock = sb.fs_dblkno;
  const lfBlock = lostFound ? rootBlock + 1 : 0;
  const lastUsed = lostFound ? lfBlock : rootBlock;
  const bmap = new Uint8Array(sb.fs_bmapblks * BSIZE);
  for (let b = 0; b <= lastUsed; b++) setBit(bmap, b);
  for (let b = sb.fs_size; b < bmap.length * 8; b++) setBit(bmap, b);
  sb.fs_nbfree = sb.fs_size - lastUsed - 1;
  sb.fs_brotor = lastUsed + 1 < sb.fs_size ? lastUsed + 1 : sb.fs_dblkno;
  for (let i = 0; i < sb.fs_imapblks; i++) dev.writeBlock(sb.fs_imapblk + i, imap.subarray(i * BSIZE));
  for (let i = 0; i < sb.fs_bmapblks; i++) dev.writeBlock(sb.fs_bmapblk + i, bmap.subarray(i * BSIZE));

  const itab = new Uint8Array(BSIZE);
  /** A directory's inode: two links (its entry and its "."), one block. */
  const newDir = (block: number, mode: number, size: number) => {
    const d = emptyDinode();
    d.mode = IFDIR | (mode & 0o7777);
    d.nlink = 2;
    d.size = size;
    d.atime = { ...time };
    d.mtime = { ...time };
    d.ctime = { ...time };
    d.db[0] = block;
    d.blocks = NSPB;
    d.gen = 1;
    return d;
  };

  // The root directory: "." and ".." both name it; lost+found's ".." names it too.
  const dir = new Uint8Array(BSIZE);
  putDirect(dir, 0, ROOTINO, dirsiz(1), '.');
  if (lostFound) {
    putDirect(dir, dirsiz(1), ROOTINO, dirsiz(2), '..');
    putDirect(dir, dirsiz(1) + dirsiz(2), lfino, DIRBLKSIZ - dirsiz(1) - dirsiz(2), 'lost+found');
  } else {
    putDirect(dir, dirsiz(1), ROOTINO, DIRBLKSIZ - dirsiz(1), '..');
  }
  dev.writeBlock(rootBlock, dir);
  const root = newDir(rootBlock, opts.rootMode ?? 0o755, DIRBLKSIZ);
  if (lostFound) root.nlink = 3;
  encodeDinode(root, itab, (ROOTINO % INOPB) * DINODE_SIZE);

  // lost+found: "." and "..", then empty chunks to the end of its block.
  if (lostFound) {
    const lf = new Uint8Array(BSIZE);
    putDirect(lf, 0, lfino, dirsiz(1), '.');
    putDirect(lf, dirsiz(1), ROOTINO, DIRBLKSIZ - dirsiz(1), '..');
    for (let c = DIRBLKSIZ; c < BSIZE; c += DIRBLKSIZ) emptyChunk(lf, c);
    dev.writeBlock(lfBlock, lf);
    encodeDinode(newDir(lfBlock, LOSTFOUND_MODE, BSIZE), itab, (lfino % INOPB) * DINODE_SIZE);
  }
  dev.writeBlock(sb.fs_iblkno + Math.floor(ROOTINO / INOPB), itab);

  sb.fs_nifree = sb.fs_ninode - FIRST_FREE_INO - (lostFound ? 1 : 0);
  sb.fs_clean = FS_CLEAN;
  const sbuf = new Uint8Array(BSIZE);
  encodeSuperblock(sb, sbuf);
  dev.writeBlock(SBLOCK, sbuf);
  return sb;
}
