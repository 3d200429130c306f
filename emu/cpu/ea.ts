/**
 * Effective addresses (MC68020 UM §2): addressing-mode categories, the
 * index extension words, and operand access by addressing kind.
 *
 * Mode numbering used here ("kind"): 0 Dn, 1 An, 2 (An), 3 (An)+, 4 -(An),
 * 5 (d16,An), 6 (An,Xn)/full format, 7 abs.W, 8 abs.L, 9 (d16,PC),
 * 10 (PC,Xn)/full format, 11 #imm.
 */
import type { Cpu } from './cpu.js';
import { fullFormatTime } from './timing.js';

export type Size = 1 | 2 | 4;

export const K_DN = 0;
export const K_AN = 1;
export const K_IND = 2;
export const K_POSTINC = 3;
export const K_PREDEC = 4;
export const K_DISP = 5;
export const K_INDEX = 6;
export const K_ABSW = 7;
export const K_ABSL = 8;
export const K_PCDISP = 9;
export const K_PCINDEX = 10;
export const K_IMM = 11;

/** The kind of an EA field, or -1 for the unused mode 7 register values. */
export function eaKind(mode: number, reg: number): number {
  if (mode < 7) return mode;
  return reg <= 4 ? 7 + reg : -1;
}

// Addressing-mode categories (MC68020 UM §2.2.15) as bit sets over kinds.
const bits = (...k: number[]) => k.reduce((m, x) => m | (1 << x), 0);
export const EA_ALL = bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
export const EA_DATA = EA_ALL & ~bits(K_AN);
export const EA_MEMORY = EA_DATA & ~bits(K_DN);
export const EA_CONTROL = bits(K_IND, K_DISP, K_INDEX, K_ABSW, K_ABSL, K_PCDISP, K_PCINDEX);
export const EA_ALTERABLE = bits(0, 1, 2, 3, 4, 5, 6, 7, 8);
export const EA_DATA_ALT = EA_ALTERABLE & ~bits(K_AN);
export const EA_MEM_ALT = EA_DATA_ALT & ~bits(K_DN);
export const EA_CTRL_ALT = EA_CONTROL & EA_ALTERABLE;
/** Data addressing without immediate (BTST #n, CMPI and TST on a 68000 ...). */
export const EA_DATA_NOIMM = EA_DATA & ~bits(K_IMM);

/** Is the EA field (mode, reg) in the category `mask`? */
export function eaIn(mode: number, reg: number, mask: number): boolean {
  const k = eaKind(mode, reg);
  return k >= 0 && ((mask >> k) & 1) === 1;
}

/**
 * Decode an index extension word (brief or full format) for base `base`,
 * which is An or the PC of the extension word. `pcRel` marks the PC forms.
 */
export function indexed(cpu: Cpu, base: number): number {
  const ext = cpu.fetch16();
  const r = ext >> 12;
  let idx = r < 8 ? cpu.d[r] : cpu.a[r - 8];
  if (!(ext & 0x800)) idx = (idx << 16) >> 16; // word index, sign-extended
  const scale = (ext >> 9) & 3;
  if ((ext & 0x100) === 0) {
    // Brief format: base + d8 + Xn*scale.
    if (scale) cpu.noteExt020();
    return (base + ((ext << 24) >> 24) + (idx << scale)) | 0;
  }
  cpu.noteExt020();
  if (extWordReserved(ext)) throw new IllegalEncoding();
  return fullFormat(cpu, ext, base, idx << scale);
}

/** The 68020 full-format extension word: base/outer displacements and memory indirection. */
function fullFormat(cpu: Cpu, ext: number, base: number, scaledIndex: number): number {
  // Handlers charge the brief-format time; add what this form costs beyond it.
  cpu.cycles += fullFormatTime(cpu, ext, cpu.pc - 2);
  if (ext & 0x80) base = 0; // BS: base suppressed
  const index = ext & 0x40 ? 0 : scaledIndex; // IS: index suppressed
  const bdSize = (ext >> 4) & 3;
  const bd = bdSize === 2 ? (cpu.fetch16() << 16) >> 16 : bdSize === 3 ? cpu.fetch32() : 0;
  const iis = ext & 7;
  if (iis === 0) return (base + bd + index) | 0; // no memory indirection
  const odSize = iis & 3;
  const preIndexed = (iis & 4) === 0;
  let intermediate: number;
  if (preIndexed) intermediate = cpu.rd32(base + bd + index);
  else intermediate = (cpu.rd32(base + bd) + index) | 0;
  // Outer displacement follows the base displacement in the instruction stream.
  const od = odSize === 2 ? (cpu.fetch16() << 16) >> 16 : odSize === 3 ? cpu.fetch32() : 0;
  return (intermediate + od) | 0;
}

/**
 * Thrown when an extension word turns out to be a reserved encoding: the
 * instruction is abandoned (registers restored) and takes the
 * illegal-instruction exception. Rare, so an exception costs nothing.
 */
export class IllegalEncoding extends Error {}

/** True for extension words the 68020 treats as reserved (they raise illegal instruction). */
export function extWordReserved(ext: number): boolean {
  if ((ext & 0x100) === 0) return false;
  if (ext & 0x08) return true; // bit 3 must be 0
  if (((ext >> 4) & 3) === 0) return true; // BD size 0 is reserved
  const iis = ext & 7;
  if (iis === 4) return true;
  if (ext & 0x40 && iis >= 5) return true; // IS=1 with post-indexing
  return false;
}

/** Step for (An)+ / -(An): bytes move A7 by 2 to keep the stack word aligned. */
function step(size: number, reg: number): number {
  return size === 1 && reg === 7 ? 2 : size;
}

/*
 * Operand access. Handlers capture the kind, register and size of their
 * operand when the table is built and call these plain functions with them.
 * Plain functions (not per-operand closures) keep every call site
 * monomorphic, so the JIT inlines them and the switch below costs a few
 * compares instead of an indirect call.
 */

/** The address of a memory operand, applying (An)+ and -(An) side effects. */
export function eaAddr(cpu: Cpu, k: number, reg: number, size: number): number {
  switch (k) {
    case K_IND:
      return cpu.a[reg];
    case K_POSTINC: {
      // Logged so that a fault later in the instruction can undo the step.
      cpu.logRegister(8 + reg);
      const x = cpu.a[reg];
      cpu.a[reg] = x + step(size, reg);
      return x;
    }
    case K_PREDEC:
      cpu.logRegister(8 + reg);
      return (cpu.a[reg] -= step(size, reg));
    case K_DISP:
      return (cpu.a[reg] + ((cpu.fetch16() << 16) >> 16)) | 0;
    case K_INDEX:
      return indexed(cpu, cpu.a[reg]);
    case K_ABSW:
      return (cpu.fetch16() << 16) >> 16;
    case K_ABSL:
      return cpu.fetch32();
    case K_PCDISP: {
      const base = cpu.pc;
      return (base + ((cpu.fetch16() << 16) >> 16)) | 0;
    }
    default:
      // K_PCINDEX: the decoder never builds a handler that asks for the address of Dn, An or #imm.
      return indexed(cpu, cpu.pc);
  }
}

/** Read an operand of any kind (bytes and words zero-extended, longs signed). */
export function eaRead(cpu: Cpu, k: number, reg: number, size: number): number {
  switch (k) {
    case K_DN: {
      const v = cpu.d[reg];
      return size === 4 ? v : size === 2 ? v & 0xffff : v & 0xff;
    }
    case K_AN:
      return size === 4 ? cpu.a[reg] : cpu.a[reg] & 0xffff;
    case K_IMM:
      return size === 4 ? cpu.fetch32() : size === 2 ? cpu.fetch16() : cpu.fetch16() & 0xff;
    default:
      return cpu.read(size, eaAddr(cpu, k, reg, size));
  }
}

/** Write a data-alterable operand (registers: only the low `size` bytes change). */
export function eaWrite(cpu: Cpu, k: number, reg: number, size: number, v: number): void {
  if (k === K_DN) cpu.d[reg] = mergeDn(cpu.d[reg], v, size);
  else if (k === K_AN) cpu.a[reg] = v;
  else cpu.write(size, eaAddr(cpu, k, reg, size), v);
}

/**
 * Read-modify-write: rmwRead reads the operand and, for memory, remembers
 * its address so that rmwWrite stores the result there without evaluating
 * the effective address (and its side effects) twice. It also checks that
 * the operand can be written, so that a write fault (a copy-on-write page,
 * say) comes before the instruction changes any flag: X and Z feed ADDX,
 * ABCD and friends, and a restarted instruction must see them unchanged.
 */
export function rmwRead(cpu: Cpu, k: number, reg: number, size: number): number {
  if (k === K_DN) {
    const v = cpu.d[reg];
    return size === 4 ? v : size === 2 ? v & 0xffff : v & 0xff;
  }
  const a = eaAddr(cpu, k, reg, size);
  cpu.rmwAddress = a;
  const v = cpu.read(size, a);
  cpu.probeWrite(a, size);
  return v;
}

export function rmwWrite(cpu: Cpu, k: number, reg: number, size: number, v: number): void {
  if (k === K_DN) cpu.d[reg] = mergeDn(cpu.d[reg], v, size);
  else cpu.write(size, cpu.rmwAddress, v);
}

/** Put the low `size` bytes of v into a data register value. */
export function mergeDn(old: number, v: number, size: number): number {
  if (size === 4) return v | 0;
  if (size === 2) return (old & ~0xffff) | (v & 0xffff);
  return (old & ~0xff) | (v & 0xff);
}

/** Number of extension words an EA kind takes beyond the opcode (brief formats), for timing. */
export function eaExtraWords(k: number, size: Size): number {
  switch (k) {
    case K_DISP:
    case K_INDEX:
    case K_ABSW:
    case K_PCDISP:
    case K_PCINDEX:
      return 1;
    case K_ABSL:
      return 2;
    case K_IMM:
      return size === 4 ? 2 : 1;
    default:
      return 0;
  }
}
