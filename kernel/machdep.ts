/**
 * The machine-dependent layer (4.3BSD's machdep.c and locore.s, for a
 * hosted kernel on a Sun-3): the kernel's few pages of emulated memory, the
 * exception vectors and their entry stubs, reading the exception frame, and
 * going back to user state.
 *
 * Kernel memory, mapped supervisor-only at KERNELBASE in every context:
 *   page 0  vectors (VBR points here), one entry stub per vector at +0x400
 *           ("$A000+n; RTE": a host call into trap(n) in trap.ts, then
 *           return from the exception), and the idle loop at +0x800;
 *   page 1  the supervisor stack (ISP), which only ever holds the frame of
 *           the one exception being handled.
 */
import type { Cpu } from '../emu/cpu/cpu.js';
import { type Hardware, NCONTEXT, PG_S, PG_V, PG_W, SEGINV } from './machine.js';
import { KERNELBASE, NBPG, SEGSHIFT } from './param.js';
import type { Pcb } from './proc/proc.js';
import { KERNEL_PMEG } from './vm/pmap.js';

export const VECTORS = KERNELBASE;
export const STUBS = KERNELBASE + 0x400;
export const IDLE_PC = KERNELBASE + 0x800;
/**
 * Instructions the CPU counts between the kernel's last look and the
 * first user instruction, on every return to user state: the stub's host
 * call (counted when the hook returns) and its RTE.
 */
export const KERNEL_EXIT_INSNS = 2;
export const KSTACK_TOP = KERNELBASE + 2 * NBPG;
/** Physical frames the kernel keeps for itself (users get the rest). */
export const KERNEL_FRAMES = 2;

/** SR bits. */
export const SR_S = 0x2000;
export const SR_C = 0x0001;

/** Frame sizes by format (MC68020 UM §6.4). */
const FRAME_SIZE = [8, 8, 12, 0, 0, 0, 0, 0, 0, 20, 32, 92, 0, 0, 0, 0];

/** What the exception frame on the supervisor stack says. */
export interface Frame {
  sr: number;
  pc: number;
  format: number;
  vector: number;
  /** Bus-fault frames: the special status word and the fault address. */
  ssw: number;
  faultAddress: number;
}

export class Machdep {
  readonly cpu: Cpu;

  constructor(private readonly hw: Hardware) {
    this.cpu = hw.cpu;
  }

  /** Lay out the kernel's pages, map them in every context, and point the CPU at them. */
  install(trap: (vector: number) => void): void {
    const ram = this.hw.ram;
    const w16 = (pa: number, v: number) => {
      ram[pa] = v >>> 8;
      ram[pa + 1] = v & 0xff;
    };
    const w32 = (pa: number, v: number) => {
      w16(pa, v >>> 16);
      w16(pa + 2, v & 0xffff);
    };
    // Physical frame 0 is kernel page 0: vectors, stubs, idle loop.
    for (let n = 0; n < 256; n++) {
      w32(4 * n, STUBS + 4 * n);
      w16(0x400 + 4 * n, 0xa000 | n); // host call n
      w16(0x400 + 4 * n + 2, 0x4e73); // RTE
    }
    w16(0x800, 0x4e72); // idle: STOP #$2000
    w16(0x802, 0x2000);
    w16(0x804, 0x60fa); //       BRA.S idle
    const mmu = this.hw.mmu;
    mmu.setPte(KERNEL_PMEG, 0, PG_V | PG_W | PG_S | 0);
    mmu.setPte(KERNEL_PMEG, 1, PG_V | PG_W | PG_S | 1);
    for (let i = 2; i < 16; i++) mmu.setPte(KERNEL_PMEG, i, 0);
    for (let ctx = 0; ctx < NCONTEXT; ctx++) {
      for (let seg = KERNELBASE >>> SEGSHIFT; seg < 0x800; seg++) mmu.setSegmap(ctx, seg << SEGSHIFT, SEGINV);
      mmu.setSegmap(ctx, KERNELBASE, KERNEL_PMEG);
    }
    mmu.setContext(0);
    const cpu = this.cpu;
    cpu.setSR(0x2700);
    cpu.vbr = VECTORS;
    cpu.setCacr(9); // clear and enable the 68020's instruction cache, as SunOS's locore does
    cpu.setISP(KSTACK_TOP);
    cpu.hostCall = trap;
  }

  /** The frame of the exception being handled. */
  frame(): Frame {
    const cpu = this.cpu;
    const sp = cpu.a[7];
    // The kernel is host code: its reads are not the CPU's bus cycles (no
    // wait states charged; its time is the cost model's).
    const cycles = cpu.cycles;
    const fv = cpu.rd16(sp + 6);
    const format = fv >>> 12;
    const long = format === 0xa || format === 0xb;
    const f = {
      sr: cpu.rd16(sp),
      pc: cpu.rd32(sp + 2) >>> 0,
      format,
      vector: (fv & 0xfff) >>> 2,
      ssw: long ? cpu.rd16(sp + 0x0a) : 0,
      faultAddress: long ? cpu.rd32(sp + 0x10) >>> 0 : 0,
    };
    cpu.cycles = cycles;
    return f;
  }

  /** Save the interrupted user context (registers, USP, and SR/PC from the frame) into a pcb. */
  save(pcb: Pcb, frame: Frame): void {
    const cpu = this.cpu;
    pcb.regs.set(cpu.r.subarray(0, 15));
    pcb.regs[15] = cpu.getUSP();
    pcb.pc = frame.pc;
    pcb.sr = frame.sr;
    // The FPU state goes with the registers; processes that never touched
    // it (the chip and the pcb both in the reset state) cost nothing.
    const fpu = cpu.fpu;
    if (fpu !== null && !(fpu.isNull && pcb.fp.isNull)) fpu.saveTo(pcb.fp);
  }

  /**
   * Leave the kernel into the user context `pcb`: load the registers and
   * replace whatever frame is on the stack by a format 0 frame that the
   * stub's RTE will return through.
   */
  resume(pcb: Pcb): void {
    const cpu = this.cpu;
    cpu.r.set(pcb.regs.subarray(0, 15));
    cpu.setUSP(pcb.regs[15]);
    const fpu = cpu.fpu;
    if (fpu !== null && !(fpu.isNull && pcb.fp.isNull)) fpu.loadFrom(pcb.fp);
    this.pushFrame(pcb.sr & 0xc01f, pcb.pc); // user state: trace bits and condition codes only
  }

  /** Leave the kernel into the idle loop (supervisor, interrupts open) until an interrupt. */
  idle(): void {
    this.hw.mmu.setContext(0);
    this.pushFrame(SR_S, IDLE_PC);
  }

  private pushFrame(sr: number, pc: number): void {
    const cpu = this.cpu;
    const sp = KSTACK_TOP - 8;
    cpu.a[7] = sp;
    const cycles = cpu.cycles; // host writes: no wait states (see frame())
    cpu.wr16(sp, sr);
    cpu.wr32(sp + 2, pc);
    cpu.wr16(sp + 6, 0);
    cpu.cycles = cycles;
  }

  /** Start the CPU on the frame just pushed (used once, at boot, outside any exception). */
  startFromFrame(): void {
    this.cpu.pc = STUBS + 2; // the RTE of stub 0
    this.cpu.stopped = false;
  }

  /** Is pc one of the vector entry stubs (the kernel is being entered there)? */
  inEntryStub(pc: number): boolean {
    return pc >= STUBS && pc < STUBS + 4 * 256;
  }

  /** Size in bytes of an exception frame format (0 for formats RTE refuses). */
  static frameSize(format: number): number {
    return FRAME_SIZE[format] ?? 0;
  }
}
