/**
 * The status column: a block of STATUS_ROWS rows per machine — its state,
 * emulated time and speed (emulated seconds per real second), load
 * averages, CPU use over the last interval, frames in and out, page
 * faults, system calls, interrupts and context switches per second over
 * the last interval (a meter, as `sun3lab stat` prints); once the
 * machine's load daemon has decided (docs/loadsharing.md), a sparkline of
 * the 1-minute load over the last seconds and loadd's LoadThreshold. The shown
 * machine is marked; when not every block fits, the rows scroll to keep
 * its block in view.
 */
import type { LabModel, MachineView } from '../model.js';
import { seconds } from '../model.js';
import { STATUS_ROWS } from './layout.js';
import { cut, escapeTags } from './text.js';

function pct(x: number): string {
  return `${Math.round(x)}%`.padStart(5);
}

/** A rate per second, whole. */
function rate(x: number): string {
  return `${Math.round(x)}`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** The load over the last seconds as a row of bars, scaled to its largest (at least 1.0). */
export function sparkline(xs: readonly number[]): string {
  const top = Math.max(1, ...xs);
  return xs.map((x) => BARS[Math.min(7, Math.round((x / top) * 7))]).join('');
}

/** The rows of one machine's block (plain text). */
export function machineBlock(m: MachineView, shown: boolean): string[] {
  const speed = m.speed === null ? '' : `${m.speed.toFixed(2)}x`;
  const cpu = m.cpu;
  return [
    `${shown ? '>' : ' '}${m.name.padEnd(6)} ${m.state.padEnd(8)}${`${seconds(m.now)} s`.padStart(12)} ${speed.padStart(6)}`,
    `  load   ${m.load.map((x) => x.toFixed(2)).join('  ')}${m.lt !== null && m.loadHistory.length > 1 ? ` ${sparkline(m.loadHistory)}` : ''}`,
    cpu === null || m.state === 'off'
      ? '  cpu    -'
      : `  cpu    us${pct(cpu.user)} sy${pct(cpu.system)} id${pct(cpu.idle)}`,
    `  frames in ${m.frames.in}  out ${m.frames.out}${m.lt === null ? '' : `  lt ${m.lt.toFixed(2)}`}`,
    m.rates === null || m.state === 'off'
      ? '  /s     -'
      : `  /s     flt ${rate(m.rates.faults)} sys ${rate(m.rates.syscalls)} int ${rate(m.rates.interrupts)} csw ${rate(m.rates.switches)}`,
  ];
}

/** The column's rows for a pane `width` wide with `height` rows inside. */
export function statusLines(model: LabModel, width: number, height: number): string[] {
  const rows: string[] = [];
  for (const [i, m] of model.machines.entries()) {
    const down = m.state === 'off' || m.state === 'halted';
    for (const r of machineBlock(m, i === model.selected)) {
      let t = escapeTags(cut(r, width));
      if (i === model.selected) t = `{bold}${t}{/bold}`;
      else if (down) t = `{red-fg}${t}{/red-fg}`;
      rows.push(t);
    }
  }
  // Scroll so that the shown machine's block is in view.
  const first = model.selected * STATUS_ROWS;
  const top = Math.max(0, Math.min(first, rows.length - height, first + STATUS_ROWS - height));
  return rows.slice(Math.max(0, top), Math.max(0, top) + height);
}
