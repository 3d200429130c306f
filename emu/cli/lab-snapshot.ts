/**
 * A lab booted to its prompts inside a start-up snapshot of Node
 * (docs/performance.md#start-up). emu/cli/sun3lab.js builds the snapshot
 * in the background after a `sun3lab lab` run: a Node started with
 * --build-snapshot runs the command's bundle with the same options, and
 * `sun3lab lab` then boots the lab as always, but only to the first fixed
 * instant (every 10 ms of emulated time) at which every machine waits at
 * its prompt; V8 then saves the whole heap, the booted machines included.
 * Later runs with the same options start Node from that snapshot, and the
 * lab they drive is that one, already at its prompts.
 *
 * Nothing is skipped: the boot ran, cycle for cycle, as it runs in a
 * normal start (nothing in it depends on the host: no input reaches the
 * machines before the prompt), and what the lab reported while booting
 * (console lines and bytes, events) is kept and handed to the listeners
 * the command adds later (Lab.retell), so a run from the snapshot prints
 * the same bytes as one that boots. The launcher uses a snapshot only for
 * the bundle, Node, root image and options it was made with.
 *
 * Just before V8 saves the heap, the machines' memories and the root image
 * are packed to their pages that hold anything (emu/lab/lab-pack.ts): the
 * snapshot is a third of the size it would be, and the process started
 * from it has that much less to read. The lab is unpacked when the command
 * takes it.
 */
import * as v8 from 'node:v8';
import type { Lab } from '../lab/lab.js';
import { type PackedLab, packLab, unpackLab } from '../lab/lab-pack.js';

/** The lab the snapshot holds (packed once the heap is being saved), and how it was made. */
interface Booted {
  key: string;
  lab: Lab | PackedLab;
  image: Uint8Array;
}

/** Give up a boot that has not reached its prompts after this long (emulated): no snapshot. */
const BOOT_LIMIT = 60 * 20_000_000;

let booted: Booted | null = null;

/** Is this Node building a start-up snapshot (node --build-snapshot)? */
export function buildingSnapshot(): boolean {
  return v8.startupSnapshot?.isBuildingSnapshot?.() ?? false;
}

/** Does this process hold a booted lab (it started from a snapshot)? */
export function hasBootedLab(): boolean {
  return booted !== null;
}

/**
 * Building the snapshot: run `lab` to the first multiple of `chunk` at
 * which every machine waits for input, keeping what it reports, and keep
 * it for the process the snapshot starts.
 */
export function bootForSnapshot(lab: Lab, key: string, image: Uint8Array, chunk: number): void {
  lab.keepHistory();
  do {
    if (lab.now >= BOOT_LIMIT) throw new Error('the lab did not reach its prompts: no snapshot');
    lab.runTo((Math.floor(lab.now / chunk) + 1) * chunk);
  } while (!lab.waitingForInput);
  booted = { key, lab, image };
  if (buildingSnapshot()) v8.startupSnapshot.addSerializeCallback(packBootedLab);
}

/**
 * Pack the booted lab's memories and image (emu/lab/lab-pack.ts): run as
 * V8 is about to save the heap, when nothing will run the lab any more in
 * this process. takeBootedLab unpacks it.
 */
export function packBootedLab(): void {
  if (booted === null || 'rams' in booted.lab) return;
  booted.lab = packLab(booted.lab, booted.image);
  booted.image = new Uint8Array(0);
}

/**
 * The booted lab, if the snapshot's was made for `key` (the lab's
 * configuration and options, as the command resolved them); only once.
 * Its disks hold the root image (packed, from a snapshot): the command
 * has no need to read it again.
 */
export function takeBootedLab(key: string): Lab | null {
  const b = booted;
  booted = null;
  if (b === null || b.key !== key) return null;
  return 'rams' in b.lab ? unpackLab(b.lab) : b.lab;
}
