/**
 * Waiting for children (4.3BSD's wait1 in kern_exit.c, with SunOS's wait4
 * interface; LMKQ §4.5).
 *
 * wait4(pid, status, options, rusage) looks among the caller's children
 * (pid > 0: that one; 0: those in the caller's process group; -1: any;
 * < -1: those in group -pid) for one that has exited — a zombie — and
 * collects it: its wait status, its resource usage (its own and that of
 * all the descendants it waited for), and its proc slot (reap). With
 * WUNTRACED a child that has stopped and not yet been reported counts too.
 * If there is none yet, the caller sleeps until a child exits or stops
 * (exit and stop wake the parent), or returns 0 at once with WNOHANG. No
 * child to wait for is ECHILD; an option other than those two, EINVAL.
 */
import { ECHILD, EINVAL, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { HZ, PWAIT } from '../param.js';
import { gptDelete, gptWait } from '../pm/pm_table.js';
import type { SysCtx } from '../syscall.js';
import { copyout } from '../vm/copyio.js';
import { type Proc, SMIGR, SSTOP, SZOMB } from './proc.js';
import { type Rusage, rusageBytes } from './resource.js';
import { tsleep } from './sched.js';

export const WNOHANG = 1;
export const WUNTRACED = 2;

/** wait4(pid, status, options, rusage): collect a child that has exited (or stopped). */
export function* sysWait4(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const [pid, statusp, options] = ctx.args;
  if (options & ~(WNOHANG | WUNTRACED)) throw new Errno(EINVAL);
  for (;;) {
    // Its children on other machines first, through the global process table
    // (kernel/pm/pm_table.ts: it may sleep; a child here that exits meanwhile is seen below).
    const far = yield* gptWait(k, p, pid);
    if (typeof far === 'object') {
      p.cru.add(far.ru);
      collected(ctx, far.pid, far.xstat, far.ru);
      return;
    }
    let found = false;
    for (const c of p.children) {
      if (pid > 0 && c.pid !== pid) continue;
      if (pid < -1 && c.pgrp !== -pid) continue;
      if (pid === 0 && c.pgrp !== p.pgrp) continue;
      found = true;
      // (An SMIGR entry stands for a child stopped on another machine: pm_remote.ts.)
      if ((c.stat === SSTOP || c.stat === SMIGR) && c.stopUnreported && options & WUNTRACED) {
        // The report is used up only once it has reached the caller: with a
        // bad status pointer (EFAULT) the next wait4 still sees the stop.
        if (statusp) copyout(p.vm, statusp, word(c.xstat));
        c.stopUnreported = false;
        ctx.rv = [c.pid, 0];
        k.events?.({
          type: 'wait',
          pid: p.pid,
          child: c.pid,
          status: c.xstat,
          nohang: !!(options & WNOHANG),
        });
        return;
      }
      if (c.stat !== SZOMB) continue;
      collected(ctx, c.pid, c.xstat, c.ru); // (a bad pointer, EFAULT, leaves the zombie for the next wait)
      reap(k, c);
      return;
    }
    if (far === 'running') found = true;
    if (!found) throw new Errno(ECHILD);
    if (options & WNOHANG) {
      ctx.rv = [0, 0];
      return;
    }
    // (A child elsewhere is looked for again each second, should its machine's word be missed.)
    const poll = far === 'running' ? k.net.k.timeout(() => k.sched.wakeup(p), HZ) : null;
    yield* tsleep(k.sched, p, p, PWAIT, 'wait');
    if (poll !== null) k.net.k.untimeout(poll);
  }
}

/** The caller collected child `pid`: its status and usage out, its pid returned. */
function collected(ctx: SysCtx, pid: number, xstat: number, ru: Rusage): void {
  const [, statusp, options, rusagep] = ctx.args;
  if (statusp) copyout(ctx.p.vm, statusp, word(xstat));
  if (rusagep) copyout(ctx.p.vm, rusagep, rusageBytes(ru));
  ctx.rv = [pid, 0];
  ctx.k.events?.({ type: 'wait', pid: ctx.p.pid, child: pid, status: xstat, nohang: !!(options & WNOHANG) });
}

/**
 * Forget a zombie whose status has been collected, freeing its proc slot:
 * the parent adds the zombie's usage — which by now includes that of the
 * zombie's own waited-for descendants (exit.ts) — to its children's total
 * (4.3BSD's ruadd(&u.u_cru, p->p_ru) in wait1).
 */
export function reap(k: Kernel, p: Proc): void {
  const parent = p.parent;
  if (parent) {
    parent.children.delete(p);
    parent.cru.add(p.ru);
  }
  k.procs.delete(p.pid);
  gptDelete(k, p); // a migrated process's slot in the global process table goes too (§5.3.3)
}

function word(v: number): Uint8Array {
  return new Uint8Array([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}
