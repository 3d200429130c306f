/**
 * The on-disk format of the sun3lab UFS (what 4.3BSD keeps in fs.h and
 * dinode.h): the superblock, the disk inode, and the numbers that fix the
 * layout. docs/filesystem.md draws the picture.
 *
 * It is a 4.3BSD-flavoured file system with a single "cylinder group": the
 * superblock, then a free-inode bitmap, a free-block bitmap and the inode
 * table, then data. Blocks are 8192 bytes and always allocated whole (no
 * 1024-byte fragments). Every number on disk is big-endian, as the 68020
 * stores it.
 *
 *   block 0                 boot block (unused, zero)
 *   block 1                 superblock (the first SBSIZE bytes)
 *   fs_imapblk ...          inode bitmap, one bit per inode, 1 = in use
 *   fs_bmapblk ...          block bitmap, one bit per block, 1 = in use
 *   fs_iblkno ...           inode table, INOPB 128-byte inodes per block
 *   fs_dblkno ... fs_size-1 data blocks (file data, directories, indirect blocks)
 */
import { EINVAL, EIO, Errno } from '../../errno.js';

/** Block size: one Sun-3 page. */
export const BSIZE = 8192;
export const BSHIFT = 13;
/** Block numbers per indirect block. */
export const NINDIR = BSIZE / 4;
export const NINDIRSHIFT = 11;
/** Direct and indirect block pointers in an inode (4.3BSD's NDADDR, NIADDR). */
export const NDADDR = 12;
export const NIADDR = 3;
/** The size of a disk inode, and how many fit in a block. */
export const DINODE_SIZE = 128;
export const INOPB = BSIZE / DINODE_SIZE;
/** "Sectors" st_blocks and di_blocks count in (DEV_BSIZE), and how many make a block. */
export const DEV_BSIZE = 512;
export const NSPB = BSIZE / DEV_BSIZE;

/** Where the superblock lives and how much of its block it uses. */
export const SBLOCK = 1;
export const SBSIZE = 512;
/** The superblock magic number (not 4.3BSD's 0x011954: this is not an FFS layout). */
export const FS_MAGIC = 0x53334c55; // "S3LU"
export const FS_VERSION = 1;
/** fs_clean: unmounted cleanly, or mounted (or crashed while mounted). */
export const FS_CLEAN = 1;
export const FS_ACTIVE = 0;

/** Reserved inode numbers: 0 is "no inode" in a directory entry, 1 is 4.3BSD's bad-block inode, 2 the root. */
export const ROOTINO = 2;
export const FIRST_FREE_INO = 3;

/**
 * The largest file: a SunOS off_t is a signed 32-bit number. The double
 * indirect block alone reaches 32 GB, so the triple indirect pointer
 * (di_ib[2]) is never used and must be zero.
 */
export const MAXFILESIZE = 0x7fffffff;
/** The largest link count (4.3BSD's LINK_MAX, a signed short). */
export const LINK_MAX = 32767;

/** File types and permission bits in di_mode (4.3BSD inode.h / stat.h). */
export const IFMT = 0o170000;
export const IFIFO = 0o010000;
export const IFCHR = 0o020000;
export const IFDIR = 0o040000;
export const IFBLK = 0o060000;
export const IFREG = 0o100000;
export const IFLNK = 0o120000;
export const IFSOCK = 0o140000;
export const ISUID = 0o4000;
export const ISGID = 0o2000;
export const ISVTX = 0o1000;

const VALID_TYPES = new Set([IFIFO, IFCHR, IFDIR, IFBLK, IFREG, IFLNK, IFSOCK]);

/** Whether `mode` has one of the seven file types. */
export function validType(mode: number): boolean {
  return VALID_TYPES.has(mode & IFMT);
}

/** An error about the file system itself: an errno and a message saying what is wrong. */
export class FsError extends Errno {
  constructor(errno: number, message: string) {
    super(errno);
    this.message = message;
    this.name = 'FsError';
  }
}

/** A Unix time with microseconds (SunOS keeps struct timeval in the inode). */
export interface Timeval {
  sec: number;
  usec: number;
}

/** The superblock, decoded. Field names follow 4.3BSD's struct fs where there is one. */
export interface Superblock {
  fs_magic: number;
  fs_version: number;
  fs_bsize: number;
  /** Blocks in the file system. */
  fs_size: number;
  /** Inodes, including the reserved 0 and 1. */
  fs_ninode: number;
  fs_imapblk: number;
  fs_imapblks: number;
  fs_bmapblk: number;
  fs_bmapblks: number;
  fs_iblkno: number;
  fs_iblks: number;
  /** First data block. */
  fs_dblkno: number;
  fs_nbfree: number;
  fs_nifree: number;
  fs_clean: number;
  /** Last time the superblock was written, and when the file system was made. */
  fs_time: number;
  fs_ctime: number;
  /** Where the next block search starts (next fit). */
  fs_brotor: number;
  /** File system id (for NFS file handles and statfs). */
  fs_id: [number, number];
  /** Volume name, up to 31 bytes. */
  fs_volname: string;
}

/** Byte offsets of the superblock fields. */
const SB = {
  magic: 0,
  version: 4,
  bsize: 8,
  size: 12,
  ninode: 16,
  imapblk: 20,
  imapblks: 24,
  bmapblk: 28,
  bmapblks: 32,
  iblkno: 36,
  iblks: 40,
  dblkno: 44,
  nbfree: 48,
  nifree: 52,
  clean: 56,
  time: 60,
  ctime: 64,
  brotor: 68,
  id0: 72,
  id1: 76,
  volname: 80, // 32 bytes, NUL padded
  cksum: SBSIZE - 4,
} as const;
const VOLNAME_LEN = 32;

let crcTable: Uint32Array | undefined;

/** CRC-32 (the IEEE polynomial, as in zlib) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Encode `sb` into the first SBSIZE bytes of `buf` (the rest of the block is left alone), with its checksum. */
export function encodeSuperblock(sb: Superblock, buf: Uint8Array): void {
  const v = view(buf);
  buf.fill(0, 0, SBSIZE);
  v.setUint32(SB.magic, sb.fs_magic);
  v.setUint32(SB.version, sb.fs_version);
  v.setUint32(SB.bsize, sb.fs_bsize);
  v.setUint32(SB.size, sb.fs_size);
  v.setUint32(SB.ninode, sb.fs_ninode);
  v.setUint32(SB.imapblk, sb.fs_imapblk);
  v.setUint32(SB.imapblks, sb.fs_imapblks);
  v.setUint32(SB.bmapblk, sb.fs_bmapblk);
  v.setUint32(SB.bmapblks, sb.fs_bmapblks);
  v.setUint32(SB.iblkno, sb.fs_iblkno);
  v.setUint32(SB.iblks, sb.fs_iblks);
  v.setUint32(SB.dblkno, sb.fs_dblkno);
  v.setUint32(SB.nbfree, sb.fs_nbfree);
  v.setUint32(SB.nifree, sb.fs_nifree);
  v.setUint32(SB.clean, sb.fs_clean);
  v.setUint32(SB.time, sb.fs_time >>> 0);
  v.setUint32(SB.ctime, sb.fs_ctime >>> 0);
  v.setUint32(SB.brotor, sb.fs_brotor);
  v.setUint32(SB.id0, sb.fs_id[0] >>> 0);
  v.setUint32(SB.id1, sb.fs_id[1] >>> 0);
  for (let i = 0; i < Math.min(sb.fs_volname.length, VOLNAME_LEN - 1); i++)
    buf[SB.volname + i] = sb.fs_volname.charCodeAt(i) & 0xff;
  v.setUint32(SB.cksum, crc32(buf.subarray(0, SB.cksum)));
}

/**
 * Decode and validate a superblock. Anything inconsistent throws an FsError
 * (EINVAL: not a sun3lab file system; EIO: one that is damaged) naming the
 * problem, so a corrupt image is refused before anything trusts its numbers.
 */
export function decodeSuperblock(buf: Uint8Array, deviceBlocks: number): Superblock {
  const v = view(buf);
  const magic = v.getUint32(SB.magic);
  if (magic !== FS_MAGIC)
    throw new FsError(
      EINVAL,
      `not a sun3lab file system (superblock magic 0x${magic.toString(16)}, expected 0x${FS_MAGIC.toString(16)})`,
    );
  const sum = crc32(buf.subarray(0, SB.cksum));
  if (sum !== v.getUint32(SB.cksum)) throw new FsError(EIO, 'superblock checksum mismatch');
  let volname = '';
  for (let i = 0; i < VOLNAME_LEN && buf[SB.volname + i] !== 0; i++)
    volname += String.fromCharCode(buf[SB.volname + i]);
  const sb: Superblock = {
    fs_magic: magic,
    fs_version: v.getUint32(SB.version),
    fs_bsize: v.getUint32(SB.bsize),
    fs_size: v.getUint32(SB.size),
    fs_ninode: v.getUint32(SB.ninode),
    fs_imapblk: v.getUint32(SB.imapblk),
    fs_imapblks: v.getUint32(SB.imapblks),
    fs_bmapblk: v.getUint32(SB.bmapblk),
    fs_bmapblks: v.getUint32(SB.bmapblks),
    fs_iblkno: v.getUint32(SB.iblkno),
    fs_iblks: v.getUint32(SB.iblks),
    fs_dblkno: v.getUint32(SB.dblkno),
    fs_nbfree: v.getUint32(SB.nbfree),
    fs_nifree: v.getUint32(SB.nifree),
    fs_clean: v.getUint32(SB.clean),
    fs_time: v.getUint32(SB.time),
    fs_ctime: v.getUint32(SB.ctime),
    fs_brotor: v.getUint32(SB.brotor),
    fs_id: [v.getUint32(SB.id0), v.getUint32(SB.id1)],
    fs_volname: volname,
  };
  const problem = checkLayout(sb, deviceBlocks);
  if (problem) throw new FsError(EIO, `bad superblock: ${problem}`);
  return sb;
}

/** What is wrong with the layout numbers of `sb`, or null if nothing is. */
export function checkLayout(sb: Superblock, deviceBlocks: number): string | null {
  if (sb.fs_version !== FS_VERSION) return `version ${sb.fs_version}, expected ${FS_VERSION}`;
  if (sb.fs_bsize !== BSIZE) return `block size ${sb.fs_bsize}, expected ${BSIZE}`;
  if (sb.fs_size > deviceBlocks)
    return `file system of ${sb.fs_size} blocks on a device of ${deviceBlocks} blocks`;
  if (sb.fs_ninode < INOPB || sb.fs_ninode % INOPB !== 0)
    return `inode count ${sb.fs_ninode} is not a positive multiple of ${INOPB}`;
  const bits = BSIZE * 8;
  if (sb.fs_imapblk !== SBLOCK + 1) return `inode bitmap at block ${sb.fs_imapblk}`;
  if (sb.fs_imapblks !== Math.ceil(sb.fs_ninode / bits)) return `inode bitmap of ${sb.fs_imapblks} blocks`;
  if (sb.fs_bmapblk !== sb.fs_imapblk + sb.fs_imapblks) return `block bitmap at block ${sb.fs_bmapblk}`;
  if (sb.fs_bmapblks !== Math.ceil(sb.fs_size / bits)) return `block bitmap of ${sb.fs_bmapblks} blocks`;
  if (sb.fs_iblkno !== sb.fs_bmapblk + sb.fs_bmapblks) return `inode table at block ${sb.fs_iblkno}`;
  if (sb.fs_iblks !== sb.fs_ninode / INOPB) return `inode table of ${sb.fs_iblks} blocks`;
  if (sb.fs_dblkno !== sb.fs_iblkno + sb.fs_iblks) return `data area at block ${sb.fs_dblkno}`;
  if (sb.fs_dblkno >= sb.fs_size) return `no room for data (${sb.fs_size} blocks)`;
  if (sb.fs_nbfree > sb.fs_size - sb.fs_dblkno) return `free block count ${sb.fs_nbfree} too large`;
  if (sb.fs_nifree > sb.fs_ninode - FIRST_FREE_INO) return `free inode count ${sb.fs_nifree} too large`;
  if (sb.fs_clean !== FS_CLEAN && sb.fs_clean !== FS_ACTIVE) return `clean flag ${sb.fs_clean}`;
  return null;
}

/**
 * A disk inode (4.3BSD's struct dinode / icommon, with SunOS's timevals):
 *
 *   0 di_mode u16   2 di_nlink i16   4 di_uid u16   6 di_gid u16
 *   8 di_size (64 bits: high word must be 0)
 *  16 di_atime {sec, usec}  24 di_mtime  32 di_ctime
 *  40 di_db[12]   88 di_ib[3]   100 di_flags   104 di_blocks (512-byte units)
 * 108 di_gen   112 spare[4]
 *
 * A character or block device keeps its device number in di_db[0].
 */
export interface Dinode {
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  /** The high word of di_size; anything but 0 is corrupt. */
  sizeHigh: number;
  atime: Timeval;
  mtime: Timeval;
  ctime: Timeval;
  db: number[];
  ib: number[];
  flags: number;
  blocks: number;
  gen: number;
}

export function emptyDinode(): Dinode {
  return {
    mode: 0,
    nlink: 0,
    uid: 0,
    gid: 0,
    size: 0,
    sizeHigh: 0,
    atime: { sec: 0, usec: 0 },
    mtime: { sec: 0, usec: 0 },
    ctime: { sec: 0, usec: 0 },
    db: new Array(NDADDR).fill(0),
    ib: new Array(NIADDR).fill(0),
    flags: 0,
    blocks: 0,
    gen: 0,
  };
}

/** Decode the disk inode at byte `off` of an inode-table block. */
export function decodeDinode(buf: Uint8Array, off: number): Dinode {
  const v = view(buf);
  const db: number[] = [];
  for (let i = 0; i < NDADDR; i++) db.push(v.getUint32(off + 40 + 4 * i));
  const ib: number[] = [];
  for (let i = 0; i < NIADDR; i++) ib.push(v.getUint32(off + 88 + 4 * i));
  return {
    mode: v.getUint16(off),
    nlink: v.getInt16(off + 2),
    uid: v.getUint16(off + 4),
    gid: v.getUint16(off + 6),
    sizeHigh: v.getUint32(off + 8),
    size: v.getUint32(off + 12),
    atime: { sec: v.getUint32(off + 16), usec: v.getUint32(off + 20) },
    mtime: { sec: v.getUint32(off + 24), usec: v.getUint32(off + 28) },
    ctime: { sec: v.getUint32(off + 32), usec: v.getUint32(off + 36) },
    db,
    ib,
    flags: v.getUint32(off + 100),
    blocks: v.getUint32(off + 104),
    gen: v.getUint32(off + 108),
  };
}

/** Encode a disk inode at byte `off` of an inode-table block. */
export function encodeDinode(d: Dinode, buf: Uint8Array, off: number): void {
  const v = view(buf);
  buf.fill(0, off, off + DINODE_SIZE);
  v.setUint16(off, d.mode);
  v.setInt16(off + 2, d.nlink);
  v.setUint16(off + 4, d.uid & 0xffff);
  v.setUint16(off + 6, d.gid & 0xffff);
  v.setUint32(off + 8, d.sizeHigh >>> 0);
  v.setUint32(off + 12, d.size >>> 0);
  v.setUint32(off + 16, d.atime.sec >>> 0);
  v.setUint32(off + 20, d.atime.usec >>> 0);
  v.setUint32(off + 24, d.mtime.sec >>> 0);
  v.setUint32(off + 28, d.mtime.usec >>> 0);
  v.setUint32(off + 32, d.ctime.sec >>> 0);
  v.setUint32(off + 36, d.ctime.usec >>> 0);
  for (let i = 0; i < NDADDR; i++) v.setUint32(off + 40 + 4 * i, d.db[i] >>> 0);
  for (let i = 0; i < NIADDR; i++) v.setUint32(off + 88 + 4 * i, d.ib[i] >>> 0);
  v.setUint32(off + 100, d.flags >>> 0);
  v.setUint32(off + 104, d.blocks >>> 0);
  v.setUint32(off + 108, d.gen >>> 0);
}

/** The layout of a new file system of `size` blocks with `ninode` inodes (rounded up to fill inode blocks). */
export function layout(size: number, ninode: number): Superblock {
  const bits = BSIZE * 8;
  const n = Math.max(INOPB, Math.ceil(ninode / INOPB) * INOPB);
  const imapblk = SBLOCK + 1;
  const imapblks = Math.ceil(n / bits);
  const bmapblk = imapblk + imapblks;
  const bmapblks = Math.ceil(size / bits);
  const iblkno = bmapblk + bmapblks;
  const iblks = n / INOPB;
  const dblkno = iblkno + iblks;
  return {
    fs_magic: FS_MAGIC,
    fs_version: FS_VERSION,
    fs_bsize: BSIZE,
    fs_size: size,
    fs_ninode: n,
    fs_imapblk: imapblk,
    fs_imapblks: imapblks,
    fs_bmapblk: bmapblk,
    fs_bmapblks: bmapblks,
    fs_iblkno: iblkno,
    fs_iblks: iblks,
    fs_dblkno: dblkno,
    fs_nbfree: Math.max(0, size - dblkno),
    fs_nifree: n - FIRST_FREE_INO,
    fs_clean: FS_CLEAN,
    fs_time: 0,
    fs_ctime: 0,
    fs_brotor: dblkno,
    fs_id: [0, 0],
    fs_volname: '',
  };
}
