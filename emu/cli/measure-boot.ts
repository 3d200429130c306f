/**
 * How long `npm start` takes to boot, in host time: a measurement for
 * people, not a test (host time varies from run to run and machine to
 * machine).
 *
 *   node --import tsx emu/cli/measure-boot.ts [RUNS] [-- COMMAND...]
 *
 * The command (default: npm start, which runs the lab) runs on a
 * pseudo-terminal of 120 × 40 made by util-linux's script(1), so that it
 * sees a terminal as a user's would, and what it draws goes to a terminal
 * emulator (@xterm/headless). The time runs from starting it to the screen
 * showing a `#` prompt — and, for the lab's UI, every machine up (its
 * /etc/rc done). `~.` then quits it. Besides the real time, it reports
 * the CPU time the command had used by then (Linux: from /proc), which a
 * host busy with other work changes much less.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import xterm from '@xterm/headless';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COLS = 120;
const ROWS = 40;

/** Does the screen show a booted system: a `#` prompt, and no machine of a lab still booting? */
function booted(t: xterm.Terminal): boolean {
  const b = t.buffer.active;
  const rows: string[] = [];
  for (let i = 0; i < t.rows; i++) rows.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
  const screen = rows.join('\n');
  // A row of just the prompt (in the lab, the console pane's: the side column's border, or a box's corner, follows).
  if (!rows.some((r) => /^# *($|[│└┌x])/.test(r))) return false;
  if (!screen.includes('sun3lab lab')) return true;
  return !/ (booting|off) /.test(screen) && / up /.test(screen);
}

/** CPU time (ms) used so far by process `pid` and its descendants (0 where /proc cannot tell). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let ticks = Number(f[11]) + Number(f[12]); // utime, stime
    for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/))
      if (c) ticks += cpuMs(Number(c)) / 10;
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

function once(command: string): Promise<{ wall: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
    const child = spawn('script', ['-qfec', `stty rows ${ROWS} cols ${COLS}; exec ${command}`, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let at = -1;
    let cpu = 0;
    const timer = setTimeout(() => child.kill(), 30_000);
    child.stdout.on('data', (d: Buffer) =>
      term.write(new Uint8Array(d), () => {
        if (at < 0 && booted(term)) {
          at = performance.now() - t0;
          cpu = child.pid === undefined ? 0 : cpuMs(child.pid);
          child.stdin.write('~.');
        }
      }),
    );
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      if (at < 0) reject(new Error(`${command}: no # prompt`));
      else resolve({ wall: at, cpu });
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
const walls: number[] = [];
const cpus: number[] = [];
for (let i = 0; i < runs; i++) {
  const r = await once(command);
  walls.push(r.wall);
  cpus.push(r.cpu);
}
const ms = (t: number[]) => {
  const s = [...t].sort((a, b) => a - b);
  return `${Math.round(s[0])} ms (best), ${Math.round(s[Math.floor(s.length / 2)])} ms (median)`;
};
console.log(`${command}, ${runs} runs: booted after ${ms(walls)}; CPU time used by then ${ms(cpus)}`);
