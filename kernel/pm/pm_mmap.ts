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
 * accepts, and again as it maps it. Nothing of a file is read during
 * the transfer: on the destination each page is read at its first touch,
 * through NFS when the file is remote there (the fault sleeps for it),
 * and modified pages of a remote file go back through the mapwrite
 * kernel process (vm/vn_writeback.ts).
 */
import { ENOMEM, EPROTO, Errno } from '../errno.js';
import { closef } from '../fs/file.js';
import { FREAD, FWRITE } from '../fs/vnode.js';
import type { Kernel } from '../kernel.js';
import { NBPG, PGSHIFT } from '../param.js';
import type { Ucred } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import { anonRelease } from '../vm/anon.js';
import { type AddressSpace, type Mapping, PROT_WRITE, pageIndex } from '../vm/as.js';
import { msync } from '../vm/vm_mmap.js';
import { mapRemote } from '../vm/vn_writeback.js';
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
  for (const m of t.vm.maps) if (m.shared && m.vp) yield* msync(k, r, t.vm, m.start, m.end, true);
}

/**
 * At the destination, once the pages are in: the address space's mmap
 * regions made whole. A file is opened by its name as the process's user
 * and must be the same file (else the migration is refused); its pages
 * are read as they are touched, as for any mapping; shared anonymous
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
      // Each page is read at its first touch here, an NFS file's too (the fault sleeps for it, trap.ts);
      // its modified pages go back as the process's user (vn_writeback.ts).
      if (m.vp.mountedFs()?.remote) mapRemote(k, m.vp, cred);
    } else if (m.shared) {
      shareIn(as, m);
    }
  }
}

/** Page idx of m's object held as `frame`, mapped at vpn: shared, or copy-on-write when private. */
function mapHeld(as: AddressSpace, m: Mapping, vpn: number, idx: number, frame: number): void {
  as.mem.hold(frame);
  const vn = { obj: m.obj, vp: m.vp, idx };
  const page = m.shared ? { frame, prot: m.prot, shared: true, vn } : { frame, prot: m.prot, cow: true, vn };
  as.pages.set(vpn, page);
  as.mem.vnpages.mapped(m.obj, idx, as, vpn, page); // (so that the page daemon may take it)
}

/** Shared anonymous memory: the private pages received become the pages of its new object. */
function shareIn(as: AddressSpace, m: Mapping): void {
  for (let va = m.start; va < m.end; va += NBPG) {
    const vpn = va >>> PGSHIFT;
    const got = as.pages.get(vpn);
    if (!got) continue; // never touched: zeros at the first touch, as before
    const frame = as.mem.vnpages.adopt(m.obj, pageIndex(m, va), as.mem.ram.subarray(got.frame * NBPG));
    if (frame < 0) throw new Errno(ENOMEM);
    as.pages.delete(vpn);
    as.mem.release(got.frame);
    mapHeld(as, m, vpn, pageIndex(m, va), frame);
  }
}
