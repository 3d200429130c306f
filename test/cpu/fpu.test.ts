/**
 * The MC68881 as the 68020 sees it: instructions run through the CPU
 * (hand-assembled; the encodings are objdump's), exceptions and their
 * frames, FMOVEM, FSAVE/FRESTORE, packed decimal, FMOVECR, the
 * conditionals, timing, and a CPU without an FPU. The arithmetic itself is
 * checked against the exact oracle in fpu-oracle.test.ts and against QEMU
 * in test/tools/fpu-qemu.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FlatBus } from '../../emu/bus/ram.js';
import {
  Cpu,
  ENGINES,
  type Engine,
  VEC_FORMAT_ERROR,
  VEC_LINE_F,
  VEC_PRIVILEGE,
  VEC_TRAPV,
} from '../../emu/cpu/cpu.js';
import { CODE, DATA, handlerFor, RTE, readLong, STACK, writeLong, writeWords } from './harness.js';

/** A machine with an FPU (or without), `code` at CODE, supervisor state. */
function machine(code: number[], { fpu = true, engine = 'interp' as Engine } = {}) {
  const bus = new FlatBus(0x10000);
  const mem = bus.flatRam;
  for (let v = 0; v < 256; v++) {
    writeLong(mem, 4 * v, handlerFor(v));
    writeWords(mem, handlerFor(v), [RTE]);
  }
  writeLong(mem, 0, STACK);
  writeLong(mem, 4, CODE);
  writeWords(mem, CODE, code);
  const cpu = new Cpu(bus, { engine, blocks: { threshold: 1 }, fpu, timing: 'cache-case' });
  cpu.reset();
  return { cpu, mem, fpu: cpu.fpu! };
}

/** Run until the PC reaches `end` or an exception is taken. */
function runTo(cpu: Cpu, end: number, limit = 100): void {
  for (let i = 0; i < limit && cpu.pc !== end && cpu.lastException < 0; i++) cpu.step();
}

const words = (...ws: number[]) => ws;
// Encodings (as GNU as makes them, objdump's listing).
const FMOVE_L_IMM_FP0 = (n: number) => words(0xf23c, 0x4000, n >>> 16, n & 0xffff);
const FDIV_L_IMM_FP0 = (n: number) => words(0xf23c, 0x4020, n >>> 16, n & 0xffff);
const FMOVE_X_FP0_A0 = words(0xf210, 0x6800);
const FMOVE_FPSR_D0 = words(0xf200, 0xa800);
const FMOVE_FPIAR_D1 = words(0xf201, 0xa400);
const FMOVE_IMM_FPCR = (n: number) => words(0xf23c, 0x9000, n >>> 16, n & 0xffff);
const FMOVE_IMM_FPSR = (n: number) => words(0xf23c, 0x8800, n >>> 16, n & 0xffff);
const FNOP = words(0xf280, 0x0000);
const LEA_DATA_A0 = words(0x41f8, DATA);

describe('MC68881 instructions through the CPU', () => {
  it('without an FPU every F-line word takes the F-line exception at its own address', () => {
    const { cpu, mem } = machine(FMOVE_L_IMM_FP0(3), { fpu: false });
    cpu.step();
    expect(cpu.lastException).toBe(VEC_LINE_F);
    expect(readLong(mem, cpu.a[7] + 2)).toBe(CODE);
    expect(cpu.fpu).toBeNull();
  });

  it('another coprocessor id takes the F-line exception even with the FPU', () => {
    const { cpu } = machine([0xf000, 0x0000]);
    cpu.step();
    expect(cpu.lastException).toBe(VEC_LINE_F);
  });

  it.each(ENGINES)('3/7 in extended precision, stored, with INEX2 and the accrued INEX (%s)', (engine) => {
    const code = [
      ...LEA_DATA_A0,
      ...FMOVE_L_IMM_FP0(3),
      ...FDIV_L_IMM_FP0(7),
      ...FMOVE_FPSR_D0,
      ...FMOVE_X_FP0_A0,
      ...FMOVE_FPIAR_D1,
      0x4e71,
    ];
    const { cpu, mem } = machine(code, { engine });
    const end = CODE + 2 * code.length - 2;
    runTo(cpu, end);
    expect(cpu.lastException).toBe(-1);
    expect([readLong(mem, DATA), readLong(mem, DATA + 4), readLong(mem, DATA + 8)]).toEqual([
      0x3ffd0000, 0xdb6db6db, 0x6db6db6e,
    ]);
    expect(cpu.d[0]).toBe(0x00000208); // after the FDIV
    expect(cpu.d[1]).toBe(CODE + 24); // the FMOVE out, the last instruction that could raise one
    expect(cpu.fpu!.fpsr).toBe(0x00000008); // the exact FMOVE out cleared INEX2; the accrued bit stays
  });

  it('an enabled exception is taken by the next FPU instruction, before it runs; the destination is kept', () => {
    const code = [
      ...FMOVE_IMM_FPCR(0x0400), // DZ enabled
      ...FMOVE_L_IMM_FP0(1),
      ...FDIV_L_IMM_FP0(0),
      0x7005, // moveq #5,d0: integer code runs on
      ...FNOP,
    ];
    const { cpu, mem, fpu } = machine(code);
    for (let i = 0; i < 4; i++) cpu.step();
    expect(cpu.lastException).toBe(-1);
    expect(cpu.d[0]).toBe(5);
    const fnopAt = CODE + 26;
    expect(cpu.pc).toBe(fnopAt);
    cpu.step();
    expect(cpu.lastException).toBe(50); // DZ
    expect(readLong(mem, cpu.a[7] + 2)).toBe(fnopAt);
    expect(mem[cpu.a[7] + 6] >> 4).toBe(0); // format $0
    expect(fpu.fpiar).toBe(CODE + 16); // the FDIV
    expect(fpu.fpsr & 0xff00).toBe(0x0400);
    expect(fpu.fpsr & 0xff).toBe(0x10); // accrued DZ
    expect(fpu.get(0)).toEqual({ s: 0, e: 0x3fff, hi: 0x80000000, lo: 0 }); // 1.0 kept
  });

  it('BSUN: an IEEE-nonaware predicate on a NaN sets BSUN and IOP, and traps at once when enabled', () => {
    const fbgt = words(0xf292, 0x0010); // fbgt.w +16
    const quiet = machine([...FMOVE_IMM_FPSR(0x01000000), ...fbgt]);
    quiet.cpu.step();
    quiet.cpu.step();
    expect(quiet.cpu.lastException).toBe(-1);
    expect(quiet.cpu.pc).toBe(CODE + 12); // not taken: gt is false for a NaN
    expect(quiet.fpu.fpsr & 0x8080).toBe(0x8080);
    const trapping = machine([...FMOVE_IMM_FPCR(0x8000), ...FMOVE_IMM_FPSR(0x01000000), ...fbgt]);
    for (let i = 0; i < 3; i++) trapping.cpu.step();
    expect(trapping.cpu.lastException).toBe(48);
    expect(readLong(trapping.mem, trapping.cpu.a[7] + 2)).toBe(CODE + 16); // the FBcc itself
    // The IEEE-aware OGT on a NaN: no BSUN.
    const aware = machine([...FMOVE_IMM_FPCR(0x8000), ...FMOVE_IMM_FPSR(0x01000000), 0xf282, 0x0010]);
    for (let i = 0; i < 3; i++) aware.cpu.step();
    expect(aware.cpu.lastException).toBe(-1);
  });

  it('FBcc, FDBcc, FScc and FTRAPcc follow the condition codes', () => {
    // fmove.l #-2,fp0; fdbeq d1,self-loop? Use FDBF d1,-4 (loop on itself d1+1 times), fslt d2, ftrapt
    const code = [
      ...FMOVE_L_IMM_FP0(-2), // N set
      0xf249,
      0x0000,
      0xfffc, // fdbf d1,* (the displacement word's own address - 4 = the FDBF)
      0xf242,
      0x0014, // fslt d2 (predicate lt = $14)
      0xf242 + 1,
      0x0001, // fseq d3
      0xf2d4,
      0x0000,
      0x000a, // fblt.l to the FTRAPT
      0x4e71,
      0x4e71,
      0x4e71,
      0xf27c,
      0x000f, // ftrapt
    ];
    const { cpu } = machine(code);
    cpu.d[1] = 3;
    cpu.d[2] = 0x12345600;
    cpu.d[3] = -1;
    cpu.step();
    for (let i = 0; i < 4; i++) cpu.step(); // FDBF runs 4 times: d1 3 -> -1
    expect(cpu.d[1] & 0xffff).toBe(0xffff);
    expect(cpu.pc).toBe(CODE + 14);
    cpu.step();
    expect(cpu.d[2]).toBe(0x123456ff);
    cpu.step();
    expect(cpu.d[3]).toBe(-256); // fseq: false, low byte cleared
    cpu.step();
    expect(cpu.pc).toBe(CODE + 34);
    cpu.step();
    expect(cpu.lastException).toBe(VEC_TRAPV);
  });

  it('FMOVEM: FP0 at the lowest address for -(An) and (An)+; control registers in FPCR, FPSR, FPIAR order', () => {
    const code = [
      ...FMOVE_L_IMM_FP0(1),
      0xf200,
      0x4080, // fmove.l d0,fp1
      ...words(0xf227, 0xe027), // fmovem.x fp0-fp2/fp5,-(sp)
      ...words(0xf23c, 0x4000, 0, 7), // fmove.l #7,fp0
      ...words(0xf21f, 0xd0e4), // fmovem.x (sp)+,fp0-fp2/fp5
      ...LEA_DATA_A0,
      ...FMOVE_IMM_FPCR(0x0030),
      ...words(0xf210, 0xbc00), // fmovem.l fpcr/fpsr/fpiar,(a0)
    ];
    const { cpu, mem, fpu } = machine(code);
    cpu.d[0] = 42;
    cpu.step();
    cpu.step();
    cpu.step();
    const sp = cpu.a[7];
    expect(sp).toBe(STACK - 48);
    expect(readLong(mem, sp)).toBe(0x3fff0000); // fp0 = 1.0 first
    expect(readLong(mem, sp + 12)).toBe(0x40040000); // fp1 = 42
    expect(readLong(mem, sp + 36)).toBe(0x7fff0000); // fp5: still the reset NaN
    cpu.step();
    cpu.step();
    expect(cpu.a[7]).toBe(STACK);
    expect(fpu.get(0).e).toBe(0x3fff);
    for (let i = 0; i < 3; i++) cpu.step();
    expect([readLong(mem, DATA), readLong(mem, DATA + 8)]).toEqual([0x30, CODE + 16]); // FPIAR: the fmove.l #7
  });

  it('FSAVE writes a null frame before first use and an idle one after; FRESTORE of a null frame resets', () => {
    const code = [0xf327, ...FMOVE_L_IMM_FP0(1), 0xf327, 0xf35f, 0xf35f];
    const { cpu, mem, fpu } = machine(code);
    cpu.step();
    expect(cpu.a[7]).toBe(STACK - 4);
    expect(readLong(mem, cpu.a[7])).toBe(0);
    cpu.step();
    cpu.step();
    expect(cpu.a[7]).toBe(STACK - 32);
    expect(readLong(mem, cpu.a[7]) >>> 16).toBe(0x1f18);
    cpu.step(); // frestore the idle frame
    expect(fpu.get(0).e).toBe(0x3fff);
    cpu.step(); // frestore the null frame: reset
    expect(cpu.a[7]).toBe(STACK);
    expect(fpu.get(0).e).toBe(0x7fff);
    expect(fpu.isNull).toBe(true);
  });

  it('FSAVE and FRESTORE are privileged; an unknown frame is a format error', () => {
    const user = machine([0xf327]);
    user.cpu.setSR(0x0000);
    user.cpu.step();
    expect(user.cpu.lastException).toBe(VEC_PRIVILEGE);
    const bad = machine([0xf35f]);
    bad.cpu.a[7] = DATA;
    writeLong(bad.mem, DATA, 0x2a300000);
    bad.cpu.step();
    expect(bad.cpu.lastException).toBe(VEC_FORMAT_ERROR);
  });

  it('packed decimal in and out, with static and dynamic k-factors', () => {
    const code = [
      ...LEA_DATA_A0,
      0xf210,
      0x4c00, // fmove.p (a0),fp0
      0xf228,
      0x6c03,
      0x0010, // fmove.p fp0,(16,a0){#3}
      0xf228,
      0x7c10,
      0x0020, // fmove.p fp0,(32,a0){d1}
      0xf200,
      0x5c00 + 0x80, // fmovecr #0,fp1
      0xf229 - 1,
      0x6c80 + 5,
      0x0030, // fmove.p fp1,(48,a0){#5}
    ];
    const { cpu, mem, fpu } = machine(code);
    // -1.25E-2 as packed: SM, SE, exponent 002, digits 1.2500...
    writeLong(mem, DATA, 0xc0020001);
    writeLong(mem, DATA + 4, 0x25000000);
    writeLong(mem, DATA + 8, 0);
    cpu.d[1] = -2; // two digits after the point
    for (let i = 0; i < 6; i++) cpu.step();
    expect(cpu.lastException).toBe(-1);
    expect(fpu.get(0)).toEqual({ s: 1, e: 0x3ff8, hi: 0xcccccccc, lo: 0xcccccccd });
    expect([readLong(mem, DATA + 16), readLong(mem, DATA + 20)]).toEqual([0xc0020001, 0x25000000]);
    // k = -2: two digits right of the point: -0.01 -> -1E-2
    expect([readLong(mem, DATA + 32), readLong(mem, DATA + 36)]).toEqual([0xc0020001, 0x00000000]);
    // pi to 5 digits: 3.1416E0
    expect([readLong(mem, DATA + 48), readLong(mem, DATA + 52)]).toEqual([0x00000003, 0x14160000]);
  });

  it('FMOVECR rounds the ROM constant in the current mode', () => {
    const rn = machine([0xf200, 0x5c00]);
    rn.cpu.step();
    expect(rn.fpu.get(0)).toEqual({ s: 0, e: 0x4000, hi: 0xc90fdaa2, lo: 0x2168c235 });
    const rz = machine([...FMOVE_IMM_FPCR(0x10), 0xf200, 0x5c00]);
    rz.cpu.step();
    rz.cpu.step();
    expect(rz.fpu.get(0).lo).toBe(0x2168c234);
    expect(rz.fpu.fpsr & 0x0200).toBe(0x0200); // INEX2
  });

  it('charges the 68881 times: FADD FPm,FPn 51 cycles, FMUL 71, FDIV 103, FSQRT 107', () => {
    const { cpu } = machine([0xf200, 0x0422, 0xf200, 0x0423, 0xf200, 0x0420, 0xf200, 0x0404]);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = cpu.cycles;
      cpu.step();
      times.push(cpu.cycles - before);
    }
    expect(times).toEqual([51, 71, 103, 107]);
  });

  it('an undefined operation word takes the F-line exception with nothing changed', () => {
    const { cpu, fpu } = machine([0xf200, 0x0005]); // opmode $05: none on the 68881
    cpu.step();
    expect(cpu.lastException).toBe(VEC_LINE_F);
    expect(fpu.isNull).toBe(true);
  });
});
