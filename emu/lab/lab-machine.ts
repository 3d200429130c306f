/**
 * One machine of a lab: a Station (its own CPU, MMU, devices, kernel and
 * disk) with what the lab adds around it — its name and addresses from
 * the configuration, its console script, its agenda of things due at set
 * instants (crashes and power-ons, counter reports, replayed input), and
 * its reports to the lab (events, console lines). It holds nothing of any
 * other machine: all that passes between machines is frames on its
 * transceiver's port.
 *
 * The lockstep runs it window by window (`run`); inside a window it runs
 * on its own, stopping at the exact instants things are due — an agenda
 * item, a line to type — so that what happens never depends on where the
 * windows end.
 */
import type { KernelEvent } from '../../kernel/events.js';
import type { BlockDevice } from '../../kernel/fs/ufs/disk.js';
import type { TraceClass } from '../../kernel/ktrace.js';
import { STAT_NAMES } from '../../kernel/proc/proc.js';
import { RB_HALT } from '../../kernel/sys/reboot.js';
import type { Engine, TimingModel } from '../cpu/engine.js';
import type { LockstepMachine } from '../net/lockstep.js';
import type { Random } from '../net/random.js';
import { ConsoleLines } from './console-lines.js';
import { ConsoleScript, type InputKind } from './console-script.js';
import { CowDisk } from './cow-disk.js';
import type { EventBody } from './events.js';
import type { CrashConfig, MachineConfig } from './lab-config.js';
import type { LabMember, MachineMemory } from './lab-member.js';
import { Station } from './station.js';
import { statsLine } from './station-stats.js';

/** What the lab hears from a machine. */
export interface MachineReports {
  /** An event of this machine at cycle t. */
  event(t: number, body: EventBody): void;
  /** A whole console line (without its line end) completed at cycle t. */
  line(t: number, text: string): void;
  /** Bytes the console sent, as they come. */
  output(bytes: Uint8Array): void;
  /** Input typed at the console at cycle t (for a recording). */
  input(t: number, kind: InputKind, text: string): void;
}

/** A machine's state, as the lab and its views see it. */
export type MachineState = 'booting' | 'up' | 'halted' | 'off';

/** A process, as a view shows it: copied out of the kernel, never the kernel's own object. */
export interface ProcessSnapshot {
  pid: number;
  ppid: number;
  pgrp: number;
  uid: number;
  /** R, S, T, Z, I (as ps shows). */
  state: string;
  /** What it sleeps on (ps's WCHAN), or "". */
  wchan: string;
  command: string;
  /** CPU time used, user and system, in cycles. */
  cpu: number;
}

/** The counters of the meter (docs/tracing.md), totals since the lab started. */
export interface Counts {
  faults: number;
  syscalls: number;
  interrupts: number;
  switches: number;
}

/** Everything a view needs of one machine at one instant (plain data). */
export interface MachineSnapshot {
  name: string;
  index: number;
  state: MachineState;
  /** Emulated time, cycles. */
  now: number;
  boots: number;
  address: string;
  ether: string;
  /** CPU cycles since the lab started, by kind. */
  cpu: { user: number; system: number; idle: number };
  /** The 1, 5 and 15-minute load averages. */
  load: [number, number, number];
  frames: { in: number; out: number; bytesIn: number; bytesOut: number };
  /** Page faults, system calls, interrupts and context switches since the lab started (the meter's). */
  counts?: Counts;
  /** The processes, by pid (empty while the machine is off). */
  processes: ProcessSnapshot[];
  /** Commands of its script still to finish. */
  pendingCommands: number;
}

/** Things due at set instants, in order (ties: in the order they were added). */
class Agenda {
  private items: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  add(at: number, run: () => void): void {
    this.items.push({ at, seq: this.seq++, run });
    this.items.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  get next(): number {
    return this.items.length > 0 ? this.items[0].at : Number.POSITIVE_INFINITY;
  }

  /** Run what is due at or before `now`. */
  runDue(now: number): void {
    while (this.items.length > 0 && this.items[0].at <= now)
      (this.items.shift() as { run: () => void }).run();
  }
}

export class LabMachine implements LockstepMachine, LabMember {
  readonly name: string;
  readonly index: number;
  readonly station: Station;
  readonly script: ConsoleScript;
  /** This machine's own random stream ("machine/NAME" of the lab's seed), for whatever in it draws random numbers. */
  readonly random: Random;
  /** Power events still to come (crashes and power-ons), to know when the schedule is over. */
  private powerEvents = 0;
  private readonly agenda = new Agenda();
  private readonly lines = new ConsoleLines();
  /** The halt has been reported (until the next boot). */
  private haltReported = false;
  /** The flags of the last reboot(2), to tell a halt from a panic. */
  private lastHowto = 0;
  /** A replayed session: the script's queue is not used, recorded input is typed instead. */
  private replaying = false;
  private readonly due: () => boolean;
  /** Also told of the kernel's events (a debugger on this machine: emu/debug). */
  debugEvents: ((e: KernelEvent) => void) | null = null;

  constructor(
    readonly config: MachineConfig,
    readonly disk: BlockDevice,
    private readonly reports: MachineReports,
    opts: {
      crashes: readonly CrashConfig[];
      statsInterval: number;
      random: Random;
      engine?: Engine;
      timing?: TimingModel;
      /** What each machine traces into the event stream (docs/tracing.md). */
      traceWhat?: readonly TraceClass[];
      consoleBaud: number;
    },
  ) {
    this.name = config.name;
    this.index = config.index;
    this.random = opts.random;
    this.script = new ConsoleScript({
      type: (kind, text) => {
        this.reports.input(this.now, kind, text);
        this.station.machine.consoleInput(Buffer.from(kind === 'keys' ? text : `${text}\n`, 'latin1'));
      },
      event: (body) => this.report(body),
      now: () => this.now,
      wakeAt: (cycle) => {
        if (cycle > this.now) this.agenda.add(cycle, () => {});
      },
    });
    for (const c of config.exec) this.script.command(c);
    this.due = () => this.script.due(this.station);
    this.report({ type: 'power', on: true, cause: 'start' });
    this.station = new Station({
      disk,
      memoryMB: config.memoryMB,
      consoleBaud: opts.consoleBaud,
      serial: config.serial,
      ethernet: config.ether,
      hostname: config.name,
      engine: opts.engine,
      timing: opts.timing,
      // The machine's TCP initial sequence numbers and ephemeral ports come from the lab's seed.
      netSeed: opts.random.next(),
      consoleSink: (b) => this.consoleByte(b),
      events: (e) => this.kernelEvent(e),
      traceWhat: opts.traceWhat,
      onBoot: (n) => this.booted(n),
    });
    for (const c of opts.crashes) {
      if (c.machine !== this.name) continue;
      this.powerEvents++;
      this.agenda.add(c.at, () => this.powerOff('crash'));
      if (c.until !== null) {
        this.powerEvents++;
        this.agenda.add(c.until, () => this.powerOn('crash'));
      }
    }
    const every = opts.statsInterval;
    const sample = (at: number) => {
      this.report({ type: 'stats', ...this.counters() });
      this.agenda.add(at + every, () => sample(at + every));
    };
    this.agenda.add(every, () => sample(every));
  }

  get now(): number {
    // (The Station reports its first boot while it is being built.)
    return (this.station as Station | undefined)?.machine.now ?? 0;
  }

  /** The first cycle at which this machine may do anything (see Lockstep.skipQuiet). */
  quietUntil(): number {
    if (this.held()) return this.now; // held by gdb: the lab must not jump ahead of it
    return Math.min(this.station.machine.quietUntil(), this.agenda.next);
  }

  /** Is a debugger holding the machine (gdb: emu/debug)? */
  held(): boolean {
    return this.station.machine.cpu.held;
  }

  /** Run for `cycles` (a lockstep window), stopping at every instant something is due. */
  run(cycles: number): number {
    const m = this.station.machine;
    const start = m.now;
    const end = start + cycles;
    while (m.now < end && !m.cpu.held) {
      const stop = Math.min(end, this.agenda.next);
      if (stop > m.now) {
        // A machine that is down lets time pass; one that is up runs until a line is due.
        if (this.station.halted) m.run(stop - m.now);
        else this.station.run(stop - m.now, this.due);
      }
      this.noticeHalt();
      if (!this.station.halted && this.script.due(this.station)) {
        this.script.attend(this.station);
        if (this.script.due(this.station)) throw new Error(`${this.name}: the console script is stuck`);
      }
      this.agenda.runDue(m.now);
    }
    return m.now - start;
  }

  /** Queue a command of the script (typed at the shell after those before it). */
  exec(command: string): void {
    this.script.command(command);
  }

  /** Queue a line, typed when a process next reads the console. */
  typeLine(text: string): void {
    this.script.line(text);
  }

  /** Type these keys now, whatever the machine is doing (^C, ^Z, ^D): a keyboard. */
  typeKeys(keys: string): void {
    if (this.station.halted) return;
    this.script.deliver('keys', keys, null);
  }

  /** Queue keys, typed in turn with the lines and commands before them (see ConsoleScript). */
  queueKeys(keys: string): void {
    this.script.keys(keys);
  }

  /**
   * Replay recorded input: each item typed at its cycle, exactly, instead
   * of the script's queue and its rule.
   */
  replay(items: readonly { t: number; kind: InputKind; text: string }[]): void {
    this.replaying = true;
    this.script.abandonQueue();
    for (const it of items)
      this.agenda.add(it.t, () => this.script.deliver(it.kind, it.text, this.station.consoleReader()));
  }

  /** Cut the power now (a crash: see Station.powerOff). */
  powerOff(cause: 'crash' | 'user'): void {
    if (cause === 'crash') this.powerEvents--;
    if (this.station.poweredOff) return;
    this.station.powerOff();
    this.flushLine();
    this.report({ type: 'power', on: false, cause });
    this.script.powerLost();
    // A crash for good: what the script had left to do will never run.
    if (cause === 'crash' && this.powerEvents === 0 && !this.replaying) this.script.abandon();
  }

  /** Power on again (the banner, a boot, /etc/rc). */
  powerOn(cause: 'crash' | 'user'): void {
    if (cause === 'crash') this.powerEvents--;
    if (!this.station.poweredOff) return;
    this.report({ type: 'power', on: true, cause });
    this.haltReported = false;
    this.station.powerOn();
    this.noticeHalt();
  }

  /** Is the machine down for good: halted, or off with no power-on to come? */
  get downForGood(): boolean {
    if (this.station.poweredOff) return this.powerEvents === 0;
    return this.station.halted;
  }

  get state(): MachineState {
    if (this.station.poweredOff) return 'off';
    if (this.station.halted) return 'halted';
    return this.script.ready ? 'up' : 'booting';
  }

  /**
   * Has the machine nothing left to do for a script: its commands finished
   * (or lost), /etc/rc done if it is up, its schedule played out, and its
   * console quiet?
   */
  get settled(): boolean {
    if (this.powerEvents > 0) return false;
    if (this.downForGood) return this.script.idle;
    if (!this.script.ready || !this.script.idle) return false;
    return this.station.kernel.consoleDrained() && this.station.machine.console.inputUnread === 0;
  }

  /** Commands of the script not finished yet. */
  get pendingCommands(): number {
    return this.script.pendingCommands;
  }

  /** Down for good, or up with nothing queued and a process waiting to read the console. */
  get waitingForInput(): boolean {
    return this.downForGood || (this.script.idle && this.settled && this.station.waitingForInput());
  }

  /** Processes ready to run. */
  get runnable(): number {
    return this.station.poweredOff ? 0 : this.station.kernel.sched.runnable;
  }

  statsLine(): string {
    return statsLine(this.station);
  }

  memory(): MachineMemory {
    const cpu = this.station.machine.cpu;
    return {
      ram: this.station.machine.ram.length,
      tlb: cpu.tlb.tables.reduce((n, t) => n + t.byteLength, 0) + cpu.tlb.codeFrames.byteLength,
      disk: this.disk instanceof CowDisk ? this.disk.ownBytes : 0,
      blocks: cpu.blocks?.stats.blocks ?? 0,
    };
  }

  /** A view of the machine now. */
  snapshot(): MachineSnapshot {
    const c = this.counters();
    const procs: ProcessSnapshot[] = [];
    if (!this.station.poweredOff)
      for (const p of [...this.station.kernel.procs.values()].sort((a, b) => a.pid - b.pid))
        procs.push({
          pid: p.pid,
          ppid: p.parent?.pid ?? 0,
          pgrp: p.pgrp,
          uid: p.cred.uid,
          state: STAT_NAMES[p.stat] ?? '?',
          wchan: p.wmesg,
          command: p.u.args.length > 0 ? p.u.args.join(' ') : p.u.comm,
          cpu: p.ru.utime + p.ru.stime,
        });
    const k = this.station.kernel;
    return {
      name: this.name,
      index: this.index,
      state: this.state,
      now: this.now,
      boots: this.station.boots,
      address: this.config.address,
      ether: this.config.ether,
      cpu: { user: c.user, system: c.system, idle: c.idle },
      load: this.station.poweredOff ? [0, 0, 0] : [k.avenrun[0], k.avenrun[1], k.avenrun[2]],
      frames: { in: c.framesIn, out: c.framesOut, bytesIn: c.bytesIn, bytesOut: c.bytesOut },
      counts: { faults: c.faults, syscalls: c.syscalls, interrupts: c.interrupts, switches: c.switches },
      processes: procs,
      pendingCommands: this.script.pendingCommands,
    };
  }

  /** A console line not finished yet (a prompt) reported as a line: the lab is stopping. */
  flushLine(): void {
    const rest = this.lines.takePartial();
    if (rest !== null) this.reports.line(this.now, rest);
  }

  // ---------------------------------------------------------------- reports

  private report(body: EventBody): void {
    this.reports.event(this.now, body);
  }

  private consoleByte(b: number): void {
    this.reports.output(Uint8Array.of(b));
    const line = this.lines.byte(b);
    if (line !== null) this.reports.line(this.now, line);
  }

  private kernelEvent(e: KernelEvent): void {
    this.debugEvents?.(e);
    this.script.kernelEvent(e);
    switch (e.type) {
      case 'ttyread':
        return; // the script's business, not news
      case 'reboot':
        this.lastHowto = e.howto;
        if (!(e.howto & RB_HALT)) this.report({ type: 'reboot', howto: e.howto });
        return;
      case 'wait':
        this.report({ type: 'wait', pid: e.pid, child: e.child, status: e.status, nohang: e.nohang });
        return;
      case 'trace':
        this.report({ type: 'trace', class: e.cls, pid: e.pid, text: e.text });
        return;
      default:
        this.report({ ...e });
    }
  }

  private booted(n: number): void {
    this.lastHowto = 0;
    this.haltReported = false;
    this.script.booted();
    this.report({
      type: 'boot',
      n,
      serial: this.config.serial,
      ether: this.config.ether,
      address: this.config.address,
    });
  }

  /** Report a halt once, and give up the script if the machine will not come back. */
  private noticeHalt(): void {
    const st = this.station;
    if (this.haltReported || st.poweredOff || !st.halted) return;
    this.haltReported = true;
    const cpu = st.machine.cpu;
    const reason = cpu.halted ? cpu.haltReason : this.lastHowto & RB_HALT ? 'halt' : 'stopped';
    this.report({ type: 'halt', reason });
    if (!this.replaying) this.script.abandon();
  }

  /** The counters of stats events and snapshots. */
  private counters() {
    const m = this.station.machine;
    const k = this.station.kernel;
    const load = this.station.poweredOff ? [0, 0, 0] : k.avenrun.map((x) => Math.round(x * 100));
    return {
      framesIn: m.ether.framesIn,
      framesOut: m.ether.framesOut,
      bytesIn: m.ether.bytesIn,
      bytesOut: m.ether.bytesOut,
      user: k.stats.userCycles,
      userInsns: k.stats.userInsns,
      system: k.stats.systemCycles,
      idle: m.cpu.idleCycles,
      load,
      faults: k.stats.faults,
      syscalls: k.stats.syscalls,
      interrupts: k.stats.interrupts,
      switches: k.sched.switches,
    };
  }
}
