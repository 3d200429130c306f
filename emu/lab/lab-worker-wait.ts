/** Waiting on shared memory and taking messages synchronously: both sides of a lab's worker threads. */
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/**
 * How a thread waits for another (lab-barrier.ts: some 15,000 times an
 * emulated second). Spinning on the shared word answers in well under a
 * microsecond if the other thread is running; sleeping on it
 * (Atomics.wait) costs a system call on each side and a wake-up, some
 * microseconds to tens of them. But a thread that spins while the one it
 * waits for has been taken off its core by the scheduler (a host busy
 * with other work) spins for nothing, and takes a core the other might
 * have had: on the 2-core host shared with other jobs, spinning some
 * 100 µs before sleeping made a lab on 2 threads ten times slower than on
 * one, sleeping at once only about as fast (docs/performance.md). So each
 * thread learns which pays: it spins up to PROBE_SPINS (some 10 µs, a
 * window's work) while spinning has lately been answered in time, and
 * otherwise glances (MIN_SPINS) and sleeps, trying a long spin again
 * every PROBE_EVERY waits. This is a matter of the host's time only: what
 * the machines do never depends on it.
 */
export const PROBE_SPINS = 4_000;
export const MIN_SPINS = 64;
const PROBE_EVERY = 256;
/** How spinning has gone lately: above 0, spin long. */
let score = 0;
let waits = 0;

/** Wait until ctl[i] is no longer `old`; returns the new value. */
export function waitChange(ctl: Int32Array, i: number, old: number): number {
  const probing = score > 0 || ++waits % PROBE_EVERY === 0;
  const spins = probing ? PROBE_SPINS : MIN_SPINS;
  for (let n = 0; n < spins; n++) {
    const v = Atomics.load(ctl, i);
    if (v !== old) {
      if (probing) score = Math.min(score + 1, 8);
      return v;
    }
  }
  if (probing) score = Math.max(score - 2, -8);
  for (;;) {
    Atomics.wait(ctl, i, old);
    const v = Atomics.load(ctl, i);
    if (v !== old) return v;
  }
}

/** Take `count` messages from `port`, in order (they were posted before the count was raised). */
export function take<T>(port: MessagePort, count: number): T[] {
  const out: T[] = [];
  while (out.length < count) {
    const m = receiveMessageOnPort(port);
    if (m) out.push(m.message as T);
  }
  return out;
}
