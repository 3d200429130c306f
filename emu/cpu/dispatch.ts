/**
 * The opcode table: for each of the 65,536 possible first instruction words,
 * the handler that executes it. One table per process, filled as words are
 * first met: each entry starts as a stub that decodes its word, puts the
 * handler in its place and runs it (so a machine starts without decoding
 * the 65,536 words, most of which no program uses). Words that are not
 * 68020 instructions get the illegal-instruction, line-A or line-F handler.
 * To add an instruction, add its case to decode() and a builder in the ops/
 * file of its group.
 */

import type { Handler } from './cpu.js';
import {
  decodeAddqSubq,
  decodeAddSub,
  decodeArithImmediate,
  decodeCmp,
  decodeUnaryArith,
} from './ops/arith.js';
import { decodeAbcdSbcd, decodeNbcd, decodePackUnpk } from './ops/bcd.js';
import { decodeBitField } from './ops/bitfield.js';
import { decodeBitOp, decodeMovep } from './ops/bits.js';
import { decodeCmp2 } from './ops/bounds.js';
import { cas2, decodeCas } from './ops/cas.js';
import {
  decodeBranch,
  decodeChk,
  decodeCondSize3,
  decodeJump,
  decodeMoves,
  decodeTas,
  movec,
  nop,
  reset,
  rtd,
  rte,
  rtr,
  rts,
  stop,
  trap,
  trapv,
} from './ops/flow.js';
import { decodeLogic, decodeLogicImmediate, decodeNot } from './ops/logic.js';
import { decodeCallmRtm } from './ops/module.js';
import {
  decodeExg,
  decodeLea,
  decodeMove,
  decodeMovem,
  decodeMoveq,
  decodeMoveSR,
  decodePea,
  ext,
  link,
  moveUsp,
  swap,
  unlk,
} from './ops/move.js';
import { decodeDivL, decodeDivW, decodeMulL, decodeMulW } from './ops/muldiv.js';
import { decodeShift } from './ops/shift.js';

const illegal: Handler = (cpu) => cpu.illegal();
const lineA: Handler = (cpu) => cpu.lineA();
const lineF: Handler = (cpu) => cpu.lineF();

let table: Handler[] | undefined;

/** The handler for `op`, decoded now if this is the first time. */
export function handlerFor(op: number): Handler {
  const t = dispatchTable();
  if (t[op] === stub) t[op] = decode(op) ?? illegal;
  return t[op];
}

/** Every entry until its word is first run: the CPU sets `opcode` before it calls a handler. */
const stub: Handler = (cpu) => handlerFor(cpu.opcode)(cpu);

/** The shared opcode table (its entries decoded on first use). */
export function dispatchTable(): Handler[] {
  if (!table) table = new Array<Handler>(0x10000).fill(stub);
  return table;
}

/** Is `op` an instruction (not an illegal word)? */
export function isInstruction(op: number): boolean {
  return handlerFor(op) !== illegal;
}

/** Decode one opcode word into its handler, or null if it is not an instruction. */
export function decode(op: number): Handler | null {
  switch (op >> 12) {
    case 0x0:
      return decodeLine0(op);
    case 0x1:
    case 0x2:
    case 0x3:
      return decodeMove(op);
    case 0x4:
      return decodeLine4(op);
    case 0x5:
      return ((op >> 6) & 3) === 3 ? decodeCondSize3(op) : decodeAddqSubq(op);
    case 0x6:
      return decodeBranch(op);
    case 0x7:
      return decodeMoveq(op);
    case 0x8:
      return decodeLine8(op);
    case 0x9:
    case 0xd:
      return decodeAddSub(op);
    case 0xa:
      return lineA;
    case 0xb:
      return ((op >> 6) & 7) >= 4 && ((op >> 3) & 7) !== 1 && ((op >> 6) & 7) !== 7
        ? decodeLogic(op)
        : decodeCmp(op);
    case 0xc:
      return decodeLineC(op);
    case 0xe:
      return (op & 0x8c0) === 0x8c0 ? decodeBitField(op) : decodeShift(op);
    default:
      return lineF;
  }
}

function decodeLine0(op: number): Handler | null {
  if (op & 0x100) {
    // Dynamic bit operations, or MOVEP when the mode field is 1.
    return ((op >> 3) & 7) === 1 ? decodeMovep(op) : decodeBitOp(op);
  }
  const group = (op >> 9) & 7;
  if (((op >> 6) & 3) === 3) {
    // Size field 3 holds the 68020 additions: CMP2/CHK2, CAS, CAS2 (and CALLM/RTM at 0x06C0).
    if (group <= 2) return decodeCmp2(op);
    if (group === 3) return decodeCallmRtm(op);
    if (group === 6 && op === 0x0cfc) return cas2(2);
    if (group === 7 && op === 0x0efc) return cas2(4);
    if (group >= 5) return decodeCas(op);
    if (group === 4) return decodeBitOp(op); // BSET #n
    return null;
  }
  switch (group) {
    case 0: // ORI
    case 1: // ANDI
    case 5: // EORI
      return decodeLogicImmediate(op);
    case 2: // SUBI
    case 3: // ADDI
    case 6: // CMPI
      return decodeArithImmediate(op);
    case 4: // static bit operations
      return decodeBitOp(op);
    case 7: // MOVES
      return decodeMoves(op);
    default:
      return null;
  }
}

function decodeLine4(op: number): Handler | null {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  // CHK (bit 8 set, size 11 word or 10 long) and LEA (111).
  if (op & 0x100) {
    const kind = (op >> 6) & 3;
    if (kind === 3 && mode === 0 && ((op >> 9) & 7) === 4) return ext(7, reg); // EXTB.L
    if (kind === 3) return decodeLea(op);
    if (kind === 2 || kind === 0) return decodeChk(op); // CHK.W (110), CHK.L (100)
    return null;
  }
  switch ((op >> 6) & 0x3f) {
    case 0x00: // NEGX
    case 0x01:
    case 0x02:
    case 0x08: // CLR
    case 0x09:
    case 0x0a:
    case 0x10: // NEG
    case 0x11:
    case 0x12:
      return decodeUnaryArith(op);
    case 0x03: // MOVE from SR
    case 0x0b: // MOVE from CCR
    case 0x13: // MOVE to CCR
    case 0x1b: // MOVE to SR
      return decodeMoveSR(op);
    case 0x18: // NOT
    case 0x19:
    case 0x1a:
      return decodeNot(op);
    case 0x20: // NBCD, LINK.L
      return mode === 1 ? link(reg, true) : decodeNbcd(op);
    case 0x21: // SWAP, BKPT, PEA
      if (mode === 0) return swap(reg);
      if (mode === 1) return illegal; // BKPT: no breakpoint acknowledge on this system
      return decodePea(op);
    case 0x22: // EXT.W or MOVEM.W regs->mem
    case 0x23: // EXT.L or MOVEM.L regs->mem
      return mode === 0 ? ext((op >> 6) & 7, reg) : decodeMovem(op);
    case 0x27: // EXTB.L
      return mode === 0 ? ext(7, reg) : null;
    case 0x28: // TST
    case 0x29:
    case 0x2a:
      return decodeUnaryArith(op);
    case 0x2b: // TAS, ILLEGAL
      return op === 0x4afc ? illegal : decodeTas(op);
    case 0x30: // MULU.L / MULS.L
      return decodeMulL(op);
    case 0x31: // DIVU.L / DIVS.L
      return decodeDivL(op);
    case 0x32: // MOVEM mem->regs
    case 0x33:
      return decodeMovem(op);
    case 0x39:
      return decodeLine4E4(op);
    case 0x3a: // JSR
    case 0x3b: // JMP
      return decodeJump(op);
    default:
      return null;
  }
}

/** 0x4E40-0x4E7F: TRAP, LINK, UNLK, MOVE USP and the one-word controls. */
function decodeLine4E4(op: number): Handler | null {
  const reg = op & 7;
  switch ((op >> 3) & 7) {
    case 0:
    case 1:
      return trap(op & 15);
    case 2:
      return link(reg, false);
    case 3:
      return unlk(reg);
    case 4:
    case 5:
      return moveUsp(op);
    case 6:
      switch (reg) {
        case 0:
          return reset;
        case 1:
          return nop;
        case 2:
          return stop;
        case 3:
          return rte;
        case 4:
          return rtd;
        case 5:
          return rts;
        case 6:
          return trapv;
        default:
          return rtr;
      }
    default:
      if (op === 0x4e7a) return movec(false);
      if (op === 0x4e7b) return movec(true);
      return null;
  }
}

function decodeLine8(op: number): Handler | null {
  const opmode = (op >> 6) & 7;
  const mode = (op >> 3) & 7;
  if (opmode === 3 || opmode === 7) return decodeDivW(op);
  if (opmode === 4 && mode <= 1) return decodeAbcdSbcd(op);
  if ((opmode === 5 || opmode === 6) && mode <= 1) return decodePackUnpk(op);
  return decodeLogic(op);
}

function decodeLineC(op: number): Handler | null {
  const opmode = (op >> 6) & 7;
  const mode = (op >> 3) & 7;
  if (opmode === 3 || opmode === 7) return decodeMulW(op);
  if (opmode === 4 && mode <= 1) return decodeAbcdSbcd(op);
  if (opmode === 5 && mode <= 1) return decodeExg(op);
  if (opmode === 6 && mode === 1) return decodeExg(op);
  return decodeLogic(op);
}
