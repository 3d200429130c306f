/**
 * The integer benchmark (npm run bench:dhry; not a test): cycles per
 * iteration of test/bench/intbench.c, an integer benchmark in the spirit
 * of Dhrystone 2.1, compiled with the project's compiler (`sun3lab cc
 * -O2`, which needs m68k-linux-gnu-gcc) and run as process 1 of a booted
 * Sun-3/60, under each timing model. The program runs N and 2N iterations
 * and the difference of the two runs' cycles (from boot to its exit) is
 * N iterations' worth, start-up and exit cancelling out; the instruction
 * cache's misses likewise. docs/cpu-timing.md compares the figures with
 * the real machine's.
 *
 *   npx tsx test/bench/dhry.ts [N] [-Ox]     (default 5000, -O2)
 *
 * Another optimisation level (-O0, -O1) shows how much the compiler
 * matters: docs/cpu-timing.md compares with figures measured with 1980s
 * compilers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootImage } from '../../emu/cli/root-image.js';
import type { TimingModel } from '../../emu/cpu/engine.js';
import { installFile } from '../../emu/lab/disk.js';
import { Station } from '../../emu/lab/station.js';
import { rootPath } from '../../emu/root.js';

const HZ = 20_000_000;
/** Dhrystones a second of the VAX-11/780, the "1 MIPS" machine (the usual conversion). */
const VAX_DHRYSTONES = 1757;
const n = Number(process.argv[2] ?? 5000);
const opt = process.argv[3] ?? '-O2';
if (!/^-O[0-3s]$/.test(opt)) throw new Error(`not an optimisation level: ${opt}`);

const dir = mkdtempSync(join(tmpdir(), 'intbench-'));
const out = join(dir, 'intbench');
const cc = spawnSync(
  process.execPath,
  [rootPath('emu', 'cli', 'sun3lab.js'), 'cc', opt, '-o', out, rootPath('test', 'bench', 'intbench.c')],
  { stdio: 'inherit' },
);
if (cc.status !== 0) throw new Error('sun3lab cc failed (is m68k-linux-gnu-gcc installed?)');
const binary = new Uint8Array(readFileSync(out));
rmSync(dir, { recursive: true });
const image = await rootImage();

interface Run {
  cycles: number;
  instructions: number;
  misses: number;
  output: string;
}

function run(timing: TimingModel, iterations: number): Run {
  const disk = new Uint8Array(image);
  installFile(disk, '/tmp/intbench', binary, 0o755);
  let output = '';
  let end: Run | null = null;
  const st: Station = new Station({
    disk,
    timing,
    quietBoot: true,
    consoleSink: (b) => {
      output += String.fromCharCode(b);
    },
    program: { path: '/tmp/intbench', argv: ['intbench', String(iterations)] },
    onExit: () => {
      const cpu = st.machine.cpu;
      end = {
        cycles: cpu.cycles,
        instructions: cpu.instructions,
        misses: cpu.icache?.misses ?? 0,
        output: '',
      };
    },
  });
  while (end === null && !st.halted && st.machine.now < 600 * HZ) st.run(HZ);
  st.run(HZ / 10); // the console's last line
  if (end === null) throw new Error(`intbench ${iterations} did not exit (${timing})`);
  return { ...(end as Run), output };
}

console.log(
  `intbench (test/bench/intbench.c, sun3lab cc ${opt}): ${n} iterations, from the runs of ${n} and ${2 * n}`,
);
for (const timing of ['3/60', 'cache-case'] as TimingModel[]) {
  const a = run(timing, n);
  const b = run(timing, 2 * n);
  const cycles = (b.cycles - a.cycles) / n;
  const insns = (b.instructions - a.instructions) / n;
  const misses = (b.misses - a.misses) / n;
  const perSecond = HZ / cycles;
  console.log(
    `${timing.padEnd(10)} ${cycles.toFixed(0)} cycles per iteration (${insns.toFixed(0)} instructions, ${(cycles / insns).toFixed(2)} cycles each; ${misses.toFixed(1)} instruction-cache misses): ${perSecond.toFixed(0)} iterations/s at 20 MHz, ${(perSecond / VAX_DHRYSTONES).toFixed(2)} x the VAX-11/780's 1757 Dhrystones/s`,
  );
  console.log(`           ${b.output.trim().split('\n').pop()?.trim()}`);
}
