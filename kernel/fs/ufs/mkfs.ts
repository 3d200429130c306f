/**
 * Making an empty file system (4.3BSD's newfs/mkfs): lay out the regions,
 * zero the metadata, mark the reserved inodes and metadata blocks in use,
 * and make the root directory with "." and "..".
 *
 * A host tool, not part of the running kernel: the image build
 * (emu/tools/mkfs.ts, `sun3lab mkfs`) and the tests use it, as 4.3BSD's
 * /etc/mkfs shares only the on-disk format (fs.ts, dir.ts) with the kernel.
 */
import { EINVAL } from '../../errno.js';
import { DIRBLKSIZ, dirsiz, putDirect } from './dir.js';
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
}

/** The smallest file system: the metadata, the root directory's block and one more. */
export const MIN_DATA_BLOCKS = 2;

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

  // Inode bitmap: the reserved inodes, the root, and the bits past the end.
  const imap = new Uint8Array(sb.fs_imapblks * BSIZE);
  for (let i = 0; i < FIRST_FREE_INO; i++) setBit(imap, i);
  for (let i = sb.fs_ninode; i < imap.length * 8; i++) setBit(imap, i);
  // Block bitmap: the metadata, the root directory's block, and the bits past the end.
  const rootBlock = sb.fs_dblkno;
  const bmap = new Uint8Array(sb.fs_bmapblks * BSIZE);
  for (let b = 0; b <= rootBlock; b++) setBit(bmap, b);
  for (let b = sb.fs_size; b < bmap.length * 8; b++) setBit(bmap, b);
  sb.fs_nbfree = sb.fs_size - sb.fs_dblkno - 1;
  sb.fs_brotor = rootBlock + 1 < sb.fs_size ? rootBlock + 1 : sb.fs_dblkno;
  for (let i = 0; i < sb.fs_imapblks; i++) dev.writeBlock(sb.fs_imapblk + i, imap.subarray(i * BSIZE));
  for (let i = 0; i < sb.fs_bmapblks; i++) dev.writeBlock(sb.fs_bmapblk + i, bmap.subarray(i * BSIZE));

  // The root directory: "." and ".." both name it.
  const dir = new Uint8Array(BSIZE);
  putDirect(dir, 0, ROOTINO, dirsiz(1), '.');
  putDirect(dir, dirsiz(1), ROOTINO, DIRBLKSIZ - dirsiz(1), '..');
  dev.writeBlock(rootBlock, dir);
  const root = emptyDinode();
  root.mode = IFDIR | ((opts.rootMode ?? 0o755) & 0o7777);
  root.nlink = 2;
  root.size = DIRBLKSIZ;
  root.atime = { ...time };
  root.mtime = { ...time };
  root.ctime = { ...time };
  root.db[0] = rootBlock;
  root.blocks = NSPB;
  root.gen = 1;
  const itab = new Uint8Array(BSIZE);
  encodeDinode(root, itab, (ROOTINO % INOPB) * DINODE_SIZE);
  dev.writeBlock(sb.fs_iblkno + Math.floor(ROOTINO / INOPB), itab);

  sb.fs_nifree = sb.fs_ninode - FIRST_FREE_INO;
  sb.fs_clean = FS_CLEAN;
  const sbuf = new Uint8Array(BSIZE);
  encodeSuperblock(sb, sbuf);
  dev.writeBlock(SBLOCK, sbuf);
  return sb;
}
