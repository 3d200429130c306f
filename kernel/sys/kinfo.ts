/**
 * Two calls of sun3lab's own that ps and uptime use instead of reading
 * kernel memory through /dev/kmem, as 4.3BSD's did (4.3BSD-Reno added
 * getkerninfo, in kern_kinfo.c, for the same purpose): procinfo (221), the
 * process table, and getloadavg (220), the load averages.
 */
import { CPU_HZ, NBPG, PZERO, USRSTACK } from '../param.js';
import { SSLEEP, STAT_NAMES, SVFORK } from '../proc/proc.js';
import type { SysCtx } from '../syscall.js';
import { copyout, longs } from '../vm/copyio.js';

/** Load-average fixed point: 1.0 is FSCALE (as 4.3BSD-Reno's avenrun). */
export const FSHIFT = 11;
export const FSCALE = 1 << FSHIFT;

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
    v.setInt32(o + 40, k.bootTime + Math.floor((q.startCycles - k.bootCycles) / CPU_HZ));
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
