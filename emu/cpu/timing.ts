/**
 * Cycle costs: the cache-case column of the MC68020 User's Manual (M68020UM,
 * first edition, 1992), section 8.2 "Instruction Timing Tables". Each table
 * there gives a best case (overlapped with the neighbouring instructions), a
 * cache case (instruction words in the cache, no overlap) and a worst case
 * (cache miss); sun3lab charges the cache case. docs/cpu-timing.md explains
 * the model and what is approximated.
 *
 * The instruction builders in ops/ compute each handler's cost from these
 * tables when the opcode table is built, so a handler adds one constant (or
 * picks one of two or three where the manual's time depends on the outcome).
 * The only run-time lookups are on rare paths: full-format extension words
 * (fullFormatTime, called from ea.ts), RTE frames, the exceptions.
 *
 * The EA tables are indexed by ea.ts's addressing kinds, in their order:
 * 0 Dn, 1 An, 2 (An), 3 (An)+, 4 -(An), 5 (d16,An), 6 (d8,An,Xn),
 * 7 (xxx).W, 8 (xxx).L, 9 (d16,PC), 10 (d8,PC,Xn), 11 #<data>. (This module
 * does not import ea.ts, which imports it.) Kinds 6 and 10 stand for the
 * brief extension word; a full-format word adds fullFormatTime at run time.
 */
import type { Cpu } from './cpu.js';

/**
 * Exception processing (cache case). §8.2.17 "Exception-Related Instructions
 * and Operations" and §8.2.18 "Save and Restore Operations"; each time covers
 * the whole operation: stacking the frame, reading the vector, refilling the
 * pipe.
 */
export const cycleTimes = {
  /** §8.2.18 Bus Cycle Fault (Long): this core always stacks the format $B frame. */
  busError: 79,
  /** An odd instruction fetch; the same long bus-fault frame. */
  addressError: 79,
  /** §8.2.17 Illegal Instruction. */
  illegal: 20,
  /** §8.2.17 Privilege Violation. */
  privilege: 20,
  /** §8.2.17 A-Line Trap, F-Line Trap. */
  lineAF: 20,
  /** §8.2.17 TRAP #n. */
  trap: 20,
  /** §8.2.17 TRAPV and TRAPcc, trap taken: the whole instruction. */
  trapv: 25,
  /**
   * CHK, CHK2 and divide by zero taking their trap: the manual has no row;
   * charged as TRAPcc's six-word-frame trap, added to the instruction's
   * operand time.
   */
  chk: 25,
  zeroDivide: 25,
  /** §8.2.17 Trace. */
  trace: 25,
  /** §8.2.17 Interrupt (I-Stack). */
  interrupt: 26,
  /** §8.2.17 Interrupt (M-Stack): the frame plus the throwaway frame. */
  interruptThrowaway: 41,
  /** RTE refusing a frame: no row; a four-word frame like the other format $0 exceptions. */
  formatError: 20,
  /** The reset exception: no row in the manual; an estimate (two long reads, cache flush). */
  reset: 40,
};

/**
 * §8.2.18 RTE (Normal, Six-Word, Throwaway, Coprocessor, Short Fault, Long
 * Fault), by the frame's format. A throwaway frame's 16 is followed by the
 * time of the frame it leads to.
 */
export const rteTimes: readonly number[] = [21, 16, 21, 0, 0, 0, 0, 0, 0, 32, 43, 92, 0, 0, 0, 0];

/*
 * Effective-address tables, cache case, indexed by EA kind. Rows the manual
 * does not have are 0 (they never apply) or borrow a neighbour, as noted.
 */

/** §8.2.1 Fetch Effective Address (fea): calculate the address and read the operand. */
const FEA = [0, 0, 4, 4, 5, 5, 7, 4, 4, 5, 7, 2];

/**
 * §8.2.2 Fetch Immediate Effective Address (fiea): fetch an immediate
 * operand and calculate and fetch the destination, by destination kind,
 * #<data>.W and #<data>.L columns. An takes Dn's row. For the kind
 * #<data> (the single operand of MULS.L #<data>,Dn and the like) the row
 * is #<data>.B/.W or #<data>.L by the operand's size; FIEA_IMM_L has it.
 */
const FIEA_W = [2, 2, 4, 6, 5, 5, 9, 5, 6, 5, 9, 4];
const FIEA_L = [4, 4, 4, 8, 7, 7, 11, 7, 8, 7, 11, 6];
const FIEA_IMM_L = [6, 8];

/** §8.2.3 Calculate Effective Address (cea): the address only, no operand read. */
const CEA = [0, 0, 2, 2, 2, 2, 4, 2, 4, 2, 4, 0];

/**
 * §8.2.4 Calculate Immediate Effective Address (ciea), #<data>.W and .L
 * columns. -(An) has no row and takes (An)+'s.
 */
const CIEA_W = [2, 2, 2, 4, 4, 4, 6, 4, 4, 4, 6, 0];
const CIEA_L = [4, 4, 4, 6, 6, 6, 8, 6, 8, 6, 8, 0];

/** §8.2.5 Jump Effective Address (jea): the target of JMP and JSR. */
const JEA = [0, 0, 2, 0, 0, 4, 6, 2, 2, 4, 6, 0];

/** Fetch EA time (§8.2.1) of an operand of `size` bytes. */
export function fetchEA(kind: number, size: number): number {
  return kind === 11 && size === 4 ? 4 : FEA[kind];
}

/** The name the builders used first: the fetch EA time. */
export const eaTime = fetchEA;

/**
 * Fetch immediate EA time (§8.2.2) for destination `kind`; `long` picks the
 * #<data>.L column (an immediate of four bytes). The manual's footnote for
 * two-word instructions (MULU.L, DIVS.L, CMP2, BTST #n ...) says to use the
 * #<data>.W column with the operand's row; for them `long` is false and a
 * #<data> operand takes its row by `size`.
 */
export function fetchImmEA(kind: number, long: boolean, size = 2): number {
  if (kind === 11 && size === 4) return FIEA_IMM_L[long ? 1 : 0];
  return long ? FIEA_L[kind] : FIEA_W[kind];
}

/** Calculate EA time (§8.2.3). */
export function calcEA(kind: number): number {
  return CEA[kind];
}

/** Calculate immediate EA time (§8.2.4); two-word instructions use the .W column. */
export function calcImmEA(kind: number, long = false): number {
  return long ? CIEA_L[kind] : CIEA_W[kind];
}

/** Jump EA time (§8.2.5). */
export function jumpEA(kind: number): number {
  return JEA[kind];
}

/**
 * §8.2.6 MOVE Instruction: a whole-instruction table by source row and
 * destination column (no EA time is added). Rows: Rn, #<data>.B/.W,
 * #<data>.L, (An), (An)+, -(An), (d16,An)/(d16,PC), (xxx).W, (xxx).L,
 * (d8,An,Xn)/(d8,PC,Xn). Columns: An, Dn, (An), (An)+, -(An), (d16,An),
 * (xxx).W, (xxx).L, (d8,An,Xn). The table's full-format rows and columns
 * are reached through fullFormatTime (source: the fetch deltas, which the
 * table's rows follow; destination: MOVE_DST_FULL).
 */
const MOVE_TABLE = [
  [2, 2, 4, 4, 5, 5, 4, 6, 7],
  [4, 4, 6, 6, 7, 7, 6, 8, 7],
  [6, 6, 8, 8, 9, 9, 8, 10, 9],
  [6, 6, 7, 7, 7, 7, 7, 9, 9],
  [6, 6, 7, 7, 7, 7, 7, 9, 9],
  [7, 7, 8, 8, 8, 8, 8, 10, 10],
  [7, 7, 8, 8, 8, 8, 8, 10, 10],
  [6, 6, 7, 7, 7, 7, 7, 9, 9],
  [6, 6, 7, 7, 7, 7, 7, 9, 9],
  [9, 9, 10, 10, 10, 10, 10, 12, 12],
];
/** MOVE_TABLE's row by source kind (Dn, An ... #); #<data>.L is row 2. */
const MOVE_ROW = [0, 0, 3, 4, 5, 6, 9, 7, 8, 6, 9, 1];
/** MOVE_TABLE's column by destination kind. */
const MOVE_COL = [1, 0, 2, 3, 4, 5, 8, 6, 7];

/** MOVE/MOVEA time (§8.2.6) for a source and destination kind. */
export function moveTime(srcKind: number, dstKind: number, size: number): number {
  const row = srcKind === 11 && size === 4 ? 2 : MOVE_ROW[srcKind];
  return MOVE_TABLE[row][MOVE_COL[dstKind]];
}

/*
 * Full-format extension words. The EA tables have rows for (d16,An,Xn),
 * (B), (d16,B), (d32,B) and the nine memory-indirect forms ([bd,B],I,od)
 * (B = base: none, An, PC, Xn or An+Xn; I = index: none or Xn; bd and od
 * null, word or long; which registers are used does not change the time).
 * Handlers are built with the brief-format (d8,An,Xn) row; fullFormat()
 * in ea.ts adds the difference between the full-format row and that one,
 * from the table the instruction uses. Rows, in this order: 0 brief,
 * 1 (d16,An,Xn) (word bd, base and index both present), 2 (B) (null bd),
 * 3 (d16,B) (word bd, base or index suppressed), 4 (d32,B), then
 * 5 + 3 * bd + od for memory indirection with bd and od 0 null, 1 word,
 * 2 long.
 */

/** Fetch (§8.2.1) minus its (d8,An,Xn) row; §8.2.5 jump and the MOVE table's source rows differ by the same. */
const FULL_FETCH = [0, 0, 0, 2, 6, 5, 7, 7, 7, 9, 9, 11, 13, 13];
/** Fetch immediate (§8.2.2), both columns: as FULL_FETCH but for ([d16,B],I,d32). */
const FULL_FETCH_IMM = [0, 0, 0, 2, 6, 5, 7, 7, 7, 9, 8, 11, 13, 13];
/** Calculate (§8.2.3) and calculate immediate (§8.2.4), both columns. */
const FULL_CALC = [0, 2, 2, 4, 8, 7, 9, 9, 9, 11, 11, 13, 15, 15];
/** §8.2.6 MOVE, the destination columns. */
const MOVE_DST_FULL = [0, 2, 1, 3, 7, 5, 7, 8, 7, 9, 10, 11, 13, 14];

/** Which table an opcode's full-format EA is charged from. */
export const EA_FETCH = 0;
export const EA_FETCH_IMM = 1;
export const EA_CALC = 2;
/** MOVE: source from the fetch deltas, destination from MOVE_DST_FULL. */
export const EA_MOVE = 3;

const FULL_TABLES = [FULL_FETCH, FULL_FETCH_IMM, FULL_CALC];

/** Per opcode, its EA_* table (default EA_FETCH); builders call chargeEAas. */
const eaTableOf = new Uint8Array(0x10000);

/** Record, while building `op`'s handler, which EA table it is charged from. */
export function chargeEAas(op: number, table: number): void {
  eaTableOf[op] = table;
}

/** The row (0-13 above) of a full-format extension word. */
export function fullFormatRow(ext: number): number {
  // Size fields: 1 null, 2 word, 3 long; the reserved 0 is timed as null.
  const bdField = (ext >> 4) & 3;
  const bd = bdField > 1 ? bdField - 1 : 0;
  const iis = ext & 7;
  if (iis === 0) {
    if (bd === 0) return 2;
    if (bd === 2) return 4;
    return ext & 0xc0 ? 3 : 1; // BS or IS: something suppressed
  }
  const od = (iis & 3) > 1 ? (iis & 3) - 1 : 0;
  return 5 + 3 * bd + od;
}

/**
 * Extra time of a full-format extension word `ext` (at address `extAt`) of
 * the current instruction over the brief-format row its handler charged.
 */
export function fullFormatTime(cpu: Cpu, ext: number, extAt: number): number {
  const row = fullFormatRow(ext);
  const op = cpu.opcode;
  const table = eaTableOf[op];
  if (table !== EA_MOVE) return FULL_TABLES[table][row];
  // A MOVE's source extension words come first, right after the opcode.
  const srcMode = (op >> 3) & 7;
  const srcIndexed = srcMode === 6 || (srcMode === 7 && (op & 7) === 3);
  return srcIndexed && extAt === cpu.ppc + 2 ? FULL_FETCH[row] : MOVE_DST_FULL[row];
}

/**
 * Per-instruction times (cache case) from §8.2.7-§8.2.18. Where the manual
 * adds an EA time the comment names the table (fea, fiea, cea, ciea, jea).
 */
export const instrTimes = {
  // §8.2.7 Special-Purpose MOVE Instruction
  exg: 2,
  moveFromSrToDn: 4,
  moveFromSrToMem: 5, // + cea (MOVE from CCR the same)
  moveToCcr: 4, // + fea
  moveToSr: 8, // + fea
  moveUsp: 2,
  movecToReg: 6, // MOVEC Rc,Rn
  movecToCtl: 12, // MOVEC Rn,Rc
  movemToMem: 4, // + 3 per register + ciea
  movemToMemPerReg: 3,
  movemToRegs: 8, // + 4 per register + ciea
  movemToRegsPerReg: 4,
  movepToMemW: 11,
  movepToMemL: 17,
  movepToRegW: 12,
  movepToRegL: 18,
  movesToReg: 7, // + ciea
  movesToMem: 5, // + ciea
  moveq: 2,
  swap: 4,
  // §8.2.8 Arithmetic/Logical Instructions
  aluToReg: 2, // ADD, SUB, AND, OR, CMP <ea>,Dn; ADDA, SUBA <ea>,An; EOR Dn,Dn (+ fea)
  aluToMem: 4, // ADD, SUB, AND, OR, EOR Dn,<mem> (+ fea)
  cmpa: 4, // + fea
  mulW: 27, // MULS.W, MULU.W + fea
  mulL: 43, // MULS.L, MULU.L + fiea
  divuW: 44, // + fea
  divsW: 56, // + fea
  divuL: 78, // + fiea
  divsL: 90, // + fiea
  // §8.2.9 Immediate Arithmetic/Logical Instructions
  quickToReg: 2, // ADDQ, SUBQ #,Rn
  quickToMem: 4, // + fea
  immToDn: 2, // ADDI, SUBI, ANDI, ORI, EORI, CMPI #,Dn (+ fiea)
  immToMem: 4, // ADDI, SUBI, ANDI, ORI, EORI #,<mem> (+ fiea)
  cmpiToMem: 2, // + fiea
  // §8.2.10 Binary-Coded Decimal and Extended Instructions
  bcdReg: 4, // ABCD, SBCD Dy,Dx
  bcdMem: 16, // ABCD, SBCD -(Ay),-(Ax)
  extendReg: 2, // ADDX, SUBX Dy,Dx
  extendMem: 12, // ADDX, SUBX -(Ay),-(Ax)
  cmpm: 9,
  packReg: 6,
  packMem: 13,
  unpkReg: 8,
  unpkMem: 13,
  // §8.2.11 Single Operand Instructions
  clrReg: 2,
  clrMem: 4, // + cea
  negReg: 2, // NEG, NEGX, NOT Dn
  negMem: 4, // + fea
  ext: 4, // EXT.W, EXT.L, EXTB.L
  nbcd: 6, // Dn; to memory (no row) + fea
  sccReg: 4,
  sccMem: 6, // + cea
  tasReg: 4,
  tasMem: 12, // + cea
  tst: 2, // + fea
  // §8.2.12 Shift/Rotate Instructions: one time per form whatever the count
  // (the 68020 has a barrel shifter).
  lsImm: 4, // LSL, LSR #,Dy
  lsReg: 6, // LSL, LSR Dx,Dy
  asl: 8, // ASL #,Dy and Dx,Dy
  asr: 6,
  rot: 8, // ROL, ROR
  roxd: 12, // ROXL, ROXR
  lsMem: 5, // LSL, LSR, ASR, ROXL, ROXR <mem> (+ fea)
  aslMem: 6, // + fea
  rotMem: 7, // ROL, ROR <mem> + fea
  // §8.2.13 Bit Manipulation Instructions: BTST, BCHG, BCLR, BSET alike
  bitReg: 4, // #,Dn and Dn,Dn
  bitMem: 4, // Dn,<mem> + fea; #,<mem> + fiea
  // §8.2.14 Bit Field Manipulation Instructions, by BF kind (0 BFTST, 1 BFEXTU,
  // 2 BFCHG, 3 BFEXTS, 4 BFCLR, 5 BFFFO, 6 BFSET, 7 BFINS): in a register, in
  // memory spanning up to four bytes, spanning five bytes (memory + ciea).
  bfReg: [6, 8, 12, 8, 12, 18, 12, 10],
  bfMem: [11, 13, 16, 13, 16, 24, 16, 14],
  bfMem5: [15, 18, 24, 18, 24, 32, 24, 20],
  // §8.2.15 Conditional Branch Instructions
  branchTaken: 6, // Bcc taken, BRA (any size)
  bccNotTakenB: 4,
  bccNotTakenW: 6, // and .L
  bsr: 7,
  dbccTrue: 6, // condition true: falls through
  dbccLoop: 6, // condition false, count not expired: branches
  dbccExpired: 10,
  // §8.2.16 Control Instructions
  logicToSr: 12, // ANDI, EORI, ORI to CCR and to SR
  // CALLM and RTM with a type $00 descriptor or frame: the manual has
  // timing rows for them (§8.2.16) that this project could not read, so
  // these are estimates from their bus traffic against the neighbouring
  // rows (an operand cycle costs about 4, a refill of the pipe about 6):
  // CALLM reads three long words of descriptor and the entry word and
  // writes five or six, RTM reads five.
  callm: 40, // + ciea
  rtm: 26,
  cas: 12, // compare fails + ciea
  casHit: 15, // compare succeeds + ciea
  cas2: 22,
  cas2Hit: 25,
  chk: 8, // no trap + fea
  cmp2: 18, // CMP2, CHK2 (no trap) + fiea
  jmp: 4, // + jea
  jsr: 5, // + jea
  lea: 2, // + cea
  linkW: 5,
  linkL: 6,
  nop: 2,
  pea: 5, // + cea
  rtd: 10,
  rtr: 14,
  rts: 10,
  unlk: 6,
  // §8.2.17 Exception-Related Instructions (traps taken: cycleTimes)
  reset: 518,
  stop: 8,
  trapccNoTrap: 4, // TRAPcc, TRAPV
  trapccWNoTrap: 6,
  trapccLNoTrap: 8,
};
