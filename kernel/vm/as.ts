/**
 * A process address space: which virtual pages exist, which frame holds
 * each, and whether it may be written. This is the kernel's truth; the
 * Sun-3 MMU only caches it (pmap.ts loads entries on demand, and may throw
 * them away when contexts or PMEGs are stolen).
 *
 * Layout (SunOS a.out ZMAGIC on a Sun-3): text from 0x2000 (read-only),
 * data and bss from the next 128 KB boundary, the heap growing up from the
 * end of bss to the break, the stack growing down from USRSTACK.
 */
import { NBPG, PGSHIFT, USRSTACK } from '../param.js';
import type { PageAllocator } from './page.js';
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
}

/** Where an address space's regions are. */
export type Layout = Pick<
  AddressSpace,
  'textStart' | 'textEnd' | 'dataStart' | 'brk' | 'stackBottom' | 'stackLimit'
>;

export class AddressSpace {
  /** Resident pages by virtual page number. */
  readonly pages = new Map<number, Page>();
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
  private inRegion(va: number): 'text' | 'data' | 'stack' | null {
    const a = va >>> 0;
    if (a >= this.textStart && a < this.textEnd) return 'text';
    if (a >= this.dataStart && a < this.brk) return 'data';
    if (a < USRSTACK && a >= USRSTACK - this.stackLimit && a >= this.brk) return 'stack';
    return null;
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
      const ok = page ? !write || (page.prot & PROT_WRITE) !== 0 : region === 'data' || region === 'stack';
      if (!ok) break;
      done += Math.min(len - done, NBPG - (a & (NBPG - 1)));
    }
    return done;
  }

  /**
   * Make the page holding va resident for an access, zero-filling it if it
   * belongs to the address space but was never touched. Returns the page, or
   * null when the access is not allowed (no such page, or a write to text),
   * or 'nomem' when no frame is free.
   */
  fault(va: number, write: boolean): Page | null | 'nomem' {
    const vpn = va >>> PGSHIFT;
    const present = this.pages.get(vpn);
    if (present) {
      if (!write) return present;
      if (!(present.prot & PROT_WRITE)) return null;
      if (present.cow) return this.breakCow(vpn, present);
      return present;
    }
    const region = this.inRegion(va);
    if (region === null || region === 'text') return null;
    const frame = this.mem.alloc();
    if (frame < 0) return 'nomem';
    const page = { frame, prot: PROT_READ | PROT_WRITE };
    this.pages.set(vpn, page);
    if (region === 'stack') this.stackBottom = Math.min(this.stackBottom, vpn << PGSHIFT);
    this.faults++;
    return page;
  }

  /** First write to a copy-on-write page: copy the frame unless this space is its last user. */
  private breakCow(vpn: number, page: Page): Page | 'nomem' {
    if (this.mem.refs[page.frame] === 1) {
      page.cow = false;
      return page;
    }
    const frame = this.mem.alloc();
    if (frame < 0) return 'nomem';
    const ram = this.mem.ram;
    ram.copyWithin(frame * NBPG, page.frame * NBPG, (page.frame + 1) * NBPG);
    this.mem.release(page.frame);
    const copy = { frame, prot: page.prot };
    this.pages.set(vpn, copy);
    this.cowCopies++;
    this.mem.cowCopies++;
    this.mem.moved(this, vpn << PGSHIFT); // the MMU must not keep mapping the shared frame
    return copy;
  }

  /** Add a new zeroed page (exec, brk, stack set-up). Returns false when memory is exhausted. */
  addPage(va: number, prot: number): Page | null {
    const frame = this.mem.alloc();
    if (frame < 0) return null;
    const page = { frame, prot };
    const old = this.pages.get(va >>> PGSHIFT);
    if (old) this.mem.release(old.frame);
    this.pages.set(va >>> PGSHIFT, page);
    return page;
  }

  /** Release the pages in [start, end). */
  removeRange(start: number, end: number): void {
    for (let vpn = Math.ceil(start / NBPG); vpn < Math.ceil(end / NBPG); vpn++) {
      const p = this.pages.get(vpn);
      if (p) {
        this.mem.release(p.frame);
        this.pages.delete(vpn);
      }
    }
  }

  /** Release everything (exit, exec), including this space's use of its shared text. */
  clear(): void {
    for (const p of this.pages.values()) this.mem.release(p.frame);
    this.pages.clear();
    this.text?.xfree();
    this.text = null;
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
  duplicate(): AddressSpace {
    const as = AddressSpace.laidOut(this.mem, this);
    as.text = this.text;
    this.text?.xlink();
    for (const [vpn, p] of this.pages) {
      this.mem.hold(p.frame);
      const shared = (p.prot & PROT_WRITE) !== 0;
      if (shared) p.cow = true;
      as.pages.set(vpn, { frame: p.frame, prot: p.prot, cow: shared });
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
