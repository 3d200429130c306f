/**
 * The 68020's registers as gdb's m68k target (`set architecture m68k:68020`)
 * lays them out in a `g` packet, all big-endian:
 *
 *   0-7   d0-d7          4 bytes each
 *   8-15  a0-a7          (a6 is gdb's $fp, a7 its $sp)
 *   16    sr             gdb's $ps, 4 bytes (the SR in the low 16 bits)
 *   17    pc
 *   18-25 fp0-fp7        12 bytes each: the 68881's extended format
 *                        (sign and exponent, 16 zero bits, 64-bit mantissa)
 *   26-28 fpcontrol, fpstatus, fpiaddr
 *
 * 180 bytes in all. With no target description gdb assumes exactly this
 * (its m68k target has floating-point registers unless told otherwise), so
 * the stub serves none. A machine without the MC68881 (--no-fpu) shows its
 * floating-point registers as zero.
 */

export const NUM_REGS = 29;
export const REG_SR = 16;
export const REG_PC = 17;
export const REG_FP0 = 18;
export const REG_FPCONTROL = 26;
export const REGS_BYTES = 180;

/** Byte offset and size of register n in the block. */
export function registerPlace(n: number): { off: number; size: number } | null {
  if (!Number.isInteger(n) || n < 0 || n >= NUM_REGS) return null;
  if (n < REG_FP0) return { off: n * 4, size: 4 };
  if (n < REG_FPCONTROL) return { off: 72 + (n - REG_FP0) * 12, size: 12 };
  return { off: 168 + (n - REG_FPCONTROL) * 4, size: 4 };
}

/** Register n's bytes in a block (a view), or null. */
export function registerSlice(regs: Uint8Array, n: number): Uint8Array | null {
  const p = registerPlace(n);
  return p && p.off + p.size <= regs.length ? regs.subarray(p.off, p.off + p.size) : null;
}

/** The integer and floating-point state a block is made from (the live CPU, or a process's saved registers). */
export interface RegisterState {
  /** d0-d7, a0-a7 (a7: the stack pointer of the state shown). */
  r: ArrayLike<number>;
  sr: number;
  pc: number;
  /** The 68881's registers (the Fpu or a saved FpuContext), or null for none. */
  fp: {
    se: ArrayLike<number>;
    hi: ArrayLike<number>;
    lo: ArrayLike<number>;
    fpcr: number;
    fpsr: number;
    fpiar: number;
  } | null;
}

/** The g-packet block of a state. */
export function encodeRegisters(s: RegisterState): Uint8Array {
  const out = new Uint8Array(REGS_BYTES);
  const v = new DataView(out.buffer);
  for (let i = 0; i < 16; i++) v.setUint32(i * 4, s.r[i] >>> 0);
  v.setUint32(REG_SR * 4, s.sr & 0xffff);
  v.setUint32(REG_PC * 4, s.pc >>> 0);
  const fp = s.fp;
  if (fp) {
    for (let i = 0; i < 8; i++) {
      const o = 72 + i * 12;
      v.setUint16(o, fp.se[i]);
      v.setUint32(o + 4, fp.hi[i] >>> 0);
      v.setUint32(o + 8, fp.lo[i] >>> 0);
    }
    v.setUint32(168, fp.fpcr >>> 0);
    v.setUint32(172, fp.fpsr >>> 0);
    v.setUint32(176, fp.fpiar >>> 0);
  }
  return out;
}

/** Read register n (4 bytes, or 12 for fp0-fp7) back out of the bytes gdb sent. */
export function decodeRegister(
  n: number,
  b: Uint8Array,
): { value: number } | { se: number; hi: number; lo: number } | null {
  const p = registerPlace(n);
  if (!p || b.length !== p.size) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  if (p.size === 12) return { se: v.getUint16(0), hi: v.getUint32(4), lo: v.getUint32(8) };
  return { value: v.getInt32(0) };
}
