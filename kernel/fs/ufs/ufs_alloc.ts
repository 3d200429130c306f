/**
 * Allocation (4.3BSD's ufs_alloc.c): data blocks (balloc, bfree) and
 * inodes (ialloc, ifree) from the free maps, one bit per block and per
 * inode (fs.ts draws the layout; there are no cylinder groups to choose
 * among). This is also the bottom layer of the mounted file system, Ufs:
 * the state every layer shares — the superblock, the free maps, the inode
 * cache — and the checks that the file system is mounted and writable.
 *
 * Ufs is built in layers, one a file, each class extending the one below:
 *   ufs_alloc.ts      UfsAlloc       blocks and inodes from the free maps
 *   ufs_bmap.ts       UfsBmap        a file's logical blocks to disk blocks
 *   ufs_inode.ts      UfsInode       the inode cache: iget, iput, iupdat, itrunc
 *   ufs_rdwri.ts      UfsRdwri       a file's data: readi, writei
 *   ufs_lookup.ts     UfsLookup      directories: lookup, direnter, dirremove
 *   ufs_namespace.ts  UfsNamespace   create, mkdir, link, unlink, rename...
 *   ufs.ts            Ufs            mount, sync, unmount
 */
import { EINVAL, EIO, ENOSPC, EROFS, Errno } from '../../errno.js';
import { type Buf, BufPool } from '../bio.js';
import type { BlockDevice } from './disk.js';
import {
  BSIZE,
  DINODE_SIZE,
  decodeDinode,
  encodeSuperblock,
  FIRST_FREE_INO,
  FS_CLEAN,
  FsError,
  INOPB,
  SBLOCK,
  type Superblock,
  type Timeval,
  validType,
} from './fs.js';
import { Inode } from './inode.js';
import type { MountOptions } from './ufs.js';

const EPOCH = (): Timeval => ({ sec: 0, usec: 0 });

export abstract class UfsAlloc {
  /** The superblock, whether the file system is read-only, and whether it was clean when mounted (setState). */
  sb!: Superblock;
  ronly!: boolean;
  wasClean!: boolean;
  /** The buffer cache every block goes through (kernel/fs/bio.ts): the kernel's pool, or one of the file system's own. */
  readonly bufs: BufPool;
  /** The free maps, one bit per inode and per block (1 = in use), kept in core and written through. */
  protected inodeMap!: Uint8Array;
  protected blockMap!: Uint8Array;
  /** The inode cache (ufs_inode.ts): every inode in use, by number; ialloc passes over them. */
  protected readonly icache = new Map<number, Inode>();
  protected readonly now: () => Timeval;
  protected readonly warn: (message: string) => void;
  protected mounted = true;

  protected constructor(
    readonly dev: BlockDevice,
    sb: Superblock,
    imap: Uint8Array,
    bmap: Uint8Array,
    opts: MountOptions,
  ) {
    this.setState(sb, imap, bmap, opts.readonly ?? false);
    this.now = opts.now ?? EPOCH;
    this.warn = opts.warn ?? (() => {});
    this.bufs = opts.bufs ?? new BufPool();
  }

  /** Take a superblock and free maps read from the disk (at mount, and at a remount). */
  protected setState(sb: Superblock, imap: Uint8Array, bmap: Uint8Array, ronly: boolean): void {
    this.sb = sb;
    this.inodeMap = imap;
    this.blockMap = bmap;
    this.ronly = ronly;
    this.wasClean = sb.fs_clean === FS_CLEAN;
  }

  // ---------------------------------------------------------------- blocks through the buffer cache

  /** Block `bn`, busy: give it back with brelse, bwrite or bdwrite. */
  protected bread(bn: number): Buf {
    return this.bufs.bread(this.dev, bn);
  }

  /** The buffer for block `bn` without reading it: for a block the caller fills whole. */
  protected getblk(bn: number): Buf {
    return this.bufs.getblk(this.dev, bn);
  }

  protected brelse(bp: Buf): void {
    this.bufs.brelse(bp);
  }

  /** Write now: what must be on the disk before the operation goes on (metadata, new blocks). */
  protected bwrite(bp: Buf): void {
    this.bufs.bwrite(bp);
  }

  /** Write later: a block of file `ino`'s data that already belonged to it. */
  protected bdwrite(bp: Buf, ino: number): void {
    this.bufs.bdwrite(bp, ino);
  }

  /** Write an in-core inode to its disk inode (ufs_inode.ts; ialloc and ifree need it). */
  abstract iupdat(ip: Inode): void;

  // ---------------------------------------------------------------- superblock

  protected writeSuperblock(): void {
    this.sb.fs_time = this.now().sec;
    const bp = this.bread(SBLOCK);
    encodeSuperblock(this.sb, bp.data);
    this.bwrite(bp);
  }

  protected checkMounted(): void {
    if (!this.mounted) throw new FsError(EIO, 'file system not mounted');
  }

  protected checkWritable(): void {
    this.checkMounted();
    if (this.ronly) throw new Errno(EROFS);
  }

  // ---------------------------------------------------------------- blocks

  /** Write the block of a free map that holds `bit` (the maps are kept in core and written through). */
  private mapBlockOf(map: Uint8Array, start: number, bit: number): void {
    const i = Math.floor(bit / (BSIZE * 8));
    const bp = this.getblk(start + i);
    bp.data.set(map.subarray(i * BSIZE, (i + 1) * BSIZE));
    this.bwrite(bp);
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
  protected reserve(n: number): void {
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

  /**
   * Free data block `bn`. A block outside the data area or already free is
   * reported and left alone. Whatever the buffer cache holds for it goes:
   * a delayed write must not land on the block once another file has it.
   */
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
    this.bufs.binval(this.dev, bn);
    this.blockMap[bn >> 3] &= ~(1 << (bn & 7));
    this.mapBlockOf(this.blockMap, sb.fs_bmapblk, bn);
    sb.fs_nbfree++;
  }

  // ---------------------------------------------------------------- inodes

  /** Where inode `ino` is on disk: its block and the offset in it (4.3BSD's itod and itoo). */
  protected inodeBlock(ino: number): { blk: number; off: number } {
    return { blk: this.sb.fs_iblkno + Math.floor(ino / INOPB), off: (ino % INOPB) * DINODE_SIZE };
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
    const bp = this.bread(blk);
    const old = decodeDinode(bp.data, off);
    this.brelse(bp);
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
  protected ifree(ip: Inode): void {
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
}
