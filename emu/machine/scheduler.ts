/**
 * The event scheduler: device callbacks at absolute CPU cycle counts.
 *
 * The CPU's cycle counter is the machine's only clock. A device that needs
 * to act later (the clock's next tick, the end of a character on a serial
 * line) owns a `Timer` and arms it for a cycle number; the machine runs the
 * CPU in slices that end at the earliest armed deadline and then fires what
 * is due. Timers due at the same cycle fire in the order they were armed, so
 * a run is a pure function of its inputs.
 *
 * Arming a timer allocates nothing: each device creates its timers once and
 * re-arms them. The pending timers sit in a binary heap ordered by
 * (deadline, arming sequence).
 */

/** Anything with a cycle counter (the Cpu). */
export interface CycleSource {
  readonly cycles: number;
}

export class Timer {
  /** Cycle at which the timer fires, or -1 when it is not armed. */
  when = -1;
  /** Arming order, to break ties between equal deadlines. */
  seq = 0;
  /** Position in the scheduler's heap, or -1. */
  heapIndex = -1;

  constructor(
    readonly scheduler: Scheduler,
    readonly name: string,
    /** Called with the deadline it was armed for (not the possibly later current cycle). */
    readonly fire: (when: number) => void,
  ) {}

  get armed(): boolean {
    return this.heapIndex >= 0;
  }

  /** Arm (or re-arm) for absolute cycle `cycle`. */
  at(cycle: number): void {
    this.scheduler.arm(this, cycle);
  }

  /** Arm for `delta` cycles from now. */
  after(delta: number): void {
    this.scheduler.arm(this, this.scheduler.now() + delta);
  }

  cancel(): void {
    this.scheduler.disarm(this);
  }
}

export class Scheduler {
  private heap: Timer[] = [];
  private nextSeq = 0;
  /**
   * End of the CPU slice being run, or -Infinity between slices. A timer
   * armed for earlier than this (by a device register access during the
   * slice) calls `onEarlierDeadline`, so that the machine may end the slice
   * early.
   */
  sliceEnd = Number.NEGATIVE_INFINITY;
  onEarlierDeadline: () => void = () => {};

  constructor(private readonly clock: CycleSource) {}

  /** The current cycle. */
  now(): number {
    return this.clock.cycles;
  }

  /** A new, unarmed timer. */
  timer(name: string, fire: (when: number) => void): Timer {
    return new Timer(this, name, fire);
  }

  /** The earliest deadline, or +Infinity when nothing is armed. */
  nextDeadline(): number {
    return this.heap.length > 0 ? this.heap[0].when : Number.POSITIVE_INFINITY;
  }

  /** Number of armed timers (for tests and diagnostics). */
  get size(): number {
    return this.heap.length;
  }

  arm(t: Timer, cycle: number): void {
    if (!Number.isFinite(cycle)) throw new Error(`timer ${t.name}: bad deadline ${cycle}`);
    if (t.heapIndex >= 0) this.remove(t.heapIndex);
    t.when = cycle;
    t.seq = this.nextSeq++;
    const h = this.heap;
    t.heapIndex = h.length;
    h.push(t);
    this.up(t.heapIndex);
    if (cycle < this.sliceEnd) this.onEarlierDeadline();
  }

  disarm(t: Timer): void {
    if (t.heapIndex >= 0) this.remove(t.heapIndex);
    t.when = -1;
  }

  /**
   * Fire every timer whose deadline is at or before `now`, earliest first
   * (ties in arming order). A timer is disarmed before its callback runs, so
   * the callback may re-arm it; one re-armed for a time already due fires in
   * the same call.
   */
  runDue(now: number): void {
    const h = this.heap;
    while (h.length > 0 && h[0].when <= now) {
      const t = h[0];
      const when = t.when;
      this.remove(0);
      t.when = -1;
      t.fire(when);
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.when < b.when || (a.when === b.when && a.seq < b.seq);
  }

  private remove(i: number): void {
    const h = this.heap;
    const t = h[i];
    const last = h.pop() as Timer;
    t.heapIndex = -1;
    if (i < h.length) {
      h[i] = last;
      last.heapIndex = i;
      this.down(i);
      this.up(last.heapIndex);
    }
  }

  private up(i: number): void {
    const h = this.heap;
    const t = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(t, h[p])) break;
      h[i] = h[p];
      h[i].heapIndex = i;
      i = p;
    }
    h[i] = t;
    t.heapIndex = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const t = h[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r], h[l]) ? r : l;
      if (!this.less(h[c], t)) break;
      h[i] = h[c];
      h[i].heapIndex = i;
      i = c;
    }
    h[i] = t;
    t.heapIndex = i;
  }
}
