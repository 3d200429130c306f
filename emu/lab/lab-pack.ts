/**
 * How a booted lab is put into a start-up snapshot of Node and taken out
 * of it (emu/cli/lab-snapshot.ts; docs/performance.md, "A start-up
 * snapshot of the booted lab"). V8 saves every object of the heap as it
 * is, and most of it is small; what is large is each machine's memory
 * (8 MB by default, nine tenths of it still zero after the boot), its
 * translation cache's tables (512 KB, most entries -1) and the root image
 * every machine's copy-on-write disk reads (16 MB, two thirds of it free
 * blocks). Before the heap is saved, those are packed to their pages that
 * hold anything (emu/lab/packed-bytes.ts) and their buffers emptied; the
 * process started from the snapshot unpacks them and hands each machine
 * its memory and tables again, and its disk the image, still packed,
 * before the lab runs. Nothing else changes: the bytes, the caches and
 * the cycle counts are those of the lab that was booted.
 */
import { CowDisk } from './cow-disk.js';
import type { Lab } from './lab.js';
import { type PackedBytes, packBytes, unpackBytes } from './packed-bytes.js';

/** A lab whose memories and root image are packed: not to be run until unpackLab. */
export interface PackedLab {
  readonly lab: Lab;
  /** Each machine's memory, by machine. */
  readonly rams: readonly PackedBytes[];
  /** Each machine's translation tables (emu/bus/tlb.ts: 512 KB, mostly -1s), by machine. */
  readonly tlbs: readonly (readonly PackedBytes[])[];
  readonly image: PackedBytes;
  /** The disks that are views of the image. */
  readonly disks: readonly CowDisk[];
}

/** Pack `lab` (its machines on this thread) and `image`, the root image its disks are views of. */
export function packLab(lab: Lab, image: Uint8Array): PackedLab {
  if (lab.pool !== null) throw new Error('a lab on worker threads cannot be packed');
  const disks = lab.machines.flatMap((m) =>
    m.station.disks.filter((d): d is CowDisk => d instanceof CowDisk && d.viewOf(image)),
  );
  const rams = lab.machines.map((m) => packBytes(m.station.machine.ram));
  const tlbs = lab.machines.map((m) => m.station.machine.cpu.tlb.tables.map((t) => packBytes(t, 0xff)));
  return { lab, rams, tlbs, image: packBytes(image), disks };
}

/**
 * The lab `p` was made from, with its memories and tables back, and its
 * disks reading the image packed (readPacked: unpacking 16 MB would cost
 * more than the disks' reads do).
 */
export function unpackLab(p: PackedLab): Lab {
  for (const d of p.disks) d.useImage(p.image);
  for (const [i, m] of p.lab.machines.entries()) {
    m.station.useRam(unpackBytes(p.rams[i]));
    m.station.machine.useTlbTables(p.tlbs[i].map((t) => new Int32Array(unpackBytes(t).buffer)));
  }
  return p.lab;
}
