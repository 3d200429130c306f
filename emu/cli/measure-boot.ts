/**
 * How long `npm start` takes to reach the `#` prompt, in host time: a
 * measurement for people, not a test (host time varies from run to run and
 * machine to machine).
 *
 *   node --import tsx emu/cli/measure-boot.ts [RUNS] [-- COMMAND...]
 *
 * The command (default: npm start) runs on a pseudo-terminal made by
 * util-linux's script(1), so that it sees a terminal as a user's would; the
 * time runs from starting it to the prompt appearing. `~.` then quits it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function once(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let seen = '';
    let at = -1;
    const timer = setTimeout(() => child.kill(), 30_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      seen = (seen + s).slice(-100);
      if (at < 0 && seen.includes('# ')) {
        at = performance.now() - t0;
        child.stdin.write('~.');
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      if (at < 0) reject(new Error(`${command}: no # prompt`));
      else resolve(at);
    });
  });
}

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const runs = Number(dash === 0 ? 5 : (args[0] ?? 5));
const command = dash >= 0 ? args.slice(dash + 1).join(' ') : 'npm start';
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('measure-boot: RUNS must be a whole number (1 or more)\n');
  process.exit(1);
}
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(await once(command));
times.sort((a, b) => a - b);
const ms = (t: number) => `${Math.round(t)} ms`;
console.log(
  `${command}: # prompt after ${ms(times[0])} (best), ${ms(times[Math.floor(times.length / 2)])} (median) of ${runs} runs`,
);
