/**
 * The translator: one block of 68020 instructions (decode.ts) becomes one
 * JavaScript function, built with `new Function` and kept by cache.ts.
 *
 * Inside the function everything the interpreter decides per instruction
 * at run time is decided once, here: register numbers, sizes, addressing
 * modes, immediates and PC-relative addresses are constants; the
 * registers live in local variables for the whole block; cycles and the
 * instruction count are added once, where the block is left. Condition
 * codes are lazy: the translator remembers how the last instruction that
 * set them would compute them (QEMU's cc_op), so a CMP followed by a
 * branch becomes one JavaScript comparison, and a flag is only computed
 * where something reads it or the block is left.
 *
 * Instructions the translator does not know (the rare and the complex:
 * BCD, bit fields, MOVEC, RTE, TRAP ...) are calls to the interpreter's
 * own handler, with the CPU's state written back before and read again
 * after. So is anything with a full-format extension word.
 *
 * What must stay exactly as in the interpreter (docs/performance.md):
 * - every memory access first looks in the translation cache; a miss
 *   goes through the CPU's own slow path, and before it the function
 *   stores the state the interpreter would have at that moment (registers
 *   as they were before the instruction, condition codes, cycles,
 *   instruction count, the instruction's address), so that a device sees
 *   the same cycle and a bus fault restarts the instruction as it would
 *   in the interpreter. Registers an instruction changes are written only
 *   when it ends (QEMU's deferred writeback), which is what the
 *   interpreter's undo log would leave after a fault.
 * - the interpreter stops at the first instruction boundary at or past the
 *   slice end, and whenever something raised attention (an interrupt, a
 *   change of translation, a code write). The function checks, where a
 *   segment begins (entry, loop head, after a call that may have changed
 *   anything), that every boundary up to the next such call is before the
 *   slice end; if not it returns 1 and the interpreter runs the rest of the
 *   slice. After a slow access it checks again.
 */
import type { Cpu, Handler } from '../cpu.js';
import { handlerFor } from '../dispatch.js';
import { eaKind } from '../ea.js';
import { mulHighS, mulHighU } from '../ops/muldiv.js';
import { AS, LS, RO, shift } from '../ops/shift.js';
import { calcEA, calcImmEA, eaTime, fetchImmEA, jumpEA, moveTime, instrTimes as T } from '../timing.js';
import { branchTarget, type Insn } from './decode.js';

/** A translated block: returns 0 to go on to the next block, 1 to let the interpreter finish the slice. */
export type BlockFn = (cpu: Cpu) => number;

export interface TranslateOptions {
  /**
   * Translate instructions whose index word uses a 68020-only feature
   * (scale factor) inline. The single-step vector runner turns it off: it
   * counts those words through the interpreter (Cpu.noteExt020).
   */
  inlineScaledIndex: boolean;
  /** Wait states each memory access adds (Cpu.memWait; 0 in the cache case). */
  memWait: number;
  /** Clocks a misaligned operand's second bus cycle adds (Cpu.misalign; 0 in the cache case). */
  misalign: number;
  /** Clocks an instruction-cache miss costs, or 0 when there is no cache to model (the cache case). */
  icMiss: number;
}

export interface Translation {
  fn: BlockFn;
  /** The generated JavaScript (for tests and docs/performance.md). */
  source: string;
  /** Instructions translated inline; the rest are calls to the interpreter's handlers. */
  inline: number;
}

/** How the instruction-cache look-ups of an instruction begin (fetchLines). */
const ICACHE_CHECK = 'if (icv === 0) ';

/** Thrown while translating an instruction the translator leaves to the interpreter's handler. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

/** Names of the sixteen registers' local variables: d0-d7, a0-a7. */
const NAMES = Array.from({ length: 16 }, (_r, i) => (i < 8 ? `d${i}` : `a${i - 8}`));
const FLAGS = ['X', 'N', 'Z', 'V', 'C'] as const;
type Flag = (typeof FLAGS)[number];

/**
 * How the last flag-setting instruction left N, Z, V and C, for the
 * condition tests: operands and result shifted so that the operand's sign
 * bit is bit 31 (alu.ts does the same).
 */
type CcSource =
  | { kind: 'sub'; a: string; b: string; r: string } // r = b - a (SUB, CMP, NEG)
  | { kind: 'add'; a: string; b: string; r: string } // r = a + b
  | { kind: 'logic'; r: string }; // V = C = 0 (MOVE, AND, TST ...)

const SIZES = [1, 2, 4];
const MASK = ['0', '255', '65535', '', '-1'];

function lit(n: number): string {
  return n < 0 ? `(${n})` : String(n);
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** A decoded operand: a data or address register, an immediate, or memory at an address held in a local. */
type Loc = { t: 'd'; r: number } | { t: 'a'; r: number } | { t: 'imm'; v: number } | { t: 'm'; addr: string };

class BlockTranslator {
  private readonly lines: string[] = [];
  private tmp = 0;
  private readonly used = new Set<number>();
  private readonly written = new Set<number>();
  /** New register values of the instruction being translated, written when it ends. */
  private readonly pending = new Map<number, string>();
  private flags: Record<Flag, string>;
  private cc: CcSource | null = null;
  /** Static cycles and instructions since the block (or loop iteration) began. */
  private k = 0;
  private n = 0;
  /** The most a DBcc's expired count can add beyond k since the segment began. */
  private extra = 0;
  /** Per instruction: k + extra where it begins. */
  private readonly kAt: number[] = [];
  /** Segments: the instruction each begins at. */
  private readonly segStart: number[] = [];
  private readonly callAt = new Set<number>();
  readonly handlers: Handler[] = [];
  /** The condition codes to store at each slow-access site, by site number - 1 (same state, same site). */
  private readonly sites: string[] = [];
  private readonly temps: string[] = [];
  inline = 0;
  private readonly loops: boolean;
  private readonly start: number;
  // The instruction being translated.
  private insn!: Insn;
  private pos = 0;
  private index = 0;
  private hadSlow = false;
  /** k where the instruction being translated began (before its own accesses' wait states). */
  private kIns = 0;
  /** The long words of instructions this pass of the block has fetched, by cache entry (the 3/60 model). */
  private readonly fetched = new Map<number, number>();
  /** Two of them share an entry: the block never holds all its long words at once. */
  private aliased = false;
  /** The long words of the block, in order. */
  private readonly lineAddrs: number[] = [];

  constructor(
    private readonly insns: Insn[],
    private readonly ram: Uint8Array,
    private readonly opts: TranslateOptions,
  ) {
    this.start = insns[0].pc;
    this.loops = insns.some(
      (ins, i) =>
        branchTarget(ins, (o) => this.wordAt(ins, o)) === this.start || this.braTo(i) === this.start,
    );
    this.flags = this.entryFlags();
  }

  private wordAt(ins: Insn, off: number): number {
    return (this.ram[ins.at + off] << 8) | this.ram[ins.at + off + 1];
  }

  /** The target of a BRA (the only unconditional branch a block may loop with), or -1. */
  private braTo(i: number): number {
    const ins = this.insns[i];
    if (ins.op >> 8 !== 0x60) return -1;
    return branchTarget(ins, (o) => this.wordAt(ins, o));
  }

  /** Condition codes where the block (or a loop iteration) begins: in the CPU, or in locals when it loops. */
  private entryFlags(): Record<Flag, string> {
    const f = {} as Record<Flag, string>;
    if (!this.loops) {
      for (const x of FLAGS) f[x] = `cpu.flag${x}`;
      return f;
    }
    // In a loop the branch back carries the operands of the operation that
    // set the flags (ck: 1 sub, 2 add, 3 logic, 0 the flags are in fX..fC
    // themselves), not the flags: most loops set them again before they
    // read them, and only the rare paths need them computed.
    const v =
      '(ck === 1 ? (((ca ^ cb) & (cr ^ cb)) >>> 31) : ck === 2 ? (((ca ^ cr) & (cb ^ cr)) >>> 31) : 0)';
    const c =
      '(ck === 1 ? ((cb >>> 0) < (ca >>> 0) ? 1 : 0) : ck === 2 ? ((cr >>> 0) < (ca >>> 0) ? 1 : 0) : 0)';
    f.N = '(ck === 0 ? fN : cr >>> 31)';
    f.Z = '(ck === 0 ? fZ : cr === 0 ? 1 : 0)';
    f.V = `(ck === 0 ? fV : ${v})`;
    f.C = `(ck === 0 ? fC : ${c})`;
    f.X = `(cx === 0 ? fX : ${c})`;
    return f;
  }

  private emit(s: string): void {
    this.lines.push(s);
  }

  /**
   * A new temporary. All are declared at the top of the function (not
   * where they are set), so that the catch for bus faults can compute the
   * condition codes from them.
   */
  private t(prefix = 't'): string {
    const name = `${prefix}${++this.tmp}`;
    if (prefix !== 'q') this.temps.push(name);
    return name;
  }

  /**
   * A constant local holding `expr`, computed once, and safe to use after
   * the instruction's registers are written (a register's own local is not:
   * lazy condition codes and exits may read it later).
   */
  private val(expr: string): string {
    if (/^[tvq]\d+$|^\(?-?\d+\)?$/.test(expr)) return expr;
    const v = this.t();
    this.emit(`${v} = ${expr};`);
    return v;
  }

  private word(): number {
    const w = this.wordAt(this.insn, this.pos);
    this.pos += 2;
    return w;
  }

  // ------------------------------------------------------------ registers

  private reg(i: number): string {
    this.used.add(i);
    return this.pending.get(i) ?? NAMES[i];
  }

  private setReg(i: number, expr: string): void {
    this.used.add(i);
    this.written.add(i);
    const v = this.t();
    this.emit(`${v} = ${expr};`);
    this.pending.set(i, v);
  }

  /** Write the low `size` bytes of data register `i`. */
  private setDn(i: number, size: number, v: string): void {
    if (size === 4) this.setReg(i, `${v} | 0`);
    else this.setReg(i, `(${this.reg(i)} & ${size === 2 ? -65536 : -256}) | (${v} & ${MASK[size]})`);
  }

  private commit(): void {
    for (const [i, v] of this.pending) this.emit(`${NAMES[i]} = ${v};`);
    this.pending.clear();
  }

  // ------------------------------------------------------------ condition codes

  private setFlag(f: Flag, expr: string): void {
    this.flags[f] = expr;
    if (f !== 'X') this.cc = null;
  }

  private setCc(cc: CcSource, x: boolean): void {
    const f = this.flags;
    if (cc.kind === 'logic') {
      f.N = `(${cc.r} >>> 31)`;
      f.Z = `(${cc.r} === 0 ? 1 : 0)`;
      f.V = '0';
      f.C = '0';
    } else {
      f.N = `(${cc.r} >>> 31)`;
      f.Z = `(${cc.r} === 0 ? 1 : 0)`;
      if (cc.kind === 'sub') {
        f.V = `(((${cc.a} ^ ${cc.b}) & (${cc.r} ^ ${cc.b})) >>> 31)`;
        f.C = `((${cc.b} >>> 0) < (${cc.a} >>> 0) ? 1 : 0)`;
      } else {
        f.V = `(((${cc.a} ^ ${cc.r}) & (${cc.b} ^ ${cc.r})) >>> 31)`;
        f.C = `((${cc.r} >>> 0) < (${cc.a} >>> 0) ? 1 : 0)`;
      }
      if (x) f.X = f.C;
    }
    this.cc = cc;
  }

  /** N and Z from a `size`-byte value, V and C cleared (logicFlags in alu.ts). */
  private logicFlags(v: string, size: number): void {
    const r = size === 4 ? this.val(v) : this.val(`${v} << ${32 - 8 * size}`);
    this.setCc({ kind: 'logic', r }, false);
  }

  /** Condition test cc (MC68020 UM Table 3-19) as a JavaScript boolean expression. */
  private cond(cc: number): string {
    if (cc === 0) return 'true';
    if (cc === 1) return 'false';
    const s = this.cc;
    if (s?.kind === 'sub') {
      const { a, b, r } = s;
      switch (cc) {
        case 2:
          return `(${b} >>> 0) > (${a} >>> 0)`;
        case 3:
          return `(${b} >>> 0) <= (${a} >>> 0)`;
        case 4:
          return `(${b} >>> 0) >= (${a} >>> 0)`;
        case 5:
          return `(${b} >>> 0) < (${a} >>> 0)`;
        case 6:
          return `${r} !== 0`;
        case 7:
          return `${r} === 0`;
        case 10:
          return `${r} >= 0`;
        case 11:
          return `${r} < 0`;
        case 12:
          return `${b} >= ${a}`;
        case 13:
          return `${b} < ${a}`;
        case 14:
          return `${b} > ${a}`;
        case 15:
          return `${b} <= ${a}`;
      }
    } else if (s?.kind === 'logic') {
      const r = s.r;
      switch (cc) {
        case 2:
        case 6:
          return `${r} !== 0`;
        case 3:
        case 7:
          return `${r} === 0`;
        case 4:
        case 8:
          return 'true';
        case 5:
        case 9:
          return 'false';
        case 10:
        case 12:
          return `${r} >= 0`;
        case 11:
        case 13:
          return `${r} < 0`;
        case 14:
          return `${r} > 0`;
        case 15:
          return `${r} <= 0`;
      }
    } else if (s?.kind === 'add') {
      if (cc === 6) return `${s.r} !== 0`;
      if (cc === 7) return `${s.r} === 0`;
      if (cc === 10) return `${s.r} >= 0`;
      if (cc === 11) return `${s.r} < 0`;
    }
    const { N, Z, V, C } = this.flags;
    switch (cc) {
      case 2:
        return `(${C} | ${Z}) === 0`;
      case 3:
        return `(${C} | ${Z}) !== 0`;
      case 4:
        return `${C} === 0`;
      case 5:
        return `${C} !== 0`;
      case 6:
        return `${Z} === 0`;
      case 7:
        return `${Z} !== 0`;
      case 8:
        return `${V} === 0`;
      case 9:
        return `${V} !== 0`;
      case 10:
        return `${N} === 0`;
      case 11:
        return `${N} !== 0`;
      case 12:
        return `${N} === ${V}`;
      case 13:
        return `${N} !== ${V}`;
      case 14:
        return `${Z} === 0 && ${N} === ${V}`;
      default:
        return `${Z} !== 0 || ${N} !== ${V}`;
    }
  }

  /** Statements storing the condition codes into the CPU (those not already there). */
  private storeFlags(): string {
    let s = '';
    const cc = this.cc;
    let from = 0;
    if (cc !== null) {
      // N, Z, V and C from one operation: a call, not four expressions.
      s = cc.kind === 'logic' ? `logicCC(cpu, ${cc.r}); ` : `${cc.kind}CC(cpu, ${cc.a}, ${cc.b}, ${cc.r}); `;
      from = 1;
      if (this.flags.X === this.flags.C) return `${s}cpu.flagX = cpu.flagC; `;
    }
    for (const f of FLAGS.slice(0, from === 1 ? 1 : 5)) {
      const e = this.flags[f];
      if (e !== `cpu.flag${f}`) s += `cpu.flag${f} = ${e}; `;
    }
    return s;
  }

  // ------------------------------------------------------------ leaving, calling out

  /**
   * The CPU's state at the start of the current instruction, as the
   * interpreter would have it: before a handler call.
   */
  private sync(): string {
    return `@WB@${this.storeFlags()}${this.position(this.kIns)}`;
  }

  /** Where the CPU is: the instruction's address, the cycle and the instruction count at its start. */
  private position(k = this.k): string {
    return `cpu.ppc = ${this.insn.pc}; cpu.cycles = base + ${k}; cpu.instructions = n0 + ${this.n}; `;
  }

  /**
   * Before a slow access (through the bus): the position, which devices
   * see, and the number of this place in `slow`. Registers and condition
   * codes are written back only if the access throws a bus fault (the
   * catch at the end of the function, by that number): nothing else
   * looks at them meanwhile.
   */
  private slowPath(): string {
    let site = this.sites.indexOf(this.storeFlags()) + 1;
    if (site === 0) site = this.sites.push(this.storeFlags());
    this.hadSlow = true;
    return `${this.position()}slow = ${site}; `;
  }

  /** Leave the block for `npc` after `k` cycles and `n` instructions; `status` 1 hands the slice to the interpreter. */
  private exit(npc: string, k: number, n: number, status: number): string {
    return `{ ${this.storeFlags()}npc = ${npc}; kc = ${k}; kn = ${n}; st = ${status}; break out; }`;
  }

  /** Go to `target`: back to the loop head if it is the block's start, else leave. */
  private jump(target: number, k: number, n: number): string {
    if (target !== this.start || !this.loops) return this.exit(String(target), k, n, 0);
    // Values first (they may read the carried operands), then the assignments.
    let pre = '';
    const snap = (expr: string) => {
      const q = this.t('q');
      pre += `const ${q} = ${expr}; `;
      return q;
    };
    const f = this.flags;
    const cc = this.cc;
    let carry: string;
    if (cc !== null) {
      const x = f.X === f.C ? 'cx = 1; ' : `fX = ${snap(f.X)}; cx = 0; `;
      const ab = cc.kind === 'logic' ? '' : `ca = ${cc.a}; cb = ${cc.b}; `;
      carry = `${x}${ab}cr = ${cc.r}; ck = ${cc.kind === 'sub' ? 1 : cc.kind === 'add' ? 2 : 3}; `;
    } else {
      const q = FLAGS.map((x) => snap(f[x]));
      carry = `${FLAGS.map((x, i) => `f${x} = ${q[i]}; `).join('')}ck = 0; cx = 0; `;
    }
    return `{ ${pre}${carry}base += ${k}; n0 += ${n}; continue; }`;
  }

  /** The check at the start of a segment: every boundary up to the segment's end before the slice end. */
  private segmentCheck(): void {
    const seg = this.segStart.length;
    this.segStart.push(this.index);
    this.extra = 0;
    this.emit(`if (base + @K${seg}@ >= cpu.sliceEnd) ${this.exit(String(this.insn.pc), this.k, this.n, 1)}`);
  }

  // ------------------------------------------------------------ memory

  /** Read `size` bytes at the address in local `addr` (bytes and words zero-extended, longs signed). */
  private read(size: number, addr: string): string {
    const v = this.t('v');
    const bits = size * 8;
    let fast: string;
    if (size === 1) fast = 'ram[e + o]';
    else if (size === 2) fast = '(ram[e + o] << 8) | ram[e + o + 1]';
    else fast = '(ram[e + o] << 24) | (ram[e + o + 1] << 16) | (ram[e + o + 2] << 8) | ram[e + o + 3]';
    const ok = size === 1 ? 'e >= 0' : `e >= 0 && o < ${8193 - size}`;
    this.emit(
      `{ const e = rp[${addr} >>> 13], o = ${addr} & 8191; if (${ok}) { ${this.misaligned(size, addr)}${v} = ${fast}; } else { ${this.slowPath()}${v} = cpu.rd${bits}(${addr});${this.afterSlow()} } }`,
    );
    this.k += this.opts.memWait;
    return v;
  }

  /** Write `size` bytes of local `value` at the address in local `addr`. */
  private write(size: number, addr: string, value: string): void {
    const bits = size * 8;
    let fast: string;
    if (size === 1) fast = `ram[e + o] = ${value};`;
    else if (size === 2) fast = `ram[e + o] = ${value} >>> 8; ram[e + o + 1] = ${value};`;
    else
      fast = `ram[e + o] = ${value} >>> 24; ram[e + o + 1] = ${value} >>> 16; ram[e + o + 2] = ${value} >>> 8; ram[e + o + 3] = ${value};`;
    const ok = size === 1 ? 'e >= 0' : `e >= 0 && o < ${8193 - size}`;
    this.emit(
      `{ const e = wp[${addr} >>> 13], o = ${addr} & 8191; if (${ok}) { ${this.misaligned(size, addr)}${fast} } else { ${this.slowPath()}cpu.wr${bits}(${addr}, ${value});${this.afterSlow()} } }`,
    );
    this.k += this.opts.memWait;
  }

  /**
   * The second bus cycle of a misaligned operand (the 3/60 model; Cpu.rd32
   * charges it on the slow path), allowed for in the segment's bound.
   */
  private misaligned(size: number, addr: string): string {
    const m = this.opts.misalign;
    if (m === 0 || size === 1) return '';
    this.extra += m;
    return size === 4 ? `if (${addr} & 3) base += ${m}; ` : `if ((${addr} & 3) === 3) base += ${m}; `;
  }

  /**
   * After a slow access, with wait states modelled: a device may have added
   * its own (Sun3Bus), which the interpreter's count has from then on.
   */
  private afterSlow(): string {
    return this.opts.memWait === 0 ? '' : ` base = cpu.cycles - ${this.k + this.opts.memWait};`;
  }

  /**
   * The 3/60 model: where an instruction starts, the long words it
   * occupies that this pass of the block has not fetched yet are looked up
   * in the instruction cache, and a miss adds its bus cycle (Cpu.fetchInsn
   * does the same in the interpreter). The segment's bound allows for every
   * one of them missing.
   *
   * Most of the time every long word is there, and known to be: `icv` is 1
   * once this pass has fetched them all (at the last instruction; a loop's
   * next passes then look at nothing), or from the start when the cache
   * has not changed since a pass ended so (`icSeen`, the cache's generation
   * then). The block engine runs only while the cache fills on every miss
   * (Cpu.run), so a long word fetched stays until another takes its entry.
   */
  private fetchLines(last: boolean): void {
    const miss = this.opts.icMiss;
    if (miss === 0) return;
    const ins = this.insn;
    const first = ins.pc & ~3;
    const end = (ins.pc + ins.len - 1) & ~3;
    let checks = '';
    for (let a = first; ; a = (a + 4) | 0) {
      const idx = (a >>> 2) & 63;
      const had = this.fetched.get(idx);
      if (had !== a) {
        if (had !== undefined) this.aliased = true;
        this.fetched.set(idx, a);
        this.lineAddrs.push(a);
        checks += `if (ict[${idx}] !== (${lit(a)} | ick)) base += icm.miss(${idx}, ${lit(a)} | ick); `;
        this.extra += miss;
      }
      if (a === end) break;
    }
    if (last && !this.aliased) checks += 'icSeen = icm.gen; icv = 1; ';
    if (checks !== '') this.emit(`${ICACHE_CHECK}{ ${checks}}`);
  }

  /** Check that `size` bytes at `addr` can be written (Cpu.probeWrite), before the flags change. */
  private probe(size: number, addr: string): void {
    this.emit(
      `if (!(wp[${addr} >>> 13] >= 0 && (${addr} & 8191) <= ${8192 - size})) { ${this.slowPath()}cpu.probeWrite(${addr}, ${size}); }`,
    );
  }

  private push32(v: string): void {
    const sp = this.val(`(${this.reg(15)} - 4) | 0`);
    this.write(4, sp, v);
    this.setReg(15, sp);
  }

  // ------------------------------------------------------------ effective addresses

  /**
   * The operand at EA field (mode, reg) of `size` bytes, taking its
   * extension words from the instruction stream in order, with the side
   * effects of (An)+ and -(An) (as pending register writes).
   */
  private ea(mode: number, reg: number, size: number): Loc {
    switch (mode) {
      case 0:
        return { t: 'd', r: reg };
      case 1:
        return { t: 'a', r: reg };
      case 2:
        return { t: 'm', addr: this.val(this.reg(8 + reg)) };
      case 3: {
        const a = this.val(this.reg(8 + reg));
        const step = size === 1 && reg === 7 ? 2 : size;
        this.setReg(8 + reg, `(${a} + ${step}) | 0`);
        return { t: 'm', addr: a };
      }
      case 4: {
        const step = size === 1 && reg === 7 ? 2 : size;
        const a = this.val(`(${this.reg(8 + reg)} - ${step}) | 0`);
        this.setReg(8 + reg, a);
        return { t: 'm', addr: a };
      }
      case 5: {
        const d = (this.word() << 16) >> 16;
        return { t: 'm', addr: this.val(`(${this.reg(8 + reg)} + ${lit(d)}) | 0`) };
      }
      case 6:
        return { t: 'm', addr: this.indexed(this.reg(8 + reg)) };
      default:
        switch (reg) {
          case 0:
            return { t: 'm', addr: lit((this.word() << 16) >> 16) };
          case 1: {
            const hi = this.word();
            return { t: 'm', addr: lit((hi << 16) | this.word()) };
          }
          case 2: {
            const base = this.insn.pc + this.pos;
            return { t: 'm', addr: lit((base + ((this.word() << 16) >> 16)) | 0) };
          }
          case 3:
            return { t: 'm', addr: this.indexed(lit((this.insn.pc + this.pos) | 0)) };
          default: {
            if (size === 4) {
              const hi = this.word();
              return { t: 'imm', v: (hi << 16) | this.word() };
            }
            const w = this.word();
            return { t: 'imm', v: size === 1 ? w & 0xff : w };
          }
        }
    }
  }

  /** (d8,base,Xn) with a brief extension word; full-format words are the handler's. */
  private indexed(base: string): string {
    const ext = this.word();
    if (ext & 0x100) throw UNSUPPORTED;
    const scale = (ext >> 9) & 3;
    if (scale && !this.opts.inlineScaledIndex) throw UNSUPPORTED;
    const x = this.reg(ext >> 12);
    const idx = ext & 0x800 ? x : `((${x} << 16) >> 16)`;
    const d8 = (ext << 24) >> 24;
    return this.val(`(${base} + ${lit(d8)} + ${scale ? `(${idx} << ${scale})` : idx}) | 0`);
  }

  /** The address of a control operand (LEA, PEA, JMP ...). */
  private eaAddress(mode: number, reg: number): string {
    const loc = this.ea(mode, reg, 4);
    if (loc.t !== 'm') throw UNSUPPORTED;
    return loc.addr;
  }

  /** An operand's value: bytes and words zero-extended, longs signed (eaRead). */
  private load(loc: Loc, size: number): string {
    switch (loc.t) {
      case 'd':
      case 'a': {
        const r = this.reg(loc.t === 'd' ? loc.r : 8 + loc.r);
        return size === 4 ? r : this.val(`${r} & ${MASK[size]}`);
      }
      case 'imm':
        return lit(loc.v);
      default:
        return this.read(size, loc.addr);
    }
  }

  /** Store to a data-alterable operand (eaWrite). */
  private store(loc: Loc, size: number, v: string): void {
    if (loc.t === 'd') this.setDn(loc.r, size, v);
    else if (loc.t === 'a') this.setReg(8 + loc.r, `${v} | 0`);
    else if (loc.t === 'm') this.write(size, loc.addr, v);
    else throw UNSUPPORTED;
  }

  /** Read-modify-write: read, then check the operand can be written before anything changes (rmwRead). */
  private rmwLoad(loc: Loc, size: number): string {
    if (loc.t === 'm') {
      const v = this.read(size, loc.addr);
      this.probe(size, loc.addr);
      return v;
    }
    return this.load(loc, size);
  }

  // ------------------------------------------------------------ arithmetic

  /** d + s or d - s in `size` bytes, with their condition codes; returns the result. */
  private arith(sub: boolean, size: number, s: string, d: string, setX = true, cmp = false): string {
    const sh = 32 - 8 * size;
    const a = this.val(sh ? `${s} << ${sh}` : s);
    const b = this.val(sh ? `${d} << ${sh}` : d);
    const r = this.val(sub ? `(${b} - ${a}) | 0` : `(${a} + ${b}) | 0`);
    this.setCc({ kind: sub ? 'sub' : 'add', a, b, r }, setX && !cmp);
    return sh ? this.val(`${r} >>> ${sh}`) : r;
  }

  // ------------------------------------------------------------ the block

  translate(): string {
    const insns = this.insns;
    for (let i = 0; i < insns.length; i++) {
      this.insn = insns[i];
      this.index = i;
      if (i === 0) this.segmentCheck();
      this.kAt.push(this.k + this.extra);
      this.emit(`// ${hex(this.insn.pc)}`);
      this.fetchLines(i === insns.length - 1);
      this.kIns = this.k;
      this.translateOne(i === insns.length - 1);
    }
    return this.assemble();
  }

  private translateOne(last: boolean): void {
    const ins = this.insn;
    const mark = this.lines.length;
    const saved = { flags: { ...this.flags }, cc: this.cc, k: this.k, n: this.n, extra: this.extra };
    this.pos = 2;
    this.hadSlow = false;
    let ended = false;
    try {
      ended = this.instruction(ins.op);
      // The decoder and the translator disagreeing on a length would be a
      // bug; the interpreter's handler is right whatever they say.
      if (this.pos !== ins.len) throw UNSUPPORTED;
      this.inline++;
    } catch (e) {
      if (e !== UNSUPPORTED) throw e;
      this.lines.length = mark;
      this.pending.clear();
      Object.assign(this, saved);
      this.callHandler(last);
      return;
    }
    if (ended) return;
    this.n++;
    if (last) {
      this.emit(this.exit(String((ins.pc + ins.len) >>> 0), this.k, this.n, 0));
      return;
    }
    if (this.hadSlow) {
      const seg = this.segStart.length - 1;
      this.emit(
        `if (slow) { slow = 0; if (base + @K${seg}@ >= cpu.sliceEnd) ${this.exit(String((ins.pc + ins.len) >>> 0), this.k, this.n, 1)} }`,
      );
    }
  }

  /**
   * Inside an instruction translated inline, the rare case it leaves to the
   * interpreter: the whole instruction run again by its handler, from the
   * state at its start, and the block left wherever the handler goes.
   */
  private handlerCall(): string {
    const ins = this.insn;
    const h = this.handlers.length;
    this.handlers.push(handlerFor(ins.op));
    // Not a segment's end (callAt): the block is left after this call.
    return `${this.sync()}cpu.pc = ${(ins.pc + 2) >>> 0}; cpu.opcode = ${ins.op}; h${h}(cpu); @RL@ npc = cpu.pc; kc = cpu.cycles - base; kn = ${this.n + 1}; st = 1; break out;`;
  }

  /**
   * An instruction the translator leaves to the interpreter: store the
   * state, call the handler, read the state back, and leave unless the
   * handler fell through to the next instruction with time to spare.
   */
  private callHandler(last: boolean): void {
    const ins = this.insn;
    const h = this.handlers.length;
    this.handlers.push(handlerFor(ins.op));
    this.callAt.add(this.index);
    this.emit(`${this.sync()}cpu.pc = ${(ins.pc + 2) >>> 0}; cpu.opcode = ${ins.op};`);
    this.emit(`h${h}(cpu);`);
    this.emit('@RL@');
    this.emit(`base = cpu.cycles - ${this.k};`);
    for (const f of FLAGS) this.flags[f] = `cpu.flag${f}`;
    this.cc = null;
    this.n++;
    if (last) {
      this.emit(this.exit('cpu.pc', this.k, this.n, 0));
      return;
    }
    const next = (ins.pc + ins.len) >>> 0;
    const seg = this.segStart.length;
    this.segStart.push(this.index + 1);
    this.extra = 0;
    this.emit(
      `if (cpu.pc !== ${next} || base + @K${seg}@ >= cpu.sliceEnd) ${this.exit('cpu.pc', this.k, this.n, 1)}`,
    );
  }

  /**
   * At entry, when the cache has changed since the block last found all its
   * long words there: look whether it holds them all now (nothing is charged
   * for looking), and if so skip every look-up (icv).
   */
  private probeLines(): string {
    if (this.aliased) return '';
    const all = this.lineAddrs.map((a) => `ict[${(a >>> 2) & 63}] === (${lit(a)} | ick)`).join(' && ');
    return `\n  if (icv === 0 && ${all}) { icSeen = icm.gen; icv = 1; }`;
  }

  /** Put the function together: declarations, the body, the write-back, and the segment bounds. */
  private assemble(): string {
    const used = [...this.used].sort((x, y) => x - y);
    const written = [...this.written].sort((x, y) => x - y);
    const wb = written.map((i) => `r[${i}] = ${NAMES[i]}; `).join('');
    const rl = used.map((i) => `${NAMES[i]} = r[${i}];`).join(' ');
    // A segment ends at the next handler call (it must still begin before
    // the slice end), or at the last instruction.
    const bound = (seg: number): number => {
      let q = this.segStart[seg];
      while (q < this.insns.length - 1 && !this.callAt.has(q)) q++;
      return this.kAt[q] ?? 0;
    };
    const fill = (lines: string[]): string =>
      lines
        .join('\n      ')
        .replace(/@K(\d+)@/g, (_m, s) => String(bound(Number(s))))
        .replace(/@WB@/g, wb)
        .replace(/@RL@/g, rl);
    let body = fill(this.lines);
    let loopOpen = this.loops ? 'for (;;) {' : '{';
    if (this.loops && this.opts.icMiss !== 0 && !this.aliased) {
      // A loop's passes after its first look at nothing (fetchLines): they
      // run a copy of the block without the look-ups, into which the first
      // pass branches back. (A block without a loop skips each instruction's
      // look-ups by one test of icv.)
      const checked = body;
      body = fill(this.lines.filter((l) => !l.startsWith(ICACHE_CHECK)));
      loopOpen = `if (icv === 0) pass: {\n      ${checked.replace(/continue;/g, 'break pass;')}\n    }\n    for (;;) {`;
    }
    const decl = used.length ? `let ${used.map((i) => `${NAMES[i]} = r[${i}]`).join(', ')};` : '';
    const temps = this.temps.length ? `let ${this.temps.join(', ')};` : '';
    const flagDecl = this.loops
      ? `let ${FLAGS.map((f) => `f${f} = cpu.flag${f}`).join(', ')}, ck = 0, cx = 0, ca = 0, cb = 0, cr = 0;`
      : '';
    const handlers = this.handlers.map((_h, i) => `const h${i} = H[${i}];`).join(' ');
    const cases = this.sites.map((f, i) => (f === '' ? '' : `case ${i + 1}: ${f}break; `)).join('');
    const catchFlags = cases === '' ? '' : `switch (slow) { ${cases}}`;
    return `${handlers}${this.opts.icMiss === 0 ? '' : '\nlet icSeen = -1;'}
return function block_${hex(this.start)}(cpu) {
  const r = cpu.r, ram = cpu.ram, rp = cpu.rdPages, wp = cpu.wrPages;${this.opts.icMiss === 0 ? '' : `\n  const ict = cpu.icTags, icm = cpu.icache, ick = cpu.srS;\n  let icv = icSeen === icm.gen ? 1 : 0;${this.probeLines()}`}
  let base = cpu.cycles, n0 = cpu.instructions, st = 0, slow = 0, npc = 0, kc = 0, kn = 0;
  ${decl}
  ${flagDecl}
  ${temps}
  try {
  out: {
    ${loopOpen}
      ${body}
    }
  }
  } catch (e) {
    // A bus fault in a slow access: the registers (as the faulting instruction found them) and the condition codes.
    if (slow !== 0) {
      ${wb}
      ${catchFlags}
    }
    throw e;
  }
  ${wb}cpu.pc = npc; cpu.cycles = base + kc; cpu.instructions = n0 + kn;
  return st;
};`;
  }

  // ------------------------------------------------------------ instructions

  /** Translate one instruction inline; returns true if it left the block itself. Throws UNSUPPORTED otherwise. */
  private instruction(op: number): boolean {
    switch (op >> 12) {
      case 0x0:
        this.line0(op);
        return false;
      case 0x1:
      case 0x2:
      case 0x3:
        this.move(op);
        return false;
      case 0x4:
        return this.line4(op);
      case 0x5:
        return this.line5(op);
      case 0x6:
        return this.branch(op);
      case 0x7: {
        const v = (op << 24) >> 24;
        this.setReg((op >> 9) & 7, lit(v));
        this.setCc({ kind: 'logic', r: lit(v) }, false);
        this.k += T.moveq;
        this.commit();
        return false;
      }
      case 0x8:
      case 0xc:
        this.line8C(op);
        return false;
      case 0x9:
      case 0xd:
        this.addSub(op);
        return false;
      case 0xb:
        this.lineB(op);
        return false;
      case 0xe:
        this.shift(op);
        return false;
      default:
        throw UNSUPPORTED;
    }
  }

  private move(op: number): void {
    const size = [0, 1, 4, 2][(op >> 12) & 3];
    const sm = (op >> 3) & 7;
    const sr = op & 7;
    const dm = (op >> 6) & 7;
    const dr = (op >> 9) & 7;
    const cycles = moveTime(eaKind(sm, sr), eaKind(dm, dr), size);
    const v = this.val(this.load(this.ea(sm, sr, size), size));
    if (dm === 1) {
      this.setReg(8 + dr, size === 2 ? `(${v} << 16) >> 16` : v);
    } else {
      this.logicFlags(v, size);
      this.store(this.ea(dm, dr, size), size, v);
    }
    this.k += cycles;
    this.commit();
  }

  private line0(op: number): void {
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const k = eaKind(mode, reg);
    if (op & 0x100) {
      if (mode === 1) throw UNSUPPORTED; // MOVEP
      this.bitOp(op, true);
      return;
    }
    const group = (op >> 9) & 7;
    const sz = (op >> 6) & 3;
    if (sz === 3) throw UNSUPPORTED; // CMP2, CHK2, CAS, CAS2, CALLM, RTM, BSET #n (size field 3)
    if (group === 4) {
      this.bitOp(op, false);
      return;
    }
    if (group === 7 || (mode === 7 && reg === 4)) throw UNSUPPORTED; // MOVES; to CCR or SR
    const size = SIZES[sz];
    let imm: number;
    if (size === 4) {
      const hi = this.word();
      imm = (hi << 16) | this.word();
    } else imm = size === 1 ? this.word() & 0xff : this.word();
    if (group === 6) {
      // CMPI
      const d = this.load(this.ea(mode, reg, size), size);
      this.arith(true, size, lit(imm), d, false, true);
      this.k += (mode === 0 ? T.immToDn : T.cmpiToMem) + fetchImmEA(k, size === 4);
      this.commit();
      return;
    }
    const loc = this.ea(mode, reg, size);
    const d = this.rmwLoad(loc, size);
    let r: string;
    if (group === 2 || group === 3) r = this.arith(group === 2, size, lit(imm), d);
    else {
      const o = group === 0 ? '|' : group === 1 ? '&' : '^';
      r = this.val(`${lit(imm)} ${o} ${d}`);
      this.logicFlags(r, size);
    }
    this.store(loc, size, r);
    this.k += (mode === 0 ? T.immToDn : T.immToMem) + fetchImmEA(k, size === 4);
    this.commit();
  }

  /** BTST, BCHG, BCLR, BSET with the bit number in Dn (`dynamic`) or an immediate word. */
  private bitOp(op: number, dynamic: boolean): void {
    const type = (op >> 6) & 3;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const k = eaKind(mode, reg);
    const num = dynamic ? this.reg((op >> 9) & 7) : lit(this.word());
    const cycles = mode === 0 ? T.bitReg : T.bitMem + (dynamic ? eaTime(k, 1) : fetchImmEA(k, false));
    const apply = (v: string, m: string) =>
      type === 1 ? `${v} ^ ${m}` : type === 2 ? `${v} & ~${m}` : `${v} | ${m}`;
    if (mode === 0) {
      const m = this.val(`1 << (${num} & 31)`);
      const v = this.val(this.reg(reg));
      this.setFlag('Z', `((${v} & ${m}) !== 0 ? 0 : 1)`);
      if (type !== 0) this.setReg(reg, apply(v, m));
    } else {
      const m = this.val(`1 << (${num} & 7)`);
      const loc = this.ea(mode, reg, 1);
      if (loc.t === 'imm') {
        this.setFlag('Z', `((${loc.v} & ${m}) !== 0 ? 0 : 1)`);
      } else {
        if (loc.t !== 'm') throw UNSUPPORTED;
        const v = this.read(1, loc.addr);
        this.setFlag('Z', `((${v} & ${m}) !== 0 ? 0 : 1)`);
        if (type !== 0) this.write(1, loc.addr, this.val(apply(v, m)));
      }
    }
    this.k += cycles;
    this.commit();
  }

  private line4(op: number): boolean {
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const k = eaKind(mode, reg);
    if (op & 0x100) {
      const kind = (op >> 6) & 3;
      if (kind === 3 && mode === 0) {
        // EXTB.L
        const v = this.val(`(${this.reg(reg)} << 24) >> 24`);
        this.setReg(reg, v);
        this.logicFlags(v, 4);
        this.k += T.ext;
      } else if (kind === 3) {
        // LEA
        this.setReg(8 + ((op >> 9) & 7), this.eaAddress(mode, reg));
        this.k += T.lea + calcEA(k);
      } else throw UNSUPPORTED; // CHK
      this.commit();
      return false;
    }
    const sub = (op >> 6) & 0x3f;
    const size = SIZES[(op >> 6) & 3];
    switch (sub) {
      case 0x08: // CLR
      case 0x09:
      case 0x0a: {
        this.store(this.ea(mode, reg, size), size, '0');
        this.setCc({ kind: 'logic', r: '0' }, false);
        this.k += (mode === 0 ? T.clrReg : T.clrMem) + calcEA(k);
        break;
      }
      case 0x10: // NEG
      case 0x11:
      case 0x12: {
        const loc = this.ea(mode, reg, size);
        const v = this.rmwLoad(loc, size);
        this.store(loc, size, this.arith(true, size, v, '0'));
        this.k += (mode === 0 ? T.negReg : T.negMem) + eaTime(k, size);
        break;
      }
      case 0x18: // NOT
      case 0x19:
      case 0x1a: {
        const loc = this.ea(mode, reg, size);
        const r = this.val(`~${this.rmwLoad(loc, size)}`);
        this.logicFlags(r, size);
        this.store(loc, size, r);
        this.k += (mode === 0 ? T.negReg : T.negMem) + eaTime(k, size);
        break;
      }
      case 0x21: // SWAP, BKPT, PEA
        if (mode === 0) {
          const v = this.reg(reg);
          const r = this.val(`(${v} << 16) | (${v} >>> 16)`);
          this.setReg(reg, r);
          this.logicFlags(r, 4);
          this.k += T.swap;
        } else if (mode === 1) throw UNSUPPORTED;
        else {
          this.push32(this.eaAddress(mode, reg));
          this.k += T.pea + calcEA(k);
        }
        break;
      case 0x22: // EXT.W, MOVEM.W to memory
      case 0x23: // EXT.L, MOVEM.L to memory
        if (mode === 0) {
          const v = this.reg(reg);
          if (sub === 0x22) {
            const x = this.val(`(${v} << 24) >> 24`);
            this.setReg(reg, `(${v} & -65536) | (${x} & 65535)`);
            this.logicFlags(x, 4);
          } else {
            const x = this.val(`(${v} << 16) >> 16`);
            this.setReg(reg, x);
            this.logicFlags(x, 4);
          }
          this.k += T.ext;
        } else this.movemToMemory(op);
        break;
      case 0x28: // TST
      case 0x29:
      case 0x2a:
        this.logicFlags(this.load(this.ea(mode, reg, size), size), size);
        this.k += T.tst + eaTime(k, size);
        break;
      case 0x30: // MULU.L, MULS.L
        this.mulLong(op);
        break;
      case 0x31: // DIVU.L, DIVS.L
        this.divLong(op);
        break;
      case 0x32: // MOVEM memory to registers
      case 0x33:
        this.movemToRegisters(op);
        break;
      case 0x39:
        return this.line4e(op);
      case 0x3a: // JSR
      case 0x3b: {
        // JMP
        const target = this.eaAddress(mode, reg);
        const next = (this.insn.pc + this.insn.len) >>> 0;
        if (sub === 0x3a) {
          this.push32(String(next));
          this.k += T.jsr + jumpEA(k);
        } else this.k += T.jmp + jumpEA(k);
        this.n++;
        this.commit();
        this.emit(this.exit(`${target} >>> 0`, this.k, this.n, 0));
        return true;
      }
      default:
        throw UNSUPPORTED;
    }
    this.commit();
    return false;
  }

  /** 0x4E40-0x4E7F: of these LINK.W, UNLK, NOP and RTS are translated. */
  private line4e(op: number): boolean {
    const reg = op & 7;
    if (op === 0x4e71) {
      this.k += T.nop;
      return false;
    }
    if (op === 0x4e75) {
      const sp = this.reg(15);
      const pc = this.read(4, sp);
      this.setReg(15, `(${sp} + 4) | 0`);
      this.k += T.rts;
      this.n++;
      this.commit();
      this.emit(this.exit(`${pc} >>> 0`, this.k, this.n, 0));
      return true;
    }
    if (op >= 0x4e50 && op <= 0x4e57) {
      // LINK An,#d16: LINK A7 stores A7's value from before the push.
      const disp = (this.word() << 16) >> 16;
      const sp = this.val(`(${this.reg(15)} - 4) | 0`);
      this.write(4, sp, this.reg(8 + reg));
      this.setReg(8 + reg, sp);
      this.setReg(15, `(${sp} + ${lit(disp)}) | 0`);
      this.k += T.linkW;
      this.commit();
      return false;
    }
    if (op >= 0x4e58 && op <= 0x4e5f) {
      const fp = this.val(this.reg(8 + reg));
      const v = this.read(4, fp);
      this.setReg(15, `(${fp} + 4) | 0`);
      this.setReg(8 + reg, v);
      this.k += T.unlk;
      this.commit();
      return false;
    }
    throw UNSUPPORTED;
  }

  private movemToRegisters(op: number): void {
    const size = op & 0x40 ? 4 : 2;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const mask = this.word();
    const base = mode === 3 ? this.val(this.reg(8 + reg)) : this.eaAddress(mode, reg);
    let n = 0;
    for (let i = 0; i < 16; i++) {
      if (!(mask & (1 << i))) continue;
      const a = n === 0 ? base : this.val(`(${base} + ${n * size}) | 0`);
      const v = this.read(size, a);
      this.setReg(i, size === 4 ? v : `(${v} << 16) >> 16`);
      n++;
    }
    if (mode === 3) this.setReg(8 + reg, `(${base} + ${n * size}) | 0`);
    const k = eaKind(mode, reg);
    this.k += T.movemToRegs + calcImmEA(k) + n * T.movemToRegsPerReg;
  }

  private movemToMemory(op: number): void {
    const size = op & 0x40 ? 4 : 2;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const mask = this.word();
    let count = 0;
    for (let x = mask; x; x &= x - 1) count++;
    const bytes = count * size;
    const k = eaKind(mode, reg);
    if (mode === 4) {
      // -(An): the mask is reversed (bit 0 = A7); a stored An is its initial value minus the size.
      const initial = this.val(this.reg(8 + reg));
      const low = this.val(`(${initial} - ${bytes}) | 0`);
      this.probeRange(low, bytes);
      let n = 0;
      for (let i = 0; i < 16; i++) {
        if (!(mask & (1 << i))) continue;
        const r = 15 - i;
        n++;
        const v = r - 8 === reg ? this.val(`(${initial} - ${size}) | 0`) : this.reg(r);
        this.write(size, this.val(`(${initial} - ${n * size}) | 0`), v);
      }
      this.setReg(8 + reg, low);
    } else {
      const base = this.eaAddress(mode, reg);
      this.probeRange(base, bytes);
      let n = 0;
      for (let i = 0; i < 16; i++) {
        if (!(mask & (1 << i))) continue;
        this.write(size, n === 0 ? base : this.val(`(${base} + ${n * size}) | 0`), this.reg(i));
        n++;
      }
    }
    this.k += T.movemToMem + calcImmEA(k) + count * T.movemToMemPerReg;
  }

  /** Cpu.probeWrite for a range: fast when it lies in one writable page. */
  private probeRange(addr: string, bytes: number): void {
    if (bytes === 0) {
      this.emit(`${this.slowPath()}cpu.probeWrite(${addr}, 0);`);
      return;
    }
    this.probe(bytes, addr);
  }

  private mulLong(op: number): void {
    const ext = this.word();
    if (ext & 0x83f8) throw UNSUPPORTED; // illegal: the handler says so
    const signed = (ext & 0x800) !== 0;
    const quad = (ext & 0x400) !== 0;
    const dl = (ext >> 12) & 7;
    const dh = ext & 7;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const s = this.val(this.load(this.ea(mode, reg, 4), 4));
    const d = this.val(this.reg(dl));
    const lo = this.val(`Math.imul(${s}, ${d})`);
    const hi = this.val(`${signed ? 'mulHighS' : 'mulHighU'}(${s}, ${d})`);
    this.setFlag('C', '0');
    if (quad) {
      this.setReg(dh, hi);
      this.setReg(dl, lo);
      this.setFlag('N', `(${hi} >>> 31)`);
      this.setFlag('Z', `((${hi} | ${lo}) === 0 ? 1 : 0)`);
      this.setFlag('V', '0');
    } else {
      this.setReg(dl, lo);
      this.setCc({ kind: 'logic', r: lo }, false);
      this.setFlag('V', signed ? `(${hi} !== ${lo} >> 31 ? 1 : 0)` : `(${hi} !== 0 ? 1 : 0)`);
    }
    this.k += T.mulL + fetchImmEA(eaKind(mode, reg), false, 4);
  }

  /**
   * DIVU.L/DIVS.L <ea>,Dq or <ea>,Dr:Dq (32-bit dividend) from a data
   * register or an immediate. A zero divisor runs the whole instruction
   * again through the interpreter's handler (it takes the trap); the
   * 64-bit dividends and memory divisors are the handler's.
   */
  private divLong(op: number): void {
    const ext = this.word();
    if (ext & 0x83f8 || ext & 0x400) throw UNSUPPORTED; // illegal, or a 64-bit dividend
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    if (!(mode === 0 || (mode === 7 && reg === 4))) throw UNSUPPORTED;
    const signed = (ext & 0x800) !== 0;
    const dq = (ext >> 12) & 7;
    const dr = ext & 7;
    const d = this.val(this.load(this.ea(mode, reg, 4), 4));
    const n = this.val(this.reg(dq));
    this.emit(`if (${d} === 0) { ${this.handlerCall()} }`);
    const k = eaKind(mode, reg);
    this.k += (signed ? T.divsL : T.divuL) + fetchImmEA(k, false, 4);
    const q = this.t();
    const rem = this.t();
    const over = signed ? `${n} === -2147483648 && ${d} === -1` : 'false';
    this.emit(`if (${over}) { ${q} = 0; ${rem} = 1; } else {`);
    if (signed)
      this.emit(`  ${q} = Math.trunc(${n} / ${d}) | 0; ${rem} = (${n} - Math.imul(${q}, ${d})) | 0;`);
    else
      this.emit(
        `  ${q} = Math.floor((${n} >>> 0) / (${d} >>> 0)) | 0; ${rem} = ((${n} >>> 0) - Math.imul(${q}, ${d})) | 0;`,
      );
    this.emit('}');
    if (signed) {
      // Overflow (only -2^31 / -1): V set, C clear, the registers and N, Z as they were.
      const ov = this.val(over);
      this.setFlag('N', `(${ov} ? ${this.flags.N} : ${q} >>> 31)`);
      this.setFlag('Z', `(${ov} ? ${this.flags.Z} : ${q} === 0 ? 1 : 0)`);
      this.setFlag('V', `(${ov} ? 1 : 0)`);
      this.setFlag('C', '0');
      this.setReg(dr, `${ov} ? ${this.reg(dr)} : ${rem}`);
      this.setReg(dq, `${ov} ? ${this.reg(dq)} : ${q}`);
    } else {
      this.setCc({ kind: 'logic', r: q }, false);
      this.setReg(dr, rem);
      this.setReg(dq, q);
    }
  }

  private line5(op: number): boolean {
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const k = eaKind(mode, reg);
    if (((op >> 6) & 3) === 3) {
      const cc = (op >> 8) & 15;
      if (mode === 1) return this.dbcc(op, cc);
      if (mode === 7 && reg >= 2 && reg <= 4) throw UNSUPPORTED; // TRAPcc
      if (mode === 0) {
        this.setReg(reg, `(${this.reg(reg)} & -256) | (${this.cond(cc)} ? 255 : 0)`);
        this.k += T.sccReg;
      } else {
        const loc = this.ea(mode, reg, 1);
        if (loc.t !== 'm') throw UNSUPPORTED;
        this.write(1, loc.addr, this.val(`${this.cond(cc)} ? 255 : 0`));
        this.k += T.sccMem + calcEA(k);
      }
      this.commit();
      return false;
    }
    // ADDQ, SUBQ
    const data = (op >> 9) & 7 || 8;
    const subtract = (op & 0x100) !== 0;
    const size = SIZES[(op >> 6) & 3];
    if (mode === 1) {
      this.setReg(8 + reg, `(${this.reg(8 + reg)} ${subtract ? '-' : '+'} ${data}) | 0`);
      this.k += T.quickToReg;
    } else {
      const loc = this.ea(mode, reg, size);
      const d = this.rmwLoad(loc, size);
      this.store(loc, size, this.arith(subtract, size, String(data), d));
      this.k +=
        mode === 0 && size === 4
          ? T.quickToReg
          : (mode === 0 ? T.quickToReg : T.quickToMem) + eaTime(k, size);
    }
    this.commit();
    return false;
  }

  private dbcc(op: number, cc: number): boolean {
    const reg = op & 7;
    const disp = (this.word() << 16) >> 16;
    const target = (this.insn.pc + 2 + disp) >>> 0;
    const d = NAMES[reg];
    this.used.add(reg);
    this.written.add(reg);
    const v = this.t();
    this.emit(`if (!(${this.cond(cc)})) {`);
    this.emit(`  const ${v} = (${d} - 1) & 65535; ${d} = (${d} & -65536) | ${v};`);
    this.emit(`  if (${v} !== 65535) ${this.jump(target, this.k + T.dbccLoop, this.n + 1)}`);
    this.emit(`  base += ${T.dbccExpired - T.dbccTrue};`);
    this.emit('}');
    this.k += T.dbccTrue;
    this.extra += T.dbccExpired - T.dbccTrue;
    return false;
  }

  private branch(op: number): boolean {
    const cc = (op >> 8) & 15;
    const d8 = op & 0xff;
    const target = branchTarget(this.insn, (o) => this.wordAt(this.insn, o));
    this.pos = this.insn.len;
    const next = (this.insn.pc + this.insn.len) >>> 0;
    if (cc === 1) {
      // BSR
      this.push32(String(next));
      this.commit();
      this.k += T.bsr;
      this.n++;
      this.emit(this.exit(String(target), this.k, this.n, 0));
      return true;
    }
    if (cc === 0) {
      this.k += T.branchTaken;
      this.n++;
      this.emit(this.jump(target, this.k, this.n));
      return true;
    }
    this.emit(`if (${this.cond(cc)}) ${this.jump(target, this.k + T.branchTaken, this.n + 1)}`);
    this.k += d8 !== 0 && d8 !== 0xff ? T.bccNotTakenB : T.bccNotTakenW;
    return false;
  }

  private line8C(op: number): void {
    const line = op >> 12;
    const dn = (op >> 9) & 7;
    const opmode = (op >> 6) & 7;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const k = eaKind(mode, reg);
    if (opmode === 3 || opmode === 7) {
      if (line === 8) throw UNSUPPORTED; // DIVU.W, DIVS.W
      const s = this.val(this.load(this.ea(mode, reg, 2), 2));
      const d = this.reg(dn);
      const r =
        opmode === 7
          ? this.val(`Math.imul((${s} << 16) >> 16, (${d} << 16) >> 16)`)
          : this.val(`Math.imul(${s}, ${d} & 65535)`);
      this.setReg(dn, r);
      this.logicFlags(r, 4);
      this.k += T.mulW + eaTime(k, 2);
      this.commit();
      return;
    }
    if (opmode >= 4 && mode <= 1) {
      if (line === 8 || opmode === 4) throw UNSUPPORTED; // SBCD, PACK, UNPK, ABCD
      // EXG Dx,Dy (opmode 5, mode 0), Ax,Ay (5, 1), Dx,Ay (6, 1)
      const x = opmode === 5 && mode === 1 ? 8 + dn : dn;
      const y = mode === 1 ? 8 + reg : reg;
      const vx = this.reg(x);
      const vy = this.reg(y);
      this.setReg(x, vy);
      this.setReg(y, vx);
      this.k += T.exg;
      this.commit();
      return;
    }
    this.logic(line === 0xc ? '&' : '|', op);
  }

  /** AND, OR, EOR in their <ea>,Dn and Dn,<ea> forms. */
  private logic(o: string, op: number): void {
    const dn = (op >> 9) & 7;
    const opmode = (op >> 6) & 7;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const k = eaKind(mode, reg);
    const size = SIZES[opmode & 3];
    if (opmode < 3) {
      const s = this.load(this.ea(mode, reg, size), size);
      const r = this.val(
        size === 4 ? `${s} ${o} ${this.reg(dn)}` : `(${s} ${o} ${this.reg(dn)}) & ${MASK[size]}`,
      );
      this.setDn(dn, size, r);
      this.logicFlags(r, size);
      this.k += T.aluToReg + eaTime(k, size);
    } else {
      const loc = this.ea(mode, reg, size);
      const r = this.val(`${this.reg(dn)} ${o} ${this.rmwLoad(loc, size)}`);
      this.logicFlags(r, size);
      this.store(loc, size, r);
      this.k += (mode === 0 ? T.aluToReg : T.aluToMem) + eaTime(k, size);
    }
    this.commit();
  }

  private addSub(op: number): void {
    const subtract = op >> 12 === 9;
    const rx = (op >> 9) & 7;
    const opmode = (op >> 6) & 7;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const k = eaKind(mode, reg);
    if (opmode === 3 || opmode === 7) {
      // ADDA, SUBA
      const size = opmode === 3 ? 2 : 4;
      const s = this.load(this.ea(mode, reg, size), size);
      const v = size === 2 ? `((${s} << 16) >> 16)` : s;
      this.setReg(8 + rx, `(${this.reg(8 + rx)} ${subtract ? '-' : '+'} ${v}) | 0`);
      this.k += T.aluToReg + eaTime(k, size);
      this.commit();
      return;
    }
    const size = SIZES[opmode & 3];
    if (opmode < 3) {
      const s = this.load(this.ea(mode, reg, size), size);
      this.setDn(rx, size, this.arith(subtract, size, s, this.reg(rx)));
      this.k += T.aluToReg + eaTime(k, size);
    } else {
      if (mode === 1) throw UNSUPPORTED; // ADDX, SUBX -(Ay),-(Ax)
      if (mode === 0) {
        this.extend(subtract, size, this.reg(reg), rx);
        this.commit();
        return;
      }
      const loc = this.ea(mode, reg, size);
      const d = this.rmwLoad(loc, size);
      this.store(loc, size, this.arith(subtract, size, this.reg(rx), d));
      this.k += T.aluToMem + eaTime(k, size);
    }
    this.commit();
  }

  /** ADDX/SUBX Dy,Dx: X comes in, Z only ever cleared (a multi-precision zero test). */
  private extend(sub: boolean, size: number, s: string, rx: number): void {
    const sh = 32 - 8 * size;
    const x = this.val(this.flags.X);
    const z = this.val(this.flags.Z);
    const a = this.val(sh ? `${s} << ${sh}` : s);
    const b = this.val(sh ? `${this.reg(rx)} << ${sh}` : this.reg(rx));
    const xin = sh ? `(${x} << ${sh})` : x;
    const r = this.val(sub ? `(${b} - ${a} - ${xin}) | 0` : `(${a} + ${b} + ${xin}) | 0`);
    const c = sub
      ? this.val(`((${a} & ~${b}) | (${r} & ~${b}) | (${a} & ${r})) >>> 31`)
      : this.val(`((${a} & ${b}) | (~${r} & (${a} | ${b}))) >>> 31`);
    this.setFlag('N', `(${r} >>> 31)`);
    this.setFlag('Z', `(${r} !== 0 ? 0 : ${z})`);
    this.setFlag(
      'V',
      sub ? `(((${a} ^ ${b}) & (${r} ^ ${b})) >>> 31)` : `(((${a} ^ ${r}) & (${b} ^ ${r})) >>> 31)`,
    );
    this.setFlag('C', c);
    this.setFlag('X', c);
    this.setDn(rx, size, sh ? `${r} >>> ${sh}` : r);
    this.k += T.extendReg;
  }

  private lineB(op: number): void {
    const rx = (op >> 9) & 7;
    const opmode = (op >> 6) & 7;
    const mode = (op >> 3) & 7;
    const reg = op & 7;
    const k = eaKind(mode, reg);
    if (opmode === 3 || opmode === 7) {
      // CMPA
      const size = opmode === 3 ? 2 : 4;
      const s = this.load(this.ea(mode, reg, size), size);
      this.arith(true, 4, size === 2 ? `((${s} << 16) >> 16)` : s, this.reg(8 + rx), false, true);
      this.k += T.cmpa + eaTime(k, size);
    } else if (opmode < 3) {
      const size = SIZES[opmode];
      const s = this.load(this.ea(mode, reg, size), size);
      this.arith(true, size, s, this.reg(rx), false, true);
      this.k += T.aluToReg + eaTime(k, size);
    } else if (mode === 1) {
      // CMPM (Ay)+,(Ax)+
      const size = SIZES[opmode & 3];
      const s = this.load(this.ea(3, reg, size), size);
      const d = this.load(this.ea(3, rx, size), size);
      this.arith(true, size, s, d, false, true);
      this.k += T.cmpm;
    } else {
      this.logic('^', op);
      return;
    }
    this.commit();
  }

  /**
   * BFTST, BFEXTU, BFEXTS of a data register with an immediate offset and
   * width (the others, and fields in memory, are the handler's). The field
   * is counted from the register's most significant bit and wraps round.
   */
  private bitField(op: number): void {
    const kind = (op >> 8) & 7; // 0 BFTST, 1 BFEXTU, 3 BFEXTS
    const mode = (op >> 3) & 7;
    const ext = this.word();
    if (mode !== 0 || (kind !== 0 && kind !== 1 && kind !== 3) || ext & 0x820) throw UNSUPPORTED;
    const off = (ext >> 6) & 31;
    const width = ext & 31 || 32;
    const v = this.val(this.reg(op & 7));
    const rot = off === 0 ? v : this.val(`(${v} << ${off}) | (${v} >>> ${32 - off})`);
    // The field's top bit at bit 31, the rest zero: N, Z (V and C clear) as from a logic result.
    const top = this.val(width === 32 ? rot : `${rot} & ${(-1 << (32 - width)) | 0}`);
    this.setCc({ kind: 'logic', r: top }, false);
    if (kind === 1) this.setReg((ext >> 12) & 7, width === 32 ? top : `${top} >>> ${32 - width}`);
    if (kind === 3) this.setReg((ext >> 12) & 7, width === 32 ? top : `${top} >> ${32 - width}`);
    this.k += T.bfReg[kind];
    this.commit();
  }

  /**
   * A register shift by Dn (modulo 64), or ROXL/ROXR: the interpreter's own
   * shift(), which sets the condition codes in the CPU (it reads X, and
   * leaves it as it was for a count of 0).
   */
  private shiftByRegister(op: number): void {
    const size = SIZES[(op >> 6) & 3];
    const type = (op >> 3) & 3;
    const left = (op & 0x100) !== 0;
    const dy = op & 7;
    const cnt = (op >> 9) & 7;
    const n = op & 0x20 ? `${this.reg(cnt)} & 63` : String(cnt || 8);
    const old = this.val(this.reg(dy));
    const mask = size === 4 ? -1 : (1 << (size * 8)) - 1;
    if (this.flags.X !== 'cpu.flagX') this.emit(`cpu.flagX = ${this.flags.X};`);
    const r = this.val(`shift(cpu, ${type}, ${left}, ${size * 8}, ${old} & ${mask}, ${n})`);
    for (const f of FLAGS) this.flags[f] = `cpu.flag${f}`;
    this.cc = null;
    this.setDn(dy, size, r);
    this.k +=
      type === LS
        ? op & 0x20
          ? T.lsReg
          : T.lsImm
        : type === AS
          ? left
            ? T.asl
            : T.asr
          : type === RO
            ? T.rot
            : T.roxd;
    this.commit();
  }

  /** Register shifts by an immediate count; the rest (register counts, ROXL/ROXR, memory) are the handler's. */
  private shift(op: number): void {
    const sz = (op >> 6) & 3;
    if ((op & 0x8c0) === 0x8c0) {
      this.bitField(op);
      return;
    }
    if (sz === 3) throw UNSUPPORTED; // memory shifts
    const type = (op >> 3) & 3;
    if (op & 0x20 || type === 2) {
      this.shiftByRegister(op);
      return;
    }
    const left = (op & 0x100) !== 0;
    const size = SIZES[sz];
    const bits = size * 8;
    const n = (op >> 9) & 7 || 8;
    const dy = op & 7;
    const mask = bits === 32 ? '-1' : String((1 << bits) - 1);
    const old = this.reg(dy);
    const v = this.val(bits === 32 ? old : `${old} & ${mask}`);
    let r: string;
    if (type === 3) {
      // ROL, ROR: C is the last bit rotated; X unaffected.
      const k = n & (bits - 1);
      r =
        k === 0
          ? v
          : this.val(
              left
                ? `((${v} << ${k}) | (${v} >>> ${bits - k})) & ${mask}`
                : `((${v} >>> ${k}) | (${v} << ${bits - k})) & ${mask}`,
            );
      this.setFlag('C', left ? `(${r} & 1)` : `((${r} >>> ${bits - 1}) & 1)`);
      this.setFlag('V', '0');
      this.k += T.rot;
    } else if (left) {
      r = this.val(`(${v} << ${n}) & ${mask}`);
      const c = this.val(n < bits ? `(${v} >>> ${bits - n}) & 1` : `${v} & 1`);
      this.setFlag('C', c);
      this.setFlag('X', c);
      if (type === 0) {
        if (n >= bits) this.setFlag('V', `(${v} !== 0 ? 1 : 0)`);
        else {
          const top = this.val(`${v} >>> ${bits - 1 - n}`);
          const ones = (1 << (n + 1)) - 1;
          this.setFlag('V', `(${top} !== 0 && ${top} !== ${ones} ? 1 : 0)`);
        }
      } else this.setFlag('V', '0');
      this.k += type === 0 ? T.asl : T.lsImm;
    } else {
      if (type === 0)
        r = this.val(`((${v} << ${32 - bits}) >> ${32 - bits + Math.min(n, bits - 1)}) & ${mask}`);
      else r = this.val(n < bits ? `${v} >>> ${n}` : '0');
      const c = this.val(`(${v} >>> ${n - 1}) & 1`);
      this.setFlag('C', c);
      this.setFlag('X', c);
      this.setFlag('V', '0');
      this.k += type === 0 ? T.asr : T.lsImm;
    }
    this.setFlag('N', `((${r} >>> ${bits - 1}) & 1)`);
    this.setFlag('Z', `(${r} === 0 ? 1 : 0)`);
    this.setDn(dy, size, r);
    this.commit();
  }
}

/** Helpers the generated code calls. */
const HELPERS = { mulHighS, mulHighU, subCC, addCC, logicCC, shift };

/*
 * Storing the condition codes where a block is left, from the operands of
 * the operation that set them (shifted so that the sign is bit 31).
 */
function subCC(cpu: Cpu, a: number, b: number, r: number): void {
  cpu.flagN = r >>> 31;
  cpu.flagZ = r === 0 ? 1 : 0;
  cpu.flagV = ((a ^ b) & (r ^ b)) >>> 31;
  cpu.flagC = b >>> 0 < a >>> 0 ? 1 : 0;
}

function addCC(cpu: Cpu, a: number, b: number, r: number): void {
  cpu.flagN = r >>> 31;
  cpu.flagZ = r === 0 ? 1 : 0;
  cpu.flagV = ((a ^ r) & (b ^ r)) >>> 31;
  cpu.flagC = r >>> 0 < a >>> 0 ? 1 : 0;
}

function logicCC(cpu: Cpu, r: number): void {
  cpu.flagN = r >>> 31;
  cpu.flagZ = r === 0 ? 1 : 0;
  cpu.flagV = 0;
  cpu.flagC = 0;
}

/** Translate a block (at least one instruction) into a function. */
export function translateBlock(insns: Insn[], ram: Uint8Array, opts: TranslateOptions): Translation {
  const t = new BlockTranslator(insns, ram, opts);
  const body = t.translate();
  const source = `const { mulHighS, mulHighU, subCC, addCC, logicCC, shift } = X;\n${body}`;
  const make = new Function('H', 'X', source) as (h: Handler[], x: typeof HELPERS) => BlockFn;
  return { fn: make(t.handlers, HELPERS), source, inline: t.inline };
}
