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
 * Writes go straight to the device (no buffer cache): block pointers,
 * sizes, link counts and bitmaps are on disk when an operation returns. Only
 * access times and the superblock's free counts wait for `sync`; a file
 * system mounted after a crash recounts the bitmaps.
 */
import { EBUSY, EINVAL, EIO, Errno } from '../../errno.js';
import type { BlockDevice } from './disk.js';
import {
  BSIZE,
  decodeSuperblock,
  FIRST_FREE_INO,
  FS_ACTIVE,
  FS_CLEAN,
  FsError,
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
  for (let i = from; i < to; i++) if ((map[i >> 3] & (1 << (i & 7))) === 0) n++;
  return n;
}

export class Ufs extends UfsNamespace {
  /**
   * Read and check the superblock and bitmaps of the file system on `dev`.
   * Throws an FsError (EINVAL: not a sun3lab file system or wrong block
   * size; EIO: damaged) with a message saying what is wrong.
   */
  static mount(dev: BlockDevice, opts: MountOptions = {}): Ufs {
    const { sb, imap, bmap } = Ufs.readState(dev);
    const fs = new Ufs(dev, sb, imap, bmap, opts);
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

  /** Read and check the superblock and the bitmaps (mount and remount). */
  private static readState(dev: BlockDevice): { sb: Superblock; imap: Uint8Array; bmap: Uint8Array } {
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
   * written back and marked clean; EBUSY while a file that has no links is
   * still open, since it could not be freed then.
   */
  remount(readonly: boolean): void {
    this.checkMounted();
    if (readonly === this.ronly) return;
    if (readonly) {
      for (const ip of this.icache.values()) if (ip.count > 0 && ip.nlink <= 0) throw new Errno(EBUSY);
      this.sync();
      this.sb.fs_clean = FS_CLEAN;
      this.writeSuperblock();
      this.setState(this.sb, this.inodeMap, this.blockMap, true);
      return;
    }
    const { sb, imap, bmap } = Ufs.readState(this.dev);
    if (sb.fs_size !== this.sb.fs_size || sb.fs_ninode !== this.sb.fs_ninode)
      throw new FsError(EINVAL, 'the file system changed size under a read-only mount');
    this.setState(sb, imap, bmap, false);
    this.countFree();
    sb.fs_clean = FS_ACTIVE;
    this.writeSuperblock();
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

  // ---------------------------------------------------------------- sync and unmount

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
      files: sb.fs_ninode - ROOTINO,
      ffree: sb.fs_nifree,
      fsid: [sb.fs_id[0], sb.fs_id[1]],
    };
  }
}
