/**
 * Memory layout shared by the differential tester's program builder
 * (program.ts), its sun3lab runner (runners.ts) and its case generator
 * (gen.ts). Everything a test instruction may touch lies below 0x8000 so that
 * absolute short addressing reaches it.
 */

/** The scratch area the instructions under test read and write. */
export const SCRATCH_BASE = 0x2000;
export const SCRATCH_SIZE = 256;
/** The record a case dumps (registers, CCR, case number, scratch) before writing it out. */
export const OUT_BASE = 0x2100;
export const REC_REGS = 0; // D0-D7, A0-A7: 16 longs
export const REC_CCR = 64; // word
export const REC_INDEX = 68; // long: the case number
export const REC_SCRATCH = 72; // SCRATCH_SIZE bytes
export const RECORD_SIZE = REC_SCRATCH + SCRATCH_SIZE;
/** Per case three longs: start of the case, first and end of the instructions under test. */
export const CASETAB_BASE = 0x3000;
/** Where the program text starts. */
export const TEXT_BASE = 0x10000;
/** Size of the constant block placed in the text right before each case's instructions. */
export const CDATA_SIZE = 32;

/** Linux/m68k system call numbers the test program uses (trap #0, number in D0). */
export const SYS_EXIT = 1;
export const SYS_WRITE = 4;
