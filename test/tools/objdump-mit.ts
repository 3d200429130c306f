/**
 * Renders a decoded instruction (emu/cpu/disasm.ts) the way
 * `m68k-linux-gnu-objdump -m m68k:68020` prints it, so that the two can be
 * compared as strings. objdump has no Motorola-syntax mode for m68k, and its
 * MIT syntax cannot be turned back into ours unambiguously (it prints
 * `%a0@(10)` for both a decimal d16 displacement and a hexadecimal full-format
 * base displacement), so the comparison goes the other way: our decoded
 * operands, printed in objdump's dialect, quirks included:
 *
 *   - registers `%d0`, `%a0`, a6 is `%fp`, a7 is `%sp`; mnemonics without the
 *     dot (`movel`, `bras`, `divull`);
 *   - immediates in signed decimal of their size (`#-1` for a word $ffff);
 *     addresses and branch targets as `0x` hex; BKPT's vector without `#`;
 *   - (d16,An) as `%a0@(-8)` in decimal, but index and full-format
 *     displacements in hex without `0x`, negative ones as 64-bit two's
 *     complement (`ffffffffffffff80`); outer displacements likewise;
 *   - PC-relative displacements as the target address (`%pc@(0x1234)`),
 *     except with the PC suppressed (`%zpc@(bd)`, raw);
 *   - MOVEM lists with ranges that run from the data into the address
 *     registers (`%d7-%a1`), `#0` for an empty list;
 *   - bit fields and register pairs as plain comma-separated operands
 *     (`bfextu %d4,2,5,%d0`, `mulul %d0,%d2,%d1`), bit-field width 32 as 0;
 *   - DIVU.L/DIVS.L <ea>,Dq (32/32, no remainder) as `divull <ea>,%dq,%dq`;
 *   - words that are not instructions as `.short 0x4afa`.
 */
import type { Decoded, IndexedOperand, IndexReg, Operand } from '../../emu/cpu/disasm.js';

const NAMES = [
  'd0',
  'd1',
  'd2',
  'd3',
  'd4',
  'd5',
  'd6',
  'd7',
  'a0',
  'a1',
  'a2',
  'a3',
  'a4',
  'a5',
  'fp',
  'sp',
];
const reg = (r: number) => `%${NAMES[r]}`;

/** objdump's `0x%x` address form (32-bit). */
const addr = (v: number) => `0x${(v >>> 0).toString(16)}`;

/** A signed displacement printed as an unprefixed 64-bit hex number. */
function hex64(v: number): string {
  v |= 0;
  return v < 0 ? `ffffffff${(v >>> 0).toString(16).padStart(8, '0')}` : v.toString(16);
}

function signed(v: number, size: number): number {
  const bits = 32 - 8 * size;
  return (v << bits) >> bits;
}

function index(x: IndexReg): string {
  return `${reg(x.reg)}:${x.long ? 'l' : 'w'}${x.scale ? `:${1 << x.scale}` : ''}`;
}

function indexed(o: IndexedOperand): string {
  if (o.brief) {
    const base = o.base === 'pc' ? `%pc@(${addr(o.bd)}` : `${reg(8 + o.base)}@(${hex64(o.bd)}`;
    return `${base},${index(o.index!)})`;
  }
  let base: string;
  if (o.base === 'pc') base = o.baseSuppressed ? `%zpc@(${hex64(o.bd)}` : `%pc@(${addr(o.bd)}`;
  else base = o.baseSuppressed ? `@(${hex64(o.bd)}` : `${reg(8 + o.base)}@(${hex64(o.bd)}`;
  const x = o.index ? `,${index(o.index)}` : '';
  if (o.indirect === 'none') return `${base}${x})`;
  if (o.indirect === 'pre') return `${base}${x})@(${hex64(o.od)})`;
  return `${base})@(${hex64(o.od)}${x})`;
}

/** objdump's register list: ranges over the 16 registers in d0..a7 order. */
function regList(mask: number): string {
  if (mask === 0) return '#0';
  const parts: string[] = [];
  for (let i = 0; i < 16; i++) {
    if (!(mask & (1 << i))) continue;
    let j = i;
    while (j + 1 < 16 && mask & (1 << (j + 1))) j++;
    parts.push(j > i ? `${reg(i)}-${reg(j)}` : reg(i));
    i = j;
  }
  return parts.join('/');
}

function operand(o: Operand): string {
  switch (o.k) {
    case 'dn':
      return reg(o.r);
    case 'an':
      return reg(8 + o.r);
    case 'ind':
      return `${reg(8 + o.r)}@`;
    case 'postinc':
      return `${reg(8 + o.r)}@+`;
    case 'predec':
      return `${reg(8 + o.r)}@-`;
    case 'rind':
      return o.r < 8 ? `@(${reg(o.r)})` : `${reg(o.r)}@`;
    case 'disp':
      return `${reg(8 + o.r)}@(${o.d})`;
    case 'idx':
      return indexed(o);
    case 'absw':
    case 'absl':
      return addr(o.addr);
    case 'pcdisp':
      return `%pc@(${addr(o.target)})`;
    case 'imm':
      return `#${signed(o.v, o.size)}`;
    case 'addr':
      return addr(o.v);
    case 'regs':
      return regList(o.mask);
    case 'special':
      return `%${o.name}`;
    case 'bitfield': {
      const part = (p: { reg: number } | { v: number }) => ('reg' in p ? reg(p.reg) : String(p.v & 31));
      return `${operand(o.ea)},${part(o.offset)},${part(o.width)}`;
    }
    case 'pair':
      return `${operand(o.a)},${operand(o.b)}`;
    case 'fp':
      return `%fp${o.r}`;
    case 'fpregs': {
      const parts: string[] = [];
      for (let i = 0; i < 8; i++) {
        if (!(o.mask & (1 << i))) continue;
        let j = i;
        while (j + 1 < 8 && o.mask & (1 << (j + 1))) j++;
        parts.push(j > i ? `%fp${i}-%fp${j}` : `%fp${i}`);
        i = j;
      }
      return parts.length ? parts.join('/') : '#0';
    }
    case 'fpctl':
      // objdump lists them from FPIAR up.
      return ['fpiar', 'fpsr', 'fpcr']
        .filter((_, i) => o.mask & (1 << i))
        .map((n) => `%${n}`)
        .join('/');
    case 'fimm':
      return `#fimm`;
    case 'kfactor':
      return 'reg' in o.factor ? `${operand(o.ea)},%d${o.factor.reg}` : `${operand(o.ea)}{#${o.factor.v}}`;
  }
}

/** The instruction as objdump would print it. */
export function objdumpSyntax(ins: Decoded): string {
  if (ins.illegal) return `.short 0x${(ins.operands[0] as { v: number }).v.toString(16).padStart(4, '0')}`;
  let name = ins.mnemonic.replace('.', '');
  // FBcc.W prints without a size, FBcc.L with it; FMOVECR as fmovecrx.
  if (/^fb\w+\.w$/.test(ins.mnemonic)) name = ins.mnemonic.slice(0, -2);
  let ops = ins.operands.map(operand);
  if (name === 'bkpt') ops = ops.map((s) => s.slice(1));
  // objdump has no two-operand DIVx.L <ea>,Dq; it prints the DIVxL form with Dq twice.
  if ((name === 'divul' || name === 'divsl') && ins.operands[1].k === 'dn') {
    name = `${name}l`;
    ops = [ops[0], ops[1], ops[1]];
  }
  return ops.length ? `${name} ${ops.join(',')}` : name;
}
