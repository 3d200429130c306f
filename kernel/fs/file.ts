/**
 * Open files (4.3BSD's struct file and the per-process descriptor table):
 * a descriptor names a File; a File holds the vnode, the open mode and the
 * offset, and is shared by descriptors that dup() or fork() copied.
 */
import { EAGAIN, EBADF, EINVAL, EMFILE, ENFILE, Errno, EWOULDBLOCK } from '../errno.js';
import { NFILE, NOFILE } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { FAPPEND, FNDELAY, kwait, type Vnode } from './vnode.js';

/**
 * The non-blocking modes of an open file, with SunOS 4's values
 * (sys/fcntlcom.h): FNDELAY is 4.2BSD's (a read or write that would wait
 * fails with EWOULDBLOCK), FNBIO System V's (it returns 0 instead), and
 * FNONBLOCK POSIX's O_NONBLOCK (it fails with EAGAIN). `fcntl(F_SETFL)`,
 * open() and FIONBIO set them.
 */
export const FNBIO = 0x1000;
export const FNONBLOCK = 0x4000;
export const FNBIOMODES = FNDELAY | FNBIO | FNONBLOCK;
/** Open-file flags fcntl(F_GETFL/F_SETFL) reports and changes. */
export const FSETFLAGS = FAPPEND | FNBIOMODES;

/**
 * What an I/O operation that would have to wait does on a file open with
 * `flags`: 'wait' (the usual blocking I/O), 'zero' (System V FNBIO: return
 * 0 bytes), or throw EWOULDBLOCK (FNDELAY) or EAGAIN (FNONBLOCK), as SunOS
 * 4's read(2V) and write(2V) describe.
 */
export function nbio(flags: number): 'wait' | 'zero' {
  if (flags & FNONBLOCK) throw new Errno(EAGAIN);
  if (flags & FNDELAY) throw new Errno(EWOULDBLOCK);
  return flags & FNBIO ? 'zero' : 'wait';
}

/**
 * The system's open files (4.3BSD's file table): how many Files exist,
 * against the NFILE the table has room for. One per kernel.
 */
export class FileTable {
  count = 0;

  constructor(readonly nfile = NFILE) {}

  /**
   * ENFILE unless there is room for `n` more Files (4.3BSD's falloc fails
   * so, "file table overflow"): asked before a call does anything it would
   * have to undo.
   */
  room(n = 1): void {
    if (this.count + n > this.nfile) throw new Errno(ENFILE);
  }
}

export class File {
  refs = 1;
  offset = 0;
  /** The absolute name it was opened by (null: a pipe, a socket), for migration's pm_fmap. */
  path: string | null = null;

  /** A new open file, taking a slot of `table` until its last descriptor is closed (its room asked for first). */
  constructor(
    readonly table: FileTable,
    readonly vnode: Vnode,
    /** FREAD, FWRITE, FAPPEND and the non-blocking modes. */
    public flags: number,
  ) {
    table.count++;
  }
}

/** The File open on descriptor fd, or EBADF. */
export function getf(p: Proc, fd: number): File {
  const f = fd >= 0 && fd < NOFILE ? p.u.ofile[fd] : null;
  if (!f) throw new Errno(EBADF);
  return f;
}

/** The lowest free descriptor at or above `from` (EINVAL outside the table), or EMFILE. */
export function ufalloc(p: Proc, from = 0): number {
  if (!Number.isInteger(from) || from < 0 || from >= NOFILE) throw new Errno(EINVAL);
  for (let fd = from; fd < NOFILE; fd++) if (!p.u.ofile[fd]) return fd;
  throw new Errno(EMFILE);
}

/** Drop one reference to a File; the last one closes the vnode. */
export function closef(f: File): void {
  if (--f.refs > 0) return;
  f.table.count--;
  f.vnode.close(f.flags);
  f.vnode.release();
}

/**
 * Before exit closes a process's descriptors: the last closes of files of
 * a remote file system wait, as a close would, until what the process
 * wrote has reached the server (4.3BSD's exit sleeps in closef the same
 * way), so that the next open anywhere sees it. Errors are lost with the
 * process.
 */
export function* drainRemote(p: Proc): Generator<void, void, void> {
  for (let fd = 0; fd < NOFILE; fd++) {
    const f = p.u.ofile[fd];
    if (f?.refs !== 1 || !f.vnode.mountedFs()?.remote) continue;
    try {
      yield* kwait(f.vnode.drain(f.flags));
    } catch (e) {
      if (!(e instanceof Errno)) throw e;
    }
  }
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

/**
 * The child of a fork shares the parent's open files and directories, and
 * its controlling terminal (4.3BSD's u_ttyp and u_ttyd, in the u-area that
 * fork copies).
 */
export function forkFiles(parent: Proc, child: Proc): void {
  child.u.ttyp = parent.u.ttyp;
  child.u.ttyd = parent.u.ttyd;
  for (let fd = 0; fd < NOFILE; fd++) {
    const f = parent.u.ofile[fd];
    child.u.ofile[fd] = f;
    child.u.pofile[fd] = parent.u.pofile[fd];
    if (f) f.refs++;
  }
  child.u.cdir = parent.u.cdir?.hold() ?? null;
  child.u.rdir = parent.u.rdir?.hold() ?? null;
}
