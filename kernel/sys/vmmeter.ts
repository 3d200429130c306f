/**
 * vmmeter(buf, size) — sun3lab's call 225: the paging counters and the
 * free-memory figures, what SunOS's vmstat read out of /dev/kmem (cnt,
 * sum, freemem, the targets). Like statinfo (224) it copies at most
 * `size` bytes of a struct vmmeter (userland/include/sys/sun3lab.h) and
 * returns the whole struct's size. Counts are totals since boot.
 *
 *   0 faults      page faults        4 zfod    pages zero-filled on first touch
 *   8 cow         copy-on-write copies        12 pgin   faults that read swap
 *  16 pgpgin      pages read from swap        20 pgout  swap writes
 *  24 pgpgout     pages written to swap       28 rec    reclaims (no I/O)
 *  32 scan        frames the clock examined   36 rev    clock revolutions
 *  40 dfree       frames the daemon freed     44 swpin, 48 swpout: processes
 *  52 freemem     free frames now             56 avefree (5 s average)
 *  60 physmem     frames for users            64 lotsfree 68 desfree 72 minfree
 *  76 handspread  frames between the hands    80 swap    swap area, pages
 *  84 swapresv    pages promised (reserved)   88 swapused slots holding pages
 *  92 pagesize    bytes a page               96 exfill  pages exec read from files
 * 100 r, 104 b, 108 w: processes runnable, asleep uninterruptibly (disk,
 *                 page), and runnable but swapped out
 * 112 avm         pages of active processes' data, stack and anonymous memory (virtual)
 * 116 swtch  120 intr  124 syscall: as in statinfo, for vmstat's faults column
 */
import type { Kernel } from '../kernel.js';
import { NBPG, PZERO } from '../param.js';
import { SRUN, SSLEEP, SSYS } from '../proc/proc.js';
import type { SysCtx } from '../syscall.js';
import { type AnonMap, isAnonShared } from '../vm/anon.js';
import { copyoutStruct } from './statinfo.js';

export const VMMETER_SIZE = 128;

/** The counters, as the struct's longs in order. */
export function vmmeter(k: Kernel): number[] {
  const c = k.mem.cnt;
  const d = k.pagedaemon;
  const sw = k.mem.swap;
  let r = 0;
  let b = 0;
  let w = 0;
  let avm = 0;
  const anon = new Set<AnonMap>();
  for (const p of k.procs.values()) {
    if (p.flag & SSYS) continue;
    if (p.stat === SRUN) {
      if (p.vm.swappedOut) w++;
      else r++;
    } else if (p.stat === SSLEEP && p.pri < PZERO) b++;
    if (p.stat === SRUN || (p.stat === SSLEEP && !p.vm.swappedOut)) {
      avm += p.vm.swres + p.vm.mapres;
      // Shared anonymous memory counts once, however many processes map it (vm/anon.ts).
      for (const m of p.vm.maps) if (isAnonShared(m)) anon.add(m.obj);
    }
  }
  for (const a of anon) avm += a.reserved;
  return [
    c.faults,
    c.zfod,
    c.cow,
    c.pgin,
    c.pgpgin,
    c.pgout,
    c.pgpgout,
    c.rec,
    c.scan,
    c.rev,
    c.dfree,
    c.swpin,
    c.swpout,
    k.mem.freeCount,
    Math.round(c.avefree),
    k.mem.total - k.mem.first,
    d.lotsfree,
    d.desfree,
    d.minfree,
    d.handspread,
    sw.configured ? sw.slots : 0,
    sw.reserved,
    sw.slotsInUse,
    NBPG,
    k.stats.pgpgin,
    r,
    b,
    w,
    avm,
    k.sched.switches,
    k.stats.interrupts,
    k.stats.syscalls,
  ];
}

/** vmmeter(buf, size): at most size bytes of struct vmmeter; the struct's size. */
export function sysVmmeter(ctx: SysCtx): void {
  copyoutStruct(ctx, vmmeter(ctx.k), VMMETER_SIZE);
}
