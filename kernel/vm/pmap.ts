/**
 * The physical map (4.3BSD's and SunOS's pmap): loading a process's pages
 * into the Sun-3 MMU. The MMU is a cache of the address spaces (as.ts):
 * 8 hardware contexts and 256 PMEGs (each mapping one 128 KB segment) are
 * far too few for every process, so both are handed out on demand and
 * stolen from the least recently used owner, as SunOS did. A page whose
 * translation was thrown away simply faults again and is reloaded.
 *
 * Context 0 is the kernel's and holds no user mappings. PMEG 255 is kept
 * all-invalid and every unused segment points at it; PMEG 0 maps the
 * kernel's own pages, in every context.
 *
 * The MMU also keeps, in each PTE, whether the page was referenced (R) and
 * modified (M) since those bits were last cleared. The page daemon reads
 * and clears R here (`referenced`, `clearReference`); whenever the kernel
 * drops a translation (unload, a stolen or freed PMEG) the bits it held are
 * gathered into the page first (`Page.ref`, `Page.mod`), as SunOS's hat
 * layer syncs them, since the PTE that held them is about to be reused.
 */

import { type CostTable, costFor } from '../cost.js';
import {
  type Hardware,
  NCONTEXT,
  NPAGSEG,
  NPMEG,
  PG_M,
  PG_PFNUM,
  PG_R,
  PG_V,
  PG_W,
  SEGINV,
} from '../machine.js';
import { KERNELBASE, PGSHIFT, SEGSHIFT } from '../param.js';
import { type AddressSpace, type Page, PROT_WRITE } from './as.js';

/** First and last user segment numbers: segments below KERNELBASE. */
const USER_SEGMENTS = KERNELBASE >>> SEGSHIFT;
export const KERNEL_PMEG = 0;

interface PmegUse {
  as: AddressSpace;
  seg: number;
}

export class Pmap {
  /** Owner of each context (index 1-7), in least-recently-activated order. */
  private readonly ctxOwner: (AddressSpace | null)[] = new Array(NCONTEXT).fill(null);
  private ctxLru: number[] = [];
  /** Owner of each PMEG, and the allocated ones oldest first. */
  private readonly pmegOwner: (PmegUse | null)[] = new Array(NPMEG).fill(null);
  private readonly freePmegs: number[] = [];
  private pmegLru: number[] = [];
  /** Statistics: context and PMEG steals. */
  ctxSteals = 0;
  pmegSteals = 0;
  /** Told of each steal, for the trace (ktrace.ts): a context or a PMEG, its number, its owner, the segment's address. */
  stolen?: (what: 'context' | 'PMEG', n: number, victim: AddressSpace, va: number) => void;

  /** The cost of loading pages and PMEGs under the CPU's timing model (cost.ts). */
  private readonly cost: CostTable;

  constructor(private readonly hw: Hardware) {
    this.cost = costFor(hw.cpu.timing);
    for (let p = NPMEG - 2; p > KERNEL_PMEG; p--) this.freePmegs.push(p);
    for (let i = 0; i < NPAGSEG; i++) hw.mmu.setPte(SEGINV, i, 0);
  }

  /**
   * Take a PMEG out of the pool for good, for a kernel mapping that must be
   * in every context (the LANCE's DVMA window, dev/if_le.ts). At boot only.
   */
  kernelPmeg(): number {
    const pmeg = this.freePmegs.shift();
    if (pmeg === undefined) throw new Error('pmap: no PMEG left for the kernel');
    return pmeg;
  }

  /** Make `as` the address space the MMU translates user addresses with. */
  activate(as: AddressSpace): void {
    if (as.ctx < 0) this.allocContext(as);
    else this.ctxLru = [...this.ctxLru.filter((c) => c !== as.ctx), as.ctx];
    this.hw.mmu.setContext(as.ctx);
  }

  /** Load the translation for one resident page (after a fault). */
  load(as: AddressSpace, va: number, page: Page): void {
    if (as.ctx < 0) this.allocContext(as);
    const seg = (va >>> SEGSHIFT) & 0x7ff;
    let pmeg = as.pmegs.get(seg);
    if (pmeg === undefined) pmeg = this.allocPmeg(as, seg);
    else this.pmegLru = [...this.pmegLru.filter((p) => p !== pmeg), pmeg];
    const i = (va >>> PGSHIFT) & (NPAGSEG - 1);
    // Reloading the same frame (a write to a read-only copy-on-write page) keeps its R and M.
    const old = this.hw.mmu.getPte(pmeg, i);
    const keep = old & PG_V && (old & PG_PFNUM) === page.frame ? old & (PG_R | PG_M) : 0;
    const pte = PG_V | (page.prot & PROT_WRITE && !page.cow ? PG_W : 0) | keep | page.frame;
    this.hw.mmu.setPte(pmeg, i, pte >>> 0);
    this.hw.cpu.cycles += this.cost.pageMapped;
  }

  /** Make every loaded page of `as` read-only in the MMU (after fork shared them copy-on-write). */
  protectAll(as: AddressSpace): void {
    const mmu = this.hw.mmu;
    for (const pmeg of as.pmegs.values())
      for (let i = 0; i < NPAGSEG; i++) {
        const pte = mmu.getPte(pmeg, i);
        if (pte & PG_W) mmu.setPte(pmeg, i, pte & ~PG_W);
      }
  }

  /** Drop the translation of one page (it went away, became read-only, or is being paged out). */
  unload(as: AddressSpace, va: number): void {
    const pmeg = as.pmegs.get((va >>> SEGSHIFT) & 0x7ff);
    if (pmeg === undefined) return;
    const i = (va >>> PGSHIFT) & (NPAGSEG - 1);
    this.sync(as, pmeg, i, va >>> PGSHIFT);
    this.hw.mmu.setPte(pmeg, i, 0);
  }

  /** Gather the R and M bits of PTE i of pmeg into the page it maps (vpn of as) before the PTE goes. */
  private sync(as: AddressSpace, pmeg: number, i: number, vpn: number): void {
    const pte = this.hw.mmu.getPte(pmeg, i);
    if (!(pte & PG_V) || !(pte & (PG_R | PG_M))) return;
    const page = as.pages.get(vpn);
    if (!page || page.frame !== (pte & PG_PFNUM)) return;
    if (pte & PG_R) page.ref = true;
    if (pte & PG_M) page.mod = true;
  }

  /** Has the page at va been referenced since its R bit was last cleared? (The page daemon's back hand.) */
  referenced(as: AddressSpace, va: number): boolean {
    const pmeg = as.pmegs.get((va >>> SEGSHIFT) & 0x7ff);
    return pmeg !== undefined && (this.hw.mmu.getPte(pmeg, (va >>> PGSHIFT) & (NPAGSEG - 1)) & PG_R) !== 0;
  }

  /** Clear the page's R bit in the MMU (the front hand), so that a later access sets it again. */
  clearReference(as: AddressSpace, va: number): void {
    const pmeg = as.pmegs.get((va >>> SEGSHIFT) & 0x7ff);
    if (pmeg === undefined) return;
    const i = (va >>> PGSHIFT) & (NPAGSEG - 1);
    const pte = this.hw.mmu.getPte(pmeg, i);
    if (pte & PG_R) this.hw.mmu.setPte(pmeg, i, (pte & ~PG_R) >>> 0);
  }

  /** Give back everything `as` holds in the MMU (exit, exec). */
  release(as: AddressSpace): void {
    for (const [seg, pmeg] of as.pmegs) this.freePmeg(pmeg, as, seg);
    if (as.ctx >= 0) {
      this.ctxOwner[as.ctx] = null;
      this.ctxLru = this.ctxLru.filter((c) => c !== as.ctx);
      as.ctx = -1;
    }
  }

  private allocContext(as: AddressSpace): void {
    let ctx = this.ctxOwner.findIndex((o, i) => i > 0 && o === null);
    if (ctx < 0) {
      // Steal the least recently activated context; its owner keeps its
      // PMEGs and gets them back in the segment map of its next context.
      ctx = this.ctxLru[0];
      const victim = this.ctxOwner[ctx] as AddressSpace;
      victim.ctx = -1;
      victim.ctxStolen++;
      this.ctxSteals++;
      this.stolen?.('context', ctx, victim, 0);
    }
    this.ctxOwner[ctx] = as;
    as.ctx = ctx;
    this.ctxLru = [...this.ctxLru.filter((c) => c !== ctx), ctx];
    const mmu = this.hw.mmu;
    for (let seg = 0; seg < USER_SEGMENTS; seg++) mmu.setSegmap(ctx, seg << SEGSHIFT, SEGINV);
    for (const [seg, pmeg] of as.pmegs) mmu.setSegmap(ctx, seg << SEGSHIFT, pmeg);
  }

  private allocPmeg(as: AddressSpace, seg: number): number {
    let pmeg = this.freePmegs.pop();
    if (pmeg === undefined) {
      pmeg = this.pmegLru[0];
      const old = this.pmegOwner[pmeg] as PmegUse;
      old.as.pmegStolen++;
      this.stolen?.('PMEG', pmeg, old.as, old.seg << SEGSHIFT);
      this.freePmeg(pmeg, old.as, old.seg);
      this.freePmegs.pop();
      this.pmegSteals++;
    }
    for (let i = 0; i < NPAGSEG; i++) this.hw.mmu.setPte(pmeg, i, 0);
    this.hw.cpu.cycles += this.cost.pmegLoaded;
    this.pmegOwner[pmeg] = { as, seg };
    this.pmegLru.push(pmeg);
    as.pmegs.set(seg, pmeg);
    if (as.ctx >= 0) this.hw.mmu.setSegmap(as.ctx, seg << SEGSHIFT, pmeg);
    return pmeg;
  }

  private freePmeg(pmeg: number, as: AddressSpace, seg: number): void {
    for (let i = 0; i < NPAGSEG; i++) this.sync(as, pmeg, i, (seg << 4) | i);
    as.pmegs.delete(seg);
    if (as.ctx >= 0) this.hw.mmu.setSegmap(as.ctx, seg << SEGSHIFT, SEGINV);
    for (let i = 0; i < NPAGSEG; i++) this.hw.mmu.setPte(pmeg, i, 0);
    this.pmegOwner[pmeg] = null;
    this.pmegLru = this.pmegLru.filter((p) => p !== pmeg);
    this.freePmegs.push(pmeg);
  }

  /** PMEGs in use by user address spaces. */
  get pmegsInUse(): number {
    return this.pmegLru.length;
  }
}
