/**
 * The pmap under pressure: more address spaces than the MMU has contexts,
 * and more segments than it has PMEGs. Translations are stolen and reloaded,
 * and what is loaded always agrees with the address spaces.
 */
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../emu/cpu/cpu.js';
import { type Hardware, NCONTEXT, NPMEG, PG_V, PG_W, SEGINV } from '../../kernel/machine.js';
import { NBSG } from '../../kernel/param.js';
import { AddressSpace, PROT_READ, PROT_WRITE } from '../../kernel/vm/as.js';
import { PageAllocator } from '../../kernel/vm/page.js';
import { Pmap } from '../../kernel/vm/pmap.js';

/** Just the MMU's maps, as arrays. */
class FakeMmu {
  context = 0;
  readonly segmap = new Uint8Array(NCONTEXT * 2048).fill(SEGINV);
  readonly ptes = new Uint32Array(NPMEG * 16);
  readonly idprom = new Uint8Array(32);
  enable = 0;
  setContext(c: number): void {
    this.context = c;
  }
  setSegmap(ctx: number, va: number, pmeg: number): void {
    this.segmap[ctx * 2048 + ((va >>> 17) & 0x7ff)] = pmeg;
  }
  getSegmap(ctx: number, va: number): number {
    return this.segmap[ctx * 2048 + ((va >>> 17) & 0x7ff)];
  }
  setPte(pmeg: number, i: number, pte: number): void {
    this.ptes[pmeg * 16 + i] = pte >>> 0;
  }
  getPte(pmeg: number, i: number): number {
    return this.ptes[pmeg * 16 + i];
  }
  /** The frame the MMU would use for va in context ctx, or -1. */
  translate(ctx: number, va: number): number {
    const pmeg = this.getSegmap(ctx, va);
    const pte = this.getPte(pmeg, (va >>> 13) & 15);
    return pte & PG_V ? pte & 0x7ffff : -1;
  }
}

function setup() {
  const mmu = new FakeMmu();
  const ram = new Uint8Array(24 * 1024 * 1024);
  const hw = {
    cpu: {} as Cpu,
    ram,
    mmu,
    obioRead8: () => 0,
    obioWrite8: () => {},
    obioRead16: () => 0,
    obioWrite16: () => {},
  } satisfies Hardware;
  return { mmu, pmap: new Pmap(hw), mem: new PageAllocator(ram, 2) };
}

describe('pmap', () => {
  it('steals contexts from the least recently used address space and reloads on demand', () => {
    const { mmu, pmap, mem } = setup();
    const spaces = Array.from({ length: 12 }, () => new AddressSpace(mem, 0));
    spaces.forEach((as, i) => {
      as.dataStart = 0x20000;
      as.brk = 0x40000;
      const page = as.addPage(0x20000, PROT_READ | PROT_WRITE);
      if (!page) throw new Error('no memory');
      pmap.activate(as);
      pmap.load(as, 0x20000, page);
      expect(mmu.translate(as.ctx, 0x20000), `space ${i}`).toBe(page.frame);
    });
    expect(pmap.ctxSteals).toBe(12 - (NCONTEXT - 1));
    const owners = spaces.filter((as) => as.ctx >= 0).map((as) => as.ctx);
    expect(new Set(owners).size).toBe(owners.length); // no context has two owners
    expect(owners).not.toContain(0); // context 0 stays the kernel's
    // The first space lost its context but keeps its PMEG: activating it restores the mapping.
    const first = spaces[0];
    expect(first.ctx).toBe(-1);
    pmap.activate(first);
    expect(mmu.translate(first.ctx, 0x20000)).toBe(first.lookup(0x20000)?.frame);
  });

  it('steals PMEGs when segments outnumber them, and never maps a stolen segment', () => {
    const { mmu, pmap, mem } = setup();
    const as = new AddressSpace(mem, 0);
    as.dataStart = 0;
    as.brk = 300 * NBSG;
    pmap.activate(as);
    const loaded: number[] = [];
    for (let seg = 1; seg <= 300; seg++) {
      const va = seg * NBSG;
      const page = as.addPage(va, PROT_READ);
      if (!page) throw new Error('no memory');
      pmap.load(as, va, page);
      loaded.push(va);
    }
    expect(pmap.pmegSteals).toBeGreaterThan(0);
    expect(pmap.pmegsInUse).toBeLessThanOrEqual(NPMEG - 2);
    for (const va of loaded) {
      const frame = mmu.translate(as.ctx, va);
      // Either still mapped, to the right frame, or gone (it will fault and reload).
      if (frame >= 0) expect(frame).toBe(as.lookup(va)?.frame);
    }
    // The most recent segment is surely there, read-only as its page is.
    const last = loaded[loaded.length - 1];
    const pte = mmu.getPte(mmu.getSegmap(as.ctx, last), (last >>> 13) & 15);
    expect((pte & PG_V) !== 0).toBe(true);
    expect(pte & PG_W).toBe(0);
  });

  it('release gives back the context and every PMEG', () => {
    const { pmap, mem } = setup();
    const as = new AddressSpace(mem, 0);
    as.dataStart = 0;
    as.brk = 10 * NBSG;
    pmap.activate(as);
    for (let seg = 0; seg < 10; seg++) {
      const page = as.addPage(seg * NBSG, PROT_READ);
      if (page) pmap.load(as, seg * NBSG, page);
    }
    expect(pmap.pmegsInUse).toBe(10);
    pmap.release(as);
    expect(pmap.pmegsInUse).toBe(0);
    expect(as.ctx).toBe(-1);
  });
});
