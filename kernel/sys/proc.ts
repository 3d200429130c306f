/**
 * Process system calls: exit, fork, vfork, wait4, getpid, getuid, getgid,
 * brk, getpagesize (4.3BSD's kern_exit.c, kern_fork.c, kern_prot.c).
 */
import { EAGAIN, ECHILD, EINVAL, ENOMEM, Errno } from '../errno.js';
import { MAXDSIZ, NBPG, PWAIT } from '../param.js';
import { SSTOP, SZOMB } from '../proc/proc.js';
import { cyclesToTimeval } from '../proc/resource.js';
import { tsleep } from '../proc/sched.js';
import type { SysCtx } from '../syscall.js';
import { PROT_READ, PROT_WRITE } from '../vm/as.js';
import { copyout } from '../vm/copyio.js';

/** exit(status): the low 8 bits of status become the child's exit code. */
export function sysExit(ctx: SysCtx): void {
  ctx.noReturn = true;
  ctx.k.exit(ctx.p, (ctx.args[0] & 0xff) << 8);
}

/**
 * fork(): a copy of the calling process. The parent gets d0 = child pid,
 * d1 = 0; the child d0 = parent pid, d1 = 1 (libc turns that into 0).
 * A full copy of the address space for now (copy-on-write comes later).
 */
export function sysFork(ctx: SysCtx): void {
  const { k, p } = ctx;
  const child = k.allocProc(p);
  if (!child) throw new Errno(EAGAIN);
  child.vm = p.vm.duplicate();
  k.pmap.protectAll(p.vm); // the parent's writable pages are now shared copy-on-write
  child.u.comm = p.u.comm;
  child.u.args = [...p.u.args];
  child.u.cmask = p.u.cmask;
  child.u.cdir = p.u.cdir;
  child.u.rdir = p.u.rdir;
  k.forkFiles?.(p, child);
  child.pcb.copyFrom(p.pcb);
  child.sig.copyFrom(p.sig);
  child.rlimits = p.rlimits.map(([c, m]) => [c, m] as [number, number]);
  child.nice = p.nice;
  child.usrpri = p.usrpri;
  child.pcb.regs[0] = p.pid;
  child.pcb.regs[1] = 1;
  child.pcb.sr &= ~1; // carry clear: success
  k.sched.setrun(child);
  ctx.rv = [child.pid, 0];
}

/** wait4(pid, status, options, rusage): collect a child that has exited. */
export function* sysWait4(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [pid, statusp, options, rusagep] = ctx.args;
  const WNOHANG = 1;
  const WUNTRACED = 2;
  for (;;) {
    let found = false;
    for (const c of p.children) {
      if (pid > 0 && c.pid !== pid) continue;
      if (pid < -1 && c.pgrp !== -pid) continue;
      if (pid === 0 && c.pgrp !== p.pgrp) continue;
      found = true;
      if (c.stat === SSTOP && c.stopUnreported && options & WUNTRACED) {
        c.stopUnreported = false;
        if (statusp) copyout(p.vm, statusp, word(c.xstat));
        ctx.rv = [c.pid, 0];
        return;
      }
      if (c.stat !== SZOMB) continue;
      if (statusp) copyout(p.vm, statusp, word(c.xstat));
      if (rusagep)
        copyout(p.vm, rusagep, rusageBytes(c.ru.utime, c.ru.stime, c.ru.minflt, c.ru.nvcsw, c.ru.nivcsw));
      ctx.rv = [c.pid, 0];
      k.reap(c);
      return;
    }
    if (!found) throw new Errno(ECHILD);
    if (options & WNOHANG) {
      ctx.rv = [0, 0];
      return;
    }
    yield* tsleep(k.sched, p, p, PWAIT, 'wait');
  }
}

/** getpid(): d0 = pid, d1 = parent pid (SunOS has no separate getppid). */
export function sysGetpid(ctx: SysCtx): void {
  ctx.rv = [ctx.p.pid, ctx.p.ppid];
}

/** getuid(): d0 = real uid, d1 = effective uid. */
export function sysGetuid(ctx: SysCtx): void {
  ctx.rv = [ctx.p.cred.ruid, ctx.p.cred.uid];
}

/** getgid(): d0 = real gid, d1 = effective gid. */
export function sysGetgid(ctx: SysCtx): void {
  ctx.rv = [ctx.p.cred.rgid, ctx.p.cred.gid];
}

export function sysGetpagesize(ctx: SysCtx): void {
  ctx.rv = [NBPG, ctx.rv[1]];
}

/**
 * brk(addr): set the end of the data segment. Growing only widens the
 * region (pages come on first touch, zero-filled); shrinking frees pages.
 */
export function sysBrk(ctx: SysCtx): void {
  const { k, p } = ctx;
  const vm = p.vm;
  const want = ctx.args[0] >>> 0;
  if (want < vm.dataStart) throw new Errno(EINVAL);
  const limit = Math.min(MAXDSIZ, p.rlimits[2][0]); // RLIMIT_DATA
  if (want - vm.dataStart > limit || want >= vm.stackBottom - NBPG) throw new Errno(ENOMEM);
  if (want < vm.brk) {
    const from = Math.ceil(want / NBPG) * NBPG;
    for (let va = from; va < vm.brk; va += NBPG) k.pmap.unload(vm, va);
    vm.removeRange(from, vm.brk);
  } else {
    // Growing: take the zeroed pages now, so that running out of memory is
    // ENOMEM here rather than a fatal page fault later.
    const from = Math.ceil(vm.brk / NBPG) * NBPG;
    for (let va = from; va < want; va += NBPG) {
      if (vm.lookup(va)) continue;
      if (k.mem.freeCount < BRK_RESERVE || !vm.addPage(va, PROT_READ | PROT_WRITE)) {
        vm.removeRange(from, va);
        throw new Errno(ENOMEM);
      }
    }
  }
  vm.brk = want;
  ctx.rv = [0, ctx.rv[1]];
}

/** Frames brk leaves for others (stacks, the kernel's own use). */
const BRK_RESERVE = 16;

/** umask(mask): set the file-creation mask, return the old one. */
export function sysUmask(ctx: SysCtx): void {
  const old = ctx.p.u.cmask;
  ctx.p.u.cmask = ctx.args[0] & 0o777;
  ctx.rv = [old, ctx.rv[1]];
}

function word(v: number): Uint8Array {
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

/**
 * struct rusage as SunOS lays it out: ru_utime and ru_stime (timevals),
 * then 14 longs (maxrss, ixrss, idrss, isrss, minflt, majflt, nswap,
 * inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw).
 */
export function rusageBytes(
  utime: number,
  stime: number,
  minflt: number,
  nvcsw: number,
  nivcsw: number,
): Uint8Array {
  const b = new Uint8Array(72);
  const v = new DataView(b.buffer);
  const [us, uus] = cyclesToTimeval(utime);
  const [ss, sus] = cyclesToTimeval(stime);
  v.setUint32(0, us);
  v.setUint32(4, uus);
  v.setUint32(8, ss);
  v.setUint32(12, sus);
  v.setUint32(16 + 4 * 4, minflt);
  v.setUint32(16 + 12 * 4, nvcsw);
  v.setUint32(16 + 13 * 4, nivcsw);
  return b;
}
