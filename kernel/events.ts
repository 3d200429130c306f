/**
 * What a kernel tells its host about itself, as it happens: a small typed
 * stream of events. The host installs one sink (`Kernel.events`, from
 * BootOptions.events); the Station forwards it, and the lab turns it into
 * its own event stream (emu/lab/events.ts) and uses it to run scripts: a
 * command typed at the shell has finished when the shell's wait for it
 * returns, not when something that looks like a prompt appears.
 *
 * Each event is emitted at the emulated instant it happens (the CPU's cycle
 * count then). The sink must not call back into the kernel. A new kind of
 * event is one more member of the union below.
 */

import type { TraceClass } from './ktrace.js';

export type KernelEvent =
  /** fork1 made process `pid`, a child of `ppid`. */
  | { type: 'fork'; pid: number; ppid: number }
  /** Process `pid` now runs the program `comm` (execve, and process 1 at boot). */
  | { type: 'exec'; pid: number; comm: string }
  /** Process `pid` has exited with wait status `status` (a zombie now, or reaped if no one will wait). */
  | { type: 'exit'; pid: number; status: number; uinsns?: number }
  /**
   * Process `pid`'s wait4 returned `child` with wait status `status` (an
   * exit, or a stop with WUNTRACED); `nohang`: it was a WNOHANG poll, not a
   * wait for the child.
   */
  | { type: 'wait'; pid: number; child: number; status: number; nohang: boolean }
  /** Process `pid` is going to sleep reading the console, which has nothing for it. */
  | { type: 'ttyread'; pid: number }
  /**
   * A step of a process migration (kernel/pm/, docs/migration.md): `pid`
   * the migrating process, `peer` the other machine's address; a part sent
   * has its name and bytes; a refusal or abort its errno and reason.
   */
  | {
      type: 'migrate';
      pid: number;
      phase: MigratePhase;
      peer: string;
      part?: string;
      bytes?: number;
      errno?: number;
      reason?: string;
    }
  /** A line of the kernel's trace (ktrace.ts): its class, the process (-1: none) and the text. */
  | { type: 'trace'; cls: TraceClass; pid: number; text: string }
  /** The kernel panicked (it has halted the CPU). */
  | { type: 'panic'; message: string }
  /** reboot(2) stopped the kernel, with its RB_ flags (RB_HALT: a halt). */
  | { type: 'reboot'; howto: number };

/** The steps of a migration, in order; refuse and abort end one early. */
export const MIGRATE_PHASES = [
  'request',
  'challenge',
  'auth',
  'freeze',
  'part',
  'ready',
  'commit',
  'resume',
  'cleanup',
  'exit',
  'moved',
  'signal',
  'stopped',
  'continued',
  'page',
  'confirm',
  'reclaim',
  'dead',
  'refuse',
  'abort',
] as const;
export type MigratePhase = (typeof MIGRATE_PHASES)[number];

export type KernelEventSink = (e: KernelEvent) => void;
