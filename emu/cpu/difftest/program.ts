/**
 * Turns a batch of generated cases into one static Linux/m68k executable.
 *
 * Each case copies its initial scratch image into the scratch area, loads
 * D0-D7/A0-A7 with MOVEM and the CCR with MOVE to CCR, jumps over its
 * constant block and runs its instructions. Then it stores the registers,
 * the CCR, its number and the scratch area into the output record and
 * writes the record to standard output (write(1, record, size) through
 * trap #0). After the last case the program calls exit(0). The same file
 * runs under qemu-m68k and, loaded by elf.ts, in sun3lab's core.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GenCase } from './gen.js';
import {
  CASETAB_BASE,
  OUT_BASE,
  REC_CCR,
  REC_INDEX,
  REC_SCRATCH,
  RECORD_SIZE,
  SCRATCH_BASE,
  SCRATCH_SIZE,
  SYS_EXIT,
  SYS_WRITE,
  TEXT_BASE,
} from './layout.js';

const run = promisify(execFile);

export const AS = 'm68k-linux-gnu-as';
export const LD = 'm68k-linux-gnu-ld';

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

const LINKER_SCRIPT = `ENTRY(_start)
SECTIONS {
  .scratch ${hex(SCRATCH_BASE)} : { *(.scratch) }
  .casetab ${hex(CASETAB_BASE)} : { *(.casetab) }
  .text ${hex(TEXT_BASE)} : { *(.text) }
  .rodata : { *(.rodata) }
  /DISCARD/ : { *(.note*) *(.comment) }
}
`;

function longs(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 32) {
    const v: string[] = [];
    for (let j = i; j < Math.min(i + 32, bytes.length); j += 4)
      v.push(hex((bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3]));
    out.push(`\t.long ${v.join(',')}`);
  }
  return out;
}

/** The constant block, with code addresses where the case asked for them. */
function cdataLines(c: GenCase): string[] {
  const out: string[] = [];
  for (let i = 0; i < c.cdata.length; i += 4) {
    const s = c.cdSym.find((x) => x.off === i);
    if (s) out.push(`\t.long ${s.expr}`);
    else {
      const d = c.cdata;
      out.push(`\t.long ${hex((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3])}`);
    }
  }
  return out;
}

export interface BatchSource {
  text: string;
  /** For each case, the first and last source line (1-based) of its instructions. */
  lineRanges: [number, number][];
}

/** Assembler source for a batch of cases. */
export function batchSource(cases: GenCase[]): BatchSource {
  const head: string[] = ['\t.section .scratch,"aw"', `\t.space ${OUT_BASE - SCRATCH_BASE + RECORD_SIZE}`];
  head.push('\t.section .casetab,"a"');
  for (const c of cases) head.push(`\t.long S${c.index},I${c.index},J${c.index}`);
  head.push('\t.long Send,Send,Send');
  head.push('\t.text', '\t.globl _start', '_start:');
  const text: string[] = [];
  const ranges: [number, number][] = [];
  const rodata: string[] = ['\t.section .rodata'];
  const nl = SCRATCH_SIZE / 4 - 1;
  for (const c of cases) {
    const i = c.index;
    text.push(
      `S${i}:`,
      `\tlea (R${i}).l,%a0`,
      `\tlea (${hex(SCRATCH_BASE)}).w,%a1`,
      `\tmoveq #${nl},%d0`,
      `.Lc${i}:\tmove.l (%a0)+,(%a1)+`,
      `\tdbra %d0,.Lc${i}`,
      `\tmovem.l (R${i}+${SCRATCH_SIZE}).l,%d0-%d7/%a0-%a7`,
      `\tmove.w #${c.ccr},%ccr`,
      `\tbra.w I${i}`,
      `C${i}:`,
      ...cdataLines(c),
      `I${i}:`,
    );
    const first = head.length + text.length + 1;
    for (const l of c.lines) text.push(l.endsWith(':') ? l : `\t${l}`);
    ranges.push([first, head.length + text.length]);
    text.push(
      `J${i}:`,
      `\tmovem.l %d0-%d7/%a0-%a7,(${hex(OUT_BASE)}).w`,
      `\tmove.w %ccr,(${hex(OUT_BASE + REC_CCR)}).w`,
      `\tmove.l #${i},(${hex(OUT_BASE + REC_INDEX)}).w`,
      `\tlea (${hex(SCRATCH_BASE)}).w,%a0`,
      `\tlea (${hex(OUT_BASE + REC_SCRATCH)}).w,%a1`,
      `\tmoveq #${nl},%d0`,
      `.Ld${i}:\tmove.l (%a0)+,(%a1)+`,
      `\tdbra %d0,.Ld${i}`,
      `\tmoveq #${SYS_WRITE},%d0`,
      '\tmoveq #1,%d1',
      `\tmove.l #${hex(OUT_BASE)},%d2`,
      `\tmove.l #${RECORD_SIZE},%d3`,
      '\ttrap #0',
    );
    rodata.push(`R${i}:`, ...longs(c.mem));
    const regs = Array.from(c.regs, (v, r) => c.regSym[r] ?? hex(v));
    rodata.push(`\t.long ${regs.slice(0, 8).join(',')}`, `\t.long ${regs.slice(8).join(',')}`);
  }
  text.push('Send:', `\tmoveq #${SYS_EXIT},%d0`, '\tmoveq #0,%d1', '\ttrap #0');
  return { text: [...head, ...text, ...rodata, ''].join('\n'), lineRanges: ranges };
}

/** An assembler error, with the cases whose lines it names. */
export class AssembleError extends Error {
  constructor(
    message: string,
    readonly caseIndexes: number[],
  ) {
    super(message);
  }
}

/** Assemble and link a batch in `dir`; returns the path of the executable. */
export async function buildBatch(cases: GenCase[], dir: string, name: string): Promise<string> {
  const src = batchSource(cases);
  const s = join(dir, `${name}.s`);
  const o = join(dir, `${name}.o`);
  const elf = join(dir, `${name}.elf`);
  const ld = join(dir, `${name}.ld`); // one per batch: batches are built concurrently
  await writeFile(s, src.text);
  await writeFile(ld, LINKER_SCRIPT);
  try {
    await run(AS, ['-m68020', '-o', o, s], { maxBuffer: 1 << 26 });
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? err);
    const bad = new Set<number>();
    for (const m of stderr.matchAll(/:(\d+): Error/g)) {
      const line = Number(m[1]);
      const k = src.lineRanges.findIndex(([a, b]) => line >= a && line <= b);
      if (k >= 0) bad.add(cases[k].index);
    }
    throw new AssembleError(`${AS} failed: ${stderr.split('\n').slice(0, 6).join(' | ')}`, [...bad]);
  }
  await run(LD, ['-T', ld, '-o', elf, o], { maxBuffer: 1 << 26 });
  return elf;
}
