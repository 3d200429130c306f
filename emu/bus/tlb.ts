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

  /** Cache: virtual page `page` in table `t` is RAM offset `offset` (page-aligned). */
  fill(t: number, page: number, offset: number): void {
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
}
