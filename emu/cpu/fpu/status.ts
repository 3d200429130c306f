/**
 * The bits of the 68881's control and status registers (MC68881 UM §1.2):
 *
 *   FPCR  15-8 exception enables (same order as FPSR's exception byte)
 *         7-6  rounding precision: 00 extended, 01 single, 10 double
 *         5-4  rounding mode: 00 to nearest, 01 to zero, 10 to minus, 11 to plus
 *   FPSR  31-24 condition codes: 27 N, 26 Z, 25 I (infinity), 24 NAN
 *         23-16 quotient byte: 23 sign, 22-16 low seven bits of the quotient
 *         15-8 exception status of the last instruction:
 *              BSUN SNAN OPERR OVFL UNFL DZ INEX2 INEX1
 *         7-0  accrued exceptions: 7 IOP, 6 OVFL, 5 UNFL, 4 DZ, 3 INEX
 */

export const BSUN = 0x8000;
export const SNAN = 0x4000;
export const OPERR = 0x2000;
export const OVFL = 0x1000;
export const UNFL = 0x0800;
export const DZ = 0x0400;
export const INEX2 = 0x0200;
export const INEX1 = 0x0100;
export const EXC_MASK = 0xff00;

export const CC_N = 0x08000000;
export const CC_Z = 0x04000000;
export const CC_I = 0x02000000;
export const CC_NAN = 0x01000000;
export const CC_MASK = 0x0f000000;
export const QUOTIENT_MASK = 0x00ff0000;

export const AEXC_IOP = 0x80;
export const AEXC_OVFL = 0x40;
export const AEXC_UNFL = 0x20;
export const AEXC_DZ = 0x10;
export const AEXC_INEX = 0x08;

/** Rounding modes (FPCR bits 5-4). */
export const RN = 0;
export const RZ = 1;
export const RM = 2;
export const RP = 3;

/** FPCR's writable bits; FPSR's. */
export const FPCR_MASK = 0xfff0;
export const FPSR_MASK = 0x0ffffff8;

/**
 * The accrued byte an instruction's exception byte adds to (UM §1.2.3.4):
 * IOP for SNAN or OPERR, OVFL, UNFL only when the result was also inexact,
 * DZ, and INEX for INEX1, INEX2 or OVFL.
 */
export function accrued(exc: number): number {
  let a = 0;
  if (exc & (SNAN | OPERR)) a |= AEXC_IOP;
  if (exc & OVFL) a |= AEXC_OVFL;
  if (exc & UNFL && exc & INEX2) a |= AEXC_UNFL;
  if (exc & DZ) a |= AEXC_DZ;
  if (exc & (INEX1 | INEX2 | OVFL)) a |= AEXC_INEX;
  return a;
}

/**
 * Exception vectors (UM §6.1), highest priority first: the trap an
 * instruction takes is the first enabled one in this list.
 */
export const TRAP_ORDER: readonly [number, number][] = [
  [BSUN, 48],
  [SNAN, 54],
  [OPERR, 52],
  [OVFL, 53],
  [UNFL, 51],
  [DZ, 50],
  [INEX2 | INEX1, 49],
];

/** What the arithmetic needs of the FPU: the rounding mode, and where to record exceptions. */
export interface Ctx {
  mode: number;
  exc: number;
}
