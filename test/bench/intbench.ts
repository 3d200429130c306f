/**
 * test/bench/intbench.c, compiled and measured: what `npm run bench:dhry`
 * prints and test/tools/intbench.test.ts checks. The program runs N and 2N
 * iterations as process 1 of a booted Sun-3/60, and the difference of the
 * two runs' cycles (from boot to its exit) is N iterations' worth,
 * start-up and exit cancelling out; the instruction cache's misses
 * likewise. Needs m68k-linux-gnu-gcc (through `sun3lab cc`).
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

export const HZ = 20_000_000;
/** Dhrystones a second of the VAX-11/780, the "1 MIPS" machine (the usual conversion). */
export const VAX_DHRYSTONES = 1757;
/**
 * Dhrystones per intbench iteration: Dhrystone 2.1 (gcc -O2) took about
 * 2,400 cycles a Dhrystone on the emulated CPU under the cache case,
 * intbench 2,765 an iteration (docs/cpu-timing.md).
 */
export const DHRYSTONES_PER_ITERATION = 2765 / 2400;

/** intbench.c compiled with `sun3lab cc opt`: the a.out's bytes. */
export function compileIntbench(opt = '-O2'): Uint8Array {
  if (!/^-O[0-3s]$/.test(opt)) throw new Error(`not an optimisation level: ${opt}`);
  const dir = mkdtempSync(join(tmpdir(), 'intbench-'));
  try {
    const out = join(dir, 'intbench');
    const cc = spawnSync(
      process.execPath,
      [rootPath('emu', 'cli', 'sun3lab.js'), 'cc', opt, '-o', out, rootPath('test', 'bench', 'intbench.c')],
      { stdio: 'inherit' },
    );
    if (cc.status !== 0) throw new Error('sun3lab cc failed (is m68k-linux-gnu-gcc installed?)');
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true });
  }
}

interface Run {
  cycles: number;
  instructions: number;
  misses: number;
  output: string;
}

async function run(binary: Uint8Array, timing: TimingModel, iterations: number): Promise<Run> {
  const disk = new Uint8Array(await rootImage());
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

/** Per iteration, from the runs of n and 2n iterations. */
export interface IntbenchFigures {
  cycles: number;
  instructions: number;
  misses: number;
  /** The longer run's last line (its checksum). */
  last: string;
}

export async function measureIntbench(
  binary: Uint8Array,
  timing: TimingModel,
  n: number,
): Promise<IntbenchFigures> {
  const a = await run(binary, timing, n);
  const b = await run(binary, timing, 2 * n);
  return {
    cycles: (b.cycles - a.cycles) / n,
    instructions: (b.instructions - a.instructions) / n,
    misses: (b.misses - a.misses) / n,
    last: b.output.trim().split('\n').pop()?.trim() ?? '',
  };
}
