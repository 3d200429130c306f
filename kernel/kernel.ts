/**
 * The kernel of one machine: its tables, and the object that ties its
 * parts together. The CPU enters it through trap(vector) (trap.ts) when it
 * takes an exception (the vector stubs in machdep.ts), and it leaves by
 * returning to a user process or to the idle loop; the clock's work is in
 * kern_clock.ts. All of a machine's kernel state is here; nothing is shared
 * between the kernels of a lab.
 */

import { type CostTable, costFor } from './cost.js';
import type { BlockDriver, CharDevice } from './dev/devsw.js';
import type { KernelEventSink } from './events.js';
import { BufPool } from './fs/bio.js';
import { FileTable } from './fs/file.js';
import { type DevSwitch, specvp } from './fs/specfs.js';
import { dounmount, type Vfs, vfs_devsearch } from './fs/vfs.js';
import type { Vnode } from './fs/vnode.js';
import type { Callout } from './kern_clock.js';
import { type KtraceClass, ktraceFault, ktraceSteal, type TraceRecord, traceLine } from './ktrace.js';
import { KERNEL_FRAMES, Machdep } from './machdep.js';
import type { Hardware } from './machine.js';
import { Net, netKernelOf } from './net/net.js';
import { CPU_HZ } from './param.js';
import { type Proc, SVFORK } from './proc/proc.js';
import { Scheduler } from './proc/sched.js';
import { stop } from './proc/signal.js';
import { returnToUser, trap } from './trap.js';
import type { AddressSpace } from './vm/as.js';
import { PageAllocator } from './vm/page.js';
import { Pmap } from './vm/pmap.js';
import { TextTable } from './vm/text.js';
import { PageDaemon } from './vm/vm_pageout.js';

export interface KernelOptions {
  /** Console output of the kernel itself (boot messages, panics), one string at a time. */
  log: (text: string) => void;
  /** Called with each trace line (ktrace.ts), of the classes in traceWhat. */
  trace?: (line: string) => void;
  /** The classes to trace (ktrace.ts); default: system calls if `trace` is given, else none. */
  traceWhat?: readonly KtraceClass[];
  /** The buffer cache (the one the root file system was mounted with); default: a new pool. */
  bufs?: BufPool;
}

/** Interrupt handlers by level, installed by the device drivers. */
type IntrHandler = () => void;

export class Kernel implements DevSwitch {
  readonly md: Machdep;
  readonly mem: PageAllocator;
  readonly pmap: Pmap;
  /** The page daemon's clock and its free-memory targets (vm/vm_pageout.ts). */
  readonly pagedaemon: PageDaemon;
  readonly sched = new Scheduler();
  readonly procs = new Map<number, Proc>();
  /** The open files (fs/file.ts): NFILE at most. */
  readonly files = new FileTable();
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
  /** The classes being traced (ktrace.ts). */
  readonly traceWhat: ReadonlySet<KtraceClass>;
  readonly log: (text: string) => void;
  /**
   * System-wide counters for the statistics line and statinfo(2):
   * niceCycles is the part of userCycles run by processes with a positive
   * nice value (4.3BSD's CP_NICE), pgpgin the pages exec read in from
   * program files (4.3BSD's v_pgpgin).
   */
  readonly stats = {
    syscalls: 0,
    faults: 0,
    traps: 0,
    interrupts: 0,
    userCycles: 0,
    systemCycles: 0,
    niceCycles: 0,
    pgpgin: 0,
    /** User instructions executed on this machine (by every process). */
    userInsns: 0,
  };
  /** The CPU's idle cycles (time in STOP) when this kernel booted: idle time counts from there. */
  readonly idleCyclesAtBoot: number;
  /** Set when the kernel has stopped (a panic, process 1 of `run` exited, reboot(2)). */
  halted = false;

  /** The root directory, the device switches, and the clock's idea of boot time. */
  root!: Vnode;
  readonly cdevsw = new Map<number, CharDevice>();
  readonly bdevsw = new Map<number, BlockDriver>();
  /** Block devices open for writing, and how many times (specfs.ts; mount refuses them). */
  readonly bwriters = new Map<number, number>();
  bootTime = 0;
  /** Called when process 1 exits (sun3lab run: the program was process 1). */
  onInitExit?: (status: number) => void;
  /**
   * Called when reboot(2) has stopped the kernel, with its RB_ flags: the
   * machine halts (RB_HALT) or boots again, which the Station does.
   */
  onReboot?: (howto: number) => void;
  /** The kernel's messages since boot (4.3BSD's msgbuf, what dmesg shows). */
  msgbuf = '';
  /** Is all console output sent? (set by the console driver) */
  consoleDrained: () => boolean = () => true;
  /** Has the console nothing typed waiting to be read (no whole line; in raw mode no character)? (set by the console driver) */
  consoleInputEmpty: () => boolean = () => true;
  /** Where the kernel tells its host what happens (events.ts); null: nobody listens. */
  events: KernelEventSink | null = null;
  /** The mount table (fs/vfs.ts): every mounted file system, the root first (sync flushes them all, shutdown unmounts them). */
  readonly mounts: Vfs[] = [];
  /** The buffer cache all of them share (fs/bio.ts). */
  readonly bufs: BufPool;
  /** The network: interfaces, protocols, sockets (net/net.ts). */
  readonly net: Net;
  /** How shutdown ended: null while the system runs, then whether every file system was left clean. */
  private down: boolean | null = null;
  /** What the kernel's own work costs under the CPU's timing model (cost.ts). */
  readonly cost: CostTable;

  constructor(
    readonly hw: Hardware,
    opts: KernelOptions,
  ) {
    this.log = opts.log;
    this.trace = opts.trace;
    this.traceWhat = new Set(opts.traceWhat ?? (opts.trace ? ['syscalls'] : []));
    this.bufs = opts.bufs ?? new BufPool();
    this.md = new Machdep(hw);
    this.cost = costFor(hw.cpu.timing);
    this.idleCyclesAtBoot = hw.cpu.idleCycles;
    this.mem = new PageAllocator(hw.ram, KERNEL_FRAMES);
    this.pmap = new Pmap(hw);
    this.pagedaemon = new PageDaemon(this.mem, this.pmap);
    this.texts = new TextTable(this.mem);
    this.mem.moved = (as, va) => this.pmap.unload(as as AddressSpace, va);
    this.mem.written = (frame) => hw.frameWritten?.(frame); // block engine: drop stale translations
    this.md.install((v) => trap(this, v));
    this.sched.stop = (p, sig) => stop(this, p, sig);
    this.net = new Net(netKernelOf(this));
    if (this.traceWhat.has('faults')) {
      this.faultHook = (p, va, write) => ktraceFault(this, p, va, write);
      this.pmap.stolen = (what, n, victim, va) => ktraceSteal(this, what, n, victim, va);
    }
  }

  get cpu() {
    return this.hw.cpu;
  }

  /** A trace record (ktrace.ts): a line to the trace, and a `trace` event to the host. */
  traceOut(r: TraceRecord): void {
    const now = this.cpu.cycles;
    this.trace?.(traceLine(now, CPU_HZ, r));
    this.events?.({ type: 'trace', cls: r.cls, pid: r.pid, text: r.text });
  }

  /** What settimeofday added to the clock, in microseconds, and the zone it set ([minuteswest, dsttime]). */
  timeOffsetUs = 0;
  timezone: [number, number] = [0, 0];

  /**
   * The CPU cycle at which second `bootTime` began: 0 at power-on, later
   * after a reboot (the CPU's cycle count goes on across it).
   */
  bootCycles = 0;
  /** The cycle count when the clock started ticking: tick n comes n clock periods later. */
  tick0Cycles = 0;

  /** The time of day as (seconds, microseconds) since 1970: boot time plus emulated time. */
  timeOfDay(): [number, number] {
    return this.timeAt(this.cpu.cycles);
  }

  /** The time of day it was (or will be) at emulated cycle count `cycles`. */
  timeAt(cycles: number): [number, number] {
    const us = Math.floor(((cycles - this.bootCycles) * 1_000_000) / CPU_HZ) + this.timeOffsetUs;
    const sec = Math.floor(us / 1_000_000);
    return [this.bootTime + sec, us - sec * 1_000_000];
  }

  /** Charge `cycles` of the kernel's own work to emulated time (the figures are in cost.ts). */
  charge(cycles: number): void {
    this.cpu.cycles += cycles;
  }

  /** Charge the kernel's copying of n bytes (bcopy, copyin, copyout: cost.ts). */
  chargeCopy(n: number): void {
    this.cpu.cycles += this.cost.copy(n);
  }

  /** The device vnode for a character or block special file. */
  specvp(vp: Vnode): Vnode {
    return specvp(vp, vp.getattr().rdev, this);
  }

  /** Is a file system mounted from block device `dev`? */
  mountedOn(dev: number): boolean {
    return vfs_devsearch(this, dev) !== undefined;
  }

  /** Write every file system's dirty state to its disk: the delayed writes, inodes, superblocks (sync(2)). */
  sync(): void {
    for (const m of this.mounts) m.sync();
  }

  /**
   * Stop the system cleanly (what 4.3BSD's boot() does before it halts or
   * reboots, and a little more): every process lets go of its open files,
   * its current and root directories and its program's text, as exit would
   * but without running any user code, so that a file removed while open and
   * a directory removed while someone was in it are freed at this last close;
   * then the delayed writes go to the disks, every file system is unmounted,
   * the root last, and the devices are flushed. The kernel is halted
   * afterwards: no process runs again, and a second call does nothing.
   *
   * With `nosync` (reboot -n) nothing is closed or written: the disks keep
   * what they have, delayed writes are lost, and the file systems stay
   * marked as mounted, for fsck at the next boot.
   *
   * Called from a system call (reboot), the trap's return then idles; called
   * from the host, the caller parks the CPU (Station.shutdown). Returns
   * whether every file system was left marked clean.
   */
  shutdown(opts: { nosync?: boolean } = {}): boolean {
    if (this.down !== null) return this.down;
    this.halted = true;
    if (opts.nosync) {
      this.down = false;
      return false;
    }
    let clean = true;
    const failed = (what: string, e: unknown) => {
      clean = false;
      this.msgbuf += `shutdown: ${what}: ${e instanceof Error ? e.message : String(e)}\n`;
    };
    const spaces = new Set<AddressSpace>();
    for (const p of this.procs.values()) {
      try {
        this.closeAll?.(p);
        if (!(p.flag & SVFORK) && !spaces.has(p.vm)) {
          spaces.add(p.vm);
          this.pmap.release(p.vm);
          p.vm.clear();
        }
      } catch (e) {
        failed(`pid ${p.pid}`, e);
      }
    }
    try {
      this.sync();
    } catch (e) {
      failed('sync', e);
    }
    for (const vfs of [...this.mounts].reverse()) {
      try {
        if (!dounmount(this, vfs, true)) clean = false;
      } catch (e) {
        failed(`unmount ${vfs.dir}`, e);
      }
    }
    this.mounts.length = 0;
    this.down = clean;
    return clean;
  }

  /** Seconds of emulated time since boot. */
  get uptime(): number {
    return (this.cpu.cycles - this.bootCycles) / CPU_HZ;
  }

  // ------------------------------------------------------------------ processes

  /** Hooks the file layer installs: close a process's descriptors at exit, share them at fork. */
  closeAll?: (p: Proc) => void;
  forkFiles?: (parent: Proc, child: Proc) => void;

  // ------------------------------------------------------------------ trap.ts

  /** Cycle count at the last switch between user and kernel, for time accounting. */
  lastCycles = 0;
  /** The CPU's instruction count at the same instant, for the per-process user-instruction counter. */
  lastInsns = 0;
  /** What the kernel is doing, for a panic message: the vector (-1: on the way out), the process (-1: none) and its pc. */
  readonly doing = { vector: 0, pid: -1, pc: 0 };
  /** Whether the exception being handled interrupted user state (for the clock). */
  interruptedUser = false;
  /** Observer of page faults (traces). */
  faultHook?: (p: Proc, va: number, write: boolean) => void;

  /** Start a process on an already-built address space and user context (boot of init). */
  start(p: Proc): void {
    this.sched.setrun(p);
    returnToUser(this);
    this.md.startFromFrame();
  }

  panic(why: string): void {
    this.events?.({ type: 'panic', message: why });
    this.log(`panic: ${why}\n`);
    this.halted = true;
    this.cpu.halted = true;
    this.cpu.haltReason = `panic: ${why}`;
  }

  // ------------------------------------------------------------------ kern_clock.ts

  /** Clock ticks since boot. */
  ticks = 0;
  /** The 1, 5 and 15-minute load averages (4.3BSD's avenrun). */
  readonly avenrun = [0, 0, 0];
  /** Callouts (4.3BSD's timeout()): functions to call at a clock tick. */
  callouts: Callout[] = [];

  /** Callouts waiting for their tick. */
  get calloutCount(): number {
    return this.callouts.length;
  }

  // ------------------------------------------------------------------ select

  /** The wait channel of select(), and waking it when a descriptor may have become ready. */
  readonly selwait = {};
  selwakeup(): void {
    this.sched.wakeup(this.selwait);
  }
}
