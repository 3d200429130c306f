/**
 * The Sun-3 MMU (docs/machine.md, address spaces).
 *
 * Eight contexts, each a segment map of 2048 one-byte PMEG numbers (128 KB
 * segments over a 256 MB space: VA bits 31-28 are ignored); 256 PMEGs of
 * 16 page-table entries shared by all contexts (8 KB pages). A PTE is
 *
 *   31 V | 30 W | 29 S | 28 NC | 27-26 type | 25 R | 24 M | 23-19 0 | 18-0 PFN
 *
 * and PA = PFN << 13 | VA[12:0] in the space the type selects (0 on-board
 * memory, 1 on-board I/O, 2/3 VME, absent on the 3/60).
 *
 * The same state is reached two ways: by guest code through control space
 * (function code 3, MOVES) and by the hosted kernel through the methods
 * below. Either way, every change that alters a translation flushes what
 * the CPU's translation cache holds of it, and nothing more: a PTE write
 * that changes the entry flushes the pages it maps in the current context,
 * a segment-map write the 16 pages of that segment, a context switch
 * everything. The bus fills the cache only from completed accesses (see
 * emu/machine/sun3-bus.ts).
 *
 * This class holds state and answers "may this access happen, and where does
 * it go"; the bus makes the access.
 */
import type { Tlb } from '../bus/tlb.js';
import { IDPROM_SIZE } from './idprom.js';

export const NCONTEXT = 8;
export const NSEGMENT = 2048;
export const NPMEG = 256;
export const PTES_PER_PMEG = 16;
/** PMEG kept all-invalid by convention; unused segments point at it. */
export const SEGINV = 255;

export const PGSHIFT = 13;
export const PGSIZE = 1 << PGSHIFT;
export const PGOFSET = PGSIZE - 1;
export const SEGSHIFT = 17;
export const SEGSIZE = 1 << SEGSHIFT;
/** The 28 VA bits the MMU translates. */
export const VA_MASK = 0x0fffffff;

// PTE fields (as unsigned 32-bit numbers).
export const PTE_VALID = 0x80000000;
export const PTE_WRITE = 0x40000000;
export const PTE_SYSTEM = 0x20000000;
export const PTE_NC = 0x10000000;
export const PTE_TYPE_SHIFT = 26;
export const PTE_TYPE_MASK = 0x0c000000;
export const PTE_REF = 0x02000000;
export const PTE_MOD = 0x01000000;
export const PTE_PFN_MASK = 0x0007ffff;
/** Bits a PTE stores; 23-19 read as 0. */
export const PTE_IMPLEMENTED = 0xff07ffff;

export const PGTYPE_OBMEM = 0;
export const PGTYPE_OBIO = 1;
export const PGTYPE_VME16 = 2;
export const PGTYPE_VME32 = 3;

// Bus error register (control space 0x60000000).
export const BUSERR_INVALID = 0x80;
export const BUSERR_PROTERR = 0x40;
export const BUSERR_TIMEOUT = 0x20;

// System enable register (control space 0x40000000).
export const ENA_DIAG = 0x01; // diagnostic switch, read-only
export const ENA_FPA = 0x02;
export const ENA_COPY = 0x04;
export const ENA_VIDEO = 0x08;
export const ENA_CACHE = 0x10;
export const ENA_SDVMA = 0x20;
export const ENA_FPP = 0x40;
export const ENA_NOTBOOT = 0x80;

/** Control space registers, selected by address bits 31-28. */
export const CTL_IDPROM = 0x0;
export const CTL_PTE = 0x1;
export const CTL_SEGMAP = 0x2;
export const CTL_CONTEXT = 0x3;
export const CTL_ENABLE = 0x4;
export const CTL_UDVMA = 0x5;
export const CTL_BUSERR = 0x6;
export const CTL_DIAG = 0x7;

/** DVMA: a 24-bit on-board master address A is VA 0x0F000000 | A. */
export const DVMA_BASE = 0x0f000000;

/** Compose a PTE. `pfn` is the physical address >> 13. */
export function makePte(
  pfn: number,
  opts: { write?: boolean; system?: boolean; type?: number; nc?: boolean } = {},
): number {
  let p = PTE_VALID | (pfn & PTE_PFN_MASK) | (((opts.type ?? PGTYPE_OBMEM) & 3) << PTE_TYPE_SHIFT);
  if (opts.write) p |= PTE_WRITE;
  if (opts.system) p |= PTE_SYSTEM;
  if (opts.nc) p |= PTE_NC;
  return p >>> 0;
}

export class Sun3Mmu {
  /** segmap[ctx * 2048 + segment] = PMEG number. */
  readonly segmap = new Uint8Array(NCONTEXT * NSEGMENT);
  /** ptes[pmeg * 16 + page], stored signed (V is the sign bit). */
  readonly ptes = new Int32Array(NPMEG * PTES_PER_PMEG);
  readonly idprom: Uint8Array;

  private ctx = 0;
  private ctxBase = 0;
  /** System enable register (without the read-only DIAG bit). */
  private enableReg = 0;
  /** Position of the diagnostic switch (ENABLE bit 0). */
  diagSwitch = false;
  /** User DVMA enable register: bit n for context n. */
  userDvma = 0;
  /** Diagnostic LEDs (0 = lit). */
  diag = 0;
  /** Bus error register: the cause of the most recent CPU bus error. */
  busError = 0;

  /** Results of the last successful `check`. */
  pa = 0;
  ptype = 0;
  pteIndex = 0;
  /** Cause of the last failed `translate` (0 if it succeeded). */
  lastFault = 0;

  private tlb: Tlb | null = null;

  constructor(idprom: Uint8Array) {
    if (idprom.length !== IDPROM_SIZE) throw new Error('ID PROM must be 32 bytes');
    this.idprom = idprom;
    this.reset();
  }

  /** The CPU's translation cache, flushed whenever a translation may change. */
  attachTlb(tlb: Tlb): void {
    this.tlb = tlb;
  }

  /**
   * Power-on state as the emulated PROM leaves it: context 0, enable
   * register clear, every segment of every context at SEGINV, every PTE
   * invalid.
   */
  reset(): void {
    this.segmap.fill(SEGINV);
    this.ptes.fill(0);
    this.ctx = 0;
    this.ctxBase = 0;
    this.enableReg = 0;
    this.userDvma = 0;
    this.diag = 0xff;
    this.busError = 0;
    this.flush();
  }

  /** Forget every cached translation (power-on, a context switch). */
  private flush(): void {
    this.tlb?.flush();
  }

  /** Forget the cached translations of virtual page `page` (VA bits 27-13) of the current context. */
  private flushPage(page: number): void {
    const tlb = this.tlb;
    if (tlb === null) return;
    const t = tlb.tables;
    if (t[0][page] < 0 && t[1][page] < 0 && t[2][page] < 0 && t[3][page] < 0) return; // not cached
    tlb.flushPage(page);
  }

  /** Forget the cached translations of segment `seg` (0-2047) of the current context. */
  private flushSegment(seg: number): void {
    for (let i = 0; i < PTES_PER_PMEG; i++) this.flushPage((seg << 4) | i);
  }

  /**
   * A PTE changed: forget the pages it maps in the current context, i.e.
   * page `index` of every segment whose map entry is `pmeg` (usually one;
   * none when the PMEG is not in use there). Other contexts' pages need no
   * flush: the cache only ever holds the current context.
   */
  private flushPte(pmeg: number, index: number): void {
    if (this.tlb === null) return;
    const map = this.segmap.subarray(this.ctxBase, this.ctxBase + NSEGMENT);
    for (let seg = map.indexOf(pmeg); seg >= 0; seg = map.indexOf(pmeg, seg + 1))
      this.flushPage((seg << 4) | index);
  }

  /** Store PTE slot `i` (pmeg << 4 | index), flushing only if it changed. */
  private storePte(i: number, pte: number): void {
    const v = pte & PTE_IMPLEMENTED;
    if (this.ptes[i] === v) return;
    this.ptes[i] = v;
    this.flushPte(i >>> 4, i & 15);
  }

  // ------------------------------------------------------------ translation

  /**
   * May a CPU access to `va` (current context) happen? Returns 0 and sets
   * `pa`, `ptype`, `pteIndex`, or returns the bus error register cause.
   * Changes nothing; `commit` records the access.
   */
  check(va: number, user: boolean, write: boolean): number {
    return this.checkIn(this.ctxBase, va, user, write);
  }

  private checkIn(base: number, va: number, user: boolean, write: boolean): number {
    const pmeg = this.segmap[base + ((va >>> SEGSHIFT) & (NSEGMENT - 1))];
    const idx = (pmeg << 4) | ((va >>> PGSHIFT) & 15);
    const pte = this.ptes[idx];
    if (pte >= 0) return BUSERR_INVALID; // V is the sign bit
    if ((user && pte & PTE_SYSTEM) || (write && (pte & PTE_WRITE) === 0)) return BUSERR_PROTERR;
    this.pteIndex = idx;
    this.ptype = (pte >>> PTE_TYPE_SHIFT) & 3;
    this.pa = (((pte & PTE_PFN_MASK) << PGSHIFT) | (va & PGOFSET)) >>> 0;
    return 0;
  }

  /** Record the completed access `check` allowed: set R, and M for a write. Returns the new PTE. */
  commit(write: boolean): number {
    const i = this.pteIndex;
    const p = this.ptes[i] | (write ? PTE_REF | PTE_MOD : PTE_REF);
    this.ptes[i] = p;
    return p;
  }

  /**
   * Translate for the hosted kernel (copyin/copyout and the like) in the
   * current context, with the protection of a user or supervisor access.
   * Returns the physical address (for `ptype`'s space) and, if `touch`, sets
   * R/M as the access would; returns -1 on a fault, with the cause in
   * `lastFault`. The bus error register is not loaded.
   */
  translate(va: number, user: boolean, write: boolean, touch = true): number {
    const code = this.check(va, user, write);
    this.lastFault = code;
    if (code !== 0) return -1;
    if (touch) this.commit(write);
    return this.pa;
  }

  /**
   * Where a read of `va` (current context) would go, without recording
   * anything: no R bit, no bus error register, no translation cache fill.
   * Returns the physical address if the page is valid, readable by `user`
   * and on-board memory; -1 otherwise. For traces and debuggers, which must
   * not disturb what they watch.
   */
  peekMemory(va: number, user: boolean): number {
    const pte =
      this.ptes[
        (this.segmap[this.ctxBase + ((va >>> SEGSHIFT) & (NSEGMENT - 1))] << 4) | ((va >>> PGSHIFT) & 15)
      ];
    if (pte >= 0 || (user && pte & PTE_SYSTEM)) return -1;
    if (((pte >>> PTE_TYPE_SHIFT) & 3) !== PGTYPE_OBMEM) return -1;
    return (((pte & PTE_PFN_MASK) << PGSHIFT) | (va & PGOFSET)) >>> 0;
  }

  /**
   * DVMA (docs/machine.md, address spaces): an on-board master's 24-bit address A is
   * translated as the supervisor VA 0x0F000000 | A in the current context.
   * Needs ENABLE.SDVMA. Returns the physical address of on-board memory (and
   * sets R/M), or -1. The bus error register is not loaded.
   */
  dvmaTranslate(addr: number, write: boolean): number {
    if ((this.enableReg & ENA_SDVMA) === 0) return -1;
    const code = this.check(DVMA_BASE | (addr & 0xffffff), false, write);
    if (code !== 0 || this.ptype !== PGTYPE_OBMEM) return -1;
    this.commit(write);
    return this.pa;
  }

  // ------------------------------------------------------------ kernel API

  get context(): number {
    return this.ctx;
  }
  setContext(ctx: number): void {
    ctx &= NCONTEXT - 1;
    if (ctx === this.ctx) return;
    this.ctx = ctx;
    this.ctxBase = ctx * NSEGMENT;
    this.flush();
  }

  get enable(): number {
    return this.enableReg | (this.diagSwitch ? ENA_DIAG : 0);
  }
  set enable(v: number) {
    this.enableReg = v & 0xfe;
  }

  /** PMEG number of `va`'s segment in context `ctx`. */
  getSegmap(ctx: number, va: number): number {
    return this.segmap[segIndex(ctx, va)];
  }
  setSegmap(ctx: number, va: number, pmeg: number): void {
    const i = segIndex(ctx, va);
    if (this.segmap[i] === (pmeg & 0xff)) return;
    this.segmap[i] = pmeg;
    if ((ctx & (NCONTEXT - 1)) === this.ctx) this.flushSegment((va >>> SEGSHIFT) & (NSEGMENT - 1));
  }

  /** PTE `index` (0-15) of PMEG `pmeg`, as an unsigned number. */
  getPte(pmeg: number, index: number): number {
    return this.ptes[pteSlot(pmeg, index)] >>> 0;
  }
  setPte(pmeg: number, index: number, pte: number): void {
    this.storePte(pteSlot(pmeg, index), pte);
  }

  /** The PTE that maps `va` in context `ctx` (through its segment map). */
  getPteAt(ctx: number, va: number): number {
    return this.ptes[this.pteIndexAt(ctx, va)] >>> 0;
  }
  setPteAt(ctx: number, va: number, pte: number): void {
    this.storePte(this.pteIndexAt(ctx, va), pte);
  }

  /** R and M bits (PTE_REF | PTE_MOD) of a PTE. */
  getRefMod(pmeg: number, index: number): number {
    return (this.ptes[pteSlot(pmeg, index)] >>> 0) & (PTE_REF | PTE_MOD);
  }
  /** Clear R and/or M (`bits`, default both) of a PTE. */
  clearRefMod(pmeg: number, index: number, bits = PTE_REF | PTE_MOD): void {
    const i = pteSlot(pmeg, index);
    this.storePte(i, this.ptes[i] & ~(bits & (PTE_REF | PTE_MOD)));
  }

  /** Index into `ptes` of the PTE mapping `va` in context `ctx`. */
  pteIndexAt(ctx: number, va: number): number {
    return (this.segmap[segIndex(ctx, va)] << 4) | ((va >>> PGSHIFT) & 15);
  }

  /** Copy a whole PMEG's 16 PTEs out (for a kernel that steals and restores PMEGs). */
  readPmeg(pmeg: number, out: Uint32Array): void {
    const b = (pmeg & 0xff) << 4;
    for (let i = 0; i < PTES_PER_PMEG; i++) out[i] = this.ptes[b + i] >>> 0;
  }
  /** Set all 16 PTEs of a PMEG to `pte` (e.g. 0 to invalidate it). */
  fillPmeg(pmeg: number, pte: number): void {
    const b = (pmeg & 0xff) << 4;
    for (let i = 0; i < PTES_PER_PMEG; i++) this.storePte(b + i, pte);
  }

  // ------------------------------------------------------------ control space

  /** Whether a control space address selects a register the 3/60 has. */
  controlValid(addr: number): boolean {
    return addr >>> 28 <= CTL_DIAG;
  }

  /** One byte of control space (the caller has checked `controlValid`). */
  controlRead8(addr: number): number {
    switch (addr >>> 28) {
      case CTL_IDPROM:
        return this.idprom[addr & (IDPROM_SIZE - 1)];
      case CTL_PTE: {
        const p = this.ptes[this.pteIndexAt(this.ctx, addr)];
        return (p >>> ((3 - (addr & 3)) << 3)) & 0xff;
      }
      case CTL_SEGMAP:
        return this.segmap[this.ctxBase + ((addr >>> SEGSHIFT) & (NSEGMENT - 1))];
      case CTL_CONTEXT:
        return this.ctx;
      case CTL_ENABLE:
        return this.enable;
      case CTL_UDVMA:
        return this.userDvma;
      case CTL_BUSERR:
        return this.busError;
      default:
        return this.diag;
    }
  }

  controlWrite8(addr: number, v: number): void {
    v &= 0xff;
    switch (addr >>> 28) {
      case CTL_IDPROM:
      case CTL_BUSERR:
        return; // read-only
      case CTL_PTE: {
        const i = this.pteIndexAt(this.ctx, addr);
        const shift = (3 - (addr & 3)) << 3;
        this.storePte(i, (this.ptes[i] & ~(0xff << shift)) | (v << shift));
        return;
      }
      case CTL_SEGMAP:
        this.setSegmap(this.ctx, addr, v);
        return;
      case CTL_CONTEXT:
        this.setContext(v);
        return;
      case CTL_ENABLE:
        this.enable = v;
        return;
      case CTL_UDVMA:
        this.userDvma = v;
        return;
      default:
        this.diag = v;
    }
  }

  /**
   * A control space access of `size` bytes. The page map is a 32-bit port
   * (a long at a long-aligned address reads or writes the whole PTE); the
   * other registers are 8-bit ports, so a wider access is a run of byte
   * cycles at consecutive addresses, as the 68020's dynamic bus sizing makes
   * it (a long write to the context register leaves its last byte).
   */
  controlRead(addr: number, size: number): number {
    if (size === 4 && addr >>> 28 === CTL_PTE && (addr & 3) === 0)
      return this.ptes[this.pteIndexAt(this.ctx, addr)];
    let v = 0;
    for (let i = 0; i < size; i++) v = (v << 8) | this.controlRead8((addr + i) >>> 0);
    return v;
  }

  controlWrite(addr: number, size: number, value: number): void {
    if (size === 4 && addr >>> 28 === CTL_PTE && (addr & 3) === 0) {
      this.storePte(this.pteIndexAt(this.ctx, addr), value);
      return;
    }
    for (let i = 0; i < size; i++)
      this.controlWrite8((addr + i) >>> 0, (value >>> ((size - 1 - i) << 3)) & 0xff);
  }
}

function segIndex(ctx: number, va: number): number {
  return (ctx & (NCONTEXT - 1)) * NSEGMENT + ((va >>> SEGSHIFT) & (NSEGMENT - 1));
}

function pteSlot(pmeg: number, index: number): number {
  return ((pmeg & 0xff) << 4) | (index & 15);
}
