/**
 * --threads N: how many worker threads run a lab's machines (docs/lab.md).
 * The default is the host's cores; 1 runs every machine on the command's
 * own thread. The lab is the same, byte for byte, on any number.
 */

import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';

/** The most threads a lab takes (more than its machines are never started). */
export const MAX_THREADS = 64;

export function threadsOption<T>(y: Argv<T>) {
  return y.option('threads', {
    describe: `worker threads for the machines (1-${MAX_THREADS}; default the host's cores, ${availableParallelism()}; 1: all on one thread)`,
    type: 'number',
    default: availableParallelism(),
    defaultDescription: "the host's cores",
    requiresArg: true,
  });
}

/** The value of --threads, checked. */
export function checkThreads(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_THREADS)
    throw new Error(`--threads must be a whole number from 1 to ${MAX_THREADS}`);
  return n;
}
