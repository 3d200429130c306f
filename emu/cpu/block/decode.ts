/**
 * The translator's decoder: where instructions begin and end, and which of
 * them end a block. It reads instruction words straight from RAM and knows
 * nothing of what the instructions do (translate.ts does that); the
 * interpreter's handlers (dispatch.ts) and the disassembler (disasm.ts)
 * each decode on their own, and a test checks that all three agree on every
 * instruction's length.
 *
 * A block (QEMU's "translation block") is a run of instructions in one
 * page, followed in address order: it goes on past conditional branches
 * (Bcc, DBcc), which leave it when taken, and ends after an instruction
 * that always changes the flow (BRA, JMP, RTS, TRAP ...) or the state the
 * translated code assumes (the status register's system byte, MOVEC),
 * after a branch back to its own start (a loop, which the translation
 * runs inside its function), at an instruction it cannot decode, at the
 * page's end, or after MAX_BLOCK_INSNS instructions.
 */

import { PAGE_OFFSET_MASK, PAGE_SIZE } from '../../bus/tlb.js';
import { isInstruction } from '../dispatch.js';

/** The longest block, in instructions. */
export const MAX_BLOCK_INSNS = 32;

/** One instruction of a block. */
export interface Insn {
  /** Its address, and the RAM index of its first byte. */
  pc: number;
  at: number;
  /** The opcode word and the length in bytes, extension words included. */
  op: number;
  len: number;
}

/** Reads the big-endian word at byte offset `i` from the instruction's start. */
export type WordAt = (i: number) => number;

/** Bytes of extension words an effective address takes (mode, reg) at offset `at`, or -1 if reserved. */
function eaLength(mode: number, reg: number, size: number, w: WordAt, at: number): number {
  switch (mode) {
    case 5:
      return 2;
    case 6:
      return indexLength(w(at));
    case 7:
      switch (reg) {
        case 0: // (xxx).W
        case 2: // (d16,PC)
          return 2;
        case 1: // (xxx).L
          return 4;
        case 3: // (d8,PC,Xn) or full format
          return indexLength(w(at));
        case 4: // #<data>
          return size === 4 ? 4 : 2;
        default:
          return -1;
      }
    default:
      return 0;
  }
}

/** Length of an index extension word and what follows it (MC68020 UM §2.4), or -1 if reserved. */
function indexLength(ext: number): number {
  if ((ext & 0x100) === 0) return 2; // brief format
  if (ext & 0x08) return -1;
  const bd = (ext >> 4) & 3;
  if (bd === 0) return -1;
  const iis = ext & 7;
  if (iis === 4 || (ext & 0x40 && iis >= 5)) return -1;
  const od = iis === 0 ? 0 : iis & 3;
  return 2 + (bd === 2 ? 2 : bd === 3 ? 4 : 0) + (od === 2 ? 2 : od === 3 ? 4 : 0);
}

const SIZE = [1, 2, 4, 0];

/** `fixed` bytes (opcode and extension words) followed by the operand's effective address. */
function withEA(op: number, fixed: number, size: number, w: WordAt): number {
  const n = eaLength((op >> 3) & 7, op & 7, size, w, fixed);
  return n < 0 ? -1 : fixed + n;
}

/**
 * The length in bytes of the instruction `op` whose words `w` reads, or -1
 * when an extension word is a reserved encoding (the interpreter then takes
 * the illegal-instruction exception). Undefined for opcodes that are not
 * instructions (isInstruction).
 */
export function insnLength(op: number, w: WordAt): number {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  switch (op >> 12) {
    case 0x0: {
      if (op & 0x100) return mode === 1 ? 4 : withEA(op, 2, 1, w); // MOVEP; BTST Dn,<ea> ...
      const group = (op >> 9) & 7;
      const sz = (op >> 6) & 3;
      if (sz === 3) {
        if (group <= 2) return withEA(op, 4, SIZE[group], w); // CMP2, CHK2
        if (group === 3) return mode <= 1 ? 2 : withEA(op, 4, 4, w); // RTM, CALLM
        if (op === 0x0cfc || op === 0x0efc) return 6; // CAS2
        return withEA(op, 4, 1, w); // CAS, BSET #n
      }
      if (group === 4) return withEA(op, 4, 1, w); // static bit operations
      if (group === 7) return withEA(op, 4, SIZE[sz], w); // MOVES
      if (mode === 7 && reg === 4) return 4; // ORI/ANDI/EORI to CCR or SR
      const imm = sz === 2 ? 4 : 2;
      return withEA(op, 2 + imm, SIZE[sz], w); // ORI ANDI SUBI ADDI EORI CMPI
    }
    case 0x1:
    case 0x2:
    case 0x3: {
      const size = [0, 1, 4, 2][(op >> 12) & 3];
      const src = eaLength(mode, reg, size, w, 2);
      if (src < 0) return -1;
      const dst = eaLength((op >> 6) & 7, (op >> 9) & 7, size, w, 2 + src);
      return dst < 0 ? -1 : 2 + src + dst;
    }
    case 0x4:
      return line4Length(op, w);
    case 0x5:
      if (((op >> 6) & 3) === 3) {
        if (mode === 1) return 4; // DBcc
        if (mode === 7 && reg >= 2 && reg <= 4) return reg === 2 ? 4 : reg === 3 ? 6 : 2; // TRAPcc
        return withEA(op, 2, 1, w); // Scc
      }
      return withEA(op, 2, SIZE[(op >> 6) & 3], w); // ADDQ, SUBQ
    case 0x6: {
      const d8 = op & 0xff;
      return d8 === 0 ? 4 : d8 === 0xff ? 6 : 2;
    }
    case 0x7:
      return 2;
    case 0x8:
    case 0xc: {
      const opmode = (op >> 6) & 7;
      if (opmode === 3 || opmode === 7) return withEA(op, 2, 2, w); // DIVU/DIVS.W, MULU/MULS.W
      if (opmode >= 4 && mode <= 1) {
        // SBCD/ABCD, PACK/UNPK (line 8), EXG (line C)
        return op >> 12 === 8 && opmode >= 5 ? 4 : 2;
      }
      return withEA(op, 2, SIZE[opmode & 3], w); // OR, AND
    }
    case 0x9:
    case 0xd: {
      const opmode = (op >> 6) & 7;
      if (opmode === 3 || opmode === 7) return withEA(op, 2, opmode === 3 ? 2 : 4, w); // ADDA, SUBA
      if (opmode >= 4 && mode <= 1) return 2; // ADDX, SUBX
      return withEA(op, 2, SIZE[opmode & 3], w);
    }
    case 0xb: {
      const opmode = (op >> 6) & 7;
      if (opmode === 3 || opmode === 7) return withEA(op, 2, opmode === 3 ? 2 : 4, w); // CMPA
      if (opmode >= 4 && mode === 1) return 2; // CMPM
      return withEA(op, 2, SIZE[opmode & 3], w); // CMP, EOR
    }
    case 0xe:
      if ((op & 0x8c0) === 0x8c0) return withEA(op, 4, 4, w); // bit fields
      return ((op >> 6) & 3) === 3 ? withEA(op, 2, 2, w) : 2; // memory shifts; register shifts
    default:
      return 2; // line A, line F
  }
}

function line4Length(op: number, w: WordAt): number {
  const mode = (op >> 3) & 7;
  if (op & 0x100) {
    const kind = (op >> 6) & 3;
    if (kind === 3) return mode === 0 ? 2 : withEA(op, 2, 4, w); // EXTB.L, LEA
    return withEA(op, 2, kind === 2 ? 2 : 4, w); // CHK.W, CHK.L
  }
  const sub = (op >> 6) & 0x3f;
  switch (sub) {
    case 0x20:
      return mode === 1 ? 6 : withEA(op, 2, 1, w); // LINK.L, NBCD
    case 0x21:
      return mode <= 1 ? 2 : withEA(op, 2, 4, w); // SWAP, BKPT, PEA
    case 0x22:
    case 0x23:
    case 0x27:
      return mode === 0 ? 2 : withEA(op, 4, 4, w); // EXT, EXTB; MOVEM regs to memory
    case 0x30:
    case 0x31:
      return withEA(op, 4, 4, w); // MULx.L, DIVx.L
    case 0x32:
    case 0x33:
      return withEA(op, 4, 4, w); // MOVEM memory to regs
    case 0x39: {
      // TRAP, LINK.W, UNLK, MOVE USP, RESET ... RTR, MOVEC
      if (op >= 0x4e50 && op <= 0x4e57) return 4; // LINK.W
      if (op === 0x4e72 || op === 0x4e74 || op === 0x4e7a || op === 0x4e7b) return 4; // STOP, RTD, MOVEC
      return 2;
    }
    case 0x3a:
    case 0x3b:
      return withEA(op, 2, 4, w); // JSR, JMP
    default: {
      // NEGX, CLR, NEG, NOT, TST (size in bits 7-6); MOVE from/to SR and CCR; TAS
      const sz = (op >> 6) & 3;
      return withEA(op, 2, sz === 3 ? 2 : SIZE[sz], w);
    }
  }
}

/**
 * Does `op` end a block: does it always change the flow or the CPU state
 * the translation depends on? Conditional branches do not (a taken branch
 * leaves the block from the middle); nor do instructions that only
 * sometimes trap (TRAPcc, CHK, DIV): the code after their call checks the PC.
 */
export function endsBlock(op: number): boolean {
  if (!isInstruction(op)) return true; // illegal instruction
  const line = op >> 12;
  if (line === 0x6) return ((op >> 8) & 15) < 2; // BRA, BSR
  if (line === 0xa || line === 0xf) return true; // line A (host calls), line F
  if (line === 0x4) {
    if ((op & 0xff80) === 0x4e80) return true; // JSR, JMP
    if ((op & 0xfff0) === 0x4e40) return true; // TRAP
    if (op >= 0x4e70 && op <= 0x4e77 && op !== 0x4e71 && op !== 0x4e76) return true; // RESET STOP RTE RTD RTS RTR
    if (op === 0x4e7a || op === 0x4e7b) return true; // MOVEC
    if ((op & 0xffc0) === 0x46c0) return true; // MOVE to SR
    if ((op & 0xfff8) === 0x4848) return true; // BKPT
  }
  if (op === 0x007c || op === 0x027c || op === 0x0a7c) return true; // ORI/ANDI/EORI to SR
  return (op & 0xffc0) === 0x06c0; // CALLM, RTM
}

/** Where a conditional branch or DBcc at `pc` goes when taken, or -1 for any other instruction. */
export function branchTarget(insn: Insn, w: WordAt): number {
  const op = insn.op;
  if (op >> 12 === 6) {
    const d8 = op & 0xff;
    const disp = d8 === 0 ? (w(2) << 16) >> 16 : d8 === 0xff ? (w(2) << 16) | w(4) : (d8 << 24) >> 24;
    return (insn.pc + 2 + disp) >>> 0;
  }
  if ((op & 0xf0f8) === 0x50c8) return (insn.pc + 2 + ((w(2) << 16) >> 16)) >>> 0; // DBcc
  return -1;
}

/**
 * The instructions of the block that starts at `pc`, whose first byte is
 * RAM index `at`. Empty when the first instruction cannot be decoded or
 * runs past the page's end: the interpreter then runs it.
 */
export function decodeBlock(ram: Uint8Array, at: number, pc: number, max = MAX_BLOCK_INSNS): Insn[] {
  const insns: Insn[] = [];
  const pageEnd = at - (pc & PAGE_OFFSET_MASK) + PAGE_SIZE;
  let a = at;
  let p = pc;
  while (insns.length < max && a + 2 <= pageEnd) {
    const base = a;
    const w = (i: number) => (base + i + 1 < pageEnd ? (ram[base + i] << 8) | ram[base + i + 1] : 0);
    const op = w(0);
    const len = isInstruction(op) ? insnLength(op, w) : 2;
    if (len < 0 || a + len > pageEnd) break;
    const insn = { pc: p, at: a, op, len };
    insns.push(insn);
    // A branch back to the start closes a loop: what follows runs once per loop, as a block of its own.
    if (endsBlock(op) || branchTarget(insn, w) === pc) break;
    a += len;
    p = (p + len) >>> 0;
  }
  return insns;
}
