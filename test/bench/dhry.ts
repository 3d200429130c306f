/**
 * The integer benchmark (npm run bench:dhry; not a test): cycles per
 * iteration of test/bench/intbench.c, an integer benchmark in the spirit
 * of Dhrystone 2.1, compiled with the project's compiler (`sun3lab cc
 * -O2`, which needs m68k-linux-gnu-gcc) and run as process 1 of a booted
 * Sun-3/60, under each timing model (intbench.ts). docs/cpu-timing.md
 * compares the figures with the real machine's.
 *
 *   npx tsx test/bench/dhry.ts [N] [-Ox]     (default 5000, -O2)
 *
 * Another optimisation level (-O0, -O1) shows how much the compiler
 * matters: docs/cpu-timing.md compares with figures measured with 1980s
 * compilers.
 */
import type { TimingModel } from '../../emu/cpu/engine.js';
import {
  compileIntbench,
  DHRYSTONES_PER_ITERATION,
  HZ,
  measureIntbench,
  VAX_DHRYSTONES,
} from './intbench.js';

const n = Number(process.argv[2] ?? 5000);
const opt = process.argv[3] ?? '-O2';
const binary = compileIntbench(opt);

console.log(
  `intbench (test/bench/intbench.c, sun3lab cc ${opt}): ${n} iterations, from the runs of ${n} and ${2 * n}`,
);
for (const timing of ['3/60', 'cache-case'] as TimingModel[]) {
  const f = await measureIntbench(binary, timing, n);
  const perSecond = HZ / f.cycles;
  const dhrystones = perSecond * DHRYSTONES_PER_ITERATION;
  console.log(
    `${timing.padEnd(10)} ${f.cycles.toFixed(0)} cycles per iteration (${f.instructions.toFixed(0)} instructions, ${(f.cycles / f.instructions).toFixed(2)} cycles each; ${f.misses.toFixed(1)} instruction-cache misses): ${perSecond.toFixed(0)} iterations/s at 20 MHz, about ${dhrystones.toFixed(0)} Dhrystones/s, ${(dhrystones / VAX_DHRYSTONES).toFixed(2)} x the VAX-11/780's 1757`,
  );
  console.log(`           ${f.last}`);
}
