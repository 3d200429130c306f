/**
 * The shown machine's process table, as `ps` would print it: pid, parent,
 * state (R, S, T, Z, I, M), CPU time and command, by pid; when they do not all
 * fit, the oldest two and the newest. A migrated process shows where it
 * was born and where it runs before its command (sun0->sun2); while one is being chosen to
 * migrate (^A m), a > marks the choice.
 */
import { CPU_HZ } from '../../machine/sun3.js';
import type { MachineView, Picker } from '../model.js';
import { cut, escapeTags } from './text.js';

/** CPU time as ps shows it: m:ss.ss (- when not known). */
export function cpuTime(cycles: number | null): string {
  if (cycles === null) return '-';
  const s = cycles / CPU_HZ;
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(2).padStart(5, '0')}`;
}

export const PROCESS_HEADER = '  PID  PPID S    TIME COMMAND';

export function processLines(
  m: MachineView,
  width: number,
  height: number,
  where?: ReadonlyMap<number, { home: string; host: string }>,
  picker?: Picker | null,
): string[] {
  const rows = [PROCESS_HEADER];
  let chosen = -1;
  m.processes.forEach((p, i) => {
    const w = where?.get(p.pid);
    const moved = w ? `${w.home}->${w.host} ` : '';
    const mark = picker?.stage === 'process' && picker.row === i ? '>' : ' ';
    if (mark === '>') chosen = rows.length;
    rows.push(
      `${mark}${String(p.pid).padStart(4)} ${String(p.ppid).padStart(5)} ${p.state} ${cpuTime(p.cpu).padStart(7)} ${moved}${p.command}`,
    );
  });
  if (m.processes.length === 0) rows.push(m.state === 'off' ? '  (powered off)' : '  (none)');
  // More than fit: the swapper and init, a line saying how many are left out,
  // and the newest ones (what the user started last), as many as there is
  // room for — the daemons in between are what a lab can best do without.
  let shown = rows;
  const keep = 3; // the header, pid 0 and pid 1
  if (rows.length > height && height > keep + 1) {
    const tail = height - keep - 1;
    // (The row being chosen stays in sight.)
    const from =
      chosen >= keep
        ? Math.min(rows.length - tail, Math.max(keep, chosen - Math.floor(tail / 2)))
        : rows.length - tail;
    shown = [
      ...rows.slice(0, keep),
      `  ... ${rows.length - keep - tail} more`,
      ...rows.slice(from, from + tail),
    ];
  }
  return shown.slice(0, height).map((r) => escapeTags(cut(r, width)));
}
