/**
 * Cycle counts against the MC68020 User's Manual (M68020UM/AD, first
 * edition, 1992), section 8.2 "Instruction Timing Tables", cache case. Each
 * row runs one instruction on a bare CPU and expects the manual's time: the
 * instruction's own table plus the effective-address table its entry says
 * to add. `source` names the tables; the manual identifies them by
 * subsection. docs/cpu-timing.md describes the model.
 */
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../emu/cpu/cpu.js';
import { RESTART_MARK } from '../../emu/cpu/exceptions.js';
import { fullFormatRow } from '../../emu/cpu/timing.js';
import { CODE, DATA, flatMachine, writeLong, writeWords } from './harness.js';

const FEA = '§8.2.1 Fetch Effective Address';
const FIEA = '§8.2.2 Fetch Immediate Effective Address';
const CEA = '§8.2.3 Calculate Effective Address';
const CIEA = '§8.2.4 Calculate Immediate Effective Address';
const JEA = '§8.2.5 Jump Effective Address';
const MOVE = '§8.2.6 MOVE Instruction';
const SPECIAL_MOVE = '§8.2.7 Special-Purpose MOVE Instruction';
const ARITH = '§8.2.8 Arithmetic/Logical Instructions';
const IMMEDIATE = '§8.2.9 Immediate Arithmetic/Logical Instructions';
const BCD = '§8.2.10 Binary-Coded Decimal and Extended Instructions';
const SINGLE = '§8.2.11 Single Operand Instructions';
const SHIFT = '§8.2.12 Shift/Rotate Instructions';
const BIT = '§8.2.13 Bit Manipulation Instructions';
const BITFIELD = '§8.2.14 Bit Field Manipulation Instructions';
const BRANCH = '§8.2.15 Conditional Branch Instructions';
const CONTROL = '§8.2.16 Control Instructions';
const EXCEPTION = '§8.2.17 Exception-Related Instructions and Operations';
const SAVE_RESTORE = '§8.2.18 Save and Restore Operations';
/** Traps the manual has no row for: the operand time plus §8.2.17's TRAPcc trap. */
const EXCEPTION_APPROX = `${EXCEPTION} (TRAPcc trap time; no row of its own)`;

interface Machine {
  cpu: Cpu;
  mem: Uint8Array;
}

interface Row {
  /** The instruction, Motorola syntax; `words` is its encoding. */
  asm: string;
  note?: string;
  words: number[];
  /** Cache-case clocks from the manual. */
  cycles: number;
  source: string;
  /** SR to start with (default $2700). */
  sr?: number;
  /** The exception the step takes, if any. */
  vector?: number;
  setup?: (m: Machine) => void;
}

/** Condition codes for setCCR. */
const Z = 4;
const V = 2;

/** Every aligned long from DATA to DATA + $800 holds FILL: a pointer for the memory-indirect modes. */
const FILL = 0x3a00;

/** Put an exception frame of `format` (`bytes` long) on the supervisor stack for RTE to take. */
function pushFrame(m: Machine, format: number, bytes: number): void {
  const sp = m.cpu.a[7] - bytes;
  writeWords(m.mem, sp, [0x2700]);
  writeLong(m.mem, sp + 2, CODE);
  writeWords(m.mem, sp + 6, [format << 12]);
  if (format >= 0xa) writeWords(m.mem, sp + 8, [RESTART_MARK]);
  m.cpu.a[7] = sp;
}

/*
 * Registers start as A0 = DATA, A1 = DATA + $100, the others 0 (A7 the
 * supervisor stack at $8000); the flags are clear.
 */
const ROWS: Row[] = [
  { asm: 'move.l d0,d1', words: [0x2200], cycles: 2, source: MOVE },
  { asm: 'move.w d0,(a1)', words: [0x3280], cycles: 4, source: MOVE },
  { asm: 'move.l d0,-(a7)', words: [0x2f00], cycles: 5, source: MOVE },
  { asm: 'move.l d0,$3000.w', words: [0x21c0, 0x3000], cycles: 4, source: MOVE },
  { asm: 'move.l (a0),d1', words: [0x2210], cycles: 6, source: MOVE },
  { asm: 'move.l (a0)+,(a1)+', words: [0x22d8], cycles: 7, source: MOVE },
  { asm: 'move.w -(a0),d1', words: [0x3220], cycles: 7, source: MOVE },
  { asm: 'move.l (a0),-(a1)', words: [0x2310], cycles: 7, source: MOVE },
  { asm: 'move.l (8,a0),(a1)', words: [0x22a8, 0x0008], cycles: 8, source: MOVE },
  { asm: 'move.b (4,a0,d0.w),d1', words: [0x1230, 0x0004], cycles: 9, source: MOVE },
  { asm: 'move.l (4,a0,d0.l*4),(8,a1,d1.w)', words: [0x23b0, 0x0c04, 0x1008], cycles: 12, source: MOVE },
  { asm: 'move.l $3000.w,d1', words: [0x2238, 0x3000], cycles: 6, source: MOVE },
  { asm: 'move.l $3000.l,$3100.l', words: [0x23f9, 0x0000, 0x3000, 0x0000, 0x3100], cycles: 9, source: MOVE },
  { asm: 'move.l (8,pc),d1', words: [0x223a, 0x0008], cycles: 7, source: MOVE },
  { asm: 'move.w #$1234,d1', words: [0x323c, 0x1234], cycles: 4, source: MOVE },
  { asm: 'move.l #$12345678,(a1)', words: [0x22bc, 0x1234, 0x5678], cycles: 8, source: MOVE },
  { asm: 'move.b #1,(4,a1,d0.w)', words: [0x13bc, 0x0001, 0x0004], cycles: 7, source: MOVE },
  { asm: 'move.l d0,(4,a1,d0.w)', words: [0x2380, 0x0004], cycles: 7, source: MOVE },
  { asm: 'movea.l (a0),a2', words: [0x2450], cycles: 6, source: MOVE },
  { asm: 'movea.w #$1234,a2', words: [0x347c, 0x1234], cycles: 4, source: MOVE },
  { asm: 'movea.l d0,a2', words: [0x2440], cycles: 2, source: MOVE },
  { asm: 'move.w sr,d0', words: [0x40c0], cycles: 4, source: SPECIAL_MOVE },
  { asm: 'move.w sr,(a0)', words: [0x40d0], cycles: 7, source: `${SPECIAL_MOVE} + ${CEA}` },
  { asm: 'move.w ccr,d0', words: [0x42c0], cycles: 4, source: SPECIAL_MOVE },
  { asm: 'move.w d0,ccr', words: [0x44c0], cycles: 4, source: `${SPECIAL_MOVE} + ${FEA}` },
  { asm: 'move.w #$2700,sr', words: [0x46fc, 0x2700], cycles: 10, source: `${SPECIAL_MOVE} + ${FEA}` },
  { asm: 'move.l usp,a0', words: [0x4e68], cycles: 2, source: SPECIAL_MOVE },
  { asm: 'movec vbr,d0', words: [0x4e7a, 0x0801], cycles: 6, source: SPECIAL_MOVE },
  { asm: 'movec d0,vbr', words: [0x4e7b, 0x0801], cycles: 12, source: SPECIAL_MOVE },
  { asm: 'moves.l (a0),d0', words: [0x0e90, 0x0000], cycles: 9, source: `${SPECIAL_MOVE} + ${CIEA}` },
  {
    asm: 'moves.w d0,(8,a0)',
    words: [0x0e68, 0x0800, 0x0008],
    cycles: 9,
    source: `${SPECIAL_MOVE} + ${CIEA}`,
  },
  { asm: 'movep.w d0,(0,a0)', words: [0x0188, 0x0000], cycles: 11, source: SPECIAL_MOVE },
  { asm: 'movep.l (0,a0),d0', words: [0x0148, 0x0000], cycles: 18, source: SPECIAL_MOVE },
  { asm: 'exg d0,a0', words: [0xc188], cycles: 2, source: SPECIAL_MOVE },
  { asm: 'swap d0', words: [0x4840], cycles: 4, source: SPECIAL_MOVE },
  { asm: 'moveq #5,d0', words: [0x7005], cycles: 2, source: SPECIAL_MOVE },
  {
    asm: 'movem.l d0-d3,-(a7)',
    note: '4 registers',
    words: [0x48e7, 0xf000],
    cycles: 20,
    source: `${SPECIAL_MOVE} + ${CIEA}`,
  },
  {
    asm: 'movem.l (a7)+,d0-d3/a0-a1',
    note: '6 registers',
    words: [0x4cdf, 0x030f],
    cycles: 36,
    source: `${SPECIAL_MOVE} + ${CIEA}`,
  },
  {
    asm: 'movem.w (a0),d0-d1',
    note: '2 registers',
    words: [0x4c90, 0x0003],
    cycles: 18,
    source: `${SPECIAL_MOVE} + ${CIEA}`,
  },
  {
    asm: 'movem.l d0-d7/a0-a6,(8,a0)',
    note: '15 registers',
    words: [0x48e8, 0x7fff, 0x0008],
    cycles: 53,
    source: `${SPECIAL_MOVE} + ${CIEA}`,
  },
  {
    asm: 'movem.l d0,$3000.l',
    note: '1 register',
    words: [0x48f9, 0x0001, 0x0000, 0x3000],
    cycles: 11,
    source: `${SPECIAL_MOVE} + ${CIEA}`,
  },
  { asm: 'add.l d0,d1', words: [0xd280], cycles: 2, source: ARITH },
  { asm: 'add.w (a0),d1', words: [0xd250], cycles: 6, source: `${ARITH} + ${FEA}` },
  { asm: 'sub.l (a0)+,d1', words: [0x9298], cycles: 6, source: `${ARITH} + ${FEA}` },
  { asm: 'sub.w -(a0),d1', words: [0x9260], cycles: 7, source: `${ARITH} + ${FEA}` },
  { asm: 'cmp.l (8,a0),d1', words: [0xb2a8, 0x0008], cycles: 7, source: `${ARITH} + ${FEA}` },
  { asm: 'and.l (4,a0,d0.l),d1', words: [0xc2b0, 0x0804], cycles: 9, source: `${ARITH} + ${FEA}` },
  { asm: 'or.w $3000.w,d1', words: [0x8278, 0x3000], cycles: 6, source: `${ARITH} + ${FEA}` },
  { asm: 'or.l $3000.l,d1', words: [0x82b9, 0x0000, 0x3000], cycles: 6, source: `${ARITH} + ${FEA}` },
  { asm: 'cmp.b (2,pc),d1', words: [0xb23a, 0x0002], cycles: 7, source: `${ARITH} + ${FEA}` },
  { asm: 'add.w #5,d1', words: [0xd27c, 0x0005], cycles: 4, source: `${ARITH} + ${FEA}` },
  { asm: 'add.l #$10000,d1', words: [0xd2bc, 0x0001, 0x0000], cycles: 6, source: `${ARITH} + ${FEA}` },
  { asm: 'add.w d1,(a0)', words: [0xd350], cycles: 8, source: `${ARITH} + ${FEA}` },
  { asm: 'sub.l d1,-(a0)', words: [0x93a0], cycles: 9, source: `${ARITH} + ${FEA}` },
  { asm: 'eor.l d1,(8,a0)', words: [0xb3a8, 0x0008], cycles: 9, source: `${ARITH} + ${FEA}` },
  { asm: 'eor.w d1,d2', words: [0xb342], cycles: 2, source: ARITH },
  { asm: 'adda.l a0,a1', words: [0xd3c8], cycles: 2, source: ARITH },
  { asm: 'adda.w (a0),a1', words: [0xd2d0], cycles: 6, source: `${ARITH} + ${FEA}` },
  { asm: 'suba.l #8,a1', words: [0x93fc, 0x0000, 0x0008], cycles: 6, source: `${ARITH} + ${FEA}` },
  { asm: 'cmpa.l d0,a1', words: [0xb3c0], cycles: 4, source: ARITH },
  { asm: 'cmpa.w (a0)+,a1', words: [0xb2d8], cycles: 8, source: `${ARITH} + ${FEA}` },
  {
    asm: 'mulu.w d1,d0',
    words: [0xc0c1],
    cycles: 27,
    source: ARITH,
    setup: (m) => {
      m.cpu.d[0] = 7;
      m.cpu.d[1] = 3;
    },
  },
  { asm: 'muls.w (a0),d0', words: [0xc1d0], cycles: 31, source: `${ARITH} + ${FEA}` },
  {
    asm: 'divu.w d1,d0',
    words: [0x80c1],
    cycles: 44,
    source: ARITH,
    setup: (m) => {
      m.cpu.d[0] = 100;
      m.cpu.d[1] = 3;
    },
  },
  {
    asm: 'divs.w #3,d0',
    words: [0x81fc, 0x0003],
    cycles: 58,
    source: `${ARITH} + ${FEA}`,
    setup: (m) => {
      m.cpu.d[0] = -100;
    },
  },
  {
    asm: 'mulu.l d1,d0',
    words: [0x4c01, 0x0000],
    cycles: 45,
    source: `${ARITH} + ${FIEA}`,
    setup: (m) => {
      m.cpu.d[0] = 7;
      m.cpu.d[1] = 3;
    },
  },
  { asm: 'muls.l (a0),d1:d0', words: [0x4c10, 0x0c01], cycles: 47, source: `${ARITH} + ${FIEA}` },
  {
    asm: 'divu.l d1,d0',
    words: [0x4c41, 0x0000],
    cycles: 80,
    source: `${ARITH} + ${FIEA}`,
    setup: (m) => {
      m.cpu.d[0] = 100;
      m.cpu.d[1] = 3;
    },
  },
  {
    asm: 'divs.l #$10000,d3:d4',
    note: "the manual's own example",
    words: [0x4c7c, 0x4c03, 0x0001, 0x0000],
    cycles: 96,
    source: `${ARITH} + ${FIEA}`,
    setup: (m) => {
      m.cpu.d[4] = 0x100000;
    },
  },
  {
    asm: 'divsl.l d1,d2:d0',
    words: [0x4c41, 0x0802],
    cycles: 92,
    source: `${ARITH} + ${FIEA}`,
    setup: (m) => {
      m.cpu.d[0] = 100;
      m.cpu.d[1] = -3;
    },
  },
  { asm: 'addq.l #1,d0', words: [0x5280], cycles: 2, source: IMMEDIATE },
  { asm: 'addq.w #1,a0', words: [0x5248], cycles: 2, source: IMMEDIATE },
  { asm: 'subq.l #2,(a0)', words: [0x5590], cycles: 8, source: `${IMMEDIATE} + ${FEA}` },
  { asm: 'subq.b #1,(4,a0,d0.w)', words: [0x5330, 0x0004], cycles: 11, source: `${IMMEDIATE} + ${FEA}` },
  { asm: 'addi.w #5,d0', words: [0x0640, 0x0005], cycles: 4, source: `${IMMEDIATE} + ${FIEA}` },
  { asm: 'addi.l #5,d0', words: [0x0680, 0x0000, 0x0005], cycles: 6, source: `${IMMEDIATE} + ${FIEA}` },
  { asm: 'subi.w #5,(a0)', words: [0x0450, 0x0005], cycles: 8, source: `${IMMEDIATE} + ${FIEA}` },
  { asm: 'andi.l #$ff,(a0)+', words: [0x0298, 0x0000, 0x00ff], cycles: 12, source: `${IMMEDIATE} + ${FIEA}` },
  { asm: 'ori.b #1,-(a0)', words: [0x0020, 0x0001], cycles: 9, source: `${IMMEDIATE} + ${FIEA}` },
  { asm: 'cmpi.w #5,(8,a0)', words: [0x0c68, 0x0005, 0x0008], cycles: 7, source: `${IMMEDIATE} + ${FIEA}` },
  { asm: 'cmpi.l #5,d0', words: [0x0c80, 0x0000, 0x0005], cycles: 6, source: `${IMMEDIATE} + ${FIEA}` },
  {
    asm: 'eori.l #1,$3000.l',
    words: [0x0ab9, 0x0000, 0x0001, 0x0000, 0x3000],
    cycles: 12,
    source: `${IMMEDIATE} + ${FIEA}`,
  },
  { asm: 'addi.w #1,$3000.w', words: [0x0678, 0x0001, 0x3000], cycles: 9, source: `${IMMEDIATE} + ${FIEA}` },
  {
    asm: 'cmpi.b #1,(2,a0,d0.w)',
    words: [0x0c30, 0x0001, 0x0002],
    cycles: 11,
    source: `${IMMEDIATE} + ${FIEA}`,
  },
  { asm: 'abcd d0,d1', words: [0xc300], cycles: 4, source: BCD },
  { asm: 'sbcd -(a0),-(a1)', words: [0x8308], cycles: 16, source: BCD },
  { asm: 'addx.l d0,d1', words: [0xd380], cycles: 2, source: BCD },
  { asm: 'subx.w -(a0),-(a1)', words: [0x9348], cycles: 12, source: BCD },
  { asm: 'cmpm.l (a0)+,(a1)+', words: [0xb388], cycles: 9, source: BCD },
  { asm: 'pack d0,d1,#0', words: [0x8340, 0x0000], cycles: 6, source: BCD },
  { asm: 'unpk -(a0),-(a1),#0', words: [0x8388, 0x0000], cycles: 13, source: BCD },
  { asm: 'clr.l d0', words: [0x4280], cycles: 2, source: SINGLE },
  { asm: 'clr.w (a0)', words: [0x4250], cycles: 6, source: `${SINGLE} + ${CEA}` },
  { asm: 'clr.l $3000.l', words: [0x42b9, 0x0000, 0x3000], cycles: 8, source: `${SINGLE} + ${CEA}` },
  { asm: 'clr.b (4,a0,d0.w)', words: [0x4230, 0x0004], cycles: 8, source: `${SINGLE} + ${CEA}` },
  { asm: 'neg.l d0', words: [0x4480], cycles: 2, source: SINGLE },
  { asm: 'neg.w (a0)+', words: [0x4458], cycles: 8, source: `${SINGLE} + ${FEA}` },
  { asm: 'negx.l (8,a0)', words: [0x40a8, 0x0008], cycles: 9, source: `${SINGLE} + ${FEA}` },
  { asm: 'not.b -(a0)', words: [0x4620], cycles: 9, source: `${SINGLE} + ${FEA}` },
  { asm: 'tst.l d0', words: [0x4a80], cycles: 2, source: SINGLE },
  { asm: 'tst.w (8,a0)', words: [0x4a68, 0x0008], cycles: 7, source: `${SINGLE} + ${FEA}` },
  { asm: 'tst.l #1', words: [0x4abc, 0x0000, 0x0001], cycles: 6, source: `${SINGLE} + ${FEA}` },
  { asm: 'ext.l d0', words: [0x48c0], cycles: 4, source: SINGLE },
  { asm: 'extb.l d0', words: [0x49c0], cycles: 4, source: SINGLE },
  { asm: 'nbcd d0', words: [0x4800], cycles: 6, source: SINGLE },
  { asm: 'seq d0', words: [0x57c0], cycles: 4, source: SINGLE },
  { asm: 'st (a0)', words: [0x50d0], cycles: 8, source: `${SINGLE} + ${CEA}` },
  { asm: 'sne $3000.l', words: [0x56f9, 0x0000, 0x3000], cycles: 10, source: `${SINGLE} + ${CEA}` },
  { asm: 'tas d0', words: [0x4ac0], cycles: 4, source: SINGLE },
  { asm: 'tas (a0)', words: [0x4ad0], cycles: 14, source: `${SINGLE} + ${CEA}` },
  { asm: 'lsl.l #3,d0', words: [0xe788], cycles: 4, source: SHIFT },
  { asm: 'lsr.b #8,d0', words: [0xe008], cycles: 4, source: SHIFT },
  {
    asm: 'lsr.w d1,d0',
    note: 'count 17',
    words: [0xe268],
    cycles: 6,
    source: SHIFT,
    setup: (m) => {
      m.cpu.d[1] = 17;
    },
  },
  {
    asm: 'lsl.l d1,d0',
    note: 'count 0',
    words: [0xe3a8],
    cycles: 6,
    source: SHIFT,
    setup: (m) => {
      m.cpu.d[1] = 0;
    },
  },
  { asm: 'asl.l #8,d0', words: [0xe180], cycles: 8, source: SHIFT },
  {
    asm: 'asl.w d1,d0',
    note: 'count 63',
    words: [0xe360],
    cycles: 8,
    source: SHIFT,
    setup: (m) => {
      m.cpu.d[1] = 63;
    },
  },
  {
    asm: 'asr.w d1,d0',
    note: 'count 40',
    words: [0xe260],
    cycles: 6,
    source: SHIFT,
    setup: (m) => {
      m.cpu.d[1] = 40;
    },
  },
  { asm: 'asr.b #1,d0', words: [0xe200], cycles: 6, source: SHIFT },
  { asm: 'rol.l #1,d0', words: [0xe398], cycles: 8, source: SHIFT },
  {
    asm: 'ror.w d1,d0',
    note: 'count 5',
    words: [0xe278],
    cycles: 8,
    source: SHIFT,
    setup: (m) => {
      m.cpu.d[1] = 5;
    },
  },
  {
    asm: 'roxr.w d1,d0',
    note: 'count 63',
    words: [0xe270],
    cycles: 12,
    source: SHIFT,
    setup: (m) => {
      m.cpu.d[1] = 63;
    },
  },
  { asm: 'roxl.l #2,d0', words: [0xe590], cycles: 12, source: SHIFT },
  { asm: 'lsr.w (a0)', words: [0xe2d0], cycles: 9, source: `${SHIFT} + ${FEA}` },
  { asm: 'asl.w (8,a0)', words: [0xe1e8, 0x0008], cycles: 11, source: `${SHIFT} + ${FEA}` },
  { asm: 'asr.w -(a0)', words: [0xe0e0], cycles: 10, source: `${SHIFT} + ${FEA}` },
  { asm: 'ror.w $3000.w', words: [0xe6f8, 0x3000], cycles: 11, source: `${SHIFT} + ${FEA}` },
  { asm: 'roxl.w (a0)+', words: [0xe5d8], cycles: 9, source: `${SHIFT} + ${FEA}` },
  { asm: 'btst #3,d0', words: [0x0800, 0x0003], cycles: 4, source: BIT },
  { asm: 'bset d1,d0', words: [0x03c0], cycles: 4, source: BIT },
  { asm: 'bchg #1,(a0)', words: [0x0850, 0x0001], cycles: 8, source: `${BIT} + ${FIEA}` },
  { asm: 'bclr d1,(a0)+', words: [0x0398], cycles: 8, source: `${BIT} + ${FEA}` },
  { asm: 'btst d1,(8,a0)', words: [0x0328, 0x0008], cycles: 9, source: `${BIT} + ${FEA}` },
  { asm: 'bset #7,-(a0)', words: [0x08e0, 0x0007], cycles: 9, source: `${BIT} + ${FIEA}` },
  { asm: 'btst #0,(4,a0,d0.w)', words: [0x0830, 0x0000, 0x0004], cycles: 13, source: `${BIT} + ${FIEA}` },
  { asm: 'btst d1,#5', words: [0x033c, 0x0005], cycles: 6, source: `${BIT} + ${FEA}` },
  { asm: 'bfextu d0{8:8},d1', words: [0xe9c0, 0x1208], cycles: 8, source: BITFIELD },
  { asm: 'bfexts d0{30:4},d1', words: [0xebc0, 0x1784], cycles: 8, source: BITFIELD },
  { asm: 'bfffo d0{0:32},d1', words: [0xedc0, 0x1000], cycles: 18, source: BITFIELD },
  { asm: 'bfins d1,d0{4:12}', words: [0xefc0, 0x110c], cycles: 10, source: BITFIELD },
  { asm: 'bfclr d0{0:8}', words: [0xecc0, 0x0008], cycles: 12, source: BITFIELD },
  {
    asm: 'bftst d0{d1:d2}',
    words: [0xe8c0, 0x0862],
    cycles: 6,
    source: BITFIELD,
    setup: (m) => {
      m.cpu.d[1] = 3;
      m.cpu.d[2] = 9;
    },
  },
  {
    asm: 'bftst (a0){0:8}',
    note: 'one byte',
    words: [0xe8d0, 0x0008],
    cycles: 13,
    source: `${BITFIELD} + ${CIEA}`,
  },
  {
    asm: 'bfchg (a0){4:32}',
    note: 'five bytes',
    words: [0xead0, 0x0100],
    cycles: 26,
    source: `${BITFIELD} + ${CIEA}`,
  },
  {
    asm: 'bfchg (a0){0:32}',
    note: 'four bytes',
    words: [0xead0, 0x0000],
    cycles: 18,
    source: `${BITFIELD} + ${CIEA}`,
  },
  {
    asm: 'bfexts (8,a0){2:8},d1',
    words: [0xebe8, 0x1088, 0x0008],
    cycles: 17,
    source: `${BITFIELD} + ${CIEA}`,
  },
  {
    asm: 'bfset $3000.l{0:16}',
    words: [0xeef9, 0x0010, 0x0000, 0x3000],
    cycles: 20,
    source: `${BITFIELD} + ${CIEA}`,
  },
  {
    asm: 'bfffo (a0){1:32},d1',
    note: 'five bytes',
    words: [0xedd0, 0x1040],
    cycles: 34,
    source: `${BITFIELD} + ${CIEA}`,
  },
  {
    asm: 'bfins d1,(4,a0,d0.w){0:8}',
    words: [0xeff0, 0x1008, 0x0004],
    cycles: 20,
    source: `${BITFIELD} + ${CIEA}`,
  },
  { asm: 'bra.s .+10', words: [0x6008], cycles: 6, source: BRANCH },
  { asm: 'bra.w .+$100', words: [0x6000, 0x00fe], cycles: 6, source: BRANCH },
  {
    asm: 'beq.s .+10',
    note: 'taken',
    words: [0x6708],
    cycles: 6,
    source: BRANCH,
    setup: (m) => m.cpu.setCCR(Z),
  },
  { asm: 'beq.s .+10', note: 'not taken', words: [0x6708], cycles: 4, source: BRANCH },
  {
    asm: 'bne.w .+$100',
    note: 'not taken',
    words: [0x6600, 0x00fe],
    cycles: 6,
    source: BRANCH,
    setup: (m) => m.cpu.setCCR(Z),
  },
  { asm: 'bne.l .+$100', note: 'taken', words: [0x66ff, 0x0000, 0x00fe], cycles: 6, source: BRANCH },
  { asm: 'bcs.l .+$100', note: 'not taken', words: [0x65ff, 0x0000, 0x00fe], cycles: 6, source: BRANCH },
  { asm: 'bsr.s .+10', words: [0x6108], cycles: 7, source: BRANCH },
  { asm: 'bsr.l .+$100', words: [0x61ff, 0x0000, 0x00fe], cycles: 7, source: BRANCH },
  {
    asm: 'dbf d0,.+10',
    note: 'count not expired: branch',
    words: [0x51c8, 0x0008],
    cycles: 6,
    source: BRANCH,
    setup: (m) => {
      m.cpu.d[0] = 5;
    },
  },
  {
    asm: 'dbf d0,.+10',
    note: 'count expired',
    words: [0x51c8, 0x0008],
    cycles: 10,
    source: BRANCH,
    setup: (m) => {
      m.cpu.d[0] = 0;
    },
  },
  { asm: 'dbt d0,.+10', note: 'condition true', words: [0x50c8, 0x0008], cycles: 6, source: BRANCH },
  {
    asm: 'dbeq d0,.+10',
    note: 'condition true',
    words: [0x57c8, 0x0008],
    cycles: 6,
    source: BRANCH,
    setup: (m) => m.cpu.setCCR(Z),
  },
  {
    asm: 'dbeq d0,.+10',
    note: 'condition false: branch',
    words: [0x57c8, 0x0008],
    cycles: 6,
    source: BRANCH,
    setup: (m) => {
      m.cpu.d[0] = 2;
    },
  },
  { asm: 'jmp (a0)', words: [0x4ed0], cycles: 6, source: `${CONTROL} + ${JEA}` },
  { asm: 'jmp (8,a0)', words: [0x4ee8, 0x0008], cycles: 8, source: `${CONTROL} + ${JEA}` },
  { asm: 'jmp $1000.l', words: [0x4ef9, 0x0000, 0x1000], cycles: 6, source: `${CONTROL} + ${JEA}` },
  { asm: 'jmp (4,pc,d0.w)', words: [0x4efb, 0x0004], cycles: 10, source: `${CONTROL} + ${JEA}` },
  { asm: 'jsr (a0)', words: [0x4e90], cycles: 7, source: `${CONTROL} + ${JEA}` },
  { asm: 'jsr $1000.w', words: [0x4eb8, 0x1000], cycles: 7, source: `${CONTROL} + ${JEA}` },
  { asm: 'jsr (4,pc,d0.w)', words: [0x4ebb, 0x0004], cycles: 11, source: `${CONTROL} + ${JEA}` },
  { asm: 'rts', words: [0x4e75], cycles: 10, source: CONTROL },
  { asm: 'rtr', words: [0x4e77], cycles: 14, source: CONTROL },
  { asm: 'rtd #4', words: [0x4e74, 0x0004], cycles: 10, source: CONTROL },
  { asm: 'lea (a0),a1', words: [0x43d0], cycles: 4, source: `${CONTROL} + ${CEA}` },
  { asm: 'lea (8,a0),a1', words: [0x43e8, 0x0008], cycles: 4, source: `${CONTROL} + ${CEA}` },
  { asm: 'lea $3000.l,a1', words: [0x43f9, 0x0000, 0x3000], cycles: 6, source: `${CONTROL} + ${CEA}` },
  { asm: 'lea (4,a0,d0.w*4),a1', words: [0x43f0, 0x0404], cycles: 6, source: `${CONTROL} + ${CEA}` },
  { asm: 'lea (8,pc),a1', words: [0x43fa, 0x0008], cycles: 4, source: `${CONTROL} + ${CEA}` },
  { asm: 'pea (a0)', words: [0x4850], cycles: 7, source: `${CONTROL} + ${CEA}` },
  { asm: 'pea (4,a0,d0.w)', words: [0x4870, 0x0004], cycles: 9, source: `${CONTROL} + ${CEA}` },
  { asm: 'link a6,#-8', words: [0x4e56, 0xfff8], cycles: 5, source: CONTROL },
  { asm: 'link.l a6,#-8', words: [0x480e, 0xffff, 0xfff8], cycles: 6, source: CONTROL },
  {
    asm: 'unlk a6',
    words: [0x4e5e],
    cycles: 6,
    source: CONTROL,
    setup: (m) => {
      m.cpu.a[6] = 0x7000;
    },
  },
  { asm: 'nop', words: [0x4e71], cycles: 2, source: CONTROL },
  {
    asm: 'chk.w d1,d0',
    note: 'no trap',
    words: [0x4181],
    cycles: 8,
    source: `${CONTROL} + ${FEA}`,
    setup: (m) => {
      m.cpu.d[0] = 5;
      m.cpu.d[1] = 10;
    },
  },
  {
    asm: 'chk.l (a0),d0',
    note: 'no trap',
    words: [0x4110],
    cycles: 12,
    source: `${CONTROL} + ${FEA}`,
    setup: (m) => {
      m.cpu.d[0] = 5;
    },
  },
  { asm: 'andi.b #$1f,ccr', words: [0x023c, 0x001f], cycles: 12, source: CONTROL },
  { asm: 'ori.w #$700,sr', words: [0x007c, 0x0700], cycles: 12, source: CONTROL },
  { asm: 'cmp2.l (a0),d0', words: [0x04d0, 0x0000], cycles: 22, source: `${CONTROL} + ${FIEA}` },
  {
    asm: 'chk2.l (8,a0),d0',
    note: 'no trap',
    words: [0x04e8, 0x0800, 0x0008],
    cycles: 23,
    source: `${CONTROL} + ${FIEA}`,
    setup: (m) => {
      m.cpu.d[0] = FILL;
    },
  },
  {
    asm: 'cas.l d0,d1,(a0)',
    note: 'compare fails',
    words: [0x0ed0, 0x0040],
    cycles: 14,
    source: `${CONTROL} + ${CIEA}`,
  },
  {
    asm: 'cas.l d0,d1,(a0)',
    note: 'compare succeeds',
    words: [0x0ed0, 0x0040],
    cycles: 17,
    source: `${CONTROL} + ${CIEA}`,
    setup: (m) => {
      m.cpu.d[0] = FILL;
    },
  },
  {
    asm: 'cas2.l d0:d1,d2:d3,(a0):(a1)',
    note: 'compare fails',
    words: [0x0efc, 0x8080, 0x90c1],
    cycles: 22,
    source: CONTROL,
  },
  {
    asm: 'cas2.l d0:d1,d2:d3,(a0):(a1)',
    note: 'compare succeeds',
    words: [0x0efc, 0x8080, 0x90c1],
    cycles: 25,
    source: CONTROL,
    setup: (m) => {
      m.cpu.d[0] = FILL;
      m.cpu.d[1] = FILL;
    },
  },
  { asm: 'trap #0', words: [0x4e40], cycles: 20, source: EXCEPTION, vector: 32 },
  { asm: 'illegal', words: [0x4afc], cycles: 20, source: EXCEPTION, vector: 4 },
  { asm: 'dc.w $a000', note: 'line A', words: [0xa000], cycles: 20, source: EXCEPTION, vector: 10 },
  { asm: 'dc.w $f000', note: 'line F', words: [0xf000], cycles: 20, source: EXCEPTION, vector: 11 },
  {
    asm: 'move.w #0,sr',
    note: 'privilege violation in user state',
    words: [0x46fc, 0x0000],
    cycles: 20,
    source: EXCEPTION,
    sr: 0x0000,
    vector: 8,
  },
  { asm: 'trapv', note: 'no trap', words: [0x4e76], cycles: 4, source: EXCEPTION },
  {
    asm: 'trapv',
    note: 'trap',
    words: [0x4e76],
    cycles: 25,
    source: EXCEPTION,
    vector: 7,
    setup: (m) => m.cpu.setCCR(V),
  },
  { asm: 'trapcs', note: 'no trap', words: [0x55fc], cycles: 4, source: EXCEPTION },
  {
    asm: 'trapne.w #1',
    note: 'no trap',
    words: [0x56fa, 0x0001],
    cycles: 6,
    source: EXCEPTION,
    setup: (m) => m.cpu.setCCR(Z),
  },
  {
    asm: 'trapeq.l #1',
    note: 'trap',
    words: [0x57fb, 0x0000, 0x0001],
    cycles: 25,
    source: EXCEPTION,
    vector: 7,
    setup: (m) => m.cpu.setCCR(Z),
  },
  { asm: 'stop #$2700', words: [0x4e72, 0x2700], cycles: 8, source: EXCEPTION },
  { asm: 'reset', words: [0x4e70], cycles: 518, source: EXCEPTION },
  {
    asm: 'nop',
    note: 'traced: NOP then the trace exception',
    words: [0x4e71],
    cycles: 27,
    source: `${CONTROL} + ${EXCEPTION}`,
    sr: 0xa700,
    vector: 9,
  },
  {
    asm: 'chk.w d1,d0',
    note: 'trap: fea + TRAPcc trap',
    words: [0x4181],
    cycles: 25,
    source: EXCEPTION_APPROX,
    vector: 6,
    setup: (m) => {
      m.cpu.d[0] = -1;
      m.cpu.d[1] = 10;
    },
  },
  {
    asm: 'divu.w (a0),d0',
    note: 'zero divide: fea + TRAPcc trap',
    words: [0x80d0],
    cycles: 29,
    source: `${EXCEPTION_APPROX} + ${FEA}`,
    vector: 5,
  },
  {
    asm: 'chk2.l (a0),d0',
    note: 'trap: fiea + TRAPcc trap',
    words: [0x04d0, 0x0800],
    cycles: 29,
    source: `${EXCEPTION_APPROX} + ${FIEA}`,
    vector: 6,
  },
  {
    asm: 'interrupt, level 3 autovector',
    note: 'I-stack',
    words: [0x4e71],
    cycles: 26,
    source: EXCEPTION,
    sr: 0x2000,
    vector: 27,
    setup: (m) => m.cpu.setIPL(3),
  },
  {
    asm: 'interrupt, level 3 autovector',
    note: 'M-stack: with the throwaway frame',
    words: [0x4e71],
    cycles: 41,
    source: EXCEPTION,
    sr: 0x3000,
    vector: 27,
    setup: (m) => {
      m.cpu.setMSP(0x7000);
      m.cpu.setIPL(3);
    },
  },
  {
    asm: 'move.l $20000.l,d0',
    note: 'bus error: long bus-fault frame',
    words: [0x2039, 0x0002, 0x0000],
    cycles: 79,
    source: SAVE_RESTORE,
    vector: 2,
  },
  {
    asm: 'instruction fetch at an odd address',
    note: 'address error: long bus-fault frame',
    words: [0x4e71],
    cycles: 79,
    source: SAVE_RESTORE,
    vector: 3,
    setup: (m) => {
      m.cpu.pc = CODE + 1;
    },
  },
  {
    asm: 'rte',
    note: 'format $0',
    words: [0x4e73],
    cycles: 21,
    source: SAVE_RESTORE,
    setup: (m) => pushFrame(m, 0x0, 8),
  },
  {
    asm: 'rte',
    note: 'format $2',
    words: [0x4e73],
    cycles: 21,
    source: SAVE_RESTORE,
    setup: (m) => pushFrame(m, 0x2, 12),
  },
  {
    asm: 'rte',
    note: 'throwaway frame, then format $0',
    words: [0x4e73],
    cycles: 37,
    source: SAVE_RESTORE,
    setup: (m) => {
      pushFrame(m, 0x0, 8);
      pushFrame(m, 0x1, 8);
    },
  },
  {
    asm: 'rte',
    note: 'format $A',
    words: [0x4e73],
    cycles: 43,
    source: SAVE_RESTORE,
    setup: (m) => pushFrame(m, 0xa, 32),
  },
  {
    asm: 'rte',
    note: 'format $B',
    words: [0x4e73],
    cycles: 92,
    source: SAVE_RESTORE,
    setup: (m) => pushFrame(m, 0xb, 92),
  },
  {
    asm: 'rte',
    note: 'format error',
    words: [0x4e73],
    cycles: 20,
    source: EXCEPTION_APPROX,
    vector: 14,
    setup: (m) => pushFrame(m, 0x3, 8),
  },
  {
    asm: 'callm #0,(a0)',
    note: 'type $00 descriptor (its entry word at $3A00 names D0)',
    words: [0x06d0, 0x0000],
    cycles: 40 + 2,
    source: `estimate, docs/cpu-timing.md (${CONTROL} not read) + ${CIEA}`,
  },
  {
    asm: 'callm #0,(a0)',
    note: 'format error: type $02',
    words: [0x06d0, 0x0000],
    cycles: 20,
    source: EXCEPTION_APPROX,
    vector: 14,
    setup: (m) => writeLong(m.mem, DATA, 0x02000000),
  },
  {
    asm: 'rtm a5',
    note: 'type $00 frame',
    words: [0x06cd],
    cycles: 26,
    source: `estimate, docs/cpu-timing.md (${CONTROL} not read)`,
    setup: (m) => {
      const sp = m.cpu.a[7] - 0x18;
      for (let i = 0; i < 0x18; i += 4) writeLong(m.mem, sp + i, 0);
      writeLong(m.mem, sp + 0x0c, CODE);
      m.cpu.a[7] = sp;
    },
  },
  { asm: 'move.l ([a0]),d1', words: [0x2230, 0x0151], cycles: 14, source: MOVE },
  { asm: 'move.l d1,([a1])', words: [0x2381, 0x0151], cycles: 12, source: MOVE },
  { asm: 'move.l ([a0]),([a1])', words: [0x23b0, 0x0151, 0x0151], cycles: 22, source: MOVE },
  { asm: 'move.l ([4,a0],8),(a1)', words: [0x22b0, 0x0162, 0x0004, 0x0008], cycles: 19, source: MOVE },
  {
    asm: 'move.l (a0,d0.l),d1',
    note: 'full format, null base displacement: (B)',
    words: [0x2230, 0x0910],
    cycles: 9,
    source: MOVE,
  },
  { asm: 'move.l ($1000,a0,d0.l),d1', words: [0x2230, 0x0920, 0x1000], cycles: 9, source: MOVE },
  {
    asm: 'move.l ($1000,a0),d1',
    note: 'full format, index suppressed: (d16,B)',
    words: [0x2230, 0x0160, 0x1000],
    cycles: 11,
    source: MOVE,
  },
  { asm: 'move.l ($8000,a0),d1', words: [0x2230, 0x0170, 0x0000, 0x8000], cycles: 15, source: MOVE },
  {
    asm: 'move.l d1,(a1,d0.l)',
    note: 'full format, null base displacement: (B)',
    words: [0x2381, 0x0910],
    cycles: 8,
    source: MOVE,
  },
  { asm: 'move.l d1,($1000,a1,d0.l)', words: [0x2381, 0x0920, 0x1000], cycles: 9, source: MOVE },
  { asm: 'move.l d1,($8000,a1)', words: [0x2381, 0x0170, 0x0000, 0x8000], cycles: 14, source: MOVE },
  { asm: 'move.l ([8,pc]),d1', words: [0x223b, 0x0161, 0x0008], cycles: 16, source: MOVE },
  {
    asm: 'add.l ([8,a0],4),d1',
    words: [0xd2b0, 0x0162, 0x0008, 0x0004],
    cycles: 18,
    source: `${ARITH} + ${FEA}`,
  },
  {
    asm: 'tst.l ([$10,a0],d0.l,4)',
    words: [0x4ab0, 0x0926, 0x0010, 0x0004],
    cycles: 18,
    source: `${SINGLE} + ${FEA}`,
  },
  {
    asm: 'lea ([a0,d0.l*4],8),a1',
    words: [0x43f0, 0x0d12, 0x0008],
    cycles: 15,
    source: `${CONTROL} + ${CEA}`,
  },
  {
    asm: 'lea ($1000,a0,d0.l),a1',
    words: [0x43f0, 0x0920, 0x1000],
    cycles: 8,
    source: `${CONTROL} + ${CEA}`,
  },
  {
    asm: 'lea ($8000,a0),a1',
    words: [0x43f0, 0x0170, 0x0000, 0x8000],
    cycles: 14,
    source: `${CONTROL} + ${CEA}`,
  },
  { asm: 'pea ([a0],4)', words: [0x4870, 0x0152, 0x0004], cycles: 18, source: `${CONTROL} + ${CEA}` },
  { asm: 'clr.l ([a0])', words: [0x42b0, 0x0151], cycles: 15, source: `${SINGLE} + ${CEA}` },
  { asm: 'jmp ([a0])', words: [0x4ef0, 0x0151], cycles: 15, source: `${CONTROL} + ${JEA}` },
  {
    asm: 'jsr ([$8000,a0],$8000)',
    words: [0x4eb0, 0x0173, 0x0000, 0x8000, 0x0000, 0x8000],
    cycles: 24,
    source: `${CONTROL} + ${JEA}`,
  },
  { asm: 'addi.w #1,([a0])', words: [0x0670, 0x0001, 0x0151], cycles: 18, source: `${IMMEDIATE} + ${FIEA}` },
  {
    asm: 'addi.w #1,([4,a0],$8000)',
    words: [0x0670, 0x0001, 0x0163, 0x0004, 0x0000, 0x8000],
    cycles: 21,
    source: `${IMMEDIATE} + ${FIEA}`,
  },
  {
    asm: 'cmpi.l #1,([4,a0],$10)',
    words: [0x0cb0, 0x0000, 0x0001, 0x0162, 0x0004, 0x0010],
    cycles: 22,
    source: `${IMMEDIATE} + ${FIEA}`,
  },
  { asm: 'btst #1,([a0])', words: [0x0830, 0x0001, 0x0151], cycles: 18, source: `${BIT} + ${FIEA}` },
  { asm: 'mulu.l ([a0]),d0', words: [0x4c30, 0x0000, 0x0151], cycles: 57, source: `${ARITH} + ${FIEA}` },
  {
    asm: 'bfextu ([a0]){0:8},d1',
    words: [0xe9f0, 0x1008, 0x0151],
    cycles: 26,
    source: `${BITFIELD} + ${CIEA}`,
  },
  {
    asm: 'movem.l ([a0]),d0-d1',
    note: '2 registers',
    words: [0x4cf0, 0x0003, 0x0151],
    cycles: 29,
    source: `${SPECIAL_MOVE} + ${CIEA}`,
  },
];

function machine(r: Row): Machine {
  const m = flatMachine(r.words, r.sr ?? 0x2700);
  for (let a = DATA; a < DATA + 0x800; a += 4) writeLong(m.mem, a, FILL);
  m.cpu.a[0] = DATA;
  m.cpu.a[1] = DATA + 0x100;
  m.cpu.setCCR(0);
  r.setup?.(m);
  return m;
}

describe('cycle counts (MC68020 UM §8.2, cache case)', () => {
  it('covers at least 60 instruction and addressing-mode combinations', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
  });

  for (const r of ROWS) {
    it(`${r.asm}${r.note ? ` (${r.note})` : ''}: ${r.cycles}`, () => {
      const { cpu } = machine(r);
      const before = cpu.cycles;
      cpu.step();
      expect(cpu.lastException).toBe(r.vector ?? -1);
      expect(cpu.cycles - before, r.source).toBe(r.cycles);
    });
  }
});

describe('full-format extension words', () => {
  it('are classified by base displacement, suppression and indirection', () => {
    expect(fullFormatRow(0x0910)).toBe(2); // (B): null bd
    expect(fullFormatRow(0x0920)).toBe(1); // (d16,An,Xn)
    expect(fullFormatRow(0x0160)).toBe(3); // (d16,B): index suppressed
    expect(fullFormatRow(0x01a0)).toBe(3); // (d16,B): base suppressed
    expect(fullFormatRow(0x0170)).toBe(4); // (d32,B)
    expect(fullFormatRow(0x0151)).toBe(5); // ([B],I)
    expect(fullFormatRow(0x0937)).toBe(13); // ([d32,B],I,d32), post-indexed
    expect(fullFormatRow(0x0100)).toBe(2); // reserved BD size: as null
    expect(fullFormatRow(0x0104)).toBe(5); // reserved fields are timed, not rejected
  });
});

describe('run(cycles)', () => {
  it('returns at the first instruction boundary at or past the budget', () => {
    // MULU.W D1,D0 (27) three times, then NOPs.
    const { cpu } = flatMachine([0xc0c1, 0xc0c1, 0xc0c1, 0x4e71, 0x4e71]);
    const start = cpu.cycles;
    cpu.run(30);
    expect(cpu.cycles - start).toBe(54);
    expect(cpu.instructions).toBe(2);
  });
});
