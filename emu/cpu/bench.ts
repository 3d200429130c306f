/**
 * The CPU benchmark: a fixed bare-metal 68020 workload (test/bench/README.md)
 * run on a bus with nothing but RAM. Host-side measurement only: wall-clock
 * time here never feeds back into the emulation.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { FlatBus } from '../bus/ram.js';
import { readRegularFile } from '../lab/host-file.js';
import { rootPath } from '../root.js';
import { Cpu, DEFAULT_ENGINE, ENGINES, type Engine } from './cpu.js';

/** The project's copy of the workload. */
export const DEFAULT_BENCH_BIN = rootPath('test', 'bench', 'work.bin');

export const BENCH_RAM_SIZE = 16 * 1024 * 1024;
export const BENCH_LOAD_ADDR = 0x1000;
/** The largest image --bin may load. */
export const BENCH_MAX_IMAGE = BENCH_RAM_SIZE - BENCH_LOAD_ADDR;
export const BENCH_LIMIT = 'what fits in RAM above 0x1000';
export const BENCH_STACK = 0x00e00000;
export const BENCH_RESULT_ADDR = 0x00f00000;
/** What the standard workload must produce. */
export const BENCH_EXPECTED = { result: 0x7f5a041a, instructions: 16_858_090 };

/** Cycles per `run()` call; the loop goes on until the CPU stops. */
const CYCLE_BUDGET = 100_000_000;
/** A workload still running after this many instructions is taken to be lost. */
const INSTRUCTION_LIMIT = 1_000_000_000;

export interface BenchRun {
  /** The 32-bit result the program left at BENCH_RESULT_ADDR (unsigned). */
  result: number;
  instructions: number;
  cycles: number;
  ms: number;
  /** Whether the CPU ended in STOP (the program's normal end) rather than halted. */
  stopped: boolean;
}

/** Runs the image once on a fresh bus and CPU running `engine`. */
export function runOnce(image: Uint8Array, engine: Engine = DEFAULT_ENGINE): BenchRun {
  const bus = new FlatBus(BENCH_RAM_SIZE);
  const ram = bus.flatRam;
  ram.set(image, BENCH_LOAD_ADDR);
  // Reset vectors too, for a core that looks at them.
  const view = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  view.setUint32(0, BENCH_STACK);
  view.setUint32(4, BENCH_LOAD_ADDR);

  const cpu = new Cpu(bus, { engine });
  cpu.setCacr(9); // the instruction cache cleared and on, as a kernel starts it (the 3/60 timing model)
  cpu.setSR(0x2700);
  cpu.setISP(BENCH_STACK);
  cpu.pc = BENCH_LOAD_ADDR;

  const t0 = performance.now();
  while (!cpu.stopped && !cpu.halted) {
    cpu.run(CYCLE_BUDGET);
    if (cpu.instructions > INSTRUCTION_LIMIT) break;
  }
  const ms = performance.now() - t0;

  return {
    result: view.getUint32(BENCH_RESULT_ADDR),
    instructions: cpu.instructions,
    cycles: cpu.cycles - cpu.idleCycles,
    ms,
    stopped: cpu.stopped,
  };
}

/** Timed runs of one contender (an engine, or the Musashi peer): their times in ms. */
export interface Timings {
  name: string;
  ms: number[];
  /** The warm-up run's time: a fresh process's first run (the block engine translating as it goes). */
  first: number;
  /** The run the figures describe (instructions, result). */
  run: BenchRun;
}

export function best(t: Timings): number {
  return Math.min(...t.ms);
}

export function median(t: Timings): number {
  const s = [...t.ms].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * One warm-up run of each contender, then `runs` rounds in which each runs
 * once, in turn (the order alternating from round to round), so that the
 * noise of a shared machine falls on all of them alike. A warm-up run that
 * does not end in STOP ends the benchmark: timing a broken core is moot.
 */
export function benchmark(runs: number, contenders: { name: string; run: () => BenchRun }[]): Timings[] {
  const out: Timings[] = contenders.map((c) => {
    const run = c.run();
    return { name: c.name, ms: [], first: run.ms, run };
  });
  if (out.some((t) => !t.run.stopped)) return out;
  for (let r = 0; r < runs; r++) {
    const order =
      r % 2 === 0 ? contenders.map((_c, i) => i) : contenders.map((_c, i) => contenders.length - 1 - i);
    for (const i of order) {
      const run = contenders[i].run();
      out[i].ms.push(run.ms);
      out[i].run = run;
    }
  }
  return out;
}

export function hex32(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

/** `cpu jit: N MIPS (best T ms, median M ms; I instructions, result R)`. */
export function formatTimings(t: Timings): string {
  const mips = t.run.instructions / (best(t) * 1000);
  return `${t.name}: ${mips.toFixed(1)} MIPS (best ${best(t).toFixed(1)} ms, median ${median(t).toFixed(1)} ms of ${t.ms.length}, first ${t.first.toFixed(1)} ms; ${t.run.instructions} instructions, result ${hex32(t.run.result)})`;
}

/** How many times faster `a` is than `b`, by best and by median time. */
export function formatRatio(a: Timings, b: Timings): string {
  return `${a.name} / ${b.name}: ${(best(b) / best(a)).toFixed(2)}x faster (best), ${(median(b) / median(a)).toFixed(2)}x (median)`;
}

function stopProblem(r: BenchRun): string | undefined {
  if (r.stopped) return undefined;
  return r.instructions > INSTRUCTION_LIMIT ? 'the CPU never stopped' : 'the CPU halted';
}

/** What went wrong with a run of the standard workload, or undefined if nothing. */
export function checkStandardRun(r: BenchRun): string | undefined {
  const problems: string[] = [];
  const stop = stopProblem(r);
  if (stop !== undefined) problems.push(stop);
  if (r.result !== BENCH_EXPECTED.result) {
    problems.push(`result ${hex32(r.result)}, expected ${hex32(BENCH_EXPECTED.result)}`);
  }
  if (r.instructions !== BENCH_EXPECTED.instructions) {
    problems.push(`${r.instructions} instructions, expected ${BENCH_EXPECTED.instructions}`);
  }
  return problems.length > 0 ? `benchmark is wrong: ${problems.join('; ')}` : undefined;
}

export interface BenchOptions {
  /** Image to load at 0x1000; the standard workload by default. */
  bin?: string;
  /** Timed runs after the warm-up (default 5). */
  runs?: number;
  /** The engines to time (default both). */
  engines?: readonly Engine[];
  /** A built Musashi harness (musashi-bench) to time beside them, on the same image. */
  musashi?: string;
}

export interface BenchOutcome {
  timings: Timings[];
  /** The report: a line per contender, then the ratios. */
  lines: string[];
  /** Set when a run is wrong: the CPU did not stop, or (standard workload) a wrong result or count. */
  error?: string;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The `sun3lab bench` command's CPU part. Result and instruction count are
 * checked when the image is the standard workload (the default, or a
 * byte-identical copy); for any other image only that the CPU stopped.
 */
export async function runBench(opts: BenchOptions = {}): Promise<BenchOutcome> {
  // A --bin image must be a regular file that fits in the RAM above its load address.
  const binPath = opts.bin ?? DEFAULT_BENCH_BIN;
  const image =
    opts.bin === undefined
      ? new Uint8Array(await readFile(DEFAULT_BENCH_BIN))
      : readRegularFile(opts.bin, { max: BENCH_MAX_IMAGE, why: BENCH_LIMIT });
  let standard = opts.bin === undefined;
  if (!standard) {
    const reference = await readFile(DEFAULT_BENCH_BIN).catch(() => undefined);
    standard = reference !== undefined && sameBytes(image, reference);
  }
  const engines = opts.engines ?? ENGINES;
  const contenders = engines.map((engine) => ({ name: `cpu ${engine}`, run: () => runOnce(image, engine) }));
  if (opts.musashi !== undefined) {
    const peer = opts.musashi;
    contenders.push({ name: 'musashi', run: () => runMusashi(peer, binPath) });
  }
  const timings = benchmark(opts.runs ?? 5, contenders);
  const lines = timings.map(formatTimings);
  const jit = timings.find((t) => t.name === 'cpu jit');
  const interp = timings.find((t) => t.name === 'cpu interp');
  const peer = timings.find((t) => t.name === 'musashi');
  if (jit && interp) lines.push(formatRatio(jit, interp));
  if (jit && peer) lines.push(formatRatio(jit, peer));
  if (interp && peer) lines.push(formatRatio(interp, peer));
  const problems: string[] = [];
  for (const t of timings) {
    const why = standard ? checkStandardRun(t.run) : stopProblem(t.run);
    if (why !== undefined) problems.push(`${t.name}: ${why}`);
  }
  return { timings, lines, error: problems.length > 0 ? problems.join('; ') : undefined };
}

/**
 * One run of the Musashi peer's harness (a C interpreter: the reference the
 * block engine is measured against): it loads the image as this benchmark
 * does and prints `musashi: result 0xR, T ms, ...`.
 */
export function runMusashi(harness: string, image: string): BenchRun {
  const r = spawnSync(harness, [image, '1'], { encoding: 'utf8', timeout: 120_000 });
  const m = /result 0x([0-9A-Fa-f]+), ([\d.]+) ms/.exec(r.stdout ?? '');
  if (r.error || m === null)
    throw new Error(
      `musashi harness ${harness}: ${r.error?.message ?? (r.stderr || r.stdout || 'no output').trim()}`,
    );
  return {
    result: Number.parseInt(m[1], 16),
    instructions: BENCH_EXPECTED.instructions,
    cycles: 0,
    ms: Number(m[2]),
    stopped: true,
  };
}
