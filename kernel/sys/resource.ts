/**
 * Priorities, limits and accounting (4.3BSD's kern_resource.c):
 * getpriority, setpriority, getrusage, getrlimit, setrlimit; and the
 * interval timers of kern_time.c, setitimer and getitimer, which the clock
 * runs down (kern_clock.ts); gettimeofday is in time.ts.
 */
import { EACCES, EINVAL, EPERM, Errno, ESRCH } from '../errno.js';
import { HZ } from '../param.js';
import { suser } from '../proc/cred.js';
import { type Proc, SSYS, SZOMB } from '../proc/proc.js';
import { rusageBytes } from '../proc/resource.js';
import { setpri } from '../proc/sched.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout, longs } from '../vm/copyio.js';

export const ITIMER_REAL = 0;
export const ITIMER_VIRTUAL = 1;
export const ITIMER_PROF = 2;

export const RLIMIT_CPU = 0;
export const RLIMIT_FSIZE = 1;
export const RLIMIT_DATA = 2;
export const RLIMIT_STACK = 3;
export const RLIMIT_CORE = 4;
export const RLIMIT_RSS = 5;
export const RLIM_NLIMITS = 6;
export const RLIM_INFINITY = 0x7fffffff;

const usecPerTick = 1_000_000 / HZ;

/** The longest timer, in seconds (4.3BSD's itimerfix allows 100,000,000). */
const ITIMER_MAX_SEC = 100_000_000;

/** A timeval as clock ticks, rounded up (4.3BSD's itimerfix): EINVAL if negative, too long or not normalized. */
function timevalTicks(sec: number, usec: number): number {
  if (sec < 0 || sec > ITIMER_MAX_SEC || usec < 0 || usec >= 1_000_000) throw new Errno(EINVAL);
  const us = sec * 1_000_000 + usec;
  return us === 0 ? 0 : Math.max(1, Math.ceil(us / usecPerTick));
}

/** A table index from a user argument: EINVAL unless 0 <= n < size. */
function which(n: number, size: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= size) throw new Errno(EINVAL);
  return n;
}

function ticksTimeval(ticks: number): [number, number] {
  const us = ticks * usecPerTick;
  return [Math.floor(us / 1_000_000), us % 1_000_000];
}

/** struct itimerval { it_interval, it_value } as it is now. */
function itimerBytes(p: Proc, which: number): Uint8Array {
  const t = p.itimers[which];
  return longs([...ticksTimeval(t.interval), ...ticksTimeval(t.value)]);
}

export function sysGetitimer(ctx: SysCtx): void {
  const t = which(ctx.args[0], ITIMER_PROF + 1);
  copyout(ctx.p.vm, ctx.args[1], itimerBytes(ctx.p, t));
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * setitimer(which, value, ovalue): times count in clock ticks (10 ms),
 * rounded up. In 4.3BSD's order (kern_time.c): a bad `which` or an
 * unreadable value fails first, with nothing written; then the old setting
 * goes to ovalue; then both timevals of the new one are checked, and only
 * if both are good does the timer change. So an EINVAL for a bad timeval
 * has filled in ovalue but left the timer as it was.
 */
export function sysSetitimer(ctx: SysCtx): void {
  const [, value, ovalue] = ctx.args;
  const w = which(ctx.args[0], ITIMER_PROF + 1);
  const p = ctx.p;
  const set = value ? new DataView(copyin(p.vm, value, 16).buffer) : null;
  if (ovalue) copyout(p.vm, ovalue, itimerBytes(p, w));
  if (set) {
    const interval = timevalTicks(set.getInt32(0), set.getInt32(4));
    const next = timevalTicks(set.getInt32(8), set.getInt32(12));
    const t = p.itimers[w];
    t.interval = interval;
    t.value = next;
  }
  ctx.rv = [0, ctx.rv[1]];
}

export const PRIO_PROCESS = 0;
export const PRIO_PGRP = 1;
export const PRIO_USER = 2;

/**
 * The processes getpriority and setpriority(which, who) name: PRIO_PROCESS
 * a process (0: the caller), PRIO_PGRP a process group (0: the caller's),
 * PRIO_USER the processes of an effective user id (0: the caller's).
 * Zombies and system processes are not among them; ESRCH if none is.
 */
function prioTargets(ctx: SysCtx): Proc[] {
  const [which, who] = ctx.args;
  const { k, p } = ctx;
  let qs: Proc[];
  if (which === PRIO_PROCESS) {
    const q = who === 0 ? p : k.procs.get(who);
    qs = q ? [q] : [];
  } else if (which === PRIO_PGRP || which === PRIO_USER) {
    const match =
      which === PRIO_PGRP
        ? (q: Proc) => q.pgrp === (who === 0 ? p.pgrp : who)
        : (q: Proc) => q.cred.uid === (who === 0 ? p.cred.uid : who);
    qs = [...k.procs.values()].filter(match);
  } else throw new Errno(EINVAL);
  qs = qs.filter((q) => q.stat !== SZOMB && !(q.flag & SSYS));
  if (qs.length === 0) throw new Errno(ESRCH);
  return qs;
}

/** getpriority: the lowest nice among the targets (-20..20; SunOS returns it as is). */
export function sysGetpriority(ctx: SysCtx): void {
  ctx.rv = [Math.min(...prioTargets(ctx).map((q) => q.nice)), ctx.rv[1]];
}

/**
 * setpriority(which, who, nice) (4.3BSD's donice for each target): nice is
 * clamped to -20..20. Someone who is not the super-user may only change
 * the processes of his own user — his effective or real uid must be their
 * effective uid, else EPERM (4.3BSD also lets a real uid of 0 through) —
 * and only make them nicer: a lower value than they have is EACCES. Each
 * target is tried; the call reports the last refusal.
 */
export function sysSetpriority(ctx: SysCtx): void {
  const nice = Math.max(-20, Math.min(20, ctx.args[2] | 0));
  const c = ctx.p.cred;
  let refused = 0;
  for (const q of prioTargets(ctx)) {
    if (c.uid !== 0 && c.ruid !== 0 && c.uid !== q.cred.uid && c.ruid !== q.cred.uid) refused = EPERM;
    else if (nice < q.nice && !c.isSuperuser()) refused = EACCES;
    else {
      q.nice = nice;
      setpri(q);
    }
  }
  if (refused) throw new Errno(refused);
  ctx.rv = [0, ctx.rv[1]];
}

/** getrusage(who, rusage): RUSAGE_SELF 0, RUSAGE_CHILDREN -1. */
export function sysGetrusage(ctx: SysCtx): void {
  const who = ctx.args[0] | 0;
  const ru = who === 0 ? ctx.p.ru : who === -1 ? ctx.p.cru : null;
  if (!ru) throw new Errno(EINVAL);
  copyout(ctx.p.vm, ctx.args[1], rusageBytes(ru));
  ctx.rv = [0, ctx.rv[1]];
}

export function sysGetrlimit(ctx: SysCtx): void {
  const r = which(ctx.args[0], RLIM_NLIMITS);
  copyout(ctx.p.vm, ctx.args[1], longs(ctx.p.rlimits[r]));
  ctx.rv = [0, ctx.rv[1]];
}

/** setrlimit(resource, rlp): a value of RLIM_INFINITY or more (or negative) is unlimited. */
export function sysSetrlimit(ctx: SysCtx): void {
  const r = which(ctx.args[0], RLIM_NLIMITS);
  const v = new DataView(copyin(ctx.p.vm, ctx.args[1], 8).buffer);
  const cur = Math.min(v.getUint32(0), RLIM_INFINITY);
  const max = Math.min(v.getUint32(4), RLIM_INFINITY);
  const old = ctx.p.rlimits[r];
  if (cur > max) throw new Errno(EINVAL);
  if (max > old[1]) suser(ctx.p.cred);
  ctx.p.rlimits[r] = [cur, max];
  if (r === RLIMIT_STACK) ctx.p.vm.stackLimit = Math.min(cur, 128 * 1024 * 1024);
  ctx.rv = [0, ctx.rv[1]];
}
