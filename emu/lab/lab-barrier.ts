/**
 * The lockstep windows of a lab on several threads, run by the threads
 * themselves (lab-threads.ts, lab-worker.ts).
 *
 * The lab hands every thread the first window of a run and its end; then
 * each thread runs its machines to the window's end, says so in shared
 * memory with two facts about its machines — did one of them send a
 * frame in the window, and until when will all of them be quiet — and
 * waits for the others (a barrier: one shared word per thread, no
 * message). Each thread then decides the next window from the same facts
 * by the rule of Lockstep.runTo, so they all decide alike: the next grid
 * point, or a jump to the last one before everybody's quiet span ends.
 * The run stops after a window in which a frame was sent (the lab must
 * carry it on the wire before anyone runs on) and at its end; the lab's
 * thread carries the frames and starts the next run.
 *
 * Windows in which nothing crosses the wire need no one but the threads:
 * the segments are flushed only when the run stops, at the start of its
 * last window and at its end, which changes nothing, since a segment with
 * no frame to carry only notes the time (and samples its counters, which
 * have not moved).
 *
 * The facts of window n are kept in slot n mod 2: a thread that has
 * passed the barrier may write those of window n+1 while a slower one
 * still reads those of window n, never those of n+2 (it would have to
 * pass the barrier of n+1 first).
 */
import type { RunResult, WindowRun } from '../net/lockstep.js';
import { waitChange } from './lab-worker-wait.js';

/** The shared words of a barrier for `threads` threads. */
export interface BarrierMemory {
  /** Per thread: windows finished (Int32), then sent-a-frame for the two slots (Int32 ×2). */
  words: SharedArrayBuffer;
  /** Per thread: quiet-until for the two slots (Float64 ×2). */
  quiet: SharedArrayBuffer;
}

export function barrierMemory(threads: number): BarrierMemory {
  return { words: new SharedArrayBuffer(4 * 3 * threads), quiet: new SharedArrayBuffer(8 * 2 * threads) };
}

/** What a thread's own machines do in a window. */
export interface Share {
  /** Run the thread's machines to cycle w. */
  runTo(w: number): void;
  /** Has one of them sent a frame since the last call (or is one waiting to be carried)? */
  sent(): boolean;
  /** The first cycle any of them may act at (see LockstepMachine.quietUntil). */
  quietUntil(): number;
}

export class Barrier {
  private readonly words: Int32Array;
  private readonly quiet: Float64Array;
  /** Windows finished by this thread, since the lab began: the same count on every thread. */
  private done = 0;

  constructor(
    mem: BarrierMemory,
    private readonly threads: number,
    /** This thread's place: 0 the lab's, k+1 worker k. */
    private readonly me: number,
  ) {
    this.words = new Int32Array(mem.words);
    this.quiet = new Float64Array(mem.quiet);
  }

  /**
   * Run windows with the other threads, from `run.first`, until one in which
   * any thread's machines sent a frame, or to `run.end`. An error in this
   * thread's machines stops the run for every thread (as a frame would) and
   * is thrown once the barrier is passed.
   */
  run(run: WindowRun, share: Share): RunResult {
    const { end, window } = run;
    let w = run.first;
    let from = Number.NaN;
    let windows = 0;
    let skips = 0;
    for (;;) {
      let failure: unknown = null;
      let sent = true;
      let quiet = w;
      try {
        share.runTo(w);
        sent = share.sent();
        quiet = share.quietUntil();
      } catch (err) {
        failure = err;
      }
      const { anySent, quietUntil } = this.arrive(sent, quiet);
      windows++;
      if (failure !== null) throw failure;
      if (anySent || w >= end) return { now: w, from, windows, skips };
      let next = Math.min((Math.floor(w / window) + 1) * window, end);
      if (run.skipQuiet) {
        const far = Math.floor(quietUntil / window) * window;
        if (far > next) {
          next = Math.min(far, end);
          skips++;
        }
      }
      from = w;
      w = next;
    }
  }

  /** Say this thread has finished the window, wait for the others, and return what they all said. */
  private arrive(sent: boolean, quiet: number): { anySent: boolean; quietUntil: number } {
    const n = ++this.done;
    const slot = n & 1;
    const t = this.threads;
    this.words[t + 2 * this.me + slot] = sent ? 1 : 0;
    this.quiet[2 * this.me + slot] = quiet;
    Atomics.store(this.words, this.me, n);
    Atomics.notify(this.words, this.me);
    let anySent = false;
    let quietUntil = Number.POSITIVE_INFINITY;
    for (let j = 0; j < t; j++) {
      let seen = Atomics.load(this.words, j);
      while (seen < n) seen = waitChange(this.words, j, seen);
      anySent ||= this.words[t + 2 * j + slot] !== 0;
      quietUntil = Math.min(quietUntil, this.quiet[2 * j + slot]);
    }
    return { anySent, quietUntil };
  }
}
