/**
 * Two booted machines for the NFS tests (test/kernel/net/pair.ts): sun0
 * serves /home, sun1 has mounted it at boot (/etc/fstab: rw,bg,intr).
 */
import type { Partition } from '../../emu/net/segment.js';
import { pair } from '../kernel/net/pair.js';

export type Pair = ReturnType<typeof pair>;

/** Two machines, sun1 with sun0:/home mounted. `cuts` is the hub's list of partitions: push to it to cut sun0 off. */
export function nfsPair(opts: Parameters<typeof pair>[0] = {}): { lab: Pair; cuts: Partition[] } {
  const cuts: Partition[] = [];
  const lab = pair({ ...opts, partitions: cuts });
  lab.until(() => lab.stations[1].kernel.mounts.some((m) => m.fs.fstype === 'nfs'), 120);
  return { lab, cuts };
}
