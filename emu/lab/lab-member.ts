/**
 * What the lab, and whoever drives it, may ask of one of its machines,
 * wherever that machine runs: a LabMachine on the lab's own thread, or a
 * RemoteMachine standing for one on a worker thread (lab-threads.ts). The
 * answers are the same either way; only a machine on the lab's own thread
 * shows its objects (its Station) as well.
 */
import type { InputKind } from './console-script.js';
import type { MachineConfig } from './lab-config.js';
import type { MachineSnapshot, MachineState } from './lab-machine.js';

/** What a machine holds (the shared root image and shared translations not counted). */
export interface MachineMemory {
  /** RAM, bytes. */
  ram: number;
  /** The CPU's MMU translation tables and code-frame marks, bytes. */
  tlb: number;
  /** The disk blocks the machine wrote itself (its copy-on-write view), bytes. */
  disk: number;
  /** Blocks the block engine holds translated. */
  blocks: number;
}

export interface LabMember {
  readonly name: string;
  readonly index: number;
  readonly config: MachineConfig;
  /** The machine's cycle count. */
  readonly now: number;
  readonly state: MachineState;
  readonly settled: boolean;
  readonly downForGood: boolean;
  /** Commands of its script not finished yet. */
  readonly pendingCommands: number;
  /** Is it down for good, or up with nothing queued and a process waiting to read the console? */
  readonly waitingForInput: boolean;
  /** Processes ready to run (0 while the machine is off). */
  readonly runnable: number;
  exec(command: string): void;
  typeLine(text: string): void;
  typeKeys(keys: string): void;
  queueKeys(keys: string): void;
  replay(items: readonly { t: number; kind: InputKind; text: string }[]): void;
  powerOff(cause: 'user'): void;
  powerOn(cause: 'user'): void;
  snapshot(): MachineSnapshot;
  flushLine(): void;
  /** The statistics line `sun3lab run` and `sun3lab lab` print at exit. */
  statsLine(): string;
  memory(): MachineMemory;
}
