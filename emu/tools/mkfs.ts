/**
 * Building a root file system image from a directory tree on the host
 * (`sun3lab mkfs IMAGE DIR`, `npm run build:image`), and reading one back
 * for `sun3lab fsck`. docs/filesystem.md describes the result. The empty
 * file system mkfs makes has /lost+found already; a lost+found directory in
 * the tree is merged into it.
 *
 * The image depends only on the tree: entries go in sorted by name, every
 * owner is root, every time stamp is IMAGE_TIME, modes are normalised
 * (0755 for directories and executables, 0644 for other files), so the same
 * tree always gives the same bytes. The exceptions — set-user-id programs,
 * home directories — are listed in the tree's own /etc/proto (proto.ts).
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CONS_MAJOR,
  MEM_MAJOR,
  makedev,
  NULL_MINOR,
  PTC_MAJOR,
  PTS_MAJOR,
  SD_BMAJOR,
  SD_CMAJOR,
  TTY_MAJOR,
  ZERO_MINOR,
} from '../../kernel/dev/devsw.js';
import { makeLabel } from '../../kernel/dev/dklabel.js';
import { NDKMAP } from '../../kernel/dev/sd.js';
import { ENAMETOOLONG, ENOSPC, Errno } from '../../kernel/errno.js';
import { SBLOCK } from '../../kernel/fs/ufs/fs.js';
import {
  BSIZE,
  FS_MAGIC,
  type FsckReport,
  FsError,
  fsck,
  IFBLK,
  IFCHR,
  type Inode,
  MemoryDisk,
  mkfs,
  ROOTINO,
  type Timeval,
  Ufs,
} from '../../kernel/fs/ufs/index.js';
import { writeFileAtomic } from '../lab/atomic-write.js';
import { gunzipCapped, gunzipPrefix, isGzip, readRegularFile } from '../lab/host-file.js';
import { MAX_IMAGE_BYTES, MAX_IMAGE_MB } from '../lab/image-disk.js';
import { applyProto, parseProto } from './proto.js';

/** The time stamp on everything in a built image: 1990-01-01 00:00:00 UTC. */
export const IMAGE_TIME = 631152000;
/** Default image size. */
export const DEFAULT_SIZE_MB = 16;
/** Default swap area (the b partition, beyond the image's stored blocks: it costs no bytes). */
export const DEFAULT_SWAP_MB = 48;
export const MAX_SIZE_MB = MAX_IMAGE_MB;

/** SunOS's group "operator": it may read the disks (dump), as root may write them. */
export const OPERATOR_GID = 5;

/** A device file every image gets in /dev. */
export interface DeviceFile {
  name: string;
  /** Block special (a disk) rather than character special. */
  block: boolean;
  major: number;
  minor: number;
  /** Permission bits, owner root, group `gid`. */
  perm: number;
  gid: number;
}

/** The disk device files: the a partition of sd0 and sd1, block and raw (minor = unit * 8 + partition), and sd0's swap, b. */
function disk(unit: number): DeviceFile[] {
  const minor = unit * NDKMAP;
  return [
    { name: `sd${unit}a`, block: true, major: SD_BMAJOR, minor, perm: 0o640, gid: OPERATOR_GID },
    { name: `rsd${unit}a`, block: false, major: SD_CMAJOR, minor, perm: 0o640, gid: OPERATOR_GID },
    ...(unit === 0
      ? [
          { name: 'sd0b', block: true, major: SD_BMAJOR, minor: 1, perm: 0o640, gid: OPERATOR_GID },
          { name: 'rsd0b', block: false, major: SD_CMAJOR, minor: 1, perm: 0o640, gid: OPERATOR_GID },
        ]
      : []),
  ];
}

/**
 * The pseudo-terminals (kernel/dev/pty.ts): masters /dev/ptyp0 ... ptypf,
 * slaves /dev/ttyp0 ... ttypf, read and write for everyone, as SunOS's
 * MAKEDEV made them (login gives a slave to its user while she is on it).
 */
function ptys(): DeviceFile[] {
  return [...'0123456789abcdef'].flatMap((c, minor) => [
    { name: `ptyp${c}`, block: false, major: PTC_MAJOR, minor, perm: 0o666, gid: 0 },
    { name: `ttyp${c}`, block: false, major: PTS_MAJOR, minor, perm: 0o666, gid: 0 },
  ]);
}

/**
 * The device files every image gets in /dev. Numbers are SunOS 4's
 * (kernel/dev/devsw.ts); the terminals, /dev/null and /dev/zero are for everyone, the
 * disks are SunOS's brw-r----- root operator.
 */
export const DEVICES: readonly DeviceFile[] = [
  { name: 'console', block: false, major: CONS_MAJOR, minor: 0, perm: 0o666, gid: 0 },
  { name: 'null', block: false, major: MEM_MAJOR, minor: NULL_MINOR, perm: 0o666, gid: 0 },
  { name: 'zero', block: false, major: MEM_MAJOR, minor: ZERO_MINOR, perm: 0o666, gid: 0 },
  { name: 'tty', block: false, major: TTY_MAJOR, minor: 0, perm: 0o666, gid: 0 },
  ...disk(0),
  ...disk(1),
  ...ptys(),
];

/** Make the device files in directory `dev` of a file system being built. */
export function makeDevices(fs: Ufs, dev: Inode): void {
  for (const d of DEVICES) {
    const ip = fs.mknod(dev, d.name, (d.block ? IFBLK : IFCHR) | d.perm, makedev(d.major, d.minor), 0, d.gid);
    fs.iput(ip);
  }
}

/** /tmp's mode: everyone may make files there, and only remove their own (the sticky bit). */
export const TMP_MODE = 0o1777;

export interface BuildOptions {
  /** Image size in MB (1 MB = 1024 * 1024 bytes). Default 16. */
  sizeMB?: number;
  /** Number of inodes (default: one per 8 KB block). */
  inodes?: number;
  /** Volume name in the superblock. */
  volname?: string;
  /** Size of the swap partition (b) the label describes, in MB; 0 for none. Default 48. */
  swapMB?: number;
}

/** A host file name (UTF-8) as the byte string the file system stores. */
function toBytes(name: string): string {
  return Buffer.from(name, 'utf8').toString('latin1');
}

/** Host names sorted by their bytes, so the order is the same everywhere. */
function sortedNames(dir: string): string[] {
  return readdirSync(dir).sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

function describeHostError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path}: no such file or directory`;
  if (code === 'EACCES') return `${path}: permission denied`;
  if (code === 'ENOTDIR') return `${path}: not a directory`;
  return `${path}: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Build an image of `sizeMB` from the tree at `src`, with /dev (DEVICES),
 * /tmp (mode 1777), /mnt (an empty directory to mount on) and /lost+found
 * (mode 0700, mkfs's) added, and the owners and modes of src/etc/proto if
 * there is one. Returns the raw image. Throws an
 * Error with a one-line message for anything wrong with the input.
 */
export function buildImage(src: string, opts: BuildOptions = {}): Uint8Array {
  const sizeMB = opts.sizeMB ?? DEFAULT_SIZE_MB;
  if (!Number.isInteger(sizeMB) || sizeMB < 1 || sizeMB > MAX_SIZE_MB)
    throw new Error(`--size ${sizeMB}: a whole number of MB from 1 to ${MAX_SIZE_MB}`);
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(src);
  } catch (e) {
    throw new Error(describeHostError(src, e));
  }
  if (!st.isDirectory()) throw new Error(`${src}: not a directory`);

  const blocks = (sizeMB * 1024 * 1024) / BSIZE;
  const disk = MemoryDisk.zeroed(blocks);
  const time: Timeval = { sec: IMAGE_TIME, usec: 0 };
  try {
    mkfs(disk, { ninode: opts.inodes, time, volname: opts.volname ?? 'root' });
  } catch (e) {
    throw new Error(e instanceof FsError ? e.message : String(e));
  }
  const fs = Ufs.mount(disk, { now: () => ({ ...time }) });

  /** Where we are, for messages. */
  let current = src;
  const fail = (e: unknown): never => {
    if (e instanceof Errno) {
      if (e.errno === ENOSPC)
        throw new Error(
          `${src} does not fit in ${sizeMB} MB (out of ${fs.statfs().ffree === 0 ? 'inodes' : 'space'} at ${current})`,
        );
      if (e.errno === ENAMETOOLONG) throw new Error(`${current}: name longer than 255 bytes`);
      throw new Error(`${current}: ${e.message}`);
    }
    throw e;
  };

  const copyTree = (hostDir: string, dp: Inode) => {
    for (const name of sortedNames(hostDir)) {
      const path = join(hostDir, name);
      current = path;
      const s = lstatSync(path);
      const fname = toBytes(name);
      if (s.isDirectory()) {
        // mkfs made /lost+found already: what the tree has goes into it
        const ip =
          dp.ino === ROOTINO && fname === 'lost+found'
            ? childDir(fs, dp, fname, 0o700, path)
            : fs.mkdir(dp, fname, 0o755, 0, 0);
        try {
          copyTree(path, ip);
        } finally {
          fs.iput(ip);
        }
      } else if (s.isFile()) {
        const data = readFileSync(path);
        const ip = fs.create(dp, fname, s.mode & 0o111 ? 0o755 : 0o644, 0, 0);
        try {
          current = path;
          if (fs.writei(ip, 0, data) !== data.length) throw new Errno(ENOSPC);
        } finally {
          fs.iput(ip);
        }
      } else if (s.isSymbolicLink()) {
        const target = readlinkSync(path, { encoding: 'buffer' }).toString('latin1');
        fs.iput(fs.symlink(dp, fname, target, 0, 0));
      } else {
        throw new Error(`${path}: only files, directories and symbolic links can go in an image`);
      }
    }
  };

  const root = fs.root();
  try {
    copyTree(src, root);
    current = `${src}/dev`;
    const dev = childDir(fs, root, 'dev', 0o755, current);
    try {
      for (const d of DEVICES) {
        current = `${src}/dev/${d.name}`;
        if (exists(fs, dev, d.name)) throw new Error(`${current}: the image makes /dev/${d.name} itself`);
      }
      makeDevices(fs, dev);
    } finally {
      fs.iput(dev);
    }
    current = `${src}/tmp`;
    const tmp = childDir(fs, root, 'tmp', TMP_MODE, current);
    fs.setattr(tmp, { mode: TMP_MODE });
    fs.iput(tmp);
    current = `${src}/mnt`;
    fs.iput(childDir(fs, root, 'mnt', 0o755, current)); // where to mount another disk, as on SunOS
    const proto = join(src, 'etc', 'proto');
    if (existsSync(proto)) {
      current = proto;
      const text = (p: string) => (existsSync(p) ? readFileSync(p, 'latin1') : '');
      const entries = parseProto(
        text(proto),
        proto,
        text(join(src, 'etc/passwd')),
        text(join(src, 'etc/group')),
      );
      applyProto(fs, entries, proto);
    }
  } catch (e) {
    fail(e);
  } finally {
    fs.iput(root);
  }
  fs.unmount();
  // The Sun label in sector 0 (the boot area, which UFS leaves alone):
  // partition a is the file system, b the swap area beyond it, which the
  // disk driver makes, sparse, when the machine attaches the disk.
  disk.bytes.set(makeLabel(blocks, ((opts.swapMB ?? DEFAULT_SWAP_MB) * 1024 * 1024) / BSIZE), 0);
  return disk.bytes;
}

function exists(fs: Ufs, dp: Inode, name: string): boolean {
  try {
    fs.lookup(dp, name);
    return true;
  } catch {
    return false;
  }
}

/** Directory `name` in `dp`, made if missing; an error if something else has the name. */
function childDir(fs: Ufs, dp: Inode, name: string, mode: number, where: string): Inode {
  if (!exists(fs, dp, name)) return fs.mkdir(dp, name, mode, 0, 0);
  const ip = fs.iget(fs.lookup(dp, name));
  if (!ip.isDir()) {
    fs.iput(ip);
    throw new Error(`${where}: must be a directory`);
  }
  return ip;
}

/**
 * Write an image: gzip'd if the name ends in .gz. The gzip header carries no
 * time and a fixed OS byte, so the file depends only on the image and the
 * zlib that compressed it. The file is replaced atomically (a temporary
 * beside it, fsync, rename): a run killed midway leaves the old file.
 */
export function writeImage(path: string, image: Uint8Array): void {
  let out = image;
  if (path.endsWith('.gz')) {
    out = gzipSync(image, { level: 9 });
    out[9] = 3; // OS: Unix, whatever host compressed it
  }
  writeFileAtomic(path, out);
}

/**
 * Read an image, raw or gzip'd: only a regular file, no larger than the
 * largest image. Gzip'd data is checked before it is decompressed: its
 * trailer must give a size of whole blocks within that limit, and its first
 * blocks must hold the file system's superblock; then it is decompressed
 * with the trailer's size as a hard cap. A "gzip bomb" fails at once.
 */
export function readImage(path: string): Uint8Array {
  const limits = { max: MAX_IMAGE_BYTES, why: 'the largest disk image' };
  const bytes = readRegularFile(path, limits);
  if (!isGzip(bytes)) return bytes;
  if (bytes.length < 18) throw new Error(`${path}: damaged gzip data`);
  // ISIZE, the last 4 bytes: the size of the data, modulo 2^32 (exact for anything up to the limit).
  const size = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true);
  if (size % BSIZE !== 0 || size < 2 * BSIZE || size > MAX_IMAGE_BYTES)
    throw new Error(
      `${path}: not a disk image (its gzip data holds ${size} bytes, not a whole number of 8 KB blocks up to ${MAX_SIZE_MB} MB)`,
    );
  const head = gunzipPrefix(bytes, (SBLOCK + 1) * BSIZE);
  if (head === null) throw new Error(`${path}: damaged gzip data`);
  if (head.length === (SBLOCK + 1) * BSIZE) {
    const magic = new DataView(head.buffer, head.byteOffset + SBLOCK * BSIZE, 4).getUint32(0);
    if (magic !== FS_MAGIC) throw new Error(`${path}: not a disk image (not a sun3lab file system)`);
  }
  const image = gunzipCapped(bytes, { max: size, label: path, why: 'the size its gzip trailer gives' });
  if (image.length !== size) throw new Error(`${path}: damaged gzip data (shorter than its trailer says)`);
  return image;
}

/** readImage, and a one-line Error if what it read cannot be a disk (not whole 8 KB blocks). */
export function readDiskImage(path: string): Uint8Array {
  const image = readImage(path);
  if (image.length % BSIZE !== 0 || image.length < 2 * BSIZE)
    throw new Error(`${path}: not a disk image (${image.length} bytes is not a whole number of 8 KB blocks)`);
  return image;
}

/** Check the image at `path`. Throws a one-line Error if it is not a file system at all. */
export function checkImage(path: string): FsckReport {
  const image = readDiskImage(path);
  const report = fsck(new MemoryDisk(image));
  if (!report.superblock) throw new Error(`${path}: ${report.problems[0] ?? 'no file system'}`);
  return report;
}
