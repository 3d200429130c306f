/** Waiting on shared memory and taking messages synchronously: both sides of a lab's worker threads. */
import { type MessagePort, receiveMessageOnPort } from 'node:worker_threads';

/** Spin this many times on a shared word before sleeping on it (a window is some tens of microseconds). */
export const SPINS = 2000;

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
