import { type Bus, BusFault } from './bus.js';
import { PAGE_SHIFT, PAGE_SIZE, SUPER_READ, SUPER_WRITE, type Tlb, USER_READ, USER_WRITE } from './tlb.js';

/**
 * A bus with nothing but RAM from address 0: used for bare-metal programs,
 * CPU test vectors and the benchmark. Accesses beyond the RAM end the bus
 * cycle with a fault, as a real board without memory there would (timeout).
 * Whoever writes `flatRam` from outside after the CPU started must call
 * `written` (the block engine may hold a translation of those bytes).
 */
export class FlatBus implements Bus {
  readonly flatRam: Uint8Array;

  /** The translation cache covers the RAM and no more (addresses beyond it take the slow path and fault). */
  readonly addressBits: number;
  private tlb: Tlb | null = null;

  constructor(size: number) {
    this.flatRam = new Uint8Array(size);
    this.addressBits = Math.max(PAGE_SHIFT, Math.ceil(Math.log2(Math.max(size, 1))));
  }

  private check(addr: number, size: 1 | 2 | 4, fc: number, write: boolean): number {
    const a = addr >>> 0;
    if (a + size > this.flatRam.length) throw new BusFault(a, fc, write, size);
    return a;
  }

  /** RAM appears at the same addresses for every kind of access: map it 1:1 once. */
  attachTlb(tlb: Tlb): void {
    tlb.ram = this.flatRam;
    this.tlb = tlb;
    const pages = Math.floor(this.flatRam.length / PAGE_SIZE);
    for (let p = 0; p < pages; p++)
      for (const t of [USER_READ, USER_WRITE, SUPER_READ, SUPER_WRITE]) tlb.fill(t, p, p * PAGE_SIZE);
  }

  probe(addr: number, size: number, fc: number, write: boolean): void {
    this.check(addr, size as 1 | 2 | 4, fc, write);
  }

  read8(addr: number, fc: number): number {
    return this.flatRam[this.check(addr, 1, fc, false)];
  }
  read16(addr: number, fc: number): number {
    const a = this.check(addr, 2, fc, false);
    const m = this.flatRam;
    return (m[a] << 8) | m[a + 1];
  }
  read32(addr: number, fc: number): number {
    const a = this.check(addr, 4, fc, false);
    const m = this.flatRam;
    return (m[a] << 24) | (m[a + 1] << 16) | (m[a + 2] << 8) | m[a + 3];
  }
  write8(addr: number, value: number, fc: number): void {
    const a = this.check(addr, 1, fc, true);
    this.flatRam[a] = value;
    this.tlb?.written(a, 1);
  }
  write16(addr: number, value: number, fc: number): void {
    const a = this.check(addr, 2, fc, true);
    const m = this.flatRam;
    m[a] = value >>> 8;
    m[a + 1] = value;
    this.tlb?.written(a, 2);
  }
  write32(addr: number, value: number, fc: number): void {
    const a = this.check(addr, 4, fc, true);
    const m = this.flatRam;
    m[a] = value >>> 24;
    m[a + 1] = value >>> 16;
    m[a + 2] = value >>> 8;
    m[a + 3] = value;
    this.tlb?.written(a, 4);
  }

  /** RAM [addr, addr + len) was changed from outside: drop translations of it. */
  written(addr: number, len: number): void {
    this.tlb?.written(addr, len);
  }
}
