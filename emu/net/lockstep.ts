/**
 * Running several machines that share segments, in lockstep windows.
 *
 * Each machine runs on its own clock; a machine only learns of another
 * through a frame. So the machines take turns running to the end of a
 * window W, and then every segment carries what was sent before W
 * (`segment.flush(W)`). A frame cannot arrive sooner than the segment's
 * `minLatency` after it was sent, so if windows are no longer than that,
 * every frame sent inside a window arrives in a later one, at its exact
 * emulated instant, in the receiver's future. The order in which machines
 * run inside a window changes nothing: the segments sort what was sent by
 * (cycle, machine index, sequence).
 *
 * A machine may overshoot a window's end by part of an instruction (it
 * stops at instruction boundaries); a frame it sends in the overshoot is
 * carried with the next window, which the latency bound still covers.
 *
 * Windows lie on a fixed grid: they end at the multiples of the window
 * length, whatever the caller asks for. `runTo(end)` with an `end` between
 * two of them runs the machines to `end` and carries nothing yet: the
 * segments are flushed only at grid points. So where a caller stops (to
 * type a line, to pace to the wall clock) never changes when frames reach
 * their receivers, and a run cut into pieces any way gives the same bytes.
 *
 * With `skipQuiet`, spans in which no machine can do anything are jumped
 * over: when every machine says it will be quiet until some cycle q (its
 * CPU waits for an interrupt, and q is its next device deadline: see
 * `quietUntil`) and no segment holds a frame, the machines run straight to
 * the last grid point at or before q, in one step each instead of window
 * by window. Nothing happens in the windows skipped, so the result is the
 * same as without the jump, only faster.
 *
 *   const ls = new Lockstep([m0, m1, m2], [segment]);
 *   ls.runTo(20_000_000);    // one emulated second
 */
import { MIN_SLOT_CYCLES } from './ether.js';

/** Anything with a cycle counter that can run for a while (a Sun3Machine). */
export interface LockstepMachine {
  readonly now: number;
  run(cycles: number): number;
  /**
   * The first cycle at which this machine may do anything that another
   * could notice (now, if it is busy). Machines without it are always busy.
   */
  quietUntil?(): number;
  /**
   * Is a debugger holding this machine (emu/debug)? Then the whole lab
   * stands still: the window is not finished, no segment is flushed, so
   * that no peer sees time pass and times out.
   */
  held?(): boolean;
  /**
   * Run windows itself, the first ending at `run.first`, until the end of
   * one in which a frame was sent, or to `run.end` (a lab's machines on
   * several threads, which meet at each window's end without the caller:
   * emu/lab/lab-barrier.ts). It must decide each next window as runTo
   * does; the segments are then flushed where its last window began and
   * where it stopped.
   */
  runWindows?(run: WindowRun): RunResult;
}

/** A run of windows handed to a machine that runs them itself (LockstepMachine.runWindows). */
export interface WindowRun {
  first: number;
  end: number;
  window: number;
  skipQuiet: boolean;
}

/** Where such a run stopped, the windows it ran and the quiet spans it jumped (after its first window). */
export interface RunResult {
  now: number;
  /** Where its last window began (a grid point, if it ran more than one). */
  from: number;
  windows: number;
  skips: number;
}

/** What the lockstep needs of a segment. */
export interface LockstepSegment {
  readonly name: string;
  readonly minLatency: number;
  flush(until: number): void;
  /** Frames sent and not yet carried. */
  readonly backlog: number;
}

/**
 * The shortest window a lab accepts: one minimum frame and its gap (67.2
 * µs). Shorter windows would only slow the lab down; a segment whose
 * latency gives less is rejected.
 */
export const MIN_WINDOW_CYCLES = MIN_SLOT_CYCLES;

export class Lockstep {
  readonly window: number;
  /** Where every machine and segment has got to. */
  now = 0;
  /** Jump over spans in which every machine is quiet (see above). */
  skipQuiet = false;
  /** Windows run, and spans jumped over (for measurements). */
  readonly counts = { windows: 0, skips: 0 };

  constructor(
    readonly machines: readonly LockstepMachine[],
    readonly segments: readonly LockstepSegment[],
    /** Window length in cycles; default and maximum: the shortest segment latency. */
    window?: number,
  ) {
    let max = Number.POSITIVE_INFINITY;
    let tightest = '';
    for (const s of segments)
      if (s.minLatency < max) {
        max = s.minLatency;
        tightest = s.name;
      }
    const w = window ?? (Number.isFinite(max) ? max : MIN_WINDOW_CYCLES);
    if (!Number.isSafeInteger(w) || w < 1)
      throw new Error(`lockstep window must be a positive number of cycles (got ${w})`);
    if (w > max)
      throw new Error(
        `lockstep window of ${w} cycles is longer than segment ${tightest}'s minimum latency (${max} cycles)`,
      );
    if (w < MIN_WINDOW_CYCLES)
      throw new Error(
        `lockstep window of ${w} cycles is shorter than a minimum frame and its gap (${MIN_WINDOW_CYCLES} cycles): give the segments more latency`,
      );
    this.window = w;
    this.now = machines.reduce((t, m) => Math.max(t, m.now), 0);
  }

  /**
   * Run every machine to cycle `end`, window by window, flushing the
   * segments at each grid point passed (see above).
   */
  runTo(end: number): void {
    const window = this.window;
    while (this.now < end && !this.held) {
      const grid = (Math.floor(this.now / window) + 1) * window;
      let w = Math.min(grid, end);
      if (this.skipQuiet) {
        const q = this.quietUntil();
        const far = Math.floor(q / window) * window;
        if (far > w) {
          w = Math.min(far, end);
          this.counts.skips++;
        }
      }
      const only = this.machines.length === 1 ? this.machines[0] : null;
      if (only?.runWindows) {
        const r = only.runWindows({ first: w, end, window, skipQuiet: this.skipQuiet });
        // The windows before the last carried nothing: one flush stands for theirs (the
        // segments sample their counters as they were), then the last window's below.
        if (r.windows > 1 && r.from % window === 0) for (const s of this.segments) s.flush(r.from);
        w = r.now;
        this.counts.windows += r.windows - 1;
        this.counts.skips += r.skips;
      } else for (const m of this.machines) if (m.now < w) m.run(w - m.now);
      if (this.held) return; // the window ends when the debugger lets the machine go
      if (w % window === 0) for (const s of this.segments) s.flush(w);
      this.now = w;
      this.counts.windows++;
    }
  }

  /** Is any machine held by a debugger (then runTo makes no progress)? */
  get held(): boolean {
    return this.machines.some((m) => m.held?.() === true);
  }

  /** Until when nothing can happen anywhere: the earliest cycle any machine may act, or now if a frame is on its way. */
  private quietUntil(): number {
    for (const s of this.segments) if (s.backlog > 0) return this.now;
    let q = Number.POSITIVE_INFINITY;
    for (const m of this.machines) {
      q = Math.min(q, m.quietUntil ? m.quietUntil() : m.now);
      if (q <= this.now) return this.now;
    }
    return q;
  }
}
