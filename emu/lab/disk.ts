/**
 * Host-side work on a machine's disk image, between runs: checking that an
 * image is one, asking whether it has a file, putting a file from the host
 * into it (sun3lab run ./prog).
 */
import { MemoryDisk } from '../../kernel/fs/ufs/disk.js';
import { Ufs } from '../../kernel/fs/ufs/ufs.js';

const IFREG = 0o100000;
const IFDIR = 0o040000;

/** Write `data` as `path` (absolute) into the image, creating directories and replacing a file. */
export function installFile(image: Uint8Array, path: string, data: Uint8Array, mode: number): void {
  const fs = Ufs.mount(new MemoryDisk(image));
  const parts = path.split('/').filter((p) => p);
  const name = parts.pop();
  if (!name) throw new Error(`bad path ${path}`);
  let dir = fs.root();
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
  const f = fs.create(dir, name, IFREG | (mode & 0o7777), 0, 0);
  fs.writei(f, 0, data);
  fs.iput(f);
  fs.iput(dir);
  fs.sync();
  fs.unmount();
}

/**
 * What is wrong with `image` as a root disk, or null if it mounts: for a
 * one-line message before a machine is built on it. Looks only; the image is
 * not changed.
 */
export function diskProblem(image: Uint8Array): string | null {
  try {
    Ufs.mount(new MemoryDisk(image), { readonly: true }).unmount();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Does the image have `path` (absolute; symbolic links are not followed)? */
export function imageHas(image: Uint8Array, path: string): boolean {
  const fs = Ufs.mount(new MemoryDisk(image), { readonly: true });
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
