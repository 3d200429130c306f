/**
 * Host-side work on a machine's disk, before it runs: checking that an
 * image is one, asking whether it has a file, putting a file from the host
 * into it (sun3lab run ./prog). The disk is an image in memory or a device
 * (an image file, written through).
 */
import { ENOSPC, Errno } from '../../kernel/errno.js';
import { type BlockDevice, MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { FsError } from '../../kernel/fs/ufs/fs.js';
import { lookupPath } from '../../kernel/fs/ufs/path.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';

const IFREG = 0o100000;
const IFDIR = 0o040000;

function device(image: Uint8Array | BlockDevice): BlockDevice {
  return image instanceof Uint8Array ? new MemoryDisk(image) : image;
}

/**
 * Write `data` as `path` (absolute; a byte string, as the file system
 * stores names) into the image, creating directories and replacing a file.
 * Throws an Errno (ENOSPC if it does not fit: then no part of it is left
 * behind) with the file system unmounted cleanly either way.
 */
export function installFile(
  image: Uint8Array | BlockDevice,
  path: string,
  data: Uint8Array,
  mode: number,
  /** Owner and group of the file (default root, 0): directories made on the way are root's. */
  owner: { uid: number; gid: number } = { uid: 0, gid: 0 },
): void {
  const fs = Ufs.mount(device(image));
  try {
    const parts = path.split('/').filter((p) => p);
    const name = parts.pop();
    if (!name) throw new Error(`bad path ${path}`);
    let dir = fs.root();
    try {
      for (const p of parts) {
        let ino: number;
        try {
          ino = fs.lookup(dir, p);
        } catch {
          const made = fs.mkdir(dir, p, IFDIR | 0o755, 0, 0);
          ino = made.ino;
          fs.iput(made);
        }
        const next = fs.iget(ino);
        fs.iput(dir);
        dir = next;
      }
      try {
        fs.unlink(dir, name);
      } catch {
        // not there yet
      }
      const f = fs.create(dir, name, IFREG | (mode & 0o7777), owner.uid, owner.gid);
      let written = 0;
      try {
        written = fs.writei(f, 0, data);
      } catch (e) {
        if (!(e instanceof Errno && e.errno === ENOSPC)) throw e;
      } finally {
        fs.iput(f);
      }
      if (written !== data.length) {
        fs.unlink(dir, name); // a truncated program must not stay behind
        throw new Errno(ENOSPC);
      }
    } finally {
      fs.iput(dir);
    }
    fs.sync();
  } finally {
    fs.unmount();
  }
}

/** Bytes free for a file's data on the image (for a message). */
export function imageFree(image: Uint8Array | BlockDevice): number {
  const fs = Ufs.mount(device(image), { readonly: true });
  try {
    const s = fs.statfs();
    return s.bfree * s.bsize;
  } finally {
    fs.unmount(true);
  }
}

/**
 * What is wrong with `image` as a root disk, or null if it mounts: for a
 * one-line message before a machine is built on it. Looks only; the image is
 * not changed.
 */
export function diskProblem(image: Uint8Array | BlockDevice): string | null {
  try {
    Ufs.mount(device(image), { readonly: true }).unmount();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Does the image have `path` (absolute; symbolic links are not followed)? */
export function imageHas(image: Uint8Array | BlockDevice, path: string): boolean {
  const fs = Ufs.mount(device(image), { readonly: true });
  let dir = fs.root();
  try {
    for (const name of path.split('/').filter((p) => p)) {
      const next = fs.iget(fs.lookup(dir, name));
      fs.iput(dir);
      dir = next;
    }
    return true;
  } catch {
    return false;
  } finally {
    fs.iput(dir);
    fs.unmount(true);
  }
}

/**
 * The contents of the regular file at `path` (absolute; symbolic links are
 * not followed) in a mounted file system, or null if there is none there.
 * Damage met on the way is an FsError, not an absence.
 */
export function readFileIn(fs: Ufs, path: string): Uint8Array | null {
  let ip: ReturnType<Ufs['iget']>;
  try {
    ip = lookupPath(fs, path);
  } catch (e) {
    if (e instanceof FsError) throw e;
    return null;
  }
  try {
    if (!ip.isReg()) return null;
    const buf = new Uint8Array(ip.size);
    return buf.subarray(0, fs.readi(ip, 0, buf));
  } finally {
    fs.iput(ip);
  }
}
