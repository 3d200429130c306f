/**
 * 68020 programs that reach the MMU through control space (MOVES with
 * SFC/DFC = 3), and a guest page-fault handler; plus the translation cache
 * staying coherent with the maps.
 */
import { describe, expect, it } from 'vitest';
import { SUPER_READ, SUPER_WRITE } from '../../emu/bus/tlb.js';
import { BUSERR_INVALID, makePte, PTE_MOD, PTE_REF } from '../../emu/mmu/mmu.js';
import { bootWith, CODE, HANDLER, long, readLong, STACK, writeLong, writeWords } from './helpers.js';

const STOP_2700 = [0x4e72, 0x2700];

describe('control space from a 68020 program (MOVES, SFC = DFC = 3)', () => {
  it('reads the ID PROM, programs segmap, PTE and context, and sees R/M set by its own access', () => {
    const { m } = bootWith([
      0x7003, //                      moveq   #3,d0
      0x4e7b,
      0x0000, //              movec   d0,sfc
      0x4e7b,
      0x0001, //              movec   d0,dfc
      0x207c,
      ...long(0x00000001), // movea.l #$00000001,a0   ID PROM byte 1
      0x0e10,
      0x1000, //              moves.b (a0),d1          machine type
      0x227c,
      ...long(0x30000000), // movea.l #$30000000,a1   context register
      0x0e11,
      0x2000, //              moves.b (a1),d2
      0x247c,
      ...long(0x20040000), // movea.l #$20040000,a2   segmap entry for VA $40000
      0x7605, //                      moveq   #5,d3
      0x0e12,
      0x3800, //              moves.b d3,(a2)          segment -> PMEG 5
      0x267c,
      ...long(0x10040000), // movea.l #$10040000,a3   PTE for VA $40000
      0x283c,
      ...long(0xe0000100), // move.l  #$E0000100,d4   V W S, PFN $100 (PA $200000)
      0x0e93,
      0x4800, //              moves.l d4,(a3)
      0x287c,
      ...long(0x00040000), // movea.l #$40000,a4
      0x28bc,
      ...long(0xcafebabe), // move.l  #$CAFEBABE,(a4)  through the new mapping
      0x0e93,
      0x5000, //              moves.l (a3),d5          PTE again: R and M now set
      0x0e12,
      0x6000, //              moves.b (a2),d6          segmap entry again
      0x7001, //                      moveq   #1,d0
      0x0e11,
      0x0800, //              moves.b d0,(a1)          switch to context 1
      0x0e11,
      0x7000, //              moves.b (a1),d7
      0x0e12,
      0x6800, //              moves.b d6,(a2)          context 1's segmap entry for VA $40000
      ...STOP_2700,
    ]);
    m.run(2000);
    const cpu = m.cpu;
    expect(cpu.halted).toBe(false);
    expect(cpu.stopped).toBe(true);
    expect(cpu.d[1] & 0xff).toBe(0x17);
    expect(cpu.d[2] & 0xff).toBe(0);
    expect(readLong(m.ram, 0x200000)).toBe(0xcafebabe);
    expect(cpu.d[5] >>> 0).toBe((0xe0000100 | PTE_REF | PTE_MOD) >>> 0);
    expect(cpu.d[6] & 0xff).toBe(5);
    expect(cpu.d[7] & 0xff).toBe(1);
    expect(m.mmu.context).toBe(1);
    expect(m.mmu.getSegmap(0, 0x40000)).toBe(5);
    expect(m.mmu.getSegmap(1, 0x40000)).toBe(5);
    expect(m.mmu.getSegmap(2, 0x40000)).toBe(255);
    expect(m.mmu.getPte(5, 0)).toBe((0xe0000100 | PTE_REF | PTE_MOD) >>> 0);
  });

  it('a guest bus-error handler reads the bus error register, maps the page and reruns the access', () => {
    const t = bootWith([
      0x7003, //                      moveq   #3,d0
      0x4e7b,
      0x0000, //              movec   d0,sfc
      0x4e7b,
      0x0001, //              movec   d0,dfc
      0x2a7c,
      ...long(0x60000000), // movea.l #$60000000,a5   bus error register
      0x247c,
      ...long(0x20060000), // movea.l #$20060000,a2   segmap entry of VA $60000
      0x267c,
      ...long(0x10060000), // movea.l #$10060000,a3   its PTE
      0x287c,
      ...long(0x00060000), // movea.l #$60000,a4
      0x28bc,
      ...long(0x12345678), // move.l  #$12345678,(a4)  faults: segment unmapped
      0x2c14, //                      move.l  (a4),d6
      ...STOP_2700,
    ]);
    const { m } = t;
    writeWords(m.ram, HANDLER, [
      0x0e15,
      0x3000, //              moves.b (a5),d3          cause
      0x242f,
      0x0010, //              move.l  16(a7),d2        fault address from the frame
      0x7806, //                      moveq   #6,d4
      0x0e12,
      0x4800, //              moves.b d4,(a2)          segment -> PMEG 6
      0x283c,
      ...long(0xc0000180), // move.l  #$C0000180,d4   V W, PFN $180 (PA $300000)
      0x0e93,
      0x4800, //              moves.l d4,(a3)
      0x5287, //                      addq.l  #1,d7
      0x4e73, //                      rte                      reruns the move
    ]);
    writeLong(m.ram, 2 * 4, HANDLER); // vector 2: bus error
    m.run(5000);
    const cpu = m.cpu;
    expect(t.unexpected).toEqual([]);
    expect(cpu.stopped).toBe(true);
    expect(cpu.d[7]).toBe(1);
    expect(cpu.d[3] & 0xff).toBe(BUSERR_INVALID);
    expect(cpu.d[2]).toBe(0x60000);
    expect(readLong(m.ram, 0x300000)).toBe(0x12345678);
    expect(cpu.d[6]).toBe(0x12345678);
    expect(cpu.a[7]).toBe(STACK);
  });
});

describe('the translation cache stays coherent with the maps', () => {
  /** VA $40000 on PMEG 5 in context 0: frame A = PFN $100 holds $11111111, frame B = $101 holds $22222222. */
  function twoFrames(code: number[]) {
    const t = bootWith(code);
    const { m } = t;
    m.mmu.setSegmap(0, 0x40000, 5);
    m.mmu.setPte(5, 0, makePte(0x100, { write: true, system: true }));
    writeLong(m.ram, 0x200000, 0x11111111);
    writeLong(m.ram, 0x202000, 0x22222222);
    return t;
  }

  it('a PTE rewritten through control space is used at once (no stale entry)', () => {
    const { m } = twoFrames([
      0x7003, //                      moveq   #3,d0
      0x4e7b,
      0x0001, //              movec   d0,dfc
      0x287c,
      ...long(0x00040000), // movea.l #$40000,a4
      0x267c,
      ...long(0x10040000), // movea.l #$10040000,a3
      0x283c,
      ...long(0xe0000101), // move.l  #$E0000101,d4   frame B
      0x2214, //                      move.l  (a4),d1          fills the cache for the page
      0x2214, //                      move.l  (a4),d1          from the cache
      0x0e93,
      0x4800, //              moves.l d4,(a3)
      0x2414, //                      move.l  (a4),d2
      ...STOP_2700,
    ]);
    m.run(2000);
    expect(m.cpu.d[1] >>> 0).toBe(0x11111111);
    expect(m.cpu.d[2] >>> 0).toBe(0x22222222);
  });

  it('a PTE changed by the kernel between runs is used at once', () => {
    const { m } = twoFrames([
      0x287c,
      ...long(0x00040000), // movea.l #$40000,a4
      0x2214, //                      loop: move.l (a4),d1
      0x60fc, //                      bra.s   loop
    ]);
    m.run(1000);
    expect(m.cpu.d[1] >>> 0).toBe(0x11111111);
    expect(m.cpu.tlb.tables[SUPER_READ][0x40000 >>> 13]).toBe(0x200000);
    m.mmu.setPteAt(0, 0x40000, makePte(0x101, { write: true, system: true }));
    m.run(1000);
    expect(m.cpu.d[1] >>> 0).toBe(0x22222222);
    m.mmu.setSegmap(0, 0x40000, 255);
    m.run(1000);
    expect(m.cpu.lastException).toBe(2); // bus error: the segment is gone
  });

  it('the first write to a clean page reaches the MMU and sets M even after reads were cached', () => {
    const { m } = twoFrames([
      0x287c,
      ...long(0x00040000), // movea.l #$40000,a4
      0x2214, //                      move.l  (a4),d1
      ...STOP_2700,
      0x2884, //                      move.l  d4,(a4)   (at CODE + 12)
      ...STOP_2700,
    ]);
    m.run(500);
    const page = 0x40000 >>> 13;
    expect(m.mmu.getRefMod(5, 0)).toBe(PTE_REF);
    expect(m.cpu.tlb.tables[SUPER_READ][page]).toBe(0x200000);
    expect(m.cpu.tlb.tables[SUPER_WRITE][page]).toBe(-1); // writable but clean: not cached for writes
    m.cpu.d[4] = 0x33;
    m.boot({ pc: CODE + 12, ssp: STACK, vbr: 0 });
    m.run(500);
    expect(m.mmu.getRefMod(5, 0)).toBe(PTE_REF | PTE_MOD);
    expect(readLong(m.ram, 0x200000)).toBe(0x33);
    expect(m.cpu.tlb.tables[SUPER_WRITE][page]).toBe(0x200000);
    // Clearing M (as a pageout daemon would) drops the cached write entry.
    m.mmu.clearRefMod(5, 0, PTE_MOD);
    expect(m.cpu.tlb.tables[SUPER_WRITE][page]).toBe(-1);
    m.boot({ pc: CODE + 12, ssp: STACK, vbr: 0 });
    m.run(500);
    expect(m.mmu.getRefMod(5, 0)).toBe(PTE_REF | PTE_MOD);
  });

  it('a user program sees only its own context; a context switch flushes the cache', () => {
    const USER_PC = 0x200000;
    const t = bootWith([
      0x7003, //                      moveq   #3,d0
      0x4e7b,
      0x0001, //              movec   d0,dfc
      0x227c,
      ...long(0x30000000), // movea.l #$30000000,a1
      0x7001, //                      moveq   #1,d0
      0x0e11,
      0x0800, //              moves.b d0,(a1)      context 1
      0x3f3c,
      0x0000, //              move.w  #0,-(a7)     format 0 frame:
      0x4879,
      ...long(USER_PC), //    pea     USER_PC        PC
      0x3f3c,
      0x0000, //              move.w  #0,-(a7)       SR: user state
      0x4e73, //                      rte                  to user code
      ...STOP_2700, //                (CODE + 34) where the trap handler ends it all
    ]);
    const { m } = t;
    const mmu = m.mmu;
    // User segment at VA $200000: PMEG 7 in context 1, PMEG 8 in context 2, different frames.
    mmu.setSegmap(1, USER_PC, 7);
    mmu.setSegmap(2, USER_PC, 8);
    mmu.setPte(7, 0, makePte(0x200, { write: true }));
    mmu.setPte(7, 1, makePte(0x201, { write: true }));
    mmu.setPte(8, 0, makePte(0x300, { write: true }));
    mmu.setPte(8, 1, makePte(0x301, { write: true }));
    const user = [
      0x2239,
      ...long(0x202000), //   move.l  $202000,d1
      0x4e4f, //                      trap    #15
    ];
    writeWords(m.ram, 0x200 * 0x2000, user);
    writeWords(m.ram, 0x300 * 0x2000, user);
    writeLong(m.ram, 0x201 * 0x2000, 0xaaaa0001);
    writeLong(m.ram, 0x301 * 0x2000, 0xbbbb0002);
    const seen: number[] = [];
    t.handlers.set(47, () => {
      const cpu = m.cpu;
      seen.push(cpu.d[1] >>> 0, mmu.context);
      const sp = cpu.a[7] >>> 0;
      if (mmu.context === 1) {
        mmu.setContext(2); // the kernel switches to another process...
        writeLong(m.ram, sp + 2, USER_PC); // ...and returns to its user code
      } else {
        writeWords(m.ram, sp, [0x2700]); // done: back to the kernel's STOP
        writeLong(m.ram, sp + 2, CODE + 34);
      }
    });
    m.run(3000);
    expect(t.unexpected).toEqual([]);
    expect(m.cpu.stopped).toBe(true);
    expect(seen).toEqual([0xaaaa0001, 1, 0xbbbb0002, 2]);
  });
});
