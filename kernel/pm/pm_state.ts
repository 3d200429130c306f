/**
 * The kernel structures of a migrating process (thesis §5.5 step 3: proc,
 * u, ucred, rusage and pm_struct), as the PM_STRUCTS message carries them:
 * a JSON object, one member per structure, each with the fields that
 * mean the same thing on another machine. What only means something here
 * (the MMU context, the wait channel, the scheduler's queues, pointers to
 * other processes) is not sent; the destination makes its own.
 *
 * Times that are cycle counts of this machine (the process's start) are
 * sent as times of day, which the machines of a lab share; interval
 * timers and CPU times are durations and travel as they are.
 */
import { EPROTO, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { CPU_HZ, HZ, NOFILE } from '../param.js';
import { Ucred } from '../proc/cred.js';
import { type FpuWire, fpuFromWire, fpuToWire } from '../proc/fpstate.js';
import { type Proc, SSUGID } from '../proc/proc.js';
import type { Rusage } from '../proc/resource.js';
import { ITIMER_REAL } from '../sys/resource.js';
import type { CwdDesc } from './pm_files.js';
import type { VmLayout } from './pm_memory.js';
import type { PmStruct } from './pm_struct.js';
import { todUs } from './pm_struct.js';

export interface PmStructs {
  proc: {
    pid: number;
    pgrp: number;
    flag: number;
    nice: number;
    cpu: number;
    usrpri: number;
    rlimits: [number, number][];
    itimers: { value: number; interval: number }[];
    /** Time of day it was created, in microseconds. */
    start: number;
    /** The time of day the real timer is due (µs), for the destination to run it on through the transfer. */
    realDue?: number;
    /** Likewise a select taken out of its sleep: when its timeout runs out (0: none), for the select made again. */
    selectDue?: number;
  };
  /** cwd: the current directory (pm_files.ts), reopened by name on the destination. */
  u: { cmask: number; comm: string; args: string[]; exdata: number[]; cwd?: CwdDesc };
  ucred: {
    uid: number;
    gid: number;
    ruid: number;
    rgid: number;
    svuid: number;
    svgid: number;
    groups: number[];
  };
  rusage: Record<string, number>;
  crusage: Record<string, number>;
  sig: {
    pending: number;
    mask: number;
    ignore: number;
    catch: number;
    handler: number[];
    handlerMask: number[];
    onstackMask: number;
    stackSp: number;
    onStack: boolean;
    /** sigaction's flags: handlers that interrupt calls rather than restart them, that reset, and SA_NOCLDSTOP. */
    intr: number;
    resethand: number;
    nocldstop: boolean;
  };
  vm: VmLayout;
  pm: PmStruct;
  /** The MC68881's registers and modes (absent from a peer without the FPU work: reset). */
  fpu?: FpuWire;
}

function rusageOf(ru: Rusage): Record<string, number> {
  return { ...ru } as unknown as Record<string, number>;
}

const TICK_US = 1_000_000 / HZ;

/**
 * The time of day of the last clock tick the kernel has counted: timers
 * run by ticks, which may lag the cycles (a tick waits while the kernel
 * works), so a timer's due time is reckoned from it on both machines.
 */
function tickTod(k: Kernel): number {
  return todUs(k, k.tick0Cycles) + k.ticks * TICK_US;
}

export function setRusage(ru: Rusage, v: Record<string, number>): void {
  for (const key of Object.keys(ru) as (keyof Rusage)[]) {
    const x = v[key];
    if (typeof ru[key] === 'number' && typeof x === 'number')
      (ru as unknown as Record<string, number>)[key] = x;
  }
}

/** The structures of process t, to send. */
export function packStructs(k: Kernel, t: Proc, vm: VmLayout, pm: PmStruct): PmStructs {
  const c = t.cred;
  const s = t.sig;
  return {
    proc: {
      pid: t.pid,
      pgrp: t.pgrp,
      flag: t.flag & SSUGID,
      nice: t.nice,
      cpu: t.cpu,
      usrpri: t.usrpri,
      rlimits: t.rlimits.map(([a, b]) => [a, b]),
      itimers: t.itimers.map((i) => ({ value: i.value, interval: i.interval })),
      start: todUs(k, t.startCycles),
      realDue: tickTod(k) + t.itimers[ITIMER_REAL].value * TICK_US,
      selectDue: t.selectDue > 0 ? tickTod(k) + (t.selectDue - k.ticks) * TICK_US : 0,
    },
    u: { cmask: t.u.cmask, comm: t.u.comm, args: t.u.args, exdata: [...t.u.exdata] },
    ucred: {
      uid: c.uid,
      gid: c.gid,
      ruid: c.ruid,
      rgid: c.rgid,
      svuid: c.svuid,
      svgid: c.svgid,
      groups: c.groups,
    },
    rusage: rusageOf(t.ru),
    crusage: rusageOf(t.cru),
    sig: {
      pending: s.pending,
      mask: s.mask,
      ignore: s.ignore,
      catch: s.catch,
      handler: [...s.handler],
      handlerMask: [...s.handlerMask],
      onstackMask: s.onstackMask,
      stackSp: s.stackSp,
      onStack: s.onStack,
      intr: s.intr,
      resethand: s.resethand,
      nocldstop: s.nocldstop,
    },
    vm,
    pm: { ...pm, fmap: pm.fmap.slice(0, NOFILE), dmap: pm.dmap.slice(0, NOFILE) },
    fpu: fpuToWire(t.pcb.fp),
  };
}

/** Check the shape of what came (a peer that sends nonsense is refused, not obeyed). */
export function checkStructs(v: Record<string, unknown>): PmStructs {
  const s = v as unknown as PmStructs;
  const ok =
    s.proc &&
    Number.isInteger(s.proc.pid) &&
    Array.isArray(s.proc.rlimits) &&
    Array.isArray(s.proc.itimers) &&
    s.proc.itimers.length === 3 &&
    s.u &&
    typeof s.u.comm === 'string' &&
    Array.isArray(s.u.args) &&
    s.ucred &&
    Number.isInteger(s.ucred.uid) &&
    Array.isArray(s.ucred.groups) &&
    s.sig &&
    Array.isArray(s.sig.handler) &&
    s.vm &&
    Number.isInteger(s.vm.brk) &&
    s.pm?.uqpid &&
    Number.isInteger(s.pm.parentHost) &&
    Number.isInteger(s.pm.ppid) &&
    s.rusage &&
    s.crusage;
  if (!ok) throw new Errno(EPROTO);
  return s;
}

/** The credentials received. */
export function credOf(s: PmStructs): Ucred {
  const u = s.ucred;
  const c = new Ucred(u.uid, u.gid, u.ruid, u.rgid, u.groups.slice(0, 8));
  c.svuid = u.svuid;
  c.svgid = u.svgid;
  return c;
}

/** Give process p (the migd child being replaced) the structures received. */
export function unpackStructs(k: Kernel, p: Proc, s: PmStructs): void {
  p.pgrp = s.proc.pgrp;
  p.flag = (p.flag & ~SSUGID) | (s.proc.flag & SSUGID);
  p.nice = s.proc.nice;
  p.cpu = s.proc.cpu;
  p.usrpri = s.proc.usrpri;
  p.rlimits = s.proc.rlimits.map(([a, b]) => [a, b] as [number, number]);
  s.proc.itimers.forEach((t, i) => {
    p.itimers[i].value = t.value;
    p.itimers[i].interval = t.interval;
  });
  // The real timer counts wall time, the transfer's too: it is due at the same instant here
  // (one due meanwhile goes off at the next tick).
  const real = p.itimers[ITIMER_REAL];
  if (real.value > 0 && Number.isFinite(s.proc.realDue))
    real.value = Math.max(1, Math.round(((s.proc.realDue as number) - tickTod(k)) / TICK_US));
  if (typeof s.proc.selectDue === 'number' && s.proc.selectDue > 0)
    p.restartTicks = Math.max(0, Math.round((s.proc.selectDue - tickTod(k)) / TICK_US));
  // The same instant of creation, in this machine's cycles.
  const ago = Math.max(0, todUs(k, k.cpu.cycles) - s.proc.start);
  p.startCycles = k.cpu.cycles - Math.round((ago * CPU_HZ) / 1_000_000);
  p.u.cmask = s.u.cmask;
  p.u.comm = s.u.comm;
  p.u.args = s.u.args;
  p.u.exdata = Uint8Array.from(s.u.exdata);
  p.cred = credOf(s);
  setRusage(p.ru, s.rusage);
  setRusage(p.cru, s.crusage);
  const g = p.sig;
  g.pending = s.sig.pending;
  g.mask = s.sig.mask;
  g.ignore = s.sig.ignore;
  g.catch = s.sig.catch;
  g.handler.set(s.sig.handler.slice(0, g.handler.length));
  g.handlerMask.set(s.sig.handlerMask.slice(0, g.handlerMask.length));
  g.onstackMask = s.sig.onstackMask;
  g.stackSp = s.sig.stackSp;
  g.onStack = s.sig.onStack;
  g.intr = s.sig.intr | 0;
  g.resethand = s.sig.resethand | 0;
  g.nocldstop = s.sig.nocldstop === true;
  g.oldMask = null;
  fpuFromWire(p.pcb.fp, s.fpu);
}
