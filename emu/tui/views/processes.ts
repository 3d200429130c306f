/**
 * The shown machine's process table, as `ps` would print it: pid, parent,
 * state (R, S, T, Z, I), CPU time and command, by pid.
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
  // More than fit: the first ones (init, the daemons, the shell) and as many as there is room for.
  return rows.slice(0, height).map((r) => escapeTags(cut(r, width)));
}
