/**
 * Physical memory: a pool of 8 KB page frames (4.3BSD's core map): a
 * reference count for each frame (sharing by fork and the text table), and
 * for a frame private to one address space, which page of which space it
 * holds, so that the page daemon's clock (vm_pageout.ts) can go round the
 * frames and find the page to take back.
 *
 * A frame the daemon freed keeps its identity while it waits on the free
 * list (at the far end, used last): if its old page is touched again before
 * the frame is reused, the fault takes it back without reading swap (a
 * reclaim, 4.3BSD's v_pgrec).
 */
import { NBPG } from '../param.js';
import { SwapSpace } from './vm_sw.js';
import { VmMeter } from './vmmeter.js';
import { VnPages } from './vn_pages.js';

/** What the core map knows of a frame owned by one address space. */
export interface CoreMapEntry {
  /** The address space (vm/as.ts), its virtual page number there, and the page record. */
  as: object;
  vpn: number;
  page: object;
}

export class PageAllocator {
  /** Frame numbers not in use, lowest first so runs are reproducible. */
  private readonly free: number[] = [];
  /** References to each frame (0 = free). */
  readonly refs: Uint16Array;
  readonly total: number;

  /** Frames [first, first + count) are for users; the rest belong to the kernel. */
  /** Owner of each frame private to one address space (null: free, shared, text or kernel). */
  readonly cmap: (CoreMapEntry | null)[];
  /** Of a free frame the daemon freed: the page it last held, until the frame is reused. */
  readonly freedFrom: (object | null)[];
  /** The first frame for users (those below are the kernel's). */
  readonly first: number;

  /** Frames [first, first + count) are for users; the rest belong to the kernel. */
  constructor(
    /** The machine's memory (replaced only when it is taken out of a start-up snapshot: emu/lab/lab-pack.ts). */
    public ram: Uint8Array,
    first: number,
  ) {
    this.total = Math.floor(ram.length / NBPG);
    this.first = first;
    this.refs = new Uint16Array(this.total);
    this.cmap = new Array(this.total).fill(null);
    this.freedFrom = new Array(this.total).fill(null);
    for (let f = this.total - 1; f >= first; f--) this.free.push(f);
    this.swap = new SwapSpace(null, this.total - first);
  }

  /** The paging counters (vmstat). */
  readonly cnt = new VmMeter();
  /** The swap area (the kernel installs the root disk's b partition at boot; none until then). */
  swap: SwapSpace;
  /** Pages of mapped files, one frame per file page (vn_pages.ts). */
  readonly vnpages: VnPages = new VnPages(this);

  /**
   * Called when no frame is free, before alloc gives up: the page daemon
   * frees some (vm_pageout.ts installs it). Returns the frames freed.
   */
  reclaim: () => number = () => 0;

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

  /** A zeroed frame, or -1 when memory is exhausted even after the page daemon ran. */
  alloc(): number {
    const f = this.allocRaw();
    if (f < 0) return -1;
    this.ram.fill(0, f * NBPG, (f + 1) * NBPG);
    return f;
  }

  /** A frame whose contents the caller will overwrite entirely (a page-in), or -1. */
  allocRaw(): number {
    if (this.free.length === 0) this.reclaim();
    const f = this.free.pop();
    if (f === undefined) return -1;
    this.refs[f] = 1;
    this.freedFrom[f] = null; // whatever page it held is gone for good now
    this.written(f); // block engine: the frame may have held code
    return f;
  }

  /**
   * Take back a frame the daemon freed, if it is still free and still
   * holds `page` (a reclaim). Returns whether it did.
   */
  reclaimFrame(f: number, page: object): boolean {
    if (f < 0 || this.freedFrom[f] !== page || this.refs[f] !== 0) return false;
    const i = this.free.indexOf(f);
    if (i < 0) return false;
    this.free.splice(i, 1);
    this.freedFrom[f] = null;
    this.refs[f] = 1;
    return true;
  }

  /** The page daemon frees frame f, which held `page`: to the end of the list used last, identity kept. */
  freeByDaemon(f: number, page: object): void {
    if (this.refs[f] !== 1) throw new Error(`panic: page daemon freeing shared frame ${f}`);
    this.refs[f] = 0;
    this.cmap[f] = null;
    this.freedFrom[f] = page;
    this.free.unshift(f);
  }

  /** Another reference to a frame (sharing): it has no single owner any more. */
  hold(f: number): void {
    this.refs[f]++;
    this.cmap[f] = null;
  }

  /** Record that frame f, used by one address space only, holds its page `vpn`. */
  own(f: number, as: object, vpn: number, page: object): void {
    this.cmap[f] = this.refs[f] === 1 ? { as, vpn, page } : null;
  }

  /** Drop a reference; the frame is free again when none remain. */
  release(f: number): void {
    if (this.refs[f] === 0) throw new Error(`panic: freeing free page frame ${f}`);
    if (--this.refs[f] === 0) {
      this.cmap[f] = null;
      this.free.push(f);
    }
  }

  /** Byte offset of a frame in RAM. */
  static offset(f: number): number {
    return f * NBPG;
  }
}
