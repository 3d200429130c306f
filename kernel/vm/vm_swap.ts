/**
 * Swapping whole processes out (4.3BSD's vm_swap.c and the swapper's loop
 * in vm_sched.c). When the page daemon cannot keep up — free memory has
 * stayed under desfree on average — paging a page here and there only
 * makes every process fault; the swapper instead takes all the pages of
 * one process that is not running (asleep or stopped), the biggest first,
 * and writes them out together. The process comes back one fault at a
 * time when it next runs; that is counted as its swap-in.
 */
import type { Proc } from '../proc/proc.js';
import { SSLEEP, SSTOP, SSYS } from '../proc/proc.js';
import type { PageDaemon } from './vm_pageout.js';

/** Seconds of history in avefree (4.3BSD averages free memory over 5 s). */
const AVEFREE_SECS = 5;

/**
 * The swapper's check, after each page-daemon run: update the free-memory
 * average, and if it and the free count are both under desfree, swap out
 * one process. Returns the process swapped out, or null.
 */
export function swapper(daemon: PageDaemon, procs: Iterable<Proc>, runsPerSec: number): Proc | null {
  const mem = daemon.mem;
  const cnt = mem.cnt;
  const n = AVEFREE_SECS * runsPerSec;
  cnt.avefree = (cnt.avefree * (n - 1) + mem.freeCount) / n;
  if (!mem.swap.configured || mem.freeCount >= daemon.desfree || cnt.avefree >= daemon.desfree) return null;
  let victim: Proc | null = null;
  for (const p of procs) {
    if (p.flag & SSYS || (p.stat !== SSLEEP && p.stat !== SSTOP) || p.vm.swappedOut) continue;
    if (p.vm.pages.size === 0) continue;
    if (!victim || p.vm.pages.size > victim.vm.pages.size) victim = p;
  }
  if (victim) swapout(daemon, victim);
  return victim;
}

/**
 * Write every private page of p to swap and free its frames. A page of a
 * mapped file or of shared anonymous memory goes out too (to the file, or
 * to its swap slot) when p is the only process mapping it; one that others
 * map stays in memory for them (SunOS's segvn_swapout leaves such pages).
 */
export function swapout(daemon: PageDaemon, p: Proc): void {
  const as = p.vm;
  for (const [vpn, page] of [...as.pages]) {
    if (page.vn && page.shared && daemon.mem.refs[page.frame] === 2) {
      daemon.takeFilePage(page.frame); // its one mapper and the page cache hold it
      continue;
    }
    if (daemon.mem.refs[page.frame] !== 1 || page.cow) continue; // shared: not this process's alone
    daemon.take(as, vpn, page);
  }
  as.swappedOut = true;
  daemon.mem.cnt.swpout++;
}

/** p is about to run: if it was swapped out, that is its swap-in (its pages follow on demand). */
export function swapinProc(p: Proc): void {
  if (!p.vm.swappedOut) return;
  p.vm.swappedOut = false;
  p.vm.mem.cnt.swpin++;
}
