/**
 * Small process system calls: getpid and getpgrp (4.3BSD's kern_prot.c),
 * brk (vm_proc.c), getpagesize and umask. The user and group ids are in
 * prot.ts; setpgrp, setpgid and setsid in proc/session.ts; fork and vfork
 * are in proc/fork.ts, exit in proc/exit.ts, wait4 in proc/wait.ts.
 */
import { EINVAL, ENOMEM, Errno, ESRCH } from '../errno.js';
import { MAXDSIZ, NBPG, PGSHIFT } from '../param.js';
import type { SysCtx } from '../syscall.js';

/**
 * getpid(): d0 = pid, d1 = parent pid (SunOS has no separate getppid). A
 * migrated process whose parent is on another machine has init for a
 * parent here; getppid still names the real one (kernel/pm/).
 */
export function sysGetpid(ctx: SysCtx): void {
  const pm = ctx.p.u.pm;
  ctx.rv = [ctx.p.pid, pm && pm.parentHost !== 0 ? pm.ppid : ctx.p.ppid];
}

/** getpgrp(pid): the process group of pid (0: the caller). */
export function sysGetpgrp(ctx: SysCtx): void {
  const pid = ctx.args[0] | 0;
  const q = pid === 0 ? ctx.p : ctx.k.procs.get(pid);
  if (!q) throw new Errno(ESRCH);
  ctx.rv = [q.pgrp, ctx.rv[1]];
}

export function sysGetpagesize(ctx: SysCtx): void {
  ctx.rv = [NBPG, ctx.rv[1]];
}

/**
 * brk(addr): set the end of the data segment. Growing reserves swap for
 * the new pages (vm/vm_sw.ts) but takes no frames: each page is
 * zero-filled when first touched (demand-zero), so a program may ask for
 * far more than it uses. Running out is ENOMEM here — when swap cannot
 * promise the pages — never a fatal fault later. Shrinking frees the pages
 * above the new break and their swap. Whatever a program finds above its
 * old break is zero, as C and security both require: new pages are zeroed
 * when they are first touched, and the rest of the page the old break was
 * in, which may hold what the program stored there before it last shrank
 * its break, is cleared.
 */
export function sysBrk(ctx: SysCtx): void {
  const { k, p } = ctx;
  const vm = p.vm;
  const want = ctx.args[0] >>> 0;
  if (want < vm.dataStart) throw new Errno(EINVAL);
  const limit = Math.min(MAXDSIZ, p.rlimits[2][0]); // RLIMIT_DATA
  if (want - vm.dataStart > limit || want >= vm.stackBottom - NBPG) throw new Errno(ENOMEM);
  if (vm.maps.some((m) => m.start < want + NBPG && m.end > vm.brk)) throw new Errno(ENOMEM); // an mmap'd region is in the way
  const old = vm.brk;
  vm.brk = want;
  if (!vm.reserve()) {
    vm.brk = old;
    throw new Errno(ENOMEM);
  }
  vm.brk = old;
  if (want < vm.brk) {
    const from = Math.ceil(want / NBPG) * NBPG;
    for (let va = from; va < vm.brk; va += NBPG) k.pmap.unload(vm, va);
    vm.removeRange(from, vm.brk);
  } else {
    // Growing: clear the rest of the old break's page (resident or paged
    // out); the whole pages above come zeroed when first touched.
    const from = Math.ceil(vm.brk / NBPG) * NBPG;
    if (vm.brk < from && (vm.lookup(vm.brk) || vm.swapped.has(vm.brk >>> PGSHIFT))) {
      // (A page still shared copy-on-write after a fork is copied first.)
      const tail = vm.fault(vm.brk, true);
      if (tail === null || typeof tail !== 'object') {
        vm.reserve(); // back to the old break's reservation
        throw new Errno(ENOMEM);
      }
      k.mem.ram.fill(0, tail.frame * NBPG + (vm.brk & (NBPG - 1)), (tail.frame + 1) * NBPG);
      k.mem.written(tail.frame); // block engine: the page may hold code
    }
  }
  vm.brk = want;
  ctx.rv = [0, ctx.rv[1]];
}

/** umask(mask): set the file-creation mask, return the old one. */
export function sysUmask(ctx: SysCtx): void {
  const old = ctx.p.u.cmask;
  ctx.p.u.cmask = ctx.args[0] & 0o777;
  ctx.rv = [old, ctx.rv[1]];
}
