/**
 * The end of a process (4.3BSD's kern_exit.c; LMKQ §4.5).
 *
 * exit releases everything the process holds — its memory, its MMU
 * context, its open files and directories, its timers — and leaves only
 * the proc entry behind as a zombie (SZOMB) holding the exit status and
 * the resource usage, for the parent to collect with wait4 (wait.ts). The
 * zombie's usage includes that of all the descendants it waited for, so
 * that a parent's children's usage adds up the whole tree below it.
 *
 * Its children are given to init (process 1), which waits for them; a
 * stopped child gets SIGHUP and SIGCONT, since nobody is left to continue
 * it (4.3BSD), and so does every member of a process group the exit leaves
 * orphaned with a stopped member (POSIX.1, session.ts). A session leader
 * that controls a terminal hangs it up. Its parent gets SIGCHLD and is
 * woken in case it sleeps in wait4.
 */
import { drainRemote } from '../fs/file.js';
import type { Kernel } from '../kernel.js';
import { pmexit } from '../pm/pm_remote.js';
import { gptExit } from '../pm/pm_table.js';
import type { SysCtx } from '../syscall.js';
import { AddressSpace } from '../vm/as.js';
import { type Proc, SSTOP, SSYS, SVFORK, SZOMB } from './proc.js';
import { groupsAtRisk, hangupOrphans, leaderExit } from './session.js';
import { psignal, SIGCHLD, SIGCONT, SIGHUP } from './signal.js';
import { reap } from './wait.js';

/**
 * Terminate process p with wait status `rv` (already in wait(2) form: the
 * exit code in bits 8-15, or the signal that killed it in bits 0-6).
 */
export function exit(k: Kernel, p: Proc, rv: number): void {
  // Signals and timers no longer matter.
  p.sig.ignore = ~0;
  p.sig.pending = 0;
  for (const t of p.itimers) t.value = t.interval = 0;

  // Memory: a vfork child gives its parent's space back, anyone else frees its own.
  if (p.flag & SVFORK) vrelvm(k, p);
  else {
    k.pmap.release(p.vm);
    p.vm.clear();
  }

  // Descriptors, current and root directory; the terminal, if it controls one.
  k.closeAll?.(p);
  leaderExit(k, p);
  const atRisk = groupsAtRisk(k, p);

  // The zombie: status and usage, its own and its descendants'.
  p.xstat = rv;
  const uinsns = p.ru.uinsns; // its own, before its children's are added
  p.ru.add(p.cru);
  p.stat = SZOMB;
  p.kthread = null;
  k.sched.remove(p);
  k.events?.({ type: 'exit', pid: p.pid, status: rv, uinsns });
  // A migrated process whose parent is on another machine: tell that machine (kernel/pm/pm_remote.ts).
  if (p.u.pm) pmexit(k, p, rv);
  gptExit(k, p, rv); // its slot in the global process table, if it has one (§5.3.4)

  // Orphans go to init, which will wait for them. A stopped orphan would
  // never be continued by anyone, so it gets a hangup and a continue; so
  // do the groups this exit has orphaned, if one of theirs is stopped.
  const init = k.procs.get(1);
  const orphans = [...p.children];
  for (const c of orphans) {
    c.parent = init ?? null;
    init?.children.add(c);
    if (c.stat === SZOMB && init) k.sched.wakeup(init);
  }
  p.children.clear();
  const hungUp = hangupOrphans(k, atRisk);
  for (const c of orphans) {
    if (c.stat === SSTOP && !hungUp.has(c)) {
      psignal(k, c, SIGHUP);
      psignal(k, c, SIGCONT);
    }
  }

  const parent = p.parent;
  if (parent && !(parent.flag & SSYS)) {
    psignal(k, parent, SIGCHLD);
    k.sched.wakeup(parent);
  } else reap(k, p); // no one will wait for it (the swapper does not)

  if (p.pid === 1) {
    if (k.onInitExit) {
      k.onInitExit(rv);
      k.halted = true;
    } else k.panic('init died');
  }
}

/**
 * A vfork child is done with its parent's address space (4.3BSD's
 * vrelvm): the child is left with an empty space of its own (exec gives it
 * a real one), and the parent, asleep in vfork, is woken to go on.
 */
export function vrelvm(k: Kernel, p: Proc): void {
  p.vm = new AddressSpace(k.mem, p.vm.stackLimit);
  p.flag &= ~SVFORK;
  k.sched.wakeup(p);
}

/**
 * exit(status): the low 8 bits of status become the exit code. Files of
 * a remote file system are written out first (drainRemote).
 */
export function* sysExit(ctx: SysCtx): Generator<void, void, void> {
  ctx.noReturn = true;
  yield* drainRemote(ctx.p);
  exit(ctx.k, ctx.p, (ctx.args[0] & 0xff) << 8);
}
