/** The Sun-3 MMU through the bus the CPU sees: translation, protection, R/M, bus error register. */

import { describe, expect, it, vi } from 'vitest';
import {
  BusFault,
  FC_CONTROL as FC_CTL,
  FC_SUPERVISOR_DATA as FC_SD,
  FC_USER_DATA as FC_UD,
  FC_USER_PROGRAM as FC_UP,
} from '../../emu/bus/bus.js';
import { SUPER_READ } from '../../emu/bus/tlb.js';
import { Sun3Machine } from '../../emu/machine/sun3.js';
import { idPromChecksumOk } from '../../emu/mmu/idprom.js';
import {
  BUSERR_INVALID,
  BUSERR_PROTERR,
  BUSERR_TIMEOUT,
  ENA_NOTBOOT,
  ENA_SDVMA,
  makePte,
  PGTYPE_OBIO,
  PGTYPE_VME16,
  PTE_MOD,
  PTE_REF,
  PTE_VALID,
  SEGINV,
} from '../../emu/mmu/mmu.js';

/** A powered-on machine with segment 0x200000 of context 0 on PMEG 10. */
function machine(memoryMB = 8) {
  const m = new Sun3Machine({ memoryMB, serial: 0x123456 });
  m.powerOn();
  m.mmu.setSegmap(0, 0x200000, 10);
  return m;
}

function faultOf(f: () => unknown): BusFault {
  try {
    f();
  } catch (e) {
    if (e instanceof BusFault) return e;
    throw e;
  }
  throw new Error('no bus fault');
}

describe('translation', () => {
  it('maps VA page to PFN << 13 | offset, ignoring VA bits 31-28', () => {
    const m = machine();
    m.mmu.setPte(10, 3, makePte(0x123, { write: true }));
    m.ram[0x123 * 0x2000 + 0x456] = 0x5a;
    const va = 0x200000 + 3 * 0x2000 + 0x456;
    expect(m.bus.read8(va, FC_SD)).toBe(0x5a);
    expect(m.bus.read8((va | 0xf0000000) >>> 0, FC_SD)).toBe(0x5a);
    expect(m.bus.read8((va | 0x30000000) >>> 0, FC_UD)).toBe(0x5a);
    m.bus.write16(va + 0x10, 0xbeef, FC_UD);
    expect(m.ram[0x123 * 0x2000 + 0x466]).toBe(0xbe);
    expect(m.ram[0x123 * 0x2000 + 0x467]).toBe(0xef);
  });

  it('stores all 19 PFN bits and reads the reserved bits 23-19 as 0', () => {
    const m = machine();
    m.mmu.setPte(10, 0, 0xffffffff);
    expect(m.mmu.getPte(10, 0)).toBe(0xff07ffff);
    expect(m.mmu.getPte(10, 0) & 0x7ffff).toBe(0x7ffff);
  });

  it('V = 0 is INVALID; an unmapped segment (PMEG 255) too', () => {
    const m = machine();
    const f = faultOf(() => m.bus.read32(0x200000, FC_SD));
    expect(f.address).toBe(0x200000);
    expect(f.fc).toBe(FC_SD);
    expect(f.write).toBe(false);
    expect(f.size).toBe(4);
    expect(m.mmu.busError).toBe(BUSERR_INVALID);
    expect(m.mmu.getSegmap(0, 0x400000)).toBe(SEGINV);
    faultOf(() => m.bus.write8(0x400000, 1, FC_SD));
    expect(m.mmu.busError).toBe(BUSERR_INVALID);
  });

  it('on-board memory beyond the installed RAM and VME pages time out', () => {
    const m = machine(4);
    m.mmu.setPte(10, 0, makePte((4 << 20) >>> 13, { write: true }));
    faultOf(() => m.bus.read8(0x200000, FC_SD));
    expect(m.mmu.busError).toBe(BUSERR_TIMEOUT);
    expect(m.mmu.getPte(10, 0) & PTE_REF).toBe(0);
    m.mmu.setPte(10, 1, makePte(0, { type: PGTYPE_VME16 }));
    m.mmu.busError = 0;
    faultOf(() => m.bus.read8(0x202000, FC_SD));
    expect(m.mmu.busError).toBe(BUSERR_TIMEOUT);
  });

  it('OBIO pages reach the devices; an address no device decodes times out', () => {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x40000 >>> 13, { write: true, type: PGTYPE_OBIO })); // EEPROM
    m.bus.write8(0x200010, 0x42, FC_SD);
    expect(m.eeprom.bytes[0x10]).toBe(0x42);
    expect(m.bus.read16(0x200010, FC_SD)).toBe(0x42ff);
    faultOf(() => m.bus.read8(0x200800, FC_SD)); // past the 2 KB EEPROM
    expect(m.mmu.busError).toBe(BUSERR_TIMEOUT);
    m.mmu.setPte(10, 1, makePte(0x1c0000 >>> 13, { type: PGTYPE_OBIO })); // nothing there on a 3/60
    faultOf(() => m.bus.read8(0x202000, FC_SD));
    expect(m.mmu.busError).toBe(BUSERR_TIMEOUT);
    expect(m.bus.read8(0x200010, FC_SD)).toBe(0x42); // OBIO reads never fill the Tlb
    expect(m.cpu.tlb.tables[2][0x200000 >>> 13]).toBe(-1);
  });
});

describe('protection', () => {
  it('a user access to a supervisor page is PROTERR; the supervisor may', () => {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x100, { write: true, system: true }));
    expect(m.bus.read8(0x200000, FC_SD)).toBe(0);
    for (const fc of [FC_UD, FC_UP]) {
      m.mmu.busError = 0;
      const f = faultOf(() => m.bus.read16(0x200002, fc));
      expect(f.fc).toBe(fc);
      expect(m.mmu.busError).toBe(BUSERR_PROTERR);
    }
  });

  it('a write to a page without W is PROTERR for user and supervisor alike', () => {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x100));
    expect(m.bus.read8(0x200000, FC_UD)).toBe(0);
    for (const fc of [FC_UD, FC_SD]) {
      m.mmu.busError = 0;
      const f = faultOf(() => m.bus.write32(0x200004, 1, fc));
      expect(f.write).toBe(true);
      expect(m.mmu.busError).toBe(BUSERR_PROTERR);
    }
  });

  it('R is set by a completed access, M by a completed write; a denied one changes neither', () => {
    const m = machine();
    const mmu = m.mmu;
    mmu.setPte(10, 0, makePte(0x100, { write: true }));
    mmu.setPte(10, 1, makePte(0x101)); // read-only
    mmu.setPte(10, 2, makePte(0x102, { write: true, system: true }));
    m.bus.read8(0x200000, FC_UD);
    expect(mmu.getRefMod(10, 0)).toBe(PTE_REF);
    m.bus.write8(0x200000, 1, FC_UD);
    expect(mmu.getRefMod(10, 0)).toBe(PTE_REF | PTE_MOD);
    faultOf(() => m.bus.write8(0x202000, 1, FC_SD));
    expect(mmu.getRefMod(10, 1)).toBe(0);
    faultOf(() => m.bus.read8(0x204000, FC_UD));
    faultOf(() => m.bus.write8(0x204000, 1, FC_UD));
    expect(mmu.getRefMod(10, 2)).toBe(0);
    mmu.clearRefMod(10, 0, PTE_MOD);
    expect(mmu.getRefMod(10, 0)).toBe(PTE_REF);
    mmu.clearRefMod(10, 0);
    expect(mmu.getRefMod(10, 0)).toBe(0);
  });

  it('the bus error register latches the most recent CPU bus error', () => {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x100));
    faultOf(() => m.bus.read8(0x202000, FC_SD));
    expect(m.mmu.busError).toBe(BUSERR_INVALID);
    m.bus.read8(0x200000, FC_SD); // a good access leaves it alone
    expect(m.mmu.busError).toBe(BUSERR_INVALID);
    faultOf(() => m.bus.write8(0x200000, 0, FC_SD));
    expect(m.mmu.busError).toBe(BUSERR_PROTERR);
    expect(m.bus.read8(0x60000000, FC_CTL)).toBe(BUSERR_PROTERR); // and it reads the same through control space
    m.bus.write8(0x60000000, 0, FC_CTL); // read-only
    expect(m.mmu.busError).toBe(BUSERR_PROTERR);
  });

  it('CPU space and the undefined function codes are bus errors', () => {
    const m = machine();
    for (const fc of [0, 4, 7]) faultOf(() => m.bus.read16(0xfffffff4, fc));
    expect(m.mmu.busError).toBe(BUSERR_TIMEOUT);
  });
});

describe('accesses spanning two pages', () => {
  it('are all or nothing: the second page is checked before the first byte is written', () => {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x100, { write: true }));
    m.mmu.setPte(10, 1, makePte(0x101)); // read-only
    const f = faultOf(() => m.bus.write32(0x201ffe, 0x11223344, FC_SD));
    expect(f.address).toBe(0x202000); // the first byte that faults
    expect(m.mmu.busError).toBe(BUSERR_PROTERR);
    expect(m.ram[0x100 * 0x2000 + 0x1ffe]).toBe(0);
    expect(m.ram[0x100 * 0x2000 + 0x1fff]).toBe(0);
    expect(m.mmu.getRefMod(10, 0)).toBe(0);
    m.mmu.setPte(10, 1, makePte(0x101, { write: true }));
    m.bus.write32(0x201ffe, 0x11223344, FC_SD);
    expect(m.bus.read32(0x201ffe, FC_SD)).toBe(0x11223344);
    expect(m.ram[0x101 * 0x2000]).toBe(0x33);
    expect(m.mmu.getRefMod(10, 1)).toBe(PTE_REF | PTE_MOD);
  });

  it('probe checks without touching R or M', () => {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x100, { write: true }));
    m.bus.probe(0x200100, 4, FC_SD, true);
    expect(m.mmu.getRefMod(10, 0)).toBe(0);
    const f = faultOf(() => m.bus.probe(0x201ffc, 8, FC_SD, false));
    expect(f.address).toBe(0x202000);
    expect(m.mmu.busError).toBe(BUSERR_INVALID);
  });
});

describe('contexts', () => {
  it('the same VA reaches different frames in different contexts', () => {
    const m = machine();
    const mmu = m.mmu;
    mmu.setSegmap(1, 0x00400000, 20);
    mmu.setSegmap(2, 0x00400000, 21);
    mmu.setPte(20, 0, makePte(0x200, { write: true }));
    mmu.setPte(21, 0, makePte(0x201, { write: true }));
    mmu.setContext(1);
    m.bus.write32(0x400000, 0x1111, FC_UD);
    mmu.setContext(2);
    expect(m.bus.read32(0x400000, FC_UD)).toBe(0); // not context 1's data (and not a stale Tlb entry)
    m.bus.write32(0x400000, 0x2222, FC_UD);
    mmu.setContext(1);
    expect(m.bus.read32(0x400000, FC_UD)).toBe(0x1111);
    mmu.setContext(0);
    faultOf(() => m.bus.read32(0x400000, FC_UD));
    expect(m.mmu.busError).toBe(BUSERR_INVALID);
    expect(mmu.getPteAt(2, 0x400000)).toBe((makePte(0x201, { write: true }) | PTE_REF | PTE_MOD) >>> 0);
  });
});

describe('control space through the bus', () => {
  it('reaches the PTE (long), segmap (byte), context, enable, DVMA, diag registers', () => {
    const m = machine();
    const b = m.bus;
    b.write8(0x20400000, 33, FC_CTL); // segmap of VA 0x400000, context 0
    expect(m.mmu.getSegmap(0, 0x400000)).toBe(33);
    expect(b.read8(0x2041fffe, FC_CTL)).toBe(33); // bits 27-17 select the segment, the rest is ignored
    b.write32(0x10402000, 0xc0000077, FC_CTL); // PTE for VA 0x402000: PMEG 33, index 1
    expect(m.mmu.getPte(33, 1)).toBe(0xc0000077);
    expect(b.read32(0x10402000, FC_CTL) >>> 0).toBe(0xc0000077);
    expect(b.read16(0x10402002, FC_CTL)).toBe(0x0077);
    b.write8(0x10402001, 0x00, FC_CTL); // a byte of the PTE
    expect(m.mmu.getPte(33, 1)).toBe(0xc0000077);
    b.write8(0x10402003, 0x78, FC_CTL);
    expect(m.mmu.getPte(33, 1)).toBe(0xc0000078);
    b.write8(0x30000000, 0xfd, FC_CTL); // context: only bits 2-0
    expect(m.mmu.context).toBe(5);
    expect(b.read8(0x30000000, FC_CTL) & 7).toBe(5);
    expect(b.read8(0x40000000, FC_CTL)).toBe(ENA_NOTBOOT);
    b.write8(0x40000000, ENA_NOTBOOT | ENA_SDVMA | 1, FC_CTL); // bit 0 (DIAG switch) is read-only
    expect(m.mmu.enable).toBe(ENA_NOTBOOT | ENA_SDVMA);
    b.write8(0x50000000, 0x02, FC_CTL);
    expect(m.mmu.userDvma).toBe(2);
    b.write8(0x70000000, 0x5a, FC_CTL);
    expect(m.mmu.diag).toBe(0x5a);
    expect(b.read8(0x70000000, FC_CTL)).toBe(0x5a);
  });

  it('has the ID PROM at 0-0x1F: format 1, type 0x17, Ethernet address, serial, checksum', () => {
    const m = new Sun3Machine({ serial: 0x0a0b0c, ethernet: '8:0:20:aa:bb:cc' });
    const p = Array.from({ length: 32 }, (_, i) => m.bus.read8(i, FC_CTL));
    expect(p[0]).toBe(1);
    expect(p[1]).toBe(0x17);
    expect(p.slice(2, 8)).toEqual([0x08, 0x00, 0x20, 0xaa, 0xbb, 0xcc]);
    expect(p.slice(12, 15)).toEqual([0x0a, 0x0b, 0x0c]);
    expect(p.slice(0, 16).reduce((x, y) => x ^ y, 0)).toBe(0);
    expect(idPromChecksumOk(m.mmu.idprom)).toBe(true);
    expect(p.slice(16)).toEqual(new Array(16).fill(0));
    m.bus.write8(1, 0x11, FC_CTL); // read-only
    expect(m.bus.read8(1, FC_CTL)).toBe(0x17);
    expect(m.hostId).toBe(0x170a0b0c);
  });

  it('addresses beyond the diagnostic register time out', () => {
    const m = machine();
    faultOf(() => m.bus.read8(0x80000000, FC_CTL));
    expect(m.mmu.busError).toBe(BUSERR_TIMEOUT);
    faultOf(() => m.bus.probe(0xf0000000, 1, FC_CTL, true));
  });
});

describe('host access for the kernel', () => {
  it('copyIn/copyOut go through the translation with user protection, all or nothing', () => {
    const m = machine();
    const mmu = m.mmu;
    mmu.setPte(10, 0, makePte(0x100, { write: true }));
    mmu.setPte(10, 1, makePte(0x101, { write: true }));
    mmu.setPte(10, 2, makePte(0x102, { write: true, system: true }));
    const src = Uint8Array.from({ length: 100 }, (_, i) => i);
    expect(m.bus.copyOut(0x201fd0, src, 0, 100, true)).toBe(true);
    expect(m.ram[0x100 * 0x2000 + 0x1fd0]).toBe(0);
    expect(m.ram[0x101 * 0x2000 + 0x33]).toBe(99);
    expect(mmu.getRefMod(10, 1)).toBe(PTE_REF | PTE_MOD);
    const dst = new Uint8Array(100);
    expect(m.bus.copyIn(0x201fd0, dst, 0, 100, true)).toBe(true);
    expect(dst).toEqual(src);
    // Into the supervisor page: refused for a user copy, nothing written.
    expect(m.bus.copyOut(0x203ff0, src, 0, 32, true)).toBe(false);
    expect(m.ram[0x101 * 0x2000 + 0x1ff0]).toBe(0);
    expect(m.mmu.lastFault).toBe(0);
    expect(m.mmu.translate(0x204000, true, false)).toBe(-1);
    expect(m.mmu.lastFault).toBe(BUSERR_PROTERR);
    expect(m.mmu.translate(0x204010, false, false)).toBe(0x102 * 0x2000 + 0x10);
    expect(m.mmu.busError).toBe(0); // host translations do not load the bus error register
  });

  it('DVMA addresses translate as VA 0x0F000000 | A, only with ENABLE.SDVMA', () => {
    const m = machine();
    m.mmu.setSegmap(0, 0x0ff00000, 40);
    m.mmu.setPte(40, 0, makePte(0x300, { write: true, system: true }));
    expect(m.mmu.dvmaTranslate(0xf00010, true)).toBe(-1);
    m.mmu.enable |= ENA_SDVMA;
    expect(m.mmu.dvmaTranslate(0xf00010, true)).toBe(0x300 * 0x2000 + 0x10);
    expect(m.mmu.getRefMod(40, 0)).toBe(PTE_REF | PTE_MOD);
    expect(m.mmu.dvmaTranslate(0xf02000, false)).toBe(-1);
    expect(m.mmu.getPte(40, 0) & PTE_VALID).toBeTruthy();
  });
});

describe('the translation cache', () => {
  /** Page 0 of segment 0x200000 (PMEG 10) on frame 0x100, cached by a CPU read; frame 0x101 holds 0x22. */
  function cached() {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x100, { write: true }));
    m.ram[0x100 * 0x2000] = 0x11;
    m.ram[0x101 * 0x2000] = 0x22;
    expect(m.cpu.rd8(0x200000)).toBe(0x11); // the miss goes to the bus, which fills the cache
    const page = 0x200000 >>> 13;
    expect(m.cpu.tlb.tables[SUPER_READ][page]).toBe(0x100 * 0x2000);
    return { m, page };
  }

  it('a PTE write that changes the entry is seen by the next access', () => {
    const { m, page } = cached();
    m.mmu.setPte(10, 0, makePte(0x101, { write: true }));
    expect(m.cpu.tlb.tables[SUPER_READ][page]).toBe(-1);
    expect(m.cpu.rd8(0x200000)).toBe(0x22);
    // The same through control space (a long write to the PTE of VA 0x200000).
    m.bus.write32(0x10200000, makePte(0x100, { write: true }), FC_CTL);
    expect(m.cpu.rd8(0x200000)).toBe(0x11);
    // Invalidating it makes the next access fault.
    m.mmu.setPteAt(0, 0x200000, 0);
    faultOf(() => m.cpu.rd8(0x200000));
  });

  it('a PTE write that changes nothing flushes nothing, and a change flushes only the pages it maps', () => {
    const { m, page } = cached();
    m.mmu.setPte(10, 1, makePte(0x102));
    m.cpu.rd8(0x202000);
    const flush = vi.spyOn(m.cpu.tlb, 'flush');
    const flushPage = vi.spyOn(m.cpu.tlb, 'flushPage');
    // Rewriting the entry as it is (R is set now: keep it) leaves the cache alone.
    m.mmu.setPte(10, 0, m.mmu.getPte(10, 0));
    m.mmu.fillPmeg(11, 0); // an unused PMEG, already all-invalid
    m.mmu.clearRefMod(10, 0, PTE_MOD); // M was clear
    expect(flush).not.toHaveBeenCalled();
    expect(flushPage).not.toHaveBeenCalled();
    expect(m.cpu.tlb.tables[SUPER_READ][page]).toBeGreaterThanOrEqual(0);
    // Clearing R must flush, or the next access would not set it again; page 1 stays cached.
    m.mmu.clearRefMod(10, 0, PTE_REF);
    expect(flush).not.toHaveBeenCalled();
    expect(flushPage).toHaveBeenCalledTimes(1);
    expect(m.cpu.tlb.tables[SUPER_READ][page]).toBe(-1);
    expect(m.cpu.tlb.tables[SUPER_READ][page + 1]).toBeGreaterThanOrEqual(0);
    m.cpu.rd8(0x200000);
    expect(m.mmu.getRefMod(10, 0)).toBe(PTE_REF);
  });

  it('a PMEG mapped by two segments: a PTE change flushes the page in both', () => {
    const { m, page } = cached();
    m.mmu.setSegmap(0, 0x600000, 10); // an alias of segment 0x200000
    expect(m.cpu.rd8(0x600000)).toBe(0x11);
    m.mmu.setPte(10, 0, makePte(0x101));
    expect(m.cpu.tlb.tables[SUPER_READ][page]).toBe(-1);
    expect(m.cpu.rd8(0x600000)).toBe(0x22);
    expect(m.cpu.rd8(0x200000)).toBe(0x22);
  });

  it("a segment map write flushes that segment's pages only", () => {
    const { m, page } = cached();
    m.mmu.setSegmap(0, 0x400000, 12);
    m.mmu.setPte(12, 3, makePte(0x101));
    expect(m.cpu.rd8(0x406000)).toBe(0x22);
    const other = 0x406000 >>> 13;
    expect(m.cpu.tlb.tables[SUPER_READ][other]).toBeGreaterThanOrEqual(0);
    m.mmu.setSegmap(0, 0x400000, SEGINV);
    expect(m.cpu.tlb.tables[SUPER_READ][other]).toBe(-1);
    expect(m.cpu.tlb.tables[SUPER_READ][page]).toBeGreaterThanOrEqual(0);
    faultOf(() => m.cpu.rd8(0x406000));
    // Another context's segment map: nothing of it is cached.
    const flushPage = vi.spyOn(m.cpu.tlb, 'flushPage');
    m.mmu.setSegmap(3, 0x200000, 12);
    expect(flushPage).not.toHaveBeenCalled();
    expect(m.cpu.rd8(0x200000)).toBe(0x11);
  });

  it('an address with bits 31-28 set is never cached, and translates as its alias', () => {
    const { m, page } = cached();
    expect(m.cpu.rd8(0xf0200000)).toBe(0x11);
    m.mmu.setPte(10, 0, makePte(0x101));
    expect(m.cpu.rd8(0xf0200000)).toBe(0x22);
    expect(m.cpu.tlb.tables[SUPER_READ][page]).toBe(-1);
  });
});

describe('peek', () => {
  it('reads memory as the CPU would, leaving no R bit, cache entry or bus error behind', () => {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x100, { write: true }));
    m.mmu.setPte(10, 1, makePte(0x101, { system: true }));
    m.ram.set([0x12, 0x34, 0x56, 0x78], 0x100 * 0x2000 + 0x1ffe);
    m.mmu.busError = 0;
    expect(m.bus.peek(0x200000 + 0x1ffe, 2, FC_SD)).toBe(0x1234);
    expect(m.bus.peek(0x200000 + 0x1ffe, 4, FC_SD)).toBe(0x12345678); // across the page boundary
    expect(m.bus.peek(0x200000 + 0x3ffe, 4, FC_SD)).toBe(-1); // into an invalid page
    expect(m.bus.peek(0xf0201ffe, 1, FC_UD)).toBe(0x12);
    expect(m.bus.peek(0x202000, 1, FC_UD)).toBe(-1); // a supervisor page, read by the user
    expect(m.bus.peek(0x204000, 2, FC_SD)).toBe(-1); // invalid
    expect(m.bus.peek(0x200000, 2, FC_CTL)).toBe(-1);
    expect(m.mmu.getRefMod(10, 0)).toBe(0);
    expect(m.mmu.getRefMod(10, 1)).toBe(0);
    expect(m.mmu.busError).toBe(0);
    expect(m.cpu.tlb.tables[SUPER_READ][0x200000 >>> 13]).toBe(-1);
  });

  it('does not read device registers', () => {
    const m = machine();
    m.mmu.setPte(10, 0, makePte(0x20000 >>> 13, { type: PGTYPE_OBIO }));
    expect(m.bus.peek(0x200004, 1, FC_SD)).toBe(-1);
  });
});
