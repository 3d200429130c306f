/**
 * The client's table of NFS files (SunOS's rnode table, nfs_node.c in
 * 4.3BSD-Reno): one NfsVnode per file handle of a mount, so that the same
 * file is always the same vnode — with one attribute cache, one set of
 * cached blocks, one list of writes on their way. A vnode nobody holds
 * stays in the table with what it has cached, so that opening the file
 * again finds its blocks (if the server says it has not changed); the
 * least recently used of those go when the table is full, unless they
 * still have data to write.
 *
 * The attribute cache's time-out (the rule of 4.3BSD-Reno and 4.4BSD's
 * nfs_getattrcache): a tenth of the time since the file was last modified,
 * but at least acregmin and at most acregmax seconds (acdirmin, acdirmax
 * for a directory) — a file that changed a moment ago may change again
 * soon; one untouched for a week will not. With noac, nothing is cached.
 */
import { VDIR } from '../vnode.js';
import { type Fattr, fhKey } from './nfs_subs.js';
import type { NfsMount, NfsOptions } from './nfs_vfsops.js';
import { NfsVnode } from './nfs_vnops.js';

/** Files the table keeps before it lets unused ones go (SunOS's nrnode). */
export const NFS_NNODES = 256;

/** How long attributes just fetched stay good, in seconds. */
export function attrTimeout(opts: NfsOptions, vtype: number, mtime: number, now: number): number {
  const [min, max] = vtype === VDIR ? [opts.acdirmin, opts.acdirmax] : [opts.acregmin, opts.acregmax];
  const t = Math.floor(Math.max(0, now - mtime) / 10);
  return Math.max(min, Math.min(max, t));
}

export class NfsNodes {
  /** By handle, least recently used first. */
  private readonly table = new Map<string, NfsVnode>();

  constructor(readonly mount: NfsMount) {}

  /** The vnode of handle `fh` (made if new), with the attributes a reply brought. */
  get(fh: Uint8Array, attr: Fattr): NfsVnode {
    const key = fhKey(fh);
    let vp = this.table.get(key);
    if (vp && vp.ftype !== attr.type) {
      // The server gave this handle to a file of another type: the old vnode is stale.
      this.table.delete(key);
      vp.stale = true;
      vp = undefined;
    }
    if (vp) {
      this.table.delete(key);
      this.table.set(key, vp);
      vp.loadattr(attr);
      return vp;
    }
    vp = new NfsVnode(this.mount, Uint8Array.from(fh), attr);
    this.table.set(key, vp);
    this.trim();
    return vp;
  }

  /** Forget a vnode whose handle the server calls stale. */
  forget(vp: NfsVnode): void {
    const key = fhKey(vp.fh);
    if (this.table.get(key) === vp) this.table.delete(key);
  }

  /** Let the least recently used vnodes nobody holds go, while the table is over its size. */
  private trim(): void {
    if (this.table.size <= NFS_NNODES) return;
    for (const [key, vp] of this.table) {
      if (this.table.size <= NFS_NNODES) break;
      if (vp.refs > 0 || !vp.idle()) continue;
      vp.purge();
      this.table.delete(key);
    }
  }

  /** Is a file of the mount in use (held by anyone but the mount, for its root)? */
  busy(): boolean {
    for (const vp of this.table.values()) if (vp.refs > (vp === this.mount.root ? 1 : 0)) return true;
    return false;
  }

  /** Every vnode, for sync and flush. */
  all(): NfsVnode[] {
    return [...this.table.values()];
  }

  /** Unmount: drop everything cached (delayed writes must be gone by now). */
  purgeAll(): void {
    for (const vp of this.table.values()) vp.purge(true);
    this.table.clear();
  }
}
