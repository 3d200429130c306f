/** Waiting on shared memory and taking messages synchronously: both sides of a lab's worker threads. */
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/**
 * Spin this many times on a shared word (some 100-200 µs) before sleeping
 * on it: a window takes some tens of microseconds, so threads that are
 * running a lab never sleep between windows (a sleeping thread can take a
 * scheduler slice, milliseconds, to wake on a busy host); they sleep only
 * when the lab stops running.
 */
export const SPINS = 20_000;

/** Wait until ctl[i] is no longer `old`; returns the new value. */
export function waitChange(ctl: Int32Array, i: number, old: number): number {
  for (let n = 0; n < SPINS; n++) {
    const v = Atomics.load(ctl, i);
    if (v !== old) return v;
  }
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
