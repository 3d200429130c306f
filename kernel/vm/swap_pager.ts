/**
 * The swap pager (SunOS 4's swap_pager / 4.3BSD's pagein and pageout of
 * anonymous pages): moving one page of an address space between its frame
 * and its swap slot. Deciding *which* page goes is the clock's job
 * (vm_pageout.ts); this file only does the move and keeps the counters.
 */
import { NBPG } from '../param.js';
import type { AddressSpace, Page } from './as.js';

/**
 * Bring paged-out page vpn of `as` back (a fault on it): take its old
 * frame back if the daemon's free list still has it untouched (a
 * reclaim), else read it from its slot into a new frame. False when no
 * frame can be had.
 */
export function swapin(as: AddressSpace, vpn: number, page: Page): boolean {
  const mem = as.mem;
  const slot = page.slot as number;
  if (mem.reclaimFrame(page.frame, page)) mem.cnt.rec++;
  else {
    const f = mem.allocRaw();
    if (f < 0) return false;
    mem.swap.read(slot, mem.ram, f * NBPG);
    page.frame = f;
    mem.cnt.pgin++;
    mem.cnt.pgpgin++;
    as.pageins++;
  }
  as.swapped.delete(vpn);
  // A slot shared with a forked relative must not be overwritten later:
  // give it up and count the page as modified, so it gets a slot of its own.
  if (mem.swap.shared(slot)) {
    mem.swap.release(slot);
    page.slot = undefined;
    page.mod = true;
  } else page.mod = false;
  page.ref = true;
  as.install(vpn, page);
  as.faults++;
  return true;
}

/**
 * Write resident page vpn of `as` to swap if it changed since its last
 * copy, and free its frame (the caller has dropped its translation, which
 * gathered the MMU's M bit into page.mod). False if no slot could be had.
 */
export function pageout(as: AddressSpace, vpn: number, page: Page): boolean {
  const mem = as.mem;
  if (page.slot === undefined || page.mod) {
    if (page.slot === undefined) {
      const s = mem.swap.alloc();
      if (s < 0) return false;
      page.slot = s;
    }
    mem.swap.write(page.slot, mem.ram, page.frame * NBPG);
    page.mod = false;
    mem.cnt.pgout++;
    mem.cnt.pgpgout++;
  }
  as.pages.delete(vpn);
  as.swapped.set(vpn, page);
  page.ref = false;
  mem.freeByDaemon(page.frame, page);
  mem.cnt.dfree++;
  return true;
}
