/**
 * A live meter of one machine, like System/161's stat161: every interval of
 * emulated time, one line of what the machine did in it — instructions,
 * the CPU's time split into user, system and idle, page faults, system
 * calls, interrupts, context switches and Ethernet frames. `sun3lab stat`
 * prints it (docs/tracing.md). Intervals are of emulated time, so the
 * lines are the same every run.
 */
import type { Station } from '../lab/station.js';

const CYCLES_PER_SECOND = 20_000_000;

/** The counters the meter reads, all running totals. */
interface Counters {
  cycles: number;
  insns: number;
  idle: number;
  system: number;
  off: number;
  faults: number;
  syscalls: number;
  interrupts: number;
  switches: number;
  framesIn: number;
  framesOut: number;
}

function counters(st: Station): Counters {
  const cpu = st.machine.cpu;
  const k = st.kernel;
  return {
    cycles: cpu.cycles,
    insns: cpu.instructions,
    idle: cpu.idleCycles,
    system: k.stats.systemCycles,
    off: st.offCycles,
    faults: k.stats.faults,
    syscalls: k.stats.syscalls,
    interrupts: k.stats.interrupts,
    switches: k.sched.switches,
    framesIn: st.machine.ether.framesIn,
    framesOut: st.machine.ether.framesOut,
  };
}

const COLUMNS: [string, number][] = [
  ['time', 9],
  ['insns', 10],
  ['usr%', 6],
  ['sys%', 6],
  ['idle%', 6],
  ['faults', 7],
  ['calls', 7],
  ['intr', 6],
  ['csw', 6],
  ['fr-in', 6],
  ['fr-out', 7],
];

function row(cells: string[]): string {
  return cells.map((c, i) => c.padStart(COLUMNS[i][1])).join('');
}

export class StatMeter {
  private last: Counters;
  private lines = 0;

  /** Meter `st` from now on, writing each line to `out`. */
  constructor(
    private readonly st: Station,
    private readonly out: (line: string) => void,
    /** A header line again after this many lines (0: only at the start), as vmstat does. */
    private readonly headerEvery = 20,
  ) {
    this.last = counters(st);
  }

  /** Print a line every `seconds` of emulated time, as the machine runs. */
  start(seconds: number): void {
    this.st.every(Math.max(1, Math.round(seconds * CYCLES_PER_SECOND)), () => this.sample());
  }

  /** The header line. */
  static header(): string {
    return row(COLUMNS.map(([name]) => name));
  }

  /** One line: what happened since the last. */
  sample(): void {
    const now = counters(this.st);
    const d = (f: keyof Counters) => now[f] - this.last[f];
    const span = d('cycles');
    if (span <= 0) return;
    if (this.lines === 0 || (this.headerEvery > 0 && this.lines % this.headerEvery === 0))
      this.out(StatMeter.header());
    const pct = (n: number) => ((100 * Math.max(0, n)) / span).toFixed(1);
    const user = span - d('idle') - d('system') - d('off');
    this.out(
      row([
        (now.cycles / CYCLES_PER_SECOND).toFixed(3),
        `${d('insns')}`,
        pct(user),
        pct(d('system')),
        pct(d('idle')),
        `${d('faults')}`,
        `${d('syscalls')}`,
        `${d('interrupts')}`,
        `${d('switches')}`,
        `${d('framesIn')}`,
        `${d('framesOut')}`,
      ]),
    );
    this.lines++;
    this.last = now;
  }
}
