/**
 * Timers, priorities, limits and accounting (4.3BSD's kern_time.c and
 * kern_resource.c): setitimer, getitimer, getpriority, setpriority,
 * getrusage, getrlimit, setrlimit, getpgrp, setpgrp; and two calls of
 * sun3lab's own that ps and uptime use instead of reading kernel memory:
 * getloadavg (220) and procinfo (221).
 */
import { EINVAL, EPERM, Errno, ESRCH } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { CPU_HZ, HZ, NBPG, PZERO, USRSTACK } from '../param.js';
import { type Proc, SSLEEP, STAT_NAMES, SVFORK } from '../proc/proc.js';
import { rusageBytes } from '../proc/resource.js';
import { setpri } from '../proc/sched.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout } from '../vm/copyio.js';

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

/** A table index from a user argument: EINVAL unless 0 <= n < size. */
function which(n: number, size: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= size) throw new Errno(EINVAL);
  return n;
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
  const t = which(ctx.args[0], ITIMER_PROF + 1);
  copyout(ctx.p.vm, ctx.args[1], itimerBytes(ctx.p, t));
  ctx.rv = [0, ctx.rv[1]];
}

/** setitimer(which, value, ovalue): times count in clock ticks (10 ms), rounded up. */
export function sysSetitimer(ctx: SysCtx): void {
  const [, value, ovalue] = ctx.args;
  const w = which(ctx.args[0], ITIMER_PROF + 1);
  const p = ctx.p;
  const set = value ? new DataView(copyin(p.vm, value, 16).buffer) : null;
  if (ovalue) copyout(p.vm, ovalue, itimerBytes(p, w));
  if (set) {
    const t = p.itimers[w];
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
  if (max > old[1] && ctx.p.cred.uid !== 0) throw new Errno(EPERM);
  ctx.p.rlimits[r] = [cur, max];
  if (r === RLIMIT_STACK) ctx.p.vm.stackLimit = Math.min(cur, 128 * 1024 * 1024);
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

/**
 * struct procinfo (userland/include/sys/sun3lab.h), 128 bytes per process:
 *
 *   0 pid    4 ppid   8 pgrp   12 uid (real)
 *  16 stat: 'R' runnable, 'S' asleep (interruptibly), 'D' asleep
 *     uninterruptibly (at PZERO or better), 'T' stopped, 'Z' zombie, 'I' being created
 *  20 pri (the sleep priority when asleep, else the user priority)   24 nice
 *  28 user time and 32 system time, in ms   36 resident pages
 *  40 start time (seconds since 1970)   44 command name (16 bytes, NUL-terminated)
 *  60 controlling terminal (device number, -1 for none)   64 flags (SSYS, SVFORK)
 *  68 virtual size and 72 text size, in pages
 *  76 page faults   80 copy-on-write copies   84 MMU context steals   88 PMEG steals
 *     (over the life of the process, across exec)
 *  92 voluntary and 96 involuntary context switches   100 wait message (8 bytes)
 * 108 recent CPU use (p_cpu)   112-127 spare
 */
export const PROCINFO_SIZE = 128;

/** procinfo(buf, max): the process table, a record per process, for ps. */
export function sysProcinfo(ctx: SysCtx): void {
  const { k } = ctx;
  const max = Math.max(0, ctx.args[1] | 0);
  const procs = [...k.procs.values()].sort((a, b) => a.pid - b.pid).slice(0, max);
  const out = new Uint8Array(PROCINFO_SIZE * procs.length);
  const v = new DataView(out.buffer);
  const text = new TextEncoder();
  procs.forEach((q, i) => {
    const o = i * PROCINFO_SIZE;
    const vm = q.vm;
    // A vfork child runs in its parent's space: what is there is the parent's.
    const own = !(q.flag & SVFORK);
    v.setInt32(o, q.pid);
    v.setInt32(o + 4, q.ppid);
    v.setInt32(o + 8, q.pgrp);
    v.setInt32(o + 12, q.cred.ruid);
    const stat = q.stat === SSLEEP && q.pri <= PZERO ? 'D' : STAT_NAMES[q.stat];
    out[o + 16] = stat.charCodeAt(0);
    v.setInt32(o + 20, q.stat === SSLEEP ? q.pri : q.usrpri);
    v.setInt32(o + 24, q.nice);
    v.setInt32(o + 28, Math.floor((q.ru.utime * 1000) / CPU_HZ));
    v.setInt32(o + 32, Math.floor((q.ru.stime * 1000) / CPU_HZ));
    v.setInt32(o + 36, own ? vm.rss : 0);
    v.setInt32(o + 40, k.bootTime + Math.floor(q.startCycles / CPU_HZ));
    out.set(text.encode(q.u.comm).subarray(0, 15), o + 44);
    v.setInt32(o + 60, q.u.ttyd);
    v.setInt32(o + 64, q.flag);
    const tsize = own ? (vm.textEnd - vm.textStart) / NBPG : 0;
    const dsize = own ? Math.ceil(Math.max(0, vm.brk - vm.dataStart) / NBPG) : 0;
    const ssize = own ? (USRSTACK - vm.stackBottom) / NBPG : 0;
    v.setInt32(o + 68, tsize + dsize + ssize);
    v.setInt32(o + 72, tsize);
    const t = q.vmtotal;
    v.setInt32(o + 76, q.ru.minflt);
    v.setInt32(o + 80, t.cowCopies + (own ? vm.cowCopies : 0));
    v.setInt32(o + 84, t.ctxStolen + (own ? vm.ctxStolen : 0));
    v.setInt32(o + 88, t.pmegStolen + (own ? vm.pmegStolen : 0));
    v.setInt32(o + 92, q.ru.nvcsw);
    v.setInt32(o + 96, q.ru.nivcsw);
    out.set(text.encode(q.wmesg).subarray(0, 7), o + 100);
    v.setInt32(o + 108, q.cpu);
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
