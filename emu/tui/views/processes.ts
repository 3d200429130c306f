/**
 * The shown machine's process table, as `ps` would print it: pid, parent,
 * state (R, S, T, Z, I), CPU time and command, by pid; when they do not all
 * fit, the oldest two and the newest.
 */
import { CPU_HZ } from '../../machine/sun3.js';
import type { MachineView } from '../model.js';
import { cut, escapeTags } from './text.js';

/** CPU time as ps shows it: m:ss.ss (- when not known). */
export function cpuTime(cycles: number | null): string {
  if (cycles === null) return '-';
  const s = cycles / CPU_HZ;
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(2).padStart(5, '0')}`;
}

export const PROCESS_HEADER = '  PID  PPID S    TIME COMMAND';

export function processLines(m: MachineView, width: number, height: number): string[] {
  const rows = [PROCESS_HEADER];
  for (const p of m.processes)
    rows.push(
      `${String(p.pid).padStart(5)} ${String(p.ppid).padStart(5)} ${p.state} ${cpuTime(p.cpu).padStart(7)} ${p.command}`,
    );
  if (m.processes.length === 0) rows.push(m.state === 'off' ? '  (powered off)' : '  (none)');
  // More than fit: the swapper and init, a line saying how many are left out,
  // and the newest ones (what the user started last), as many as there is
  // room for — the daemons in between are what a lab can best do without.
  let shown = rows;
  const keep = 3; // the header, pid 0 and pid 1
  if (rows.length > height && height > keep + 1) {
    const tail = height - keep - 1;
    shown = [
      ...rows.slice(0, keep),
      `  ... ${rows.length - keep - tail} more`,
      ...rows.slice(rows.length - tail),
    ];
  }
  return shown.slice(0, height).map((r) => escapeTags(cut(r, width)));
}
