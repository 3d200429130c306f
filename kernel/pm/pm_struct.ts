/**
 * The per-process migration state (the thesis's pm_struct_per_process,
 * §5.1), the unique process id (uq-pid, §4.3.1) and the split of the pid
 * space by home machine.
 *
 * A process that has never migrated has no pm_struct: it is made the first
 * time the process leaves its home, and travels with it from then on, in
 * its u-area (`p.u.pm`), as the thesis kept it in u.u_xxx.
 */

import { EADDRNOTAVAIL, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { IFF_LOOPBACK } from '../net/if.js';
import { PID_MAX } from '../param.js';
import { suser } from '../proc/cred.js';
import type { Proc } from '../proc/proc.js';
import type { SysCtx } from '../syscall.js';

/** pm_stat values: where the process stands. */
export const PM_HOME = 0; // running at its home machine (back home, or never left)
export const PM_AWAY = 1; // running on another machine than its home
export const PM_LEAVING = 2; // frozen at the source while its image is sent
export const PM_ARRIVING = 3; // received at the destination, frozen until the source commits

export const PM_STAT_NAMES = ['home', 'away', 'leaving', 'arriving'];

/**
 * The unique process id: the machine it was created on and the instant,
 * in microseconds of the time of day. Only one process is created at a
 * time on a machine, so the pair never names two processes, even after the
 * Unix pid has been given out again.
 */
export interface UqPid {
  machine: number;
  time: number;
}

/** The thesis's pm_struct_per_process. Addresses are IPv4 addresses as numbers. */
export interface PmStruct {
  /** The machine the process was born on, the one it last came from, the one it runs on. */
  home: number;
  source: number;
  host: number;
  uqpid: UqPid;
  /** Descriptor to file name (pm_fmap): what the destination reopens, null for no descriptor. */
  fmap: (string | null)[];
  /**
   * The dup chains (pm_dmap): for each descriptor, the next descriptor
   * sharing its open file (and so its offset), or -1 at the end of a chain.
   */
  dmap: number[];
  /** PM_HOME ... PM_ARRIVING. */
  stat: number;
  /** Migrations so far. */
  hops: number;
  /**
   * Where its parent is, if not where it runs: the machine that keeps its
   * SMIGR entry and must hear of its exit (0: its parent is where it runs,
   * or init adopted it).
   */
  parentHost: number;
  /** Its parent's pid, for getppid while the parent is on another machine. */
  ppid: number;
  /**
   * Its parent left this machine while it stayed (or it is a child of one
   * that did): no machine keeps an SMIGR entry of it, and its parent
   * collects it through the global process table alone (pm_table.ts).
   */
  viaTable?: boolean;
}

/** The machine's own Internet address: the first address of an interface that is not a loopback (0 if none yet). */
export function myaddr(k: Kernel): number {
  for (const ia of k.net.in_ifaddr) if (!(ia.ifp.flags & IFF_LOOPBACK)) return ia.addr >>> 0;
  return 0;
}

/**
 * Pids are unique in the whole lab: each machine gives out pids from a
 * range of its own, PIDS_PER_HOST wide, chosen by the host part of its
 * Internet address (192.9.200.1 gives 1000-1999, .2 gives 2000-2999 ...,
 * up to .29). A migrated process keeps its pid, and no machine will ever
 * give that pid to another process, so the pid alone still names it.
 * The split starts when the machine joins a pool (migd calls pmjoin as
 * /etc/rc starts it); the processes made before have pids of the boot
 * range 1-999, which every machine shares: such processes may not
 * migrate. A machine in no pool gives out pids from 1 to PID_MAX.
 */
export const PIDS_PER_HOST = 1000;

/**
 * The kernels whose machine has joined a processing pool (pmjoin, which
 * migd calls as it starts): only they split their pids. A machine in no
 * pool gives out pids from the whole range, as before.
 */
const joined = new WeakSet<Kernel>();

/** pmjoin() — system call 203, super-user only: this machine takes part in migration; its pids come from its range from now on. */
export function sysPmjoin(ctx: SysCtx): void {
  suser(ctx.p.cred);
  if (myaddr(ctx.k) === 0) throw new Errno(EADDRNOTAVAIL);
  joined.add(ctx.k);
  ctx.rv = [pidRange(ctx.k)[0], ctx.rv[1]];
}

/** Has this machine joined a pool (pmjoin)? */
export function pmJoined(k: Kernel): boolean {
  return joined.has(k);
}

export function pidRange(k: Kernel): [number, number] {
  if (!joined.has(k)) return [1, PID_MAX];
  const h = myaddr(k) & 0xff;
  const n = Math.floor(PID_MAX / PIDS_PER_HOST) - 1;
  if (h === 0 || h > n) return [1, PIDS_PER_HOST - 1];
  return [h * PIDS_PER_HOST, h * PIDS_PER_HOST + PIDS_PER_HOST - 1];
}

/** The home machine a pid says (its host part: 0 for the boot range). */
export function pidHome(pid: number): number {
  return Math.floor(pid / PIDS_PER_HOST);
}

/** The time of day, in microseconds, at emulated cycle `cycles`. */
export function todUs(k: Kernel, cycles: number): number {
  const [s, us] = k.timeAt(cycles);
  return s * 1_000_000 + us;
}

/** The process's pm_struct, made at its first migration: it is at home now. */
export function pmstruct(k: Kernel, p: Proc): PmStruct {
  if (p.u.pm) return p.u.pm;
  const me = myaddr(k);
  p.u.pm = {
    home: me,
    source: me,
    host: me,
    uqpid: { machine: me, time: todUs(k, p.startCycles) },
    fmap: [],
    dmap: [],
    stat: PM_HOME,
    hops: 0,
    parentHost: 0,
    ppid: p.ppid,
  };
  return p.u.pm;
}

/** An address from dotted-quad text, or null. */
export function parseDotted(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  if (b.some((x) => x > 255)) return null;
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}
