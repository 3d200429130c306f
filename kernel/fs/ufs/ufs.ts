/**
 * A mounted sun3lab UFS: the operations the kernel's vnode layer builds on.
 * In 4.3BSD terms this file holds ufs_alloc.c (balloc/bfree, ialloc/ifree),
 * ufs_bmap.c, ufs_inode.c (iget/iput/iupdat/itrunc), the data path of
 * ufs_vnops.c (readi/writei) and ufs_lookup.c (directory search, enter,
 * remove, rewrite), plus the name-space operations (create, mkdir, link,
 * unlink, rmdir, rename, symlink, mknod) without permission checks: those
 * need credentials and belong to the layer above.
 *
 * Every failure throws an `Errno` (kernel/errno.ts) carrying the errno a
 * system call returns, as the rest of the kernel does; a damaged file
 * system gives EIO (an FsError with a message), never a host exception.
 *
 * Writes go straight to the device (no buffer cache): block pointers,
 * sizes, link counts and bitmaps are on disk when an operation returns. Only
 * access times and the superblock's free counts wait for `sync`; a file
 * system mounted after a crash recounts the bitmaps.
 */
import {
  EBUSY,
  EEXIST,
  EFBIG,
  EINVAL,
  EIO,
  EISDIR,
  EMLINK,
  ENAMETOOLONG,
  ENOENT,
  ENOSPC,
  ENOTDIR,
  ENOTEMPTY,
  EPERM,
  EROFS,
  Errno,
} from '../../errno.js';
import {
  DIRBLKSIZ,
  type Direct,
  dirsiz,
  emptyChunk,
  MAXNAMLEN,
  parseChunk,
  putDirect,
  setDirIno,
  setDirReclen,
} from './dir.js';
import type { BlockDevice } from './disk.js';
import {
  BSIZE,
  DINODE_SIZE,
  decodeDinode,
  decodeSuperblock,
  encodeDinode,
  encodeSuperblock,
  FIRST_FREE_INO,
  FS_ACTIVE,
  FS_CLEAN,
  FsError,
  IFDIR,
  IFLNK,
  IFMT,
  IFREG,
  INOPB,
  LINK_MAX,
  MAXFILESIZE,
  NDADDR,
  NINDIR,
  NSPB,
  ROOTINO,
  SBLOCK,
  type Superblock,
  type Timeval,
  validType,
} from './fs.js';
import { Inode } from './inode.js';

export interface MountOptions {
  /** Refuse every change (EROFS) and write nothing, not even access times. */
  readonly?: boolean;
  /** The time to stamp on inodes and the superblock (the kernel passes its emulated clock). Default: the epoch. */
  now?: () => Timeval;
  /** Where to report damage found and stepped around (a freed block already free, ...). */
  warn?: (message: string) => void;
}

/** One directory entry as readdir returns it. */
export interface UfsDirent {
  ino: number;
  name: string;
  /** Offset of the entry in the directory. */
  offset: number;
}

export interface Statfs {
  bsize: number;
  /** Data blocks in the file system, and how many are free. */
  blocks: number;
  bfree: number;
  /** Inodes for files (all but the reserved 0 and 1), and how many are free. */
  files: number;
  ffree: number;
  fsid: [number, number];
}

/** Attributes setattr may change. */
export interface SetAttr {
  mode?: number;
  uid?: number;
  gid?: number;
  atime?: Timeval;
  mtime?: Timeval;
}

const EPOCH = (): Timeval => ({ sec: 0, usec: 0 });

function countClear(map: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if ((map[i >> 3] & (1 << (i & 7))) === 0) n++;
  return n;
}

function getU32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function setU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/** A name about to go into a directory: the checks 4.3BSD's namei makes on a component. */
function checkName(name: string): void {
  if (name.length === 0) throw new Errno(ENOENT);
  if (name.length > MAXNAMLEN) throw new Errno(ENAMETOOLONG);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0 || c === 0x2f || c > 0xff) throw new Errno(EINVAL);
  }
}

export class Ufs {
  readonly sb: Superblock;
  readonly ronly: boolean;
  /** Whether the file system was unmounted cleanly before this mount. */
  readonly wasClean: boolean;
  private readonly inodeMap: Uint8Array;
  private readonly blockMap: Uint8Array;
  private readonly icache = new Map<number, Inode>();
  private readonly now: () => Timeval;
  private readonly warn: (message: string) => void;
  private mounted = true;

  private constructor(
    readonly dev: BlockDevice,
    sb: Superblock,
    imap: Uint8Array,
    bmap: Uint8Array,
    opts: MountOptions,
  ) {
    this.sb = sb;
    this.inodeMap = imap;
    this.blockMap = bmap;
    this.ronly = opts.readonly ?? false;
    this.now = opts.now ?? EPOCH;
    this.warn = opts.warn ?? (() => {});
    this.wasClean = sb.fs_clean === FS_CLEAN;
  }

  /**
   * Read and check the superblock and bitmaps of the file system on `dev`.
   * Throws an FsError (EINVAL: not a sun3lab file system or wrong block
   * size; EIO: damaged) with a message saying what is wrong.
   */
  static mount(dev: BlockDevice, opts: MountOptions = {}): Ufs {
    if (dev.blockSize !== BSIZE)
      throw new FsError(EINVAL, `device block size ${dev.blockSize}, the file system needs ${BSIZE}`);
    if (dev.blocks <= SBLOCK) throw new FsError(EINVAL, `device too small (${dev.blocks} blocks)`);
    const buf = new Uint8Array(BSIZE);
    dev.readBlock(SBLOCK, buf);
    const sb = decodeSuperblock(buf, dev.blocks);
    const imap = new Uint8Array(sb.fs_imapblks * BSIZE);
    for (let i = 0; i < sb.fs_imapblks; i++) {
      dev.readBlock(sb.fs_imapblk + i, buf);
      imap.set(buf, i * BSIZE);
    }
    const bmap = new Uint8Array(sb.fs_bmapblks * BSIZE);
    for (let i = 0; i < sb.fs_bmapblks; i++) {
      dev.readBlock(sb.fs_bmapblk + i, buf);
      bmap.set(buf, i * BSIZE);
    }
    const mapProblem = Ufs.checkMaps(sb, imap, bmap);
    if (mapProblem) throw new FsError(EIO, mapProblem);

    const fs = new Ufs(dev, sb, imap, bmap, opts);
    // The bitmaps are the truth; the counts in the superblock are only as
    // fresh as its last write.
    const nbfree = countClear(bmap, sb.fs_dblkno, sb.fs_size);
    const nifree = countClear(imap, FIRST_FREE_INO, sb.fs_ninode);
    if (fs.wasClean && (nbfree !== sb.fs_nbfree || nifree !== sb.fs_nifree))
      fs.warn(
        `free counts in the superblock (${sb.fs_nbfree} blocks, ${sb.fs_nifree} inodes) corrected from the bitmaps (${nbfree}, ${nifree})`,
      );
    sb.fs_nbfree = nbfree;
    sb.fs_nifree = nifree;
    if (sb.fs_brotor < sb.fs_dblkno || sb.fs_brotor >= sb.fs_size) sb.fs_brotor = sb.fs_dblkno;

    const root = fs.iget(ROOTINO);
    const rootIsDir = root.isDir();
    fs.iput(root);
    if (!rootIsDir) throw new FsError(EIO, 'the root inode is not a directory');
    if (!fs.ronly) {
      sb.fs_clean = FS_ACTIVE;
      fs.writeSuperblock();
    }
    return fs;
  }

  /** What is wrong with the reserved bits of the bitmaps, or null. */
  private static checkMaps(sb: Superblock, imap: Uint8Array, bmap: Uint8Array): string | null {
    const set = (m: Uint8Array, i: number) => (m[i >> 3] & (1 << (i & 7))) !== 0;
    for (let i = 0; i < FIRST_FREE_INO; i++)
      if (!set(imap, i)) return `inode bitmap: reserved inode ${i} marked free`;
    for (let i = sb.fs_ninode; i < imap.length * 8; i++)
      if (!set(imap, i)) return `inode bitmap: inode ${i} past the end marked free`;
    for (let b = 0; b < sb.fs_dblkno; b++)
      if (!set(bmap, b)) return `block bitmap: metadata block ${b} marked free`;
    for (let b = sb.fs_size; b < bmap.length * 8; b++)
      if (!set(bmap, b)) return `block bitmap: block ${b} past the end marked free`;
    return null;
  }

  // ---------------------------------------------------------------- superblock

  private writeSuperblock(): void {
    const buf = new Uint8Array(BSIZE);
    this.sb.fs_time = this.now().sec;
    encodeSuperblock(this.sb, buf);
    this.dev.writeBlock(SBLOCK, buf);
  }

  private checkMounted(): void {
    if (!this.mounted) throw new FsError(EIO, 'file system not mounted');
  }

  private checkWritable(): void {
    this.checkMounted();
    if (this.ronly) throw new Errno(EROFS);
  }

  /** Write access times held in core and the superblock (4.3BSD's sync for one file system). */
  sync(): void {
    this.checkMounted();
    if (this.ronly) return;
    for (const ip of this.icache.values()) if (ip.accessed) this.iupdat(ip);
    this.writeSuperblock();
  }

  /**
   * Sync and mark the file system clean. EBUSY while inodes are still
   * referenced, unless `force` (a halting kernel).
   */
  unmount(force = false): void {
    this.checkMounted();
    if (!force) for (const ip of this.icache.values()) if (ip.count > 0) throw new Errno(EBUSY);
    if (!this.ronly) {
      for (const ip of this.icache.values()) if (ip.accessed) this.iupdat(ip);
      this.sb.fs_clean = FS_CLEAN;
      this.writeSuperblock();
    }
    this.icache.clear();
    this.mounted = false;
  }

  statfs(): Statfs {
    const sb = this.sb;
    return {
      bsize: BSIZE,
      blocks: sb.fs_size - sb.fs_dblkno,
      bfree: sb.fs_nbfree,
      files: sb.fs_ninode - FIRST_FREE_INO,
      ffree: sb.fs_nifree,
      fsid: [sb.fs_id[0], sb.fs_id[1]],
    };
  }

  // ---------------------------------------------------------------- blocks

  private mapBlockOf(map: Uint8Array, start: number, bit: number): void {
    const i = Math.floor(bit / (BSIZE * 8));
    this.dev.writeBlock(start + i, map.subarray(i * BSIZE, (i + 1) * BSIZE));
  }

  /** Whether block `bn` is marked in use. */
  isBlockAllocated(bn: number): boolean {
    return (this.blockMap[bn >> 3] & (1 << (bn & 7))) !== 0;
  }

  /** Whether inode `ino` is marked in use. */
  isInodeAllocated(ino: number): boolean {
    return (this.inodeMap[ino >> 3] & (1 << (ino & 7))) !== 0;
  }

  /** Fail with ENOSPC unless `n` blocks are free: operations check before they change anything. */
  private reserve(n: number): void {
    if (this.sb.fs_nbfree < n) throw new Errno(ENOSPC);
  }

  /** Allocate a data block (next fit from the rotor). ENOSPC when none is free. */
  balloc(): number {
    this.checkWritable();
    const sb = this.sb;
    if (sb.fs_nbfree === 0) throw new Errno(ENOSPC);
    const map = this.blockMap;
    const scan = (from: number, to: number): number => {
      let b = from;
      while (b < to) {
        if ((b & 7) === 0 && map[b >> 3] === 0xff) {
          b += 8;
          continue;
        }
        if ((map[b >> 3] & (1 << (b & 7))) === 0) return b;
        b++;
      }
      return -1;
    };
    let bn = scan(sb.fs_brotor, sb.fs_size);
    if (bn < 0) bn = scan(sb.fs_dblkno, sb.fs_brotor);
    if (bn < 0 || bn >= sb.fs_size) {
      this.warn(`free block count ${sb.fs_nbfree} but the bitmap has no free block`);
      sb.fs_nbfree = 0;
      throw new Errno(ENOSPC);
    }
    map[bn >> 3] |= 1 << (bn & 7);
    this.mapBlockOf(map, sb.fs_bmapblk, bn);
    sb.fs_nbfree--;
    sb.fs_brotor = bn + 1 < sb.fs_size ? bn + 1 : sb.fs_dblkno;
    return bn;
  }

  /** Free data block `bn`. A block outside the data area or already free is reported and left alone. */
  bfree(bn: number): void {
    this.checkWritable();
    const sb = this.sb;
    if (bn < sb.fs_dblkno || bn >= sb.fs_size) {
      this.warn(`bfree: block ${bn} is outside the data area`);
      return;
    }
    if (!this.isBlockAllocated(bn)) {
      this.warn(`bfree: freeing free block ${bn}`);
      return;
    }
    this.blockMap[bn >> 3] &= ~(1 << (bn & 7));
    this.mapBlockOf(this.blockMap, sb.fs_bmapblk, bn);
    sb.fs_nbfree++;
  }

  /** A block pointer read from disk: 0 (a hole) or a data block, else the file system is damaged. */
  private checkPtr(ip: Inode, bn: number): number {
    if (bn !== 0 && (bn < this.sb.fs_dblkno || bn >= this.sb.fs_size))
      throw new FsError(EIO, `inode ${ip.ino}: bad block number ${bn}`);
    return bn;
  }

  /** Allocate a block and fill it with zeros (indirect blocks, which must start empty). */
  private ballocZeroed(): number {
    const bn = this.balloc();
    this.dev.writeBlock(bn, new Uint8Array(BSIZE));
    return bn;
  }

  /**
   * The disk block holding logical block `lbn` of a file (4.3BSD's bmap):
   * 0 for a hole. With `alloc`, a hole is filled (and any indirect blocks on
   * the way allocated); `fresh` then says the data block is new, so its old
   * contents are garbage. The caller writes the inode.
   */
  private bmapAlloc(ip: Inode, lbn: number, alloc: boolean): { bn: number; fresh: boolean } {
    if (lbn < 0) throw new Errno(EINVAL);
    if (lbn < NDADDR) {
      const bn = this.checkPtr(ip, ip.db[lbn]);
      if (bn !== 0 || !alloc) return { bn, fresh: false };
      this.reserve(1);
      const nb = this.balloc();
      ip.db[lbn] = nb;
      ip.blocks += NSPB;
      return { bn: nb, fresh: true };
    }
    // Indices into the indirect blocks, outermost first.
    let rest = lbn - NDADDR;
    let slot: number;
    let idx: number[];
    if (rest < NINDIR) {
      slot = 0;
      idx = [rest];
    } else {
      rest -= NINDIR;
      if (rest >= NINDIR * NINDIR) throw new Errno(EFBIG);
      slot = 1;
      idx = [Math.floor(rest / NINDIR), rest % NINDIR];
    }
    let bn = this.checkPtr(ip, ip.ib[slot]);
    let fresh = false;
    if (bn === 0) {
      if (!alloc) return { bn: 0, fresh: false };
      this.reserve(idx.length + 1);
      bn = this.ballocZeroed();
      ip.ib[slot] = bn;
      ip.blocks += NSPB;
      fresh = true;
    }
    const buf = new Uint8Array(BSIZE);
    for (let level = 0; level < idx.length; level++) {
      const last = level === idx.length - 1;
      if (fresh) buf.fill(0);
      else this.dev.readBlock(bn, buf);
      let nb = this.checkPtr(ip, getU32(buf, idx[level] * 4));
      if (nb === 0) {
        if (!alloc) return { bn: 0, fresh: false };
        this.reserve(idx.length - level);
        nb = last ? this.balloc() : this.ballocZeroed();
        ip.blocks += NSPB;
        setU32(buf, idx[level] * 4, nb);
        this.dev.writeBlock(bn, buf);
        fresh = true;
      } else {
        fresh = false;
      }
      bn = nb;
    }
    return { bn, fresh };
  }

  /** The disk block of logical block `lbn` of `ip`, or 0 for a hole (allocating one with `alloc`). */
  bmap(ip: Inode, lbn: number, alloc = false): number {
    this.checkMounted();
    if (alloc) this.checkWritable();
    const r = this.bmapAlloc(ip, lbn, alloc);
    if (r.fresh) {
      this.dev.writeBlock(r.bn, new Uint8Array(BSIZE));
      this.iupdat(ip);
    }
    return r.bn;
  }

  // ---------------------------------------------------------------- inodes

  private inodeBlock(ino: number): { blk: number; off: number } {
    return { blk: this.sb.fs_iblkno + Math.floor(ino / INOPB), off: (ino % INOPB) * DINODE_SIZE };
  }

  /**
   * Get a referenced in-core inode (4.3BSD's iget). EINVAL for a number out
   * of range, EIO for an inode that is free or damaged.
   */
  iget(ino: number): Inode {
    this.checkMounted();
    const cached = this.icache.get(ino);
    if (cached) {
      cached.count++;
      return cached;
    }
    if (!Number.isInteger(ino) || ino < ROOTINO || ino >= this.sb.fs_ninode)
      throw new FsError(EINVAL, `inode number ${ino} out of range`);
    const { blk, off } = this.inodeBlock(ino);
    const buf = new Uint8Array(BSIZE);
    this.dev.readBlock(blk, buf);
    const d = decodeDinode(buf, off);
    if (d.mode === 0 || !this.isInodeAllocated(ino)) throw new FsError(EIO, `inode ${ino} is not in use`);
    if (!validType(d.mode)) throw new FsError(EIO, `inode ${ino}: bad mode 0${d.mode.toString(8)}`);
    if (d.sizeHigh !== 0 || d.size > MAXFILESIZE) throw new FsError(EIO, `inode ${ino}: bad size`);
    if (d.ib[2] !== 0) throw new FsError(EIO, `inode ${ino}: triple indirect block in use`);
    // An inode on disk with no links is one a crash left behind: it is in no directory.
    if (d.nlink <= 0) throw new FsError(EIO, `inode ${ino} has no links`);
    const ip = new Inode(ino, d);
    ip.count = 1;
    this.icache.set(ino, ip);
    return ip;
  }

  /** The root directory, referenced. */
  root(): Inode {
    return this.iget(ROOTINO);
  }

  /**
   * Give back a reference (4.3BSD's iput). With the last one, an inode with
   * no links left is truncated and freed; otherwise a pending access time is
   * written.
   */
  iput(ip: Inode): void {
    if (ip.count <= 0) throw new Error(`iput: inode ${ip.ino} has no references`);
    ip.count--;
    if (ip.count > 0) return;
    this.icache.delete(ip.ino);
    if (!this.mounted || this.ronly) return;
    if (ip.nlink <= 0) {
      this.itruncData(ip, 0);
      this.ifree(ip);
    } else if (ip.accessed) {
      this.iupdat(ip);
    }
  }

  /** Write an in-core inode to its disk inode (4.3BSD's iupdat). */
  iupdat(ip: Inode): void {
    if (this.ronly) return;
    this.checkMounted();
    const { blk, off } = this.inodeBlock(ip.ino);
    const buf = new Uint8Array(BSIZE);
    this.dev.readBlock(blk, buf);
    encodeDinode(ip, buf, off);
    this.dev.writeBlock(blk, buf);
    ip.accessed = false;
  }

  /**
   * Allocate an inode of the given mode, owner and group (4.3BSD's ialloc):
   * the lowest free number, link count 0 (the caller enters it in a
   * directory), times now, a new generation number. Referenced. ENOSPC when
   * none is free.
   */
  ialloc(mode: number, uid: number, gid: number): Inode {
    this.checkWritable();
    if (!validType(mode)) throw new Errno(EINVAL);
    const sb = this.sb;
    if (sb.fs_nifree === 0) throw new Errno(ENOSPC);
    const map = this.inodeMap;
    let ino = -1;
    for (let i = FIRST_FREE_INO; i < sb.fs_ninode; i++) {
      if ((i & 7) === 0 && map[i >> 3] === 0xff) {
        i += 7;
        continue;
      }
      if ((map[i >> 3] & (1 << (i & 7))) === 0 && !this.icache.has(i)) {
        ino = i;
        break;
      }
    }
    if (ino < 0) {
      this.warn(`free inode count ${sb.fs_nifree} but the bitmap has no free inode`);
      sb.fs_nifree = 0;
      throw new Errno(ENOSPC);
    }
    const { blk, off } = this.inodeBlock(ino);
    const buf = new Uint8Array(BSIZE);
    this.dev.readBlock(blk, buf);
    const old = decodeDinode(buf, off);
    if (old.mode !== 0) this.warn(`ialloc: free inode ${ino} has mode 0${old.mode.toString(8)}; reused`);
    map[ino >> 3] |= 1 << (ino & 7);
    this.mapBlockOf(map, sb.fs_imapblk, ino);
    sb.fs_nifree--;
    const ip = new Inode(ino);
    const t = this.now();
    ip.mode = mode;
    ip.uid = uid & 0xffff;
    ip.gid = gid & 0xffff;
    ip.atime = { ...t };
    ip.mtime = { ...t };
    ip.ctime = { ...t };
    ip.gen = (old.gen + 1) >>> 0;
    ip.count = 1;
    this.icache.set(ino, ip);
    this.iupdat(ip);
    return ip;
  }

  /** Free an inode whose blocks are already gone (4.3BSD's ifree). The generation number stays on disk. */
  private ifree(ip: Inode): void {
    ip.mode = 0;
    ip.nlink = 0;
    this.iupdat(ip);
    const ino = ip.ino;
    if ((this.inodeMap[ino >> 3] & (1 << (ino & 7))) === 0) {
      this.warn(`ifree: freeing free inode ${ino}`);
      return;
    }
    this.inodeMap[ino >> 3] &= ~(1 << (ino & 7));
    this.mapBlockOf(this.inodeMap, this.sb.fs_imapblk, ino);
    this.sb.fs_nifree++;
  }

  /** Change attributes; the inode change time becomes now. */
  setattr(ip: Inode, a: SetAttr): void {
    this.checkWritable();
    if (a.mode !== undefined) ip.mode = (ip.mode & IFMT) | (a.mode & 0o7777);
    if (a.uid !== undefined) ip.uid = a.uid & 0xffff;
    if (a.gid !== undefined) ip.gid = a.gid & 0xffff;
    if (a.atime !== undefined) ip.atime = { ...a.atime };
    if (a.mtime !== undefined) ip.mtime = { ...a.mtime };
    ip.ctime = this.now();
    this.iupdat(ip);
  }

  // ---------------------------------------------------------------- file data

  private checkData(ip: Inode): void {
    if (!ip.hasData()) throw new Errno(EINVAL);
  }

  /**
   * Read from `off` into `buf`: returns the bytes read (fewer at the end of
   * the file, 0 at or past it). Holes read as zeros. Marks the access time.
   */
  readi(ip: Inode, off: number, buf: Uint8Array): number {
    this.checkMounted();
    this.checkData(ip);
    if (!Number.isInteger(off) || off < 0) throw new Errno(EINVAL);
    if (off >= ip.size) return 0;
    const n = Math.min(buf.length, ip.size - off);
    const scratch = new Uint8Array(BSIZE);
    let done = 0;
    while (done < n) {
      const pos = off + done;
      const lbn = Math.floor(pos / BSIZE);
      const boff = pos % BSIZE;
      const cnt = Math.min(BSIZE - boff, n - done);
      const bn = this.bmapAlloc(ip, lbn, false).bn;
      if (bn === 0) buf.fill(0, done, done + cnt);
      else if (cnt === BSIZE) this.dev.readBlock(bn, buf.subarray(done, done + BSIZE));
      else {
        this.dev.readBlock(bn, scratch);
        buf.set(scratch.subarray(boff, boff + cnt), done);
      }
      done += cnt;
    }
    if (!this.ronly) {
      ip.atime = this.now();
      ip.accessed = true;
    }
    return n;
  }

  /**
   * Write `data` at `off`, filling holes and growing the file: returns the
   * bytes written. Running out of space part way returns the bytes written
   * so far, or ENOSPC if none were; past the largest file size, EFBIG.
   */
  writei(ip: Inode, off: number, data: Uint8Array): number {
    this.checkWritable();
    this.checkData(ip);
    if (!Number.isInteger(off) || off < 0) throw new Errno(EINVAL);
    if (data.length === 0) return 0;
    if (off >= MAXFILESIZE) throw new Errno(EFBIG);
    const n = Math.min(data.length, MAXFILESIZE - off);
    const scratch = new Uint8Array(BSIZE);
    let done = 0;
    try {
      while (done < n) {
        const pos = off + done;
        const lbn = Math.floor(pos / BSIZE);
        const boff = pos % BSIZE;
        const cnt = Math.min(BSIZE - boff, n - done);
        let r: { bn: number; fresh: boolean };
        try {
          r = this.bmapAlloc(ip, lbn, true);
        } catch (e) {
          if (e instanceof Errno && e.errno === ENOSPC && done > 0) break;
          throw e;
        }
        if (cnt === BSIZE) this.dev.writeBlock(r.bn, data.subarray(done, done + BSIZE));
        else {
          if (r.fresh) scratch.fill(0);
          else this.dev.readBlock(r.bn, scratch);
          scratch.set(data.subarray(done, done + cnt), boff);
          this.dev.writeBlock(r.bn, scratch);
        }
        done += cnt;
        if (off + done > ip.size) ip.size = off + done;
      }
    } finally {
      if (done > 0) {
        const t = this.now();
        ip.mtime = t;
        ip.ctime = { ...t };
      }
      this.iupdat(ip);
    }
    return done;
  }

  /**
   * Set the length of a file (4.3BSD's itrunc): shrinking frees the blocks
   * past the new end (and indirect blocks left empty) and zeros the rest of
   * the last block; growing leaves a hole.
   */
  itrunc(ip: Inode, length: number): void {
    this.checkWritable();
    if (!Number.isInteger(length) || length < 0) throw new Errno(EINVAL);
    if (length > MAXFILESIZE) throw new Errno(EFBIG);
    if (!ip.hasData()) throw new Errno(EINVAL);
    this.itruncData(ip, length);
  }

  private itruncData(ip: Inode, length: number): void {
    if (!ip.hasData()) {
      // Devices keep their number in di_db[0]; fifos and sockets hold nothing.
      ip.size = 0;
      ip.db.fill(0);
      ip.ib.fill(0);
      ip.blocks = 0;
      this.iupdat(ip);
      return;
    }
    if (length < ip.size) {
      if (length % BSIZE !== 0) {
        const bn = this.bmapAlloc(ip, Math.floor(length / BSIZE), false).bn;
        if (bn !== 0) {
          const buf = new Uint8Array(BSIZE);
          this.dev.readBlock(bn, buf);
          buf.fill(0, length % BSIZE);
          this.dev.writeBlock(bn, buf);
        }
      }
      const last = Math.ceil(length / BSIZE) - 1; // last logical block kept (-1: none)
      for (let i = NDADDR - 1; i > last; i--) {
        if (ip.db[i] !== 0) {
          this.freeData(ip, ip.db[i]);
          ip.db[i] = 0;
        }
      }
      if (ip.ib[0] !== 0 && this.truncIndirect(ip, ip.ib[0], 1, NDADDR, last)) ip.ib[0] = 0;
      if (ip.ib[1] !== 0 && this.truncIndirect(ip, ip.ib[1], 2, NDADDR + NINDIR, last)) ip.ib[1] = 0;
    }
    ip.size = length;
    const t = this.now();
    ip.mtime = t;
    ip.ctime = { ...t };
    this.iupdat(ip);
  }

  private freeData(ip: Inode, bn: number): void {
    if (bn < this.sb.fs_dblkno || bn >= this.sb.fs_size) {
      this.warn(`inode ${ip.ino}: bad block number ${bn} dropped`);
      return;
    }
    this.bfree(bn);
    ip.blocks = Math.max(0, ip.blocks - NSPB);
  }

  /**
   * Free what indirect block `bn` (covering logical blocks from `base`, at
   * `level` 1 or 2) maps past logical block `last`. Returns true when the
   * whole block went and the pointer to it must be cleared.
   */
  private truncIndirect(ip: Inode, bn: number, level: number, base: number, last: number): boolean {
    if (bn < this.sb.fs_dblkno || bn >= this.sb.fs_size) {
      this.warn(`inode ${ip.ino}: bad indirect block number ${bn} dropped`);
      return true;
    }
    const span = level === 1 ? 1 : NINDIR;
    const buf = new Uint8Array(BSIZE);
    this.dev.readBlock(bn, buf);
    let changed = false;
    for (let i = 0; i < NINDIR; i++) {
      const child = getU32(buf, i * 4);
      if (child === 0) continue;
      const childBase = base + i * span;
      if (childBase + span - 1 <= last) continue; // wholly kept
      let gone = true;
      if (level === 1) this.freeData(ip, child);
      else gone = this.truncIndirect(ip, child, 1, childBase, last);
      if (gone) {
        setU32(buf, i * 4, 0);
        changed = true;
      }
    }
    if (last < base) {
      this.freeData(ip, bn);
      return true;
    }
    if (changed) this.dev.writeBlock(bn, buf);
    return false;
  }

  // ---------------------------------------------------------------- directories

  /**
   * Visit the chunks of directory `dp`, with the block buffer holding each.
   * `fn` returns true to stop; `dirty` tells the caller to write the block
   * back. Returns whether a visit stopped early.
   */
  private scanDir(
    dp: Inode,
    fn: (entries: Direct[], buf: Uint8Array, chunkOff: number, bn: number) => boolean,
  ): boolean {
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    if (dp.size % DIRBLKSIZ !== 0) throw new FsError(EIO, `directory ${dp.ino}: size ${dp.size}`);
    const buf = new Uint8Array(BSIZE);
    const nblocks = Math.ceil(dp.size / BSIZE);
    for (let lbn = 0; lbn < nblocks; lbn++) {
      const bn = this.bmapAlloc(dp, lbn, false).bn;
      if (bn === 0) throw new FsError(EIO, `directory ${dp.ino}: hole at block ${lbn}`);
      this.dev.readBlock(bn, buf);
      const inBlock = Math.min(BSIZE, dp.size - lbn * BSIZE);
      for (let c = 0; c < inBlock; c += DIRBLKSIZ) {
        const base = lbn * BSIZE + c;
        const entries = parseChunk(buf, c, base, this.sb.fs_ninode);
        if (typeof entries === 'string') throw new FsError(EIO, `directory ${dp.ino}: ${entries}`);
        if (fn(entries, buf, c, bn)) return true;
      }
    }
    return false;
  }

  /** The inode number `name` has in directory `dp` (4.3BSD's ufs_lookup). ENOENT if it has none. */
  lookup(dp: Inode, name: string): number {
    this.checkMounted();
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    if (name.length > MAXNAMLEN) throw new Errno(ENAMETOOLONG);
    let ino = 0;
    this.scanDir(dp, (entries) => {
      for (const e of entries)
        if (e.ino !== 0 && e.name === name) {
          ino = e.ino;
          return true;
        }
      return false;
    });
    if (ino === 0) throw new Errno(ENOENT);
    return ino;
  }

  /** Like lookup, but 0 when the name is not there. */
  private lookupOrZero(dp: Inode, name: string): number {
    try {
      return this.lookup(dp, name);
    } catch (e) {
      if (e instanceof Errno && e.errno === ENOENT) return 0;
      throw e;
    }
  }

  /**
   * Entries of directory `dp` from byte offset `cookie` (0, or a `next`
   * from an earlier call), at most `max` of them; unused slots are skipped.
   * `next` is where to continue (the directory's size once all are read).
   */
  readdir(dp: Inode, cookie = 0, max = Number.POSITIVE_INFINITY): { entries: UfsDirent[]; next: number } {
    this.checkMounted();
    if (!Number.isInteger(cookie) || cookie < 0) throw new Errno(EINVAL);
    const entries: UfsDirent[] = [];
    let next = dp.size;
    this.scanDir(dp, (chunk) => {
      for (const e of chunk) {
        if (e.offset < cookie || e.ino === 0) continue;
        if (entries.length >= max) {
          next = e.offset;
          return true;
        }
        entries.push({ ino: e.ino, name: e.name, offset: e.offset });
      }
      return false;
    });
    return { entries, next: Math.max(next, cookie) };
  }

  /** Whether directory `ip` holds nothing but "." and "..". */
  dirempty(ip: Inode): boolean {
    this.checkMounted();
    return !this.scanDir(ip, (entries) =>
      entries.some((e) => e.ino !== 0 && e.name !== '.' && e.name !== '..'),
    );
  }

  /**
   * Enter `name` → `ino` in directory `dp` (4.3BSD's direnter): into the
   * first slot with room, else a new 512-byte chunk at the end. The caller
   * has checked the name is not there. ENOSPC if the directory must grow and
   * cannot; nothing has changed then.
   */
  direnter(dp: Inode, name: string, ino: number): void {
    this.checkWritable();
    checkName(name);
    const need = dirsiz(name.length);
    const done = this.scanDir(dp, (entries, buf, c, bn) => {
      for (const e of entries) {
        const used = e.ino === 0 ? 0 : dirsiz(e.namlen);
        if (e.reclen - used < need) continue;
        const at = c + (e.offset % DIRBLKSIZ);
        if (e.ino === 0) putDirect(buf, at, ino, e.reclen, name);
        else {
          setDirReclen(buf, at, used);
          putDirect(buf, at + used, ino, e.reclen - used, name);
        }
        this.dev.writeBlock(bn, buf);
        return true;
      }
      return false;
    });
    if (!done) {
      if (dp.size + DIRBLKSIZ > MAXFILESIZE) throw new Errno(EFBIG);
      const lbn = Math.floor(dp.size / BSIZE);
      const r = this.bmapAlloc(dp, lbn, true);
      const buf = new Uint8Array(BSIZE);
      if (!r.fresh) this.dev.readBlock(r.bn, buf);
      const c = dp.size % BSIZE;
      emptyChunk(buf, c);
      putDirect(buf, c, ino, DIRBLKSIZ, name);
      this.dev.writeBlock(r.bn, buf);
      dp.size += DIRBLKSIZ;
    }
    const t = this.now();
    dp.mtime = t;
    dp.ctime = { ...t };
    this.iupdat(dp);
  }

  /**
   * Remove `name` from directory `dp` (4.3BSD's dirremove): the first entry
   * of a chunk is marked unused, any other is merged into the one before.
   * Returns the inode number the name had. ENOENT if it is not there.
   */
  dirremove(dp: Inode, name: string): number {
    this.checkWritable();
    let ino = 0;
    this.scanDir(dp, (entries, buf, c, bn) => {
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e.ino === 0 || e.name !== name) continue;
        ino = e.ino;
        const at = c + (e.offset % DIRBLKSIZ);
        if (i === 0) {
          putDirect(buf, at, 0, e.reclen, '');
        } else {
          const prev = entries[i - 1];
          setDirReclen(buf, c + (prev.offset % DIRBLKSIZ), prev.reclen + e.reclen);
        }
        this.dev.writeBlock(bn, buf);
        return true;
      }
      return false;
    });
    if (ino === 0) throw new Errno(ENOENT);
    const t = this.now();
    dp.mtime = t;
    dp.ctime = { ...t };
    this.iupdat(dp);
    return ino;
  }

  /** Point the existing entry `name` of `dp` at inode `ino` (4.3BSD's dirrewrite). */
  dirrewrite(dp: Inode, name: string, ino: number): void {
    this.checkWritable();
    const found = this.scanDir(dp, (entries, buf, c, bn) => {
      for (const e of entries) {
        if (e.ino === 0 || e.name !== name) continue;
        setDirIno(buf, c + (e.offset % DIRBLKSIZ), ino);
        this.dev.writeBlock(bn, buf);
        return true;
      }
      return false;
    });
    if (!found) throw new Errno(ENOENT);
    const t = this.now();
    dp.mtime = t;
    dp.ctime = { ...t };
    this.iupdat(dp);
  }

  // ---------------------------------------------------------------- name space

  /** Checks before a new name goes into `dp`: a live directory, a valid name not yet there. */
  private checkNew(dp: Inode, name: string): void {
    this.checkWritable();
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    checkName(name);
    if (dp.nlink <= 0) throw new Errno(ENOENT); // a removed directory
    if (this.lookupOrZero(dp, name) !== 0) throw new Errno(EEXIST);
  }

  /** Enter a fresh inode (link count 0) under `name`, or free it if that fails. */
  private enterNew(dp: Inode, name: string, ip: Inode): Inode {
    try {
      this.direnter(dp, name, ip.ino);
    } catch (e) {
      this.iput(ip);
      throw e;
    }
    ip.nlink = ip.isDir() ? 2 : 1;
    this.iupdat(ip);
    return ip;
  }

  /**
   * Make a file of any type but directory under `name` in `dp` (4.3BSD's
   * maknode): mode holds the type (IFREG if none) and permissions; `rdev` is
   * a device's number. EEXIST if the name is taken. Returns it referenced.
   */
  mknod(dp: Inode, name: string, mode: number, rdev: number, uid: number, gid: number): Inode {
    this.checkNew(dp, name);
    if ((mode & IFMT) === 0) mode |= IFREG;
    if ((mode & IFMT) === IFDIR) throw new Errno(EINVAL);
    const ip = this.ialloc(mode, uid, gid);
    if (!ip.hasData()) ip.db[0] = rdev >>> 0;
    return this.enterNew(dp, name, ip);
  }

  /** A regular file under `name` in `dp` (creat with O_EXCL; the layer above handles an existing name). */
  create(dp: Inode, name: string, mode: number, uid: number, gid: number): Inode {
    return this.mknod(dp, name, IFREG | (mode & 0o7777), 0, uid, gid);
  }

  /** A symbolic link `name` → `target` in `dp`. */
  symlink(dp: Inode, name: string, target: string, uid: number, gid: number): Inode {
    this.checkNew(dp, name);
    if (target.length === 0) throw new Errno(ENOENT);
    const bytes = new Uint8Array(target.length);
    for (let i = 0; i < target.length; i++) {
      const c = target.charCodeAt(i);
      if (c > 0xff || c === 0) throw new Errno(EINVAL);
      bytes[i] = c;
    }
    if (bytes.length > BSIZE) throw new Errno(ENAMETOOLONG);
    this.reserve(1);
    const ip = this.ialloc(IFLNK | 0o777, uid, gid);
    try {
      this.writei(ip, 0, bytes);
    } catch (e) {
      this.iput(ip);
      throw e;
    }
    return this.enterNew(dp, name, ip);
  }

  /** The target of symbolic link `ip`. */
  readlink(ip: Inode): string {
    if (!ip.isLnk()) throw new Errno(EINVAL);
    const buf = new Uint8Array(ip.size);
    const n = this.readi(ip, 0, buf);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(buf[i]);
    return s;
  }

  /** A directory under `name` in `dp`, holding "." and "..". Returns it referenced. */
  mkdir(dp: Inode, name: string, mode: number, uid: number, gid: number): Inode {
    this.checkNew(dp, name);
    if (dp.nlink >= LINK_MAX) throw new Errno(EMLINK);
    this.reserve(1);
    const ip = this.ialloc(IFDIR | (mode & 0o7777), uid, gid);
    try {
      const r = this.bmapAlloc(ip, 0, true);
      const buf = new Uint8Array(BSIZE);
      putDirect(buf, 0, ip.ino, dirsiz(1), '.');
      putDirect(buf, dirsiz(1), dp.ino, DIRBLKSIZ - dirsiz(1), '..');
      this.dev.writeBlock(r.bn, buf);
      ip.size = DIRBLKSIZ;
      this.iupdat(ip);
    } catch (e) {
      this.iput(ip);
      throw e;
    }
    this.enterNew(dp, name, ip);
    dp.nlink++;
    this.iupdat(dp);
    return ip;
  }

  /** Another name for `ip` in `dp`. Directories cannot be linked (EPERM). */
  link(dp: Inode, name: string, ip: Inode): void {
    this.checkNew(dp, name);
    if (ip.isDir()) throw new Errno(EPERM);
    if (ip.nlink <= 0) throw new Errno(ENOENT);
    if (ip.nlink >= LINK_MAX) throw new Errno(EMLINK);
    this.direnter(dp, name, ip.ino);
    ip.nlink++;
    ip.ctime = this.now();
    this.iupdat(ip);
  }

  /** Remove the name of a file that is not a directory (EPERM for one). */
  unlink(dp: Inode, name: string): void {
    this.checkWritable();
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    if (name === '.' || name === '..') throw new Errno(EPERM);
    const ip = this.iget(this.lookup(dp, name));
    try {
      if (ip.isDir()) throw new Errno(EPERM);
      this.dirremove(dp, name);
      ip.nlink--;
      ip.ctime = this.now();
      this.iupdat(ip);
    } finally {
      this.iput(ip);
    }
  }

  /** Remove an empty directory: ENOTDIR, ENOTEMPTY, EBUSY for the root, EINVAL for ".". */
  rmdir(dp: Inode, name: string): void {
    this.checkWritable();
    if (!dp.isDir()) throw new Errno(ENOTDIR);
    if (name === '.') throw new Errno(EINVAL);
    if (name === '..') throw new Errno(ENOTEMPTY);
    const ip = this.iget(this.lookup(dp, name));
    try {
      if (!ip.isDir()) throw new Errno(ENOTDIR);
      if (ip.ino === ROOTINO) throw new Errno(EBUSY);
      if (!this.dirempty(ip)) throw new Errno(ENOTEMPTY);
      this.dirremove(dp, name);
      dp.nlink--;
      this.iupdat(dp);
      // Its "." and ".." go now, so nothing can be created in it through a
      // reference someone still holds (a current directory).
      ip.nlink = 0;
      this.itruncData(ip, 0);
    } finally {
      this.iput(ip);
    }
  }

  /** EINVAL if directory `tdp` is `ip` or lies under it (a directory cannot move into itself). */
  private checkPath(ip: Inode, tdp: Inode): void {
    let ino = tdp.ino;
    for (let steps = 0; ino !== ROOTINO; steps++) {
      if (ino === ip.ino) throw new Errno(EINVAL);
      if (steps > this.sb.fs_ninode) throw new FsError(EIO, 'directory loop');
      const dp = this.iget(ino);
      try {
        const up = this.lookup(dp, '..');
        if (up === ino) break;
        ino = up;
      } finally {
        this.iput(dp);
      }
    }
    if (ino === ip.ino) throw new Errno(EINVAL);
  }

  /**
   * Rename `fname` in `fdp` to `tname` in `tdp` (4.3BSD's rename, less the
   * locking a single-threaded kernel does not need). An existing target is
   * replaced: a file by a file, an empty directory by a directory.
   */
  rename(fdp: Inode, fname: string, tdp: Inode, tname: string): void {
    this.checkWritable();
    if (!fdp.isDir() || !tdp.isDir()) throw new Errno(ENOTDIR);
    if (fname === '.' || fname === '..' || tname === '.' || tname === '..') throw new Errno(EINVAL);
    checkName(tname);
    const ip = this.iget(this.lookup(fdp, fname));
    try {
      const isdir = ip.isDir();
      const moved = isdir && fdp.ino !== tdp.ino;
      if (tdp.nlink <= 0) throw new Errno(ENOENT);
      if (moved) this.checkPath(ip, tdp);
      const xino = this.lookupOrZero(tdp, tname);
      if (xino === ip.ino) return;
      if (xino !== 0) {
        const xp = this.iget(xino);
        try {
          if (isdir) {
            if (!xp.isDir()) throw new Errno(ENOTDIR);
            if (!this.dirempty(xp)) throw new Errno(ENOTEMPTY);
          } else if (xp.isDir()) throw new Errno(EISDIR);
          this.dirrewrite(tdp, tname, ip.ino);
          if (xp.isDir()) {
            xp.nlink = 0;
            tdp.nlink--;
            this.itruncData(xp, 0);
          } else {
            xp.nlink--;
            xp.ctime = this.now();
            this.iupdat(xp);
          }
        } finally {
          this.iput(xp);
        }
      } else {
        if (moved && tdp.nlink >= LINK_MAX) throw new Errno(EMLINK);
        this.direnter(tdp, tname, ip.ino);
      }
      if (moved) {
        tdp.nlink++;
        this.iupdat(tdp);
      } else if (xino !== 0 && isdir) {
        this.iupdat(tdp);
      }
      this.dirremove(fdp, fname);
      if (moved) {
        this.dirrewrite(ip, '..', tdp.ino);
        fdp.nlink--;
        this.iupdat(fdp);
      }
      ip.ctime = this.now();
      this.iupdat(ip);
    } finally {
      this.iput(ip);
    }
  }
}
