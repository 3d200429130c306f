/**
 * Shared anonymous memory (SunOS 4's anon_map of a MAP_SHARED segment):
 * the pages a MAP_SHARED mapping of /dev/zero, or MAP_ANON, gives, which
 * the children a fork makes share with their parent.
 *
 * Like the heap, it is promised in swap: mmap reserves one page of swap
 * for each of its pages, once for all the processes that will map it
 * (ENOMEM if the swap area cannot promise them, as brk), and the promise
 * is kept until no mapping covers the page any more. Its pages live in
 * vn_pages.ts, keyed by this object, one frame per page however many
 * processes map it; under pressure the page daemon writes a page to a
 * swap slot of its own (one slot per page, shared by every mapper) and a
 * fault in any relative brings it back into one frame all of them map.
 *
 * `cover` counts, for each page, the mappings (in every address space)
 * that cover it: a page whose count drops to zero has lost its last
 * mapping, and its frame, its swap slot and its reservation go.
 */
import { NBPG } from '../param.js';
import type { Mapping } from './as.js';
import type { PageAllocator } from './page.js';

export class AnonMap {
  readonly cover: Uint16Array;
  /** Pages of swap it still holds promised (those some mapping covers). */
  reserved: number;

  private constructor(readonly npages: number) {
    this.cover = new Uint16Array(npages);
    this.reserved = npages;
  }

  /** A new object of `npages` pages, its swap reserved; null when swap cannot promise them. */
  static create(mem: PageAllocator, npages: number): AnonMap | null {
    if (!mem.swap.reserve(npages)) return null;
    return new AnonMap(npages);
  }

  /** Does some mapping still cover page idx? */
  covers(idx: number): boolean {
    return idx >= 0 && idx < this.npages && this.cover[idx] > 0;
  }
}

/** Is m a mapping of shared anonymous memory? */
export function isAnonShared(m: Mapping): m is Mapping & { obj: AnonMap } {
  return m.shared && m.obj instanceof AnonMap;
}

/** The pages [first, first + n) of m's object, for the part [lo, hi) of m. */
function pagesOf(m: Mapping, lo: number, hi: number): [number, number] {
  return [(m.off + (lo - m.start)) / NBPG, (hi - lo) / NBPG];
}

/** A mapping now covers [lo, hi) of m (mmap, fork, a migrated process's arrival). */
export function anonHold(m: Mapping, lo = m.start, hi = m.end): void {
  if (!isAnonShared(m)) return;
  const [first, n] = pagesOf(m, lo, hi);
  for (let i = first; i < first + n; i++) m.obj.cover[i]++;
}

/**
 * A mapping no longer covers [lo, hi) of m (munmap, exit, exec; the caller
 * has dropped its pages there): pages no mapping covers any more are freed,
 * with their swap slots and their reservation.
 */
export function anonRelease(mem: PageAllocator, m: Mapping, lo = m.start, hi = m.end): void {
  if (!isAnonShared(m)) return;
  const [first, n] = pagesOf(m, lo, hi);
  let freed = 0;
  for (let i = first; i < first + n; i++) {
    if (m.obj.cover[i] === 0 || --m.obj.cover[i] > 0) continue;
    mem.vnpages.discard(m.obj, i);
    freed++;
  }
  mem.swap.unreserve(freed);
  m.obj.reserved -= freed;
}
