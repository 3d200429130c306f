/**
 * The process: 4.3BSD's struct proc and the parts of the u-area a hosted
 * kernel needs. Everything the kernel knows about a process is here; what
 * the hardware needs (its pages, its MMU context) is reached through `vm`.
 */
import { FpuContext } from '../../emu/cpu/fpu/fpu.js';
import type { File } from '../fs/file.js';
import type { Vnode } from '../fs/vnode.js';
import { NOFILE } from '../param.js';
import type { PmStruct } from '../pm/pm_struct.js';
import type { AddressSpace } from '../vm/as.js';
import type { Ucred } from './cred.js';
import { Rusage } from './resource.js';
import { SigState } from './signal.js';

/** p_stat values. */
export const SIDL = 1; // being created by fork
export const SRUN = 2; // runnable (or running)
export const SSLEEP = 3; // waiting for an event (p_wchan)
export const SSTOP = 4; // stopped (job control)
export const SZOMB = 5; // exited, waiting for its parent to collect the status
/**
 * Migrated away, its parent here (kernel/pm/): the entry stays as the
 * child its parent waits for, with no memory and never run, until the
 * machine the process ends on reports its exit (then a zombie), or the
 * process comes back.
 */
export const SMIGR = 6;

export const STAT_NAMES = ['', 'I', 'R', 'S', 'T', 'Z', 'M'];

/** p_flag bits (4.3BSD's proc.h values). */
export const SSYS = 0x0000002; // a system process (the swapper): no user address space, never runs user code
export const SVFORK = 0x0001000; // a vfork child still running in its parent's address space
/** Its ids were changed by a set-id exec or a set*id call (4.4BSD's P_SUGID, the same value): no core dumps. */
export const SSUGID = 0x0000100;
/** It has exec'd since fork, so its parent may no longer setpgid it (4.4BSD's P_EXEC, the same value). */
export const SEXEC = 0x0004000;

/**
 * The saved user context (4.3BSD's pcb): D0-D7 and A0-A6 as the process
 * left them, its user stack pointer in regs[15], and the PC and SR to
 * return to.
 */
export class Pcb {
  readonly regs = new Int32Array(16);
  pc = 0;
  sr = 0;
  /** The process's MC68881 state (machdep.ts switches it with the registers). */
  readonly fp = new FpuContext();

  copyFrom(o: Pcb): void {
    this.regs.set(o.regs);
    this.pc = o.pc;
    this.sr = o.sr;
    this.fp.copyFrom(o.fp);
  }
}

/**
 * A system call in progress that had to sleep: the generator that runs it
 * and the register values it will return. The scheduler resumes it when
 * the process runs again.
 */
export interface KernelThread {
  gen: Generator<void, void, void>;
  /** A page fault sleeping for a remote file's page (trap.ts), not a system call. */
  pagein?: boolean;
}

/** The per-process state 4.3BSD keeps in the u-area ("user structure"). */
export class User {
  /** Open files by descriptor. */
  readonly ofile: (File | null)[] = new Array(NOFILE).fill(null);
  /** Close-on-exec flags by descriptor. */
  readonly pofile: number[] = new Array(NOFILE).fill(0);
  /** Current and root directories. */
  cdir: Vnode | null = null;
  rdir: Vnode | null = null;
  /** The current directory's absolute name, as chdir was given it (for migration, which reopens it by name). */
  cdirName = '/';
  /** File creation mask. */
  cmask = 0o022;
  /** Command name (the last component of the file exec'd) and arguments, for ps. */
  comm = '';
  args: string[] = [];
  /** The a.out header of the program exec'd (4.3BSD's u_exdata), for core dumps. */
  exdata = new Uint8Array(32);
  /**
   * The controlling terminal (4.3BSD's u_ttyp and its device, u_ttyd; -1
   * none). Inherited by fork, kept by exec; the console is every user
   * process's controlling terminal (init gets it at boot).
   */
  ttyp: object | null = null;
  ttyd = -1;
  /**
   * Process migration's state (the thesis's pm_struct, kept in the u-area
   * as it was there): made at the first migration, null until then.
   */
  pm: PmStruct | null = null;
}

/**
 * The memory counters of the address spaces a process has left behind at
 * exec, so that they add up over the life of the process (4.3BSD keeps
 * rusage across exec in the same way).
 */
export class VmTotals {
  faults = 0;
  cowCopies = 0;
  ctxStolen = 0;
  pmegStolen = 0;

  add(as: { faults: number; cowCopies: number; ctxStolen: number; pmegStolen: number }): void {
    this.faults += as.faults;
    this.cowCopies += as.cowCopies;
    this.ctxStolen += as.ctxStolen;
    this.pmegStolen += as.pmegStolen;
  }
}

export class Proc {
  pid: number;
  /** Parent process (4.3BSD's p_pptr); init adopts orphans. */
  parent: Proc | null = null;
  readonly children = new Set<Proc>();
  stat = SIDL;
  /** SSYS, SVFORK. */
  flag = 0;
  /** What the process sleeps on (SSLEEP) and the priority it asked for. */
  wchan: unknown = null;
  wmesg = '';
  pri = 0;
  /** The tick a select asleep in its timeout gives up at (0: none), for migration to carry (kernel/pm). */
  selectDue = 0;
  /** A select made again after migration: the ticks its timeout had left (null: none). */
  restartTicks: number | null = null;
  /** Exit status for wait (4.3BSD's p_xstat, already in wait(2) format). */
  xstat = 0;
  /** Process group (job control comes with signals). */
  pgrp: number;
  /** Session: its leader's pid (session.ts). */
  sid = 0;

  cred: Ucred;
  readonly u = new User();
  readonly pcb = new Pcb();
  vm: AddressSpace;
  /** Interval timers (real, virtual, profiling), in clock ticks. */
  readonly itimers = [
    { value: 0, interval: 0 },
    { value: 0, interval: 0 },
    { value: 0, interval: 0 },
  ];
  /** Resource limits [current, maximum] by RLIMIT_ number. */
  rlimits: [number, number][] = [
    [0x7fffffff, 0x7fffffff],
    [0x7fffffff, 0x7fffffff],
    [64 * 1024 * 1024, 64 * 1024 * 1024],
    [2 * 1024 * 1024, 128 * 1024 * 1024],
    [0, 0x7fffffff],
    [0x7fffffff, 0x7fffffff],
  ];
  /** Scheduling niceness, -20 (favoured) to 20. */
  nice = 0;
  /** Recent CPU use in ticks, decayed every second (p_cpu), and the user priority it gives (p_usrpri). */
  cpu = 0;
  usrpri = 50;
  /** Signal state (handlers, masks, pending). */
  readonly sig = new SigState();
  /** Why a fault signal was sent, for the console if it kills the process. */
  faultMessage = '';
  /** A stop not yet reported to the parent by wait4(WUNTRACED). */
  stopUnreported = false;
  /** A sleeping system call waiting to be resumed. */
  kthread: KernelThread | null = null;

  /** Usage by this process, and by its waited-for descendants. */
  readonly ru = new Rusage();
  readonly cru = new Rusage();
  /** Memory counters of the address spaces this process ran in before its last exec. */
  readonly vmtotal = new VmTotals();
  /** Emulated cycle count when the process was created, and ticks left in its time slice. */
  startCycles = 0;
  slice = 0;

  constructor(pid: number, cred: Ucred, vm: AddressSpace) {
    this.pid = pid;
    this.pgrp = pid;
    this.cred = cred;
    this.vm = vm;
  }

  get ppid(): number {
    return this.parent ? this.parent.pid : 0;
  }
}
