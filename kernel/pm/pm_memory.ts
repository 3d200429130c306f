/**
 * Moving the memory image (thesis §4.3.7 and §5.5, steps 4 and 3): the
 * strategy interface, and the eager strategy the thesis used — the whole
 * image (text, data, bss, heap and stack; every resident page) is sent
 * while the process is frozen, so that nothing of it is left behind.
 *
 * The strategy is the seam for the survey's other ways (pre-copy while
 * the process still runs, copy-on-reference, flushing to a server): each
 * decides what is sent before the freeze, during it, and after the
 * process runs again, and reports the bytes and pages of each part so
 * that the migration events carry them.
 *
 * A segment message is binary: kind, start, end and page count (32 bits
 * each), then for each page its virtual page number, its protection (with
 * PAGE_ZERO for a page of zeros) and, unless it is zeros, its 8 KB. The destination rebuilds an address space of private pages:
 * the text becomes private read-only pages (the text table is the
 * source's; the destination may not even have the program file). A
 * mapped file's own pages are not sent: pm_mmap.ts maps them from the
 * file on the destination.
 */
import { EINVAL, ENOMEM, EPROTO, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { NBPG, PGSHIFT, USRSTACK } from '../param.js';
import { AnonMap, anonHold } from '../vm/anon.js';
import { AddressSpace, type Mapping, PROT_READ, PROT_WRITE } from '../vm/as.js';
import type { FileId } from './pm_files.js';
import { PM_SEGMENT, type PmChannel } from './pm_proto.js';

/** In a page's protection word: the page is all zeros, and its 8 KB are not sent. */
const PAGE_ZERO = 0x100;

function isZero(ram: Uint8Array, at: number): boolean {
  for (let i = at; i < at + NBPG; i++) if (ram[i] !== 0) return false;
  return true;
}

/** Segment kinds, in the order they are sent. */
export const SEGMENTS = ['text', 'data', 'bss', 'heap', 'stack'] as const;
export type SegmentName = (typeof SEGMENTS)[number];

/** The layout of an address space (what the destination needs besides the pages). */
export interface VmLayout {
  textStart: number;
  textEnd: number;
  dataStart: number;
  brk: number;
  stackBottom: number;
  stackLimit: number;
  /** End of the initialised data and of the bss (from the a.out header), for naming the segments. */
  dataEnd: number;
  bssEnd: number;
  /**
   * The mmap regions (vm/vm_mmap.ts), [start, end), protection, shared or
   * private, and for a file its offset and its name and identity
   * (pm_mmap.ts fills those in). The pages that travel as data (those of
   * anonymous memory, and a private mapping's modified copies) go with the
   * stack's; a file's own pages are mapped from the file again.
   */
  maps?: MapLayout[];
}

/** One mmap region as it travels. */
export interface MapLayout {
  start: number;
  end: number;
  prot: number;
  shared?: boolean;
  off?: number;
  /** A file's mapping: the name to map it by again, and which file it must give (pm_files.ts). */
  file?: { name: string; id: FileId };
}

export function vmLayout(as: AddressSpace, exdata: Uint8Array): VmLayout {
  const dv = new DataView(exdata.buffer, exdata.byteOffset, exdata.byteLength);
  const data = exdata.length >= 16 ? dv.getUint32(8) : 0;
  const bss = exdata.length >= 16 ? dv.getUint32(12) : 0;
  return {
    textStart: as.textStart,
    textEnd: as.textEnd,
    dataStart: as.dataStart,
    brk: as.brk,
    stackBottom: as.stackBottom,
    stackLimit: as.stackLimit,
    dataEnd: as.dataStart + data,
    bssEnd: as.dataStart + data + bss,
    maps: as.maps.map((m) => ({ start: m.start, end: m.end, prot: m.prot, shared: m.shared, off: m.off })),
  };
}

/**
 * Does page vpn travel as data? Every page but a file's own (a page of a
 * MAP_SHARED file mapping, or one of a MAP_PRIVATE mapping not yet
 * written): the destination maps those from the file again.
 */
export function travels(as: AddressSpace, vpn: number): boolean {
  const page = as.pages.get(vpn) ?? as.swapped.get(vpn);
  return !(page?.vn?.vp && as.mapAt(vpn << PGSHIFT)?.vp);
}

const roundUp = (a: number) => Math.ceil(a / NBPG) * NBPG;

/** Which segment the page at va belongs to (each page to exactly one). */
export function segmentOf(l: VmLayout, va: number): SegmentName {
  if (va < l.textEnd) return 'text';
  if (va < roundUp(l.dataEnd)) return 'data';
  if (va < roundUp(l.bssEnd)) return 'bss';
  if (va < roundUp(l.brk)) return 'heap';
  return 'stack';
}

/** One part of the image as sent: its segment, pages and bytes on the wire. */
export interface PartSent {
  part: SegmentName;
  pages: number;
  bytes: number;
}

/** How the memory image moves. */
export interface MemoryStrategy {
  readonly name: string;
  /** At the source, while the process is frozen: send the image; report each part. */
  send(
    k: Kernel,
    ch: PmChannel,
    as: AddressSpace,
    l: VmLayout,
    report: (s: PartSent) => void,
  ): Generator<void, void, void>;
  /** At the destination: take one segment message into the address space being built. */
  receive(k: Kernel, as: AddressSpace, body: Uint8Array): PartSent;
}

/** The eager strategy: every resident page, segment by segment, during the freeze. */
export const eagerStrategy: MemoryStrategy = {
  name: 'eager',
  *send(k, ch, as, l, report) {
    const bySeg = new Map<SegmentName, number[]>(SEGMENTS.map((s) => [s, []]));
    // Resident and paged-out pages alike (a paged-out one is read from its
    // swap slot, not brought in); pages never touched are not sent: the
    // layout makes them demand-zero at the destination too.
    // A file's own pages stay (pm_mmap.ts maps them from the file there).
    for (const vpn of as.touched()) if (travels(as, vpn)) bySeg.get(segmentOf(l, vpn << PGSHIFT))?.push(vpn);
    for (const seg of SEGMENTS) {
      const vpns = bySeg.get(seg) ?? [];
      const data = vpns.map((vpn) => as.readPage(vpn) ?? new Uint8Array(NBPG));
      // A page of zeros (a fresh heap page) goes as its header alone.
      const zero = data.map((d) => isZero(d, 0));
      const full = zero.filter((z) => !z).length;
      const body = new Uint8Array(16 + vpns.length * 8 + full * NBPG);
      const dv = new DataView(body.buffer);
      const [start, end] = segmentBounds(l, seg);
      dv.setUint32(0, SEGMENTS.indexOf(seg));
      dv.setUint32(4, start);
      dv.setUint32(8, end);
      dv.setUint32(12, vpns.length);
      let at = 16;
      vpns.forEach((vpn, i) => {
        dv.setUint32(at, vpn);
        dv.setUint32(at + 4, as.protOf(vpn) | (zero[i] ? PAGE_ZERO : 0));
        at += 8;
        if (zero[i]) return;
        body.set(data[i], at);
        at += NBPG;
      });
      k.chargeCopy(full * NBPG);
      const bytes = yield* ch.send(PM_SEGMENT, body);
      report({ part: seg, pages: vpns.length, bytes });
    }
  },
  receive(k, as, body) {
    if (body.length < 16) throw new Errno(EPROTO);
    const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const kind = dv.getUint32(0);
    const count = dv.getUint32(12);
    if (kind >= SEGMENTS.length) throw new Errno(EPROTO);
    let at = 16;
    for (let i = 0; i < count; i++) {
      if (at + 8 > body.length) throw new Errno(EPROTO);
      const vpn = dv.getUint32(at);
      const flags = dv.getUint32(at + 4);
      const prot = flags & (PROT_READ | PROT_WRITE);
      const va = vpn << PGSHIFT;
      at += 8;
      if (vpn === 0 || va >>> 0 >= USRSTACK || as.pages.has(vpn)) throw new Errno(EINVAL);
      const page = as.addPage(va, prot);
      if (!page) throw new Errno(ENOMEM);
      if (flags & PAGE_ZERO) continue; // a new frame is zeros already
      if (at + NBPG > body.length) throw new Errno(EPROTO);
      k.mem.ram.set(body.subarray(at, at + NBPG), page.frame * NBPG);
      at += NBPG;
    }
    if (at !== body.length) throw new Errno(EPROTO);
    k.chargeCopy(body.length);
    return { part: SEGMENTS[kind], pages: count, bytes: body.length + 8 };
  },
};

function segmentBounds(l: VmLayout, seg: SegmentName): [number, number] {
  switch (seg) {
    case 'text':
      return [l.textStart, l.textEnd];
    case 'data':
      return [l.dataStart, l.dataEnd];
    case 'bss':
      return [l.dataEnd, l.bssEnd];
    case 'heap':
      return [l.bssEnd, l.brk];
    default:
      return [l.stackBottom, USRSTACK];
  }
}

/**
 * An empty address space with the layout received, for the pages to go
 * into, with this machine's swap reserved for its data, heap and stack
 * (ENOMEM if it cannot be: the migration is refused).
 */
export function newSpace(k: Kernel, l: VmLayout): AddressSpace {
  const as = AddressSpace.laidOut(k.mem, l);
  if (!as.reserve()) throw new Errno(ENOMEM);
  for (const m of l.maps ?? []) {
    const ok =
      Number.isInteger(m.start) &&
      Number.isInteger(m.end) &&
      m.start % NBPG === 0 &&
      m.end % NBPG === 0 &&
      m.start > 0 &&
      m.end > m.start &&
      m.end <= USRSTACK;
    if (!ok) throw new Errno(EPROTO);
    const shared = m.shared === true;
    // Private pages may all be written: swap for each, as mmap reserves.
    const pages = shared ? 0 : (m.end - m.start) / NBPG;
    if (!k.mem.swap.reserve(pages)) {
      as.clear();
      throw new Errno(ENOMEM);
    }
    as.mapres += pages;
    // Shared anonymous memory: a new object here, its swap promised as mmap promises it.
    const anon = shared && !m.file ? AnonMap.create(k.mem, (m.end - m.start) / NBPG) : null;
    if (shared && !m.file && !anon) {
      as.clear();
      throw new Errno(ENOMEM);
    }
    const map: Mapping = {
      start: m.start,
      end: m.end,
      prot: m.prot & (PROT_READ | PROT_WRITE),
      shared,
      vp: null, // a file's is opened by pm_mmap.ts once the pages are in
      off: Number.isInteger(m.off) && (m.off as number) >= 0 ? (m.off as number) : 0,
      obj: anon ?? {},
      path: null,
    };
    if (!shared) map.obj = map; // (shared anonymous memory: a fresh object, kept by this space's forks)
    as.maps.push(map);
    anonHold(map);
  }
  return as;
}
