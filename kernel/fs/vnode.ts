/**
 * Vnodes (SunOS and 4.3BSD-Reno's virtual file system interface): every
 * file the kernel knows of, on any file system or device, is a Vnode with
 * the same operations. System calls talk only to this interface; ufs
 * vnodes, device vnodes (specfs) and pipes implement it. A mounted file
 * system is a MountedFs (the operations of SunOS's struct vfs, its vfsops),
 * held in the mount table by a Vfs (vfs.ts). A directory something is
 * mounted on points to that Vfs (vfsmountedhere), and the root of a mounted
 * file system to its own (vfsroot): namei crosses between them there.
 *
 * An operation that may have to wait (reading a terminal) returns a
 * generator the system call runs with `yield*`; the others return their
 * result directly. `kwait` lets a caller accept either.
 */
import { EINVAL, ENOTDIR, ENOTTY, EOPNOTSUPP, Errno } from '../errno.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import type { Vfs } from './vfs.js';

export const VNON = 0;
export const VREG = 1;
export const VDIR = 2;
export const VBLK = 3;
export const VCHR = 4;
export const VLNK = 5;
export const VSOCK = 6;
export const VFIFO = 7;

/** File type bits of st_mode, and permission bits (sys/stat.h). */
export const S_IFMT = 0o170000;
export const S_IFIFO = 0o010000;
export const S_IFCHR = 0o020000;
export const S_IFDIR = 0o040000;
export const S_IFBLK = 0o060000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;
export const S_IFSOCK = 0o140000;
export const S_ISUID = 0o4000;
export const S_ISGID = 0o2000;
export const S_ISVTX = 0o1000;

/** Vnode type from the type bits of a mode. */
export function modeToType(mode: number): number {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return VREG;
    case S_IFDIR:
      return VDIR;
    case S_IFCHR:
      return VCHR;
    case S_IFBLK:
      return VBLK;
    case S_IFLNK:
      return VLNK;
    case S_IFIFO:
      return VFIFO;
    case S_IFSOCK:
      return VSOCK;
    default:
      return VNON;
  }
}

/** File attributes, what stat() reports. Times are in seconds since 1970. */
export interface Vattr {
  type: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  /** File system id and file id (device and inode number). */
  fsid: number;
  fileid: number;
  /** Device number of a special file. */
  rdev: number;
  atime: number;
  mtime: number;
  ctime: number;
  /** The microseconds of the three times, where the file system keeps them (NFS sends them). */
  atimeUsec?: number;
  mtimeUsec?: number;
  ctimeUsec?: number;
  blocksize: number;
  /** Space used, in 512-byte units. */
  blocks: number;
}

/**
 * What setattr may change; fields left undefined stay. Times are seconds,
 * with optional microseconds (utimes gives them; the inode keeps them).
 */
export type SetattrArgs = Partial<Pick<Vattr, 'mode' | 'uid' | 'gid' | 'size' | 'atime' | 'mtime'>> & {
  atimeUsec?: number;
  mtimeUsec?: number;
};

/** A result now, or a generator that may sleep before producing it. */
export type KResult<T> = T | Generator<void, T, void>;

/** Run a KResult to its value inside a generator: `const n = yield* kwait(vp.read(...))`. */
export function* kwait<T>(r: KResult<T>): Generator<void, T, void> {
  if (
    r !== null &&
    typeof r === 'object' &&
    typeof (r as Generator).next === 'function' &&
    Symbol.iterator in r
  )
    return yield* r as Generator<void, T, void>;
  return r as T;
}

/** The attributes of vp as they are now (SunOS's VOP_GETATTR: revalidate, then getattr). */
export function* vgetattr(vp: Vnode, cred: Ucred): Generator<void, Vattr, void> {
  yield* kwait(vp.revalidate(cred));
  return vp.getattr();
}

/**
 * Where the kernel cannot wait — a core dump, a Unix-domain socket's name,
 * both made outside any system call that could sleep — `kdone` runs a
 * KResult to its end. A local file system never waits; a remote one (NFS)
 * looks at `nowait.depth` and fails with EWOULDBLOCK instead of sleeping.
 */
export const nowait = { depth: 0 };

export function kdone<T>(r: KResult<T>): T {
  if (
    !(
      r !== null &&
      typeof r === 'object' &&
      typeof (r as Generator).next === 'function' &&
      Symbol.iterator in r
    )
  )
    return r as T;
  const gen = r as Generator<void, T, void>;
  nowait.depth++;
  try {
    const step = gen.next();
    if (!step.done) {
      gen.return(undefined as T);
      throw new Error('kdone: a file system waited where the kernel cannot');
    }
    return step.value;
  } finally {
    nowait.depth--;
  }
}

/** One directory entry as readdir returns it. */
export interface DirEntry {
  fileid: number;
  name: string;
  /** Its own position in the directory, where a file system has one (the NFS server's cookies). */
  offset?: number;
}

/** Open-mode bits the open file carries (fcntl.h FREAD/FWRITE plus O_ flags). */
export const FREAD = 1;
export const FWRITE = 2;
export const FNDELAY = 0o4;
export const FAPPEND = 0o10;

export abstract class Vnode {
  /** References held by open files, current directories and the name cache. */
  refs = 0;
  /** The file system mounted on this directory, if any (SunOS's v_vfsmountedhere). */
  vfsmountedhere: Vfs | null = null;
  /** The mount this vnode is the root of, if it is one (SunOS's VROOT flag and v_vfsp). */
  vfsroot: Vfs | null = null;

  constructor(readonly type: number) {}

  abstract getattr(): Vattr;

  /** Change mode, owner, size (truncate) or times; fields left undefined stay. */
  setattr(_attrs: SetattrArgs, _cred: Ucred): KResult<void> {
    throw new Errno(EOPNOTSUPP);
  }

  /**
   * May cred read (4), write (2) or execute/search (1) the file (4.3BSD's
   * access() on an inode)? The owner's bits apply to the owner, the group's
   * to a member of the file's group (effective or supplementary), the
   * others' to everyone else — even where a later class would allow more.
   * The super-user may do anything, except execute a file that is not a
   * directory and has no execute bit at all.
   */
  access(want: number, cred: Ucred): boolean {
    const a = this.getattr();
    if (cred.isSuperuser()) return !(want & 1) || (a.mode & 0o111) !== 0 || this.type === VDIR;
    const shift = cred.uid === a.uid ? 6 : cred.groupmember(a.gid) ? 3 : 0;
    return ((a.mode >> shift) & want) === want;
  }

  /**
   * Bring the attributes getattr returns up to date (the first half of
   * VOP_GETATTR). A local file's always are; an NFS file's come from its
   * attribute cache, which is fetched again from the server once it has
   * timed out (SunOS's nfs_getattr).
   */
  revalidate(_cred: Ucred): KResult<void> {}

  open(_flags: number, _cred: Ucred): KResult<void> {}
  /** Before the last close of an open file, where it may wait (a socket lingering with SO_LINGER). */
  drain(_flags: number): KResult<void> {}
  close(_flags: number): void {}

  read(_offset: number, _count: number, _flags: number): KResult<Uint8Array> {
    throw new Errno(EINVAL);
  }
  write(_offset: number, _data: Uint8Array, _flags: number): KResult<number> {
    throw new Errno(EINVAL);
  }
  ioctl(_cmd: number, _arg: Uint8Array, _flags: number): KResult<Uint8Array | undefined> {
    throw new Errno(ENOTTY);
  }
  /** Is the file ready for reading (or writing) without waiting? (select) */
  ready(_write: boolean): boolean {
    return true;
  }

  // Directory operations; files that are not directories refuse them.
  lookup(_name: string, _cred: Ucred): KResult<Vnode> {
    throw new Errno(ENOTDIR);
  }
  create(_name: string, _mode: number, _cred: Ucred): KResult<Vnode> {
    throw new Errno(ENOTDIR);
  }
  mknod(_name: string, _mode: number, _rdev: number, _cred: Ucred): KResult<Vnode> {
    throw new Errno(ENOTDIR);
  }
  remove(_name: string, _cred: Ucred): KResult<void> {
    throw new Errno(ENOTDIR);
  }
  link(_name: string, _target: Vnode, _cred: Ucred): KResult<void> {
    throw new Errno(ENOTDIR);
  }
  rename(_from: string, _toDir: Vnode, _to: string, _cred: Ucred): KResult<void> {
    throw new Errno(ENOTDIR);
  }
  mkdir(_name: string, _mode: number, _cred: Ucred): KResult<Vnode> {
    throw new Errno(ENOTDIR);
  }
  rmdir(_name: string, _cred: Ucred): KResult<void> {
    throw new Errno(ENOTDIR);
  }
  symlink(_name: string, _target: string, _cred: Ucred): KResult<void> {
    throw new Errno(ENOTDIR);
  }
  /** Entries from position `cookie` on, at most `max`; returns them and the next cookie. */
  readdir(_cookie: number, _max: number, _cred?: Ucred): KResult<{ entries: DirEntry[]; next: number }> {
    throw new Errno(ENOTDIR);
  }
  readlink(_cred?: Ucred): KResult<string> {
    throw new Errno(EINVAL);
  }
  /** Make the file durable: its delayed writes and its attributes on the disk (fsync(2)). */
  fsync(_cred?: Ucred): KResult<void> {}
  /** The mounted file system that holds this file (statfs), or null for one that is in none (a pipe). */
  mountedFs(): MountedFs | null {
    return null;
  }

  hold(): this {
    this.refs++;
    return this;
  }
  release(): void {
    this.refs--;
    if (this.refs === 0) this.inactive();
  }
  /** The last reference went away (ufs frees an unlinked inode here). */
  protected inactive(): void {}
}

/** What statfs reports of a file system (SunOS's struct statfs, less the type and id). */
export interface FsStats {
  /** Bytes per block, and blocks: in all, free, and free for ordinary users. */
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  /** Inodes for files, and how many are free. */
  files: number;
  ffree: number;
}

/**
 * A mounted file system: the operations of SunOS's struct vfsops on one
 * instance (the ufs one is UfsMount, ufs_vnops.ts).
 */
export interface MountedFs {
  /** Its root directory (held by the mount for as long as it is mounted). */
  root: Vnode;
  /** Its entry in the mount table (with the mount's flags), once it has one. */
  vfs: Vfs | null;
  /** The block device it is mounted from (st_dev of its files, statfs's fsid); a made-up one for NFS. */
  readonly dev: number;
  /** Refuses every change (EROFS). */
  readonly rdonly: boolean;
  /** Its type as mount(8) shows it ("4.2" if not said) and as statfs numbers it (MOUNT_UFS if not said). */
  readonly fstype?: string;
  readonly mountType?: number;
  /** Its files are on another machine (NFS): reaching them may wait for the network. */
  readonly remote?: boolean;
  /** Write what is held in memory to the disk (NFS: start sending it to the server). */
  sync(): void;
  /** Wait until everything written has reached the server (NFS, before an unmount). */
  flush?(p: Proc): Generator<void, void, void>;
  statfs(cred?: Ucred): KResult<FsStats>;
  /**
   * Flush and unmount: EBUSY while any of its files is in use, unless
   * `force` (a machine halting). Returns whether the disk was left marked
   * clean (only when it is: ufs/README.md).
   */
  unmount(force?: boolean): boolean;
  /**
   * Switch between read-only and read-write (M_REMOUNT). To read-write,
   * the file system is read again from the disk (fsck may have changed it
   * under a read-only mount). To read-only, EBUSY if that cannot be done
   * cleanly now (the mount table checks for files open for writing first).
   */
  remount(rdonly: boolean): void;
}
