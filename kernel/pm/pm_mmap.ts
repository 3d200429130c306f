/**
 * mmap regions at migration, as Sprite and the SunOS migration work did
 * it: what can be had again from the file on the other machine is mapped
 * from the file there; only what exists nowhere else travels as data.
 *
 * - Private anonymous memory: its pages travel (pm_memory.ts), as the heap's.
 * - MAP_PRIVATE of a file: the pages the process wrote (its copy-on-write
 *   copies, resident or paged out) travel as data; the others are mapped
 *   again on the destination from the same file, at the same address,
 *   protection and offset.
 * - MAP_SHARED of a file: before the freeze the modified pages are written
 *   back to the file (msync), and the destination maps the file; nothing of
 *   it travels but the description. Other processes of the source that map
 *   the file go on mapping it there: from then on the two machines share
 *   the file through NFS, with NFS's coherence between machines — none
 *   for mapped pages (docs/migration.md, "Mapped files").
 * - MAP_SHARED anonymous memory: only when no other process maps it (the
 *   rule is mapsBar, pm_files.ts); its pages travel and become shared
 *   anonymous memory of the process there (a fork there shares it again).
 *
 * A file mapping moves under the rules of open files (pm_files.ts): its
 * name (the one its descriptor was opened by) must give the same file on
 * the destination, checked at the source, by the destination before it
 * accepts, and again as it maps it. A file the destination reaches
 * through NFS cannot be read inside a page fault (which cannot wait for
 * the network; vm_mmap.ts refuses to map one), so the destination reads
 * every page of such a mapping during the transfer, and writes its
 * modified pages back through a kernel process (writeLater below).
 */
import { ENOMEM, EPROTO, Errno } from '../errno.js';
import { closef } from '../fs/file.js';
import { UfsVnode } from '../fs/ufs_vnops.js';
import { FREAD, FWRITE, kwait, type Vnode } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { NBPG, PGSHIFT, PZERO } from '../param.js';
import type { Ucred } from '../proc/cred.js';
import { kproc_start } from '../proc/kproc.js';
import type { Proc } from '../proc/proc.js';
import { tsleep } from '../proc/sched.js';
import type { SysCtx } from '../syscall.js';
import { anonRelease } from '../vm/anon.js';
import { type AddressSpace, type Mapping, PROT_WRITE } from '../vm/as.js';
import { sysMsync } from '../vm/vm_mmap.js';
import { asUser } from './pm_auth.js';
import { checkName, type FileDesc, mapsBar, mapWhat, openOne } from './pm_files.js';
import type { MapLayout } from './pm_memory.js';

/** The open mode a mapping needs of its file: reading, and writing for a writable shared one. */
const mapFlags = (m: { shared?: boolean; prot: number }) =>
  FREAD | (m.shared && m.prot & PROT_WRITE ? FWRITE : 0);

/**
 * The source's description of p's mmap regions (refusing what cannot
 * move): each region's place, and a file's name with the file it must
 * give. Made before the freeze for the destination's check, and again
 * once frozen for the transfer.
 */
export function* describeMaps(k: Kernel, p: Proc): Generator<void, MapLayout[], void> {
  const bar = mapsBar(k, p);
  if (bar) throw bar;
  const out: MapLayout[] = [];
  for (const m of p.vm.maps) {
    const d: MapLayout = { start: m.start, end: m.end, prot: m.prot, shared: m.shared, off: m.off };
    if (m.vp) {
      const name = m.path as string; // mapsBar made sure it has one
      d.file = { name, id: yield* checkName(k, p, m.vp, name, mapWhat(m)) };
    }
    out.push(d);
  }
  return out;
}

/** A mapped file as a descriptor the destination opens and checks (pm_files.ts verifyFiles, openOne). */
function asDesc(m: MapLayout): FileDesc | null {
  const f = m.file;
  if (!f || typeof f.name !== 'string' || !f.id || !Number.isInteger(m.prot)) return null;
  return { fd: -1, name: f.name, flags: mapFlags(m), offset: 0, cloexec: false, next: -1, id: f.id };
}

/** The mapped files of a request, for the destination's check before it accepts. */
export function mapFiles(maps: MapLayout[]): FileDesc[] {
  return maps.map(asDesc).filter((d): d is FileDesc => d !== null);
}

/**
 * At the source, the process frozen: the modified pages of its shared file
 * mappings are written back to their files (msync), and what was written
 * through NFS reaches the server, so that the destination's mapping reads
 * what the process stored. `r` is the process doing the migration.
 */
export function* syncMaps(k: Kernel, r: Proc, t: Proc): Generator<void, void, void> {
  for (const m of t.vm.maps) {
    if (!m.shared || !m.vp) continue;
    const ctx: SysCtx = { k, p: t, args: [m.start, m.end - m.start, 0], rv: [0, 0], noReturn: false };
    sysMsync(ctx);
    if (m.vp.mountedFs()?.remote) {
      yield* written(k, r, m.vp);
      yield* kwait(m.vp.fsync(r.cred));
    }
  }
}

/**
 * At the destination, once the pages are in: the address space's mmap
 * regions made whole. A file is opened by its name as the process's user
 * and must be the same file (else the migration is refused); a file this
 * machine reaches through NFS has its pages read now; shared anonymous
 * memory's pages, received as private ones, become its shared pages.
 */
export function* rebuildMaps(
  k: Kernel,
  p: Proc,
  cred: Ucred,
  as: AddressSpace,
  maps: MapLayout[],
): Generator<void, void, void> {
  if (maps.length !== as.maps.length) throw new Errno(EPROTO);
  for (let i = 0; i < maps.length; i++) {
    const d = maps[i];
    const m = as.maps[i];
    if (d.file) {
      const desc = asDesc(d);
      if (!desc) throw new Errno(EPROTO);
      const f = yield* openOne(k, p, desc, cred);
      anonRelease(k.mem, m); // (not anonymous memory after all, if it was made so)
      m.vp = f.vnode.hold();
      m.obj = m.vp;
      m.path = desc.name;
      closef(f);
      // A local file is read at each page's first touch; any other cannot be read in a fault.
      if (!(m.vp instanceof UfsVnode)) yield* readIn(k, p, cred, as, m);
    } else if (m.shared) {
      shareIn(as, m);
    }
  }
}

/** Page idx of m's object held as `frame`, mapped at vpn: shared, or copy-on-write when private. */
function mapHeld(as: AddressSpace, m: Mapping, vpn: number, idx: number, frame: number): void {
  as.mem.hold(frame);
  const vn = { obj: m.obj, vp: m.vp, idx };
  as.pages.set(
    vpn,
    m.shared ? { frame, prot: m.prot, shared: true, vn } : { frame, prot: m.prot, cow: true, vn },
  );
}

const idxOf = (m: Mapping, va: number) => (m.off + (va - m.start)) / NBPG;

/**
 * Every page of m within its file that did not come as data, read now
 * (through NFS, as the user) and held as the file's page on this machine.
 */
function* readIn(k: Kernel, p: Proc, cred: Ucred, as: AddressSpace, m: Mapping): Generator<void, void, void> {
  const vp = m.vp as Vnode;
  writers(k).creds.set(vp, cred.clone());
  const size = vp.getattr().size;
  for (let va = m.start; va < m.end; va += NBPG) {
    const vpn = va >>> PGSHIFT;
    const idx = idxOf(m, va);
    if (idx * NBPG >= size) break; // past the end of the file: a touch there is SIGBUS, as before
    if (as.pages.has(vpn)) continue; // the process's own copy came as data
    const data = yield* asUser(p, cred, () => kwait(vp.read(idx * NBPG, NBPG, 0)));
    const frame = as.mem.vnpages.adopt(vp, idx, data);
    if (frame < 0) throw new Errno(ENOMEM);
    mapHeld(as, m, vpn, idx, frame);
    k.chargeCopy(NBPG);
  }
}

/** Shared anonymous memory: the private pages received become the pages of its new object. */
function shareIn(as: AddressSpace, m: Mapping): void {
  for (let va = m.start; va < m.end; va += NBPG) {
    const vpn = va >>> PGSHIFT;
    const got = as.pages.get(vpn);
    if (!got) continue; // never touched: zeros at the first touch, as before
    const frame = as.mem.vnpages.adopt(m.obj, idxOf(m, va), as.mem.ram.subarray(got.frame * NBPG));
    if (frame < 0) throw new Errno(ENOMEM);
    as.pages.delete(vpn);
    as.mem.release(got.frame);
    mapHeld(as, m, vpn, idxOf(m, va), frame);
  }
}

/**
 * The write-back of mapped pages of NFS files: a page written back at
 * munmap, exit or msync is queued here, and a kernel process ("mapwrite")
 * writes it through NFS as the user who mapped it, then pushes the file
 * to its server (fsync). Pages are written in the order they came.
 */
interface Writers {
  queue: { vp: Vnode; off: number; data: Uint8Array }[];
  /** The files the kernel process is writing (until their fsync is done). */
  busy: Set<Vnode>;
  running: boolean;
  /** Whose a file's pages are: the user of the migrated process that mapped it here. */
  creds: WeakMap<Vnode, Ucred>;
}

const byKernel = new WeakMap<Kernel, Writers>();

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
  return made;
}

function* writeOut(k: Kernel, kp: Proc, w: Writers): Generator<void, void, void> {
  try {
    while (w.queue.length > 0) {
      const done = new Set<Vnode>();
      for (let job = w.queue.shift(); job; job = w.queue.shift()) {
        const { vp, off, data } = job;
        const cred = w.creds.get(vp) ?? kp.cred;
        yield* writeOne(k, kp, cred, vp, () => kwait(vp.write(off, data, 0)));
        if (done.has(vp)) vp.release();
        else done.add(vp); // its hold kept for the fsync
      }
      for (const vp of done) {
        yield* writeOne(k, kp, w.creds.get(vp) ?? kp.cred, vp, () => kwait(vp.fsync(kp.cred)));
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

/** One write or fsync as the user; a failure (the server refused) is logged, as a lost page-out is. */
function* writeOne(
  k: Kernel,
  kp: Proc,
  cred: Ucred,
  vp: Vnode,
  body: () => Generator<void, unknown, void>,
): Generator<void, void, void> {
  try {
    yield* asUser(kp, cred, body);
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    k.log(
      `mapwrite: a mapped page of file ${vp.getattr().fileid} could not be written back (error ${e.errno})\n`,
    );
  }
}

/** Wait until the pages of vp queued for writing are at its server. */
function* written(k: Kernel, p: Proc, vp: Vnode): Generator<void, void, void> {
  const w = byKernel.get(k);
  while (w?.busy.has(vp)) yield* tsleep(k.sched, p, w, PZERO, 'mapwrite');
}
