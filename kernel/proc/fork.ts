/**
 * Creating processes: fork and vfork (4.3BSD's kern_fork.c; LMKQ §4.5 and
 * §5.6).
 *
 * fork1 finds a free slot and process id (and keeps one user from taking
 * them all: MAXUPRC); newproc builds the child as a copy of its parent:
 * the same credentials, open files, current directory,
 * signal handlers, limits and niceness, and the same user registers, so
 * that parent and child both return from the same system call. They differ
 * in what that call returns (d0 = the other's pid, d1 = 0 in the parent and
 * 1 in the child, which the C library turns into 0 for the child), and in
 * their resource usage, which starts at zero for the child.
 *
 * The child's memory is either
 * - a copy-on-write duplicate of the parent's (fork: vm/as.ts duplicate;
 *   4.3BSD copied everything, SunOS 4 shares the pages until one side
 *   writes), or
 * - the parent's own address space, borrowed (vfork): nothing is copied,
 *   the child's stores are the parent's memory, and the parent sleeps until
 *   the child gives the space back by exec'ing or exiting (vrelvm in
 *   exit.ts). This is 4.3BSD's vfork, made for the fork-then-exec of a shell.
 */
import { EAGAIN, ENOMEM, Errno } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { MAXUPRC, NPROC, PID_MAX, PSWP } from '../param.js';
import { pidRange } from '../pm/pm_struct.js';
import type { SysCtx } from '../syscall.js';
import { Proc, SSUGID, SSYS, SVFORK } from './proc.js';
import { tsleep } from './sched.js';

/**
 * Create a child of `parent` (4.3BSD's fork1): EAGAIN when the process
 * table is full, and for anyone but the super-user also when only its last
 * slot is left or when the user (the real user id) already has MAXUPRC
 * processes. With `isvfork` the child borrows the parent's address space
 * instead of getting a copy-on-write duplicate of it.
 */
export function fork1(k: Kernel, parent: Proc, isvfork: boolean): Proc {
  if (k.procs.size >= NPROC) throw new Errno(EAGAIN);
  const cred = parent.cred;
  if (!cred.isSuperuser()) {
    if (k.procs.size >= NPROC - 1) throw new Errno(EAGAIN);
    let mine = 0;
    for (const q of k.procs.values()) if (q.cred.ruid === cred.ruid && !(q.flag & SSYS)) mine++;
    if (mine >= MAXUPRC) throw new Errno(EAGAIN);
  }
  return newproc(k, parent, nextpid(k, ...pidRange(k)), isvfork);
}

/**
 * The next free process id after the last one given out (4.3BSD's mpid),
 * wrapping at PID_MAX. As in 4.3BSD's fork, an id is free only if no
 * process — zombies included — has it as its pid *or as its process
 * group*: a group lives on after its leader has exited, and a new process
 * with the leader's id would be taken for a member of it (killpg, wait4
 * of -pgrp, the terminal's foreground group). Ids come from [lo, hi]:
 * fork gives each machine its own range, so that a process keeps its pid
 * when it migrates (kernel/pm/pm_struct.ts, pidRange).
 */
export function nextpid(k: Pick<Kernel, 'procs' | 'mpid'>, lo = 1, hi = PID_MAX): number {
  const used = new Set<number>();
  for (const q of k.procs.values()) {
    used.add(q.pid);
    used.add(q.pgrp);
  }
  let pid = k.mpid < lo || k.mpid > hi ? lo - 1 : k.mpid;
  do pid = pid >= hi ? lo : pid + 1;
  while (used.has(pid));
  k.mpid = pid;
  return pid;
}

/** Build the child process `pid` as a copy of `parent`, and make it runnable (4.3BSD's newproc). */
export function newproc(k: Kernel, parent: Proc, pid: number, isvfork: boolean): Proc {
  let vm = parent.vm;
  if (!isvfork) {
    const copy = parent.vm.duplicate();
    if (!copy) throw new Errno(ENOMEM); // no swap for the child (4.3BSD's fork: ENOMEM)
    vm = copy;
    k.pmap.protectAll(parent.vm); // the parent's writable pages are now shared copy-on-write
  }
  // The credentials are copied: from here on each process changes its own.
  const child = new Proc(pid, parent.cred.clone(), vm);
  child.startCycles = k.cpu.cycles;
  child.flag |= parent.flag & SSUGID;
  if (isvfork) child.flag |= SVFORK;

  // Family: the child joins its parent's process group and session.
  child.parent = parent;
  parent.children.add(child);
  child.pgrp = parent.pgrp;
  child.sid = parent.sid;

  // The u-area: command, file-creation mask, controlling terminal; open
  // files and directories are shared (each File gains a reference).
  child.u.comm = parent.u.comm;
  child.u.args = [...parent.u.args];
  child.u.exdata = parent.u.exdata;
  child.u.cmask = parent.u.cmask;
  child.u.cdirName = parent.u.cdirName;
  child.u.ttyp = parent.u.ttyp;
  child.u.ttyd = parent.u.ttyd;
  if (k.forkFiles) k.forkFiles(parent, child);
  else {
    child.u.cdir = parent.u.cdir?.hold() ?? null;
    child.u.rdir = parent.u.rdir?.hold() ?? null;
  }

  // Signal handlers, masks and the signal stack; limits and niceness.
  child.sig.copyFrom(parent.sig);
  child.rlimits = parent.rlimits.map(([c, m]) => [c, m] as [number, number]);
  child.nice = parent.nice;
  child.usrpri = parent.usrpri;

  // The same user registers, returning from fork with d0 = parent's pid, d1 = 1, carry clear.
  child.pcb.copyFrom(parent.pcb);
  child.pcb.regs[0] = parent.pid;
  child.pcb.regs[1] = 1;
  child.pcb.sr &= ~1;

  k.procs.set(pid, child);
  k.sched.setrun(child);
  k.events?.({ type: 'fork', pid, ppid: parent.pid });
  return child;
}

/** fork(): the parent gets d0 = the child's pid and d1 = 0. */
export function sysFork(ctx: SysCtx): void {
  const child = fork1(ctx.k, ctx.p, false);
  ctx.rv = [child.pid, 0];
}

/**
 * vfork(): as fork, but the child runs in the parent's address space, and
 * the parent sleeps (not interruptibly, as in 4.3BSD) until the child has
 * exec'd or exited and so given the space back.
 */
export function* sysVfork(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const child = fork1(k, p, true);
  ctx.rv = [child.pid, 0];
  while (child.flag & SVFORK) yield* tsleep(k.sched, p, child, PSWP + 1, 'vfork');
}
