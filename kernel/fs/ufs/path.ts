/**
 * Path names for the tests (test/fs, test/kernel): a plain walk from the
 * root that follows no symbolic links. Not part of the running kernel,
 * whose namei, with its current directory, permissions and links, is
 * kernel/fs/namei.ts.
 */
import { ENOENT, ENOTDIR, Errno } from '../../errno.js';
import type { Inode } from './inode.js';
import type { Ufs } from './ufs.js';

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

/** The inode `path` names (relative to the root), referenced: the caller iputs it. */
export function lookupPath(fs: Ufs, path: string): Inode {
  let ip = fs.root();
  try {
    for (const name of components(path)) {
      if (!ip.isDir()) throw new Errno(ENOTDIR);
      const next = fs.iget(fs.lookup(ip, name));
      fs.iput(ip);
      ip = next;
    }
    return ip;
  } catch (e) {
    if (ip.count > 0) fs.iput(ip);
    throw e;
  }
}

/** The directory that holds the last component of `path`, referenced, and that component. */
export function lookupParent(fs: Ufs, path: string): { dp: Inode; name: string } {
  const parts = components(path);
  const name = parts.pop();
  if (name === undefined) throw new Errno(ENOENT);
  const dp = lookupPath(fs, parts.join('/'));
  if (!dp.isDir()) {
    fs.iput(dp);
    throw new Errno(ENOTDIR);
  }
  return { dp, name };
}
