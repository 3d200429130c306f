/**
 * The benchmark's booted-machine figure: a whole Sun-3/60 (kernel, MMU,
 * devices, clock interrupts) boots from the committed root image and runs
 * a compute-bound program, /tests/matmul, as process 1; the time is taken
 * from the first instruction to the program's exit. It reports the MIPS
 * inside the machine and how many seconds of emulated time pass per
 * second of host time (1.0 is a real Sun-3/60's speed). Host-side
 * measurement only: the host clock never feeds back into the emulation.
 */
import type { Engine } from '../cpu/engine.js';
import { rootImage } from './root-image.js';

/** The program, and its argument (rounds of a 64x64 integer matrix product). */
export const BOOTED_PROGRAM = { path: '/tests/matmul', argv: ['matmul', '24'] };

export interface BootedRun {
  engine: Engine;
  instructions: number;
  cycles: number;
  ms: number;
  status: number;
}

/** Boot a machine on `engine`, run the program to its exit, and time it. */
export async function runBooted(engine: Engine, disk?: Uint8Array): Promise<BootedRun> {
  const { Station } = await import('../lab/station.js');
  let status = -1;
  const st = new Station({
    disk: disk ?? (await rootImage()),
    engine,
    consoleSink: () => {},
    quietBoot: true,
    program: BOOTED_PROGRAM,
    onExit: (s) => {
      status = s;
    },
  });
  const cpu = st.machine.cpu;
  const i0 = cpu.instructions;
  const c0 = cpu.cycles;
  const t0 = performance.now();
  while (!st.halted && status < 0 && st.machine.now < 600 * 20_000_000) st.run(20_000_000);
  const ms = performance.now() - t0;
  return { engine, instructions: cpu.instructions - i0, cycles: cpu.cycles - c0, ms, status };
}

/** `booted jit: N MIPS, E emulated s per host s (/tests/matmul 24: I instructions, C cycles in T ms)`. */
export function formatBooted(r: BootedRun): string {
  const mips = r.instructions / (r.ms * 1000);
  const speed = r.cycles / 20_000_000 / (r.ms / 1000);
  return `booted ${r.engine}: ${mips.toFixed(1)} MIPS, ${speed.toFixed(2)} emulated s per host s (${BOOTED_PROGRAM.argv.join(' ')}: ${r.instructions} instructions, ${r.cycles} cycles in ${r.ms.toFixed(0)} ms)`;
}

/**
 * Each engine once to warm up, then `runs` alternating rounds; the fastest
 * run of each, and the ratio when both ran.
 */
export async function bootedBench(engines: readonly Engine[], runs: number): Promise<string[]> {
  const disk = await rootImage();
  const bestOf = new Map<Engine, BootedRun>();
  for (let r = -1; r < runs; r++) {
    const order = r % 2 === 0 ? [...engines] : [...engines].reverse();
    for (const e of order) {
      const run = await runBooted(e, new Uint8Array(disk));
      if (run.status !== 0)
        throw new Error(`booted benchmark: ${BOOTED_PROGRAM.path} failed on ${e} (status ${run.status})`);
      if (r < 0) continue;
      const b = bestOf.get(e);
      if (b === undefined || run.ms < b.ms) bestOf.set(e, run);
    }
  }
  const lines = engines.map((e) => formatBooted(bestOf.get(e) as BootedRun));
  const jit = bestOf.get('jit');
  const interp = bestOf.get('interp');
  if (jit && interp)
    lines.push(`booted jit / booted interp: ${(interp.ms / jit.ms).toFixed(2)}x faster (best)`);
  return lines;
}
