/**
 * Building one machine of a lab, the same way on the lab's own thread and
 * on a worker thread: its disk gets the lab's /etc/hosts, /etc/pmpool,
 * /etc/pmsecret (and /etc/netmasks), and its random stream is
 * "machine/NAME" of the lab's seed, which depends on nothing but the seed
 * and the name.
 */
import type { BlockDevice } from '../../kernel/fs/ufs/disk.js';
import type { TraceClass } from '../../kernel/ktrace.js';
import type { Engine, TimingModel } from '../cpu/engine.js';
import { Random } from '../net/random.js';
import { installFile } from './disk.js';
import { hostsFile, type LabConfig, netmasksFile, pmpoolFile, pmsecretFile } from './lab-config.js';
import { LabMachine, type MachineReports } from './lab-machine.js';

/**
 * How every machine of a lab is built, beyond its configuration (plain
 * data: it crosses to the worker threads as it is).
 */
export interface BuildOptions {
  /** How the CPU runs (default the block engine). */
  engine?: Engine;
  /** How the CPU counts time (default 3/60; docs/cpu-timing.md). */
  timing?: TimingModel;
  /** What the machine traces into the event stream (--trace-what; docs/tracing.md). */
  traceWhat?: readonly TraceClass[];
}

/** The files every machine of `config` gets on its disk, by path: [contents, mode]. */
export function labFiles(config: LabConfig): [string, Uint8Array, number][] {
  const enc = (s: string) => new TextEncoder().encode(s);
  const files: [string, Uint8Array, number][] = [
    ['/etc/hosts', enc(hostsFile(config)), 0o644],
    ['/etc/pmpool', enc(pmpoolFile(config)), 0o644],
    ['/etc/pmsecret', enc(pmsecretFile(config)), 0o600],
  ];
  const netmasks = netmasksFile(config);
  if (netmasks !== null) files.push(['/etc/netmasks', enc(netmasks), 0o644]);
  return files;
}

/** Machine `i` of `config` on `disk` (the lab's files installed on it first). */
export function buildMachine(
  config: LabConfig,
  i: number,
  disk: BlockDevice,
  files: readonly [string, Uint8Array, number][],
  reports: MachineReports,
  opts: BuildOptions = {},
): LabMachine {
  for (const [path, bytes, mode] of files) installFile(disk, path, bytes, mode);
  const mc = config.machines[i];
  return new LabMachine(mc, disk, reports, {
    crashes: config.crashes,
    statsInterval: config.statsInterval,
    consoleBaud: config.consoleBaud,
    random: new Random(config.seed).stream(`machine/${mc.name}`),
    engine: opts.engine,
    timing: opts.timing,
    traceWhat: opts.traceWhat,
  });
}
