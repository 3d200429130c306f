/**
 * The in-core inode (4.3BSD's struct inode): a disk inode plus what the
 * kernel keeps about it while it is in use. `Ufs.iget` hands out a
 * reference, `Ufs.iput` gives it back; an inode with no links left is freed
 * when its last reference goes, so a removed file stays readable through a
 * descriptor that still has it open.
 */
import { type Dinode, IFBLK, IFCHR, IFDIR, IFLNK, IFMT, IFREG, NDADDR, NIADDR, type Timeval } from './fs.js';

export class Inode implements Dinode {
  mode = 0;
  nlink = 0;
  uid = 0;
  gid = 0;
  size = 0;
  sizeHigh = 0;
  atime: Timeval = { sec: 0, usec: 0 };
  mtime: Timeval = { sec: 0, usec: 0 };
  ctime: Timeval = { sec: 0, usec: 0 };
  db: number[] = new Array(NDADDR).fill(0);
  ib: number[] = new Array(NIADDR).fill(0);
  flags = 0;
  /** Space held, in 512-byte units (what stat reports as st_blocks). */
  blocks = 0;
  /** Generation number, bumped each time the inode is reused (for NFS file handles). */
  gen = 0;

  /** References handed out by iget and not yet given back by iput. */
  count = 0;
  /** The access time changed and is not on disk yet (4.3BSD's IACC). */
  accessed = false;
  /**
   * Changes not on disk yet (4.3BSD's IUPD and ICHG): the times of a write,
   * and a size grown by a write that stayed in the buffer cache. Written by
   * sync, fsync, the last iput, or the next iupdat for any other reason.
   */
  modified = false;

  constructor(
    /** Inode number. */
    readonly ino: number,
    d?: Dinode,
  ) {
    if (d) this.load(d);
  }

  load(d: Dinode): void {
    this.mode = d.mode;
    this.nlink = d.nlink;
    this.uid = d.uid;
    this.gid = d.gid;
    this.size = d.size;
    this.sizeHigh = d.sizeHigh;
    this.atime = { ...d.atime };
    this.mtime = { ...d.mtime };
    this.ctime = { ...d.ctime };
    this.db = [...d.db];
    this.ib = [...d.ib];
    this.flags = d.flags;
    this.blocks = d.blocks;
    this.gen = d.gen;
  }

  /** The file type bits (IFREG, IFDIR, ...). */
  get type(): number {
    return this.mode & IFMT;
  }

  isDir(): boolean {
    return this.type === IFDIR;
  }

  isReg(): boolean {
    return this.type === IFREG;
  }

  isLnk(): boolean {
    return this.type === IFLNK;
  }

  /** Whether the inode's block pointers address data (regular files, directories, symbolic links). */
  hasData(): boolean {
    const t = this.type;
    return t === IFREG || t === IFDIR || t === IFLNK;
  }

  /** A device's number, kept in di_db[0] (4.3BSD's i_rdev); 0 for anything else. */
  get rdev(): number {
    const t = this.type;
    return t === IFCHR || t === IFBLK ? this.db[0] : 0;
  }
}
