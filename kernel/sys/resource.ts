/**
 * Timers, priorities, limits and accounting (4.3BSD's kern_time.c and
 * kern_resource.c): setitimer, getitimer, getpriority, setpriority,
 * getrusage, getrlimit, setrlimit, getpgrp, setpgrp; and two calls of
 * sun3lab's own that ps and uptime use instead of reading kernel memory:
 * getloadavg (198) and procinfo (199).
 */
import { EINVAL, EPERM, Errno, ESRCH } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { CPU_HZ, HZ } from '../param.js';
import type { Proc } from '../proc/proc.js';
import { STAT_NAMES } from '../proc/proc.js';
import { setpri } from '../proc/sched.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout } from '../vm/copyio.js';
import { rusageBytes } from './proc.js';

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

/** Load-average fixed point: 1.0 is FSCALE (as 4.3BSD-Reno's avenrun). */
export const FSHIFT = 11;
export const FSCALE = 1 << FSHIFT;

const usecPerTick = 1_000_000 / HZ;

function timevalTicks(sec: number, usec: number): number {
  if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new Errno(EINVAL);
  const us = sec * 1_000_000 + usec;
  return us === 0 ? 0 : Math.max(1, Math.ceil(us / usecPerTick));
}

function ticksTimeval(ticks: number): [number, number] {
  const us = ticks * usecPerTick;
  return [Math.floor(us / 1_000_000), us % 1_000_000];
}

function longs(ws: number[]): Uint8Array {
  const b = new Uint8Array(4 * ws.length);
  const v = new DataView(b.buffer);
  for (let i = 0; i < ws.length; i++) v.setUint32(4 * i, ws[i] >>> 0);
  return b;
}

/** struct itimerval { it_interval, it_value } as it is now. */
function itimerBytes(p: Proc, which: number): Uint8Array {
  const t = p.itimers[which];
  return longs([...ticksTimeval(t.interval), ...ticksTimeval(t.value)]);
}

export function sysGetitimer(ctx: SysCtx): void {
  const [which, out] = ctx.args;
  if (which > ITIMER_PROF) throw new Errno(EINVAL);
  copyout(ctx.p.vm, out, itimerBytes(ctx.p, which));
  ctx.rv = [0, ctx.rv[1]];
}

/** setitimer(which, value, ovalue): times count in clock ticks (10 ms), rounded up. */
export function sysSetitimer(ctx: SysCtx): void {
  const [which, value, ovalue] = ctx.args;
  if (which > ITIMER_PROF) throw new Errno(EINVAL);
  const p = ctx.p;
  const set = value ? new DataView(copyin(p.vm, value, 16).buffer) : null;
  if (ovalue) copyout(p.vm, ovalue, itimerBytes(p, which));
  if (set) {
    const t = p.itimers[which];
    t.interval = timevalTicks(set.getInt32(0), set.getInt32(4));
    t.value = timevalTicks(set.getInt32(8), set.getInt32(12));
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** getpriority(which, who) and setpriority: only PRIO_PROCESS (0) and PRIO_PGRP (1). */
function prioTargets(ctx: SysCtx): Proc[] {
  const [which, who] = ctx.args;
  const { k, p } = ctx;
  if (which === 0) {
    const q = who === 0 ? p : k.procs.get(who);
    if (!q) throw new Errno(ESRCH);
    return [q];
  }
  if (which === 1) {
    const g = who === 0 ? p.pgrp : who;
    const qs = [...k.procs.values()].filter((q) => q.pgrp === g);
    if (qs.length === 0) throw new Errno(ESRCH);
    return qs;
  }
  throw new Errno(EINVAL);
}

/** getpriority: the lowest nice among the targets (-20..20; SunOS returns it as is). */
export function sysGetpriority(ctx: SysCtx): void {
  ctx.rv = [Math.min(...prioTargets(ctx).map((q) => q.nice)), ctx.rv[1]];
}

export function sysSetpriority(ctx: SysCtx): void {
  const nice = Math.max(-20, Math.min(20, ctx.args[2] | 0));
  for (const q of prioTargets(ctx)) {
    if (ctx.p.cred.uid !== 0 && (q.cred.uid !== ctx.p.cred.uid || nice < q.nice)) throw new Errno(EPERM);
    q.nice = nice;
    setpri(q);
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** getrusage(who, rusage): RUSAGE_SELF 0, RUSAGE_CHILDREN -1. */
export function sysGetrusage(ctx: SysCtx): void {
  const who = ctx.args[0] | 0;
  const ru = who === 0 ? ctx.p.ru : who === -1 ? ctx.p.cru : null;
  if (!ru) throw new Errno(EINVAL);
  copyout(ctx.p.vm, ctx.args[1], rusageBytes(ru.utime, ru.stime, ru.minflt, ru.nvcsw, ru.nivcsw));
  ctx.rv = [0, ctx.rv[1]];
}

export function sysGetrlimit(ctx: SysCtx): void {
  const [which, out] = ctx.args;
  if (which >= RLIM_NLIMITS) throw new Errno(EINVAL);
  copyout(ctx.p.vm, out, longs(ctx.p.rlimits[which]));
  ctx.rv = [0, ctx.rv[1]];
}

export function sysSetrlimit(ctx: SysCtx): void {
  const [which, inp] = ctx.args;
  if (which >= RLIM_NLIMITS) throw new Errno(EINVAL);
  const v = new DataView(copyin(ctx.p.vm, inp, 8).buffer);
  const cur = v.getUint32(0);
  const max = v.getUint32(4);
  const old = ctx.p.rlimits[which];
  if (cur > max) throw new Errno(EINVAL);
  if (max > old[1] && ctx.p.cred.uid !== 0) throw new Errno(EPERM);
  ctx.p.rlimits[which] = [cur, max];
  if (which === RLIMIT_STACK) ctx.p.vm.stackLimit = Math.min(cur, 128 * 1024 * 1024);
  ctx.rv = [0, ctx.rv[1]];
}

/** getpgrp(pid): the process group of pid (0: the caller). */
export function sysGetpgrp(ctx: SysCtx): void {
  const pid = ctx.args[0] | 0;
  const q = pid === 0 ? ctx.p : ctx.k.procs.get(pid);
  if (!q) throw new Errno(ESRCH);
  ctx.rv = [q.pgrp, ctx.rv[1]];
}

/** setpgrp(pid, pgrp): put the caller or one of its children into a process group. */
export function sysSetpgrp(ctx: SysCtx): void {
  const { k, p } = ctx;
  const pid = ctx.args[0] | 0;
  const pgrp = ctx.args[1] | 0;
  const q = pid === 0 ? p : k.procs.get(pid);
  if (!q || (q !== p && q.parent !== p)) throw new Errno(ESRCH);
  if (pgrp < 0) throw new Errno(EINVAL);
  q.pgrp = pgrp === 0 ? q.pid : pgrp;
  ctx.rv = [0, ctx.rv[1]];
}

/** getloadavg(avg, n): the 1, 5 and 15-minute load averages, fixed point (FSCALE = 1.0). */
export function sysGetloadavg(ctx: SysCtx): void {
  const n = Math.max(0, Math.min(3, ctx.args[1] | 0));
  copyout(ctx.p.vm, ctx.args[0], longs(ctx.k.avenrun.slice(0, n).map((x) => Math.round(x * FSCALE))));
  ctx.rv = [n, ctx.rv[1]];
}

/** Size of one struct procinfo (see userland/include/sys/sun3lab.h). */
export const PROCINFO_SIZE = 64;

/** procinfo(buf, max): the process table, a record per process, for ps. */
export function sysProcinfo(ctx: SysCtx): void {
  const { k } = ctx;
  const max = Math.max(0, ctx.args[1] | 0);
  const procs = [...k.procs.values()].sort((a, b) => a.pid - b.pid).slice(0, max);
  const out = new Uint8Array(PROCINFO_SIZE * procs.length);
  const v = new DataView(out.buffer);
  procs.forEach((q, i) => {
    const o = i * PROCINFO_SIZE;
    v.setInt32(o, q.pid);
    v.setInt32(o + 4, q.ppid);
    v.setInt32(o + 8, q.pgrp);
    v.setInt32(o + 12, q.cred.ruid);
    out[o + 16] = STAT_NAMES[q.stat].charCodeAt(0);
    v.setInt32(o + 20, q.stat === 3 ? q.pri : q.usrpri); // SSLEEP: the sleep priority
    v.setInt32(o + 24, q.nice);
    v.setInt32(o + 28, Math.floor((q.ru.utime * 1000) / CPU_HZ));
    v.setInt32(o + 32, Math.floor((q.ru.stime * 1000) / CPU_HZ));
    v.setInt32(o + 36, q.vm.rss);
    v.setInt32(o + 40, k.bootTime + Math.floor(q.startCycles / CPU_HZ));
    const name = new TextEncoder().encode(q.u.comm).subarray(0, 15);
    out.set(name, o + 44);
  });
  copyout(ctx.p.vm, ctx.args[0], out);
  ctx.rv = [procs.length, ctx.rv[1]];
}

/**
 * Per tick: run down the interval timers (4.3BSD's hardclock): the real
 * timer of every process, the virtual and profiling timers of the one
 * running. `user` says whether the tick interrupted user state.
 */
export function itimerTick(
  k: Kernel,
  cur: Proc | null,
  user: boolean,
  fire: (p: Proc, sig: number) => void,
): void {
  for (const p of k.procs.values()) {
    const t = p.itimers[ITIMER_REAL];
    if (t.value > 0 && --t.value === 0) {
      t.value = t.interval;
      fire(p, 14); // SIGALRM
    }
  }
  if (!cur) return;
  const check = (which: number, sig: number) => {
    const t = cur.itimers[which];
    if (t.value > 0 && --t.value === 0) {
      t.value = t.interval;
      fire(cur, sig);
    }
  };
  if (user) check(ITIMER_VIRTUAL, 26); // SIGVTALRM
  check(ITIMER_PROF, 27); // SIGPROF
}

/** 4.3BSD's load average: every 5 seconds, avenrun = avenrun·e^(-5/T) + nrun·(1 - e^(-5/T)) for T = 1, 5, 15 min. */
export const LOADAV_INTERVAL_TICKS = 5 * HZ;
export const CEXP = [Math.exp(-5 / 60), Math.exp(-5 / 300), Math.exp(-5 / 900)];

export function loadav(avenrun: number[], nrun: number): void {
  for (let i = 0; i < 3; i++) avenrun[i] = avenrun[i] * CEXP[i] + nrun * (1 - CEXP[i]);
}
