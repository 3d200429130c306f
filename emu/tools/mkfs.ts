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
 * tree always gives the same bytes.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CONS_MAJOR, MEM_MAJOR, makedev, NULL_MINOR, TTY_MAJOR } from '../../kernel/dev/devsw.js';
import { ENAMETOOLONG, ENOSPC, Errno } from '../../kernel/errno.js';
import {
  BSIZE,
  type FsckReport,
  FsError,
  fsck,
  IFCHR,
  type Inode,
  MemoryDisk,
  mkfs,
  ROOTINO,
  type Timeval,
  Ufs,
} from '../../kernel/fs/ufs/index.js';

/** The time stamp on everything in a built image: 1990-01-01 00:00:00 UTC. */
export const IMAGE_TIME = 631152000;
/** Default image size. */
export const DEFAULT_SIZE_MB = 16;
export const MAX_SIZE_MB = 2048;

/** The device files every image gets in /dev: name, major, minor. Numbers are SunOS 4's (kernel/dev/devsw.ts). */
export const DEVICES: readonly { name: string; major: number; minor: number }[] = [
  { name: 'console', major: CONS_MAJOR, minor: 0 },
  { name: 'null', major: MEM_MAJOR, minor: NULL_MINOR },
  { name: 'tty', major: TTY_MAJOR, minor: 0 },
];
/** The device files' mode: character special, read and write for everyone. */
export const DEVICE_MODE = IFCHR | 0o666;
/** /tmp's mode: everyone may make files there, and only remove their own (the sticky bit). */
export const TMP_MODE = 0o1777;

export interface BuildOptions {
  /** Image size in MB (1 MB = 1024 * 1024 bytes). Default 16. */
  sizeMB?: number;
  /** Number of inodes (default: one per 8 KB block). */
  inodes?: number;
  /** Volume name in the superblock. */
  volname?: string;
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
 * Build an image of `sizeMB` from the tree at `src`, with /dev (console,
 * tty, null), /tmp (mode 1777) and /lost+found (mode 0700, mkfs's) added.
 * Returns the raw image. Throws an
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
        fs.iput(fs.mknod(dev, d.name, DEVICE_MODE, makedev(d.major, d.minor), 0, 0));
      }
    } finally {
      fs.iput(dev);
    }
    current = `${src}/tmp`;
    const tmp = childDir(fs, root, 'tmp', TMP_MODE, current);
    fs.setattr(tmp, { mode: TMP_MODE });
    fs.iput(tmp);
  } catch (e) {
    fail(e);
  } finally {
    fs.iput(root);
  }
  fs.unmount();
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

/** Whether `bytes` start like a gzip stream. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Write an image: gzip'd if the name ends in .gz. The gzip header carries no
 * time and a fixed OS byte, so the file depends only on the image and the
 * zlib that compressed it.
 */
export function writeImage(path: string, image: Uint8Array): void {
  let out = image;
  if (path.endsWith('.gz')) {
    out = gzipSync(image, { level: 9 });
    out[9] = 3; // OS: Unix, whatever host compressed it
  }
  try {
    writeFileSync(path, out);
  } catch (e) {
    throw new Error(describeHostError(path, e));
  }
}

/** Read an image, raw or gzip'd. */
export function readImage(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new Error(describeHostError(path, e));
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch {
    throw new Error(`${path}: damaged gzip data`);
  }
}

/** Check the image at `path`. Throws a one-line Error if it is not a file system at all. */
export function checkImage(path: string): FsckReport {
  const image = readImage(path);
  if (image.length % BSIZE !== 0 || image.length < 2 * BSIZE)
    throw new Error(`${path}: not a disk image (${image.length} bytes is not a whole number of 8 KB blocks)`);
  const report = fsck(new MemoryDisk(image));
  if (!report.superblock) throw new Error(`${path}: ${report.problems[0] ?? 'no file system'}`);
  return report;
}
