/**
 * A disassembler for the MC68020 integer instruction set, in Motorola
 * syntax (`move.l (a0)+,d1`, `lea (8,a0,d1.l*4),a2`, `bfextu d4{#2:#5},d0`).
 *
 * It decodes independently of the CPU core's dispatch table (so a decoding
 * slip in one does not hide the same slip in the other) but follows the same
 * rules: a word the 68020 would trap on as an illegal instruction, including
 * extension words with reserved bits set where the core checks them, prints
 * as `dc.w $xxxx` and takes two bytes. Line-A words also print as `dc.w`
 * (on this machine they are emulator traps), and so do line-F words other
 * than the MC68881's (coprocessor 1; disasm-fpu.ts decodes those).
 *
 * Numbers (docs/disassembler.md has the full list of conventions):
 *   - data, displacements and addresses are hexadecimal with a `$` prefix,
 *     except that 0-9 print as a plain digit; displacements are signed
 *     (`(-$10,a6)`), immediates are the unsigned value of the operand size
 *     (`move.w #$ffff,d0`), moveq/link/rtd operands are signed (`#-1`);
 *   - counts print in decimal: quick values, shift counts, bit numbers,
 *     bit-field offsets and widths, TRAP/BKPT vectors, CALLM argument counts;
 *   - PC-relative operands and branches show the target address, as a label
 *     would be written in source: `lea ($1234,pc),a0`, `bra.s $1234`.
 *
 * decodeInstruction() returns the decoded form (mnemonic and operand
 * objects); disassemble() formats it. The objdump comparison test renders the
 * same decoded form in objdump's MIT syntax.
 */
import { CC_NAMES } from './alu.js';
import { lineF } from './disasm-fpu.js';

export type Size = 1 | 2 | 4;

/** An index register of an indexed mode: 0-7 d0-d7, 8-15 a0-a7. */
export interface IndexReg {
  reg: number;
  long: boolean;
  /** log2 of the scale factor (0-3). */
  scale: number;
}

/**
 * Address register indirect with index and the 68020 memory indirect modes
 * (EA mode 6 and mode 7 register 3), brief or full extension word.
 */
export interface IndexedOperand {
  k: 'idx';
  /** Base register: 0-7 for a0-a7, 'pc' for the program counter. */
  base: number | 'pc';
  /** Brief extension word (8-bit displacement); otherwise full format. */
  brief: boolean;
  /** Base register suppressed (full format BS bit): za0-za7 / zpc. */
  baseSuppressed: boolean;
  /**
   * Base displacement. With an unsuppressed PC base this is already the
   * target address (extension word address + displacement), as objdump and
   * source code show it.
   */
  bd: number;
  /** Full format BD SIZE: 1 null, 2 word, 3 long (0 for brief words). */
  bdSize: number;
  /** The index register, or null when suppressed (IS bit). */
  index: IndexReg | null;
  /** Memory indirection: none, pre-indexed ([bd,An,Xn],od) or post-indexed ([bd,An],Xn,od). */
  indirect: 'none' | 'pre' | 'post';
  /** Outer displacement (memory indirect only). */
  od: number;
  /** Outer displacement size: 1 null, 2 word, 3 long. */
  odSize: number;
}

/**
 * How an immediate prints: `hex` data (unsigned in the operand size), `dec`
 * a count (decimal), `signed` a signed displacement-like value.
 */
export type ImmStyle = 'hex' | 'dec' | 'signed';

export type Operand =
  | { k: 'dn'; r: number }
  | { k: 'an'; r: number }
  | { k: 'ind'; r: number }
  | { k: 'postinc'; r: number }
  | { k: 'predec'; r: number }
  /** Indirect through any register, d0-d7 or a0-a7 (CAS2's (Rn1):(Rn2)). */
  | { k: 'rind'; r: number }
  | { k: 'disp'; r: number; d: number }
  | IndexedOperand
  | { k: 'absw'; addr: number }
  | { k: 'absl'; addr: number }
  | { k: 'pcdisp'; target: number }
  | { k: 'imm'; v: number; size: Size; style: ImmStyle }
  /** A branch target. */
  | { k: 'addr'; v: number }
  /** A MOVEM register list: bit i set = register i (d0-d7, a0-a7). */
  | { k: 'regs'; mask: number }
  /** A named register: ccr, sr, usp or a MOVEC control register. */
  | { k: 'special'; name: string }
  /** A bit-field operand: <ea>{offset:width}, each an immediate or a data register. */
  | { k: 'bitfield'; ea: Operand; offset: BitFieldPart; width: BitFieldPart }
  /** Two operands written as one, `d1:d2` (MULL/DIVL), `(a0):(a1)` (CAS2), `fp2:fp3` (FSINCOS). */
  | { k: 'pair'; a: Operand; b: Operand }
  /** A floating-point data register fp0-fp7. */
  | { k: 'fp'; r: number }
  /** An FMOVEM data register list: bit i set = fpi. */
  | { k: 'fpregs'; mask: number }
  /** FPCR/FPSR/FPIAR, one or several: bit 2 fpcr, bit 1 fpsr, bit 0 fpiar. */
  | { k: 'fpctl'; mask: number }
  /** An immediate real of 8 or 12 bytes (.d, .x, .p), as its long words. */
  | { k: 'fimm'; words: number[] }
  /** FMOVE.P's destination with its k-factor, static (#k) or in a data register. */
  | { k: 'kfactor'; ea: Operand; factor: { v: number } | { reg: number } };

/** A bit-field offset or width: a data register or an immediate (width 1-32). */
export type BitFieldPart = { reg: number } | { v: number };

/**
 * Why a word decodes as `dc.w`:
 *   - `line-a`, `line-f`: the unimplemented-instruction traps (line F is the
 *     coprocessor interface: words for a coprocessor other than the 68881,
 *     or that the 68881 does not accept);
 *   - `illegal`: not a 68020 opcode, or an addressing mode it does not allow;
 *   - `reserved-ext`: a full-format index extension word with a reserved
 *     encoding (bit 3 set, BD SIZE 0, I/IS 100, or IS=1 with I/IS 101-111);
 *   - `reserved-bits`: must-be-zero bits set in the extension word of CAS,
 *     CAS2, CHK2/CMP2, MOVES, MULU.L/MULS.L or DIVU.L/DIVS.L;
 *   - `control-register`: MOVEC names a control register the 68020 lacks.
 */
export type IllegalReason =
  | 'line-a'
  | 'line-f'
  | 'illegal'
  | 'reserved-ext'
  | 'reserved-bits'
  | 'control-register';

export interface Decoded {
  /** Motorola mnemonic with size suffix, e.g. `move.l`, `bra.s`, `dc.w`. */
  mnemonic: string;
  operands: Operand[];
  /** Length in bytes. */
  length: number;
  /** True for `dc.w` (a word the 68020 does not execute as an instruction). */
  illegal: boolean;
  /** For `dc.w`: why. */
  reason?: IllegalReason;
}

export interface DecodeOptions {
  /**
   * Decode through reserved fields instead of rejecting the word (the
   * `reserved-ext` and `reserved-bits` cases): BD SIZE 0 and I/IS 100 read as
   * null displacements, must-be-zero bits are ignored. This is how objdump
   * decodes them; the objdump comparison test uses it to check those words.
   */
  relaxed?: boolean;
}

/** Thrown while decoding when a word or extension word is not a valid instruction. */
export class Illegal extends Error {
  constructor(readonly reason: IllegalReason) {
    super(reason);
  }
}
export const ILLEGAL = new Illegal('illegal');

/** Reads the instruction stream word by word through the caller's callback. */
class Stream {
  pos: number;
  constructor(
    private readonly read16: (addr: number) => number,
    pc: number,
  ) {
    this.pos = pc >>> 0;
  }
  word(): number {
    const v = this.read16(this.pos) & 0xffff;
    this.pos = (this.pos + 2) >>> 0;
    return v;
  }
  long(): number {
    const hi = this.word();
    return ((hi << 16) | this.word()) >>> 0;
  }
}

const sext8 = (v: number) => (v << 24) >> 24;
const sext16 = (v: number) => (v << 16) >> 16;

// Addressing-mode categories (MC68020 UM §2.2.15) as bit sets over the EA
// "kind": modes 0-6, then 7 abs.w, 8 abs.l, 9 (d16,pc), 10 (pc,Xn), 11 #imm.
const kindBits = (...k: number[]) => k.reduce((m, x) => m | (1 << x), 0);
export const ALL = kindBits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
export const DATA = ALL & ~kindBits(1);
export const MEMORY = DATA & ~kindBits(0);
export const CONTROL = kindBits(2, 5, 6, 7, 8, 9, 10);
export const ALTERABLE = kindBits(0, 1, 2, 3, 4, 5, 6, 7, 8);
export const DATA_ALT = ALTERABLE & DATA;
export const MEM_ALT = ALTERABLE & MEMORY;
export const CTRL_ALT = CONTROL & ALTERABLE;
const DATA_NOIMM = DATA & ~kindBits(11);

export function eaKind(mode: number, reg: number): number {
  if (mode < 7) return mode;
  return reg <= 4 ? 7 + reg : -1;
}

/** Fails the decode unless the EA field (mode, reg) is in category `mask`. */
export function need(mode: number, reg: number, mask: number): void {
  const k = eaKind(mode, reg);
  if (k < 0 || ((mask >> k) & 1) === 0) throw ILLEGAL;
}

const SIZES: Record<number, Size | undefined> = { 0: 1, 1: 2, 2: 4 };
const SUFFIX: Record<Size, string> = { 1: '.b', 2: '.w', 4: '.l' };

/** The condition names, indexed by the 4-bit condition field (the CPU's own table). */
export const CONDITIONS = CC_NAMES;

/** MOVEC control registers that exist on the 68020 (others trap as illegal). */
export const CONTROL_REGISTERS: Record<number, string> = {
  0: 'sfc',
  1: 'dfc',
  2: 'cacr',
  2048: 'usp',
  2049: 'vbr',
  2050: 'caar',
  2051: 'msp',
  2052: 'isp',
};

export const dn = (r: number): Operand => ({ k: 'dn', r });
export const an = (r: number): Operand => ({ k: 'an', r });
/** Register 0-15 as d0-d7 / a0-a7. */
const rn = (r: number): Operand => (r < 8 ? dn(r) : an(r - 8));
export const imm = (v: number, size: Size, style: ImmStyle = 'hex'): Operand => ({
  k: 'imm',
  v,
  size,
  style,
});
export const special = (name: string): Operand => ({ k: 'special', name });

/** The decoder for one instruction: the stream plus the address of its first word. */
export class Decoder {
  readonly s: Stream;
  constructor(
    read16: (addr: number) => number,
    readonly pc: number,
    readonly relaxed: boolean,
  ) {
    this.s = new Stream(read16, pc);
  }

  /** A reserved field is set: the word is illegal, unless decoding relaxed. */
  reserved(why: 'reserved-ext' | 'reserved-bits'): void {
    if (!this.relaxed) throw new Illegal(why);
  }

  /** Decode an effective address; extension words are read from the stream. */
  ea(mode: number, reg: number, size: Size): Operand {
    const s = this.s;
    switch (mode) {
      case 0:
        return dn(reg);
      case 1:
        return an(reg);
      case 2:
        return { k: 'ind', r: reg };
      case 3:
        return { k: 'postinc', r: reg };
      case 4:
        return { k: 'predec', r: reg };
      case 5:
        return { k: 'disp', r: reg, d: sext16(s.word()) };
      case 6:
        return this.indexed(reg);
      default:
        switch (reg) {
          case 0:
            return { k: 'absw', addr: sext16(s.word()) >>> 0 };
          case 1:
            return { k: 'absl', addr: s.long() };
          case 2: {
            const at = s.pos;
            return { k: 'pcdisp', target: (at + sext16(s.word())) >>> 0 };
          }
          case 3:
            return this.indexed('pc');
          case 4:
            if (size === 4) return imm(s.long(), 4);
            return imm(size === 1 ? s.word() & 0xff : s.word(), size);
          default:
            throw ILLEGAL;
        }
    }
  }

  /** An EA field, checked against a category first. */
  eaIn(mode: number, reg: number, mask: number, size: Size): Operand {
    need(mode, reg, mask);
    return this.ea(mode, reg, size);
  }

  /** The index extension word(s) of mode 6 / mode 7.3 (MC68020 UM §2.2.9-2.2.17). */
  indexed(base: number | 'pc'): IndexedOperand {
    const s = this.s;
    const at = s.pos; // PC-relative modes are relative to the extension word
    const ext = s.word();
    const index: IndexReg = { reg: ext >> 12, long: (ext & 0x800) !== 0, scale: (ext >> 9) & 3 };
    if ((ext & 0x100) === 0) {
      const d8 = sext8(ext);
      return {
        k: 'idx',
        base,
        brief: true,
        baseSuppressed: false,
        bd: base === 'pc' ? (at + d8) >>> 0 : d8,
        bdSize: 0,
        index,
        indirect: 'none',
        od: 0,
        odSize: 1,
      };
    }
    // Full format. Reserved encodings trap on the 68020 (as in ea.ts).
    const bs = (ext & 0x80) !== 0;
    const is = (ext & 0x40) !== 0;
    const bdSize = (ext >> 4) & 3;
    const iis = ext & 7;
    if (ext & 0x08 || bdSize === 0 || iis === 4 || (is && iis > 4)) this.reserved('reserved-ext');
    let bd = bdSize === 2 ? sext16(s.word()) : bdSize === 3 ? s.long() | 0 : 0;
    if (base === 'pc' && !bs) bd = (at + bd) >>> 0;
    const odSize = iis & 3 || 1;
    const od = odSize === 2 ? sext16(s.word()) : odSize === 3 ? s.long() | 0 : 0;
    return {
      k: 'idx',
      base,
      brief: false,
      baseSuppressed: bs,
      bd,
      bdSize: bdSize || 1,
      index: is ? null : index,
      indirect: iis === 0 ? 'none' : iis & 4 ? 'post' : 'pre',
      od,
      odSize,
    };
  }

  /** A branch displacement relative to the word after the opcode. */
  target(disp: number): Operand {
    return { k: 'addr', v: (this.pc + 2 + disp) >>> 0 };
  }
}

export type Out = { mnemonic: string; operands: Operand[] };
export const out = (mnemonic: string, ...operands: Operand[]): Out => ({ mnemonic, operands });

/** Decode one instruction at `pc`. Never throws: invalid words decode as `dc.w`. */
export function decodeInstruction(
  read16: (addr: number) => number,
  pc: number,
  options: DecodeOptions = {},
): Decoded {
  const d = new Decoder(read16, pc, options.relaxed === true);
  const op = d.s.word();
  let r: Out;
  try {
    r = decodeOp(d, op);
  } catch (err) {
    if (!(err instanceof Illegal)) throw err;
    return { mnemonic: 'dc.w', operands: [imm(op, 2)], length: 2, illegal: true, reason: err.reason };
  }
  return { ...r, length: (d.s.pos - (pc >>> 0)) >>> 0, illegal: false };
}

function decodeOp(d: Decoder, op: number): Out {
  switch (op >> 12) {
    case 0x0:
      return line0(d, op);
    case 0x1:
    case 0x2:
    case 0x3:
      return move(d, op);
    case 0x4:
      return line4(d, op);
    case 0x5:
      return line5(d, op);
    case 0x6:
      return branch(d, op);
    case 0x7:
      if (op & 0x100) throw ILLEGAL;
      return out('moveq', imm(op & 0xff, 1, 'signed'), dn((op >> 9) & 7));
    case 0x8:
      return line8(d, op);
    case 0x9:
    case 0xd:
      return addSub(d, op);
    case 0xb:
      return lineB(d, op);
    case 0xc:
      return lineC(d, op);
    case 0xe:
      return lineE(d, op);
    case 0xa:
      throw new Illegal('line-a');
    default:
      // Line F: the coprocessor interface; the 68881 is coprocessor 1.
      return lineF(d, op);
  }
}

/** Bit operations, MOVEP, immediate arithmetic, MOVES, CAS, CAS2, CHK2/CMP2, CALLM/RTM. */
function line0(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const rx = (op >> 9) & 7;
  const sz = (op >> 6) & 3;
  const bitOps = ['btst', 'bchg', 'bclr', 'bset'];
  if (op & 0x100) {
    if (mode === 1) {
      // MOVEP: opmode 4/5 memory to register, 6/7 register to memory.
      const size: Size = op & 0x40 ? 4 : 2;
      const mem: Operand = { k: 'disp', r: reg, d: sext16(d.s.word()) };
      const name = `movep${SUFFIX[size]}`;
      return op & 0x80 ? out(name, dn(rx), mem) : out(name, mem, dn(rx));
    }
    // Dynamic bit number in Dn. BTST may read any data operand, even #imm.
    return out(bitOps[sz], dn(rx), d.eaIn(mode, reg, sz === 0 ? DATA : DATA_ALT, 1));
  }
  const size = SIZES[sz];
  switch (rx) {
    case 0: // ORI
    case 1: // ANDI
    case 5: // EORI
      if (size === undefined) return rx === 5 ? cas(d, op) : chk2(d, op);
      if (mode === 7 && reg === 4) {
        // To CCR (byte) or SR (word).
        const name = ['ori', 'andi', '', '', '', 'eori'][rx];
        if (size === 1) return out(`${name}.b`, imm(d.s.word() & 0xff, 1), special('ccr'));
        if (size === 2) return out(`${name}.w`, imm(d.s.word(), 2), special('sr'));
        throw ILLEGAL;
      }
      return immediate(d, op, ['ori', 'andi', '', '', '', 'eori'][rx], size, DATA_ALT);
    case 2: // SUBI
      if (size === undefined) return chk2(d, op);
      return immediate(d, op, 'subi', size, DATA_ALT);
    case 3: // ADDI
      if (size === undefined) {
        // CALLM #n,<ea> (control modes) and RTM Rn (register modes).
        if (mode <= 1) return out('rtm', rn(op & 15));
        need(mode, reg, CONTROL);
        const count = d.s.word() & 0xff;
        return out('callm', imm(count, 1, 'dec'), d.ea(mode, reg, 1));
      }
      return immediate(d, op, 'addi', size, DATA_ALT);
    case 4: {
      // Static bit number in an extension word.
      const bit = d.s.word() & 0xff;
      const mask = sz === 0 ? DATA_NOIMM : DATA_ALT;
      return out(bitOps[sz], imm(bit, 1, 'dec'), d.eaIn(mode, reg, mask, 1));
    }
    case 6: // CMPI (the 68020 also allows PC-relative operands)
      if (size === undefined) return cas(d, op);
      return immediate(d, op, 'cmpi', size, DATA_NOIMM);
    default: {
      // MOVES
      if (size === undefined) return cas(d, op);
      need(mode, reg, MEM_ALT);
      const ext = d.s.word();
      if (ext & 0x7ff) d.reserved('reserved-bits');
      const ea = d.ea(mode, reg, size);
      const name = `moves${SUFFIX[size]}`;
      return ext & 0x800 ? out(name, rn(ext >> 12), ea) : out(name, ea, rn(ext >> 12));
    }
  }
}

function immediate(d: Decoder, op: number, name: string, size: Size, mask: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  need(mode, reg, mask);
  const src = d.ea(7, 4, size); // the immediate comes before the destination's extension words
  return out(name + SUFFIX[size], src, d.ea(mode, reg, size));
}

/** CAS (0x0AC0/0x0CC0/0x0EC0) and CAS2 (0x0CFC/0x0EFC). */
function cas(d: Decoder, op: number): Out {
  const size = ([0, 1, 2, 4] as const)[(op >> 9) & 3];
  if (size === 0) throw ILLEGAL;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  if ((op & 0x3f) === 0x3c && size !== 1) {
    const e1 = d.s.word();
    const e2 = d.s.word();
    if ((e1 | e2) & 0x0e38) d.reserved('reserved-bits');
    return out(
      `cas2${SUFFIX[size]}`,
      { k: 'pair', a: dn(e1 & 7), b: dn(e2 & 7) },
      { k: 'pair', a: dn((e1 >> 6) & 7), b: dn((e2 >> 6) & 7) },
      { k: 'pair', a: { k: 'rind', r: e1 >> 12 }, b: { k: 'rind', r: e2 >> 12 } },
    );
  }
  need(mode, reg, MEM_ALT);
  const ext = d.s.word();
  if (ext & 0xfe38) d.reserved('reserved-bits');
  return out(`cas${SUFFIX[size]}`, dn(ext & 7), dn((ext >> 6) & 7), d.ea(mode, reg, size));
}

/** CHK2/CMP2 (0x00C0/0x02C0/0x04C0): bounds pair in memory against Rn. */
function chk2(d: Decoder, op: number): Out {
  const size = SIZES[(op >> 9) & 3];
  if (size === undefined) throw ILLEGAL;
  need((op >> 3) & 7, op & 7, CONTROL);
  const ext = d.s.word();
  if (ext & 0x7ff) d.reserved('reserved-bits');
  const ea = d.ea((op >> 3) & 7, op & 7, size);
  return out((ext & 0x800 ? 'chk2' : 'cmp2') + SUFFIX[size], ea, rn(ext >> 12));
}

/** MOVE and MOVEA: the source's extension words precede the destination's. */
function move(d: Decoder, op: number): Out {
  const size = ([0, 1, 4, 2] as const)[op >> 12];
  if (size === 0) throw ILLEGAL;
  const dmode = (op >> 6) & 7;
  const dreg = (op >> 9) & 7;
  const smode = (op >> 3) & 7;
  const sreg = op & 7;
  need(smode, sreg, size === 1 ? DATA : ALL);
  if (dmode === 1) {
    if (size === 1) throw ILLEGAL;
    return out(`movea${SUFFIX[size]}`, d.ea(smode, sreg, size), an(dreg));
  }
  need(dmode, dreg, DATA_ALT);
  const src = d.ea(smode, sreg, size);
  return out(`move${SUFFIX[size]}`, src, d.ea(dmode, dreg, size));
}

/** Unary operations, MOVEM, CHK, LEA, the control instructions, MULL/DIVL. */
function line4(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const rx = (op >> 9) & 7;
  if (op & 0x100) {
    switch ((op >> 6) & 3) {
      case 3: // LEA, and EXTB.L in the register form of LEA's encoding
        if (mode === 0 && rx === 4) return out('extb.l', dn(reg));
        return out('lea', d.eaIn(mode, reg, CONTROL, 4), an(rx));
      case 2: // CHK.W
        return out('chk.w', d.eaIn(mode, reg, DATA, 2), dn(rx));
      case 0: // CHK.L
        return out('chk.l', d.eaIn(mode, reg, DATA, 4), dn(rx));
      default:
        throw ILLEGAL;
    }
  }
  const sz = (op >> 6) & 3;
  const size = SIZES[sz];
  switch (rx) {
    case 0: // NEGX, MOVE from SR
      if (size === undefined) return out('move.w', special('sr'), d.eaIn(mode, reg, DATA_ALT, 2));
      return out(`negx${SUFFIX[size]}`, d.eaIn(mode, reg, DATA_ALT, size));
    case 1: // CLR, MOVE from CCR
      if (size === undefined) return out('move.w', special('ccr'), d.eaIn(mode, reg, DATA_ALT, 2));
      return out(`clr${SUFFIX[size]}`, d.eaIn(mode, reg, DATA_ALT, size));
    case 2: // NEG, MOVE to CCR
      if (size === undefined) return out('move.w', d.eaIn(mode, reg, DATA, 2), special('ccr'));
      return out(`neg${SUFFIX[size]}`, d.eaIn(mode, reg, DATA_ALT, size));
    case 3: // NOT, MOVE to SR
      if (size === undefined) return out('move.w', d.eaIn(mode, reg, DATA, 2), special('sr'));
      return out(`not${SUFFIX[size]}`, d.eaIn(mode, reg, DATA_ALT, size));
    case 4:
      return line48(d, op);
    case 5: // TST, TAS, ILLEGAL
      if (size === undefined) {
        if (op === 0x4afc) return out('illegal');
        return out('tas', d.eaIn(mode, reg, DATA_ALT, 1));
      }
      return out(`tst${SUFFIX[size]}`, d.eaIn(mode, reg, size === 1 ? DATA : ALL, size));
    case 6: // MULL, DIVL, MOVEM memory to registers
      if (sz >= 2) return movem(d, op);
      return sz === 0 ? mull(d, op) : divl(d, op);
    default:
      return line4e(d, op);
  }
}

/** 0x4800-0x48FF: NBCD, LINK.L, SWAP, BKPT, PEA, EXT, MOVEM to memory. */
function line48(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  switch ((op >> 6) & 3) {
    case 0:
      if (mode === 1) return out('link.l', an(reg), imm(d.s.long(), 4, 'signed'));
      return out('nbcd', d.eaIn(mode, reg, DATA_ALT, 1));
    case 1:
      if (mode === 0) return out('swap', dn(reg));
      if (mode === 1) return out('bkpt', imm(reg, 1, 'dec'));
      return out('pea', d.eaIn(mode, reg, CONTROL, 4));
    default:
      if (mode === 0) return out(op & 0x40 ? 'ext.l' : 'ext.w', dn(reg));
      return movem(d, op);
  }
}

/** MOVEM: the register mask comes before the EA's extension words. */
function movem(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const size: Size = op & 0x40 ? 4 : 2;
  const toRegs = (op & 0x400) !== 0;
  need(mode, reg, toRegs ? CONTROL | kindBits(3) : CTRL_ALT | kindBits(4));
  let mask = d.s.word();
  // In -(An) mode the mask is reversed: bit 0 is a7 ... bit 15 is d0.
  if (mode === 4) mask = reverse16(mask);
  const ea = d.ea(mode, reg, size);
  const list: Operand = { k: 'regs', mask };
  return toRegs ? out(`movem${SUFFIX[size]}`, ea, list) : out(`movem${SUFFIX[size]}`, list, ea);
}

function reverse16(v: number): number {
  let r = 0;
  for (let i = 0; i < 16; i++) if (v & (1 << i)) r |= 0x8000 >> i;
  return r;
}

/** MULU.L/MULS.L: <ea>,Dl (32-bit product) or <ea>,Dh:Dl (64-bit). */
function mull(d: Decoder, op: number): Out {
  need((op >> 3) & 7, op & 7, DATA);
  const ext = d.s.word();
  if (ext & 0x83f8) d.reserved('reserved-bits');
  const name = ext & 0x800 ? 'muls.l' : 'mulu.l';
  const ea = d.ea((op >> 3) & 7, op & 7, 4);
  const dl = dn((ext >> 12) & 7);
  return out(name, ea, ext & 0x400 ? { k: 'pair', a: dn(ext & 7), b: dl } : dl);
}

/**
 * DIVU.L/DIVS.L: <ea>,Dq (32/32), <ea>,Dr:Dq (64/32); DIVUL.L/DIVSL.L
 * <ea>,Dr:Dq (32/32 with a remainder, Dr != Dq).
 */
function divl(d: Decoder, op: number): Out {
  need((op >> 3) & 7, op & 7, DATA);
  const ext = d.s.word();
  if (ext & 0x83f8) d.reserved('reserved-bits');
  const sign = ext & 0x800 ? 's' : 'u';
  const ea = d.ea((op >> 3) & 7, op & 7, 4);
  const q = (ext >> 12) & 7;
  const r = ext & 7;
  const pair: Operand = { k: 'pair', a: dn(r), b: dn(q) };
  if (ext & 0x400) return out(`div${sign}.l`, ea, pair);
  if (q === r) return out(`div${sign}.l`, ea, dn(q));
  return out(`div${sign}l.l`, ea, pair);
}

/** 0x4E40-0x4EFF: TRAP, LINK, UNLK, MOVE USP, the one-word controls, MOVEC, JSR, JMP. */
function line4e(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  switch ((op >> 6) & 7) {
    case 1:
      break;
    case 2:
      return out('jsr', d.eaIn(mode, reg, CONTROL, 4));
    case 3:
      return out('jmp', d.eaIn(mode, reg, CONTROL, 4));
    default:
      throw ILLEGAL;
  }
  switch (mode) {
    case 0:
    case 1:
      return out('trap', imm(op & 15, 1, 'dec'));
    case 2:
      return out('link.w', an(reg), imm(sext16(d.s.word()), 2, 'signed'));
    case 3:
      return out('unlk', an(reg));
    case 4:
      return out('move.l', an(reg), special('usp'));
    case 5:
      return out('move.l', special('usp'), an(reg));
    case 6:
      switch (reg) {
        case 0:
          return out('reset');
        case 1:
          return out('nop');
        case 2:
          return out('stop', imm(d.s.word(), 2));
        case 3:
          return out('rte');
        case 4:
          return out('rtd', imm(sext16(d.s.word()), 2, 'signed'));
        case 5:
          return out('rts');
        case 6:
          return out('trapv');
        default:
          return out('rtr');
      }
    default: {
      if (reg !== 2 && reg !== 3) throw ILLEGAL;
      const ext = d.s.word();
      const name = CONTROL_REGISTERS[ext & 0xfff];
      if (name === undefined) throw new Illegal('control-register');
      return reg === 2
        ? out('movec', special(name), rn(ext >> 12))
        : out('movec', rn(ext >> 12), special(name));
    }
  }
}

/** ADDQ/SUBQ, Scc, DBcc, TRAPcc. */
function line5(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const size = SIZES[(op >> 6) & 3];
  if (size !== undefined) {
    const q = (op >> 9) & 7 || 8;
    need(mode, reg, size === 1 ? DATA_ALT : ALTERABLE);
    return out((op & 0x100 ? 'subq' : 'addq') + SUFFIX[size], imm(q, 1, 'dec'), d.ea(mode, reg, size));
  }
  const cc = CONDITIONS[(op >> 8) & 15];
  if (mode === 1) return out(`db${cc}`, dn(reg), d.target(sext16(d.s.word())));
  if (mode === 7 && reg >= 2 && reg <= 4) {
    if (reg === 2) return out(`trap${cc}.w`, imm(d.s.word(), 2));
    if (reg === 3) return out(`trap${cc}.l`, imm(d.s.long(), 4));
    return out(`trap${cc}`);
  }
  return out(`s${cc}`, d.eaIn(mode, reg, DATA_ALT, 1));
}

/** Bcc, BRA, BSR: 8-bit displacement, or 0x00 for 16 bits, 0xFF for 32 bits (68020). */
function branch(d: Decoder, op: number): Out {
  const c = (op >> 8) & 15;
  const name = c === 0 ? 'bra' : c === 1 ? 'bsr' : `b${CONDITIONS[c]}`;
  const d8 = op & 0xff;
  if (d8 === 0) return out(`${name}.w`, d.target(sext16(d.s.word())));
  if (d8 === 0xff) return out(`${name}.l`, d.target(d.s.long() | 0));
  return out(`${name}.s`, d.target(sext8(d8)));
}

/** OR, DIVU.W/DIVS.W, SBCD, PACK, UNPK. */
function line8(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const rx = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  if (opmode === 3 || opmode === 7)
    return out(opmode === 3 ? 'divu.w' : 'divs.w', d.eaIn(mode, reg, DATA, 2), dn(rx));
  if (opmode >= 4 && mode <= 1) {
    const src: Operand = mode === 0 ? dn(reg) : { k: 'predec', r: reg };
    const dst: Operand = mode === 0 ? dn(rx) : { k: 'predec', r: rx };
    if (opmode === 4) return out('sbcd', src, dst);
    return out(opmode === 5 ? 'pack' : 'unpk', src, dst, imm(d.s.word(), 2));
  }
  return logic(d, op, 'or');
}

/** OR/AND: <ea>,Dn (data modes) or Dn,<ea> (memory alterable modes). */
function logic(d: Decoder, op: number, name: string): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const rx = (op >> 9) & 7;
  const size = SIZES[(op >> 6) & 3]!;
  if (op & 0x100) return out(name + SUFFIX[size], dn(rx), d.eaIn(mode, reg, MEM_ALT, size));
  return out(name + SUFFIX[size], d.eaIn(mode, reg, DATA, size), dn(rx));
}

/** ADD/SUB, ADDA/SUBA, ADDX/SUBX (lines 9 and D). */
function addSub(d: Decoder, op: number): Out {
  const name = op >> 12 === 0xd ? 'add' : 'sub';
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const rx = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  if (opmode === 3 || opmode === 7) {
    const size: Size = opmode === 7 ? 4 : 2;
    return out(`${name}a${SUFFIX[size]}`, d.eaIn(mode, reg, ALL, size), an(rx));
  }
  const size = SIZES[opmode & 3]!;
  if (opmode < 4) return out(name + SUFFIX[size], d.eaIn(mode, reg, size === 1 ? DATA : ALL, size), dn(rx));
  if (mode === 0) return out(`${name}x${SUFFIX[size]}`, dn(reg), dn(rx));
  if (mode === 1) return out(`${name}x${SUFFIX[size]}`, { k: 'predec', r: reg }, { k: 'predec', r: rx });
  return out(name + SUFFIX[size], dn(rx), d.eaIn(mode, reg, MEM_ALT, size));
}

/** CMP, CMPA, CMPM, EOR. */
function lineB(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const rx = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  if (opmode === 3 || opmode === 7) {
    const size: Size = opmode === 7 ? 4 : 2;
    return out(`cmpa${SUFFIX[size]}`, d.eaIn(mode, reg, ALL, size), an(rx));
  }
  const size = SIZES[opmode & 3]!;
  if (opmode < 4) return out(`cmp${SUFFIX[size]}`, d.eaIn(mode, reg, size === 1 ? DATA : ALL, size), dn(rx));
  if (mode === 1) return out(`cmpm${SUFFIX[size]}`, { k: 'postinc', r: reg }, { k: 'postinc', r: rx });
  return out(`eor${SUFFIX[size]}`, dn(rx), d.eaIn(mode, reg, DATA_ALT, size));
}

/** AND, MULU.W/MULS.W, ABCD, EXG. */
function lineC(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const rx = (op >> 9) & 7;
  const opmode = (op >> 6) & 7;
  if (opmode === 3 || opmode === 7)
    return out(opmode === 3 ? 'mulu.w' : 'muls.w', d.eaIn(mode, reg, DATA, 2), dn(rx));
  if (opmode === 4 && mode <= 1) {
    if (mode === 0) return out('abcd', dn(reg), dn(rx));
    return out('abcd', { k: 'predec', r: reg }, { k: 'predec', r: rx });
  }
  if (opmode === 5 && mode === 0) return out('exg', dn(rx), dn(reg));
  if (opmode === 5 && mode === 1) return out('exg', an(rx), an(reg));
  if (opmode === 6 && mode === 1) return out('exg', dn(rx), an(reg));
  return logic(d, op, 'and');
}

/** Shifts and rotates (register and memory forms) and the bit-field instructions. */
function lineE(d: Decoder, op: number): Out {
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const rx = (op >> 9) & 7;
  const dir = op & 0x100 ? 'l' : 'r';
  const kinds = ['as', 'ls', 'rox', 'ro'];
  const size = SIZES[(op >> 6) & 3];
  if (size !== undefined) {
    const count = op & 0x20 ? dn(rx) : imm(rx || 8, 1, 'dec');
    return out(kinds[(op >> 3) & 3] + dir + SUFFIX[size], count, dn(reg));
  }
  if ((op & 0x800) === 0) return out(`${kinds[rx & 3]}${dir}.w`, d.eaIn(mode, reg, MEM_ALT, 2));
  return bitField(d, op);
}

const BITFIELD = ['bftst', 'bfextu', 'bfchg', 'bfexts', 'bfclr', 'bfffo', 'bfset', 'bfins'];

/**
 * BFxxx <ea>{offset:width}: Dn or a control mode (control alterable for the
 * modifying ones). The extension word's unused bits are ignored, as by the CPU.
 */
function bitField(d: Decoder, op: number): Out {
  const kind = (op >> 8) & 7;
  const mode = (op >> 3) & 7;
  const reg = op & 7;
  const modifies = kind === 2 || kind === 4 || kind === 6 || kind === 7;
  if (mode !== 0) need(mode, reg, modifies ? CTRL_ALT : CONTROL);
  const ext = d.s.word();
  const offset: BitFieldPart = ext & 0x800 ? { reg: (ext >> 6) & 7 } : { v: (ext >> 6) & 31 };
  const width: BitFieldPart = ext & 0x20 ? { reg: ext & 7 } : { v: ext & 31 || 32 };
  const field: Operand = { k: 'bitfield', ea: d.ea(mode, reg, 1), offset, width };
  const r = dn((ext >> 12) & 7);
  const name = BITFIELD[kind];
  if (kind === 7) return out(name, r, field);
  if (kind === 1 || kind === 3 || kind === 5) return out(name, field, r);
  return out(name, field);
}

// ---------------------------------------------------------------------------
// Motorola-syntax text.

/** Unsigned hexadecimal with `$`, or a plain digit below 10. */
export function hex(v: number): string {
  v >>>= 0;
  return v < 10 ? String(v) : `$${v.toString(16)}`;
}

/** Signed hexadecimal: `-$10`, `8`, `$7fff`. */
export function shex(v: number): string {
  v |= 0;
  return v < 0 ? `-${hex(-v)}` : hex(v);
}

/** a7 is shown as sp everywhere. */
export function regName(r: number): string {
  if (r < 8) return `d${r}`;
  return r === 15 ? 'sp' : `a${r - 8}`;
}

function indexText(x: IndexReg): string {
  return `${regName(x.reg)}.${x.long ? 'l' : 'w'}${x.scale ? `*${1 << x.scale}` : ''}`;
}

function indexedText(o: IndexedOperand): string {
  const base =
    o.base === 'pc' ? (o.baseSuppressed ? 'zpc' : 'pc') : o.baseSuppressed ? '' : regName(8 + o.base);
  if (o.brief) {
    const disp = o.base === 'pc' ? hex(o.bd) : shex(o.bd);
    return `(${disp},${base},${indexText(o.index!)})`;
  }
  // A displacement from a register is signed; with the base suppressed (or
  // already turned into a PC target) it is an address.
  const hasBase = base !== '' && base !== 'zpc' && o.base !== 'pc';
  const inner: string[] = [];
  if (o.bdSize !== 1) inner.push(hasBase ? shex(o.bd) : hex(o.bd));
  if (base) inner.push(base);
  const index = o.index ? indexText(o.index) : '';
  if (o.indirect === 'none') {
    if (index) inner.push(index);
    return `(${inner.length ? inner.join(',') : '0'})`;
  }
  if (o.indirect === 'pre' && index) inner.push(index);
  const parts = [`[${inner.length ? inner.join(',') : '0'}]`];
  if (o.indirect === 'post' && index) parts.push(index);
  if (o.odSize !== 1) parts.push(shex(o.od));
  return `(${parts.join(',')})`;
}

/** A MOVEM list: ranges within the data and the address registers, `d0-d3/a0/a2`. */
function regListText(mask: number): string {
  if (mask === 0) return '#0';
  const parts: string[] = [];
  for (const first of [0, 8]) {
    let i = first;
    while (i < first + 8) {
      if (!(mask & (1 << i))) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < first + 8 && mask & (1 << (j + 1))) j++;
      parts.push(j > i ? `${regName(i)}-${regName(j)}` : regName(i));
      i = j + 1;
    }
  }
  return parts.join('/');
}

function immText(o: { v: number; size: Size; style: ImmStyle }): string {
  if (o.style === 'dec') return `#${o.v}`;
  if (o.style === 'signed') {
    const bits = 32 - 8 * o.size;
    return `#${shex((o.v << bits) >> bits)}`;
  }
  return `#${hex(o.v)}`;
}

function bitFieldPartText(p: BitFieldPart): string {
  return 'reg' in p ? `d${p.reg}` : `#${p.v}`;
}

/** One operand in Motorola syntax. */
export function operandText(o: Operand): string {
  switch (o.k) {
    case 'dn':
      return `d${o.r}`;
    case 'an':
      return regName(8 + o.r);
    case 'ind':
      return `(${regName(8 + o.r)})`;
    case 'postinc':
      return `(${regName(8 + o.r)})+`;
    case 'predec':
      return `-(${regName(8 + o.r)})`;
    case 'rind':
      return `(${regName(o.r)})`;
    case 'disp':
      return `(${shex(o.d)},${regName(8 + o.r)})`;
    case 'idx':
      return indexedText(o);
    case 'absw':
      return `(${hex(o.addr)}).w`;
    case 'absl':
      return `(${hex(o.addr)}).l`;
    case 'pcdisp':
      return `(${hex(o.target)},pc)`;
    case 'imm':
      return immText(o);
    case 'addr':
      return hex(o.v);
    case 'regs':
      return regListText(o.mask);
    case 'special':
      return o.name;
    case 'bitfield':
      return `${operandText(o.ea)}{${bitFieldPartText(o.offset)}:${bitFieldPartText(o.width)}}`;
    case 'pair':
      return `${operandText(o.a)}:${operandText(o.b)}`;
    case 'fp':
      return `fp${o.r}`;
    case 'fpregs':
      return fpListText(o.mask);
    case 'fpctl':
      return ['fpcr', 'fpsr', 'fpiar'].filter((_, i) => o.mask & (4 >> i)).join('/');
    case 'fimm':
      return `#$${o.words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('')}`;
    case 'kfactor':
      return `${operandText(o.ea)}{${'reg' in o.factor ? `d${o.factor.reg}` : `#${o.factor.v}`}}`;
  }
}

/** An FMOVEM list as ranges: fp0-fp2/fp5. */
function fpListText(mask: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 8; i++) {
    if (!(mask & (1 << i))) continue;
    let j = i;
    while (j + 1 < 8 && mask & (1 << (j + 1))) j++;
    parts.push(j > i ? `fp${i}-fp${j}` : `fp${i}`);
    i = j;
  }
  return parts.join('/');
}

/** A decoded instruction as Motorola-syntax text. */
export function formatInstruction(ins: Decoded): string {
  if (ins.illegal) return `dc.w $${(ins.operands[0] as { v: number }).v.toString(16).padStart(4, '0')}`;
  if (ins.operands.length === 0) return ins.mnemonic;
  return `${ins.mnemonic} ${ins.operands.map(operandText).join(',')}`;
}

/**
 * Disassemble the instruction at `pc`, reading its words through `read16`
 * (so it works on any memory: a buffer, the emulated bus, a process image).
 * `length` is in bytes.
 */
export function disassemble(read16: (addr: number) => number, pc: number): { text: string; length: number } {
  const ins = decodeInstruction(read16, pc);
  return { text: formatInstruction(ins), length: ins.length };
}

export interface ListingLine {
  /** Address of the instruction. */
  addr: number;
  /** Its words, as read. */
  words: number[];
  /** A final odd byte of the buffer (then `words` is empty). */
  byte?: number;
  text: string;
}

/**
 * Disassemble `bytes` loaded at address `base`, from byte offset `start` for
 * at most `count` instructions (default: to the end). An instruction that
 * would run past the end of the buffer is shown as `dc.w` of its first word,
 * and an odd final byte as `dc.b`.
 */
export function disassembleBuffer(
  bytes: Uint8Array,
  base: number,
  start = 0,
  count = Infinity,
): ListingLine[] {
  const end = bytes.length & ~1;
  const read16 = (addr: number): number => {
    const off = (addr - base) >>> 0;
    return off + 1 < end ? (bytes[off] << 8) | bytes[off + 1] : 0;
  };
  const lines: ListingLine[] = [];
  let off = start & ~1;
  while (off + 2 <= end && lines.length < count) {
    const addr = (base + off) >>> 0;
    let { text, length } = disassemble(read16, addr);
    if (off + length > end) {
      text = `dc.w $${read16(addr).toString(16).padStart(4, '0')}`;
      length = 2;
    }
    const words: number[] = [];
    for (let i = 0; i < length; i += 2) words.push(read16((addr + i) >>> 0));
    lines.push({ addr, words, text });
    off += length;
  }
  if (off === end && end < bytes.length && lines.length < count) {
    const byte = bytes[end];
    lines.push({
      addr: (base + end) >>> 0,
      words: [],
      byte,
      text: `dc.b $${byte.toString(16).padStart(2, '0')}`,
    });
  }
  return lines;
}

/**
 * A listing line as `address: hex words   text`. The text column leaves room
 * for five words (e.g. `move.l #imm,(abs).l`); longer instructions push it
 * right.
 */
export function formatListingLine(line: ListingLine): string {
  const addr = line.addr.toString(16).padStart(8, '0');
  const hexWords =
    line.byte === undefined
      ? line.words.map((w) => w.toString(16).padStart(4, '0')).join(' ')
      : line.byte.toString(16).padStart(2, '0');
  return `${addr}: ${hexWords.padEnd(24)}  ${line.text}`;
}
