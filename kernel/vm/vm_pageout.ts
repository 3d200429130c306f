/**
 * The page daemon (4.3BSD's pageout, vm_page.c and vm_sched.c's
 * schedpaging): when free memory runs short, a two-handed clock goes round
 * the page frames. The front hand clears each page's reference bit in the
 * Sun-3 MMU; the back hand, `handspread` frames behind, finds whether the
 * page was used again since, and if not writes it to swap (when it changed
 * since its last copy) and frees its frame. Pages in use keep being
 * referenced between the hands and stay; idle ones go.
 *
 * The free-page targets are 4.3BSD's, in pages:
 * - lotsfree: below it the clock runs, faster the further below;
 * - desfree: below it (on average, over the last seconds) the swapper
 *   swaps whole processes out (vm_swap.ts);
 * - minfree: below it an allocation does not wait for the clock's next
 *   turn but runs the clock itself until frames are free again.
 *
 * The clock runs four times a second from the clock interrupt (4.3BSD's
 * schedpaging) rather than as a process of its own, so a machine's process
 * numbers are the same with paging as without. Candidates are frames
 * private to one address space, and the pages of mapped files
 * (vn_pages.ts): those go when none of the processes mapping them used
 * them since the front hand passed — written back to the file if a shared
 * mapping modified them, else simply dropped, since the file has them —
 * and the pages of shared anonymous memory, which go to swap slots of
 * their own in the same way (anon.ts). Shared text and pages still shared
 * copy-on-write after a fork are skipped.
 */
import { NBPG, PGSHIFT } from '../param.js';
import type { AddressSpace, Page } from './as.js';
import type { PageAllocator } from './page.js';
import type { Pmap } from './pmap.js';
import { pageout } from './swap_pager.js';

/** Page-daemon runs per second (4.3BSD's RATETOSCHEDPAGING). */
export const SCHEDPAGING_PER_SEC = 4;

export class PageDaemon {
  readonly lotsfree: number;
  readonly desfree: number;
  readonly minfree: number;
  /** Frames between the hands (4.3BSD: 2 MB, at most half of memory). */
  readonly handspread: number;
  /** Scan rates, frames per second: slowscan at lotsfree, fastscan with nothing free. */
  readonly slowscan: number;
  readonly fastscan: number;
  /** The front hand's frame. */
  private hand: number;
  /** Frames the clock may visit. */
  private readonly nframes: number;

  constructor(
    readonly mem: PageAllocator,
    private readonly pmap: Pmap,
  ) {
    const n = mem.total - mem.first;
    this.nframes = n;
    // 4.3BSD's figures (512 KB, 200 KB, 64 KB) bounded by a quarter, an
    // eighth and a sixteenth of memory, for a small machine.
    this.lotsfree = Math.max(4, Math.min((512 * 1024) / NBPG, Math.floor(n / 4)));
    this.desfree = Math.max(2, Math.min((200 * 1024) / NBPG, Math.floor(n / 8)));
    this.minfree = Math.max(1, Math.min((64 * 1024) / NBPG, Math.floor(this.desfree / 2)));
    this.handspread = Math.max(1, Math.min((2 * 1024 * 1024) / NBPG, Math.floor(n / 2)));
    this.fastscan = Math.max(1, Math.floor(n / 2));
    this.slowscan = Math.max(1, Math.floor(this.fastscan / 10));
    this.hand = mem.first;
    mem.reclaim = () => this.reclaim();
  }

  /** Can anything be paged at all? */
  private get enabled(): boolean {
    return this.mem.swap.configured;
  }

  /**
   * A quarter of a second's worth of clock (from the clock interrupt):
   * nothing above lotsfree, then between slowscan and fastscan frames per
   * second as free memory falls towards zero.
   */
  schedpaging(): void {
    const free = this.mem.freeCount;
    if (!this.enabled || free >= this.lotsfree) return;
    const rate = this.slowscan + ((this.fastscan - this.slowscan) * (this.lotsfree - free)) / this.lotsfree;
    this.scan(Math.ceil(rate / SCHEDPAGING_PER_SEC), this.lotsfree);
  }

  /**
   * No frame is free at all (an allocation is waiting): run the clock
   * until minfree frames are free or it has gone twice round.
   */
  private reclaim(): number {
    if (!this.enabled) return 0;
    return this.scan(2 * this.nframes, Math.max(1, this.minfree));
  }

  /** Advance the hands up to `steps` frames, stopping once `target` frames are free. Returns frames freed. */
  scan(steps: number, target: number): number {
    const cnt = this.mem.cnt;
    let freed = 0;
    for (let i = 0; i < steps && this.mem.freeCount < target; i++) {
      const back =
        this.mem.first + ((this.hand - this.mem.first - this.handspread + this.nframes) % this.nframes);
      this.front(this.hand);
      if (this.back(back)) freed++;
      cnt.scan++;
      if (++this.hand >= this.mem.total) {
        this.hand = this.mem.first;
        cnt.rev++;
      }
    }
    return freed;
  }

  /** The page frame f holds, if it is one the clock may take: private to one space, not shared copy-on-write. */
  private owner(f: number): { as: AddressSpace; vpn: number; page: Page } | null {
    const e = this.mem.cmap[f];
    if (!e || this.mem.refs[f] !== 1) return null;
    const as = e.as as AddressSpace;
    const page = e.page as Page;
    if (as.pages.get(e.vpn) !== page || page.frame !== f || page.cow) return null;
    return { as, vpn: e.vpn, page };
  }

  /** The pages mapping frame f: its one owner's, or every mapping of the file (or shared anonymous) page it holds; [] if not a candidate. */
  private holders(f: number): { as: AddressSpace; vpn: number; page: Page }[] {
    const o = this.owner(f);
    if (o) return [o];
    const v = this.mem.vnpages.at(f);
    if (!v) return [];
    return this.mem.vnpages.live(v.pg).map(([page, m]) => ({ as: m.as, vpn: m.vpn, page }));
  }

  /** The front hand: clear the page's reference bit (every mapping's), in the MMU and as gathered. */
  private front(f: number): void {
    for (const o of this.holders(f)) {
      o.page.ref = false;
      this.pmap.clearReference(o.as, o.vpn << PGSHIFT);
    }
  }

  /** The back hand: a page not referenced (through any mapping) since the front hand passed goes out. */
  private back(f: number): boolean {
    const o = this.owner(f);
    if (o) {
      if (o.page.ref || this.pmap.referenced(o.as, o.vpn << PGSHIFT)) return false;
      return this.take(o.as, o.vpn, o.page);
    }
    const v = this.mem.vnpages.at(f);
    if (!v) return false;
    const maps = this.holders(f);
    if (maps.some((m) => m.page.ref || this.pmap.referenced(m.as, m.vpn << PGSHIFT))) return false;
    return this.takeFilePage(f);
  }

  /** Page out the file (or shared anonymous) page in frame f: drop every mapping's translation (gathering M), then vn_pages.ts writes and frees. */
  takeFilePage(f: number): boolean {
    for (const m of this.holders(f)) this.pmap.unload(m.as, m.vpn << PGSHIFT);
    return this.mem.vnpages.pageout(f);
  }

  /** Page out one page: drop its translation (gathering M), write it if it changed, free the frame. */
  take(as: AddressSpace, vpn: number, page: Page): boolean {
    this.pmap.unload(as, vpn << PGSHIFT);
    return pageout(as, vpn, page);
  }
}
