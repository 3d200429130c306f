/**
 * The kernel of one machine: its tables and its entry point. The CPU enters
 * it through Kernel.trap(vector) when it takes an exception (the vector
 * stubs in machdep.ts), and it leaves by returning to a user process or to
 * the idle loop. All of its state is here; nothing is shared between the
 * kernels of a lab.
 */

import type { CharDevice } from './dev/devsw.js';
import { Errno } from './errno.js';
import { specvp } from './fs/specfs.js';
import type { Vnode } from './fs/vnode.js';
import { type Frame, KERNEL_FRAMES, Machdep, SR_S } from './machdep.js';
import type { Hardware } from './machine.js';
import { CPU_HZ, HZ, NBPG } from './param.js';
import { coredump } from './proc/core.js';
import { exit } from './proc/exit.js';
import { type Proc, SRUN, SSTOP } from './proc/proc.js';
import { LOADAV_INTERVAL_TICKS, loadav, Scheduler } from './proc/sched.js';
import {
  postsig,
  psignal,
  SIGBUS,
  SIGCHLD,
  SIGEMT,
  SIGFPE,
  SIGILL,
  SIGKILL,
  SIGSEGV,
  SIGSTOP,
  SIGTRAP,
  SIGXCPU,
} from './proc/signal.js';
import { itimerTick, RLIMIT_CPU } from './sys/resource.js';
import { Panic, syscall } from './syscall.js';
import type { AddressSpace } from './vm/as.js';
import { PageAllocator } from './vm/page.js';
import { Pmap } from './vm/pmap.js';
import { TextTable } from './vm/text.js';

/** Trap vector numbers the kernel handles (MC68020 UM Table 6-1). */
const T_BUSERR = 2;
const T_TRACE = 9;
const T_SYSCALL = 32;
const T_AUTOVEC = 24;
/** `trap #n` is vector 32 + n: #0 system calls, #2 cache flush, #15 breakpoint (SunOS's scb.s). */
const T_TRAP2 = 34;
const T_BRKPT = 47;
/** The status register's trace bits (T1, T0). */
const SR_TRACE = 0xc000;
/** The wait status's core-dumped bit (WCOREFLAG). */
const WCOREFLAG = 0x80;

/** Emulated cycles the kernel charges for its own work on each entry. */
const TRAP_CYCLES = 120;

export interface KernelOptions {
  /** Console output of the kernel itself (boot messages, panics), one string at a time. */
  log: (text: string) => void;
  /** Called with one line per system call when tracing. */
  trace?: (line: string) => void;
}

/** Interrupt handlers by level, installed by the device drivers. */
type IntrHandler = () => void;

/** A pending timeout: the tick it is due at and what to call. */
export interface Callout {
  at: number;
  fn: () => void;
}

export class Kernel {
  readonly md: Machdep;
  readonly mem: PageAllocator;
  readonly pmap: Pmap;
  readonly sched = new Scheduler();
  readonly procs = new Map<number, Proc>();
  /** The machine's name (gethostname). */
  hostname = 'sun0';
  /** Process 0, the swapper (init_main.ts): a system process, parent of init. */
  proc0!: Proc;
  /** The last process id given out (4.3BSD's mpid; fork.ts). */
  mpid = 0;
  /** The last inode number given to a pipe (fstat's st_ino; pipe.ts): each machine counts its own. */
  pipeino = 0;
  /** The text table: the shared text of every program being run (vm/text.ts). */
  readonly texts: TextTable;
  readonly intr: (IntrHandler | undefined)[] = new Array(8);
  readonly trace?: (line: string) => void;
  readonly log: (text: string) => void;
  /** Cycle count at the last switch between user and kernel, for time accounting. */
  private lastCycles = 0;
  /** System-wide counters for the statistics line. */
  readonly stats = { syscalls: 0, faults: 0, traps: 0, interrupts: 0, userCycles: 0, systemCycles: 0 };
  /** Set when the kernel has stopped (panic, or everything exited). */
  halted = false;

  /** The root directory, the character device switch, and the clock's idea of boot time. */
  root!: Vnode;
  readonly cdevsw = new Map<number, CharDevice>();
  bootTime = 0;
  /** Called when process 1 exits (sun3lab run: the program was process 1). */
  onInitExit?: (status: number) => void;
  /** The kernel's messages since boot (4.3BSD's msgbuf, what dmesg shows). */
  msgbuf = '';
  /** Is all console output sent? (set by the console driver) */
  consoleDrained: () => boolean = () => true;
  /** File systems to flush on sync. */
  readonly mounts: { sync(): void }[] = [];

  constructor(
    readonly hw: Hardware,
    opts: KernelOptions,
  ) {
    this.log = opts.log;
    this.trace = opts.trace;
    this.md = new Machdep(hw);
    this.mem = new PageAllocator(hw.ram, KERNEL_FRAMES);
    this.pmap = new Pmap(hw);
    this.texts = new TextTable(this.mem);
    this.mem.moved = (as, va) => this.pmap.unload(as as AddressSpace, va);
    this.md.install((v) => this.trap(v));
    this.sched.stop = (p, sig) => this.stop(p, sig);
  }

  get cpu() {
    return this.hw.cpu;
  }

  /** The time of day as (seconds, microseconds) since 1970: boot time plus emulated time. */
  timeOfDay(): [number, number] {
    const us = Math.floor((this.cpu.cycles * 1_000_000) / CPU_HZ);
    return [this.bootTime + Math.floor(us / 1_000_000), us % 1_000_000];
  }

  /** Charge the kernel's copying of n bytes (a cycle per 4 bytes, as a 68020 moving longs). */
  chargeCopy(n: number): void {
    this.cpu.cycles += n >> 2;
  }

  /** The device vnode for a character special file. */
  specvp(vp: Vnode): Vnode {
    return specvp(vp, vp.getattr().rdev, this.cdevsw);
  }

  /** Write every file system's dirty state to its disk. */
  sync(): void {
    for (const m of this.mounts) m.sync();
  }

  /** Seconds of emulated time since power-on. */
  get uptime(): number {
    return this.cpu.cycles / CPU_HZ;
  }

  // ------------------------------------------------------------------ processes

  /** Hooks the file layer installs: close a process's descriptors at exit, share them at fork. */
  closeAll?: (p: Proc) => void;
  forkFiles?: (parent: Proc, child: Proc) => void;

  // ------------------------------------------------------------------ entry

  /**
   * Every exception enters here (from the vector stubs). Whatever goes wrong
   * in the kernel stays in this machine (design §8): an exception that is
   * not a Unix error — a broken invariant, a bug — becomes a panic naming
   * what the kernel was doing, and the machine halts; the host never sees
   * it.
   */
  trap(vector: number): void {
    try {
      this.trap1(vector);
    } catch (e) {
      const why = e instanceof Panic ? e.message : `${this.doing()}: ${describeError(e)}`;
      this.panic(why);
    }
  }

  /** What the kernel is doing, for a panic message: the vector and the process (-1: none, or on the way out). */
  private doingVector = 0;
  private doingPid = -1;
  private doingPc = 0;

  private doing(): string {
    const v = this.doingVector;
    if (v < 0) return 'returning to user state';
    if (v > T_AUTOVEC && v < T_AUTOVEC + 8) return `interrupt level ${v - T_AUTOVEC}`;
    if (this.doingPid < 0) return `trap ${v}`;
    return `trap ${v} of pid ${this.doingPid} at pc 0x${hex(this.doingPc)}`;
  }

  /** The work of trap(). */
  private trap1(vector: number): void {
    const cpu = this.cpu;
    this.doingVector = vector;
    this.doingPid = -1;
    const frame = this.md.frame();
    const fromUser = (frame.sr & SR_S) === 0;
    if (!fromUser && this.md.inEntryStub(frame.pc)) {
      // An interrupt taken after the CPU stacked another exception's frame
      // but before that exception's stub ran (the 68020 checks for
      // interrupts there too). Serve the interrupt and return to the stub;
      // the outer exception is then handled as usual.
      this.stats.traps++;
      if (vector > T_AUTOVEC && vector < T_AUTOVEC + 8) this.interrupt(vector - T_AUTOVEC);
      else this.panic(`exception ${vector} on kernel entry at pc 0x${frame.pc.toString(16)}`);
      return;
    }
    const p = fromUser ? this.sched.curproc : null;
    // Time accounting: what ran since the last switch was user code or idle.
    const now = cpu.cycles;
    if (p) {
      p.ru.utime += now - this.lastCycles;
      this.stats.userCycles += now - this.lastCycles;
      this.md.save(p.pcb, frame);
    }
    this.stats.traps++;
    this.interruptedUser = fromUser;
    cpu.cycles += TRAP_CYCLES;
    try {
      if (vector === T_SYSCALL && p) syscall(this, p);
      else if (vector > T_AUTOVEC && vector < T_AUTOVEC + 8) {
        this.interrupt(vector - T_AUTOVEC);
      } else if (p) {
        this.doingPid = p.pid;
        this.doingPc = frame.pc;
        this.userFault(p, vector, frame);
      } else this.panic(`trap ${vector} in kernel state at pc 0x${frame.pc.toString(16)}`);
    } catch (e) {
      if (e instanceof Errno && p) {
        p.faultMessage = `unexpected kernel error ${e.errno}`;
        psignal(this, p, SIGKILL);
      } else throw e;
    }
    const spent = cpu.cycles - now;
    if (p) p.ru.stime += spent;
    this.stats.systemCycles += spent;
    this.doingVector = -1;
    this.returnToUser();
  }

  /** Clock ticks since boot. */
  ticks = 0;

  /** The 1, 5 and 15-minute load averages (4.3BSD's avenrun). */
  readonly avenrun = [0, 0, 0];

  /**
   * Every clock tick (4.3BSD's hardclock): the time slice, the interval
   * timers, the CPU time limit, and every 5 seconds the load average.
   * `user` says whether the tick interrupted user state.
   */
  hardclock(user: boolean): void {
    this.ticks++;
    this.sched.tick();
    const cur = this.sched.curproc;
    itimerTick(this, cur, user, (p, sig) => psignal(this, p, sig));
    this.runCallouts();
    if (cur) this.cpulimit(cur);
    if (this.ticks % LOADAV_INTERVAL_TICKS === 0) loadav(this.avenrun, this.sched.runnable);
    if (this.ticks % HZ === 0) this.sched.schedcpu(this.procs.values(), this.avenrun[0]);
  }

  /**
   * The CPU time limit (4.3BSD's hardclock; the hard limit as 4.4BSD): past
   * the soft limit the process gets SIGXCPU, and the soft limit is raised
   * by 5 seconds (not beyond the hard one) so that a process that catches
   * the signal has time to clean up, and is told again only if it keeps
   * going; past the hard limit it is killed.
   */
  private cpulimit(p: Proc): void {
    if (p.stat !== SRUN) return;
    const secs = (p.ru.utime + p.ru.stime) / CPU_HZ;
    const lim = p.rlimits[RLIMIT_CPU];
    if (secs >= lim[1]) {
      if (!(p.sig.pending & (1 << (SIGKILL - 1)))) {
        p.faultMessage = 'exceeded maximum CPU limit';
        psignal(this, p, SIGKILL);
      }
    } else if (secs >= lim[0]) {
      psignal(this, p, SIGXCPU);
      lim[0] = Math.min(lim[1], lim[0] + 5);
    }
  }

  /** Callouts (4.3BSD's timeout()): functions to call at a clock tick. */
  private callouts: Callout[] = [];

  /** Call fn after `ticks` clock ticks; the callout can be cancelled with untimeout. */
  timeout(fn: () => void, ticks: number): Callout {
    const c = { at: this.ticks + Math.max(1, ticks), fn };
    this.callouts.push(c);
    return c;
  }

  /** Cancel a callout that has not run yet (4.3BSD's untimeout). */
  untimeout(c: Callout): void {
    const i = this.callouts.indexOf(c);
    if (i >= 0) this.callouts.splice(i, 1);
  }

  /** Callouts waiting for their tick. */
  get calloutCount(): number {
    return this.callouts.length;
  }

  /** The wait channel of select(), and waking it when a descriptor may have become ready. */
  readonly selwait = {};
  selwakeup(): void {
    this.sched.wakeup(this.selwait);
  }

  private runCallouts(): void {
    if (this.callouts.length === 0) return;
    const due = this.callouts.filter((c) => c.at <= this.ticks);
    if (due.length === 0) return;
    this.callouts = this.callouts.filter((c) => c.at > this.ticks);
    for (const c of due) c.fn();
  }

  /** Whether the exception being handled interrupted user state (for the clock). */
  interruptedUser = false;

  private interrupt(level: number): void {
    this.stats.interrupts++;
    const h = this.intr[level];
    if (h) h();
  }

  /** A user process faulted: a page to bring in, or a signal (4.3BSD's trap()). */
  private userFault(p: Proc, vector: number, frame: Frame): void {
    if (vector === T_BUSERR) {
      this.pageFault(p, frame);
      return;
    }
    // The trap instructions, as SunOS's scb.s and trap.c have them: #15 is
    // the debuggers' breakpoint (SIGTRAP), #2 flushes the instruction cache
    // (which an emulated 68020 keeps coherent, so nothing to do), and the
    // others are bad traps (SIGILL, at the trap instruction itself).
    if (vector === T_BRKPT) {
      this.faultSignal(p, SIGTRAP, vector, frame.pc, `breakpoint trap at pc 0x${hex(frame.pc - 2)}`);
      return;
    }
    if (vector === T_TRAP2) return;
    if (vector > T_SYSCALL && vector < T_BRKPT) {
      const at = frame.pc - 2;
      this.faultSignal(p, SIGILL, vector, at, `trap #${vector - T_SYSCALL} at pc 0x${hex(at)}`);
      return;
    }
    // A trace exception: the instruction ran with the trace bit set. The bit
    // is cleared and the process gets SIGTRAP (SunOS's dotrace).
    if (vector === T_TRACE) p.pcb.sr &= ~SR_TRACE;
    const names: Record<number, [number, string]> = {
      3: [SIGBUS, 'address error'],
      4: [SIGILL, 'illegal instruction'],
      5: [SIGFPE, 'division by zero'],
      6: [SIGFPE, 'CHK out of bounds'],
      7: [SIGFPE, 'TRAPV/TRAPcc'],
      8: [SIGILL, 'privileged instruction'],
      9: [SIGTRAP, 'trace trap'],
      10: [SIGEMT, 'line-A instruction'],
      11: [SIGEMT, 'line-F (coprocessor) instruction'],
      14: [SIGILL, 'format error'],
    };
    const [signo, what] = names[vector] ?? [SIGILL, `trap ${vector}`];
    this.faultSignal(p, signo, vector, frame.pc, `${what} at pc 0x${hex(frame.pc)}`);
  }

  /** A signal caused by the instruction at pc (code: the trap vector, as SunOS reports it). */
  private faultSignal(p: Proc, signo: number, code: number, addr: number, message: string): void {
    p.sig.code = code;
    p.sig.addr = addr;
    p.faultMessage = message;
    // A fault signal that is blocked or ignored cannot be survived: the instruction would fault again.
    const bit = 1 << (signo - 1);
    if (p.sig.mask & bit || p.sig.ignore & bit) {
      p.sig.mask &= ~bit;
      p.sig.ignore &= ~bit;
      p.sig.catch &= ~bit;
    }
    psignal(this, p, signo);
  }

  /** Bus error from user state: load the page if the address space has it, else SIGSEGV. */
  private pageFault(p: Proc, frame: Frame): void {
    const dataFault = (frame.ssw & 0x0100) !== 0;
    const va = frame.faultAddress;
    const write = dataFault && (frame.ssw & 0x0040) === 0;
    this.stats.faults++;
    p.ru.minflt++;
    const page = p.vm.fault(va, write);
    p.ru.maxrss = Math.max(p.ru.maxrss, (p.vm.rss * NBPG) >> 10); // in kilobytes, as 4.3BSD reports it
    if (page === 'nomem') {
      p.faultMessage = 'out of memory';
      psignal(this, p, SIGKILL);
      return;
    }
    if (page === null) {
      this.faultSignal(p, SIGSEGV, 2, va, `segmentation violation at 0x${hex(va)} (pc 0x${hex(frame.pc)})`);
      return;
    }
    this.pmap.load(p.vm, va, page);
    this.faultHook?.(p, va, write);
  }

  /**
   * The default action of a fatal signal (4.3BSD's psig): for the signals
   * that leave a core image, write one (proc/core.ts) and set the wait
   * status's core bit; report a fault that caused the signal; and exit.
   */
  exitOnSignal(p: Proc, signo: number, core: boolean): void {
    const dumped = core && coredump(this, p, signo);
    if (p.faultMessage && (p.sig.code !== 0 || signo === SIGKILL))
      this.log(`pid ${p.pid} (${p.u.comm}): ${p.faultMessage}${dumped ? ' (core dumped)' : ''}\n`);
    p.faultMessage = '';
    exit(this, p, signo | (dumped ? WCOREFLAG : 0));
  }

  /**
   * The default action of a stop signal: stop, and tell the parent
   * (4.3BSD's stop()). Returns whether the process stopped. A child of init
   * is not allowed to stop for a terminal's signal (SIGTSTP, SIGTTIN,
   * SIGTTOU): init would never continue it, so it is sent SIGKILL instead,
   * as 4.3BSD's issig and psignal do ("don't clog system with children of
   * init stopped from the keyboard"). SIGSTOP, which someone sent on
   * purpose, still stops it.
   */
  stop(p: Proc, signo: number): boolean {
    if (signo !== SIGSTOP && p.parent?.pid === 1) {
      psignal(this, p, SIGKILL);
      return false;
    }
    p.stat = SSTOP;
    p.xstat = (signo << 8) | 0x7f;
    p.stopUnreported = true;
    this.sched.remove(p);
    if (p.parent) {
      psignal(this, p.parent, SIGCHLD);
      this.sched.wakeup(p.parent);
    }
    return true;
  }

  /** Observer of page faults (traces). */
  faultHook?: (p: Proc, va: number, write: boolean) => void;

  /**
   * Leave the kernel: resume sleeping system calls that have been woken,
   * then return to the process the scheduler picks, or idle.
   */
  returnToUser(): void {
    for (;;) {
      if (this.halted) {
        this.md.idle();
        break;
      }
      const p = this.sched.pick();
      if (!p) {
        this.md.idle();
        break;
      }
      const kt = p.kthread;
      if (kt) {
        if (!kt.gen.next().done) continue; // slept again
        if (p.kthread === kt) p.kthread = null;
        if (p.stat !== SRUN) continue; // it exited
      }
      // Signals are acted on at the return to user state.
      if (p.sig.pending && !postsig(this, p)) continue;
      this.pmap.activate(p.vm);
      this.md.resume(p.pcb);
      break;
    }
    this.lastCycles = this.cpu.cycles;
  }

  /** Start a process on an already-built address space and user context (boot of init). */
  start(p: Proc): void {
    this.sched.setrun(p);
    this.returnToUser();
    this.md.startFromFrame();
  }

  panic(why: string): void {
    this.log(`panic: ${why}\n`);
    this.halted = true;
    this.cpu.halted = true;
    this.cpu.haltReason = `panic: ${why}`;
  }
}

function hex(n: number): string {
  return (n >>> 0).toString(16);
}

/** An exception escaping the kernel, in one line for a panic message. */
function describeError(e: unknown): string {
  const text = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return text.replace(/\s+/g, ' ').trim();
}
