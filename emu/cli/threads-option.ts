/**
 * --threads N: how many threads run a lab's machines (docs/lab.md): the
 * command's own and N-1 workers. The lab is the same, byte for byte, on
 * any number. The default is 1: the threads must meet at every lockstep
 * window's end (some 15,000 times an emulated second), which pays only on
 * a host whose cores are free for the lab; on the 2-core host shared with
 * other work, where a meeting costs a sleep and a wake-up (tens of
 * microseconds), 2 threads were never clearly faster than 1 and took
 * twice its CPU (docs/performance.md, "Labs on several threads"). Give
 * the host's cores on a host of its own.
 */
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';

/** The most threads a lab takes (more than its machines are never started). */
export const MAX_THREADS = 64;

export function threadsOption<T>(y: Argv<T>) {
  return y.option('threads', {
    describe: `threads for the machines (1-${MAX_THREADS}; this host has ${availableParallelism()} cores)`,
    type: 'number',
    default: 1,
    requiresArg: true,
  });
}

/** The value of --threads, checked. */
export function checkThreads(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_THREADS)
    throw new Error(`--threads must be a whole number from 1 to ${MAX_THREADS}`);
  return n;
}
