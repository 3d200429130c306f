/**
 * A process address space: which virtual pages exist, which frame holds
 * each, and whether it may be written. This is the kernel's truth; the
 * Sun-3 MMU only caches it (pmap.ts loads entries on demand, and may throw
 * them away when contexts or PMEGs are stolen).
 *
 * Layout (SunOS a.out ZMAGIC on a Sun-3): text from 0x2000 (read-only),
 * data and bss from the next 128 KB boundary, the heap growing up from the
 * end of bss to the break, the stack growing down from USRSTACK.
 *
 * A page of data, bss, heap or stack is in one of three states: resident
 * (`pages`: it has a frame), paged out (`swapped`: its contents are in a
 * swap slot), or not yet touched (in neither map: a demand-zero page, which
 * the first access fills with zeros). Every page of the data, heap and
 * stack regions holds a swap reservation (`swres`, vm_swap.ts) from the
 * moment the region grows over it, so that it has somewhere to go.
 */

import type { Vnode } from '../fs/vnode.js';
import { NBPG, PGSHIFT, USRSTACK } from '../param.js';
import { anonHold, anonRelease, isAnonShared } from './anon.js';
import type { PageAllocator } from './page.js';
import { swapin } from './swap_pager.js';
import type { Text } from './text.js';

export const PROT_READ = 1;
export const PROT_WRITE = 2;

/** A resident page: its frame and protection. */
export interface Page {
  frame: number;
  prot: number;
  /**
   * Copy-on-write: the frame is shared with another address space since a
   * fork. The MMU maps it read-only; the first write copies it (or, if no
   * one else still shares it, simply takes it over).
   */
  cow?: boolean;
  /**
   * Modified since its swap copy was written (or never written): the
   * Sun-3 MMU's M bit, gathered here when the kernel drops the page's
   * translation (pmap.ts), and set by the kernel's own stores (copyout).
   */
  mod?: boolean;
  /** The MMU's R bit gathered when the translation was dropped; the clock's front hand clears it. */
  ref?: boolean;
  /** The swap slot holding a copy of the page (vm_sw.ts), if any. */
  slot?: number;
  /** The frame is a mapped file's (or shared anonymous memory's) page, held in vn_pages.ts. */
  vn?: { obj: object; vp: Vnode | null; idx: number };
  /** Mapped MAP_SHARED: stores go to the file's page itself, and fork shares it rather than copying. */
  shared?: boolean;
}

/**
 * A region made by mmap (vm_mmap.ts): [start, end) maps `vp` from byte
 * offset `off` (vp null: anonymous memory), shared or private, with `prot`.
 * `obj` is the identity of the pages a shared mapping maps: the vnode, or
 * for shared anonymous memory an object made at mmap and kept by fork.
 */
export interface Mapping {
  start: number;
  end: number;
  prot: number;
  shared: boolean;
  vp: Vnode | null;
  off: number;
  obj: object;
  /** The absolute name the file was opened by (the File's path), for migration to find it again. */
  path?: string | null;
}

/** What a fault gives (AddressSpace.fault). */
export type Fault = Page | null | 'nomem' | 'pagein';

/** The index in its object of the page of mapping m holding va. */
/** The page of m's object that holds address va. */
export const pageIndex = (m: Mapping, va: number) =>
  (m.off + (((va >>> PGSHIFT) << PGSHIFT) - m.start)) / NBPG;

/** Where an address space's regions are. */
export type Layout = Pick<
  AddressSpace,
  'textStart' | 'textEnd' | 'dataStart' | 'brk' | 'stackBottom' | 'stackLimit'
>;

export class AddressSpace {
  /** Resident pages by virtual page number. */
  readonly pages = new Map<number, Page>();
  /** Paged-out pages (their contents in a swap slot; `frame` is the one they left, for a reclaim). */
  readonly swapped = new Map<number, Page>();
  /** Pages of swap reserved for the data, heap and stack regions. */
  swres = 0;
  /** The swapper took all its pages (vm_swap.ts); cleared when the process runs again. */
  swappedOut = false;
  /** Regions made by mmap, in no particular order. */
  maps: Mapping[] = [];
  /** Pages of swap reserved for private mappings (apart from swres, which follows the layout). */
  mapres = 0;
  /** Text [textStart, textEnd), data/bss/heap [dataStart, brk), stack [stackBottom, USRSTACK). */
  textStart = 0;
  textEnd = 0;
  dataStart = 0;
  brk = 0;
  stackBottom = USRSTACK;
  /** How far the stack may grow (the stack size limit). */
  stackLimit: number;
  /** The shared text this space maps at [textStart, textEnd), from the text table (text.ts). */
  text: Text | null = null;
  /** MMU state owned by pmap.ts: the hardware context (or -1) and the PMEG of each segment. */
  ctx = -1;
  readonly pmegs = new Map<number, number>();
  /** Page faults served, and copy-on-write copies made (for rusage and the statistics). */
  faults = 0;
  /** Faults that read a page from swap (rusage's major faults). */
  pageins = 0;
  cowCopies = 0;
  /** Times the MMU took this space's context or a PMEG away for another. */
  ctxStolen = 0;
  pmegStolen = 0;

  constructor(
    readonly mem: PageAllocator,
    stackLimit: number,
  ) {
    this.stackLimit = stackLimit;
  }

  /** The page at virtual address va, if resident. */
  lookup(va: number): Page | undefined {
    return this.pages.get(va >>> PGSHIFT);
  }

  /**
   * Would an access to va be legal if the page were there? True inside text,
   * data/bss/heap, the current stack, or the stack's growth room down to its
   * limit (the caller checks the access against the stack pointer).
   */
  private inRegion(va: number): 'text' | 'data' | 'stack' | 'map' | null {
    const a = va >>> 0;
    if (this.mapAt(a)) return 'map';
    if (a >= this.textStart && a < this.textEnd) return 'text';
    if (a >= this.dataStart && a < this.brk) return 'data';
    if (a < USRSTACK && a >= USRSTACK - this.stackLimit && a >= this.brk) return 'stack';
    return null;
  }

  /** The mapping holding address va, if any. */
  mapAt(va: number): Mapping | undefined {
    const a = va >>> 0;
    return this.maps.find((m) => a >= m.start && a < m.end);
  }

  /**
   * How many of the `len` bytes from va an access could reach before it
   * faults: pages that are there (writable, for a write), or that a fault
   * would make (heap, stack growth room). Nothing is touched or made. A
   * system call sizes its work by this, not by the count it was given, so
   * that a count of 2 GB with a small buffer costs no more than the buffer.
   */
  reach(va: number, len: number, write: boolean): number {
    let done = 0;
    while (done < len) {
      const a = (va + done) >>> 0;
      const page = this.pages.get(a >>> PGSHIFT);
      const region = page ? null : this.inRegion(a);
      const map = region === 'map' ? this.mapAt(a) : undefined;
      const ok = page
        ? !write || (page.prot & PROT_WRITE) !== 0
        : region === 'data' ||
          region === 'stack' ||
          (map !== undefined && map.prot & (write ? PROT_WRITE : PROT_READ));
      if (!ok) break;
      done += Math.min(len - done, NBPG - (a & (NBPG - 1)));
    }
    return done;
  }

  /**
   * Make the page holding va resident for an access, zero-filling it if it
   * belongs to the address space but was never touched. Returns the page, or
   * null when the access is not allowed (no such page, or a write to text),
   * 'nomem' when no frame is free, or 'pagein' when the page is a remote
   * (NFS) file's and must be read first where the caller can sleep
   * (filePage says which; trap.ts).
   */
  fault(va: number, write: boolean): Fault {
    const vpn = va >>> PGSHIFT;
    let present = this.pages.get(vpn);
    if (!present) {
      const out = this.swapped.get(vpn);
      if (out) {
        if (!swapin(this, vpn, out)) return 'nomem';
        present = out;
      }
    }
    if (present) {
      if (!write) return present;
      if (!(present.prot & PROT_WRITE)) return null;
      if (present.cow) return this.breakCow(vpn, present);
      present.mod = true;
      return present;
    }
    const region = this.inRegion(va);
    if (region === null || region === 'text') return null;
    if (region === 'map') return this.mapFault(va, write);
    if (region === 'stack' && vpn << PGSHIFT < this.stackBottom) {
      // Stack growth: reserve swap for the pages down to here first.
      const old = this.stackBottom;
      this.stackBottom = vpn << PGSHIFT;
      if (!this.reserve()) {
        this.stackBottom = old;
        return 'nomem';
      }
    }
    const frame = this.mem.alloc();
    if (frame < 0) return 'nomem';
    const page: Page = { frame, prot: PROT_READ | PROT_WRITE, mod: true };
    this.install(vpn, page);
    this.faults++;
    this.mem.cnt.zfod++;
    return page;
  }

  /**
   * First touch of a page in an mmap'd region (SunOS's segvn_fault): the
   * file's page (or shared anonymous memory's) from vn_pages.ts, mapped
   * as it is when shared, copy-on-write when private; private anonymous
   * memory is demand-zero like the heap.
   */
  private mapFault(va: number, write: boolean): Fault {
    const m = this.mapAt(va) as Mapping;
    if (!(m.prot & (write ? PROT_WRITE : PROT_READ))) return null;
    const vpn = va >>> PGSHIFT;
    if (!m.shared && !m.vp) {
      const frame = this.mem.alloc();
      if (frame < 0) return 'nomem';
      const page: Page = { frame, prot: m.prot, mod: true };
      this.install(vpn, page);
      this.faults++;
      this.mem.cnt.zfod++;
      return page;
    }
    const idx = pageIndex(m, va);
    if (m.vp && idx * NBPG >= m.vp.getattr().size) return null; // wholly past the end of the file
    if (!this.mem.vnpages.canFault(m.obj, m.vp, idx)) return 'pagein'; // an NFS file's page: read it, sleeping
    const pgin = this.mem.cnt.pgin;
    const frame = this.mem.vnpages.frame(m.obj, m.vp, idx);
    if (frame < 0) return 'nomem';
    if (this.mem.cnt.pgin !== pgin) this.pageins++; // read from the file or from swap: a major fault
    this.mem.hold(frame);
    const vn = { obj: m.obj, vp: m.vp, idx };
    const page: Page = m.shared
      ? { frame, prot: m.prot, shared: true, vn }
      : { frame, prot: m.prot, cow: true, vn };
    this.pages.set(vpn, page);
    this.mem.vnpages.mapped(m.obj, idx, this, vpn, page);
    this.faults++;
    if (write && page.cow) return this.breakCow(vpn, page);
    if (write) page.mod = true;
    return page;
  }

  /**
   * Is va in a mapping of a file, in a page wholly beyond the file's end?
   * (An access there is SIGBUS rather than SIGSEGV, as on SunOS: the file
   * was truncated under the mapping, or the mapping is longer than the file.)
   */
  beyondEof(va: number): boolean {
    const m = this.mapAt(va);
    return m?.vp ? pageIndex(m, va) * NBPG >= m.vp.getattr().size : false;
  }

  /** The file and page index a mapping of a file has at va (what a 'pagein' fault must read), else null. */
  filePage(va: number): { vp: Vnode; idx: number } | null {
    const m = this.mapAt(va);
    return m?.vp ? { vp: m.vp, idx: pageIndex(m, va) } : null;
  }

  /** Make `page` this space's resident page vpn, owned by it in the core map. */
  install(vpn: number, page: Page): void {
    this.pages.set(vpn, page);
    this.mem.own(page.frame, this, vpn, page);
  }

  /** Pages the layout asks swap for: data, bss and heap up to the break, and the stack. */
  private get needed(): number {
    return Math.ceil((this.brk - this.dataStart) / NBPG) + Math.ceil((USRSTACK - this.stackBottom) / NBPG);
  }

  /**
   * Bring the swap reservation in line with the layout (after exec, brk,
   * stack growth, fork, migration). Growing it may fail (false: nothing
   * changed); shrinking always succeeds.
   */
  reserve(): boolean {
    const need = this.needed - this.swres;
    if (need > 0 && !this.mem.swap.reserve(need)) return false;
    if (need < 0) this.mem.swap.unreserve(-need);
    this.swres += need;
    return true;
  }

  /** First write to a copy-on-write page: copy the frame unless this space is its last user. */
  private breakCow(vpn: number, page: Page): Page | 'nomem' {
    if (this.mem.refs[page.frame] === 1) {
      page.cow = false;
      page.mod = true;
      this.mem.own(page.frame, this, vpn, page);
      return page;
    }
    const frame = this.mem.alloc();
    if (frame < 0) return 'nomem';
    const ram = this.mem.ram;
    ram.copyWithin(frame * NBPG, page.frame * NBPG, (page.frame + 1) * NBPG);
    this.mem.release(page.frame);
    if (page.vn) this.mem.vnpages.unmapped(page.vn.obj, page.vn.vp, page.vn.idx, false, page);
    if (page.slot !== undefined) this.mem.swap.release(page.slot); // the copy is new: its old swap copy is no use
    const copy: Page = { frame, prot: page.prot, mod: true };
    this.install(vpn, copy);
    this.mem.cnt.cow++;
    this.cowCopies++;
    this.mem.cowCopies++;
    this.mem.moved(this, vpn << PGSHIFT); // the MMU must not keep mapping the shared frame
    return copy;
  }

  /** Add a new zeroed page (exec, brk, stack set-up). Returns false when memory is exhausted. */
  addPage(va: number, prot: number): Page | null {
    const frame = this.mem.alloc();
    if (frame < 0) return null;
    const page: Page = { frame, prot, mod: true };
    this.drop(va >>> PGSHIFT);
    this.install(va >>> PGSHIFT, page);
    return page;
  }

  /** Free page vpn, resident or paged out: its frame and its swap slot. */
  private drop(vpn: number): void {
    const p = this.pages.get(vpn) ?? this.swapped.get(vpn);
    if (!p) return;
    if (this.pages.delete(vpn)) {
      this.mem.release(p.frame);
      if (p.vn)
        this.mem.vnpages.unmapped(p.vn.obj, p.vn.vp, p.vn.idx, p.shared === true && p.mod === true, p);
    } else this.swapped.delete(vpn);
    if (p.slot !== undefined) this.mem.swap.release(p.slot);
  }

  /** Free page vpn (munmap; the caller has dropped its translation, gathering its M bit). */
  dropPage(vpn: number): void {
    this.drop(vpn);
  }

  /** Release the pages in [start, end). */
  removeRange(start: number, end: number): void {
    for (let vpn = Math.ceil(start / NBPG); vpn < Math.ceil(end / NBPG); vpn++) this.drop(vpn);
  }

  /** Release everything (exit, exec), including this space's use of its shared text and its swap. */
  clear(): void {
    for (const vpn of [...this.pages.keys(), ...this.swapped.keys()]) this.drop(vpn);
    this.mem.swap.unreserve(this.swres + this.mapres);
    this.swres = 0;
    this.mapres = 0;
    for (const m of this.maps) {
      anonRelease(this.mem, m);
      m.vp?.release();
    }
    this.maps = [];
    this.text?.xfree();
    this.text = null;
  }

  /**
   * The contents of page vpn, resident or paged out, without bringing it in
   * (core dumps, migration); null for a page never touched.
   */
  readPage(vpn: number): Uint8Array | null {
    const p = this.pages.get(vpn);
    if (p) return this.mem.ram.slice(p.frame * NBPG, (p.frame + 1) * NBPG);
    const m = this.mapAt(vpn << PGSHIFT);
    if (m && isAnonShared(m)) return this.mem.vnpages.peek(m.obj, pageIndex(m, vpn << PGSHIFT)); // paged out, or a relative's
    const out = this.swapped.get(vpn);
    if (!out || out.slot === undefined) return null;
    const buf = new Uint8Array(NBPG);
    this.mem.swap.read(out.slot, buf, 0);
    return buf;
  }

  /** The pages that hold something (resident or paged out, here or for shared anonymous memory), in address order. */
  touched(): number[] {
    const out = [...this.pages.keys(), ...this.swapped.keys()];
    for (const m of this.maps) {
      if (!isAnonShared(m)) continue;
      for (let vpn = m.start >>> PGSHIFT; vpn < m.end >>> PGSHIFT; vpn++)
        if (!this.pages.has(vpn) && this.mem.vnpages.holds(m.obj, pageIndex(m, vpn << PGSHIFT)))
          out.push(vpn);
    }
    return out.sort((a, b) => a - b);
  }

  /** The protection of page vpn, resident or paged out. */
  protOf(vpn: number): number {
    return (this.pages.get(vpn) ?? this.swapped.get(vpn))?.prot ?? 0;
  }

  /** Map the frames of a shared text read-only from textStart (exec). */
  mapText(x: Text): void {
    this.text = x;
    x.frames.forEach((frame, i) => {
      this.mem.hold(frame);
      this.pages.set((this.textStart >>> PGSHIFT) + i, { frame, prot: PROT_READ });
    });
  }

  /**
   * The child's address space at fork (4.3BSD's vfork-less fork with
   * copy-on-write, as SunOS 4 did it): every page is shared, read-only pages
   * (text) for good, writable ones until the first write on either side.
   * The caller must write-protect this space's MMU mappings (pmap.protectAll).
   */
  duplicate(): AddressSpace | null {
    const as = AddressSpace.laidOut(this.mem, this);
    if (!as.reserve()) return null; // fork: no swap for the child's copy
    if (!this.mem.swap.reserve(this.mapres)) {
      as.clear();
      return null;
    }
    as.mapres = this.mapres;
    as.maps = this.maps.map((m) => ({ ...m, vp: m.vp?.hold() ?? null }));
    for (const m of as.maps) anonHold(m); // shared anonymous memory: one more mapping of its pages
    as.text = this.text;
    this.text?.xlink();
    for (const [vpn, p] of this.pages) {
      this.mem.hold(p.frame);
      if (p.shared) {
        // MAP_SHARED: parent and child go on mapping the one page.
        const page: Page = { frame: p.frame, prot: p.prot, shared: true, vn: p.vn };
        as.pages.set(vpn, page);
        if (p.vn) this.mem.vnpages.mapped(p.vn.obj, p.vn.idx, as, vpn, page);
        continue;
      }
      const shared = (p.prot & PROT_WRITE) !== 0 || p.cow === true;
      if (shared) p.cow = true;
      const page: Page = { frame: p.frame, prot: p.prot, cow: shared, mod: true, vn: p.vn };
      as.pages.set(vpn, page);
      if (p.vn) this.mem.vnpages.mapped(p.vn.obj, p.vn.idx, as, vpn, page);
    }
    // Paged-out pages: the child shares the swap slot until either side brings the page in.
    for (const [vpn, p] of this.swapped) {
      if (p.slot === undefined) continue;
      this.mem.swap.hold(p.slot);
      as.swapped.set(vpn, { frame: -1, prot: p.prot, slot: p.slot });
    }
    return as;
  }

  /** An empty address space with the layout of `l` (fork's copy; a migrated process's new space). */
  static laidOut(mem: PageAllocator, l: Layout): AddressSpace {
    const as = new AddressSpace(mem, l.stackLimit);
    as.textStart = l.textStart;
    as.textEnd = l.textEnd;
    as.dataStart = l.dataStart;
    as.brk = l.brk;
    as.stackBottom = l.stackBottom;
    return as;
  }

  /** Pages in use (resident set size). */
  get rss(): number {
    return this.pages.size;
  }
}
