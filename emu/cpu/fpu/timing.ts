/**
 * Cycle counts of the 68881 instructions as a 68020 at the same clock sees
 * them: the coprocessor's execution time including the interface's
 * overhead (the 68020 writing the command word to the command CIR, reading
 * the response CIR, moving operands through the operand CIR), with no
 * overlap with the following integer instructions. docs/fpu.md lists the
 * figures and where each comes from.
 *
 * `REG` is the register-to-register (extended) time of each opmode; an
 * operand from memory or a data register adds the transfer and conversion
 * time of its format (`SOURCE`) plus the 68020's calculate-EA time; a
 * result to memory costs `DEST` by format.
 */

/** By opmode (command word bits 6-0), FPm,FPn. 0: not an instruction of the 68881. */
export const REG = new Uint16Array(0x40);
const set = (ops: number[], t: number) => {
  for (const o of ops) REG[o] = t;
};
set([0x00], 33); // FMOVE
set([0x01, 0x03], 55); // FINT, FINTRZ
set([0x04], 107); // FSQRT
set([0x18, 0x1a], 35); // FABS, FNEG
set([0x1e], 45); // FGETEXP
set([0x1f], 31); // FGETMAN
set([0x20], 103); // FDIV
set([0x21], 70); // FMOD (plus a cycle per quotient bit: general.ts)
set([0x22, 0x28], 51); // FADD, FSUB
set([0x23], 71); // FMUL
set([0x24], 69); // FSGLDIV
set([0x25], 100); // FREM (plus a cycle per quotient bit)
set([0x26], 41); // FSCALE
set([0x27], 59); // FSGLMUL
set([0x38], 33); // FCMP
set([0x3a], 33); // FTST
// The transcendental group.
set([0x02], 687); // FSINH
set([0x06], 571); // FLOGNP1
set([0x08], 545); // FETOXM1
set([0x09], 661); // FTANH
set([0x0a], 403); // FATAN
set([0x0c], 581); // FASIN
set([0x0d], 693); // FATANH
set([0x0e, 0x1d], 391); // FSIN, FCOS
set([0x0f], 473); // FTAN
set([0x10], 497); // FETOX
set([0x11, 0x12], 567); // FTWOTOX, FTENTOX
set([0x14], 525); // FLOGN
set([0x15, 0x16], 581); // FLOG10, FLOG2
set([0x19], 607); // FCOSH
set([0x1c], 625); // FACOS
set([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37], 451); // FSINCOS

/** Extra time of a source operand by format (L S X P W D B), moved and converted to extended. */
export const SOURCE = [18, 14, 20, 850, 18, 20, 18];
/** FMOVE FPn,<ea> by destination format (L S X P W D B, P with a dynamic k-factor). */
export const DEST = [56, 52, 48, 1650, 56, 60, 56, 1660];

export const fpuTimes = {
  /** FMOVECR #ccc,FPn. */
  fmovecr: 29,
  /** FMOVEM: a fixed part, and per register moved (data: 12 bytes; control: 4). */
  fmovemData: 24,
  fmovemPerData: 26,
  fmovemCtrl: 16,
  fmovemPerCtrl: 10,
  /** FBcc: taken, not taken; FNOP is FBF.W #0. */
  fbccTaken: 14,
  fbccNotTaken: 12,
  /** FScc, FDBcc, FTRAPcc (not trapping). */
  fscc: 14,
  fdbcc: 16,
  ftrapcc: 14,
  /** FSAVE and FRESTORE by frame: null, idle. */
  fsaveNull: 12,
  fsaveIdle: 36,
  frestoreNull: 12,
  frestoreIdle: 34,
  /** Taking a floating-point exception (pre-instruction, four-word frame), as the 68020's F-line trap. */
  trap: 20,
};
