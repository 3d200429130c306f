/**
 * Scheduling: the run queue, sleep and wakeup, and the choice of the next
 * process to run (4.3BSD's setrunqueue/swtch, sleep/wakeup). For now a
 * round-robin queue: a process runs until it sleeps, exits, or uses up its
 * time slice of ROUNDROBIN_TICKS clock ticks.
 */
import { EINTR, Errno } from '../errno.js';
import { PZERO, ROUNDROBIN_TICKS } from '../param.js';
import { type Proc, SRUN, SSLEEP } from './proc.js';
import { signalPending } from './signal.js';

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

  /** Make p runnable. */
  setrun(p: Proc): void {
    if (p.stat === SSLEEP) this.unsleep(p);
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

  /** Wake every process sleeping on chan. */
  wakeup(chan: unknown): void {
    const q = this.sleepq.get(chan);
    if (!q) return;
    this.sleepq.delete(chan);
    for (const p of q) {
      p.stat = SRUN;
      p.wchan = null;
      p.wmesg = '';
      if (p !== this.curproc) this.runq.push(p);
    }
  }

  private unsleep(p: Proc): void {
    const q = this.sleepq.get(p.wchan);
    q?.delete(p);
    if (q && q.size === 0) this.sleepq.delete(p.wchan);
  }

  /** Forget a process (exit). */
  remove(p: Proc): void {
    const i = this.runq.indexOf(p);
    if (i >= 0) this.runq.splice(i, 1);
    if (p.stat === SSLEEP) this.unsleep(p);
    if (this.curproc === p) this.curproc = null;
  }

  /**
   * The process to run next: the current one if it is still runnable and
   * its slice is not over, else the first of the run queue (the current one
   * goes to the back of the queue). Null when nothing can run.
   */
  pick(): Proc | null {
    const cur = this.curproc;
    if (cur && cur.stat === SRUN && !this.needResched) return cur;
    this.needResched = false;
    if (cur && cur.stat === SRUN) {
      this.runq.push(cur);
      cur.ru.nivcsw++;
    }
    const next = this.runq.shift() ?? null;
    if (next !== cur) this.switches++;
    if (next) next.slice = ROUNDROBIN_TICKS;
    this.curproc = next;
    return next;
  }

  /** Clock tick: charge the running process's slice. */
  tick(): void {
    const cur = this.curproc;
    if (cur && --cur.slice <= 0 && this.runq.length > 0) this.needResched = true;
  }

  get runnable(): number {
    return this.runq.length + (this.curproc && this.curproc.stat === SRUN ? 1 : 0);
  }
}

/**
 * Sleep from inside a system call: `yield* tsleep(sched, p, chan, pri, wmesg)`.
 * The process stops here until wakeup(chan); the generator resumes when the
 * scheduler runs it again.
 */
export function* tsleep(
  sched: Scheduler,
  p: Proc,
  chan: unknown,
  pri: number,
  wmesg: string,
): Generator<void, void, void> {
  sched.sleep(p, chan, pri, wmesg);
  yield;
  // Woken by a signal rather than by the event (an interruptible sleep): EINTR.
  if (pri > PZERO && signalPending(p)) throw new Errno(EINTR);
}
