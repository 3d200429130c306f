/**
 * The MC68881's state is part of a process's context (kernel/machdep.ts):
 * saved with the registers on every entry to the kernel, loaded with them
 * on the way out, copied by fork (Pcb.copyFrom) and reset by exec. Two
 * processes never see each other's FPU registers or modes.
 */
import { describe, expect, it } from 'vitest';
import { Sun3Machine } from '../../emu/machine/sun3.js';
import { Machdep } from '../../kernel/machdep.js';
import type { Hardware } from '../../kernel/machine.js';
import { Pcb } from '../../kernel/proc/proc.js';

const frame = { sr: 0, pc: 0x2000, format: 0, vector: 0, ssw: 0, faultAddress: 0 };

describe('FPU state per process', () => {
  it('is switched with the registers: each process gets back its own registers, FPCR and pending trap', () => {
    const m = new Sun3Machine();
    const md = new Machdep(m as unknown as Hardware);
    md.install(() => {});
    const fpu = m.cpu.fpu!;
    const a = new Pcb();
    const b = new Pcb();
    // Process A uses the FPU: round to zero, FP3 = 1.0, a DZ trap armed.
    fpu.setFPCR(0x0410);
    fpu.set(3, { s: 0, e: 0x3fff, hi: 0x80000000, lo: 0 });
    fpu.isNull = false;
    fpu.pending = 50;
    md.save(a, frame);
    // Process B never used it: it runs with the FPU as after reset.
    md.resume(b);
    expect(fpu.isNull).toBe(true);
    expect(fpu.fpcr).toBe(0);
    expect(fpu.pending).toBe(0);
    expect(fpu.get(3).e).toBe(0x7fff);
    // B now uses it too.
    fpu.setFPCR(0x0080);
    fpu.set(3, { s: 1, e: 0x4000, hi: 0xc0000000, lo: 0 });
    fpu.isNull = false;
    md.save(b, frame);
    md.resume(a);
    expect(fpu.fpcr).toBe(0x0410);
    expect(fpu.mode).toBe(1);
    expect(fpu.pending).toBe(50);
    expect(fpu.get(3)).toEqual({ s: 0, e: 0x3fff, hi: 0x80000000, lo: 0 });
    md.save(a, frame);
    md.resume(b);
    expect(fpu.fpcr).toBe(0x0080);
    expect(fpu.prec).toBe(53);
    expect(fpu.get(3)).toEqual({ s: 1, e: 0x4000, hi: 0xc0000000, lo: 0 });
  });

  it('fork copies it, exec clears it', () => {
    const parent = new Pcb();
    parent.fp.fpcr = 0x30;
    parent.fp.isNull = false;
    parent.fp.hi[0] = 0x12345678;
    const child = new Pcb();
    child.copyFrom(parent);
    expect(child.fp.fpcr).toBe(0x30);
    expect(child.fp.hi[0]).toBe(0x12345678);
    child.fp.clear();
    expect(child.fp.isNull).toBe(true);
    expect(child.fp.hi[0]).toBe(0xffffffff);
    expect(parent.fp.hi[0]).toBe(0x12345678);
  });

  it('a machine built without an FPU (--no-fpu) has none: F-line words trap as before', () => {
    expect(new Sun3Machine({ fpu: false }).cpu.fpu).toBeNull();
    expect(new Sun3Machine().cpu.fpu).not.toBeNull();
  });
});
