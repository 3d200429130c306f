/**
 * A lab: N Sun-3/60s on simulated Ethernet segments, in one process, run
 * in lockstep (docs/lab.md).
 *
 *   const lab = new Lab(resolveLab({ count: { value: 3, where: '--machines' } }), { image });
 *   lab.onLine((i, text) => console.log(`${lab.machines[i].name}| ${text}`));
 *   lab.exec(0, 'ping -c 3 sun2');
 *   while (!lab.settled) lab.runTo(lab.now + 200_000);
 *   lab.finish('done');
 *
 * Each machine is a LabMachine: its own Station (CPU, MMU, devices,
 * kernel) on its own disk — a copy-on-write view of the root image, or a
 * disk file of its own — with /etc/hosts, and the migration pool's
 * /etc/pmpool and /etc/pmsecret, written from the configuration.
 * The machines share nothing but the segments their transceivers are
 * plugged into; each machine and each segment draws random numbers from
 * its own stream of the lab's seed. A run is a pure function of the
 * images, the configuration, the input typed and the seed: the same run
 * twice gives the same consoles, events and captures, byte for byte, in
 * whatever order the machines are run inside a window.
 *
 * What the lab reports comes out in one order, whatever the order the
 * machines ran in: events (events.ts) and console lines, sorted by
 * (cycle, source, sequence), handed to the listeners once every machine
 * has passed them. Views (the terminal UI, tests) listen to those and ask
 * for snapshots; they never touch a machine's objects.
 */

import type { BlockDevice } from '../../kernel/fs/ufs/disk.js';
import type { TraceClass } from '../../kernel/ktrace.js';
import type { Engine, TimingModel } from '../cpu/engine.js';
import { Lockstep, type LockstepSegment } from '../net/lockstep.js';
import type { EtherPort } from '../net/port.js';
import { Random } from '../net/random.js';
import { type FrameSink, Segment } from '../net/segment.js';
import type { InputKind } from './console-script.js';
import { CowDisk } from './cow-disk.js';
import { type EventBody, type LabEvent, makeEvent } from './events.js';
import { type BuildOptions, buildMachine, labFiles } from './lab-build.js';
import type { LabConfig } from './lab-config.js';
import type { LabMachine, MachineReports, MachineSnapshot } from './lab-machine.js';
import type { LabMember } from './lab-member.js';
import { WorkerPool } from './lab-threads.js';
import { LoaddLines } from './loadd-line.js';
import { OrderedQueue } from './ordered.js';

export interface LabOptions {
  /** The root image every machine starts from (each gets a copy-on-write view; it is never written). */
  image: Uint8Array;
  /** Disks to use instead, by machine index (--disk-dir): written through, kept. */
  disks?: readonly (BlockDevice | undefined)[];
  /** Run the machines in reverse order inside each window (tests: it must change nothing). */
  reverse?: boolean;
  /** Jump over spans in which every machine waits (default true; it changes nothing but the speed). */
  skipQuiet?: boolean;
  /** How every machine's CPU runs (default the block engine): both give the same lab, byte for byte. */
  engine?: Engine;
  /**
   * Worker threads to run the machines on (default 1: all on the calling
   * thread). The same lab, byte for byte, on any number. Labs with `disks`
   * run on the calling thread.
   */
  threads?: number;
  /** How every machine counts time (default 3/60; docs/cpu-timing.md). */
  timing?: TimingModel;
  /** What every machine traces, as `trace` events (--trace-what; docs/tracing.md). */
  traceWhat?: readonly TraceClass[];
}

/** Input typed at a machine's console, stamped with the cycle it was typed at (a recording). */
export interface TypedInput {
  t: number;
  machine: number;
  kind: InputKind;
  text: string;
}

/** The lab's own place among the sources of ordered output: before the machines. */
const LAB_SOURCE = -1;

/** A segment as the lockstep runs it, reporting its counters as it is flushed. */
class LabSegment implements LockstepSegment {
  private nextSample: number;

  constructor(
    readonly segment: Segment,
    private readonly every: number,
    private readonly report: (t: number, body: EventBody) => void,
  ) {
    this.nextSample = every;
  }

  get name(): string {
    return this.segment.name;
  }
  get minLatency(): number {
    return this.segment.minLatency;
  }
  get backlog(): number {
    return this.segment.backlog;
  }

  flush(until: number): void {
    this.segment.flush(until);
    while (this.nextSample <= until) {
      const s = this.segment.stats;
      this.report(this.nextSample, {
        type: 'link',
        sent: s.sent,
        lost: s.lost,
        corrupted: s.corrupted,
        duplicated: s.duplicated,
        reordered: s.reordered,
        partitioned: s.partitioned,
        congested: s.congested,
        delivered: s.delivered,
      });
      this.nextSample += this.every;
    }
  }
}

export class Lab {
  /** The machines, wherever they run: on this thread or on workers (threads > 1). */
  readonly members: readonly LabMember[];
  /** The machines' own objects when they run on this thread (threads 1); empty otherwise. */
  readonly machines: readonly LabMachine[];
  /** The worker threads' pool, if the machines run on workers. */
  readonly pool: WorkerPool | null = null;
  readonly segments: readonly Segment[];
  readonly lockstep: Lockstep;
  /** The status a script run ends with: that of the last command that failed (1 if lost), else 0. */
  status = 0;
  /** The last command that failed, for a message. */
  failed: { machine: string; text: string; status: number } | null = null;
  private readonly events = new OrderedQueue<LabEvent>();
  private readonly lines = new OrderedQueue<{ machine: number; text: string }>();
  private readonly inputs = new OrderedQueue<TypedInput>();
  private readonly eventListeners: ((e: LabEvent) => void)[] = [];
  private readonly lineListeners: ((machine: number, text: string) => void)[] = [];
  private readonly outputListeners: ((machine: number, bytes: Uint8Array) => void)[] = [];
  private readonly inputListeners: ((input: TypedInput) => void)[] = [];
  /**
   * Console bytes sent before the lab first ran (the PROM's banner, while
   * the machines are built), by machine: a terminal view that listens
   * after the constructor still gets them. Null once the lab has run.
   */
  private early: number[][] | null = [];
  /** When the last partition ends. */
  private readonly scheduleEnd: number;
  private finished = false;
  /** What the listeners were handed since keepHistory(), by list (0 lines, 1 events, 2 output, 3 input). */
  private history: [number, unknown[]][] | null = null;
  private historyFrom: number[] = [];

  constructor(
    readonly config: LabConfig,
    opts: LabOptions,
  ) {
    const seed = new Random(config.seed);
    const n = config.machines.length;
    this.segments = config.segments.map(
      (s) =>
        new Segment({
          name: s.name,
          kind: s.kind,
          latency: s.latency,
          faults: { loss: s.loss, duplicate: s.duplicate, corrupt: s.corrupt, jitter: s.jitter },
          partitions: config.partitions
            .filter((p) => p.segment === s.name)
            .map((p) => ({ ports: p.machines.map((m) => this.indexOf(m)), from: p.from, to: p.to })),
          random: seed.stream(`segment/${s.name}`),
        }),
    );
    this.pushEvent(
      0,
      LAB_SOURCE,
      {},
      {
        type: 'start',
        machines: config.machines.map((m) => m.name),
        segments: config.segments.map((s) => s.name),
        seed: config.seed,
      },
    );
    const loadd = config.machines.map(() => new LoaddLines());
    const reports = (i: number): MachineReports => {
      const from = { machine: config.machines[i].name };
      return {
        event: (t, body) => this.pushEvent(t, i, from, body),
        line: (t, text) => {
          this.lines.push(t, i, { machine: i, text });
          const decision = loadd[i].line(text);
          if (decision) this.pushEvent(t, i, from, decision);
        },
        output: (bytes) => {
          if (this.early) (this.early[i] ??= []).push(...bytes);
          for (const f of this.outputListeners) f(i, bytes);
        },
        input: (t, kind, text) => this.inputs.push(t, i, { t, machine: i, kind, text }),
      };
    };
    const ports = config.machines.map((mc, i) => {
      const j = config.segments.findIndex((s) => s.name === mc.segment);
      return this.segments[j].attach(i);
    });
    const threads = opts.disks?.some((d) => d !== undefined) ? 1 : (opts.threads ?? 1);
    const files = labFiles(config);
    const how: BuildOptions = { engine: opts.engine, timing: opts.timing, traceWhat: opts.traceWhat };
    const build = (i: number) =>
      buildMachine(config, i, opts.disks?.[i] ?? new CowDisk(opts.image), files, reports(i), how);
    if (threads > 1 && n > 1) {
      const byIndex = config.machines.map((_, i) => reports(i));
      const pool = new WorkerPool(
        config,
        opts.image,
        threads,
        how,
        (i) => byIndex[i],
        (i) => ports[i],
        build,
        () => this.segments.some((s) => s.backlog > 0),
      );
      this.pool = pool;
      this.machines = [];
      this.members = pool.members;
      for (const [i, port] of ports.entries())
        if (pool.threadOf(i) !== 0)
          port.receiver = (frame, at, dribble) =>
            pool.mail({ kind: 'deliver', machine: i, frame, at, dribble });
      for (const m of pool.local) m.station.machine.ether.attach(ports[m.index]);
    } else {
      this.machines = config.machines.map((_, i) => build(i));
      this.members = this.machines;
      for (const m of this.machines) m.station.machine.ether.attach(ports[m.index]);
    }
    const labSegments = this.segments.map(
      (seg, j) =>
        new LabSegment(seg, config.statsInterval, (t, body) =>
          this.pushEvent(t, n + j, { segment: seg.name }, body),
        ),
    );
    let end = 0;
    for (const p of config.partitions) {
      const j = config.segments.findIndex((s) => s.name === p.segment);
      const src = { segment: p.segment };
      this.pushEvent(p.from, n + j, src, { type: 'partition', state: 'start', machines: p.machines });
      this.pushEvent(p.to, n + j, src, { type: 'partition', state: 'end', machines: p.machines });
      end = Math.max(end, p.to);
    }
    this.scheduleEnd = end;
    const order = opts.reverse ? [...this.machines].reverse() : this.machines;
    this.lockstep = new Lockstep(this.pool ? [this.pool] : order, labSegments);
    this.lockstep.skipQuiet = opts.skipQuiet ?? true;
  }

  private indexOf(name: string): number {
    return this.config.machines.findIndex((m) => m.name === name);
  }

  private pushEvent(
    t: number,
    source: number,
    from: { machine?: string; segment?: string },
    body: EventBody,
  ): void {
    this.events.push(t, source, makeEvent(t, from, body));
  }

  // ---------------------------------------------------------------- listening

  /** Every event, in order, once every machine has passed it. */
  onEvent(f: (e: LabEvent) => void): void {
    this.eventListeners.push(f);
  }

  /** Every console line (without its line end), in order. */
  onLine(f: (machine: number, text: string) => void): void {
    this.lineListeners.push(f);
  }

  /**
   * A console's bytes as the machine sends them (for a terminal view: not
   * ordered across machines), from the first: those sent while the lab was
   * being built come at once.
   */
  onOutput(f: (machine: number, bytes: Uint8Array) => void): void {
    this.outputListeners.push(f);
    if (this.early) for (const [i, b] of this.early.entries()) if (b) f(i, Uint8Array.from(b));
  }

  /** Everything typed at a console, stamped with its cycle, in order (for a recording). */
  onInput(f: (input: TypedInput) => void): void {
    this.inputListeners.push(f);
  }

  /**
   * Keep everything the lab hands its listeners from now on (lines, events,
   * console bytes, input), in order, until retell(). A lab booted ahead of
   * its use (a start-up snapshot, emu/cli/lab-snapshot.ts) gets its
   * listeners only afterwards; retell() gives them what they missed.
   */
  keepHistory(): void {
    const history: [number, unknown[]][] = [];
    this.history = history;
    const lists = this.listenerLists();
    const keep =
      (k: number) =>
      (...args: unknown[]) =>
        this.history === history &&
        history.push([k, args.map((x) => (x instanceof Uint8Array ? Uint8Array.from(x) : x))]);
    this.onLine(keep(0));
    this.onEvent(keep(1));
    this.onOutput(keep(2));
    this.onInput(keep(3));
    this.historyFrom = lists.map((l) => l.length);
  }

  /** Hand what keepHistory() kept, in its order, to the listeners added since; stop keeping. */
  retell(): void {
    const history = this.history;
    if (history === null) return;
    this.history = null;
    const lists = this.listenerLists();
    for (const [k, args] of history)
      for (const f of lists[k].slice(this.historyFrom[k])) (f as (...a: unknown[]) => void)(...args);
  }

  private listenerLists(): readonly ((...a: never[]) => void)[][] {
    return [this.lineListeners, this.eventListeners, this.outputListeners, this.inputListeners];
  }

  /**
   * A port on a segment for a bridge to the outside (a UDP link): one more
   * station, after the machines. What it sends is not a function of the
   * lab's inputs any more (see emu/net/udp-link.ts).
   */
  bridgePort(segment: string): EtherPort {
    const s = this.segments.find((x) => x.name === segment);
    if (!s) throw new Error(`no segment ${segment}`);
    return s.attach(this.members.length + this.bridges++);
  }
  private bridges = 0;

  /** Capture a segment's frames (a pcap file). */
  capture(segment: string, sink: FrameSink): void {
    const s = this.segments.find((x) => x.name === segment);
    if (!s) throw new Error(`no segment ${segment}`);
    s.capture(sink);
  }

  // ---------------------------------------------------------------- running

  /** Where every machine has got to. */
  get now(): number {
    return this.lockstep.now;
  }

  /** Is a debugger holding one of the machines? Then the whole lab's clock stands still. */
  get held(): boolean {
    return this.lockstep.held;
  }

  /** The lockstep window, cycles. */
  get window(): number {
    return this.lockstep.window;
  }

  /** Run every machine to cycle `end`, then hand out what they reported before it. */
  runTo(end: number): void {
    if (this.finished) throw new Error('the lab has finished');
    this.early = null;
    this.lockstep.runTo(end);
    // Segments report at their flushes, which happen at grid points only.
    this.release(Math.floor(this.lockstep.now / this.window) * this.window);
  }

  private release(frontier: number): void {
    for (const x of this.inputs.release(frontier)) for (const f of this.inputListeners) f(x);
    for (const e of this.events.release(frontier)) {
      if (e.type === 'command' && (e.phase === 'lost' || (e.phase === 'done' && e.status !== 0))) {
        const status = e.phase === 'lost' ? 1 : (e.status as number);
        this.status = status;
        this.failed = { machine: e.machine as string, text: e.text as string, status };
      }
      for (const f of this.eventListeners) f(e);
    }
    for (const l of this.lines.release(frontier)) for (const f of this.lineListeners) f(l.machine, l.text);
  }

  /**
   * Has every machine done what its script asks, and the schedule played
   * out? Commands finished, /etc/rc done on every machine that is up,
   * consoles quiet, crashes and partitions over. (Processes that keep
   * running — daemons — do not count.)
   */
  get settled(): boolean {
    return this.now >= this.scheduleEnd && this.members.every((m) => m.settled);
  }

  /** Is every machine that is up waiting for someone to type (or down), with nothing queued? */
  get waitingForInput(): boolean {
    return this.members.every((m) => m.waitingForInput);
  }

  /**
   * End the run: unfinished console lines, the rest of the events, and the
   * end event with the reason and the exit status — `status` if given, else
   * the lab's (that of the last command that failed, counting the events
   * handed out only now). Returns the status.
   */
  finish(
    reason: 'done' | 'timeout' | 'quit' | 'end of input' | 'replayed' | 'error',
    status?: number,
  ): number {
    if (this.finished) return status ?? this.status;
    for (const m of this.members) m.flushLine();
    this.pool?.close();
    this.release(Number.POSITIVE_INFINITY);
    this.finished = true;
    const s = status ?? this.status;
    const e = makeEvent(this.now, {}, { type: 'end', reason, status: s });
    for (const f of this.eventListeners) f(e);
    return s;
  }

  // ---------------------------------------------------------------- acting on machines

  private machine(i: number): LabMember {
    const m = this.members[i];
    if (!m) throw new Error(`no machine ${i}`);
    return m;
  }

  /** Queue a command at machine i's shell (after the ones before it, once /etc/rc is done). */
  exec(i: number, command: string): void {
    this.machine(i).exec(command);
  }

  /** Queue a line for machine i's console, typed when a process reads it. */
  typeLine(i: number, text: string): void {
    this.machine(i).typeLine(text);
  }

  /** Type keys at machine i's console now (^C: "\x03"), as from a keyboard. */
  typeKeys(i: number, keys: string): void {
    this.machine(i).typeKeys(keys);
  }

  /** Queue keys for machine i, typed in turn with its queued lines, a second after the one before them. */
  queueKeys(i: number, keys: string): void {
    this.machine(i).queueKeys(keys);
  }

  /** Replay a recording: each machine types its recorded input at the recorded cycles (and its scripts are not used). */
  replay(inputs: readonly TypedInput[]): void {
    for (const m of this.members) m.replay(inputs.filter((x) => x.machine === m.index));
  }

  /** Cut machine i's power now, or restore it. */
  powerOff(i: number): void {
    this.machine(i).powerOff('user');
  }
  powerOn(i: number): void {
    this.machine(i).powerOn('user');
  }

  /** A view of machine i now. */
  snapshot(i: number): MachineSnapshot {
    return this.machine(i).snapshot();
  }
}
