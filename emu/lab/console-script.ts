/**
 * Typing at a lab machine's console from a script: the commands of --exec
 * (and of a scenario), and lines typed by a person through the headless
 * lab. One rule says when a line is typed, the Station's: when a process
 * is asleep reading the console and nothing typed is waiting
 * (Station.waitingForInput). What the script knows of the machine it
 * learns from kernel events, never from the text on the screen:
 *
 * - /etc/rc has finished when init's wait for it returns (init forks rc
 *   before anything else, and waits for it before it starts the console's
 *   session). Commands start only then: the machine is `ready`.
 * - A command is typed when the shell reads the console. It has finished
 *   when that shell reads the console again: by then its wait for the
 *   command has returned. Its status is the wait status of the last child
 *   the shell forked for it, as the shell's wait (not a WNOHANG poll)
 *   collected it; a command that forks nothing (a built-in such as cd) or
 *   that runs in the background counts as 0.
 * - A line (a person typing) is typed when any process reads the console:
 *   it may be the answer to a program's question.
 * - Keys (^C, ^Z, ^D) are for whatever runs: they are typed without
 *   waiting for a reader, one second after whatever was typed before them
 *   (at once if that was longer ago), so that `ping sun2` then ^C in a
 *   script interrupts a ping that has had a second to run.
 *
 * Items are typed in the order they were queued. Commands wait for the one
 * before them; a line waits only for the rule.
 * When the machine goes down (power off, reboot, halt) a command under way
 * is lost; the rest wait for the next boot's /etc/rc, or are lost too if
 * the machine is down for good.
 */
import type { KernelEvent } from '../../kernel/events.js';
import type { EventBody } from './events.js';
import type { Station } from './station.js';

/** What is typed: a script's command, a person's line, or keys (^C). */
export type InputKind = 'command' | 'line' | 'keys';

/** How long keys wait after what was typed before them: one second of emulated time. */
export const KEYS_DELAY = 20_000_000;

interface Item {
  kind: InputKind;
  text: string;
}

/** A command typed and not yet finished. */
interface Running {
  text: string;
  /** The shell that read it. */
  shell: number;
  /** The last child that shell forked since, and the status its wait collected (null: not yet). */
  child: number | null;
  status: number | null;
}

export interface ScriptHost {
  /** Type an item at the console now: its text, and a newline unless it is keys. */
  type(kind: InputKind, text: string): void;
  /** Something to report (a machine event). */
  event(body: EventBody): void;
  /** The machine's cycle now. */
  now(): number;
  /** Make sure the machine stops at `cycle` to see what is due then. */
  wakeAt(cycle: number): void;
}

/** The exit status a shell would give for wait status `st`: the exit code, or 128 + the signal that killed or stopped it. */
export function exitStatus(st: number): number {
  const sig = st & 0x7f;
  if (sig === 0x7f) return 128 + ((st >> 8) & 0xff);
  if (sig !== 0) return 128 + sig;
  return (st >> 8) & 0xff;
}

export class ConsoleScript {
  /** /etc/rc has finished since the last boot. */
  ready = false;
  private queue: Item[] = [];
  private running: Running | null = null;
  /** init's first child since boot: /etc/rc. */
  private rc: number | null = null;
  /** When something was last typed. */
  private lastTyped = Number.NEGATIVE_INFINITY;

  constructor(private readonly host: ScriptHost) {}

  /** Queue a command (it runs after those before it). */
  command(text: string): void {
    this.queue.push({ kind: 'command', text });
  }

  /** Queue a line, typed when any process next reads the console. */
  line(text: string): void {
    this.queue.push({ kind: 'line', text });
  }

  /** Queue keys, typed a second after what comes before them (see above). */
  keys(text: string): void {
    this.queue.push({ kind: 'keys', text });
    if (this.queue.length === 1) this.host.wakeAt(this.keysAt());
  }

  /** When keys at the head of the queue may be typed. */
  private keysAt(): number {
    return this.lastTyped + KEYS_DELAY;
  }

  /** Nothing queued and nothing under way. */
  get idle(): boolean {
    return this.queue.length === 0 && this.running === null;
  }

  /** Commands queued or under way. */
  get pendingCommands(): number {
    return this.queue.filter((i) => i.kind === 'command').length + (this.running ? 1 : 0);
  }

  /** What the machine's kernel reports (the events of its processes). */
  kernelEvent(e: KernelEvent): void {
    if (e.type === 'fork') {
      if (e.ppid === 1 && this.rc === null) this.rc = e.pid;
      const r = this.running;
      if (r && e.ppid === r.shell) {
        r.child = e.pid;
        r.status = null;
      }
    } else if (e.type === 'wait') {
      if (e.pid === 1 && e.child === this.rc && !this.ready) {
        this.ready = true;
        this.host.event({ type: 'ready', status: e.status });
      }
      const r = this.running;
      if (r && e.pid === r.shell && e.child === r.child && !e.nohang) r.status = e.status;
    }
  }

  /**
   * Is there something to do at this instant: a command has finished, or
   * the next item can be typed? (Asked between the machine's slices; cheap
   * when there is nothing to do.)
   */
  due(st: Station): boolean {
    if (this.running === null && this.queue.length === 0) return false;
    const next = this.queue[0];
    if (next?.kind === 'keys' && this.host.now() >= this.keysAt()) return true;
    if (!st.waitingForInput()) return false;
    const reader = st.consoleReader();
    if (this.running !== null && this.finished(st, this.running, reader)) return true;
    if (next === undefined || next.kind === 'keys') return false;
    if (next.kind === 'line') return true;
    return this.running === null && this.ready;
  }

  /** Do what is due: finish the command under way, then type the next item. */
  attend(st: Station): void {
    if (this.queue[0]?.kind === 'keys' && this.host.now() >= this.keysAt()) {
      this.deliver('keys', (this.queue.shift() as Item).text, null);
      return;
    }
    const reader = st.consoleReader();
    const r = this.running;
    if (r !== null && this.finished(st, r, reader)) {
      this.running = null;
      const status = r.status === null ? 0 : exitStatus(r.status);
      this.host.event({ type: 'command', phase: 'done', text: r.text, status });
    }
    const next = this.queue[0];
    if (next === undefined || reader === null) return;
    if (next.kind === 'command' && (this.running !== null || !this.ready)) return;
    this.queue.shift();
    this.deliver(next.kind, next.text, reader);
  }

  /**
   * Has the command finished? Its shell reads the console again — or the
   * shell is gone (the command was `exit` or `exec ...`) and someone else
   * reads it.
   */
  private finished(st: Station, r: Running, reader: number | null): boolean {
    return reader === r.shell || (reader !== null && !st.kernel.procs.has(r.shell));
  }

  /** Type an item now (attend, or a recording being replayed). */
  deliver(kind: InputKind, text: string, reader: number | null): void {
    if (kind === 'command') {
      this.running = { text, shell: reader ?? -1, child: null, status: null };
      this.host.event({ type: 'command', phase: 'typed', text });
    }
    this.host.type(kind, text);
    this.lastTyped = this.host.now();
    if (this.queue[0]?.kind === 'keys') this.host.wakeAt(this.keysAt());
  }

  /** A new kernel has booted: rc runs again; a command under way is lost. */
  booted(): void {
    this.loseRunning();
    this.ready = false;
    this.rc = null;
  }

  /** The power went off: a command under way is lost; the rest wait for the power and rc. */
  powerLost(): void {
    this.loseRunning();
    this.ready = false;
  }

  /** The machine is down for good: everything still to do is lost. */
  abandon(): void {
    this.loseRunning();
    for (const item of this.queue) if (item.kind === 'command') this.lose(item.text);
    this.queue = [];
  }

  /** Drop what is queued, without a word (a replay types recorded input instead). */
  abandonQueue(): void {
    this.queue = [];
  }

  private loseRunning(): void {
    if (this.running) this.lose(this.running.text);
    this.running = null;
  }

  private lose(text: string): void {
    this.host.event({ type: 'command', phase: 'lost', text });
  }
}
