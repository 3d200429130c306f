/**
 * The write-back of mapped pages of remote (NFS) files: a modified page
 * that goes back to its file at munmap, exit, msync or a migration cannot
 * be written where that happens (which cannot wait for the network), so
 * it is queued here, and a kernel process ("mapwrite") writes it through
 * NFS as the user who mapped the file, then pushes the file to its server
 * (fsync). Pages are written in the order they came. msync waits for it
 * (written below); a fault that would read a page back waits too, so that
 * it never reads what the server has before the queued write
 * (VnPages.pagein, through `pending`).
 */
import { Errno } from '../errno.js';
import { kwait, type Vnode } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { PZERO } from '../param.js';
import type { Ucred } from '../proc/cred.js';
import { kproc_start } from '../proc/kproc.js';
import type { Proc } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';

interface Writers {
  queue: { vp: Vnode; off: number; data: Uint8Array }[];
  /** The files the kernel process is writing (until their fsync is done). */
  busy: Set<Vnode>;
  running: boolean;
  /** Whose a file's pages are: the user of the (last) process that mapped it here. */
  creds: WeakMap<Vnode, Ucred>;
}

const byKernel = new WeakMap<Kernel, Writers>();

/** The write-back of k (installing it as the page cache's writeLater the first time). */
function writers(k: Kernel): Writers {
  let w = byKernel.get(k);
  if (w) return w;
  const made: Writers = { queue: [], busy: new Set(), running: false, creds: new WeakMap() };
  w = made;
  byKernel.set(k, made);
  k.mem.vnpages.writeLater = (vp, off, data) => {
    made.queue.push({ vp: vp.hold(), off, data });
    made.busy.add(vp);
    if (!made.running) {
      made.running = true;
      kproc_start(k, 'mapwrite', (kp) => writeOut(k, kp, made));
    }
  };
  k.mem.vnpages.pending = (vp) => written(k, k.sched.curproc as Proc, vp);
  return made;
}

/** vp, a remote file, is mapped by a process of `cred`: its pages are written back as that user. */
export function mapRemote(k: Kernel, vp: Vnode, cred: Ucred): void {
  writers(k).creds.set(vp, cred.clone());
}

function* writeOut(k: Kernel, kp: Proc, w: Writers): Generator<void, void, void> {
  const root = kp.cred;
  try {
    while (w.queue.length > 0) {
      const done = new Set<Vnode>();
      for (let job = w.queue.shift(); job; job = w.queue.shift()) {
        const { vp, off, data } = job;
        const cred = w.creds.get(vp) ?? root;
        yield* writeOne(k, kp, cred, vp, () => kwait(vp.write(off, data, 0)));
        if (done.has(vp)) vp.release();
        else done.add(vp); // its hold kept for the fsync
      }
      for (const vp of done) {
        yield* writeOne(k, kp, w.creds.get(vp) ?? root, vp, () => kwait(vp.fsync(kp.cred)));
        vp.release();
        if (!w.queue.some((j) => j.vp === vp)) w.busy.delete(vp);
        k.sched.wakeup(w);
      }
    }
  } finally {
    w.running = false;
    w.busy.clear();
    k.sched.wakeup(w);
  }
}

/**
 * One write or fsync as the user (mapwrite takes on the credentials of
 * each file's user in turn: it is this module's own process); a failure
 * (the server refused) is logged, as a lost page-out is.
 */
function* writeOne(
  k: Kernel,
  kp: Proc,
  cred: Ucred,
  vp: Vnode,
  body: () => Generator<void, unknown, void>,
): Generator<void, void, void> {
  kp.cred = cred;
  try {
    yield* body();
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    k.log(
      `mapwrite: a mapped page of file ${vp.getattr().fileid} could not be written back (error ${e.errno})\n`,
    );
  }
}

/** Wait until the pages of vp queued for writing are at its server. */
export function* written(k: Kernel, p: Proc, vp: Vnode): Generator<void, void, void> {
  const w = byKernel.get(k);
  while (w?.busy.has(vp)) yield* tsleep(k.sched, p, w, PZERO, 'mapwrite');
}
