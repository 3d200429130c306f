/**
 * The terminal UI's model: everything the UI shows, folded from what the
 * lab reports. Its inputs are
 *
 *   - the lab's events (events.ts), in the lab's order;
 *   - the bytes each console sends (for that machine's terminal);
 *   - snapshots of machines (plain data: state, time, CPU cycles, load,
 *     frames, processes), taken now and then;
 *   - the wall clock, handed in as a number (the model reads no clock);
 *   - what the person at the keyboard chose (which machine, scrolling).
 *
 * The state is a function of those inputs in their order and of nothing
 * else: the model holds no reference to a lab, a machine or a kernel, and
 * calls none, so the UI cannot change what the machines do. Fed from a
 * recorded event stream instead of a running lab (`--replay` of an
 * events file), it shows the same status, processes and event log, with
 * no consoles.
 *
 * The views (views/*.ts) turn this state into text for the screen.
 */
import { MIGRATE_PHASES } from '../../kernel/events.js';
import type { LabEvent } from '../lab/events.js';
import type { Counts, MachineSnapshot, MachineState } from '../lab/lab-machine.js';
import { CPU_HZ } from '../machine/sun3.js';
import { ConsoleTerminal } from './terminal.js';

/** Events kept in the log. */
export const LOG_LINES = 1000;

/** A process as the table shows it. */
export interface ProcessRow {
  pid: number;
  ppid: number;
  /** R, S, T, Z, I as ps shows them; from events alone: R, or Z once it has exited. */
  state: string;
  command: string;
  /** CPU time, cycles (null: not known, from events alone). */
  cpu: number | null;
}

/** One step of a migration, as the timeline shows it. */
export interface MigrationStep {
  /** Emulated time, cycles. */
  t: number;
  /** The machine that reported it. */
  machine: string;
  /** request, auth, freeze, part, ready, commit, resume, cleanup, refuse, abort. */
  phase: string;
  /** For a part: structs, text, data, bss, heap, stack, regs, files. */
  part?: string;
  bytes?: number;
  reason?: string;
}

/** One migration of a process, from its request to its source's cleanup (or its failure). */
export interface Migration {
  pid: number;
  from: string;
  /** The destination (a name when the lab knows its address). */
  to: string;
  steps: MigrationStep[];
  /** resume (it runs on `to`), refuse or abort; null while under way. */
  outcome: string | null;
}

/**
 * The migration phases of one hop: not the messages about a migrated process
 * (its exit, where it went, a signal, a stop), nor the global table's own
 * traffic (a page moving, a machine found dead).
 */
const MESSAGES = new Set(['exit', 'moved', 'signal', 'stopped', 'continued', 'page', 'dead']);
const HOP_PHASES = new Set<string>(MIGRATE_PHASES.filter((p) => !MESSAGES.has(p)));

/** Choosing a process to migrate and its destination (^A m): which stage, and what is chosen so far. */
export interface Picker {
  stage: 'process' | 'host';
  /** The row of the shown machine's process table. */
  row: number;
  /** The process chosen (stage host). */
  pid: number;
}

/** Counters at one instant: from a snapshot or a stats event. */
interface Sample {
  /** Emulated time, cycles. */
  t: number;
  /** Wall-clock time it was taken at, ms (null: not known). */
  wallMs: number | null;
  cpu: { user: number; system: number; idle: number };
  load: [number, number, number];
  frames: { in: number; out: number };
  /** The meter's counters, when the source gives them. */
  counts?: Counts;
}

/** One machine as the UI sees it. */
export interface MachineView {
  name: string;
  /** booting, up, halted, off; before the first report: booting. */
  state: MachineState;
  /** Emulated time, cycles. */
  now: number;
  boots: number;
  address: string;
  /** Emulated seconds per real second over the last interval (null: not known yet). */
  speed: number | null;
  load: [number, number, number];
  /** The CPU's use over the last interval, in percent (null: none measured yet). */
  cpu: { user: number; system: number; idle: number } | null;
  frames: { in: number; out: number };
  /** Page faults, system calls, interrupts and context switches per second over the last interval (null: not measured yet). */
  rates: Counts | null;
  processes: ProcessRow[];
  /** The console's terminal. */
  terminal: ConsoleTerminal;
  /** Console bytes that came while another machine was shown (the tab says so). */
  unseen: boolean;
  /** The last sample, and the one before (for the rates). */
  last: Sample | null;
  /** The 1-minute load once an emulated second, newest last (at most LOAD_HISTORY): the sparkline. */
  loadHistory: number[];
  /** When loadHistory last took a value (cycles). */
  loadHistoryAt: number;
  /** loadd's LoadThreshold after its last period (docs/loadsharing.md), null: no loadd heard from. */
  lt: number | null;
}

/** Samples the load sparkline keeps. */
export const LOAD_HISTORY = 8;

/** Keep the 1-minute load once an emulated second (20,000,000 cycles) for the sparkline. */
function noteLoad(m: MachineView, t: number, load1: number): void {
  if (m.loadHistory.length > 0 && t - m.loadHistoryAt < 20_000_000) return;
  m.loadHistory.push(load1);
  m.loadHistoryAt = t;
  if (m.loadHistory.length > LOAD_HISTORY) m.loadHistory.shift();
}

export class LabModel {
  readonly machines: MachineView[];
  /** The machine shown. */
  selected = 0;
  /** How many rows of scroll-back the shown console is scrolled up (0: at the bottom). */
  scroll = 0;
  /** The event log, formatted, oldest first (at most LOG_LINES). */
  readonly log: string[] = [];
  /** The lab's emulated time: the latest event or snapshot. */
  now = 0;
  /** A line about the lab as a whole (seed, how it ended). */
  note = '';
  /** The seed of the faults (from the start event). */
  seed = '';
  /** Snapshots have come (a live lab): stats events then only go to the log. */
  private live = false;
  /** The wall clock, as last handed in (ms). */
  private wallMs: number | null = null;
  /** Anything changed since the views last looked (tui.ts redraws then). */
  dirty = true;
  /** The migrations seen, oldest first (at most LOG_LINES), and the one the timeline shows (the latest). */
  readonly migrations: Migration[] = [];
  /** Where each migrated process was born and where it runs now (machine names), by pid. */
  readonly where = new Map<number, { home: string; host: string }>();
  /** Choosing a process to migrate (^A m), or null. */
  picker: Picker | null = null;

  constructor(names: readonly string[]) {
    this.machines = names.map((name) => ({
      name,
      state: 'booting',
      now: 0,
      boots: 0,
      address: '',
      speed: null,
      load: [0, 0, 0],
      cpu: null,
      frames: { in: 0, out: 0 },
      rates: null,
      processes: [],
      terminal: new ConsoleTerminal(),
      unseen: false,
      last: null,
      loadHistory: [],
      loadHistoryAt: 0,
      lt: null,
    }));
  }

  // ---------------------------------------------------------------- inputs

  /** The wall clock now (ms, any origin): rates are measured against it. */
  clock(wallMs: number): void {
    this.wallMs = wallMs;
  }

  /** Bytes machine i's console sent. */
  output(i: number, bytes: Uint8Array): void {
    const m = this.machines[i];
    if (!m) return;
    m.terminal.write(bytes);
    if (i !== this.selected) m.unseen = true;
    this.dirty = true;
  }

  /** A snapshot of a machine (lab.snapshot(i)). */
  snapshot(s: MachineSnapshot): void {
    const m = this.machines[s.index];
    if (!m) return;
    this.live = true;
    m.state = s.state;
    m.boots = s.boots;
    m.address = s.address;
    m.processes = s.processes.map((p) => ({
      pid: p.pid,
      ppid: p.ppid,
      state: p.state,
      command: p.command,
      cpu: p.cpu,
    }));
    this.sample(m, {
      t: s.now,
      wallMs: this.wallMs,
      cpu: { ...s.cpu },
      load: [...s.load],
      frames: { in: s.frames.in, out: s.frames.out },
      counts: s.counts,
    });
    this.now = Math.max(this.now, s.now);
    this.dirty = true;
  }

  /** An event of the lab's stream. */
  event(e: LabEvent): void {
    this.now = Math.max(this.now, e.t);
    const line = formatEvent(e);
    if (line !== null) {
      this.log.push(line);
      if (this.log.length > LOG_LINES) this.log.splice(0, this.log.length - LOG_LINES);
    }
    this.dirty = true;
    const m = e.machine === undefined ? undefined : this.machines.find((x) => x.name === e.machine);
    switch (e.type) {
      case 'start':
        this.seed = String(e.seed);
        this.note = `seed ${this.seed}`;
        return;
      case 'end':
        this.note = `stopped (${e.reason}), status ${e.status}`;
        return;
    }
    if (!m) return;
    m.now = Math.max(m.now, e.t);
    switch (e.type) {
      case 'power':
      case 'reboot':
        // A new kernel's processes (its init's fork comes before its boot event), or none.
        m.state = e.type === 'power' && !e.on ? 'off' : 'booting';
        m.processes = [];
        return;
      case 'boot':
        m.boots = e.n as number;
        m.address = e.address as string;
        m.state = 'booting';
        return;
      case 'ready':
        m.state = 'up';
        return;
      case 'halt':
        m.state = 'halted';
        m.processes = [];
        return;
      case 'fork':
        this.forked(m, e.pid as number, e.ppid as number, e.t);
        return;
      case 'exec':
        if (this.fresh(m, e.t)) {
          const p = m.processes.find((x) => x.pid === e.pid);
          if (p) p.command = e.comm as string;
        }
        return;
      case 'exit':
        if (this.fresh(m, e.t)) {
          const p = m.processes.find((x) => x.pid === e.pid);
          if (p) p.state = 'Z';
        }
        return;
      case 'wait':
        if (this.fresh(m, e.t)) m.processes = m.processes.filter((x) => x.pid !== e.child);
        return;
      case 'migrate':
        this.migrated(m, e);
        return;
      case 'stats':
        if (!this.live)
          this.sample(m, {
            t: e.t,
            wallMs: this.wallMs,
            cpu: { user: e.user as number, system: e.system as number, idle: e.idle as number },
            load: (e.load as number[]).map((x) => x / 100) as [number, number, number],
            frames: { in: e.framesIn as number, out: e.framesOut as number },
            counts:
              e.faults === undefined
                ? undefined
                : {
                    faults: e.faults as number,
                    syscalls: e.syscalls as number,
                    interrupts: e.interrupts as number,
                    switches: e.switches as number,
                  },
          });
        return;
      case 'loadd':
        if (e.kind === 'period') m.lt = (e.ltAfter as number) / 256;
        return;
    }
  }

  /** Show machine i (its unseen output is seen). */
  select(i: number): void {
    if (!this.machines[i] || i === this.selected) return;
    this.selected = i;
    this.scroll = 0;
    this.machines[i].unseen = false;
    this.dirty = true;
  }

  /** Scroll the shown console by `rows` (up: positive), no further up than `max` rows. */
  scrollBy(rows: number, max: number): void {
    const to = Math.max(0, Math.min(max, this.scroll + rows));
    if (to === this.scroll) return;
    this.scroll = to;
    this.dirty = true;
  }

  /** Back to the bottom of the console (a key typed at it). */
  scrollToBottom(): void {
    if (this.scroll === 0) return;
    this.scroll = 0;
    this.dirty = true;
  }

  // ---------------------------------------------------------------- migrating (^A m)

  /** Start choosing a process of the shown machine to migrate. */
  startPick(): void {
    this.picker = { stage: 'process', row: 0, pid: 0 };
    this.dirty = true;
  }

  /** Move the choice of process by `by` rows (stage process). */
  movePick(by: number): void {
    const p = this.picker;
    const n = this.machines[this.selected].processes.length;
    if (p?.stage !== 'process' || n === 0) return;
    p.row = (p.row + by + n) % n;
    this.dirty = true;
  }

  /** The process chosen: on to the choice of host. False if there is none. */
  pickProcess(): boolean {
    const p = this.picker;
    const row = p ? this.machines[this.selected].processes[p.row] : undefined;
    if (p?.stage !== 'process' || !row) return false;
    p.pid = row.pid;
    p.stage = 'host';
    this.dirty = true;
    return true;
  }

  /** The host chosen: what to do — migrate pid, on the shown machine, to machine `to` — or null (not a host, or this one). */
  pickHost(to: number): { machine: number; pid: number; to: string } | null {
    const p = this.picker;
    const dest = this.machines[to];
    if (p?.stage !== 'host' || !dest || to === this.selected) return null;
    this.picker = null;
    this.dirty = true;
    return { machine: this.selected, pid: p.pid, to: dest.name };
  }

  cancelPick(): void {
    if (!this.picker) return;
    this.picker = null;
    this.dirty = true;
  }

  // ---------------------------------------------------------------- folding

  /** The name of the machine at Internet address `a` (the address itself if none has it). */
  private nameOf(a: string): string {
    return this.machines.find((x) => x.address === a)?.name ?? a;
  }

  /**
   * A migrate event: a step of a hop goes on its migration's timeline
   * (both ends report steps; a request from the source opens a new one),
   * and a resume says where the process now runs.
   */
  private migrated(m: MachineView, e: LabEvent): void {
    const pid = e.pid as number;
    const phase = e.phase as string;
    if (!HOP_PHASES.has(phase) || pid === 0) return; // (pid 0: the table's sessions, no process's)
    const peer = this.nameOf(String(e.peer));
    let g: Migration | undefined;
    for (const x of this.migrations) if (x.pid === pid) g = x;
    // The source's request (made where the process runs) starts a hop; the
    // destination's (peer: the source) joins it. A request taken elsewhere is
    // a message about the process (its exit, a signal, its terminal): no hop.
    const joins = g !== undefined && g.outcome === null && g.to === m.name && g.from === peer;
    const here = (this.where.get(pid)?.host ?? m.name) === m.name;
    if (phase === 'request' && !joins) {
      if (!here) return;
      g = { pid, from: m.name, to: peer, steps: [], outcome: null };
      this.migrations.push(g);
      if (this.migrations.length > LOG_LINES) this.migrations.splice(0, 1);
    }
    // A step belongs to the hop under way between its two machines; after the resume only the source's cleanup.
    if (!g || (m.name !== g.from && m.name !== g.to)) return;
    if (g.outcome !== null && !(phase === 'cleanup' && m.name === g.from)) return;
    const step: MigrationStep = { t: e.t, machine: m.name, phase };
    if (e.part !== undefined) step.part = String(e.part);
    if (e.bytes !== undefined) step.bytes = e.bytes as number;
    if (e.reason !== undefined) step.reason = String(e.reason);
    // In the order they happened (the machines' reports may come a little out of it).
    let at = g.steps.length;
    while (at > 0 && g.steps[at - 1].t > step.t) at--;
    g.steps.splice(at, 0, step);
    if (phase === 'resume') {
      g.outcome = 'resume';
      const was = this.where.get(pid);
      this.where.set(pid, { home: was?.home ?? g.from, host: m.name });
    } else if ((phase === 'refuse' || phase === 'abort') && g.outcome === null) g.outcome = phase;
  }

  /**
   * Is an event at `t` news for the process table? A snapshot taken later
   * already shows what it did (events come out a little after the instant
   * they happened, snapshots are taken at the lab's present).
   */
  private fresh(m: MachineView, t: number): boolean {
    return m.last === null || !this.live || t >= m.last.t;
  }

  private forked(m: MachineView, pid: number, ppid: number, t: number): void {
    if (!this.fresh(m, t) || m.processes.some((p) => p.pid === pid)) return;
    const parent = m.processes.find((p) => p.pid === ppid);
    m.processes.push({ pid, ppid, state: 'R', command: parent?.command ?? '', cpu: null });
    m.processes.sort((a, b) => a.pid - b.pid);
  }

  /** A new sample: the counters, and the rates since the one before. */
  private sample(m: MachineView, s: Sample): void {
    const prev = m.last;
    m.now = Math.max(m.now, s.t);
    m.load = s.load;
    noteLoad(m, s.t, s.load[0]);
    m.frames = s.frames;
    if (prev && s.t > prev.t) {
      const du = s.cpu.user - prev.cpu.user;
      const ds = s.cpu.system - prev.cpu.system;
      const di = s.cpu.idle - prev.cpu.idle;
      const all = du + ds + di;
      m.cpu = all > 0 ? { user: (100 * du) / all, system: (100 * ds) / all, idle: (100 * di) / all } : m.cpu;
      const a = s.counts;
      const b = prev.counts;
      if (a && b) {
        const per = (x: number, y: number) => Math.max(0, ((x - y) * CPU_HZ) / (s.t - prev.t));
        m.rates = {
          faults: per(a.faults, b.faults),
          syscalls: per(a.syscalls, b.syscalls),
          interrupts: per(a.interrupts, b.interrupts),
          switches: per(a.switches, b.switches),
        };
      }
      if (s.wallMs !== null && prev.wallMs !== null && s.wallMs > prev.wallMs)
        m.speed = (s.t - prev.t) / CPU_HZ / ((s.wallMs - prev.wallMs) / 1000);
    }
    if (!prev || s.t > prev.t) m.last = s;
  }
}

/** One input of the model, as data (a recorded or scripted sequence of them can be folded). */
export type ModelInput =
  | { kind: 'event'; event: LabEvent }
  | { kind: 'output'; machine: number; bytes: Uint8Array }
  | { kind: 'snapshot'; snapshot: MachineSnapshot }
  | { kind: 'clock'; wallMs: number }
  | { kind: 'select'; machine: number }
  | { kind: 'scroll'; rows: number; max: number };

/** Fold `inputs` into `model`, in order; the same inputs give the same state, whatever else happens. */
export function fold(model: LabModel, inputs: Iterable<ModelInput>): LabModel {
  for (const x of inputs)
    switch (x.kind) {
      case 'event':
        model.event(x.event);
        break;
      case 'output':
        model.output(x.machine, x.bytes);
        break;
      case 'snapshot':
        model.snapshot(x.snapshot);
        break;
      case 'clock':
        model.clock(x.wallMs);
        break;
      case 'select':
        model.select(x.machine);
        break;
      case 'scroll':
        model.scrollBy(x.rows, x.max);
        break;
    }
  return model;
}

/** Seconds of emulated time, as the log and the status show them: 12.345. */
export function seconds(t: number): string {
  return (t / CPU_HZ).toFixed(3);
}

/** A wait status as a person reads it: "exit 1", "killed by signal 2 (core)", "stopped by signal 18". */
export function waitStatus(st: number): string {
  const sig = st & 0x7f;
  if (sig === 0x7f) return `stopped by signal ${(st >> 8) & 0xff}`;
  if (sig !== 0) return `killed by signal ${sig}${st & 0x80 ? ' (core)' : ''}`;
  return `exit ${(st >> 8) & 0xff}`;
}

/**
 * An event as a line of the log ("  12.345 sun0 exec 32 ping"), or null
 * for the ones the log leaves out: the counters (stats, link: they are in
 * the status column) and waits (the exit says it).
 */
export function formatEvent(e: LabEvent): string | null {
  const who = e.machine ?? e.segment ?? 'lab';
  const what = ((): string | null => {
    switch (e.type) {
      case 'start':
        return `start: ${(e.machines as string[]).join(', ')}; seed ${e.seed}`;
      case 'end':
        return `end (${e.reason}), status ${e.status}`;
      case 'power':
        return `power ${e.on ? 'on' : 'off'} (${e.cause})`;
      case 'boot':
        return `booted${(e.n as number) > 1 ? ` (#${e.n})` : ''}: ${e.address}, ${e.ether}`;
      case 'ready':
        return `/etc/rc done${e.status ? ` (${waitStatus(e.status as number)})` : ''}`;
      case 'reboot':
        return 'reboot';
      case 'panic':
        return `panic: ${e.message}`;
      case 'halt':
        return `halted (${e.reason})`;
      case 'command':
        return `command ${e.phase}: ${e.text}${e.phase === 'done' ? `, status ${e.status}` : ''}`;
      case 'fork':
        return `fork ${e.pid} (parent ${e.ppid})`;
      case 'exec':
        return `exec ${e.pid} ${e.comm}`;
      case 'exit':
        return `exit ${e.pid} (${waitStatus(e.status as number)})`;
      case 'partition':
        return `partition ${e.state}: ${(e.machines as string[]).join(', ')}`;
      case 'migrate': {
        // request, auth, freeze, part, ready, commit, resume, cleanup; refuse, abort; exit, moved, signal.
        const part = e.part === undefined ? '' : ` ${e.part}`;
        const bytes = e.bytes === undefined ? '' : ` ${e.bytes} B`;
        const why = e.reason === undefined ? '' : `: ${e.reason}`;
        return `migrate ${e.pid} ${e.phase}${part}${bytes} (${e.peer})${why}`;
      }
      case 'loadd': {
        // A load-sharing decision (docs/loadsharing.md): loads in 1/256.
        const load = (x: unknown) => ((x as number) / 256).toFixed(2);
        const job = e.pid === undefined ? '' : ` ${e.pid}${e.to === undefined ? '' : ` to ${e.to}`}`;
        return `loadd ${e.kind} ${e.action}${job}: self ${load(e.self)} min ${load(e.loadMin)} lt ${load(e.ltBefore)}->${load(e.ltAfter)}`;
      }
      case 'trace':
        // A line of the machine's trace (--trace-what; docs/tracing.md).
        return `${e.class}${(e.pid as number) >= 0 ? ` pid ${e.pid}` : ''}: ${e.text}`;
      case 'wait':
      case 'stats':
      case 'link':
        return null;
      default: {
        // A type of a later schema: its fields as they are.
        const fields = Object.entries(e)
          .filter(([k]) => !['v', 't', 'machine', 'segment', 'type'].includes(k))
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
        return `${e.type} ${fields.join(' ')}`.trim();
      }
    }
  })();
  return what === null ? null : `${seconds(e.t).padStart(9)} ${who} ${what}`;
}
