/**
 * The translation cache in front of the bus: the CPU's fast path to RAM.
 *
 * For each virtual page (8 KB, the Sun-3 page size) and each kind of access
 * (user or supervisor, read or write) it holds the byte offset of the page's
 * frame in RAM, or -1. The CPU looks here first; on -1 it makes the access
 * through the bus, and the bus (the MMU, on a Sun-3) may fill the entry so
 * that the next access to that page is direct. Whoever changes a
 * translation (a map write, a context switch, clearing a referenced or
 * modified bit) flushes the entries it affects.
 */
export const PAGE_SHIFT = 13;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_OFFSET_MASK = PAGE_SIZE - 1;

/** Table numbers: user/supervisor × read/write. */
export const USER_READ = 0;
export const USER_WRITE = 1;
export const SUPER_READ = 2;
export const SUPER_WRITE = 3;

export class Tlb {
  /** RAM the offsets index. */
  ram: Uint8Array = new Uint8Array(0);
  /** Virtual page number = (address >>> PAGE_SHIFT) & pageMask. */
  readonly pageMask: number;
  readonly tables: Int32Array[];
  // Filled entries (table << 20 | page), so a flush touches only those.
  private readonly filled = new Int32Array(4096);
  private nFilled = 0;
  private overflowed = false;
  /** Told after every fill or flush (the CPU drops what it caches from the tables). */
  onChange: () => void = () => {};
  /**
   * One byte per frame (8 KB) of RAM: 1 for a frame that holds translated
   * code (emu/cpu/block/cache.ts). Such a frame never gets a write entry,
   * so that the CPU's stores to it take the slow path and reach `written`.
   * Empty while no block cache is attached.
   */
  codeFrames = new Uint8Array(0);
  private codeFrameCount = 0;
  /** Told when RAM [from, to) of a protected frame was written (the block cache drops what it overlaps). */
  onCodeWrite: (frame: number, from: number, to: number) => void = () => {};

  /** `addressBits`: how many low address bits the translation looks at (32, or 28 on a Sun-3). */
  constructor(addressBits: number) {
    this.pageMask = (1 << (addressBits - PAGE_SHIFT)) - 1;
    const n = this.pageMask + 1;
    this.tables = [
      new Int32Array(n).fill(-1),
      new Int32Array(n).fill(-1),
      new Int32Array(n).fill(-1),
      new Int32Array(n).fill(-1),
    ];
  }

  /**
   * From now on the tables are `tables`, which hold what the old ones held
   * (a machine taken out of a start-up snapshot: emu/lab/lab-pack.ts); the
   * CPU must then be pointed at them (Cpu.tlbTablesReplaced).
   */
  useTables(tables: readonly Int32Array[]): void {
    if (tables.length !== this.tables.length || tables.some((t) => t.length !== this.pageMask + 1))
      throw new Error('useTables: not tables of this cache');
    this.tables.splice(0, tables.length, ...tables);
  }

  /** Cache: virtual page `page` in table `t` is RAM offset `offset` (page-aligned). */
  fill(t: number, page: number, offset: number): void {
    if ((t & 1) === 1 && this.codeFrames[offset >>> PAGE_SHIFT] === 1) return; // a write to code: slow path
    const table = this.tables[t];
    if (table[page] < 0) {
      if (this.nFilled < this.filled.length) this.filled[this.nFilled++] = (t << 20) | page;
      else this.overflowed = true;
    }
    table[page] = offset;
    this.onChange();
  }

  /** Forget every cached translation. */
  flush(): void {
    if (this.overflowed) {
      for (const t of this.tables) t.fill(-1);
      this.overflowed = false;
    } else {
      for (let i = 0; i < this.nFilled; i++) {
        const e = this.filled[i];
        this.tables[e >>> 20][e & 0xfffff] = -1;
      }
    }
    this.nFilled = 0;
    this.onChange();
  }

  /** Forget the translations of one virtual page. */
  flushPage(page: number): void {
    for (const t of this.tables) t[page & this.pageMask] = -1;
    this.onChange();
  }

  /** Frame `frame` holds translated code: drop its write entries, and fill none until `unprotect`. */
  protect(frame: number): void {
    if (this.codeFrames[frame] !== 0) return;
    this.codeFrames[frame] = 1;
    this.codeFrameCount++;
    const offset = frame << PAGE_SHIFT;
    const writeTables = [this.tables[USER_WRITE], this.tables[SUPER_WRITE]];
    if (this.overflowed) {
      for (const table of writeTables)
        for (let p = table.indexOf(offset); p >= 0; p = table.indexOf(offset, p + 1)) table[p] = -1;
      return;
    }
    for (let i = 0; i < this.nFilled; i++) {
      const e = this.filled[i];
      const t = e >>> 20;
      if ((t & 1) === 1 && this.tables[t][e & 0xfffff] === offset) this.tables[t][e & 0xfffff] = -1;
    }
  }

  /** Frame `frame` holds no translated code any more: its pages may get write entries again. */
  unprotect(frame: number): void {
    if (this.codeFrames[frame] !== 1) return;
    this.codeFrames[frame] = 0;
    this.codeFrameCount--;
  }

  /**
   * RAM [offset, offset + len) was written other than by the CPU's fast
   * path (a bus, a device's DMA, the host): tell the block cache about each
   * frame of it that holds translated code. Every writer of RAM must call
   * this (see emu/cpu/block/cache.ts).
   */
  written(offset: number, len: number): void {
    if (this.codeFrameCount === 0 || len <= 0) return;
    const end = offset + len;
    for (let f = offset >>> PAGE_SHIFT; f <= (end - 1) >>> PAGE_SHIFT; f++) {
      if (this.codeFrames[f] !== 1) continue;
      this.onCodeWrite(f, Math.max(offset, f << PAGE_SHIFT), Math.min(end, (f + 1) << PAGE_SHIFT));
    }
  }
}
