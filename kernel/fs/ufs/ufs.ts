/**
 * A mounted sun3lab UFS, the class the kernel's vnode layer
 * (kernel/fs/ufs_vnops.ts) and the host tools use: mounting it (4.3BSD's
 * ufs_mount.c), writing its state back (sync; 4.3BSD's update) and
 * unmounting it. Ufs is the top of a stack of layers, one a file, that
 * follow 4.3BSD's files: ufs_alloc.ts (blocks and inodes from the free
 * maps), ufs_bmap.ts, ufs_inode.ts (iget, iput, itrunc), ufs_rdwri.ts
 * (readi, writei), ufs_lookup.ts (directories) and ufs_namespace.ts
 * (create, mkdir, link, unlink, rename...). It knows nothing of vnodes,
 * processes or credentials.
 *
 * Every failure throws an `Errno` (kernel/errno.ts) carrying the errno a
 * system call returns, as the rest of the kernel does; a damaged file
 * system gives EIO (an FsError with a message), never a host exception.
 *
 * Every block goes through the buffer cache (kernel/fs/bio.ts). Metadata
 * — block pointers, link counts, directories, bitmaps — and every block a
 * file gets new are written before an operation returns, in an order a
 * crash can survive; a rewrite of a block a regular file already had waits
 * in the cache for `sync` or `fsync` (a delayed write). README.md has the
 * whole story.
 */
import { EBUSY, EINVAL, EIO, Errno } from '../../errno.js';
import { BufPool } from '../bio.js';
import type { BlockDevice } from './disk.js';
import {
  BSIZE,
  DINODE_SIZE,
  decodeDinode,
  decodeSuperblock,
  FIRST_FREE_INO,
  FS_ACTIVE,
  FS_CLEAN,
  FsError,
  INOPB,
  ROOTINO,
  SBLOCK,
  type Superblock,
  type Timeval,
} from './fs.js';
import { UfsNamespace } from './ufs_namespace.js';

export interface MountOptions {
  /** Refuse every change (EROFS) and write nothing, not even access times. */
  readonly?: boolean;
  /** The time to stamp on inodes and the superblock (the kernel passes its emulated clock). Default: the epoch. */
  now?: () => Timeval;
  /** Where to report damage found and stepped around (a freed block already free, ...). */
  warn?: (message: string) => void;
  /** The buffer cache to use: the kernel's, shared by its file systems (default: a pool of this file system's own). */
  bufs?: BufPool;
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

function countClear(map: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; ) {
    // Whole bytes at a time where they lie inside the range (mounting reads every bit of both maps).
    if ((i & 7) === 0 && i + 8 <= to && (map[i >> 3] === 0xff || map[i >> 3] === 0)) {
      if (map[i >> 3] === 0) n += 8;
      i += 8;
      continue;
    }
    if ((map[i >> 3] & (1 << (i & 7))) === 0) n++;
    i++;
  }
  return n;
}

/** The first bit from `from` up to `to` (not included) that is clear, or -1. */
function firstClear(map: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; ) {
    if ((i & 7) === 0 && i + 8 <= to && map[i >> 3] === 0xff) {
      i += 8;
      continue;
    }
    if ((map[i >> 3] & (1 << (i & 7))) === 0) return i;
    i++;
  }
  return -1;
}

export class Ufs extends UfsNamespace {
  /** fsck has checked it since it was mounted (markChecked). */
  private checked = false;

  /**
   * Read and check the superblock and bitmaps of the file system on `dev`.
   * Throws an FsError (EINVAL: not a sun3lab file system or wrong block
   * size; EIO: damaged) with a message saying what is wrong.
   */
  static mount(dev: BlockDevice, opts: MountOptions = {}): Ufs {
    const bufs = opts.bufs ?? new BufPool();
    const { sb, imap, bmap } = Ufs.readState(dev, bufs);
    const fs = new Ufs(dev, sb, imap, bmap, { ...opts, bufs });
    fs.countFree();
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

  /**
   * Read and check the superblock and the bitmaps (mount and remount).
   * Nothing of the device may be in the buffer pool from before: the disk
   * may have changed since (another mount, fsck through the raw device).
   */
  private static readState(
    dev: BlockDevice,
    bufs: BufPool,
  ): { sb: Superblock; imap: Uint8Array; bmap: Uint8Array } {
    if (dev.blockSize !== BSIZE)
      throw new FsError(EINVAL, `device block size ${dev.blockSize}, the file system needs ${BSIZE}`);
    if (dev.blocks <= SBLOCK) throw new FsError(EINVAL, `device too small (${dev.blocks} blocks)`);
    bufs.binvalDev(dev);
    const readRegion = (start: number, count: number): Uint8Array => {
      const out = new Uint8Array(count * BSIZE);
      for (let i = 0; i < count; i++) {
        const bp = bufs.bread(dev, start + i);
        out.set(bp.data, i * BSIZE);
        bufs.brelse(bp);
      }
      return out;
    };
    const sb = decodeSuperblock(readRegion(SBLOCK, 1), dev.blocks);
    const imap = readRegion(sb.fs_imapblk, sb.fs_imapblks);
    const bmap = readRegion(sb.fs_bmapblk, sb.fs_bmapblks);
    const mapProblem = Ufs.checkMaps(sb, imap, bmap);
    if (mapProblem) throw new FsError(EIO, mapProblem);
    return { sb, imap, bmap };
  }

  /**
   * The bitmaps are the truth; the counts in the superblock are only as
   * fresh as its last write.
   */
  private countFree(): void {
    const sb = this.sb;
    const nbfree = countClear(this.blockMap, sb.fs_dblkno, sb.fs_size);
    const nifree = countClear(this.inodeMap, FIRST_FREE_INO, sb.fs_ninode);
    if (this.wasClean && (nbfree !== sb.fs_nbfree || nifree !== sb.fs_nifree))
      this.warn(
        `free counts in the superblock (${sb.fs_nbfree} blocks, ${sb.fs_nifree} inodes) corrected from the bitmaps (${nbfree}, ${nifree})`,
      );
    sb.fs_nbfree = nbfree;
    sb.fs_nifree = nifree;
    if (sb.fs_brotor < sb.fs_dblkno || sb.fs_brotor >= sb.fs_size) sb.fs_brotor = sb.fs_dblkno;
  }

  /**
   * Switch a mounted file system between read-only and read-write (SunOS's
   * M_REMOUNT). Made writable, it reads its superblock and bitmaps from the
   * disk again: a file system is mounted read-only so that fsck can check
   * (and mend) it through the raw device, and what is in core must be what
   * fsck left. (An inode fsck changed that is in core stays stale: after a
   * repair of the root, /etc/rc reboots instead.) Made read-only, it is
   * written back and marked clean if it is (as at unmount); EBUSY while a
   * file that has no links is still open, since it could not be freed then.
   */
  remount(readonly: boolean): void {
    this.checkMounted();
    if (readonly === this.ronly) return;
    if (readonly) {
      for (const ip of this.icache.values()) if (ip.count > 0 && ip.nlink <= 0) throw new Errno(EBUSY);
      this.sync();
      const clean = (this.wasClean || this.checked) && !this.hasUnlinkedInodes();
      this.sb.fs_clean = clean ? FS_CLEAN : FS_ACTIVE;
      this.writeSuperblock();
      this.dev.flush();
      this.setState(this.sb, this.inodeMap, this.blockMap, true);
      this.wasClean = clean;
      this.checked = false;
      return;
    }
    const { sb, imap, bmap } = Ufs.readState(this.dev, this.bufs);
    if (sb.fs_size !== this.sb.fs_size || sb.fs_ninode !== this.sb.fs_ninode)
      throw new FsError(EINVAL, 'the file system changed size under a read-only mount');
    this.setState(sb, imap, bmap, false);
    this.checked = false;
    this.countFree();
    sb.fs_clean = FS_ACTIVE;
    this.writeSuperblock();
  }

  /** What is wrong with the reserved bits of the bitmaps, or null. */
  private static checkMaps(sb: Superblock, imap: Uint8Array, bmap: Uint8Array): string | null {
    let i = firstClear(imap, 0, FIRST_FREE_INO);
    if (i >= 0) return `inode bitmap: reserved inode ${i} marked free`;
    i = firstClear(imap, sb.fs_ninode, imap.length * 8);
    if (i >= 0) return `inode bitmap: inode ${i} past the end marked free`;
    i = firstClear(bmap, 0, sb.fs_dblkno);
    if (i >= 0) return `block bitmap: metadata block ${i} marked free`;
    i = firstClear(bmap, sb.fs_size, bmap.length * 8);
    if (i >= 0) return `block bitmap: block ${i} past the end marked free`;
    return null;
  }

  // ---------------------------------------------------------------- sync and unmount

  /**
   * Write everything held in core to the disk (4.3BSD's update, for one
   * file system): the delayed writes, then the inodes changed since they
   * were last written (times, sizes grown by delayed writes), then the
   * superblock; and ask the device to make it all durable.
   */
  sync(): void {
    this.checkMounted();
    if (this.ronly) return;
    this.bufs.bflush(this.dev);
    for (const ip of this.icache.values()) if (ip.accessed || ip.modified) this.iupdat(ip);
    this.writeSuperblock();
    this.dev.flush();
  }

  /**
   * The file system was checked (by fsck) since it was mounted: it may be
   * marked clean at unmount even though it was not clean when mounted.
   */
  markChecked(): void {
    this.checked = true;
  }

  /**
   * Sync and unmount. EBUSY while inodes are still referenced, unless
   * `force` (a halting kernel). Returns whether the file system was marked
   * clean: only if it was clean when mounted (or checked since), no inode
   * is still referenced, and no inode is allocated with no links (a file
   * removed while open, and never closed). Anything else is left for fsck.
   * A read-only file system is not written; it is as clean as it was.
   */
  unmount(force = false): boolean {
    this.checkMounted();
    let busy = false;
    for (const ip of this.icache.values()) if (ip.count > 0) busy = true;
    if (busy && !force) throw new Errno(EBUSY);
    let clean = this.wasClean;
    if (!this.ronly) {
      this.bufs.bflush(this.dev);
      for (const ip of this.icache.values()) if (ip.accessed || ip.modified) this.iupdat(ip);
      clean = (this.wasClean || this.checked) && !busy && !this.hasUnlinkedInodes();
      this.sb.fs_clean = clean ? FS_CLEAN : FS_ACTIVE;
      this.writeSuperblock();
      this.dev.flush();
    }
    this.bufs.binvalDev(this.dev);
    this.icache.clear();
    this.mounted = false;
    return clean;
  }

  /** Whether an allocated inode on the disk has a link count of 0 (removed, still open when it was last written). */
  private hasUnlinkedInodes(): boolean {
    const sb = this.sb;
    for (let b = 0; b < sb.fs_iblks; b++) {
      const first = b * INOPB;
      let any = false;
      for (let ino = Math.max(first, ROOTINO); ino < first + INOPB; ino++)
        if (this.isInodeAllocated(ino)) any = true;
      if (!any) continue;
      const bp = this.bread(sb.fs_iblkno + b);
      try {
        for (let ino = Math.max(first, ROOTINO); ino < first + INOPB; ino++) {
          if (!this.isInodeAllocated(ino)) continue;
          const d = decodeDinode(bp.data, (ino - first) * DINODE_SIZE);
          if (d.mode !== 0 && d.nlink <= 0) return true;
        }
      } finally {
        this.brelse(bp);
      }
    }
    return false;
  }

  statfs(): Statfs {
    const sb = this.sb;
    return {
      bsize: BSIZE,
      blocks: sb.fs_size - sb.fs_dblkno,
      bfree: sb.fs_nbfree,
      files: sb.fs_ninode - ROOTINO,
      ffree: sb.fs_nifree,
      fsid: [sb.fs_id[0], sb.fs_id[1]],
    };
  }
}
