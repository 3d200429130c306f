/**
 * Translated code never outlives the bytes it was made from: a frame that
 * held translated code is reused for a new program (exec), read(2) puts
 * new code where translated code was (the kernel's copyout), a program
 * rewrites its own code, the MMU maps other code at the same address, the
 * cache is cleared. Each time the new code must run, and the stale
 * translation must not.
 */
import { describe, expect, it } from 'vitest';
import { installFile } from '../../emu/lab/disk.js';
import { Station } from '../../emu/lab/station.js';
import { Sun3Machine } from '../../emu/machine/sun3.js';
import { makePte } from '../../emu/mmu/mmu.js';
import { aout, hex, rootImage } from '../kernel/helpers.js';
import { jitMachine, writeWords } from './harness.js';

/**
 * `moveq #0,d0; move.w #49999,d1; 1: addq.l #INC,d0; dbra d1,1b`, then
 * `move.l d0,-(sp); clr.l -(sp); moveq #1,d1; move.l d1,-(sp); trap #0`
 * (exit): the loop is translated; the exit status is 50000 * INC modulo 256.
 */
const LOOP_INC_1 = hex('7000323cc34f528051c9fffc2f0042a772012f014e40');
const LOOP_INC_2 = hex('7000323cc34f548051c9fffc2f0042a772012f014e40');

/**
 * Loads /tmp/code1 into its data page at 0x20000 with read(2), calls it 20
 * times, loads /tmp/code2 at the same place, calls it 20 times; exits with
 * result1 * 16 + result2. Assembled from (system calls: the number on the
 * stack over a dummy return address and the arguments; the kernel pops it):
 *
 *   _start: lea path1(pc),a0; bsr load; bsr run20; move.l d0,d7
 *           lea path2(pc),a0; bsr load; bsr run20; lsl.l #4,d7; add.l d0,d7
 *           move.l d7,-(sp); clr.l -(sp); moveq #1,d0; move.l d0,-(sp); trap #0   | exit
 *   load:   clr.l -(sp); move.l a0,-(sp); clr.l -(sp); moveq #5,d0; move.l d0,-(sp)
 *           trap #0; lea 12(sp),sp; move.l d0,d5                                   | open
 *           pea 64; pea $20000; move.l d5,-(sp); clr.l -(sp); moveq #3,d0
 *           move.l d0,-(sp); trap #0; lea 16(sp),sp                                | read
 *           move.l d5,-(sp); clr.l -(sp); moveq #6,d0; move.l d0,-(sp)
 *           trap #0; lea 8(sp),sp; rts                                             | close
 *   run20:  moveq #19,d4; 1: jsr $20000; dbra d4,1b; rts
 *   path1:  .asciz "/tmp/code1"; path2: .asciz "/tmp/code2"
 */
const READ_AND_CALL = hex(
  '41fa006e61000022610000582e0041fa006b610000146100004ae98fde802f0742a770012f004e4042a72f0842a770052f004e404fef000c2a00487800404879000200002f0542a770032f004e404fef00102f0542a770062f004e404fef00084e7578134eb90002000051ccfff84e752f746d702f636f646531002f746d702f636f64653200',
);

/**
 * Calls 0x20000 twenty times, forks; the child rewrites it and calls it
 * again; the parent waits for the child and calls its own again:
 *
 *   _start: bsr run20; move.l d0,d7; clr.l -(sp); pea 2; trap #0; addq.l #4,sp  | fork
 *           tst.l d1; bne child
 *           subq.l #4,sp; move.l sp,a0; clr.l -(sp); clr.l -(sp); move.l a0,-(sp)
 *           pea -1; clr.l -(sp); pea 7; trap #0; lea 20(sp),sp                  | wait4
 *           move.l (sp)+,d6; lsr.l #8,d6; and.l #255,d6
 *           bsr run20; lsl.l #4,d0; add.l d6,d0; bra exit
 *   child:  move.b #5,$20001; bsr run20
 *   exit:   move.l d0,-(sp); clr.l -(sp); pea 1; trap #0
 *   run20:  moveq #19,d4; 1: jsr $20000; dbra d4,1b; rts
 */
const FORK_AND_CALL = hex(
  '6100005a2e0042a7487800024e40588f4a8166000032598f204f42a742a72f084878ffff42a7487800074e404fef00142c1fe08e0286000000ff61000020e988d0866000000e13fc0005000200016100000c2f0042a7487800014e4078134eb90002000051ccfff84e75',
);

/** A machine running `sh -c command`, translating every block the first time it runs. */
function shellRun(disk: Uint8Array, command: string) {
  let out = '';
  const st = new Station({
    disk,
    consoleSink: (b) => {
      out += String.fromCharCode(b);
    },
    quietBoot: true,
    engine: 'jit',
    program: { path: '/bin/sh', argv: ['sh', '-c', command] },
  });
  const blocks = st.machine.cpu.blocks;
  if (blocks) blocks.threshold = 1;
  return { st, output: () => out.replace(/\r\n/g, '\n') };
}

describe('translated code is dropped when its frame is written', () => {
  it('by exec: a new program in the frame of one that ran translated, at the same address', () => {
    const disk = rootImage();
    installFile(disk, '/tmp/A', aout(LOOP_INC_1), 0o755);
    installFile(disk, '/tmp/B', aout(LOOP_INC_2), 0o755);
    const { st, output } = shellRun(disk, '/tmp/A; echo $?; /tmp/B; echo $?');
    const frames: Record<string, number> = {};
    const dropped: number[] = [];
    const tlb = st.machine.cpu.tlb;
    const drop = tlb.onCodeWrite;
    tlb.onCodeWrite = (frame, from, to) => {
      dropped.push(frame);
      drop(frame, from, to);
    };
    for (let i = 0; i < 3000 && !st.halted; i++) {
      st.run(20_000);
      for (const p of st.kernel.procs.values())
        if (p.u.comm === 'A' || p.u.comm === 'B') frames[p.u.comm] ??= p.vm.lookup(0x2000)?.frame ?? -1;
    }
    // 50000 * 1 and 50000 * 2, modulo 256.
    expect(output()).toBe('80\n160\n');
    // B's text went into the frame A's translated loop came from, and it was dropped.
    expect(frames.B).toBe(frames.A);
    expect(dropped).toContain(frames.A);
  });

  it('by a copy-on-write copy: parent and child each run their own code at the same address', () => {
    // The data page at 0x20000 holds `moveq #3,d0; rts`, called 20 times (translated); after a
    // fork the child changes it to `moveq #5,d0` (a store into the shared page: the kernel copies
    // it) and calls it again; the parent waits, calls its own copy, exits with 3 * 16 + the child's.
    const disk = rootImage();
    const data = new Uint8Array(8192);
    data.set([0x70, 0x03, 0x4e, 0x75]);
    installFile(disk, '/tmp/cow', aout(FORK_AND_CALL, data), 0o755);
    const { st, output } = shellRun(disk, '/tmp/cow; echo $?');
    for (let i = 0; i < 500 && !st.halted; i++) st.run(200_000);
    expect(output()).toBe(`${3 * 16 + 5}\n`);
    expect(st.kernel.mem.cowCopies).toBeGreaterThan(0);
  });

  it("by read(2): the kernel's copyout over translated code in a data page", () => {
    const disk = rootImage();
    installFile(disk, '/tmp/rc', aout(READ_AND_CALL, new Uint8Array(8192)), 0o755);
    installFile(disk, '/tmp/code1', hex('70034e75'), 0o644); // moveq #3,d0; rts
    installFile(disk, '/tmp/code2', hex('70054e75'), 0o644); // moveq #5,d0; rts
    const { st, output } = shellRun(disk, '/tmp/rc; echo $?');
    for (let i = 0; i < 500 && !st.halted; i++) st.run(200_000);
    expect(output()).toBe(`${3 * 16 + 5}\n`);
    expect(st.machine.cpu.blocks?.stats.invalidated).toBeGreaterThan(0);
  });
});

describe('translated code on a bare CPU', () => {
  const flat = jitMachine;

  it('rewrites its own next instruction: the new one runs', () => {
    // 1000: move.w #$7007,$1008 ; 1006: nop ; 1008: moveq #1,d0 (becomes moveq #7,d0) ; stop
    const { cpu } = flat([0x31fc, 0x7007, 0x1008, 0x4e71, 0x7001, 0x4e72, 0x2700]);
    cpu.run(10_000);
    expect(cpu.stopped).toBe(true);
    expect(cpu.d[0]).toBe(7);
  });

  it('runs a loop translated, then the loop rewritten by a store, then the new loop', () => {
    const { cpu } = flat([
      0x7209, // 1000 moveq #9,d1
      0x5280, // 1002 addq.l #1,d0 (rewritten to addq.l #2,d0)
      0x51c9, // 1004 dbra d1,1002
      0xfffc,
      0x4a82, // 1008 tst.l d2
      0x660c, // 100a bne 1018
      0x7401, // 100c moveq #1,d2
      0x31fc, // 100e move.w #$5480,$1002
      0x5480,
      0x1002,
      0x7209, // 1014 moveq #9,d1
      0x60ea, // 1016 bra 1002
      0x4e72, // 1018 stop #$2700
      0x2700,
    ]);
    cpu.run(100_000);
    expect(cpu.stopped).toBe(true);
    expect(cpu.d[0]).toBe(10 * 1 + 10 * 2);
    expect(cpu.blocks?.stats.invalidated).toBeGreaterThan(0);
  });

  it('a host write through FlatBus.written drops the translation', () => {
    // moveq #1,d0; stop — run, change to moveq #2,d0 from outside, run again.
    const { cpu, bus } = flat([0x7001, 0x4e72, 0x2700]);
    cpu.run(100);
    expect(cpu.d[0]).toBe(1);
    bus.flatRam[0x1001] = 2;
    bus.written(0x1001, 1);
    cpu.stopped = false;
    cpu.pc = 0x1000;
    cpu.run(100);
    expect(cpu.d[0]).toBe(2);
  });

  it('a CACR cache clear drops every translation', () => {
    // moveq #8,d0; movec d0,cacr; stop
    const { cpu } = flat([0x7008, 0x4e7b, 0x0002, 0x4e72, 0x2700]);
    const blocks = cpu.blocks;
    if (blocks === null) throw new Error('no block engine');
    cpu.run(100);
    expect(cpu.stopped).toBe(true);
    expect(blocks.stats.translations).toBeGreaterThan(0);
    expect(blocks.sourceAt(0x1000)).toBeUndefined();
  });
});

describe('translated code and the MMU', () => {
  it('the same address mapped to another frame runs that frame’s code', () => {
    const m = new Sun3Machine({ memoryMB: 4, engine: 'jit', timing: 'cache-case' });
    m.powerOn();
    const blocks = m.cpu.blocks;
    if (blocks === null) throw new Error('no block engine');
    blocks.threshold = 1;
    // Segment 0 of context 0 -> PMEG 0; page 0 (vectors, stack) -> frame 0; page 1 (code) -> frame 2 or 3.
    m.mmu.setSegmap(0, 0, 0);
    m.mmu.setPte(0, 0, makePte(0, { write: true, system: true }));
    // Frame 2: nop; moveq #2,d0; stop.  Frame 3: nop; moveq #3,d0; stop. (The nop runs in the
    // interpreter, whose fetch fills the translation cache; the block after it is translated.)
    writeWords(m.ram, 2 * 8192, [0x4e71, 0x7002, 0x4e72, 0x2700]);
    writeWords(m.ram, 3 * 8192, [0x4e71, 0x7003, 0x4e72, 0x2700]);
    const runAt = (frame: number) => {
      m.mmu.setPte(0, 1, makePte(frame, { system: true }));
      m.boot({ pc: 0x2000, ssp: 0x1000, vbr: 0 });
      m.run(1000);
      return m.cpu.d[0];
    };
    expect(runAt(2)).toBe(2);
    expect(runAt(3)).toBe(3);
    expect(runAt(2)).toBe(2);
    expect(blocks.stats.translations).toBe(2); // one per frame: the bytes differ
    expect(blocks.size).toBe(2);
  });
});
