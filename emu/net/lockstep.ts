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
 *   const ls = new Lockstep([m0, m1, m2], [segment]);
 *   ls.runTo(20_000_000);    // one emulated second
 */
import { MIN_SLOT_CYCLES } from './ether.js';

/** Anything with a cycle counter that can run for a while (a Sun3Machine). */
export interface LockstepMachine {
  readonly now: number;
  run(cycles: number): number;
}

/** What the lockstep needs of a segment. */
export interface LockstepSegment {
  readonly name: string;
  readonly minLatency: number;
  flush(until: number): void;
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

  /** Run every machine and segment to cycle `end`, window by window. */
  runTo(end: number): void {
    while (this.now < end) {
      const w = Math.min(this.now + this.window, end);
      for (const m of this.machines) if (m.now < w) m.run(w - m.now);
      for (const s of this.segments) s.flush(w);
      this.now = w;
    }
  }
}
