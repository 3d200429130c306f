/**
 * Building one machine of a lab, the same way on the lab's own thread and
 * on a worker thread: its disk gets the lab's /etc/hosts, /etc/pmpool,
 * /etc/pmsecret (and /etc/netmasks), and its random stream is
 * "machine/NAME" of the lab's seed, which depends on nothing but the seed
 * and the name.
 */
import type { BlockDevice } from '../../kernel/fs/ufs/disk.js';
import type { Engine } from '../cpu/engine.js';
import { Random } from '../net/random.js';
import { installFile } from './disk.js';
import { hostsFile, type LabConfig, netmasksFile, pmpoolFile, pmsecretFile } from './lab-config.js';
import { LabMachine, type MachineReports } from './lab-machine.js';

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
  engine?: Engine,
): LabMachine {
  for (const [path, bytes, mode] of files) installFile(disk, path, bytes, mode);
  const mc = config.machines[i];
  return new LabMachine(mc, disk, reports, {
    crashes: config.crashes,
    statsInterval: config.statsInterval,
    random: new Random(config.seed).stream(`machine/${mc.name}`),
    engine,
  });
}
