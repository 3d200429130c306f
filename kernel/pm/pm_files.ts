/**
 * Open files at migration (thesis §4.3.6 and §5.2). The source describes
 * every descriptor: the name to reopen it by (pm_fmap), its open mode and
 * flags, its offset, its close-on-exec flag, and the dup chains
 * (pm_dmap) — descriptors that share one open file, and so one offset,
 * after dup, dup2 or F_DUPFD. The destination opens each chain's file
 * once, with the process's credentials, sets its offset and flags, and
 * gives it to every descriptor of the chain.
 *
 * What moves today, and what refuses the migration — before anything is
 * frozen or sent, with the errno the caller gets:
 * - a character device (the console, /dev/tty, /dev/null) is reopened by
 *   its name in /dev on the destination: the console then means the
 *   destination's console (forwarding the terminal home is a later step);
 * - a regular file or directory is on this machine's own disk, which the
 *   destination cannot name (EXDEV). With the shared NFS file system, a
 *   file that names the same file on both machines will move by name;
 * - a pipe, a FIFO or a socket cannot be moved (EOPNOTSUPP);
 * - a block device stays with its disk (EXDEV).
 */
import { EOPNOTSUPP, EXDEV } from '../errno.js';
import { closef, type File, FNBIO, FNONBLOCK } from '../fs/file.js';
import { lookupVnode } from '../fs/namei.js';
import { FAPPEND, FNDELAY, FREAD, FWRITE, kwait, VCHR, VFIFO, type Vnode, VSOCK } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { NOFILE } from '../param.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import { O_NOCTTY, openPath } from '../sys/vfs_syscalls.js';
import type { SysCtx } from '../syscall.js';
import { PmRefusal } from './pm_auth.js';
import { rttyName, rttyOpen } from './pm_tty.js';

/** One descriptor as the source sends it. */
export interface FileDesc {
  fd: number;
  /** The name to reopen it by (pm_fmap[fd]). */
  name: string;
  /** FREAD, FWRITE, FAPPEND and the non-blocking modes. */
  flags: number;
  offset: number;
  cloexec: boolean;
  /** The next descriptor sharing this open file (pm_dmap[fd]), -1 at the end of the chain. */
  next: number;
}

/** The name in /dev of character device `rdev`, as ttyname finds a terminal's; null if none. */
function* devName(k: Kernel, p: Proc, rdev: number): Generator<void, string | null, void> {
  let dev: Vnode;
  try {
    dev = yield* lookupVnode(k.root, p, '/dev');
  } catch {
    return null;
  }
  try {
    for (let cookie = 0; ; ) {
      const { entries, next } = yield* kwait(dev.readdir(cookie, 32, p.cred));
      if (entries.length === 0) return null;
      for (const e of entries) {
        if (e.name === '.' || e.name === '..') continue;
        const vp = (yield* kwait(dev.lookup(e.name, p.cred))).hold();
        try {
          const a = vp.getattr();
          if (vp.type === VCHR && a.rdev === rdev) return `/dev/${e.name}`;
        } finally {
          vp.release();
        }
      }
      cookie = next;
    }
  } finally {
    dev.release();
  }
}

/**
 * Describe p's descriptors (the source's side), refusing what cannot move.
 * Fills the pm_struct's fmap and dmap as a side effect of the caller.
 */
export function* describeFiles(k: Kernel, p: Proc): Generator<void, FileDesc[], void> {
  const out: FileDesc[] = [];
  const lastOf = new Map<File, FileDesc>();
  for (let fd = 0; fd < NOFILE; fd++) {
    const f = p.u.ofile[fd];
    if (!f) continue;
    const vp = f.vnode;
    // A terminal that already goes home keeps its name there (pm_tty.ts).
    let name: string | null = rttyName(f, p.u.pm?.home ?? 0);
    if (name === null && vp.type === VCHR) {
      name = yield* devName(k, p, vp.getattr().rdev);
      if (name === null) throw new PmRefusal(EXDEV, `descriptor ${fd} is a device with no name in /dev`);
    } else if (name === null && (vp.type === VFIFO || vp.type === VSOCK)) {
      throw new PmRefusal(EOPNOTSUPP, `descriptor ${fd} is a ${vp.type === VSOCK ? 'socket' : 'pipe'}`);
    } else if (name === null) {
      throw new PmRefusal(EXDEV, `descriptor ${fd} is a file on this machine's own disk`);
    }
    const d: FileDesc = {
      fd,
      name,
      flags: f.flags,
      offset: f.offset,
      cloexec: (p.u.pofile[fd] & 1) !== 0,
      next: -1,
    };
    const prev = lastOf.get(f);
    if (prev) prev.next = fd;
    lastOf.set(f, d);
    out.push(d);
  }
  return out;
}

/**
 * Reopen the descriptors on the destination (the destination's side):
 * each chain's file once, by name, with the migrated process's
 * credentials, then shared along the chain. Returns the new descriptor
 * table (not yet installed: the process is still frozen); on failure,
 * whatever was opened is closed again.
 */
export function* reopenFiles(
  k: Kernel,
  p: Proc,
  cred: Ucred,
  descs: FileDesc[],
  /** The process's home: its terminals stay there (pm_tty.ts). */
  home = 0,
): Generator<void, (File | null)[], void> {
  const table: (File | null)[] = new Array(NOFILE).fill(null);
  const byFd = new Map(descs.map((d) => [d.fd, d]));
  const inChain = new Set<number>();
  for (const d of descs) if (d.next >= 0) inChain.add(d.next);
  const saved = p.cred;
  p.cred = cred;
  try {
    for (const head of descs) {
      if (inChain.has(head.fd)) continue; // opened with its chain's head
      if (!/^\/dev\/[^/]+$/.test(head.name))
        throw new PmRefusal(EXDEV, `${head.name} cannot be reopened here`);
      const f = rttyOpen(k, head, home, cred.uid) ?? (yield* openOne(k, p, head));
      for (let d: FileDesc | undefined = head; d; d = d.next >= 0 ? byFd.get(d.next) : undefined) {
        if (d.fd < 0 || d.fd >= NOFILE || table[d.fd]) throw new PmRefusal(EXDEV, 'bad dup chain');
        if (d !== head) f.refs++;
        table[d.fd] = f;
      }
    }
  } catch (e) {
    for (const f of new Set(table)) while (f && f.refs > 0) closef(f);
    throw e;
  } finally {
    p.cred = saved;
  }
  return table;
}

/** Open one file by name as the process would, and give it the source's offset and flags. */
function* openOne(k: Kernel, p: Proc, d: FileDesc): Generator<void, File, void> {
  const ctx: SysCtx = { k, p, args: [], rv: [0, 0], noReturn: false };
  const oflags =
    (((d.flags & (FREAD | FWRITE)) - 1) & 3) | (d.flags & (FAPPEND | FNDELAY | FNBIO | FNONBLOCK)) | O_NOCTTY;
  yield* openPath(ctx, d.name, oflags, 0);
  const fd = ctx.rv[0];
  const f = p.u.ofile[fd] as File;
  p.u.ofile[fd] = null;
  f.offset = d.offset;
  f.flags = d.flags;
  return f;
}
