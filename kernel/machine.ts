/**
 * What the kernel needs from the hardware, and nothing more: the CPU's
 * register file and host-call entry, physical memory, the MMU's maps and
 * the two control-space registers drivers read (the ID PROM, the system
 * enable register), and the on-board I/O registers. The Sun-3/60 board in
 * emu/machine provides it; tests can provide a fake.
 */
import type { Cpu } from '../emu/cpu/cpu.js';

export interface SunMmu {
  /** Select the hardware context (0-7) the CPU translates with. */
  setContext(ctx: number): void;
  /** Segment map entry (a PMEG number) of VA's segment in a context. */
  setSegmap(ctx: number, va: number, pmeg: number): void;
  getSegmap(ctx: number, va: number): number;
  /** Page map entry `index` (0-15) of a PMEG. */
  setPte(pmeg: number, index: number, pte: number): void;
  getPte(pmeg: number, index: number): number;
  /** The 32 bytes of the ID PROM (control space 0-0x1F): machine type, Ethernet address, serial. */
  readonly idprom: Uint8Array;
  /** The system enable register (control space 0x40000000): SDVMA lets the LANCE reach memory. */
  enable: number;
}

export interface Hardware {
  readonly cpu: Cpu;
  /** Physical memory (on-board RAM from physical address 0). */
  readonly ram: Uint8Array;
  readonly mmu: SunMmu;
  /** Byte access to on-board I/O registers by OBIO physical address. */
  obioRead8(pa: number): number;
  obioWrite8(pa: number, v: number): void;
  /** Word access (16-bit ports such as the LANCE's RDP and RAP). */
  obioRead16(pa: number): number;
  obioWrite16(pa: number, v: number): void;
  /**
   * The kernel wrote physical frame `frame` (8 KB) from the host side
   * (copyout, a zeroed or copied page, a loaded program): the CPU's block
   * engine drops any translation of the code that was there. Hardware
   * whose CPU translates nothing may leave it out.
   */
  frameWritten?(frame: number): void;
}

/** Sun-3 page table entry bits (docs/machine.md, address spaces). */
export const PG_V = 0x80000000;
export const PG_W = 0x40000000;
export const PG_S = 0x20000000;
export const PG_NC = 0x10000000;
export const PG_TYPE_OBMEM = 0 << 26;
export const PG_TYPE_OBIO = 1 << 26;
export const PG_R = 0x02000000;
export const PG_M = 0x01000000;
export const PG_PFNUM = 0x0007ffff;

/** System enable register: system DVMA (the LANCE's memory accesses) enabled. */
export const ENA_SDVMA = 0x20;

/** The PMEG that is kept all-invalid; unused segments point at it. */
export const SEGINV = 255;
export const NCONTEXT = 8;
export const NPMEG = 256;
/** Pages per PMEG. */
export const NPAGSEG = 16;
