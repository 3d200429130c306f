/**
 * The disassembler against GNU objdump (`m68k-linux-gnu-objdump -D -b binary
 * -m m68k:68020`) on a large deterministic random sample: every one of the
 * 65,536 opcode words four times, each followed by ten random extension words,
 * plus a targeted pass over CAS2 and MOVEC (two opcodes each, so rare in
 * the main passes). docs/disassembler.md describes the method.
 *
 * objdump prints MIT syntax and has no Motorola mode for m68k, so each of our
 * decodes is rendered in objdump's dialect (objdump-mit.ts) and compared as
 * a string, with the instruction length. Differences are allowed only in
 * these classes, each checked and counted:
 *
 *   reserved-ext   A full-format index extension word with a reserved
 *                  encoding (bit 3 set, BD SIZE 0, I/IS 100, IS=1 with I/IS
 *                  101-111). The 68020 takes an illegal-instruction trap
 *                  (MC68020 UM table 2-2); objdump decodes it anyway. Our
 *                  relaxed decode must then match objdump exactly.
 *   reserved-bits  Must-be-zero bits set in the extension word of CAS, CAS2,
 *                  CHK2/CMP2, MOVES, MULx.L, DIVx.L: the CPU core traps,
 *                  objdump ignores them. Relaxed decode must match exactly.
 *   movec          MOVEC with a control register the 68020 lacks (TC, ITT0,
 *                  ... of the 68030/040/CPU32/ColdFire, or unassigned):
 *                  illegal on a 68020, objdump names it.
 *   addq-byte-an   ADDQ.B/SUBQ.B #n,An: byte size to an address register is
 *                  illegal (UM: "word and long only"), objdump accepts it.
 *   swbeg          0x4AFD: objdump's `swbegl` (an SVR3 assembler pseudo-op
 *                  for switch tables, in its table for every m68k), which is
 *                  TAS with an invalid mode on a 68020.
 *   bitfield-bits  A bit-field extension word with unused bits set (bit 15,
 *                  or the register field of BFTST/BFCHG/BFCLR/BFSET): objdump
 *                  rejects it, the CPU core ignores those bits and so do we.
 *   line-f         Line-F words for a coprocessor other than the 68881
 *                  (objdump decodes the 68851 PMMU's for m68k:68020): `dc.w`
 *                  here. In the FPU pass (below) only for words the 68881
 *                  refuses and objdump decodes as a 68040 or 68882 form.
 *
 * A second pass covers the MC68881 (coprocessor 1): 400,000 samples whose
 * operation word is shaped to be valid often, with two more classes:
 *
 *   fp-immediate   A real immediate (.s .d .x .p): objdump prints its value
 *                  in a float notation of its own (`#0e1.5`); the rest of
 *                  the instruction and the length must match.
 *   control-reg    FMOVE between FPCR or FPSR and an address register, or
 *                  of several control registers with a data or address
 *                  register: the 68881 allows a register only for a single
 *                  one, An only for FPIAR; objdump accepts them all.
 *   control-imm    FMOVEM of several control registers from immediates:
 *                  one long word per register; objdump reads only one.
 *   dn-wide        A data register as an operand of format .x, .p or .d:
 *                  four bytes cannot hold it (the 68881 refuses; objdump
 *                  decodes).
 *   ea-ignored     An FPm,FPn operation whose opcode has a non-zero EA
 *                  field: the 68881 ignores the field, objdump refuses
 *                  FMOVE (only) that way.
 *   fmovem-pc      FMOVEM from a PC-relative address: a control mode, so
 *                  the 68881 accepts it; objdump does not.
 *   reserved-ext   As in the first pass (FSAVE, FRESTORE and the operands).
 *   empty-list     A control register move with no register selected:
 *                  objdump prints `fmovel <ea>,` ; the 68881 refuses it.
 *   ftrapcc        FTRAPcc.W/.L #n: objdump prints the operand but counts
 *                  only four bytes, and decodes the operand as the next
 *                  instruction.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Decoded, decodeInstruction, formatInstruction } from '../../emu/cpu/disasm.js';
import { objdumpSyntax } from './objdump-mit.js';

/** xorshift32: small, fast and the same everywhere. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** Make an index extension word a valid full-format one (it may then be brief, which is fine). */
function saneIndex(w: number): number {
  w &= ~8;
  if (((w >> 4) & 3) === 0) w |= 0x10;
  const iis = w & 7;
  if (iis === 4 || (w & 0x40 && iis > 4)) w &= ~4;
  return w;
}

const CONTROL = [0x000, 0x001, 0x002, 0x800, 0x801, 0x802, 0x803, 0x804];

/**
 * Shapes for the first extension word, so that the instructions whose
 * extension word has fixed-zero fields are not nearly always illegal: random,
 * a valid index word, and the must-be-zero masks of CHK2/CMP2/MOVES,
 * MULL/DIVL, CAS, CAS2, the bit number of static bit operations and byte
 * immediates, bit-field words, and MOVEC (68020 control registers).
 */
const SHAPES: ((w: number) => number)[] = [
  (w) => w,
  saneIndex,
  (w) => w & 0xf800,
  (w) => w & 0x7c07,
  (w) => w & 0x01c7,
  (w) => w & 0xf1c7,
  (w) => w & 0x00ff,
  (w) => w & 0x7fff,
  (w) => (w & 0xf000) | CONTROL[w & 7],
];
const CAS2_SHAPE = 5;
const MOVEC_SHAPE = 8;

// Each sample takes a 44-byte slot: the opcode and ten extension words (the
// longest 68020 instruction is 22 bytes), then eleven NOPs. objdump decodes
// the slot sequentially; whatever it makes of the leftover random words, it
// cannot run more than 20 bytes into the NOPs, so it is back in step at the
// next slot.
const SLOT = 44;
const WORDS = 11;
const NOP = 0x4e71;
const BASE = 0x40000; // a non-zero load address exercises PC-relative targets

function buildSample(): Buffer {
  const rnd = prng(0x5eed1234);
  const opcodes: { op: number; shape?: number }[] = [];
  for (let pass = 0; pass < 4; pass++) for (let op = 0; op < 0x10000; op++) opcodes.push({ op });
  for (let i = 0; i < 1024; i++) {
    opcodes.push({ op: i & 1 ? 0x0efc : 0x0cfc, shape: CAS2_SHAPE });
    opcodes.push({ op: i & 1 ? 0x4e7b : 0x4e7a, shape: i & 2 ? MOVEC_SHAPE : 0 });
  }
  const buf = Buffer.alloc(opcodes.length * SLOT);
  opcodes.forEach(({ op, shape }, i) => {
    const s = shape ?? rnd() % SHAPES.length;
    buf.writeUInt16BE(op, i * SLOT);
    for (let j = 1; j < WORDS; j++) {
      let w = rnd() & 0xffff;
      if (j === 1 || (j === 2 && s === CAS2_SHAPE)) w = SHAPES[s](w);
      else if (rnd() & 1) w = saneIndex(w);
      buf.writeUInt16BE(w, i * SLOT + 2 * j);
    }
    for (let j = WORDS; j < SLOT / 2; j++) buf.writeUInt16BE(NOP, i * SLOT + 2 * j);
  });
  return buf;
}

/** objdump's decode of the first instruction of every slot: text and length in bytes. */
function objdump(file: string, slots: number): { text: string; length: number }[] {
  const listing = execFileSync(
    'm68k-linux-gnu-objdump',
    ['-D', '-b', 'binary', '-m', 'm68k:68020', `--adjust-vma=${BASE}`, file],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const result: { text: string; length: number }[] = new Array(slots);
  let current: { text: string; length: number } | undefined;
  for (const line of listing.split('\n')) {
    // "   40000:\t0c3a 0001 0010 \tcmpib #1,%pc@(0x40026)"; long instructions
    // continue on lines with an address and hex words but no text.
    const m = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*(?:\t(.*))?$/.exec(line);
    if (!m) continue;
    const bytes = m[2].replace(/ /g, '').length / 2;
    if (m[3] === undefined) {
      if (current) current.length += bytes;
      continue;
    }
    current = { text: m[3].trim(), length: bytes };
    const off = Number.parseInt(m[1], 16) - BASE;
    if (off % SLOT === 0) result[off / SLOT] = current;
  }
  return result;
}

type Outcome =
  | 'same'
  | 'reserved-ext'
  | 'reserved-bits'
  | 'movec'
  | 'addq-byte-an'
  | 'swbeg'
  | 'bitfield-bits'
  | 'line-f'
  | 'fp-immediate'
  | 'ftrapcc'
  | 'empty-list'
  | 'control-reg'
  | 'control-imm'
  | 'dn-wide'
  | 'ea-ignored'
  | 'fmovem-pc';

/** Which documented class explains a difference, or null. */
function explain(
  ins: Decoded,
  theirs: { text: string; length: number },
  read16: (a: number) => number,
  pc: number,
): Outcome | null {
  const op = read16(pc);
  const ext = read16(pc + 2);
  const mnemonic = theirs.text.split(' ')[0];
  if (ins.reason === 'reserved-ext' || ins.reason === 'reserved-bits') {
    const relaxed = decodeInstruction(read16, pc, { relaxed: true });
    return objdumpSyntax(relaxed) === theirs.text && relaxed.length === theirs.length ? ins.reason : null;
  }
  if (ins.reason === 'control-register' && mnemonic === 'movec') return 'movec';
  if ((op & 0xfe00) === 0xf200) return explainFpu(ins, { ...theirs, pc }, read16) as Outcome | null;
  if (ins.reason === 'line-f') return 'line-f';
  if (ins.reason === 'illegal' && (op & 0xf0f8) === 0x5008 && /^(add|sub)qb$/.test(mnemonic))
    return 'addq-byte-an';
  if (ins.reason === 'illegal' && op === 0x4afd && mnemonic === 'swbegl') return 'swbeg';
  const isBitField = (op & 0xf8c0) === 0xe8c0 && !ins.illegal;
  const noRegister = (op & 0x100) === 0; // BFTST, BFCHG, BFCLR, BFSET
  if (isBitField && mnemonic === '.short' && (ext & 0x8000 || (noRegister && ext & 0x7000)))
    return 'bitfield-bits';
  return null;
}

/** Operation words for the FPU pass: each shape aims at one group of the 68881's instructions. */
const FPU_OPMODES = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x14, 0x15,
  0x16, 0x18, 0x19, 0x1a, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x30,
  0x35, 0x38, 0x3a,
];
const FPU_SHAPES: ((w: number, r: () => number) => number)[] = [
  (w) => w, // anything
  (w, r) => (w & 0x1f80) | FPU_OPMODES[r() % FPU_OPMODES.length], // FPm,FPn
  (w, r) => 0x4000 | (w & 0x1f80) | FPU_OPMODES[r() % FPU_OPMODES.length], // <ea>,FPn
  (w) => 0x6000 | (w & 0x1fff), // FMOVE out
  (w) => 0x5c00 | (w & 0x3ff), // FMOVECR
  (w) => 0x8000 | (w & 0x3c00), // control registers in
  (w) => 0xa000 | (w & 0x1c00), // control registers out
  (w) => 0xc000 | (w & 0x3800) | (w & 0xff), // FMOVEM in
  (w) => 0xe000 | (w & 0x3800) | (w & 0xff), // FMOVEM out
  (w) => w & 0x1f, // predicates
];

function buildFpuSample(): Buffer {
  const rnd = prng(0x6888100);
  const count = 400_000;
  const buf = Buffer.alloc(count * SLOT);
  for (let i = 0; i < count; i++) {
    const op = 0xf200 | (rnd() & 0x1ff);
    buf.writeUInt16BE(op, i * SLOT);
    const shape = FPU_SHAPES[rnd() % FPU_SHAPES.length];
    for (let j = 1; j < WORDS; j++) {
      let w = rnd() & 0xffff;
      if (j === 1) w = shape(w, rnd);
      else if (rnd() & 1) w = saneIndex(w);
      buf.writeUInt16BE(w, i * SLOT + 2 * j);
    }
    for (let j = WORDS; j < SLOT / 2; j++) buf.writeUInt16BE(NOP, i * SLOT + 2 * j);
  }
  return buf;
}

/** The FPU pass's classes (see the top of the file), or null. */
function explainFpu(
  ins: Decoded,
  theirs: { text: string; length: number; pc: number },
  readAt: (a: number) => number,
): string | null {
  const ours = objdumpSyntax(ins);
  if (ins.illegal && /^fmovel (\S+,|,\S+)$/.test(theirs.text)) return 'empty-list';
  if (
    ins.illegal &&
    /^fmovel %fp(cr|sr),(%a\d|%fp|%sp)$|^fmovel (%a\d|%fp|%sp),%fp(cr|sr)$/.test(theirs.text)
  )
    return 'control-reg';
  if (
    ins.illegal &&
    /^fmoveml (%[ad]\d|%fp|%sp),%fp\w+\/|^fmoveml %fp\w+\/\S+,(%[ad]\d|%fp|%sp)$/.test(theirs.text)
  )
    return 'control-reg';
  if (ins.illegal && /^f\w+[xpd] %d\d(,%fp\d)*$/.test(theirs.text)) return 'dn-wide';
  if (/^fmoveml #/.test(ours) && theirs.text === ours.replace(/(,#[^,]+)+(?=,%)/, '')) return 'control-imm';
  const regToReg =
    !ins.illegal && ins.operands.length >= 1 && ins.operands[0].k === 'fp' && ins.mnemonic !== 'fmove.p';
  if (regToReg && theirs.text.startsWith('.short') && (readAt(theirs.pc) & 0x3f) !== 0) return 'ea-ignored';
  if (/^fmovem\.x/.test(ins.mnemonic) && /%z?pc@/.test(ours) && theirs.text.startsWith('.short'))
    return 'fmovem-pc';
  if (ins.reason === 'reserved-ext') {
    const relaxed = decodeInstruction((a) => readAt(a), theirs.pc, { relaxed: true });
    if (objdumpSyntax(relaxed) === theirs.text && relaxed.length === theirs.length) return 'reserved-ext';
  }
  if (
    ins.operands.some((o) => o.k === 'fimm') ||
    (/^f\w+\.s$/.test(ins.mnemonic) && ins.operands[0].k === 'imm')
  ) {
    const blank = (text: string) => text.replace(/#[^,]*/, '#');
    if (blank(ours) === blank(theirs.text) && ins.length === theirs.length) return 'fp-immediate';
  }
  if (/^ftrap\w+\.[wl]$/.test(ins.mnemonic) && ours === theirs.text && theirs.length === 4) return 'ftrapcc';
  return null;
}

describe('disassembler vs objdump -m m68k:68020', () => {
  it('agrees on a random sample of 264,192 instructions, apart from the documented classes', () => {
    const sample = buildSample();
    const slots = sample.length / SLOT;
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-disasm-'));
    let theirs: { text: string; length: number }[];
    try {
      const file = join(dir, 'sample.bin');
      writeFileSync(file, sample);
      theirs = objdump(file, slots);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const read16 = (a: number) => sample.readUInt16BE(a - BASE);

    const counts = new Map<Outcome, number>();
    const unexplained: string[] = [];
    const badText: string[] = [];
    for (let i = 0; i < slots; i++) {
      const pc = BASE + i * SLOT;
      const ins = decodeInstruction(read16, pc);
      const text = formatInstruction(ins);
      if (/undefined|NaN|\[object/.test(text)) badText.push(text);
      const t = theirs[i];
      let outcome: Outcome | null = 'same';
      if (t === undefined) outcome = null;
      else if (objdumpSyntax(ins) !== t.text || ins.length !== t.length)
        outcome = explain(ins, t, read16, pc);
      if (outcome) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      else if (unexplained.length < 20) {
        const words = Array.from({ length: 11 }, (_, j) =>
          read16(pc + 2 * j)
            .toString(16)
            .padStart(4, '0'),
        );
        unexplained.push(
          `${words.join(' ')}: objdump (${t?.length}) ${t?.text} / ours (${ins.length}) ${objdumpSyntax(ins)}`,
        );
      }
    }
    const summary = Object.fromEntries([...counts].sort());
    console.log(`disasm vs objdump: ${slots} instructions`, summary);
    expect(unexplained).toEqual([]);
    expect(badText).toEqual([]);
    expect(counts.get('same')).toBeGreaterThan(slots * 0.95);
  });

  it('agrees on 400,000 MC68881 instructions, apart from the documented classes', () => {
    const sample = buildFpuSample();
    const slots = sample.length / SLOT;
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-disasm-fpu-'));
    let theirs: { text: string; length: number }[];
    try {
      const file = join(dir, 'fpu.bin');
      writeFileSync(file, sample);
      theirs = objdump(file, slots);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const read16 = (a: number) => sample.readUInt16BE(a - BASE);
    const counts = new Map<string, number>();
    const unexplained: string[] = [];
    for (let i = 0; i < slots; i++) {
      const pc = BASE + i * SLOT;
      const ins = decodeInstruction(read16, pc);
      const t = theirs[i];
      let outcome: string | null = 'same';
      if (t === undefined) outcome = null;
      else if (objdumpSyntax(ins) !== t.text || ins.length !== t.length)
        outcome = explainFpu(ins, { ...t, pc }, read16);
      if (outcome) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      else if (unexplained.length < 30) {
        const words = Array.from({ length: 6 }, (_, j) =>
          read16(pc + 2 * j)
            .toString(16)
            .padStart(4, '0'),
        );
        unexplained.push(
          `${words.join(' ')}: objdump (${t?.length}) ${t?.text} / ours (${ins.length}) ${objdumpSyntax(ins)}`,
        );
      }
    }
    console.log(`disasm vs objdump, FPU: ${slots} instructions`, Object.fromEntries([...counts].sort()));
    expect(unexplained).toEqual([]);
    expect(counts.get('same')).toBeGreaterThan(slots * 0.5);
  });
});
