/**
 * Two booted machines for the NFS tests (test/kernel/net/pair.ts): sun0
 * serves /home, sun1 has mounted it at boot (/etc/fstab: rw,bg,intr).
 */
import { readPcap } from '../../emu/net/pcap.js';
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

/** An RPC message over UDP seen in a capture (a whole datagram, or the first fragment of one). */
export interface RpcSeen {
  /** Emulated seconds. */
  t: number;
  /** Last byte of the sender's and receiver's IP addresses (sun0 is 1, sun1 is 2). */
  src: number;
  dst: number;
  xid: number;
  call: boolean;
  /** A call's program and procedure. */
  prog?: number;
  proc?: number;
}

/** The RPC calls and replies over UDP in a capture, in order. */
export function rpcSeen(pcap: Uint8Array): RpcSeen[] {
  const out: RpcSeen[] = [];
  for (const { sec, usec, data: f } of readPcap(pcap).records) {
    // IPv4, UDP, not a later fragment.
    if (f.length < 42 + 8 || f[12] !== 8 || f[13] !== 0 || f[23] !== 17) continue;
    if ((f[20] & 0x1f) !== 0 || f[21] !== 0) continue;
    const v = new DataView(f.buffer, f.byteOffset, f.length);
    const rpc = 14 + (f[14] & 15) * 4 + 8;
    const call = v.getUint32(rpc + 4) === 0;
    out.push({
      t: sec + usec / 1e6,
      src: f[29],
      dst: f[33],
      xid: v.getUint32(rpc),
      call,
      ...(call ? { prog: v.getUint32(rpc + 12), proc: v.getUint32(rpc + 20) } : {}),
    });
  }
  return out;
}
