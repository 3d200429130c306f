/**
 * Scheduling (4.3BSD's kern_synch.c and kern_clock.c): the run queue, sleep
 * and wakeup, and the choice of the next process to run; and the load
 * average the scheduler decays by (4.3BSD's loadav, in vm_sched.c).
 *
 * As in 4.3BSD, a process's priority (lower runs first) is its sleep
 * priority while it finishes a system call it slept in, and otherwise its
 * user priority p_usrpri = PUSER + p_cpu/4 + 2·nice, where p_cpu counts the
 * clock ticks it has run, decayed once a second by (2·load)/(2·load + 1)
 * (schedcpu), so that a busy system forgets more slowly. The best priority
 * runs; equals take turns every ROUNDROBIN_TICKS (100 ms); a process woken
 * with a better priority than the running one preempts it.
 */
import { EINTR, Errno } from '../errno.js';
import { HZ, PUSER, PZERO, ROUNDROBIN_TICKS } from '../param.js';
import { type Proc, SRUN, SSLEEP, SSTOP } from './proc.js';
import { cursig, sigmask, stopsByDefault } from './signal.js';

export class Scheduler {
  /** Runnable processes waiting for the CPU, in order. */
  private readonly runq: Proc[] = [];
  /** Sleeping processes by wait channel (4.3BSD hashes them the same way). */
  private readonly sleepq = new Map<unknown, Set<Proc>>();
  /** The process the CPU is running (or was running when the kernel was entered). */
  curproc: Proc | null = null;
  /** Set by the clock when the current process's slice is over. */
  needResched = false;
  /** Context switches so far. */
  switches = 0;
  /**
   * 4.3BSD's lbolt: a wait channel woken once a second (by schedcpu), for
   * sleeps that only need to look again later — a background reader of the
   * terminal waits here after its SIGTTIN.
   */
  readonly lbolt = {};
  /**
   * Stop p for the stop signal sig and tell its parent (signal.ts's stop(),
   * which the kernel installs here); false if it did not stop (a child of
   * init is killed instead). A stopped process keeps its wait channel.
   */
  stop: (p: Proc, sig: number) => boolean = (p) => {
    p.stat = SSTOP;
    this.remove(p);
    return true;
  };

  /** Make p runnable (taking it off a sleep queue, as 4.3BSD's setrun does for SSLEEP and SSTOP). */
  setrun(p: Proc): void {
    if (p.wchan !== null) this.unsleep(p);
    p.stat = SRUN;
    p.wchan = null;
    p.wmesg = '';
    if (p !== this.curproc && !this.runq.includes(p)) this.runq.push(p);
  }

  /** Put p to sleep on chan (the caller then yields; see tsleep). */
  sleep(p: Proc, chan: unknown, pri: number, wmesg: string): void {
    p.stat = SSLEEP;
    p.wchan = chan;
    p.pri = pri;
    p.wmesg = wmesg;
    let q = this.sleepq.get(chan);
    if (!q) {
      q = new Set();
      this.sleepq.set(chan, q);
    }
    q.add(p);
    p.ru.nvcsw++;
  }

  /**
   * Wake every process sleeping on chan; one with a better priority than the
   * running one preempts it. A process that was stopped while asleep only
   * loses its wait channel: it stays stopped, and when continued it finds
   * that the event has happened (4.3BSD's wakeup).
   */
  wakeup(chan: unknown): void {
    const q = this.sleepq.get(chan);
    if (!q) return;
    this.sleepq.delete(chan);
    for (const p of q) {
      p.wchan = null;
      p.wmesg = '';
      if (p.stat === SSTOP) continue;
      p.stat = SRUN;
      if (p !== this.curproc) {
        this.runq.push(p);
        const cur = this.curproc;
        if (cur && Scheduler.priority(p) < Scheduler.priority(cur)) this.needResched = true;
      }
    }
  }

  /** Take p off its sleep queue; it no longer waits for anything (4.3BSD's unsleep). */
  unsleep(p: Proc): void {
    const q = this.sleepq.get(p.wchan);
    q?.delete(p);
    if (q && q.size === 0) this.sleepq.delete(p.wchan);
    p.wchan = null;
    p.wmesg = '';
  }

  /** Forget a process (exit), or take it off the run queue (stop: a stopped sleeper keeps its wait channel). */
  remove(p: Proc): void {
    const i = this.runq.indexOf(p);
    if (i >= 0) this.runq.splice(i, 1);
    if (p.stat === SSLEEP) this.unsleep(p);
    if (this.curproc === p) this.curproc = null;
  }

  /** The priority a process competes with: its sleep priority inside a system call, else its user priority. */
  static priority(p: Proc): number {
    return p.kthread ? p.pri : p.usrpri;
  }

  /**
   * The process to run next: the current one unless its turn is over or a
   * better one waits; else the best of the run queue, first come first served
   * among equals (the current one goes to the back). Null when nothing can run.
   */
  pick(): Proc | null {
    const cur = this.curproc;
    const best = this.best();
    const curRunnable = cur !== null && cur.stat === SRUN;
    if (
      curRunnable &&
      !this.needResched &&
      (best < 0 || Scheduler.priority(this.runq[best]) >= Scheduler.priority(cur))
    )
      return cur;
    this.needResched = false;
    if (curRunnable && cur) {
      this.runq.push(cur);
      cur.ru.nivcsw++;
    }
    const i = this.best();
    const next = i < 0 ? null : this.runq.splice(i, 1)[0];
    if (next !== cur) this.switches++;
    if (next) next.slice = ROUNDROBIN_TICKS;
    this.curproc = next;
    return next;
  }

  /** Index of the best runnable process in the queue (the first of equals), or -1. */
  private best(): number {
    let at = -1;
    let pri = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.runq.length; i++) {
      const q = Scheduler.priority(this.runq[i]);
      if (q < pri) {
        pri = q;
        at = i;
      }
    }
    return at;
  }

  /** Clock tick: charge the running process (4.3BSD's hardclock part of scheduling). */
  tick(): void {
    const cur = this.curproc;
    if (!cur) return;
    cur.cpu = Math.min(255, cur.cpu + 1);
    if ((cur.cpu & 3) === 0) setpri(cur);
    if (--cur.slice <= 0 && this.runq.length > 0) this.needResched = true;
  }

  /** Once a second (4.3BSD's schedcpu): decay every process's p_cpu by the load and recompute priorities; wake lbolt. */
  schedcpu(procs: Iterable<Proc>, load: number): void {
    this.wakeup(this.lbolt);
    const factor = (2 * load) / (2 * load + 1);
    for (const p of procs) {
      p.cpu = Math.floor(p.cpu * factor) + p.nice;
      if (p.cpu < 0) p.cpu = 0;
      setpri(p);
    }
    const cur = this.curproc;
    const i = this.best();
    if (cur && cur.stat === SRUN && i >= 0 && Scheduler.priority(this.runq[i]) < Scheduler.priority(cur))
      this.needResched = true;
  }

  get runnable(): number {
    return this.runq.length + (this.curproc && this.curproc.stat === SRUN ? 1 : 0);
  }
}

/** 4.3BSD's setpri: the user priority from recent CPU use and niceness. */
export function setpri(p: Proc): void {
  p.usrpri = Math.min(127, PUSER + (p.cpu >> 2) + 2 * p.nice);
}

/** 4.3BSD's load average: every 5 seconds, avenrun = avenrun·e^(-5/T) + nrun·(1 - e^(-5/T)) for T = 1, 5, 15 min. */
export const LOADAV_INTERVAL_TICKS = 5 * HZ;
export const CEXP = [Math.exp(-5 / 60), Math.exp(-5 / 300), Math.exp(-5 / 900)];

export function loadav(avenrun: number[], nrun: number): void {
  for (let i = 0; i < 3; i++) avenrun[i] = avenrun[i] * CEXP[i] + nrun * (1 - CEXP[i]);
}

/**
 * Sleep from inside a system call: `yield* tsleep(sched, p, chan, pri, wmesg)`.
 * The process waits here until wakeup(chan); the generator resumes when the
 * scheduler runs it again. This is 4.3BSD's sleep() (LMKQ §4.3, §4.7):
 *
 * - At a priority above PZERO the sleep is interruptible, and signals are
 *   looked at before sleeping and after every wakeup (cursig). A signal
 *   that will be caught, or that kills, ends the sleep: the system call
 *   fails with EINTR (and the signal is delivered on the way out). So a
 *   signal that is already pending — say a SIGALRM that fired while blocked,
 *   before sigpause unblocked it — ends the sleep at once.
 * - A stop signal whose action is the default stops the process right here,
 *   still asleep on chan; once continued (SIGCONT), the sleep goes on, or
 *   returns if its event came meanwhile. The system call is not interrupted.
 * - At PZERO or below signals are not looked at: the sleep ends only with
 *   its event.
 */
export function* tsleep(
  sched: Scheduler,
  p: Proc,
  chan: unknown,
  pri: number,
  wmesg: string,
): Generator<void, void, void> {
  sched.sleep(p, chan, pri, wmesg);
  if (pri <= PZERO) {
    yield;
    return;
  }
  for (;;) {
    const sig = cursig(p);
    if (sig !== 0 && stopsByDefault(p, sig)) {
      // Stop in the middle of the sleep (4.3BSD's issig: stop(p); swtch()).
      p.sig.pending &= ~sigmask(sig);
      if (sched.stop(p, sig)) yield; // until continued
      continue; // (not stopped: SIGKILL is pending now)
    }
    if (sig !== 0) {
      sched.setrun(p);
      p.sig.cursig = sig; // whether the call restarts depends on it (syscall.ts)
      throw new Errno(EINTR);
    }
    if (p.wchan === null) {
      // The event came (possibly while the process was stopped).
      if (p.stat !== SRUN) sched.setrun(p);
      return;
    }
    if (p.stat !== SSLEEP) p.stat = SSLEEP;
    yield;
  }
}
