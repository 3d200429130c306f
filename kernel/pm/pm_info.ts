/**
 * pminfo(buf, maxcount) — system call 202, for pmstat: one record per
 * process on this machine that has a pm_struct (that has migrated at
 * least once: it may be back home), with its pid, home, source and
 * current host, uq-pid and status. The record (struct pminfo in
 * <sys/sun3lab.h>, 64 bytes):
 *
 *    0 pid   4 ppid   8 ruid   12 home   16 source   20 host
 *   24 uq-pid machine   28 uq-pid seconds   32 uq-pid microseconds
 *   36 status (PM_HOME ...)   40 hops   44 command (16 bytes, NUL-padded)
 *   60 flags: PMI_UNMOVABLE (1) when the process could not move now, and
 *      then in bits 8-15 why (PMI_WHY: the PMU_ codes of pm_files.ts)
 *
 * The flags are the pre-check of pm_files.ts (unmovable): the rules of
 * migration that need no I/O, applied to the process's descriptors and
 * mappings as they are at the call. loadd skips an unmovable process
 * when it chooses one to send away (docs/loadsharing.md).
 */
import { SZOMB } from '../proc/proc.js';
import type { SysCtx } from '../syscall.js';
import { copyout } from '../vm/copyio.js';
import { unmovable } from './pm_files.js';

export const PMINFO_SIZE = 64;
/** In the flags word at 60: the process cannot move now; why is in bits 8-15. */
export const PMI_UNMOVABLE = 1;
export const PMI_WHYSHIFT = 8;

export function sysPminfo(ctx: SysCtx): void {
  const { k } = ctx;
  const max = Math.max(0, ctx.args[1] | 0);
  const procs = [...k.procs.values()]
    .filter((q) => q.u.pm !== null)
    .sort((a, b) => a.pid - b.pid)
    .slice(0, max);
  const out = new Uint8Array(PMINFO_SIZE * procs.length);
  const v = new DataView(out.buffer);
  const text = new TextEncoder();
  procs.forEach((q, i) => {
    const pm = q.u.pm;
    if (!pm) return;
    const o = i * PMINFO_SIZE;
    v.setInt32(o, q.pid);
    v.setInt32(o + 4, q.ppid);
    v.setInt32(o + 8, q.cred.ruid);
    v.setUint32(o + 12, pm.home);
    v.setUint32(o + 16, pm.source);
    v.setUint32(o + 20, pm.host);
    v.setUint32(o + 24, pm.uqpid.machine);
    v.setUint32(o + 28, Math.floor(pm.uqpid.time / 1_000_000));
    v.setUint32(o + 32, pm.uqpid.time % 1_000_000);
    v.setInt32(o + 36, pm.stat);
    v.setInt32(o + 40, pm.hops);
    out.set(text.encode(q.u.comm).subarray(0, 15), o + 44);
    const bar = q.stat === SZOMB ? null : unmovable(k, q);
    v.setUint32(o + 60, bar ? PMI_UNMOVABLE | (bar.why << PMI_WHYSHIFT) : 0);
  });
  copyout(ctx.p.vm, ctx.args[0], out);
  ctx.rv = [procs.length, ctx.rv[1]];
}
