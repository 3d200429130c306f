/**
 * The floating-point benchmark (npm run bench:fp; not a test): on a booted
 * Sun-3/60 (the committed root image, the block engine), /tests/whetstone
 * (Whetstone, written from the published description) and /tests/flops
 * (Gaussian elimination of a 100 x 100 double matrix), each timed by the
 * emulated clock inside the machine (what the program prints) and by the
 * host's clock around the run; then the same two C programs compiled for
 * this host with gcc -O2, if gcc is there. docs/performance.md records the
 * figures.
 *
 *   npx tsx test/bench/fp.ts [WHETSTONE_I] [FLOPS_N]     (default 10 and 100)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootImage, runOn } from '../kernel/helpers.js';

const loops = Number(process.argv[2] ?? 10);
const n = Number(process.argv[3] ?? 100);
if (!(loops >= 1 && n >= 2 && n <= 200)) {
  console.error('usage: fp.ts [WHETSTONE_I >= 1] [FLOPS_N 2..200]');
  process.exit(2);
}

function emulated(prog: string, arg: number): void {
  const t0 = performance.now();
  const r = runOn(rootImage(), `/tests/${prog}`, [prog, String(arg)], '', 3600);
  const host = (performance.now() - t0) / 1000;
  if (r.status !== 0 || !r.output.includes(`${prog}: PASS`)) {
    console.error(r.output);
    throw new Error(`${prog} failed on the emulated machine`);
  }
  const line = r.output.split('\n').find((l) => /KWIPS|MFLOPS/.test(l)) ?? '';
  const secs = Number(/(\d+\.\d+) s \(emulated\)/.exec(line)?.[1] ?? Number.NaN);
  const rate = prog === 'whetstone' ? loops / (10 * secs) : Number(/([\d.]+) MFLOPS/.exec(line)?.[1]);
  const unit = prog === 'whetstone' ? 'MWIPS' : 'MFLOPS';
  console.log(`emulated ${prog}: ${line.replace(/^\w+: /, '')}`);
  console.log(
    `emulated ${prog}: ${rate.toFixed(3)} ${unit} in emulated time; whole run (boot included) ${(r.cycles / 20e6).toFixed(2)} emulated s in ${host.toFixed(2)} host s, ${((rate * secs) / host).toFixed(3)} ${unit} of emulated work per host second`,
  );
}

function native(prog: string, arg: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'sun3lab-fp-'));
  const exe = join(dir, prog);
  try {
    execFileSync('gcc', ['-O2', '-Iuserland/tests', '-o', exe, `userland/tests/${prog}.c`, '-lm'], {
      stdio: 'pipe',
    });
  } catch {
    console.log(`host ${prog}: gcc not available, skipped`);
    return;
  }
  // Whetstone: one process with I large enough for the host's clock;
  // flops: 200 processes (each run is a millisecond or so). Best of five.
  const whet = prog === 'whetstone';
  const runs = whet ? 1 : 200;
  const argv = [String(whet ? loops * 1000 : arg)];
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    for (let r = 0; r < runs; r++) execFileSync(exe, argv);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  const rate = whet ? (loops * 1000) / (10 * best) : (runs * ((2 * n ** 3) / 3 + 1.5 * n * n)) / best / 1e6;
  const what = whet ? `I = ${argv[0]}` : `${runs} runs of n = ${arg}`;
  console.log(
    `host ${prog}: ${what} in ${best.toFixed(3)} s (process starts included), ${rate.toFixed(0)} ${whet ? 'MWIPS' : 'MFLOPS'} or more`,
  );
}

emulated('whetstone', loops);
emulated('flops', n);
native('whetstone', loops);
native('flops', n);
