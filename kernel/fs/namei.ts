/**
 * Path name lookup (4.3BSD's namei): walk a path one component at a time
 * from the root or the current directory, following symbolic links.
 *
 * A trailing slash ("dir/") says that the last component is a directory.
 * As in 4.3BSD, which goes on to look in "a" for the empty name after the
 * slash, a file that is not a directory is ENOTDIR — `open("/etc/motd/")`
 * fails — and a symbolic link there is followed. A name that does not exist
 * yet may only be made a directory (`mkdir new/` works, as POSIX has it;
 * 4.3BSD said ENOENT): the calls that would create anything else refuse it
 * (see dirOnly).
 *
 * Mount points are crossed both ways, as SunOS's lookuppn does: a
 * directory something is mounted on leads to the root of what is mounted
 * there, and ".." from the root of a mounted file system is looked up in
 * the directory it covers, so it leads to that directory's parent. ".." at
 * the root of the process's tree ("/", or its chroot directory) stays
 * there.
 */
import { EACCES, ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR, Errno } from '../errno.js';
import { MAXNAMLEN, MAXPATHLEN } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { kwait, VDIR, VLNK, type Vnode } from './vnode.js';

const MAXSYMLINKS = 8;

export interface NameiResult {
  /** The directory holding the last component, held. */
  dir: Vnode;
  /** The last component ("" for "/"). */
  name: string;
  /** The file itself if it exists, held; null if not. */
  vnode: Vnode | null;
  /** The path ended in a slash: the file must be a directory (a new one may only be made by mkdir). */
  dirOnly: boolean;
  /** The last component was a symbolic link, followed because of the trailing slash. */
  viaLink: boolean;
}

/**
 * Look up `path` for process p. With `followLast` false a symbolic link
 * in the last place is returned itself (lstat, unlink, readlink). Both the
 * directory and the file come back held; the caller releases them. A
 * generator: a lookup in a remote file system (NFS) waits for the server.
 */
export function* namei(
  root: Vnode,
  p: Proc,
  path: string,
  followLast = true,
): Generator<void, NameiResult, void> {
  if (path.length === 0) throw new Errno(ENOENT);
  if (path.length >= MAXPATHLEN) throw new Errno(ENAMETOOLONG);
  const top = p.u.rdir ?? root;
  let dir: Vnode = path.startsWith('/') ? top : (p.u.cdir ?? top);
  dir.hold();
  let parts = path.split('/').filter((c) => c.length > 0);
  let links = 0;
  let dirOnly = path.endsWith('/');
  let viaLink = false;
  if (parts.length === 0) return { dir, name: '', vnode: dir.hold(), dirOnly, viaLink };
  for (;;) {
    const name = parts.shift() as string;
    if (name.length > MAXNAMLEN) {
      dir.release();
      throw new Errno(ENAMETOOLONG);
    }
    if (name === '..') dir = coveredDir(dir, top);
    if (dir.type !== VDIR) {
      dir.release();
      throw new Errno(ENOTDIR);
    }
    let vp: Vnode;
    try {
      // The directory's attributes brought up to date (NFS: its attribute cache), then search permission.
      yield* kwait(dir.revalidate(p.cred));
      if (!dir.access(1, p.cred)) throw new Errno(EACCES);
      // ".." at the root of the process's tree stays there.
      vp = name === '..' && dir === top ? top.hold() : (yield* kwait(dir.lookup(name, p.cred))).hold();
    } catch (e) {
      if (e instanceof Errno && e.errno === ENOENT && parts.length === 0)
        return { dir, name, vnode: null, dirOnly, viaLink };
      dir.release();
      throw e;
    }
    vp = mountedRoot(vp);
    const last = parts.length === 0;
    if (vp.type === VLNK && (!last || followLast || dirOnly)) {
      if (++links > MAXSYMLINKS) {
        vp.release();
        dir.release();
        throw new Errno(ELOOP);
      }
      let target: string;
      try {
        target = yield* kwait(vp.readlink(p.cred));
      } catch (e) {
        vp.release();
        dir.release();
        throw e;
      }
      vp.release();
      const rest = target.split('/').filter((c) => c.length > 0);
      if (target.startsWith('/')) {
        dir.release();
        dir = top.hold();
      }
      if (last) {
        viaLink = !followLast;
        if (target.endsWith('/')) dirOnly = true;
      }
      parts = [...rest, ...parts];
      if (parts.length === 0) return { dir, name: '', vnode: dir.hold(), dirOnly, viaLink };
      continue;
    }
    if (last) {
      if (dirOnly && vp.type !== VDIR) {
        vp.release();
        dir.release();
        throw new Errno(ENOTDIR);
      }
      return { dir, name, vnode: vp, dirOnly, viaLink };
    }
    dir.release();
    dir = vp;
  }
}

/** Down through mount points: the root of whatever is mounted on vp (vp's hold passes to it). */
function mountedRoot(vp: Vnode): Vnode {
  while (vp.vfsmountedhere) {
    const root = vp.vfsmountedhere.fs.root.hold();
    vp.release();
    vp = root;
  }
  return vp;
}

/**
 * Up through mount points, before "..": from the root of a mounted file
 * system to the directory it covers (dir's hold passes to it), unless it is
 * the top of the process's tree.
 */
function coveredDir(dir: Vnode, top: Vnode): Vnode {
  while (dir !== top && dir.vfsroot?.vnodecovered) {
    const covered = dir.vfsroot.vnodecovered.hold();
    dir.release();
    dir = covered;
  }
  return dir;
}

/** Look up a path that must exist; returns just the vnode (held). */
export function* lookupVnode(
  root: Vnode,
  p: Proc,
  path: string,
  followLast = true,
): Generator<void, Vnode, void> {
  const r = yield* namei(root, p, path, followLast);
  r.dir.release();
  if (!r.vnode) throw new Errno(ENOENT);
  return r.vnode;
}

/**
 * The absolute name `path` has for process p: its current directory's
 * name in front of a relative one, "." and ".." taken out as the text
 * says (not as the tree does, so a symbolic link may make it name another
 * file). Kept only as a hint: migration reopens a file by it on another
 * machine and then checks that it found the same file (kernel/pm/pm_files.ts).
 */
export function absPath(p: Proc, path: string): string {
  const parts = (path.startsWith('/') ? path : `${p.u.cdirName}/${path}`).split('/');
  const out: string[] = [];
  for (const c of parts) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return `/${out.join('/')}`;
}
