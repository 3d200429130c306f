/**
 * The CPU benchmark: a fixed bare-metal 68020 workload (test/bench/README.md)
 * run on a bus with nothing but RAM. Host-side measurement only: wall-clock
 * time here never feeds back into the emulation.
 */
import { readFile } from 'node:fs/promises';
import { FlatBus } from '../bus/ram.js';
import { readRegularFile } from '../lab/host-file.js';
import { rootPath } from '../root.js';
import { Cpu } from './cpu.js';

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

/** Runs the image once on a fresh bus and CPU. */
export function runOnce(image: Uint8Array): BenchRun {
  const bus = new FlatBus(BENCH_RAM_SIZE);
  const ram = bus.flatRam;
  ram.set(image, BENCH_LOAD_ADDR);
  // Reset vectors too, for a core that looks at them.
  const view = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  view.setUint32(0, BENCH_STACK);
  view.setUint32(4, BENCH_LOAD_ADDR);

  const cpu = new Cpu(bus);
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
    cycles: cpu.cycles,
    ms,
    stopped: cpu.stopped,
  };
}

/**
 * One warm-up run, then `runs` timed runs; returns the fastest. A warm-up run
 * that does not end in STOP is returned at once: timing a broken core is moot.
 */
export function benchmark(image: Uint8Array, runs: number): BenchRun {
  const warmUp = runOnce(image);
  if (!warmUp.stopped) return warmUp;
  let best: BenchRun | undefined;
  for (let i = 0; i < runs; i++) {
    const r = runOnce(image);
    if (best === undefined || r.ms < best.ms) best = r;
  }
  return best ?? warmUp;
}

export function hex32(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

export function formatBench(r: BenchRun): string {
  const mips = r.instructions / (r.ms * 1000);
  return `cpu: ${mips.toFixed(1)} MIPS (${r.instructions} instructions in ${r.ms.toFixed(1)} ms, result ${hex32(r.result)})`;
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
}

export interface BenchOutcome {
  run: BenchRun;
  /** The report line: `cpu: N MIPS (...)`. */
  line: string;
  /** Set when the run is wrong: the CPU did not stop, or (standard workload) a wrong result or count. */
  error?: string;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The `sun3lab bench` command. Result and instruction count are checked when
 * the image is the standard workload (the default, or a byte-identical copy);
 * for any other image only that the CPU stopped.
 */
export async function runBench(opts: BenchOptions = {}): Promise<BenchOutcome> {
  // A --bin image must be a regular file that fits in the RAM above its load address.
  const image =
    opts.bin === undefined
      ? new Uint8Array(await readFile(DEFAULT_BENCH_BIN))
      : readRegularFile(opts.bin, { max: BENCH_MAX_IMAGE, why: BENCH_LIMIT });
  let standard = opts.bin === undefined;
  if (!standard) {
    const reference = await readFile(DEFAULT_BENCH_BIN).catch(() => undefined);
    standard = reference !== undefined && sameBytes(image, reference);
  }
  const run = benchmark(image, opts.runs ?? 5);
  const line = formatBench(run);
  const error = standard ? checkStandardRun(run) : stopProblem(run);
  return { run, line, error };
}
