/** The translation cache: the CPU reaches RAM directly once the bus has filled an entry. */
import { describe, expect, it } from 'vitest';
import type { Bus } from '../../emu/bus/bus.js';
import { PAGE_SIZE, SUPER_READ, SUPER_WRITE, type Tlb } from '../../emu/bus/tlb.js';
import { Cpu } from '../../emu/cpu/cpu.js';

/** RAM at physical 0, seen at virtual 0x100000 + x; fills the cache on the first access to a page. */
class MappingBus implements Bus {
  readonly ram = new Uint8Array(4 * PAGE_SIZE);
  tlb?: Tlb;
  accesses = 0;
  attachTlb(tlb: Tlb): void {
    tlb.ram = this.ram;
    this.tlb = tlb;
  }
  private phys(addr: number, write: boolean): number {
    this.accesses++;
    const p = addr - 0x100000;
    if (p < 0 || p >= this.ram.length) throw new Error('unmapped');
    const page = addr >>> 13;
    this.tlb?.fill(write ? SUPER_WRITE : SUPER_READ, page, p & ~(PAGE_SIZE - 1));
    return p;
  }
  read8(a: number): number {
    return this.ram[this.phys(a, false)];
  }
  read16(a: number): number {
    const p = this.phys(a, false);
    return (this.ram[p] << 8) | this.ram[p + 1];
  }
  read32(a: number): number {
    const p = this.phys(a, false);
    return (this.ram[p] << 24) | (this.ram[p + 1] << 16) | (this.ram[p + 2] << 8) | this.ram[p + 3];
  }
  write8(a: number, v: number): void {
    this.ram[this.phys(a, true)] = v;
  }
  write16(a: number, v: number): void {
    const p = this.phys(a, true);
    this.ram[p] = v >>> 8;
    this.ram[p + 1] = v;
  }
  write32(a: number, v: number): void {
    const p = this.phys(a, true);
    this.ram.set([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff], p);
  }
}

describe('translation cache', () => {
  it('after one miss per page and kind, accesses go straight to RAM', () => {
    const bus = new MappingBus();
    const cpu = new Cpu(bus);
    cpu.setSR(0x2700);
    for (let i = 0; i < 100; i++) cpu.wr32(0x100000 + 4 * i, i);
    for (let i = 0; i < 100; i++) expect(cpu.rd32(0x100000 + 4 * i)).toBe(i);
    expect(bus.accesses).toBe(2); // one write miss, one read miss
  });

  it('a flush sends the next access back to the bus', () => {
    const bus = new MappingBus();
    const cpu = new Cpu(bus);
    cpu.setSR(0x2700);
    cpu.wr16(0x100010, 0x1234);
    cpu.tlb.flush();
    expect(cpu.rd16(0x100010)).toBe(0x1234);
    expect(bus.accesses).toBe(2);
  });

  it('an access that crosses a page goes through the bus', () => {
    const bus = new MappingBus();
    const cpu = new Cpu(bus);
    cpu.setSR(0x2700);
    cpu.wr32(0x100000, 0); // fill the first page
    const before = bus.accesses;
    cpu.rd32(0x100000 + PAGE_SIZE - 2);
    expect(bus.accesses).toBeGreaterThan(before);
  });

  it('user state uses its own tables', () => {
    const bus = new MappingBus();
    const cpu = new Cpu(bus);
    cpu.setSR(0x2700);
    cpu.wr16(0x100000, 1); // supervisor write entry
    cpu.setSR(0x0000);
    expect(() => cpu.rd16(0x100000)).not.toThrow(); // a user read misses: the bus is asked again
    expect(bus.accesses).toBe(2);
  });
});
