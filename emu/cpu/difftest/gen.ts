/**
 * Random test cases for the differential tester.
 *
 * A case is a short piece of 68020 assembler (usually one instruction, now
 * and then followed by one or two register-only instructions that consume
 * its flags) together with the complete state it starts from: D0-D7, A0-A7,
 * the CCR, the contents of the 256-byte scratch area and of a 32-byte
 * constant block placed in the program text right before the instruction.
 *
 * The generator guarantees that every memory access of the instruction falls
 * in the scratch area (or, for PC-relative reads, the constant block): for
 * each memory operand it first picks the bytes to touch and then solves the
 * addressing mode's arithmetic for whatever is still free (a base or index
 * register, a displacement, the pointer planted for a memory-indirect mode).
 * When the registers an operand needs already hold values that make that
 * impossible, the whole case is drawn again. Likewise it keeps away from
 * traps: divisors are non-zero, CHK/CHK2 operands in bounds, TRAPcc
 * conditions false.
 */
import { CDATA_SIZE, SCRATCH_BASE, SCRATCH_SIZE } from './layout.js';
import type { Rng } from './rng.js';

export type Size = 1 | 2 | 4;

/** One generated case. */
export interface GenCase {
  index: number;
  family: string;
  /** The instructions under test, in GNU as (Motorola) syntax; may include labels. */
  lines: string[];
  /** Initial D0-D7, A0-A7 (0 where regSym gives a symbolic value). */
  regs: Int32Array;
  /** Initial register values that are code addresses, as assembler expressions. */
  regSym: (string | undefined)[];
  ccr: number;
  /** Initial scratch area (at SCRATCH_BASE). */
  mem: Uint8Array;
  /** The constant block in the text before the instructions. */
  cdata: Uint8Array;
  /** Longs of the constant block that hold code addresses. */
  cdSym: { off: number; expr: string }[];
  /** CCR bits whose final values are defined by the manual (compared). */
  ccrMask: number;
  /** Division: when V ends up set, N and Z are undefined (MC68020 UM DIVS/DIVU). */
  divide: boolean;
}

const SUFFIX = { 1: 'b', 2: 'w', 4: 'l' } as const;
const CC = ['t', 'f', 'hi', 'ls', 'cc', 'cs', 'ne', 'eq', 'vc', 'vs', 'pl', 'mi', 'ge', 'lt', 'gt', 'le'];
const FLAG_N = 8;
const FLAG_Z = 4;
const FLAG_V = 2;
const FLAG_C = 1;

/** Is condition `cc` (0-15) true for the condition codes `ccr`? */
export function ccTrue(ccr: number, cc: number): boolean {
  const c = ccr & 1;
  const v = (ccr >> 1) & 1;
  const z = (ccr >> 2) & 1;
  const n = (ccr >> 3) & 1;
  switch (cc) {
    case 0:
      return true;
    case 1:
      return false;
    case 2:
      return !c && !z;
    case 3:
      return !!(c || z);
    case 4:
      return !c;
    case 5:
      return !!c;
    case 6:
      return !z;
    case 7:
      return !!z;
    case 8:
      return !v;
    case 9:
      return !!v;
    case 10:
      return !n;
    case 11:
      return !!n;
    case 12:
      return n === v;
    case 13:
      return n !== v;
    case 14:
      return !z && n === v;
    default:
      return !!z || n !== v;
  }
}

// ---------------------------------------------------------------- addressing modes

type Kind =
  | 'dn'
  | 'an'
  | 'ind'
  | 'postinc'
  | 'predec'
  | 'disp'
  | 'index'
  | 'full'
  | 'absw'
  | 'absl'
  | 'pcdisp'
  | 'pcindex'
  | 'pcfull'
  | 'zpc'
  | 'imm';

const WEIGHT: Record<Kind, number> = {
  dn: 8,
  an: 4,
  ind: 3,
  postinc: 3,
  predec: 3,
  disp: 3,
  index: 4,
  full: 6,
  absw: 1,
  absl: 1,
  pcdisp: 1,
  pcindex: 2,
  pcfull: 3,
  zpc: 1,
  imm: 4,
};

const DATA_ALT: Kind[] = ['dn', 'ind', 'postinc', 'predec', 'disp', 'index', 'full', 'absw', 'absl'];
const MEM_ALT: Kind[] = DATA_ALT.filter((k) => k !== 'dn');
const ALTERABLE: Kind[] = [...DATA_ALT, 'an'];
const PC_KINDS: Kind[] = ['pcdisp', 'pcindex', 'pcfull', 'zpc'];
const DATA: Kind[] = [...DATA_ALT, ...PC_KINDS, 'imm'];
const DATA_NOIMM: Kind[] = [...DATA_ALT, ...PC_KINDS];
const ALL: Kind[] = [...DATA, 'an'];
const CTRL_ALT: Kind[] = ['ind', 'disp', 'index', 'full', 'absw', 'absl'];
const CONTROL: Kind[] = [...CTRL_ALT, ...PC_KINDS];

const noAn = (size: Size, kinds: Kind[]): Kind[] => (size === 1 ? kinds.filter((k) => k !== 'an') : kinds);

type Space = 'mem' | 'cd';

/** An operand as generated: its text, and where a memory operand's bytes are. */
export interface Opnd {
  text: string;
  kind: Kind;
  /** Register number (0-15) for Dn/An. */
  reg: number;
  /** Address (mem: absolute; cd: offset in the constant block) of a memory operand. */
  addr: number;
  space: Space | null;
  imm: number;
}

interface Term {
  reg: number;
  scale: number;
  word: boolean;
}

interface EaOpts {
  /** Bytes accessed from the effective address on (default: the size). */
  span?: number;
  /** Bytes the bytes accessed start after the effective address (bit fields). */
  shift?: number;
  /** Register step for (An)+ and -(An) (default: size; 2 for bytes on A7). */
  incr?: number;
  /** Address register to use for single-register modes. */
  reg?: number;
  /** Immediate: never 0. */
  nonzero?: boolean;
}

/** Where the accessible memory lies: a little margin on each side of the scratch area. */
const MEM_LO = SCRATCH_BASE + 8;
const MEM_END = SCRATCH_BASE + SCRATCH_SIZE - 8;

class Retry {}
const RETRY = new Retry();
function retry(): never {
  throw RETRY;
}

const SPECIALS = [
  0, 1, -1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, -0x80000000, 0x55555555,
  -0x55555556, 0x00ff00ff, 0x12345678,
];

export const regName = (r: number): string => (r < 8 ? `%d${r}` : `%a${r - 8}`);
const signed = (n: number): string => (n < 0 ? `${n}` : `+${n}`);
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const sext16 = (v: number): number => (v << 16) >> 16;
const isBcd = (b: number): boolean => (b & 0x0f) < 10 && b >> 4 < 10;
const log2 = (s: number): number => (s === 8 ? 3 : s === 4 ? 2 : s === 2 ? 1 : 0);

/** The state of one case under construction. */
class Builder {
  readonly val: (number | undefined)[] = new Array(16).fill(undefined);
  readonly delta = new Int32Array(16);
  readonly sym: (string | undefined)[] = new Array(16).fill(undefined);
  readonly mem = new Uint8Array(SCRATCH_SIZE);
  readonly memFixed = new Uint8Array(SCRATCH_SIZE);
  readonly cdata = new Uint8Array(CDATA_SIZE);
  readonly cdFixed = new Uint8Array(CDATA_SIZE);
  readonly cdSym: { off: number; expr: string }[] = [];
  readonly lines: string[] = [];
  ccr: number;
  undefFlags = 0;
  divide = false;
  /** The case may be followed by register-only instructions that use its flags. */
  followable = true;
  private labels = 0;
  readonly cd: string;

  constructor(
    readonly r: Rng,
    readonly index: number,
  ) {
    this.cd = `C${index}`;
    const fill = r.below(6);
    for (let i = 0; i < SCRATCH_SIZE; i++) {
      const x = r.u32() & 0xff;
      this.mem[i] = fill === 0 ? (x < 160 ? 0 : x) : fill === 1 ? (x < 100 ? 0xff : x) : x;
    }
    for (let i = 0; i < CDATA_SIZE; i++) this.cdata[i] = r.u32() & 0xff;
    this.ccr = r.below(32);
    this.val[15] = SCRATCH_BASE + 0x40 + 2 * r.below(65);
  }

  label(): string {
    return `L${this.index}_${this.labels++}`;
  }

  emit(line: string): void {
    this.lines.push(line);
  }

  // ---------------------------------------------------------------- values

  randomValue(): number {
    const r = this.r;
    switch (r.below(9)) {
      case 0:
        return r.pick(SPECIALS) | 0;
      case 1:
        return r.range(-20, 20);
      case 2:
        return r.range(0, 255);
      case 3:
        return (r.u32() & ~0xffff) | r.pick([0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0xff80]);
      case 4:
        return r.u32() & 0xffff;
      default:
        return r.u32();
    }
  }

  randImm(size: Size, nonzero = false): number {
    const m = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
    for (;;) {
      const v = this.randomValue() & m;
      if (!nonzero || v !== 0) return v;
    }
  }

  randDisp(bits: number): number {
    const r = this.r;
    if (bits === 8) return r.range(-128, 127);
    if (bits === 16) return r.chance(0.6) ? r.range(-300, 300) : r.range(-32768, 32767);
    if (bits === 32) return r.chance(0.5) ? r.range(-1000, 1000) : r.u32();
    return 0;
  }

  /** A byte of two valid BCD digits. */
  bcdByte(): number {
    return this.r.below(10) * 16 + this.r.below(10);
  }

  /**
   * Make a BCD operand hold valid digits: the manual defines ABCD, SBCD
   * and NBCD only for them (MC68020 UM: "binary-coded decimal" operands).
   */
  validBcd(op: Opnd): void {
    if (op.space === null) {
      this.setIfFree(op.reg, () => (this.r.u32() & ~0xff) | this.bcdByte());
      if (!isBcd(this.get(op.reg) & 0xff)) retry();
    } else {
      if (!this.fixed(op.space, op.addr, 1)) this.poke(op.space, op.addr, 1, this.bcdByte());
      if (!isBcd(this.peek(op.space, op.addr, 1))) retry();
    }
  }

  isFree(reg: number): boolean {
    return this.val[reg] === undefined && this.sym[reg] === undefined;
  }

  /** The current value of a register, giving a free one a random value. */
  get(reg: number): number {
    if (this.sym[reg] !== undefined) retry();
    let v = this.val[reg];
    if (v === undefined) {
      v = this.randomValue();
      this.val[reg] = v;
    }
    return v;
  }

  /** Give a free register a value (or make sure a set one agrees with `ok`). */
  setIfFree(reg: number, make: () => number): number {
    if (this.isFree(reg)) this.val[reg] = make() | 0;
    return this.get(reg);
  }

  bump(reg: number, by: number): void {
    this.val[reg] = ((this.val[reg] ?? 0) + by) | 0;
    this.delta[reg] += by;
  }

  pickD(): number {
    return this.r.below(8);
  }
  pickA(): number {
    return 8 + this.r.below(8);
  }
  pickAny(): number {
    return this.r.below(16);
  }

  // ---------------------------------------------------------------- memory images

  private image(space: Space): [Uint8Array, Uint8Array, number] {
    return space === 'mem' ? [this.mem, this.memFixed, SCRATCH_BASE] : [this.cdata, this.cdFixed, 0];
  }

  peek(space: Space, addr: number, size: number): number {
    const [m, , base] = this.image(space);
    let v = 0;
    for (let i = 0; i < size; i++) v = (v << 8) | m[addr - base + i];
    return size === 4 ? v | 0 : v;
  }

  fixed(space: Space, addr: number, size: number): boolean {
    const [, f, base] = this.image(space);
    for (let i = 0; i < size; i++) if (f[addr - base + i]) return true;
    return false;
  }

  /** Set bytes of the initial image; bytes already planted must agree. */
  poke(space: Space, addr: number, size: number, value: number): void {
    const [m, f, base] = this.image(space);
    const o = addr - base;
    if (o < 0 || o + size > m.length) retry();
    for (let i = 0; i < size; i++) {
      const byte = (value >>> (8 * (size - 1 - i))) & 0xff;
      if (f[o + i] && m[o + i] !== byte) retry();
      m[o + i] = byte;
      f[o + i] = 1;
    }
  }

  /** The value an operand reads (registers and immediates too), zero-extended. */
  readValue(op: Opnd, size: Size): number {
    const m = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
    if (op.kind === 'imm') return op.imm & m;
    if (op.space === null) return this.get(op.reg) & m;
    return this.peek(op.space, op.addr, size) & m;
  }

  /** Make an operand's value non-zero (for divisors). */
  nonZero(op: Opnd, size: Size): void {
    const m = size === 4 ? -1 : size === 2 ? 0xffff : 0xff;
    if (op.kind === 'imm') {
      if ((op.imm & m) === 0) retry();
      return;
    }
    if (op.space === null) {
      if (this.isFree(op.reg)) this.val[op.reg] = this.randImm(4, true) | (m === -1 ? 0 : this.r.u32() & ~m);
      if ((this.get(op.reg) & m) === 0) retry();
      return;
    }
    if (this.peek(op.space, op.addr, size) !== 0) return;
    this.poke(op.space, op.addr, size, this.randImm(size, true));
  }

  // ---------------------------------------------------------------- address arithmetic

  private termValue(t: Term): number {
    const v = this.get(t.reg);
    return Math.imul(t.word ? sext16(v) : v, t.scale);
  }

  /**
   * Choose an effective address in [lo, hi] of the form
   * sum(terms) + displacement, assigning free registers and the displacement
   * (of `dispBits`: 0 none, 8, 16 or 32). Returns the address and the
   * displacement. `anyIndex` allows large index values when something wide
   * absorbs them.
   */
  solve(
    lo: number,
    hi: number,
    terms: Term[],
    dispBits: number,
    anyIndex: boolean,
  ): { ea: number; disp: number } {
    if (hi < lo) retry();
    for (const t of terms) if (this.sym[t.reg] !== undefined) retry();
    // A free register used twice gets a value first: one unknown per term only.
    for (let i = 0; i < terms.length; i++)
      for (let j = i + 1; j < terms.length; j++)
        if (terms[i].reg === terms[j].reg && this.isFree(terms[i].reg))
          this.val[terms[i].reg] = this.r.chance(0.5) ? this.r.range(MEM_LO, MEM_END) : this.randomValue();
    const DISP = -2;
    const NONE = -3;
    let solver = NONE;
    if (dispBits === 32) solver = DISP;
    else {
      const bi = terms.findIndex((t) => t.scale === 1 && !t.word && this.isFree(t.reg));
      if (bi >= 0) solver = bi;
      else if (dispBits === 16) solver = DISP;
      else {
        const ii = terms.findIndex((t) => this.isFree(t.reg));
        if (ii >= 0) solver = ii;
        else if (dispBits === 8) solver = DISP;
      }
    }
    const wide =
      solver === DISP ? dispBits === 32 : solver >= 0 && terms[solver].scale === 1 && !terms[solver].word;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      if (i === solver || !this.isFree(t.reg)) continue;
      let v = wide && anyIndex && this.r.chance(0.5) ? this.r.u32() : this.r.range(-24, 24);
      if (t.word) v = (this.r.u32() & ~0xffff) | (v & 0xffff);
      this.val[t.reg] = v | 0;
    }
    let disp = solver !== DISP && dispBits ? this.randDisp(dispBits) : 0;
    let sum = disp;
    for (let i = 0; i < terms.length; i++) if (i !== solver) sum = (sum + this.termValue(terms[i])) | 0;
    if (solver === NONE) {
      if (sum < lo || sum > hi) retry();
      return { ea: sum, disp };
    }
    let ea = this.r.range(lo, hi);
    let need = (ea - sum) | 0;
    if (solver === DISP) {
      if (dispBits === 8 && (need < -128 || need > 127)) retry();
      if (dispBits === 16 && (need < -32768 || need > 32767)) retry();
      disp = need;
      return { ea, disp };
    }
    const t = terms[solver];
    const rem = need & (t.scale - 1);
    if (rem) {
      ea -= rem;
      need -= rem;
      if (ea < lo) retry();
    }
    let v = need >> log2(t.scale);
    if (t.word) {
      if (v < -32768 || v > 32767) retry();
      v = (this.r.u32() & ~0xffff) | (v & 0xffff);
    }
    this.val[t.reg] = v | 0;
    return { ea, disp };
  }

  /** Make register `reg` point at `size` accessible bytes (CAS2, UNLK). */
  pointer(reg: number, size: number): number {
    return this.solve(MEM_LO, MEM_END - size, [{ reg, scale: 1, word: false }], 0, false).ea;
  }

  // ---------------------------------------------------------------- operands

  ea(kinds: readonly Kind[], size: Size, o: EaOpts = {}): Opnd {
    const kind = this.r.weighted(
      kinds,
      kinds.map((k) => WEIGHT[k]),
    );
    return this.eaOf(kind, size, o);
  }

  private regOp(kind: Kind, reg: number): Opnd {
    return { text: regName(reg), kind, reg, addr: 0, space: null, imm: 0 };
  }

  private memOp(kind: Kind, text: string, addr: number, space: Space = 'mem'): Opnd {
    return { text, kind, reg: -1, addr, space, imm: 0 };
  }

  eaOf(kind: Kind, size: Size, o: EaOpts = {}): Opnd {
    const span = o.span ?? size;
    const shift = o.shift ?? 0;
    const lo = MEM_LO - shift;
    const hi = MEM_END - span - shift;
    switch (kind) {
      case 'dn':
        return this.regOp(kind, this.pickD());
      case 'an':
        return this.regOp(kind, this.pickA());
      case 'ind': {
        const reg = o.reg ?? this.pickA();
        const { ea } = this.solve(lo, hi, [{ reg, scale: 1, word: false }], 0, false);
        return this.memOp(kind, `(${regName(reg)})`, ea + shift);
      }
      case 'postinc': {
        const reg = o.reg ?? this.pickA();
        const step = o.incr ?? (size === 1 && reg === 15 ? 2 : size);
        const { ea } = this.solve(lo, hi, [{ reg, scale: 1, word: false }], 0, false);
        this.bump(reg, step);
        return this.memOp(kind, `(${regName(reg)})+`, ea);
      }
      case 'predec': {
        const reg = o.reg ?? this.pickA();
        const step = o.incr ?? (size === 1 && reg === 15 ? 2 : size);
        const { ea } = this.solve(lo + step, hi + step, [{ reg, scale: 1, word: false }], 0, false);
        this.bump(reg, -step);
        return this.memOp(kind, `-(${regName(reg)})`, ea - step);
      }
      case 'disp': {
        const reg = o.reg ?? this.pickA();
        const { ea, disp } = this.solve(lo, hi, [{ reg, scale: 1, word: false }], 16, false);
        return this.memOp(kind, `(${disp},${regName(reg)})`, ea + shift);
      }
      case 'index': {
        const base = this.pickA();
        const idx: Term = { reg: this.pickAny(), scale: this.r.pick([1, 2, 4, 8]), word: this.r.chance(0.4) };
        const { ea, disp } = this.solve(lo, hi, [{ reg: base, scale: 1, word: false }, idx], 8, true);
        return this.memOp(kind, `(${disp},${regName(base)},${this.idxText(idx)})`, ea + shift);
      }
      case 'full':
        return this.full(this.r.chance(0.25) ? 'za' : 'an', span, shift);
      case 'pcfull':
        return this.full('pc', span, shift);
      case 'zpc':
        return this.full('zpc', span, shift);
      case 'absw': {
        const ea = this.r.range(lo, hi);
        if (ea < -32768 || ea > 32767) retry();
        return this.memOp(kind, `(${hex(ea & 0xffff)}).w`, ea + shift);
      }
      case 'absl': {
        const ea = this.r.range(lo, hi);
        return this.memOp(kind, `(${hex(ea)}).l`, ea + shift);
      }
      case 'pcdisp': {
        const off = this.r.range(-shift, CDATA_SIZE - span - shift);
        if (CDATA_SIZE - span - shift < -shift) retry();
        return this.memOp(kind, `(${this.cd}${signed(off)},%pc)`, off + shift, 'cd');
      }
      case 'pcindex': {
        const idx: Term = { reg: this.pickAny(), scale: this.r.pick([1, 2, 4, 8]), word: this.r.chance(0.4) };
        const { ea, disp } = this.solve(-shift, CDATA_SIZE - span - shift, [idx], 32, false);
        if (disp < -0x100000 || disp > 0x100000) retry();
        // GNU as rejects a PC-indexed operand whose 8-bit displacement comes
        // out as 0 ("invalid byte branch offset"): keep clear of that.
        if (disp > CDATA_SIZE && disp < CDATA_SIZE + 16) retry();
        return this.memOp(kind, `(${this.cd}${signed(disp)},%pc,${this.idxText(idx)})`, ea + shift, 'cd');
      }
      default: {
        const v = this.randImm(size, o.nonzero);
        return { text: `#${hex(v)}`, kind, reg: -1, addr: 0, space: null, imm: v };
      }
    }
  }

  idxText(t: Term): string {
    return `${regName(t.reg)}.${t.word ? 'w' : 'l'}*${t.scale}`;
  }

  /** The 68020 full extension word forms, with or without memory indirection. */
  private full(base: 'an' | 'za' | 'pc' | 'zpc', span: number, shift: number): Opnd {
    const r = this.r;
    const idx: Term | null = r.chance(0.7)
      ? { reg: this.pickAny(), scale: r.pick([1, 2, 4, 8]), word: r.chance(0.4) }
      : null;
    let indir = r.weighted(['none', 'pre', 'post'] as const, [2, 3, 3]);
    if (indir === 'post' && !idx) indir = 'pre';
    const baseReg = base === 'an' ? this.pickA() : -1;
    const bdBits = base === 'pc' ? 32 : indir === 'none' ? r.pick([16, 32]) : r.pick([0, 16, 32]);
    const slotSpace: Space = base === 'pc' ? 'cd' : 'mem';
    const terms: Term[] = [];
    if (baseReg >= 0) terms.push({ reg: baseReg, scale: 1, word: false });
    if (idx && indir !== 'post') terms.push(idx);
    let lo: number;
    let hi: number;
    if (indir === 'none') {
      lo = (slotSpace === 'mem' ? MEM_LO : 0) - shift;
      hi = (slotSpace === 'mem' ? MEM_END : CDATA_SIZE) - span - shift;
    } else {
      lo = slotSpace === 'mem' ? MEM_LO : 0;
      hi = (slotSpace === 'mem' ? MEM_END : CDATA_SIZE) - 4;
    }
    const { ea: a1, disp: bd } = this.solve(lo, hi, terms, bdBits, true);
    if (base === 'pc' && (bd < -0x100000 || bd > 0x100000)) retry();
    let final = a1 + shift;
    let finalSpace = slotSpace;
    let odBits = 0;
    let od = 0;
    if (indir !== 'none') {
      odBits = r.pick([0, 16, 32]);
      od = this.randDisp(odBits);
      const ip = indir === 'post' && idx ? this.termValue(idx) : 0;
      const t = r.range(MEM_LO - shift, MEM_END - span - shift);
      this.poke(slotSpace, a1, 4, (t - od - ip) | 0);
      final = t + shift;
      finalSpace = 'mem';
    }
    const baseTxt =
      base === 'an' ? regName(baseReg) : base === 'za' ? `%za${r.below(8)}` : base === 'pc' ? '%pc' : '%zpc';
    const bdTxt =
      base === 'pc' ? `${this.cd}${signed(bd)}.l` : bdBits === 0 ? '' : `${bd}.${bdBits === 16 ? 'w' : 'l'}`;
    const idxTxt = idx ? this.idxText(idx) : '';
    const odTxt = odBits ? `,${od}.${odBits === 16 ? 'w' : 'l'}` : '';
    const join = (parts: string[]) => parts.filter((p) => p !== '').join(',');
    let text: string;
    if (indir === 'none') text = `(${join([bdTxt, baseTxt, idxTxt])})`;
    else if (indir === 'pre') text = `([${join([bdTxt, baseTxt, idxTxt])}]${odTxt})`;
    else text = `([${join([bdTxt, baseTxt])}],${idxTxt}${odTxt})`;
    const kind: Kind = base === 'pc' ? 'pcfull' : base === 'zpc' ? 'zpc' : 'full';
    return this.memOp(kind, text, final, finalSpace);
  }

  // ---------------------------------------------------------------- result

  finish(family: string): GenCase {
    const regs = new Int32Array(16);
    const regSym: (string | undefined)[] = new Array(16).fill(undefined);
    for (let i = 0; i < 16; i++) {
      if (this.sym[i] !== undefined) regSym[i] = this.sym[i];
      else regs[i] = ((this.val[i] ?? this.randomValue()) - this.delta[i]) | 0;
    }
    return {
      index: this.index,
      family,
      lines: this.lines,
      regs,
      regSym,
      ccr: this.ccr,
      mem: this.mem,
      cdata: this.cdata,
      cdSym: this.cdSym,
      ccrMask: 0x1f & ~this.undefFlags,
      divide: this.divide,
    };
  }
}

// ---------------------------------------------------------------- instruction families

type Family = (b: Builder) => void;

const size3 = (b: Builder): Size => b.r.pick([1, 2, 4] as const);
const size2 = (b: Builder): Size => b.r.pick([2, 4] as const);

const move: Family = (b) => {
  const s = size3(b);
  const src = b.ea(noAn(s, ALL), s);
  const dst = b.ea(DATA_ALT, s);
  b.emit(`move.${SUFFIX[s]} ${src.text},${dst.text}`);
};

const movea: Family = (b) => {
  const s = size2(b);
  const src = b.ea(ALL, s);
  b.emit(`movea.${SUFFIX[s]} ${src.text},${regName(b.pickA())}`);
};

const moveq: Family = (b) => {
  b.emit(`moveq #${b.r.range(-128, 127)},${regName(b.pickD())}`);
};

const arith: Family = (b) => {
  const op = b.r.pick(['add', 'sub', 'and', 'or', 'cmp', 'eor']);
  const s = size3(b);
  const toReg = op !== 'eor' && (op === 'cmp' || b.r.chance(0.5));
  if (toReg) {
    const src = b.ea(op === 'and' || op === 'or' ? DATA : noAn(s, ALL), s);
    b.emit(`${op}.${SUFFIX[s]} ${src.text},${regName(b.pickD())}`);
  } else {
    const d = b.pickD();
    const dst = b.ea(op === 'eor' ? DATA_ALT : MEM_ALT, s);
    b.emit(`${op}.${SUFFIX[s]} ${regName(d)},${dst.text}`);
  }
};

const addressArith: Family = (b) => {
  const op = b.r.pick(['adda', 'suba', 'cmpa']);
  const s = size2(b);
  const src = b.ea(ALL, s);
  b.emit(`${op}.${SUFFIX[s]} ${src.text},${regName(b.pickA())}`);
};

const immediate: Family = (b) => {
  const op = b.r.pick(['addi', 'subi', 'andi', 'ori', 'eori', 'cmpi']);
  const s = size3(b);
  const v = b.randImm(s);
  const dst = b.ea(op === 'cmpi' ? DATA_NOIMM : DATA_ALT, s);
  b.emit(`${op}.${SUFFIX[s]} #${hex(v)},${dst.text}`);
};

const quick: Family = (b) => {
  const op = b.r.pick(['addq', 'subq']);
  const s = size3(b);
  const dst = b.ea(s === 1 ? DATA_ALT : ALTERABLE, s);
  b.emit(`${op}.${SUFFIX[s]} #${b.r.range(1, 8)},${dst.text}`);
};

/**
 * An address register for the two-memory-operand instructions (ADDX, SUBX,
 * CMPM, ABCD, SBCD). QEMU deviation (docs/difftest.md): QEMU 7.2 steps A7 by
 * 1 for their byte forms; byte accesses through A7 step it by 2 (PRM 2.2.4,
 * 2.2.5). So A7 is used only for word and long.
 */
function noA7(b: Builder, size: Size): number {
  return 8 + b.r.below(size === 1 ? 7 : 8);
}

const extended: Family = (b) => {
  const op = b.r.pick(['addx', 'subx', 'negx']);
  const s = size3(b);
  if (op === 'negx') {
    b.emit(`negx.${SUFFIX[s]} ${b.ea(DATA_ALT, s).text}`);
  } else if (b.r.chance(0.5)) {
    b.emit(`${op}.${SUFFIX[s]} ${regName(b.pickD())},${regName(b.pickD())}`);
  } else {
    const src = b.eaOf('predec', s, { reg: noA7(b, s) });
    const dst = b.eaOf('predec', s, { reg: noA7(b, s) });
    b.emit(`${op}.${SUFFIX[s]} ${src.text},${dst.text}`);
  }
};

const cmpm: Family = (b) => {
  const s = size3(b);
  const src = b.eaOf('postinc', s, { reg: noA7(b, s) });
  const dst = b.eaOf('postinc', s, { reg: noA7(b, s) });
  b.emit(`cmpm.${SUFFIX[s]} ${src.text},${dst.text}`);
};

const unary: Family = (b) => {
  const op = b.r.pick(['neg', 'not', 'clr', 'tst']);
  const s = size3(b);
  const o = b.ea(op === 'tst' ? noAn(s, ALL) : DATA_ALT, s);
  b.emit(`${op}.${SUFFIX[s]} ${o.text}`);
};

const mulWord: Family = (b) => {
  const op = b.r.pick(['mulu', 'muls']);
  const src = b.ea(DATA, 2);
  b.emit(`${op}.w ${src.text},${regName(b.pickD())}`);
};

const mulLong: Family = (b) => {
  const op = b.r.pick(['mulu', 'muls']);
  const src = b.ea(DATA, 4);
  const dl = b.pickD();
  if (b.r.chance(0.5)) {
    b.emit(`${op}.l ${src.text},${regName(dl)}`);
  } else {
    const dh = b.pickD();
    if (dh === dl) retry(); // Dh = Dl: result undefined (MC68020 UM MULS/MULU)
    b.emit(`${op}.l ${src.text},${regName(dh)}:${regName(dl)}`);
  }
};

/** A dividend that gives a quotient in range about half the time. */
function dividend(b: Builder, divisor: number, signed: boolean, qmax: number): number {
  const q = b.r.range(0, qmax);
  const rem = b.r.below(Math.max(1, Math.abs(divisor)));
  let v = q * Math.abs(divisor) + rem;
  if (signed && b.r.chance(0.5)) v = -v;
  return v | 0;
}

const divWord: Family = (b) => {
  const op = b.r.pick(['divu', 'divs']);
  const src = b.ea(DATA, 2, { nonzero: true });
  b.nonZero(src, 2);
  const dn = b.pickD();
  const dv = b.readValue(src, 2);
  if (b.r.chance(0.6))
    b.setIfFree(dn, () =>
      dividend(b, op === 'divs' ? sext16(dv) : dv, op === 'divs', op === 'divs' ? 0x7fff : 0xffff),
    );
  // QEMU deviation: -2^31 / -1 kills QEMU with SIGFPE (see noHostTrap in divLong).
  if (op === 'divs' && sext16(dv) === -1 && b.get(dn) === -0x80000000) retry();
  b.emit(`${op}.w ${src.text},${regName(dn)}`);
  b.divide = true;
};

const divLong: Family = (b) => {
  const op = b.r.pick(['divu', 'divs']);
  const sgn = op === 'divs';
  const src = b.ea(DATA, 4, { nonzero: true });
  b.nonZero(src, 4);
  const dv = b.readValue(src, 4);
  const dq = b.pickD();
  const form = b.r.pick(['q', '64', '32']);
  // QEMU deviation (docs/difftest.md): QEMU 7.2 dies with SIGFPE (its host's
  // divide trap) on DIVS with a 32-bit dividend of -2^31 and a divisor of -1;
  // the manual (DIVS: overflow sets V and leaves the operands) has no trap.
  const noHostTrap = (): void => {
    if (sgn && dv === -1 && b.get(dq) === -0x80000000) retry();
  };
  if (form === 'q') {
    noHostTrap();
    if (b.r.chance(0.3)) b.setIfFree(dq, () => dividend(b, dv, sgn, 0x7fffffff));
    b.emit(`${op}.l ${src.text},${regName(dq)}`);
  } else {
    const dr = b.pickD();
    if (dr === dq) retry(); // Dr = Dq: only with the 32-bit form without remainder
    if (form === '64') {
      if (b.r.chance(0.6))
        b.setIfFree(dr, () => (sgn ? (b.r.chance(0.5) ? 0 : -1) : b.r.below(Math.max(1, dv >>> 1))));
      b.emit(`${op}.l ${src.text},${regName(dr)}:${regName(dq)}`);
    } else {
      noHostTrap();
      b.emit(`${op}l.l ${src.text},${regName(dr)}:${regName(dq)}`);
    }
  }
  b.divide = true;
};

const SHIFTS = ['asl', 'asr', 'lsl', 'lsr', 'rol', 'ror', 'roxl', 'roxr'];

const shiftReg: Family = (b) => {
  const op = b.r.pick(SHIFTS);
  const s = size3(b);
  const c = b.pickD();
  if (b.r.chance(0.6)) b.setIfFree(c, () => (b.r.u32() & ~63) | b.r.below(64));
  b.emit(`${op}.${SUFFIX[s]} ${regName(c)},${regName(b.pickD())}`);
};

const shiftImm: Family = (b) => {
  const op = b.r.pick(SHIFTS);
  const s = size3(b);
  b.emit(`${op}.${SUFFIX[s]} #${b.r.range(1, 8)},${regName(b.pickD())}`);
};

const shiftMem: Family = (b) => {
  const op = b.r.pick(SHIFTS);
  const dst = b.ea(MEM_ALT, 2);
  const space = dst.space as Space;
  if (op === 'lsr' || op === 'asr' || op === 'asl') {
    // QEMU deviations (docs/difftest.md): QEMU 7.2 swaps memory ASR and LSR
    // (PRM ASL/ASR: the sign bit is replicated; LSL/LSR: a zero enters the
    // high bit) and never sets V for memory ASL (PRM ASL/ASR: V set if the
    // most significant bit changes). Only operands for which QEMU's results
    // are right are generated: bit 15 clear for ASR and LSR, bits 15 and 14
    // equal for ASL.
    const ok = (w: number): boolean => (op === 'asl' ? w >> 15 === ((w >> 14) & 1) : w < 0x8000);
    if (!b.fixed(space, dst.addr, 2)) {
      const w = b.peek(space, dst.addr, 2);
      if (!ok(w)) b.poke(space, dst.addr, 2, op === 'asl' ? w ^ 0x4000 : w & 0x7fff);
    }
    if (!ok(b.peek(space, dst.addr, 2))) retry();
  }
  b.emit(`${op}.w ${dst.text}`);
};

const bitOp: Family = (b) => {
  const op = b.r.pick(['btst', 'bchg', 'bclr', 'bset']);
  if (b.r.chance(0.5)) {
    const n = b.pickD();
    if (b.r.chance(0.5)) b.setIfFree(n, () => (b.r.u32() & ~63) | b.r.below(64));
    const dst = b.ea(op === 'btst' ? DATA : DATA_ALT, 1);
    b.emit(`${op} ${regName(n)},${dst.text}`);
  } else {
    const dst = b.ea(op === 'btst' ? DATA_NOIMM : DATA_ALT, 1);
    const n = dst.kind === 'dn' ? b.r.below(64) : b.r.below(16);
    b.emit(`${op} #${n},${dst.text}`);
  }
};

/** BCD on valid digits only. N and V are undefined (MC68020 UM ABCD, SBCD, NBCD condition codes). */
const bcd: Family = (b) => {
  const op = b.r.pick(['abcd', 'sbcd']);
  b.undefFlags |= FLAG_N | FLAG_V;
  const mem = b.r.chance(0.5);
  const src = mem ? b.eaOf('predec', 1, { reg: noA7(b, 1) }) : b.eaOf('dn', 1);
  b.validBcd(src);
  const dst = mem ? b.eaOf('predec', 1, { reg: noA7(b, 1) }) : b.eaOf('dn', 1);
  b.validBcd(dst);
  b.emit(`${op} ${src.text},${dst.text}`);
};

const nbcd: Family = (b) => {
  b.undefFlags |= FLAG_N | FLAG_V;
  const dst = b.ea(DATA_ALT, 1);
  b.validBcd(dst);
  b.emit(`nbcd ${dst.text}`);
};

const packUnpk: Family = (b) => {
  const op = b.r.pick(['pack', 'unpk']);
  const adj = b.r.chance(0.5) ? b.r.below(16) * 0x11 : b.r.u32() & 0xffff;
  if (b.r.chance(0.5)) {
    b.emit(`${op} ${regName(b.pickD())},${regName(b.pickD())},#${hex(adj)}`);
  } else {
    // A7 is left out: byte steps on the stack pointer are not what these test.
    const a1 = 8 + b.r.below(7);
    const a2 = 8 + b.r.below(7);
    const src = b.eaOf('predec', op === 'pack' ? 2 : 1, { reg: a1 });
    const dst = b.eaOf('predec', op === 'pack' ? 1 : 2, { reg: a2 });
    b.emit(`${op} ${src.text},${dst.text},#${hex(adj)}`);
  }
};

const BF_READ = ['bftst', 'bfextu', 'bfexts', 'bfffo'];
const BF_WRITE = ['bfchg', 'bfclr', 'bfset', 'bfins'];

/** Bit fields in a data register or in memory, with immediate or register offset and width. */
const bitField: Family = (b) => {
  const op = b.r.pick([...BF_READ, ...BF_WRITE]);
  const readOnly = BF_READ.includes(op);
  let offText: string;
  let off: number;
  if (b.r.chance(0.5)) {
    off = b.r.below(32);
    offText = `${off}`;
  } else {
    const d = b.pickD();
    off = b.setIfFree(d, () => (b.r.chance(0.6) ? b.r.range(-80, 80) : b.randomValue()));
    offText = regName(d);
  }
  let wText: string;
  if (b.r.chance(0.5)) wText = `${b.r.range(1, 32)}`;
  else {
    const d = b.pickD();
    b.setIfFree(d, () => (b.r.chance(0.5) ? (b.r.u32() & ~31) | b.r.below(32) : b.randomValue()));
    wText = regName(d);
  }
  const inReg = b.r.chance(0.35);
  // QEMU deviation (docs/difftest.md): for BFFFO on a data register QEMU 7.2
  // returns the offset modulo 32 plus the bit's position; the PRM (BFFFO)
  // says the offset given in the instruction plus the position. Register
  // offsets outside 0-31 are not generated for that form.
  if (op === 'bfffo' && inReg && (off < 0 || off > 31)) retry();
  const target = inReg
    ? b.eaOf('dn', 4)
    : b.ea(readOnly ? CONTROL : CTRL_ALT, 1, { span: 5, shift: off >> 3 });
  const field = `${target.text}{${offText}:${wText}}`;
  const dn = regName(b.pickD());
  if (op === 'bftst' || (BF_WRITE.includes(op) && op !== 'bfins')) b.emit(`${op} ${field}`);
  else if (op === 'bfins') b.emit(`bfins ${dn},${field}`);
  else b.emit(`${op} ${field},${dn}`);
};

const cas: Family = (b) => {
  const s = size3(b);
  const dc = b.pickD();
  const du = b.pickD();
  const dst = b.ea(MEM_ALT, s);
  // QEMU deviation (docs/difftest.md): byte CAS on (A7)+ or -(A7) steps A7 by 1 in QEMU 7.2 (PRM 2.2.4, 2.2.5: by 2).
  if (s === 1 && (dst.text === '(%a7)+' || dst.text === '-(%a7)')) retry();
  if (b.r.chance(0.5) && dst.space === 'mem') {
    const m = b.peek('mem', dst.addr, s);
    const mask = s === 4 ? 0 : s === 2 ? 0xffff : 0xff;
    b.setIfFree(dc, () => (s === 4 ? m : (b.r.u32() & ~mask) | m));
  }
  b.emit(`cas.${SUFFIX[s]} ${regName(dc)},${regName(du)},${dst.text}`);
};

const cas2: Family = (b) => {
  const s = size2(b);
  const rn1 = b.pickAny();
  const rn2 = b.pickAny();
  const dc1 = b.pickD();
  const dc2 = b.pickD();
  if (rn1 === rn2 || dc1 === dc2) retry(); // aliased operands: order of the two accesses is not specified
  const p1 = b.pointer(rn1, s);
  const p2 = b.pointer(rn2, s);
  if (p1 < p2 + s && p2 < p1 + s) retry();
  const mask = s === 4 ? 0 : 0xffff;
  if (b.r.chance(0.6)) b.setIfFree(dc1, () => (b.r.u32() & ~mask) | b.peek('mem', p1, s));
  if (b.r.chance(0.6)) b.setIfFree(dc2, () => (b.r.u32() & ~mask) | b.peek('mem', p2, s));
  const du1 = b.pickD();
  const du2 = b.pickD();
  // QEMU deviation (docs/difftest.md): after CAS2, QEMU 7.2 computes the flags
  // of a following flag-consuming instruction (ADDX, SUBX, ...) wrongly; the
  // CCR as CAS2 leaves it is right. No follow-up instructions after CAS2.
  b.followable = false;
  b.emit(
    `cas2.${SUFFIX[s]} ${regName(dc1)}:${regName(dc2)},${regName(du1)}:${regName(du2)},(${regName(rn1)}):(${regName(rn2)})`,
  );
};

/** CMP2 with random bounds; CHK2 only with the register in bounds (no trap). N and V are undefined. */
const bounds: Family = (b) => {
  const op = b.r.pick(['cmp2', 'chk2']);
  const s = size3(b);
  b.undefFlags |= FLAG_N | FLAG_V;
  const src = b.ea(CONTROL, s, { span: 2 * s });
  const rn = b.pickAny();
  const space = src.space as Space;
  const max = s === 4 ? 0x7fffffff : s === 2 ? 0x7fff : 0x7f;
  const mask = s === 4 ? -1 : s === 2 ? 0xffff : 0xff;
  if (op === 'chk2' || b.r.chance(0.5)) {
    const lower = b.r.chance(0.3) ? b.r.range(0, 3) : b.r.range(0, max >>> 1);
    const upper = b.r.chance(0.2) ? lower : b.r.range(lower, max);
    b.poke(space, src.addr, s, lower);
    b.poke(space, src.addr + s, s, upper);
    const v = b.r.chance(0.2) ? lower : b.r.chance(0.2) ? upper : b.r.range(lower, upper);
    b.setIfFree(rn, () => (rn < 8 && s < 4 ? (b.r.u32() & ~mask) | v : v));
    const cur = b.get(rn);
    const x = rn < 8 ? (s === 4 ? cur : cur & mask) : cur;
    if (op === 'chk2' && (x < lower || x > upper)) retry();
  }
  b.emit(`${op}.${SUFFIX[s]} ${src.text},${regName(rn)}`);
};

/** CHK that does not trap: 0 <= Dn <= bound. N, Z, V and C are undefined then. */
const chk: Family = (b) => {
  const s = size2(b);
  b.undefFlags |= FLAG_N | FLAG_Z | FLAG_V | FLAG_C;
  const src = b.ea(DATA, s);
  if (src.kind === 'imm') src.imm &= s === 4 ? 0x7fffffff : 0x7fff;
  if (src.kind === 'imm') src.text = `#${hex(src.imm)}`;
  else if (src.space !== null) {
    if (!b.fixed(src.space, src.addr, s))
      b.poke(src.space, src.addr, s, b.r.below(s === 4 ? 1 << 30 : 0x8000));
  } else if (b.isFree(src.reg)) b.setIfFree(src.reg, () => b.r.u32() & 0x7fffffff);
  const raw = b.readValue(src, s);
  const bound = s === 4 ? raw : sext16(raw);
  if (bound < 0) retry();
  const dn = b.pickD();
  b.setIfFree(dn, () => {
    const v = b.r.chance(0.2) ? bound : b.r.range(0, bound);
    return s === 4 ? v : (b.r.u32() & ~0xffff) | v;
  });
  const x = s === 4 ? b.get(dn) : sext16(b.get(dn));
  if (x < 0 || x > bound) retry();
  b.emit(`chk.${SUFFIX[s]} ${src.text},${regName(dn)}`);
};

const trapcc: Family = (b) => {
  if (b.r.chance(0.2)) {
    b.ccr &= ~FLAG_V;
    b.emit('trapv');
    return;
  }
  const falses = CC.map((_, i) => i).filter((i) => !ccTrue(b.ccr, i));
  const cc = CC[b.r.pick(falses)];
  const form = b.r.below(3);
  if (form === 0) b.emit(`trap${cc}`);
  else if (form === 1) b.emit(`trap${cc}.w #${hex(b.r.u32() & 0xffff)}`);
  else b.emit(`trap${cc}.l #${hex(b.r.u32())}`);
};

const scc: Family = (b) => {
  const cc = b.r.pick(CC);
  b.emit(`s${cc} ${b.ea(DATA_ALT, 1).text}`);
};

/** An address register other than A7 to mark a path not taken. */
const marker = (b: Builder): string => `lea (0x5a5a).w,${regName(8 + b.r.below(7))}`;

const bcc: Family = (b) => {
  const cc = b.r.range(0, 15);
  const name = cc === 0 ? 'bra' : cc === 1 ? `b${CC[b.r.range(2, 15)]}` : `b${CC[cc]}`;
  const t = b.label();
  b.emit(`${name}.${b.r.pick(['s', 'w', 'l'])} ${t}`);
  b.emit(marker(b));
  b.emit(`${t}:`);
};

const dbcc: Family = (b) => {
  const cc = b.r.pick(CC);
  const d = b.pickD();
  const t = b.label();
  if (b.r.chance(0.5)) {
    b.emit(`db${cc} ${regName(d)},${t}`);
    b.emit(marker(b));
    b.emit(`${t}:`);
  } else {
    const a = regName(8 + b.r.below(7));
    b.setIfFree(d, () => (b.r.u32() & ~0xffff) | b.r.range(0, 20));
    if ((b.get(d) & 0xffff) > 40) retry();
    b.emit(`${t}:`);
    b.emit(`lea 1(${a}),${a}`);
    b.emit(`db${cc} ${regName(d)},${t}`);
  }
};

/** A control-mode operand that reaches label `t` (JMP, JSR). */
function codeTarget(b: Builder, t: string): string {
  const r = b.r;
  const kind = r.pick(['ind', 'disp', 'index', 'absl', 'pcdisp', 'pcindex', 'pcind', 'full']);
  const an = b.pickA();
  const claim = (reg: number, expr: string): void => {
    if (!b.isFree(reg) || reg === 15) retry();
    b.sym[reg] = expr;
  };
  switch (kind) {
    case 'ind':
      claim(an, t);
      return `(${regName(an)})`;
    case 'disp': {
      const d = r.range(-32768, 32767);
      claim(an, `${t}${signed(-d)}`);
      return `(${d},${regName(an)})`;
    }
    case 'index':
    case 'full': {
      const idx: Term = { reg: b.pickAny(), scale: r.pick([1, 2, 4, 8]), word: r.chance(0.4) };
      if (idx.reg === an) retry();
      const v = b.setIfFree(idx.reg, () => r.range(-30, 30));
      const part = Math.imul(idx.word ? sext16(v) : v, idx.scale);
      const d = kind === 'index' ? r.range(-128, 127) : r.range(-100000, 100000);
      claim(an, `${t}${signed(-d - part)}`);
      return kind === 'index'
        ? `(${d},${regName(an)},${b.idxText(idx)})`
        : `(${d}.l,${regName(an)},${b.idxText(idx)})`;
    }
    case 'absl':
      return `(${t}).l`;
    case 'pcdisp':
      return `(${t},%pc)`;
    case 'pcindex': {
      const idx: Term = { reg: b.pickAny(), scale: r.pick([1, 2, 4, 8]), word: r.chance(0.4) };
      const v = b.get(idx.reg);
      const part = Math.imul(idx.word ? sext16(v) : v, idx.scale);
      if (part < -0x100000 || part > 0x100000) retry();
      if (part >= 0 && part < 16) retry(); // an 8-bit displacement of 0: see eaOf('pcindex')
      return `(${t}${signed(-part)},%pc,${b.idxText(idx)})`;
    }
    default: {
      // Memory indirect through a pointer in the constant block.
      const slot = 4 * r.below(CDATA_SIZE / 4);
      if (b.fixed('cd', slot, 4)) retry();
      b.poke('cd', slot, 4, 0);
      b.cdSym.push({ off: slot, expr: t });
      return `([${b.cd}+${slot}.l,%pc])`;
    }
  }
}

const jump: Family = (b) => {
  const t = b.label();
  b.emit(`jmp ${codeTarget(b, t)}`);
  b.emit(marker(b));
  b.emit(`${t}:`);
};

const call: Family = (b) => {
  const f = b.label();
  const e = b.label();
  if (b.r.chance(0.5)) b.emit(`bsr.${b.r.pick(['s', 'w', 'l'])} ${f}`);
  else b.emit(`jsr ${codeTarget(b, f)}`);
  b.emit(marker(b));
  b.emit(`bra.w ${e}`);
  b.emit(`${f}:`);
  const ret = b.r.below(4);
  if (ret === 0) b.emit('rts');
  else if (ret === 1) b.emit(`rtd #${2 * b.r.range(-32, 32)}`);
  else if (ret === 2) {
    b.emit(`move.w ${regName(b.pickD())},-(%sp)`);
    b.emit('rtr');
  }
  b.emit(`${e}:`);
};

const misc: Family = (b) => {
  switch (b.r.below(5)) {
    case 0:
      b.emit(`ext.w ${regName(b.pickD())}`);
      break;
    case 1:
      b.emit(`ext.l ${regName(b.pickD())}`);
      break;
    case 2:
      b.emit(`extb.l ${regName(b.pickD())}`);
      break;
    case 3:
      b.emit(`swap ${regName(b.pickD())}`);
      break;
    default:
      b.emit(`exg ${regName(b.pickAny())},${regName(b.pickAny())}`);
  }
};

const linkUnlk: Family = (b) => {
  const an = b.pickA();
  if (b.r.chance(0.5)) {
    if (b.r.chance(0.5))
      b.emit(`link.w ${regName(an)},#${b.r.chance(0.7) ? -2 * b.r.below(100) : b.r.range(-32768, 32767)}`);
    else b.emit(`link.l ${regName(an)},#${b.r.chance(0.5) ? -2 * b.r.below(100) : b.r.u32()}`);
  } else {
    // UNLK A7 is left out: the manual's operation (An -> SP; (SP) -> An;
    // SP + 4 -> SP) does not say which of the last two wins for A7, and QEMU
    // (old A7 + 4) and sun3lab (the long loaded, as the 68000 vectors show)
    // differ (docs/difftest.md).
    if (an === 15) retry();
    b.pointer(an, 4);
    b.emit(`unlk ${regName(an)}`);
  }
};

const movem: Family = (b) => {
  const s = size2(b);
  let mask = 0;
  while (mask === 0) mask = b.r.u32() & (b.r.chance(0.3) ? 0xffff : b.r.u32() & 0xffff);
  const regs: string[] = [];
  for (let i = 0; i < 16; i++) if (mask & (1 << i)) regs.push(regName(i));
  const span = regs.length * s;
  const list = regs.join('/');
  if (b.r.chance(0.5)) {
    const dst = b.ea(['predec', ...CTRL_ALT], s, { span, incr: span });
    b.emit(`movem.${SUFFIX[s]} ${list},${dst.text}`);
  } else {
    const src = b.ea(['postinc', ...CONTROL], s, { span, incr: span });
    b.emit(`movem.${SUFFIX[s]} ${src.text},${list}`);
  }
};

const movep: Family = (b) => {
  const s = size2(b);
  const d = regName(b.pickD());
  const m = b.eaOf('disp', s, { span: 2 * s });
  if (b.r.chance(0.5)) b.emit(`movep.${SUFFIX[s]} ${d},${m.text}`);
  else b.emit(`movep.${SUFFIX[s]} ${m.text},${d}`);
};

const leaPea: Family = (b) => {
  const src = b.ea(CONTROL, 1);
  if (b.r.chance(0.6)) b.emit(`lea ${src.text},${regName(b.pickA())}`);
  else b.emit(`pea ${src.text}`);
};

const tas: Family = (b) => {
  const dst = b.ea(DATA_ALT, 1);
  // QEMU deviation (docs/difftest.md): QEMU 7.2 steps A7 by 1 for TAS (A7)+ and
  // TAS -(A7); byte accesses through A7 step it by 2 (PRM 2.2.4, 2.2.5).
  if (dst.text === '(%a7)+' || dst.text === '-(%a7)') retry();
  b.emit(`tas ${dst.text}`);
};

const ccrOps: Family = (b) => {
  switch (b.r.below(3)) {
    case 0:
      b.emit(`move.w ${b.ea(DATA, 2).text},%ccr`);
      break;
    case 1:
      b.emit(`move.w %ccr,${b.ea(DATA_ALT, 2).text}`);
      break;
    default:
      b.emit(`${b.r.pick(['andi', 'ori', 'eori'])}.b #${hex(b.r.u32() & 0xff)},%ccr`);
  }
};

/** Register-only instructions appended now and then, to consume X and the other flags. */
function followUp(b: Builder): void {
  const s = SUFFIX[size3(b)];
  const x = regName(b.pickD());
  const y = regName(b.pickD());
  switch (b.r.below(10)) {
    case 0:
      b.emit(`addx.${s} ${x},${y}`);
      break;
    case 1:
      b.emit(`subx.${s} ${x},${y}`);
      break;
    case 2:
      b.emit(`negx.${s} ${x}`);
      break;
    case 3:
      b.emit(`roxl.${s} #${b.r.range(1, 8)},${y}`);
      break;
    case 4:
      b.emit(`roxr.${s} ${x},${y}`);
      break;
    case 5:
      b.emit(`s${b.r.pick(CC)} ${x}`);
      break;
    case 6:
      b.emit(`add.${s} ${x},${y}`);
      break;
    case 7:
      b.emit(`cmp.${s} ${x},${y}`);
      break;
    case 8:
      b.emit(`lsl.${s} ${x},${y}`);
      break;
    default:
      b.emit(`not.${s} ${x}`);
  }
}

const FAMILIES: [string, Family, number][] = [
  ['move', move, 10],
  ['movea', movea, 2],
  ['moveq', moveq, 1],
  ['arith', arith, 8],
  ['addressArith', addressArith, 3],
  ['immediate', immediate, 4],
  ['quick', quick, 2],
  ['extended', extended, 3],
  ['cmpm', cmpm, 1],
  ['unary', unary, 4],
  ['mulWord', mulWord, 2],
  ['mulLong', mulLong, 4],
  ['divWord', divWord, 3],
  ['divLong', divLong, 5],
  ['shiftReg', shiftReg, 6],
  ['shiftImm', shiftImm, 3],
  ['shiftMem', shiftMem, 2],
  ['bitOp', bitOp, 4],
  ['bcd', bcd, 3],
  ['nbcd', nbcd, 1],
  ['packUnpk', packUnpk, 2], // PACK/UNPK: not in QEMU 7.2's 68020 (docs/difftest.md)
  ['bitField', bitField, 9],
  ['cas', cas, 2],
  ['cas2', cas2, 2],
  ['bounds', bounds, 3], // CMP2/CHK2: not in QEMU 7.2's 68020 (docs/difftest.md)
  ['chk', chk, 1],
  ['trapcc', trapcc, 1],
  ['scc', scc, 2],
  ['bcc', bcc, 2],
  ['dbcc', dbcc, 2],
  ['jump', jump, 2],
  ['call', call, 2],
  ['misc', misc, 2],
  ['linkUnlk', linkUnlk, 1],
  ['movem', movem, 3],
  ['movep', movep, 1],
  ['leaPea', leaPea, 2],
  ['tas', tas, 1],
  ['ccrOps', ccrOps, 2],
];

export const FAMILY_NAMES: readonly string[] = FAMILIES.map((f) => f[0]);

/**
 * Families left out unless asked for by name: QEMU 7.2 (Debian 12's
 * qemu-user) does not implement these 68020 instructions, so there is
 * nothing to compare against (docs/difftest.md, "Known QEMU deviations").
 */
export const QEMU_UNSUPPORTED: readonly string[] = ['bounds', 'packUnpk'];

export interface GenOptions {
  /** Only these families (default: all). */
  families?: readonly string[];
}

/** Generate case `index` from the generator's current state. */
export function generateCase(r: Rng, index: number, opts: GenOptions = {}): GenCase {
  const fams = opts.families
    ? FAMILIES.filter((f) => opts.families?.includes(f[0]))
    : FAMILIES.filter((f) => !QEMU_UNSUPPORTED.includes(f[0]));
  if (fams.length === 0) throw new Error('no instruction families selected');
  const weights = fams.map((f) => f[2]);
  for (;;) {
    const [name, fn] = r.weighted(fams, weights);
    const b = new Builder(r, index);
    try {
      fn(b);
      if (b.followable && b.undefFlags === 0 && !b.divide && r.chance(0.12)) {
        const n = r.range(1, 2);
        for (let i = 0; i < n; i++) followUp(b);
      }
      return b.finish(name);
    } catch (e) {
      if (e !== RETRY) throw e;
    }
  }
}
