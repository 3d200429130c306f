/**
 * Open files (4.3BSD's struct file and the per-process descriptor table):
 * a descriptor names a File; a File holds the vnode, the open mode and the
 * offset, and is shared by descriptors that dup() or fork() copied.
 */
import { EBADF, EMFILE, Errno } from '../errno.js';
import { NOFILE } from '../param.js';
import type { Proc } from '../proc/proc.js';
import type { Vnode } from './vnode.js';

export class File {
  refs = 1;
  offset = 0;

  constructor(
    readonly vnode: Vnode,
    /** FREAD, FWRITE, FAPPEND, FNDELAY. */
    public flags: number,
  ) {}
}

/** The File open on descriptor fd, or EBADF. */
export function getf(p: Proc, fd: number): File {
  const f = fd >= 0 && fd < NOFILE ? p.u.ofile[fd] : null;
  if (!f) throw new Errno(EBADF);
  return f;
}

/** The lowest free descriptor at or above `from`, or EMFILE. */
export function ufalloc(p: Proc, from = 0): number {
  for (let fd = from; fd < NOFILE; fd++) if (!p.u.ofile[fd]) return fd;
  throw new Errno(EMFILE);
}

/** Drop one reference to a File; the last one closes the vnode. */
export function closef(f: File): void {
  if (--f.refs > 0) return;
  f.vnode.close(f.flags);
  f.vnode.release();
}

/** Close every descriptor of a process (exit). */
export function closeAll(p: Proc): void {
  for (let fd = 0; fd < NOFILE; fd++) {
    const f = p.u.ofile[fd];
    if (f) {
      p.u.ofile[fd] = null;
      closef(f);
    }
  }
  p.u.cdir?.release();
  p.u.rdir?.release();
  p.u.cdir = null;
  p.u.rdir = null;
}

/** The child of a fork shares the parent's open files and directories. */
export function forkFiles(parent: Proc, child: Proc): void {
  for (let fd = 0; fd < NOFILE; fd++) {
    const f = parent.u.ofile[fd];
    child.u.ofile[fd] = f;
    child.u.pofile[fd] = parent.u.pofile[fd];
    if (f) f.refs++;
  }
  child.u.cdir = parent.u.cdir?.hold() ?? null;
  child.u.rdir = parent.u.rdir?.hold() ?? null;
}
