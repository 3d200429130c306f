/**
 * Differential testing of sun3lab's 68020 core against qemu-m68k: generate
 * random cases from a seed, build them in batches into Linux/m68k
 * executables with the GNU cross assembler, run each batch under
 * `qemu-m68k -cpu m68020` and in sun3lab, and compare what every case
 * dumped (registers, defined condition codes, scratch memory).
 *
 * Assembling and QEMU run as child processes, a few batches ahead of the
 * sun3lab side, which runs in this thread.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Engine } from '../engine.js';
import { describeCase, differences, splitRecords } from './compare.js';
import { parseElf32be } from './elf.js';
import { type GenCase, generateCase } from './gen.js';
import { CASETAB_BASE } from './layout.js';
import { AS, AssembleError, buildBatch, LD } from './program.js';
import { Rng } from './rng.js';
import { QEMU, runQemu, runSun3lab } from './runners.js';

const run = promisify(execFile);

export interface DifftestOptions {
  seed: number;
  count: number;
  /** Cases per executable. */
  batchSize?: number;
  /** Failures to describe in full (the rest are counted). */
  show?: number;
  /** Only these instruction families (gen.ts FAMILY_NAMES). */
  families?: readonly string[];
  /** How sun3lab's CPU runs them (default DEFAULT_ENGINE). */
  engine?: Engine;
  /** Batches prepared (assembled and run in QEMU) ahead of the sun3lab side. */
  ahead?: number;
}

export interface DifftestResult {
  passed: number;
  failed: number;
  /** Descriptions of the first `show` failures. */
  failures: string[];
  /** Failures by instruction family. */
  failedByFamily: Map<string, number>;
}

interface Prepared {
  cases: GenCase[];
  elf: Uint8Array;
  /** QEMU's records, by case number. */
  qemu: Map<number, Uint8Array>;
  /** Cases on which QEMU died (the rest of the batch was run again without them). */
  qemuDied: Map<number, string>;
  /** Cases the assembler rejected (a generator bug), with its message. */
  rejected: Map<number, string>;
}

async function build(
  cases: GenCase[],
  dir: string,
  name: string,
  rejected: Map<number, string>,
): Promise<string> {
  try {
    return await buildBatch(cases, dir, name);
  } catch (err) {
    if (!(err instanceof AssembleError) || err.caseIndexes.length === 0) throw err;
    for (const i of err.caseIndexes) rejected.set(i, err.message);
    return await buildBatch(
      cases.filter((c) => !rejected.has(c.index)),
      dir,
      name,
    );
  }
}

/** A copy of the executable that starts at case `k` of the batch (same layout, same addresses). */
async function startingAt(elf: Uint8Array, k: number, path: string): Promise<string> {
  const copy = new Uint8Array(elf);
  const image = parseElf32be(copy);
  const seg = image.segments.find((s) => s.vaddr <= CASETAB_BASE && CASETAB_BASE < s.vaddr + s.data.length);
  if (!seg) throw new Error('no case table in the test program');
  const at = CASETAB_BASE - seg.vaddr + 12 * k;
  const start = new DataView(seg.data.buffer, seg.data.byteOffset + at, 4).getUint32(0);
  new DataView(copy.buffer).setUint32(24, start); // e_entry
  await writeFile(path, copy, { mode: 0o755 });
  return path;
}

async function prepare(cases: GenCase[], dir: string, name: string): Promise<Prepared> {
  const rejected = new Map<number, string>();
  const path = await build(cases, dir, name, rejected);
  cases = cases.filter((c) => !rejected.has(c.index));
  const elf = await readFile(path);
  const qemu = new Map<number, Uint8Array>();
  const qemuDied = new Map<number, string>();
  let exe = path;
  let from = 0;
  for (let round = 0; from < cases.length; round++) {
    const q = await runQemu(exe);
    for (const [i, rec] of splitRecords(q.stdout)) qemu.set(i, rec);
    if (q.code === 0 && q.signal === null) break;
    // QEMU died: blame the first case without a record, then run the rest.
    let k = from;
    while (k < cases.length && qemu.has(cases[k].index)) k++;
    if (k >= cases.length) break;
    qemuDied.set(
      cases[k].index,
      `qemu died (${q.signal ?? `exit ${q.code}`}): ${q.stderr.trim().split('\n')[0]}`,
    );
    from = k + 1;
    if (from < cases.length) exe = await startingAt(elf, from, join(dir, `${name}r${round}.elf`));
  }
  return { cases, elf, qemu, qemuDied, rejected };
}

/** Fail with one line naming what is missing unless the assembler, linker and QEMU answer. */
export async function checkTools(): Promise<void> {
  for (const [tool, pkg] of [
    [AS, 'binutils-m68k-linux-gnu'],
    [LD, 'binutils-m68k-linux-gnu'],
    [QEMU, 'qemu-user'],
  ]) {
    try {
      await run(tool, ['--version']);
    } catch {
      throw new Error(
        `${tool} not found: difftest needs the m68k cross binutils and QEMU (Debian: apt-get install ${pkg})`,
      );
    }
  }
}

export async function runDifftest(opts: DifftestOptions): Promise<DifftestResult> {
  const batchSize = opts.batchSize ?? 1000;
  const show = opts.show ?? 5;
  const ahead = opts.ahead ?? 2;
  const rng = new Rng(opts.seed);
  const result: DifftestResult = { passed: 0, failed: 0, failures: [], failedByFamily: new Map() };
  const fail = (c: GenCase, detail: string[], code: Uint8Array | null): void => {
    result.failed++;
    result.failedByFamily.set(c.family, (result.failedByFamily.get(c.family) ?? 0) + 1);
    if (result.failures.length < show)
      result.failures.push([...describeCase(c, code, opts.seed), ...detail.map((d) => `  ${d}`)].join('\n'));
  };

  const batches: GenCase[][] = [];
  for (let i = 0; i < opts.count; i += batchSize) {
    const cases: GenCase[] = [];
    for (let j = i; j < Math.min(opts.count, i + batchSize); j++)
      cases.push(generateCase(rng, j, { families: opts.families }));
    batches.push(cases);
  }

  const dir = await mkdtemp(join(tmpdir(), 'sun3lab-difftest-'));
  try {
    const pending: Promise<Prepared>[] = [];
    const start = (k: number): void => {
      if (k < batches.length) pending[k] = prepare(batches[k], dir, `b${k}`);
    };
    for (let k = 0; k < ahead; k++) start(k);
    for (let k = 0; k < batches.length; k++) {
      const p = await pending[k];
      start(k + ahead);
      delete pending[k];
      for (const c of batches[k]) {
        const why = p.rejected.get(c.index);
        if (why !== undefined) fail(c, [`assembler rejected the case: ${why}`], null);
      }
      const sun = runSun3lab(
        p.elf,
        p.cases.map((c) => c.index),
        opts.engine,
      );
      const sRecs = splitRecords(sun.stdout);
      p.cases.forEach((c, i) => {
        const a = sun.addresses[i];
        const code = sun.ram.subarray(a.first, a.end);
        const q = p.qemu.get(c.index);
        const s = sRecs.get(c.index);
        const fault = sun.faults.get(c.index);
        if (!q) {
          fail(
            c,
            [p.qemuDied.get(c.index) ?? 'no result from qemu', ...(fault ? [`sun3lab ${fault}`] : [])],
            code,
          );
        } else if (!s) {
          fail(c, [`sun3lab ${fault ?? 'produced no record'}`], code);
        } else {
          const diff = differences(c, q, s);
          if (diff.length === 0) result.passed++;
          else fail(c, diff, code);
        }
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}
