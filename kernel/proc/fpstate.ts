/**
 * A process's MC68881 state (Pcb.fp) as the kernel shows it outside the
 * chip: SunOS 4's `struct fp_status` (in core files and signal frames) and
 * the form process migration carries.
 *
 * struct fp_status (SunOS 4.1 <sun3/reg.h>), 112 bytes:
 *
 *    0  fps_regs[8]   FP0-FP7 in the 68881's memory extended format
 *                     (sign and exponent word, a zero word, 64-bit mantissa)
 *   96  fps_control   FPCR
 *  100  fps_status    FPSR
 *  104  fps_iaddr     FPIAR
 *  108  fps_flags     FPS_UNUSED (0: never used since exec), FPS_IDLE (1)
 *
 * The signal frame (signal.ts, sendsig) puts after the sigcontext a magic
 * word, this structure and the vector of an exception the chip was still
 * to report (0 if none): 120 bytes, which sigreturn reads back if the
 * magic word is there. So a handler may use floating point freely, and
 * the interrupted code finds its registers, modes and status as they were.
 */
import type { FpuContext } from '../../emu/cpu/fpu/fpu.js';
import { FPCR_MASK, FPSR_MASK } from '../../emu/cpu/fpu/status.js';

export const FP_STATUS_LEN = 112;
export const FPS_UNUSED = 0;
export const FPS_IDLE = 1;
/** The signal frame's FPU area: magic, struct fp_status, pending vector. */
export const SIGFP_LEN = 4 + FP_STATUS_LEN + 4;
/** "FPU1": the signal frame has an FPU area. */
export const SIGFP_MAGIC = 0x46505531;

/** struct fp_status of fp, big-endian as in memory. */
export function fpStatus(fp: FpuContext): Uint8Array {
  const b = new Uint8Array(FP_STATUS_LEN);
  const v = new DataView(b.buffer);
  if (!fp.isNull) {
    for (let i = 0; i < 8; i++) {
      v.setUint16(12 * i, fp.se[i]);
      v.setUint32(12 * i + 4, fp.hi[i]);
      v.setUint32(12 * i + 8, fp.lo[i]);
    }
    v.setUint32(96, fp.fpcr);
    v.setUint32(100, fp.fpsr);
    v.setUint32(104, fp.fpiar);
  }
  v.setUint32(108, fp.isNull ? FPS_UNUSED : FPS_IDLE);
  return b;
}

/** The signal frame's FPU area for fp. */
export function sigfpFrame(fp: FpuContext): Uint8Array {
  const b = new Uint8Array(SIGFP_LEN);
  const v = new DataView(b.buffer);
  v.setUint32(0, SIGFP_MAGIC);
  b.set(fpStatus(fp), 4);
  v.setUint32(4 + FP_STATUS_LEN, fp.pending);
  return b;
}

/**
 * Load fp from a signal frame's FPU area (what the user may have changed
 * in it is taken, within what the chip's registers can hold); false if the
 * area does not start with the magic word (an older or hand-made context).
 */
export function fromSigfpFrame(fp: FpuContext, b: Uint8Array): boolean {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < SIGFP_LEN || v.getUint32(0) !== SIGFP_MAGIC) return false;
  if (v.getUint32(4 + 108) === FPS_UNUSED) {
    fp.clear();
    return true;
  }
  for (let i = 0; i < 8; i++) {
    fp.se[i] = v.getUint16(4 + 12 * i);
    fp.hi[i] = v.getUint32(4 + 12 * i + 4);
    fp.lo[i] = v.getUint32(4 + 12 * i + 8);
  }
  fp.fpcr = v.getUint32(4 + 96) & FPCR_MASK;
  fp.fpsr = v.getUint32(4 + 100) & FPSR_MASK;
  fp.fpiar = v.getUint32(4 + 104) >>> 0;
  const pending = v.getUint32(4 + FP_STATUS_LEN);
  fp.pending = pending >= 48 && pending <= 54 ? pending : 0;
  fp.isNull = false;
  return true;
}

/** The FPU state as process migration sends it (pm_state.ts). */
export interface FpuWire {
  /** FP0-FP7: sign and exponent, mantissa high, mantissa low, for each. */
  regs: number[];
  fpcr: number;
  fpsr: number;
  fpiar: number;
  isNull: boolean;
  pending: number;
}

export function fpuToWire(fp: FpuContext): FpuWire {
  const regs: number[] = [];
  for (let i = 0; i < 8; i++) regs.push(fp.se[i], fp.hi[i], fp.lo[i]);
  return { regs, fpcr: fp.fpcr, fpsr: fp.fpsr, fpiar: fp.fpiar, isNull: fp.isNull, pending: fp.pending };
}

/** Load fp from what migration brought; a malformed state leaves the chip as after exec. */
export function fpuFromWire(fp: FpuContext, w: FpuWire | undefined): void {
  fp.clear();
  if (!w || !Array.isArray(w.regs) || w.regs.length !== 24 || w.isNull !== false) return;
  if (!w.regs.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff)) return;
  for (let i = 0; i < 8; i++) {
    fp.se[i] = w.regs[3 * i];
    fp.hi[i] = w.regs[3 * i + 1];
    fp.lo[i] = w.regs[3 * i + 2];
  }
  fp.fpcr = (w.fpcr >>> 0) & FPCR_MASK;
  fp.fpsr = (w.fpsr >>> 0) & FPSR_MASK;
  fp.fpiar = w.fpiar >>> 0;
  fp.pending = w.pending >= 48 && w.pending <= 54 ? w.pending : 0;
  fp.isNull = false;
}
