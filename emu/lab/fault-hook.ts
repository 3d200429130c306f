/**
 * A fault hook for testing what the host side leaves on disk when sun3lab
 * is killed: with SUN3LAB_KILL_AFTER_WRITES=k in the environment, the
 * process kills itself (SIGKILL: no exit handlers, nothing flushed) right
 * after its k-th host write. The writes counted are the ones whose
 * interruption could hurt a user's file: each chunk and the final rename of
 * a whole-file write (atomic-write.ts), and each block the live --disk image
 * writes (image-disk.ts). A test runs a command for k = 1, 2, ... and checks
 * what is left after each kill.
 */

const ENV = 'SUN3LAB_KILL_AFTER_WRITES';

function limitFromEnv(): number {
  const v = process.env[ENV];
  if (v === undefined || v === '') return 0;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

const killAfter = limitFromEnv();
let writes = 0;

/** Count one host write; with the hook set, die right after the k-th. */
export function hostWriteDone(): void {
  writes++;
  if (killAfter > 0 && writes >= killAfter) process.kill(process.pid, 'SIGKILL');
}

/** Host writes so far (for tests of this module). */
export function hostWrites(): number {
  return writes;
}
