/**
 * The clock's work (4.3BSD's kern_clock.c): hardclock runs at every tick
 * of the clock device (dev/clock.ts, 100 Hz). It charges the running
 * process for the scheduler, runs down the interval timers, enforces the
 * CPU time limit and calls the callouts that are due (timeout and
 * untimeout); every 5 seconds it samples the load average, and every
 * second the scheduler recomputes priorities (schedcpu).
 */
import type { Kernel } from './kernel.js';
import { CPU_HZ, HZ } from './param.js';
import { type Proc, SRUN } from './proc/proc.js';
import { LOADAV_INTERVAL_TICKS, loadav } from './proc/sched.js';
import { psignal, SIGALRM, SIGKILL, SIGPROF, SIGVTALRM, SIGXCPU } from './proc/signal.js';
import { ITIMER_PROF, ITIMER_REAL, ITIMER_VIRTUAL, RLIMIT_CPU } from './sys/resource.js';
import { SCHEDPAGING_PER_SEC } from './vm/vm_pageout.js';
import { swapper } from './vm/vm_swap.js';

/** A pending timeout: the tick it is due at and what to call. */
export interface Callout {
  at: number;
  fn: () => void;
}

/**
 * Every clock tick (4.3BSD's hardclock): the time slice, the interval
 * timers, the CPU time limit, and every 5 seconds the load average.
 * `user` says whether the tick interrupted user state.
 */
export function hardclock(k: Kernel, user: boolean): void {
  k.ticks++;
  k.sched.tick();
  const cur = k.sched.curproc;
  itimerTick(k, cur, user);
  softclock(k);
  if (cur) cpulimit(k, cur);
  if (k.ticks % LOADAV_INTERVAL_TICKS === 0) loadav(k.avenrun, k.sched.runnable);
  if (k.ticks % HZ === 0) k.sched.schedcpu(k.procs.values(), k.avenrun[0]);
  if (k.ticks % (HZ / SCHEDPAGING_PER_SEC) === 0) {
    // 4.3BSD's schedpaging: the page daemon's clock, then the swapper's look at the averages.
    k.pagedaemon.schedpaging();
    swapper(k.pagedaemon, k.procs.values(), SCHEDPAGING_PER_SEC);
  }
}

/**
 * Run down the interval timers (setitimer, sys/resource.ts): the real
 * timer of every process, the virtual and profiling timers of the one
 * running. `user` says whether the tick interrupted user state.
 */
function itimerTick(k: Kernel, cur: Proc | null, user: boolean): void {
  for (const p of k.procs.values()) {
    const t = p.itimers[ITIMER_REAL];
    if (t.value > 0 && --t.value === 0) {
      t.value = t.interval;
      psignal(k, p, SIGALRM);
    }
  }
  if (!cur) return;
  const check = (which: number, sig: number) => {
    const t = cur.itimers[which];
    if (t.value > 0 && --t.value === 0) {
      t.value = t.interval;
      psignal(k, cur, sig);
    }
  };
  if (user) check(ITIMER_VIRTUAL, SIGVTALRM);
  check(ITIMER_PROF, SIGPROF);
}

/**
 * The CPU time limit (4.3BSD's hardclock; the hard limit as 4.4BSD): past
 * the soft limit the process gets SIGXCPU, and the soft limit is raised
 * by 5 seconds (not beyond the hard one) so that a process that catches
 * the signal has time to clean up, and is told again only if it keeps
 * going; past the hard limit it is killed.
 */
function cpulimit(k: Kernel, p: Proc): void {
  if (p.stat !== SRUN) return;
  const secs = (p.ru.utime + p.ru.stime) / CPU_HZ;
  const lim = p.rlimits[RLIMIT_CPU];
  if (secs >= lim[1]) {
    if (!(p.sig.pending & (1 << (SIGKILL - 1)))) {
      p.faultMessage = 'exceeded maximum CPU limit';
      psignal(k, p, SIGKILL);
    }
  } else if (secs >= lim[0]) {
    psignal(k, p, SIGXCPU);
    lim[0] = Math.min(lim[1], lim[0] + 5);
  }
}

/** Call fn after `ticks` clock ticks (4.3BSD's timeout); the callout can be cancelled with untimeout. */
export function timeout(k: Kernel, fn: () => void, ticks: number): Callout {
  const c = { at: k.ticks + Math.max(1, ticks), fn };
  k.callouts.push(c);
  return c;
}

/** Cancel a callout that has not run yet (4.3BSD's untimeout). */
export function untimeout(k: Kernel, c: Callout): void {
  const i = k.callouts.indexOf(c);
  if (i >= 0) k.callouts.splice(i, 1);
}

/** Call the callouts whose tick has come (4.3BSD's softclock). */
function softclock(k: Kernel): void {
  if (k.callouts.length === 0) return;
  const due = k.callouts.filter((c) => c.at <= k.ticks);
  if (due.length === 0) return;
  k.callouts = k.callouts.filter((c) => c.at > k.ticks);
  for (const c of due) c.fn();
}
