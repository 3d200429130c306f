/**
 * Sessions and process groups, POSIX.1 as SunOS 4.1 added them to 4.3BSD
 * job control (4.4BSD's kern_proc.c and the session half of kern_exit.c
 * have the same rules): setsid, setpgid, setpgrp, the controlling process
 * that hangs its terminal up when it exits, and orphaned process groups.
 *
 * A session is named by the pid of its leader (`Proc.sid`); a process
 * group belongs to one session. The controlling terminal is still kept in
 * each process's u-area (u_ttyp), as 4.3BSD keeps it; the terminal
 * remembers the session it controls (`Tty.sid`, dev/tty.ts).
 *
 * Process 1 starts session 1 at boot with the console as its controlling
 * terminal, so a system whose programs never call setsid behaves as
 * 4.3BSD did.
 */
import { EACCES, EINVAL, EPERM, Errno, ESRCH } from '../errno.js';
import type { Kernel } from '../kernel.js';
import type { SysCtx } from '../syscall.js';
import { type Proc, SEXEC, SSTOP, SSYS, SZOMB } from './proc.js';
import { psignal, SIGCONT, SIGHUP } from './signal.js';

/** What sessions need to know of a terminal (dev/tty.ts's Tty). */
export interface SessionTty {
  /** The session it is the controlling terminal of (0: none). */
  sid: number;
  /** Its foreground process group. */
  pgrp: number;
}

/** The live (not yet exited) processes of process group `pgrp`. */
export function members(k: Kernel, pgrp: number): Proc[] {
  const out: Proc[] = [];
  for (const q of k.procs.values()) if (q.pgrp === pgrp && q.stat !== SZOMB && !(q.flag & SSYS)) out.push(q);
  return out;
}

/** Does some process, a zombie included, use `pgrp` as its process group (so that it exists)? */
function groupExists(k: Kernel, pgrp: number, sid: number): boolean {
  for (const q of k.procs.values()) if (q.pgrp === pgrp && q.sid === sid) return true;
  return false;
}

/**
 * Is process group `pgrp` orphaned (POSIX.1)? It is unless one of its
 * members has a parent in another process group of the same session — a
 * shell that can still continue it. init, which never does job control,
 * does not count as such a parent. A group with no live members is
 * orphaned.
 */
export function orphaned(k: Kernel, pgrp: number): boolean {
  for (const q of members(k, pgrp)) {
    const pp = q.parent;
    if (pp && pp.pid !== 1 && !(pp.flag & SSYS) && pp.pgrp !== pgrp && pp.sid === q.sid) return false;
  }
  return true;
}

/**
 * The process groups whose orphaning p's exit may cause: its own and its
 * children's (4.4BSD's fixjobc), those that are not orphaned yet.
 */
export function groupsAtRisk(k: Kernel, p: Proc): Set<number> {
  const at = new Set<number>([p.pgrp]);
  for (const c of p.children) at.add(c.pgrp);
  for (const g of at) if (g === 0 || orphaned(k, g)) at.delete(g);
  return at;
}

/**
 * After p's exit: a group that has just become orphaned and has a stopped
 * member gets SIGHUP and then SIGCONT, every member (POSIX.1; 4.4BSD's
 * orphanpg) — no shell is left to continue it. Returns the processes
 * signalled.
 */
export function hangupOrphans(k: Kernel, groups: Set<number>): Set<Proc> {
  const done = new Set<Proc>();
  for (const g of groups) {
    if (!orphaned(k, g)) continue;
    const ms = members(k, g);
    if (!ms.some((q) => q.stat === SSTOP)) continue;
    for (const q of ms) {
      psignal(k, q, SIGHUP);
      psignal(k, q, SIGCONT);
      done.add(q);
    }
  }
  return done;
}

/**
 * A controlling process — the leader of a session, which has a
 * controlling terminal — exits (POSIX.1): the terminal's foreground group
 * gets SIGHUP, the terminal belongs to no session any more, and no process
 * of the session has it as its controlling terminal.
 */
export function leaderExit(k: Kernel, p: Proc): void {
  if (p.sid !== p.pid) return;
  const tty = p.u.ttyp as SessionTty | null;
  if (tty && tty.sid === p.sid) {
    const fg = tty.pgrp;
    tty.sid = 0;
    tty.pgrp = 0;
    if (fg) {
      for (const q of members(k, fg)) if (q !== p) psignal(k, q, SIGHUP);
    }
  }
  for (const q of k.procs.values()) {
    if (q.sid !== p.sid || q.u.ttyp !== tty) continue;
    q.u.ttyp = null;
    q.u.ttyd = -1;
  }
}

/**
 * setsid(): a new session with the caller as its leader, in a new process
 * group of its own, without a controlling terminal; returns the session id
 * (the caller's pid). EPERM for a process group leader — and for any
 * process whose pid is some group's id — since the group would otherwise
 * straddle two sessions.
 */
export function sysSetsid(ctx: SysCtx): void {
  const { k, p } = ctx;
  for (const q of k.procs.values()) if (q.pgrp === p.pid) throw new Errno(EPERM);
  p.sid = p.pid;
  p.pgrp = p.pid;
  p.u.ttyp = null;
  p.u.ttyd = -1;
  ctx.rv = [p.pid, ctx.rv[1]];
}

/**
 * Move process `pid` (0: the caller) into process group `pgrp` (0: its own
 * pid), with POSIX.1's rules, which SunOS 4.1's setpgid and setpgrp both
 * follow: the target is the caller or one of its children (else ESRCH), in
 * the caller's session (EPERM), not a session leader (EPERM); the group is
 * the target's own pid or one that exists in that session (EPERM); a
 * negative pgrp is EINVAL. (A leader asked to stay in the group it is in
 * changes nothing and is let be.) setpgid also refuses a child that has exec'd
 * (EACCES); 4.3BSD's setpgrp, which shells call from both sides of a
 * fork, lets that pass.
 */
function movePgrp(ctx: SysCtx, posix: boolean): void {
  const { k, p } = ctx;
  const pid = ctx.args[0] | 0;
  const pgrp = ctx.args[1] | 0;
  if (pgrp < 0) throw new Errno(EINVAL);
  const q = pid === 0 ? p : k.procs.get(pid);
  if (!q || q.stat === SZOMB || (q !== p && q.parent !== p)) throw new Errno(ESRCH);
  if (q !== p && q.sid !== p.sid) throw new Errno(EPERM);
  if (posix && q !== p && q.flag & SEXEC) throw new Errno(EACCES);
  const to = pgrp === 0 ? q.pid : pgrp;
  if (q.sid === q.pid && to !== q.pgrp) throw new Errno(EPERM);
  if (to !== q.pid && !groupExists(k, to, q.sid)) throw new Errno(EPERM);
  q.pgrp = to;
  ctx.rv = [0, ctx.rv[1]];
}

/** setpgid(pid, pgid) (SunOS 4.1, POSIX.1). */
export function sysSetpgid(ctx: SysCtx): void {
  movePgrp(ctx, true);
}

/** setpgrp(pid, pgrp) (4.3BSD's, with the session rules of SunOS 4.1). */
export function sysSetpgrp(ctx: SysCtx): void {
  movePgrp(ctx, false);
}
