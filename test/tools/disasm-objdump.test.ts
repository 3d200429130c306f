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
 *   line-f         Line-F words: objdump decodes the 68881/68882 FPU and
 *                  68851 PMMU instructions for m68k:68020; sun3lab has no
 *                  coprocessors, so they are `dc.w` here.
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
  | 'line-f';

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
});
