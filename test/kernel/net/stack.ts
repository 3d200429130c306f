/**
 * Whole network stacks with no machine: hosts (a Net with lo0 and a fake
 * Ethernet) on one fake kernel clock, joined by a wire that carries frames
 * between them on every clock tick (with optional seeded loss,
 * duplication and reordering), and processes that are just generators —
 * socket calls run as a system call would run them, sleeping and being
 * woken through the real scheduler.
 */
import { Random } from '../../../emu/net/random.js';
import { IFF_RUNNING, if_attach } from '../../../kernel/net/if.js';
import { Arpcom, ether_input } from '../../../kernel/net/if_ethersubr.js';
import { loattach } from '../../../kernel/net/if_loop.js';
import { in_ifinit } from '../../../kernel/net/in.js';
import { Mbuf } from '../../../kernel/net/mbuf.js';
import { Net, nettimers } from '../../../kernel/net/net.js';
import { Ucred } from '../../../kernel/proc/cred.js';
import { Proc, SRUN } from '../../../kernel/proc/proc.js';
import type { AddressSpace } from '../../../kernel/vm/as.js';
import { FakeKernel } from './fakenet.js';

/** A fake Ethernet whose frames go to a Wire, stamped with the tick they left at. */
export class WireEther extends Arpcom {
  wire: Wire | null = null;
  /** Frames sent, with the tick (for scripts that check timing). */
  readonly sent: { tick: number; frame: Uint8Array }[] = [];

  constructor(
    net: Net,
    mac: Uint8Array,
    private readonly k: FakeKernel,
  ) {
    super(net, 'le', 0, mac);
  }

  override start(): void {
    for (let m = this.snd.dequeue(); m !== undefined; m = this.snd.dequeue()) {
      const frame = Uint8Array.from(m.data);
      this.opackets++;
      this.sent.push({ tick: this.k.ticks, frame });
      this.wire?.carry(this, frame);
    }
  }

  override ioctl(): void {
    this.flags |= IFF_RUNNING;
  }

  /** A frame arrives from the wire. */
  receive(frame: Uint8Array): void {
    this.ipackets++;
    this.net.interrupt(() => ether_input(this, Mbuf.from(frame)));
  }
}

export interface WireFaults {
  loss?: number;
  duplicate?: number;
  /** Probability that a frame is held back one tick (so that later ones pass it). */
  reorder?: number;
  seed?: number;
}

/** A cable between Ethernets: what one sends, the others receive at the next pump. */
export class Wire {
  readonly ends: WireEther[] = [];
  private queue: { from: WireEther; frame: Uint8Array; hold: number }[] = [];
  private readonly random: Random;
  /** Frames lost, duplicated and reordered. */
  readonly stats = { carried: 0, lost: 0, duplicated: 0, reordered: 0 };
  /** Drop everything (a partition) while set. */
  cut = false;
  /** See (and maybe change) every frame: return null to drop it. */
  tap?: (from: WireEther, frame: Uint8Array) => Uint8Array | null;

  constructor(readonly faults: WireFaults = {}) {
    this.random = new Random(faults.seed ?? 1).stream('wire');
  }

  plug(e: WireEther): void {
    e.wire = this;
    this.ends.push(e);
  }

  carry(from: WireEther, frame: Uint8Array): void {
    const f = this.faults;
    if (this.cut || (f.loss && this.random.chance(f.loss))) {
      this.stats.lost++;
      return;
    }
    const hold = f.reorder && this.random.chance(f.reorder) ? 2 : 0;
    if (hold) this.stats.reordered++;
    this.queue.push({ from, frame, hold });
    if (f.duplicate && this.random.chance(f.duplicate)) {
      this.stats.duplicated++;
      this.queue.push({ from, frame, hold: 0 });
    }
  }

  /** Deliver what is due; returns whether anything was. */
  pump(): boolean {
    const now = this.queue.filter((q) => q.hold === 0);
    this.queue = this.queue.filter((q) => q.hold > 0);
    for (const q of this.queue) q.hold--;
    for (const q of now) {
      if (this.tap) {
        const f = this.tap(q.from, q.frame);
        if (f === null) continue;
        q.frame = f;
      }
      this.stats.carried++;
      for (const e of this.ends) if (e !== q.from) e.receive(q.frame);
    }
    return now.length > 0;
  }

  get pending(): number {
    return this.queue.length;
  }
}

/** A host: a Net with lo0 and one Ethernet. */
export interface Host {
  net: Net;
  ifp: WireEther;
  addr: number;
}

export function makeHost(k: FakeKernel, addr: number, mac: Uint8Array, wire: Wire | null): Host {
  const net = new Net(k);
  nettimers(net);
  const lo = loattach(net);
  in_ifinit(net, lo, 0x7f000001);
  const ifp = new WireEther(net, mac, k);
  if_attach(net, ifp);
  in_ifinit(net, ifp, addr);
  wire?.plug(ifp);
  return { net, ifp, addr };
}

/** A process that is a generator: its steps run when the scheduler would run it. */
export interface Task<T> {
  p: Proc;
  done: boolean;
  value?: T;
  error?: unknown;
}

let pids = 100;

/** Make a process (root, or the given credentials) for socket calls. */
export function fakeProc(cred = new Ucred()): Proc {
  const p = new Proc(pids++, cred, {} as AddressSpace);
  p.stat = SRUN;
  return p;
}

/**
 * The lab: a clock, a wire, hosts, and tasks. step() is one clock tick:
 * the wire carries (until quiet), and woken tasks run.
 */
export class Lab {
  readonly k = new FakeKernel();
  readonly wire: Wire;
  private readonly tasks: { task: Task<unknown>; gen: Generator<void, unknown, void> }[] = [];

  constructor(faults: WireFaults = {}) {
    this.wire = new Wire(faults);
  }

  host(addr: number, mac: Uint8Array): Host {
    return makeHost(this.k, addr, mac, this.wire);
  }

  /** Start a task: run `body` as a new process (p) until it first sleeps. */
  spawn<T>(body: (p: Proc) => Generator<void, T, void>, p = fakeProc()): Task<T> {
    const task: Task<T> = { p, done: false };
    const gen = body(p);
    this.tasks.push({ task: task as Task<unknown>, gen });
    this.resume(task as Task<unknown>, gen);
    return task;
  }

  private resume(task: Task<unknown>, gen: Generator<void, unknown, void>): void {
    this.k.sched.curproc = task.p;
    try {
      const r = gen.next();
      if (r.done) {
        task.done = true;
        task.value = r.value;
      }
    } catch (e) {
      task.done = true;
      task.error = e;
    } finally {
      this.k.sched.curproc = null;
    }
  }

  /** Run the tasks that are awake, and carry frames, until nothing moves. */
  settle(): void {
    for (let round = 0; round < 10_000; round++) {
      let moved = this.wire.pump();
      for (const t of [...this.tasks]) {
        if (t.task.done) {
          this.tasks.splice(this.tasks.indexOf(t), 1);
          continue;
        }
        if (t.task.p.wchan === null) {
          this.resume(t.task, t.gen);
          moved = true;
        }
      }
      if (!moved) return;
    }
    throw new Error('the lab does not settle');
  }

  /** One clock tick (10 ms), then settle. */
  step(): void {
    this.k.tick();
    this.settle();
  }

  /** Let `ms` pass. */
  advance(ms: number): void {
    this.settle();
    for (let t = 0; t < Math.round(ms / 10); t++) this.step();
  }

  /** Run until `done()` (at most `ms` of emulated time); throws if it never is. */
  until(done: () => boolean, ms = 600_000): void {
    this.settle();
    for (let t = 0; t < ms / 10 && !done(); t++) this.step();
    if (!done()) throw new Error(`not done after ${ms} ms`);
  }

  /** A task's result, or its error thrown. */
  static result<T>(t: Task<T>): T {
    if (!t.done) throw new Error('task still running');
    if (t.error !== undefined) throw t.error;
    return t.value as T;
  }
}
