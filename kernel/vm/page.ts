/**
 * Physical memory: a pool of 8 KB page frames (4.3BSD's core map, much
 * simplified: no paging to disk, so a frame is either free or belongs to
 * exactly one user of it, with a reference count for sharing).
 */
import { NBPG } from '../param.js';

export class PageAllocator {
  /** Frame numbers not in use, lowest first so runs are reproducible. */
  private readonly free: number[] = [];
  /** References to each frame (0 = free). */
  readonly refs: Uint16Array;
  readonly total: number;

  /** Frames [first, first + count) are for users; the rest belong to the kernel. */
  constructor(
    readonly ram: Uint8Array,
    first: number,
  ) {
    this.total = Math.floor(ram.length / NBPG);
    this.refs = new Uint16Array(this.total);
    for (let f = this.total - 1; f >= first; f--) this.free.push(f);
  }

  /**
   * Told when a page of an address space moved to another frame (a
   * copy-on-write copy); the kernel drops the page's MMU translation.
   */
  moved: (as: object, va: number) => void = () => {};
  /** Copy-on-write copies made, system-wide. */
  cowCopies = 0;
  /**
   * Told when the kernel writes a frame from the host side, so that the
   * CPU's translations of the code it held are dropped (Hardware.frameWritten).
   * alloc() tells it for every frame it hands out, so a caller that only
   * fills frames fresh from alloc (exec, a copy-on-write copy) has nothing
   * more to do; one that writes a frame already in use (copyout, brk's
   * zeroing) calls it itself.
   */
  written: (frame: number) => void = () => {};

  get freeCount(): number {
    return this.free.length;
  }

  /** A zeroed frame, or -1 when memory is exhausted. */
  alloc(): number {
    const f = this.free.pop();
    if (f === undefined) return -1;
    this.refs[f] = 1;
    this.ram.fill(0, f * NBPG, (f + 1) * NBPG);
    this.written(f); // block engine: the frame may have held code
    return f;
  }

  /** Another reference to a frame (sharing). */
  hold(f: number): void {
    this.refs[f]++;
  }

  /** Drop a reference; the frame is free again when none remain. */
  release(f: number): void {
    if (this.refs[f] === 0) throw new Error(`panic: freeing free page frame ${f}`);
    if (--this.refs[f] === 0) this.free.push(f);
  }

  /** Byte offset of a frame in RAM. */
  static offset(f: number): number {
    return f * NBPG;
  }
}
