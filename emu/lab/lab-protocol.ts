/**
 * What passes between a lab and its worker threads (lab-threads.ts,
 * lab-worker.ts). Each step of the lab — a run of lockstep windows, or a
 * moment between runs to hand a machine input or ask it something — goes so:
 *
 *   lab     posts its mail for each worker (frames to deliver, input, questions),
 *           writes the command (run windows from FIRST to END, or take the
 *           mail only, or stop), bumps the step number (`GEN`)
 *   worker  takes the mail in order; for a run, runs the windows with the
 *           lab's thread and the other workers (lab-barrier.ts: they meet
 *           in shared memory at each window's end, and stop after a window
 *           in which a frame was sent); posts one message of what its
 *           machines reported (if anything), writes each machine's
 *           status, and sets its DONE to the step number
 *   lab     waits for every DONE, takes the messages, sends the frames on
 *           the segments, hands the reports to the lab
 *
 * The step number and the counts of messages live in shared memory and
 * are waited on with Atomics; messages go through MessagePorts and are
 * taken synchronously (receiveMessageOnPort), so that the lab's `runTo`
 * stays an ordinary synchronous call. Frames cross as bytes, once per run
 * of windows, not once per window.
 */
import type { InputKind } from './console-script.js';
import type { EventBody } from './events.js';
import type { BarrierMemory } from './lab-barrier.js';
import type { BuildOptions } from './lab-build.js';
import type { LabConfig } from './lab-config.js';

/** ctl[GEN]: the lab's step number. */
export const GEN = 0;
/** Per worker k, three Int32 slots from ctlBase(k): the step it finished, messages the lab posted it, messages it posted the lab. */
export const ctlBase = (k: number) => 1 + 3 * k;
export const C = { DONE: 0, MAIL: 1, REPLIES: 2 } as const;
export const ctlLength = (workers: number) => 1 + 3 * workers;

/** Status slots per machine (Float64): now, quiet-until, flags, state, pending commands, runnable. */
export const STATUS = 6;
export const S = { NOW: 0, QUIET: 1, FLAGS: 2, STATE: 3, PENDING: 4, RUNNABLE: 5 } as const;
/** The flags' bits. */
export const F = { SETTLED: 1, DOWN: 2, WAITING: 4 } as const;
export const STATES = ['booting', 'up', 'halted', 'off'] as const;

/** The command of a step (Float64 slots): what to do, and the run of windows (lab-barrier.ts WindowRun). */
export const CMD = 5;
export const K = { MODE: 0, FIRST: 1, END: 2, WINDOW: 3, SKIP: 4 } as const;
/** Modes: run windows; take the mail and run nothing; stop the thread. */
export const RUN = 0;
export const NO_RUN = 1;
export const QUIT = 2;

export interface WorkerData {
  k: number;
  /** Threads in all (the lab's and the workers). */
  threads: number;
  ctl: SharedArrayBuffer;
  cmd: SharedArrayBuffer;
  barrier: BarrierMemory;
  status: SharedArrayBuffer;
  image: SharedArrayBuffer;
  config: LabConfig;
  machines: number[];
  /** How the machines are built (engine, timing, tracing): the same on every thread. */
  build: BuildOptions;
}

/** Lab to worker. */
export type Mail =
  | { kind: 'deliver'; machine: number; frame: Uint8Array; at: number; dribble: number }
  | { kind: 'act'; machine: number; act: Act; args: unknown[] }
  | { kind: 'ask'; machine: number; ask: Ask };

export type Ask = 'snapshot' | 'statsLine' | 'memory';

export type Act =
  | 'exec'
  | 'typeLine'
  | 'typeKeys'
  | 'queueKeys'
  | 'replay'
  | 'powerOff'
  | 'powerOn'
  | 'flushLine';

/** Worker to lab: what its machines reported during a step, in the order they reported it. */
export type Report =
  | { kind: 'event'; machine: number; t: number; body: EventBody }
  | { kind: 'line'; machine: number; t: number; text: string }
  | { kind: 'output'; machine: number; bytes: Uint8Array }
  | { kind: 'input'; machine: number; t: number; input: InputKind; text: string }
  | { kind: 'frame'; machine: number; frame: Uint8Array; cycle: number }
  | { kind: 'answer'; value: unknown }
  | { kind: 'error'; message: string };
