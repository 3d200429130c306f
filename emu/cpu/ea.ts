/**
 * Effective addresses (MC68020 UM §2). Every instruction that names an
 * operand by mode/register gets, at table-build time, small functions
 * specialised for that mode, register and size, so that execution never
 * decodes the mode again.
 *
 * Mode numbering used here ("kind"): 0 Dn, 1 An, 2 (An), 3 (An)+, 4 -(An),
 * 5 (d16,An), 6 (An,Xn)/full format, 7 abs.W, 8 abs.L, 9 (d16,PC),
 * 10 (PC,Xn)/full format, 11 #imm.
 */
import type { Cpu } from './cpu.js';

export type Size = 1 | 2 | 4;
/** Computes an operand address, applying (An)+ / -(An) side effects. */
export type AddrFn = (cpu: Cpu) => number;
/** Reads an operand value (bytes and words zero-extended, longs signed 32-bit). */
export type ReadFn = (cpu: Cpu) => number;
/** Writes an operand value. */
export type WriteFn = (cpu: Cpu, v: number) => void;

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
  return fullFormat(cpu, ext, base, idx << scale);
}

/** The 68020 full-format extension word: base/outer displacements and memory indirection. */
function fullFormat(cpu: Cpu, ext: number, base: number, scaledIndex: number): number {
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
function step(size: Size, reg: number): number {
  return size === 1 && reg === 7 ? 2 : size;
}

/** Address function for a memory addressing kind. */
export function eaAddress(mode: number, reg: number, size: Size): AddrFn {
  const k = eaKind(mode, reg);
  switch (k) {
    case K_IND:
      return (cpu) => cpu.a[reg];
    case K_POSTINC: {
      const n = step(size, reg);
      return (cpu) => {
        const x = cpu.a[reg];
        cpu.a[reg] = x + n;
        return x;
      };
    }
    case K_PREDEC: {
      const n = step(size, reg);
      return (cpu) => (cpu.a[reg] -= n);
    }
    case K_DISP:
      return (cpu) => (cpu.a[reg] + ((cpu.fetch16() << 16) >> 16)) | 0;
    case K_INDEX:
      return (cpu) => indexed(cpu, cpu.a[reg]);
    case K_ABSW:
      return (cpu) => (cpu.fetch16() << 16) >> 16;
    case K_ABSL:
      return (cpu) => cpu.fetch32();
    case K_PCDISP:
      return (cpu) => {
        const base = cpu.pc;
        return (base + ((cpu.fetch16() << 16) >> 16)) | 0;
      };
    case K_PCINDEX:
      return (cpu) => indexed(cpu, cpu.pc);
    default:
      throw new Error(`no address for EA mode ${mode} reg ${reg}`);
  }
}

/** Reader for any kind, including registers and immediates. */
export function eaReader(mode: number, reg: number, size: Size): ReadFn {
  const k = eaKind(mode, reg);
  if (k === K_DN) {
    if (size === 4) return (cpu) => cpu.d[reg];
    if (size === 2) return (cpu) => cpu.d[reg] & 0xffff;
    return (cpu) => cpu.d[reg] & 0xff;
  }
  if (k === K_AN) {
    if (size === 4) return (cpu) => cpu.a[reg];
    return (cpu) => cpu.a[reg] & 0xffff;
  }
  if (k === K_IMM) {
    if (size === 4) return (cpu) => cpu.fetch32();
    if (size === 2) return (cpu) => cpu.fetch16();
    return (cpu) => cpu.fetch16() & 0xff;
  }
  // Common memory kinds get their own readers so the hot ones avoid a second call.
  if (k === K_IND) {
    if (size === 4) return (cpu) => cpu.rd32(cpu.a[reg]);
    if (size === 2) return (cpu) => cpu.rd16(cpu.a[reg]);
    return (cpu) => cpu.rd8(cpu.a[reg]);
  }
  if (k === K_POSTINC) {
    const n = step(size, reg);
    if (size === 4)
      return (cpu) => {
        const x = cpu.a[reg];
        cpu.a[reg] = x + n;
        return cpu.rd32(x);
      };
    if (size === 2)
      return (cpu) => {
        const x = cpu.a[reg];
        cpu.a[reg] = x + n;
        return cpu.rd16(x);
      };
    return (cpu) => {
      const x = cpu.a[reg];
      cpu.a[reg] = x + n;
      return cpu.rd8(x);
    };
  }
  if (k === K_DISP) {
    if (size === 4) return (cpu) => cpu.rd32(cpu.a[reg] + ((cpu.fetch16() << 16) >> 16));
    if (size === 2) return (cpu) => cpu.rd16(cpu.a[reg] + ((cpu.fetch16() << 16) >> 16));
    return (cpu) => cpu.rd8(cpu.a[reg] + ((cpu.fetch16() << 16) >> 16));
  }
  const addr = eaAddress(mode, reg, size);
  if (size === 4) return (cpu) => cpu.rd32(addr(cpu));
  if (size === 2) return (cpu) => cpu.rd16(addr(cpu));
  return (cpu) => cpu.rd8(addr(cpu));
}

/** Writer for data-alterable kinds (registers: only the low `size` bytes change). */
export function eaWriter(mode: number, reg: number, size: Size): WriteFn {
  const k = eaKind(mode, reg);
  if (k === K_DN) return dnWriter(reg, size);
  if (k === K_AN) return (cpu, v) => (cpu.a[reg] = v); // only MOVEA reaches here, with longs
  if (k === K_IND) {
    if (size === 4) return (cpu, v) => cpu.wr32(cpu.a[reg], v);
    if (size === 2) return (cpu, v) => cpu.wr16(cpu.a[reg], v);
    return (cpu, v) => cpu.wr8(cpu.a[reg], v);
  }
  const addr = eaAddress(mode, reg, size);
  if (size === 4) return (cpu, v) => cpu.wr32(addr(cpu), v);
  if (size === 2) return (cpu, v) => cpu.wr16(addr(cpu), v);
  return (cpu, v) => cpu.wr8(addr(cpu), v);
}

/** Write the low `size` bytes of data register `reg`. */
export function dnWriter(reg: number, size: Size): WriteFn {
  if (size === 4) return (cpu, v) => (cpu.d[reg] = v);
  if (size === 2) return (cpu, v) => (cpu.d[reg] = (cpu.d[reg] & ~0xffff) | (v & 0xffff));
  return (cpu, v) => (cpu.d[reg] = (cpu.d[reg] & ~0xff) | (v & 0xff));
}

/** Put the low `size` bytes of v into a data register value. */
export function mergeDn(old: number, v: number, size: Size): number {
  if (size === 4) return v | 0;
  if (size === 2) return (old & ~0xffff) | (v & 0xffff);
  return (old & ~0xff) | (v & 0xff);
}

/**
 * Read-modify-write access to a data-alterable operand: for memory the
 * address is computed once; for Dn the register is used directly.
 * `op(cpu, value)` returns the new value, or undefined to write nothing.
 */
export function eaModify(
  mode: number,
  reg: number,
  size: Size,
  op: (cpu: Cpu, v: number) => number,
): (cpu: Cpu) => void {
  if (mode === 0) {
    if (size === 4) return (cpu) => void (cpu.d[reg] = op(cpu, cpu.d[reg]));
    const mask = size === 2 ? 0xffff : 0xff;
    return (cpu) => {
      const old = cpu.d[reg];
      cpu.d[reg] = (old & ~mask) | (op(cpu, old & mask) & mask);
    };
  }
  const addr = eaAddress(mode, reg, size);
  if (size === 4)
    return (cpu) => {
      const a = addr(cpu);
      cpu.wr32(a, op(cpu, cpu.rd32(a)));
    };
  if (size === 2)
    return (cpu) => {
      const a = addr(cpu);
      cpu.wr16(a, op(cpu, cpu.rd16(a)));
    };
  return (cpu) => {
    const a = addr(cpu);
    cpu.wr8(a, op(cpu, cpu.rd8(a)));
  };
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
