/**
 * Running a lab's machines on worker threads (`sun3lab lab --threads N`).
 *
 * The machines are spread over N threads, the lab's own and N-1 workers
 * (machine i on thread i mod N, 0 being the lab's); each thread builds its
 * own, each on its own copy-on-write view of the root image (one copy of
 * the image, shared read-only by every thread). The
 * lab keeps everything that is not a machine — the segments, their random
 * streams and captures, the ordering of events and console lines — and
 * the lockstep windows' rule. The threads run the windows together,
 * meeting in shared memory at each window's end (lab-barrier.ts), and
 * come back to the lab only after a window in which a frame was sent: the
 * lab carries the frames (they cross from the workers as bytes) and mails
 * each machine the frames it receives, before the next window. Since the
 * machines share nothing but the wire, and the lockstep makes what crosses
 * the wire independent of the order the machines ran in, the run is the
 * same, byte for byte and cycle for cycle, as on one thread.
 *
 * Between steps the workers sleep on a shared word, so a lab that is not
 * being run (paused: nobody calls runTo) costs no CPU.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { LockstepMachine, RunResult, WindowRun } from '../net/lockstep.js';
import type { EtherPort } from '../net/port.js';
import type { InputKind } from './console-script.js';
import { Barrier, barrierMemory, type Share } from './lab-barrier.js';
import type { BuildOptions } from './lab-build.js';
import type { LabConfig, MachineConfig } from './lab-config.js';
import type { LabMachine, MachineReports, MachineSnapshot, MachineState } from './lab-machine.js';
import type { LabMember, MachineMemory } from './lab-member.js';
import {
  type Act,
  type Ask,
  C,
  CMD,
  ctlBase,
  ctlLength,
  F,
  GEN,
  K,
  type Mail,
  NO_RUN,
  QUIT,
  type Report,
  RUN,
  S,
  STATES,
  STATUS,
  type WorkerData,
} from './lab-protocol.js';
import { take, waitChange } from './lab-worker-wait.js';

/** How long the lab waits for a worker to start (loading its modules) before it gives up, ms. */
const START_TIMEOUT_MS = 120_000;

/** One copy of each root image in shared memory, made once. */
const shared = new WeakMap<Uint8Array, SharedArrayBuffer>();
function sharedImage(image: Uint8Array): SharedArrayBuffer {
  if (
    image.buffer instanceof SharedArrayBuffer &&
    image.byteOffset === 0 &&
    image.byteLength === image.buffer.byteLength
  )
    return image.buffer;
  let s = shared.get(image);
  if (!s) {
    s = new SharedArrayBuffer(image.byteLength);
    new Uint8Array(s).set(image);
    shared.set(image, s);
  }
  return s;
}

interface WorkerSlot {
  worker: Worker;
  port: MessagePort;
  mailPosted: number;
  repliesTaken: number;
}

/**
 * The machines on several threads, as one machine of the lockstep: running
 * it runs them all at once, the lab's own thread taking a share (machine i
 * runs on thread i mod N, thread 0 being the lab's).
 */
export class WorkerPool implements LockstepMachine {
  readonly members: LabMember[];
  /** The machines the lab's own thread runs (thread 0's share). */
  readonly local: LabMachine[] = [];
  /** Threads in all: the lab's own and the workers. */
  readonly threads: number;
  private readonly slots: WorkerSlot[];
  private readonly ctl: Int32Array;
  private readonly cmd: Float64Array;
  readonly status: Float64Array;
  /** Thread 0's place at the windows' ends, and its share of the machines. */
  private readonly barrier: Barrier;
  private readonly share: Share;
  private gen = 0;
  private closed = false;
  /** Runs of windows handed to the threads (each ends in a visit to the lab: a frame to carry, or the caller's end). */
  runs = 0;
  /** Machines with mail not yet taken: they may not be quiet. */
  private readonly dirty = new Set<number>();
  private readonly answers: unknown[] = [];
  /** What each machine answered as the lab finished (its statistics can be printed after). */
  private readonly last = new Map<string, unknown>();

  constructor(
    config: LabConfig,
    image: Uint8Array,
    threads: number,
    build: BuildOptions,
    private readonly reports: (i: number) => MachineReports,
    private readonly ports: (i: number) => EtherPort,
    buildLocal: (i: number) => LabMachine,
    /** Do the segments hold frames not carried yet (sent by this thread's machines, or left from an overshoot)? */
    backlog: () => boolean,
  ) {
    const n = config.machines.length;
    this.threads = Math.max(2, Math.min(threads, n));
    const w = this.threads - 1;
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * ctlLength(w)));
    const cmd = new SharedArrayBuffer(8 * CMD);
    const status = new SharedArrayBuffer(8 * STATUS * n);
    const barrier = barrierMemory(this.threads);
    this.barrier = new Barrier(barrier, this.threads, 0);
    this.cmd = new Float64Array(cmd);
    this.status = new Float64Array(status);
    const img = sharedImage(image);
    this.slots = [];
    for (let k = 0; k < w; k++) {
      const channel = new MessageChannel();
      const data: WorkerData & { port: MessagePort } = {
        k,
        threads: this.threads,
        ctl: this.ctl.buffer as SharedArrayBuffer,
        cmd,
        barrier,
        status,
        image: img,
        config,
        machines: config.machines.map((_, i) => i).filter((i) => this.threadOf(i) === k + 1),
        build,
        port: channel.port2,
      };
      const worker = new Worker(new URL('./lab-worker.mjs', import.meta.url), {
        workerData: data,
        transferList: [channel.port2],
      });
      worker.unref();
      channel.port1.unref();
      this.slots.push({ worker, port: channel.port1, mailPosted: 0, repliesTaken: 0 });
    }
    // Thread 0's share is built here while the workers build theirs.
    this.members = config.machines.map((mc, i) => {
      if (this.threadOf(i) !== 0) {
        this.remote.push(i);
        return new RemoteMachine(this, mc, i);
      }
      const m = buildLocal(i);
      this.local.push(m);
      return m;
    });
    this.share = {
      runTo: (w) => {
        for (const m of this.local) if (m.now < w) m.run(w - m.now);
      },
      sent: backlog,
      quietUntil: () => {
        let q = Number.POSITIVE_INFINITY;
        for (const m of this.local) q = Math.min(q, m.quietUntil());
        return q;
      },
    };
    // The first step: the workers' machines are built, and report their first events and console bytes.
    this.step(NO_RUN, START_TIMEOUT_MS);
  }

  /** Machine i runs on thread i mod threads (0: the lab's own). */
  threadOf(i: number): number {
    return i % this.threads;
  }
  /** The workers' machines. */
  private readonly remote: number[] = [];

  get now(): number {
    let t = Number.POSITIVE_INFINITY;
    for (const m of this.local) t = Math.min(t, m.now);
    for (const i of this.remote) t = Math.min(t, this.status[i * STATUS + S.NOW]);
    return t;
  }

  quietUntil(): number {
    let q = Number.POSITIVE_INFINITY;
    for (const m of this.local) q = Math.min(q, m.quietUntil());
    for (const i of this.remote) {
      const now = this.status[i * STATUS + S.NOW];
      q = Math.min(q, this.dirty.has(i) ? now : this.status[i * STATUS + S.QUIET]);
    }
    return q;
  }

  /** Run every machine to now + cycles: the workers theirs, this thread its own, at once (one window). */
  run(cycles: number): number {
    const start = this.now;
    const target = start + cycles;
    this.runWindows({ first: target, end: target, window: cycles, skipQuiet: false });
    return this.now - start;
  }

  /** Run windows on every thread at once until one in which a frame was sent, or to the end (lab-barrier.ts). */
  runWindows(run: WindowRun): RunResult {
    const c = this.cmd;
    c[K.FIRST] = run.first;
    c[K.END] = run.end;
    c[K.WINDOW] = run.window;
    c[K.SKIP] = run.skipQuiet ? 1 : 0;
    this.runs++;
    let result: RunResult = { now: run.first, from: Number.NaN, windows: 0, skips: 0 };
    this.step(RUN, Number.POSITIVE_INFINITY, () => {
      result = this.barrier.run(run, this.share);
    });
    return result;
  }

  /** Mail for machine i's worker, taken at the next step. */
  mail(m: Mail): void {
    if (this.closed) throw new Error('the lab has finished');
    const k = this.threadOf(m.machine) - 1;
    const s = this.slots[k];
    s.port.postMessage(m);
    Atomics.store(this.ctl, ctlBase(k) + C.MAIL, ++s.mailPosted);
    this.dirty.add(m.machine);
  }

  /** Ask machine i something: a step that runs nothing, and its answer (after the end: as it ended). */
  ask(machine: number, ask: Ask): unknown {
    if (this.closed) {
      const last = this.last.get(`${machine} ${ask}`);
      if (last === undefined) throw new Error('the lab has finished');
      return last;
    }
    this.mail({ kind: 'ask', machine, ask });
    this.step(NO_RUN);
    return this.answers.shift();
  }

  /** Hand the workers their mail without running (input typed between windows must reach the machines). */
  sync(): void {
    if (this.dirty.size > 0) this.step(NO_RUN);
  }

  /** One step: every worker takes its mail and, for RUN, runs the windows of the command with this thread (`meanwhile`). */
  step(mode: number, timeoutMs = Number.POSITIVE_INFINITY, meanwhile?: () => void): void {
    this.cmd[K.MODE] = mode;
    const gen = ++this.gen;
    Atomics.store(this.ctl, GEN, gen);
    Atomics.notify(this.ctl, GEN);
    const errors: string[] = [];
    try {
      meanwhile?.();
    } catch (err) {
      errors.push((err as Error).stack ?? String(err));
    }
    for (const [k, s] of this.slots.entries()) {
      const done = ctlBase(k) + C.DONE;
      if (Number.isFinite(timeoutMs)) {
        if (
          Atomics.load(this.ctl, done) !== gen &&
          Atomics.wait(this.ctl, done, gen - 1, timeoutMs) === 'timed-out'
        )
          throw new Error(`lab worker thread ${k} did not start within ${timeoutMs / 1000} s`);
      } else while (Atomics.load(this.ctl, done) !== gen) waitChange(this.ctl, done, gen - 1);
      const posted = Atomics.load(this.ctl, ctlBase(k) + C.REPLIES);
      for (const batch of take<Report[]>(s.port, posted - s.repliesTaken)) this.apply(batch, errors);
      s.repliesTaken = posted;
    }
    this.dirty.clear();
    if (errors.length > 0) throw new Error(errors.join('\n'));
  }

  private apply(batch: readonly Report[], errors: string[]): void {
    for (const r of batch) {
      switch (r.kind) {
        case 'event':
          this.reports(r.machine).event(r.t, r.body);
          break;
        case 'line':
          this.reports(r.machine).line(r.t, r.text);
          break;
        case 'output':
          this.reports(r.machine).output(r.bytes);
          break;
        case 'input':
          this.reports(r.machine).input(r.t, r.input, r.text);
          break;
        case 'frame':
          this.ports(r.machine).send(r.frame, r.cycle);
          break;
        case 'answer':
          this.answers.push(r.value);
          break;
        case 'error':
          errors.push(r.message);
          break;
      }
    }
  }

  /** Stop the workers (the lab has finished). */
  close(): void {
    if (this.closed) return;
    for (const i of this.remote)
      for (const ask of ['statsLine', 'memory'] as const) this.last.set(`${i} ${ask}`, this.ask(i, ask));
    this.closed = true;
    this.cmd[K.MODE] = QUIT;
    Atomics.store(this.ctl, GEN, ++this.gen);
    Atomics.notify(this.ctl, GEN);
    for (const s of this.slots) s.port.close();
  }
}

/** A machine on a worker thread: its status read from shared memory, everything else by mail. */
export class RemoteMachine implements LabMember {
  readonly name: string;

  constructor(
    private readonly pool: WorkerPool,
    readonly config: MachineConfig,
    readonly index: number,
  ) {
    this.name = config.name;
  }

  private get(slot: number): number {
    return this.pool.status[this.index * STATUS + slot];
  }
  private act(act: Act, ...args: unknown[]): void {
    this.pool.mail({ kind: 'act', machine: this.index, act, args });
  }

  get now(): number {
    return this.get(S.NOW);
  }
  get state(): MachineState {
    this.pool.sync();
    return STATES[this.get(S.STATE)];
  }
  get settled(): boolean {
    this.pool.sync();
    return (this.get(S.FLAGS) & F.SETTLED) !== 0;
  }
  get downForGood(): boolean {
    this.pool.sync();
    return (this.get(S.FLAGS) & F.DOWN) !== 0;
  }
  get waitingForInput(): boolean {
    this.pool.sync();
    return (this.get(S.FLAGS) & F.WAITING) !== 0;
  }
  get pendingCommands(): number {
    this.pool.sync();
    return this.get(S.PENDING);
  }
  get runnable(): number {
    this.pool.sync();
    return this.get(S.RUNNABLE);
  }
  exec(command: string): void {
    this.act('exec', command);
  }
  typeLine(text: string): void {
    this.act('typeLine', text);
  }
  typeKeys(keys: string): void {
    this.act('typeKeys', keys);
  }
  queueKeys(keys: string): void {
    this.act('queueKeys', keys);
  }
  replay(items: readonly { t: number; kind: InputKind; text: string }[]): void {
    this.act('replay', items);
  }
  powerOff(cause: 'user'): void {
    this.act('powerOff', cause);
  }
  powerOn(cause: 'user'): void {
    this.act('powerOn', cause);
  }
  flushLine(): void {
    this.act('flushLine');
    this.pool.sync();
  }
  snapshot(): MachineSnapshot {
    return this.pool.ask(this.index, 'snapshot') as MachineSnapshot;
  }
  statsLine(): string {
    return this.pool.ask(this.index, 'statsLine') as string;
  }
  memory(): MachineMemory {
    return this.pool.ask(this.index, 'memory') as MachineMemory;
  }
}
