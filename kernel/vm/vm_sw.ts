/**
 * Swap space (4.3BSD's vm_sw.c and swap map, as SunOS 4's anon layer
 * accounted it): the root disk's `b` partition, in page-sized slots.
 *
 * Two separate things are kept, as in SunOS:
 * - reservation: every page a process *may* touch in its data, heap and
 *   stack is promised a place to go when brk, exec, fork or stack growth
 *   creates it, before any frame is taken. A request that would promise
 *   more than the swap area holds is ENOMEM, so a process never dies later
 *   because the memory it was granted has nowhere to live;
 * - slots: the actual blocks, handed out only when the page daemon writes
 *   a page out, and shared (with a count) by a parent and child after a
 *   fork until one of them brings the page back in.
 *
 * A machine with no swap partition (an unlabelled disk) reserves against
 * physical memory instead: nothing can be paged out, and ENOMEM comes when
 * the promised pages would exceed the frames there are.
 */
import type { BlockDevice } from '../fs/ufs/disk.js';
import { NBPG } from '../param.js';

export class SwapSpace {
  /** Slot use counts (0 = free). */
  private readonly refs: Uint16Array;
  /** Free slots, lowest last so that use is reproducible. */
  private readonly freeSlots: number[] = [];
  /** Pages promised so far, and how many may be. */
  reserved = 0;
  readonly capacity: number;
  private readonly buf = new Uint8Array(NBPG);

  /**
   * `dev` is the swap partition (null: none); `frames` the user page frames,
   * the capacity when there is no swap.
   */
  constructor(
    readonly dev: BlockDevice | null,
    frames: number,
  ) {
    const nslots = dev && dev.blockSize === NBPG ? dev.blocks : 0;
    this.refs = new Uint16Array(nslots);
    for (let s = nslots - 1; s >= 0; s--) this.freeSlots.push(s);
    this.capacity = nslots > 0 ? nslots : frames;
  }

  /** Is there a swap area to page to? */
  get configured(): boolean {
    return this.refs.length > 0;
  }

  get slots(): number {
    return this.refs.length;
  }

  /** Slots holding a page now. */
  get slotsInUse(): number {
    return this.refs.length - this.freeSlots.length;
  }

  /** Promise n more pages; false (and nothing promised) if the swap area cannot hold them. */
  reserve(n: number): boolean {
    if (n <= 0) return true;
    if (this.reserved + n > this.capacity) return false;
    this.reserved += n;
    return true;
  }

  unreserve(n: number): void {
    this.reserved = Math.max(0, this.reserved - n);
  }

  /** A free slot, or -1 if all are in use (cannot happen while reservations hold). */
  alloc(): number {
    const s = this.freeSlots.pop();
    if (s === undefined) return -1;
    this.refs[s] = 1;
    return s;
  }

  hold(s: number): void {
    this.refs[s]++;
  }

  /** Is slot s shared (after a fork)? */
  shared(s: number): boolean {
    return this.refs[s] > 1;
  }

  release(s: number): void {
    if (this.refs[s] === 0) throw new Error(`panic: freeing free swap slot ${s}`);
    if (--this.refs[s] === 0) this.freeSlots.push(s);
  }

  /** Write the page at byte `at` of ram to slot s (swap_pager's putpage). */
  write(s: number, ram: Uint8Array, at: number): void {
    (this.dev as BlockDevice).writeBlock(s, ram.subarray(at, at + NBPG));
  }

  /** Read slot s into the page at byte `at` of ram (swap_pager's getpage). */
  read(s: number, ram: Uint8Array, at: number): void {
    (this.dev as BlockDevice).readBlock(s, this.buf);
    ram.set(this.buf, at);
  }
}
