/**
 * The CPU's view of the outside world.
 *
 * Every access carries its 68020 function code, because on a Sun-3 the
 * function code decides what is reached: FC 1/2 and 5/6 go through the MMU,
 * FC 3 reaches the MMU's own control space, FC 7 is CPU space (interrupt
 * acknowledge, coprocessors).
 */

import type { Tlb } from './tlb.js';

/** 68020 function codes (MC68020 UM §5.1.2). */
export const FC_USER_DATA = 1;
export const FC_USER_PROGRAM = 2;
export const FC_CONTROL = 3; // Sun-3: MMU and system registers ("user-defined" on a bare 68020)
export const FC_SUPERVISOR_DATA = 5;
export const FC_SUPERVISOR_PROGRAM = 6;
export const FC_CPU_SPACE = 7;

/**
 * A bus cycle the device behind the bus refused (no memory, MMU fault,
 * timeout). The CPU turns it into a bus-error exception. It is thrown rather
 * than returned because it is rare: the common case pays nothing for it.
 */
export class BusFault extends Error {
  constructor(
    readonly address: number,
    readonly fc: number,
    readonly write: boolean,
    readonly size: 1 | 2 | 4,
  ) {
    super(`bus fault at 0x${(address >>> 0).toString(16)}`);
  }
}

/**
 * Byte, word and long accesses. Values are returned zero-extended for bytes
 * and words and as a signed 32-bit integer for longs (what `|` yields in JS).
 * Addresses are 32-bit unsigned; words and longs may be at odd addresses
 * (the 68020 sizes the bus dynamically).
 */
export interface Bus {
  read8(addr: number, fc: number): number;
  read16(addr: number, fc: number): number;
  read32(addr: number, fc: number): number;
  write8(addr: number, value: number, fc: number): void;
  write16(addr: number, value: number, fc: number): void;
  write32(addr: number, value: number, fc: number): void;
  /**
   * Throw the BusFault that an access of `size` bytes at addr would raise,
   * without making it. Used before instructions with several writes (so a
   * fault never leaves one half done). Buses that cannot fault omit it.
   */
  probe?(addr: number, size: number, fc: number, write: boolean): void;
  /**
   * How many low address bits decide where an access goes (32 unless the
   * bus ignores some, as the Sun-3 MMU ignores bits 31-28).
   */
  readonly addressBits?: number;
  /**
   * Called once by the CPU with its translation cache: a bus with plain RAM
   * sets `tlb.ram` and fills or flushes entries so that the CPU reaches RAM
   * directly; the methods above then see only the rest.
   */
  attachTlb?(tlb: Tlb): void;
}
