/**
 * The machine as gdb sees it (the Debuggee of stub.ts): a Station's CPU,
 * memory and processes, and the run control that breakpoints, watchpoints,
 * single steps and ^C need.
 *
 * Breakpoints and watchpoints are the emulator's, never written into the
 * guest's memory. Each belongs to a thread: a process, known by the
 * kernel's own identity of it (its pid, through the kernel's curproc), not
 * by the Sun-3 hardware context it happens to run in (the kernel steals
 * and reuses those); or the CPU itself (CPU_THREAD), whose breakpoints stop
 * whatever runs there. So a breakpoint set in one process never stops
 * another running the same program at the same address.
 *
 * While gdb has anything set or is stepping, the CPU's breakHook checks
 * every instruction, and the CPU runs one instruction at a time in its
 * interpreter; otherwise the hook is off and the block engine keeps its
 * speed. When gdb holds the machine (cpu.held) it does not run at all:
 * emulated time stands still.
 */
import { EFAULT, Errno } from '../../kernel/errno.js';
import type { KernelEvent } from '../../kernel/events.js';
import { NBPG, PGOFSET } from '../../kernel/param.js';
import { type Proc, SIDL, SMIGR, SRUN, SSLEEP, SSTOP, SZOMB } from '../../kernel/proc/proc.js';
import { psignal, SIGKILL } from '../../kernel/proc/signal.js';
import { copyout } from '../../kernel/vm/copyio.js';
import type { Cpu } from '../cpu/cpu.js';
import type { Station } from '../lab/station.js';
import {
  decodeRegister,
  encodeRegisters,
  NUM_REGS,
  REG_FP0,
  REG_FPCONTROL,
  REG_PC,
  REG_SR,
  type RegisterState,
  registerSlice,
} from './m68k-regs.js';
import {
  CPU_THREAD,
  type Debuggee,
  GDB_SIGINT,
  GDB_SIGTRAP,
  type StopReason,
  type ThreadInfo,
  Z_ACCESS,
  Z_HARDWARE,
  Z_READ,
  Z_SOFTWARE,
  Z_WRITE,
} from './stub.js';

/** Supervisor data, the function code memory of the CPU thread is read with. */
const FC_SUPERVISOR_DATA = 5;

interface Watchpoint {
  type: number;
  addr: number;
  len: number;
  thread: number;
  /** The bytes when last looked at (a write watchpoint also stops when they change, as when the kernel writes them). */
  old: Uint8Array;
}

export interface MachineDebuggerOptions {
  /**
   * The process being debugged (sun3lab run --gdb): it is the thread gdb
   * sees first, and a ^C stops it. Undefined: the whole machine (boot).
   */
  focus?: number;
  /** The host file with the program's symbols (PROG.dbg), served to gdb as its exec file. */
  execFile?: string | null;
  /** The name of the machine at an Internet address (a lab), for the message of a process that migrates. */
  hostName?: (addr: string) => string | null;
}

export class MachineDebugger implements Debuggee {
  /** The stub to tell of stops and events (set by whoever connects gdb). */
  onStop: (r: StopReason) => void = () => {};
  onConsole: (text: string) => void = () => {};
  /** The debugged process has left for another machine: gdb's connection must end (after the message). */
  onGone: () => void = () => {};
  /** gdb asked to kill the machine (boot, or a process already gone). */
  killRequested = false;

  private reason: StopReason;
  /** Software breakpoints: address → the threads that own one there. */
  private readonly breaks = new Map<number, Set<number>>();
  private watches: Watchpoint[] = [];
  /** A watchpoint the last instruction touched (the access hook saw it). */
  private watchHit: Watchpoint | null = null;
  /** Stepping this thread: stop at its next instruction. */
  private stepping: number | null = null;
  /** Stop at the focus process's next user instruction (its first, for run --gdb). */
  private stopAtUser = false;
  /** cpu.instructions when the machine was let go (a write watchpoint compares after an instruction). */
  private resumedAt = -1;
  /** The instruction the machine was held at, and whose: it runs when let go, not a breakpoint hit again. */
  private heldPc = -1;
  private heldThread = -1;
  /**
   * The instruction about to run is the stepped thread's (stepBegun) or the
   * one gdb let go from (heldBegun). Only once it completes (cpu.stepHook:
   * not when it faults, a page fault making it run again) does the step
   * end at the thread's next instruction (stepDone), or the breakpoint
   * where gdb let go count again.
   */
  private stepBegun = false;
  private heldBegun = false;
  private stepDone = false;
  private exitReported = false;

  constructor(
    private readonly st: Station,
    private readonly opts: MachineDebuggerOptions = {},
  ) {
    this.reason = { kind: 'signal', signal: GDB_SIGTRAP, thread: opts.focus ?? CPU_THREAD };
    this.stopAtUser = opts.focus !== undefined;
    this.arm();
  }

  get attached(): boolean {
    return this.opts.focus === undefined;
  }

  private get cpu(): Cpu {
    return this.st.machine.cpu;
  }

  /** Does gdb hold the machine? */
  get holding(): boolean {
    return this.cpu.held;
  }

  /** The process whose user state is in the CPU now, if any. */
  private live(): Proc | null {
    const p = this.st.kernel.sched.curproc;
    return p !== null && !this.cpu.srS ? p : null;
  }

  /** A process with a user state of its own (not pid 0, the kernel's; not a zombie, nor one being made or gone). */
  private proc(thread: number): Proc | null {
    if (thread === CPU_THREAD || thread <= 0) return null;
    const p = this.st.kernel.procs.get(thread);
    return p && p.stat !== SZOMB && p.stat !== SIDL && p.stat !== SMIGR ? p : null;
  }

  execFile(): string | null {
    return this.opts.execFile ?? null;
  }

  stopReason(): StopReason {
    return this.reason;
  }

  threads(): ThreadInfo[] {
    const list: ThreadInfo[] = [];
    for (const p of [...this.st.kernel.procs.values()].sort((a, b) => a.pid - b.pid)) {
      if (this.proc(p.pid) === null) continue;
      list.push({ id: p.pid, extra: `pid ${p.pid} ${p.u.comm || '?'} (${stateName(p, this.live())})` });
    }
    // The whole machine's debugger shows the CPU itself too; one process's debugger only processes.
    if (this.opts.focus === undefined)
      list.push({ id: CPU_THREAD, extra: `the CPU (${this.cpu.srS ? 'supervisor' : 'user'} state)` });
    return list;
  }

  // ------------------------------------------------------------ registers

  private state(thread: number): RegisterState | null {
    const cpu = this.cpu;
    const p = this.proc(thread);
    if (thread === CPU_THREAD || (p !== null && p === this.live()))
      return { r: cpu.r, sr: cpu.getSR(), pc: cpu.pc, fp: cpu.fpu };
    if (p === null) return null;
    return { r: p.pcb.regs, sr: p.pcb.sr, pc: p.pcb.pc, fp: this.cpu.fpu ? p.pcb.fp : null };
  }

  registers(thread: number): Uint8Array | null {
    const s = this.state(thread);
    return s ? encodeRegisters(s) : null;
  }

  setRegisters(thread: number, data: Uint8Array): boolean {
    if (data.length < 72) return false; // at least the integer registers
    for (let n = 0; n < NUM_REGS; n++) {
      const r = registerSlice(data, n);
      if (r === null) break;
      if (!this.setRegister(thread, n, r)) return false;
    }
    return true;
  }

  /**
   * Set one register. A process's SR takes only its condition codes (a
   * debugger cannot make a process privileged); the CPU thread's takes all
   * of it.
   */
  setRegister(thread: number, n: number, data: Uint8Array): boolean {
    const v = decodeRegister(n, data);
    if (v === null) return false;
    const cpu = this.cpu;
    const p = this.proc(thread);
    const isLive = thread === CPU_THREAD || (p !== null && p === this.live());
    if (!isLive && p === null) return false;
    if ('se' in v) {
      const fp = isLive ? cpu.fpu : p?.pcb.fp;
      if (!fp || !cpu.fpu) return true;
      fp.se[n - REG_FP0] = v.se;
      fp.hi[n - REG_FP0] = v.hi;
      fp.lo[n - REG_FP0] = v.lo;
      return true;
    }
    const x = v.value;
    if (n < 16) {
      if (isLive) cpu.r[n] = x;
      else if (p) p.pcb.regs[n] = x;
    } else if (n === REG_SR) {
      if (thread === CPU_THREAD) cpu.setSR(x & 0xffff);
      else if (isLive) cpu.setCCR(x & 0x1f);
      else if (p) p.pcb.sr = (p.pcb.sr & ~0x1f) | (x & 0x1f);
    } else if (n === REG_PC) {
      if (isLive) cpu.pc = x >>> 0;
      else if (p) p.pcb.pc = x >>> 0;
    } else {
      const fp = isLive ? cpu.fpu : p?.pcb.fp;
      if (fp && n === REG_FPCONTROL) {
        if (fp === cpu.fpu)
          cpu.fpu.setFPCR(x >>> 0); // the live chip derives its rounding from it
        else fp.fpcr = x >>> 0;
      }
      if (fp && n === REG_FPCONTROL + 1) fp.fpsr = x >>> 0;
      if (fp && n === REG_FPCONTROL + 2) fp.fpiar = x >>> 0;
    }
    return true;
  }

  // ------------------------------------------------------------ memory

  /**
   * A process's memory is read through its own address space (the kernel's
   * page map, as ptrace does), so that a page whose PMEG or context the MMU
   * has given to another process reads right; a page it may touch but
   * never has reads as the zeros it would get, and nothing is allocated.
   * The CPU thread reads through the MMU's current context, supervisor
   * space, touching no referenced bit and no device register.
   */
  readMemory(thread: number, addr: number, len: number): Uint8Array {
    const out: number[] = [];
    const p = this.proc(thread);
    if (thread === CPU_THREAD || p === null) {
      const bus = this.st.machine.bus;
      for (let i = 0; i < len; i++) {
        const b = bus.peek((addr + i) >>> 0, 1, this.cpu.srS ? FC_SUPERVISOR_DATA : 1);
        if (b < 0) break;
        out.push(b);
      }
      return Uint8Array.from(out);
    }
    const as = p.vm;
    const ram = this.st.machine.ram;
    for (let i = 0; i < len; i++) {
      const a = (addr + i) >>> 0;
      const page = as.lookup(a);
      if (page) out.push(ram[page.frame * NBPG + (a & PGOFSET)]);
      else if (as.reach(a, 1, false) > 0) out.push(0);
      else break;
    }
    return Uint8Array.from(out);
  }

  /** Writes go through the kernel's copyout, which copies a shared (copy-on-write) page first; the text is read-only. */
  writeMemory(thread: number, addr: number, data: Uint8Array): boolean {
    const p = this.proc(thread);
    if (p === null) {
      const mmu = this.st.machine.mmu;
      const ram = this.st.machine.ram;
      for (let i = 0; i < data.length; i++) {
        const pa = mmu.peekMemory((addr + i) >>> 0, !this.cpu.srS);
        if (pa < 0 || pa >= ram.length) return false;
      }
      for (let i = 0; i < data.length; i++) {
        const pa = mmu.peekMemory((addr + i) >>> 0, !this.cpu.srS);
        ram[pa] = data[i];
        this.st.machine.bus.ramWritten(pa, 1);
      }
      return true;
    }
    if (p.vm.reach(addr, data.length, true) < data.length) return false;
    try {
      copyout(p.vm, addr, data);
      return true;
    } catch (e) {
      if (e instanceof Errno && e.errno === EFAULT) return false;
      throw e;
    }
  }

  // ------------------------------------------------------------ breakpoints and watchpoints

  insertPoint(type: number, addr: number, len: number, thread: number): boolean {
    const owner = this.owner(thread);
    if (type === Z_SOFTWARE || type === Z_HARDWARE) {
      let s = this.breaks.get(addr);
      if (!s) {
        s = new Set();
        this.breaks.set(addr, s);
      }
      s.add(owner);
    } else if (type === Z_WRITE || type === Z_READ || type === Z_ACCESS) {
      if (len < 1 || len > 4096) return false;
      this.watches.push({ type, addr, len, thread: owner, old: this.readMemory(owner, addr, len) });
    } else return false;
    this.arm();
    return true;
  }

  removePoint(type: number, addr: number, len: number, thread: number): boolean {
    const owner = this.owner(thread);
    if (type === Z_SOFTWARE || type === Z_HARDWARE) {
      const s = this.breaks.get(addr);
      s?.delete(owner);
      if (s && s.size === 0) this.breaks.delete(addr);
    } else if (type === Z_WRITE || type === Z_READ || type === Z_ACCESS) {
      this.watches = this.watches.filter(
        (w) => !(w.type === type && w.addr === addr && w.len === len && w.thread === owner),
      );
    } else return false;
    this.arm();
    return true;
  }

  /**
   * Whose a breakpoint is: the process gdb selected; with none selected,
   * the process being debugged, or the one the machine stopped in.
   */
  private owner(thread: number): number {
    if (thread !== CPU_THREAD && thread > 0) return thread;
    return this.opts.focus ?? CPU_THREAD;
  }

  /** Hooks on while anything needs them, off otherwise (the block engine's speed). */
  private arm(): void {
    const cpu = this.cpu;
    const needed =
      this.breaks.size > 0 || this.watches.length > 0 || this.stepping !== null || this.stopAtUser;
    cpu.breakHook = needed ? (c) => this.check(c) : undefined;
    cpu.stepHook = needed ? () => this.completed() : undefined;
    const watching = this.watches.length > 0;
    cpu.setAccessHook(watching ? (a, size, write) => this.access(a, size, write) : undefined);
    cpu.needAttention();
  }

  /** Is `thread` the one executing now (a process in user state, or the CPU)? */
  private running(thread: number): boolean {
    if (thread === CPU_THREAD) return true;
    const p = this.live();
    return p !== null && p.pid === thread;
  }

  private access(addr: number, size: number, write: boolean): void {
    for (const w of this.watches) {
      if (addr + size <= w.addr || addr >= w.addr + w.len) continue;
      if (w.type === Z_WRITE ? !write : w.type === Z_READ ? write : false) continue;
      if (!this.running(w.thread)) continue;
      this.watchHit = w;
    }
  }

  /** Before each instruction: should the machine stop here? */
  private check(cpu: Cpu): boolean {
    const moved = cpu.instructions !== this.resumedAt;
    const user = this.live();
    if (this.watchHit !== null) {
      const w = this.watchHit;
      this.watchHit = null;
      w.old = this.readMemory(w.thread, w.addr, w.len);
      return this.stop({
        kind: 'signal',
        signal: GDB_SIGTRAP,
        thread: this.stopThread(),
        watch: { type: w.type, addr: w.addr },
      });
    }
    for (const w of this.watches) {
      if (w.type !== Z_WRITE || !moved) continue;
      const now = this.readMemory(w.thread, w.addr, w.len);
      if (sameBytes(now, w.old)) continue;
      w.old = now;
      return this.stop({
        kind: 'signal',
        signal: GDB_SIGTRAP,
        thread: this.stopThread(),
        watch: { type: w.type, addr: w.addr },
      });
    }
    if (this.stopAtUser && user !== null && user.pid === this.opts.focus) {
      this.stopAtUser = false;
      return this.stop({ kind: 'signal', signal: GDB_SIGTRAP, thread: user.pid });
    }
    this.stepBegun = false;
    this.heldBegun = false;
    if (this.stepping !== null && this.running(this.stepping)) {
      // Interrupts and system calls in between are not steps: a step is one instruction of the thread's own.
      if (this.stepDone) return this.stop({ kind: 'signal', signal: GDB_SIGTRAP, thread: this.stepping });
      this.stepBegun = true;
    }
    const owners = this.breaks.get(cpu.pc);
    if (owners === undefined) return false;
    if (cpu.pc === this.heldPc && (user?.pid ?? CPU_THREAD) === this.heldThread) {
      this.heldBegun = true; // the instruction gdb let go from: it runs
      return false;
    }
    if (owners.has(CPU_THREAD))
      return this.stop({ kind: 'signal', signal: GDB_SIGTRAP, thread: this.stopThread() });
    if (user !== null && owners.has(user.pid))
      return this.stop({ kind: 'signal', signal: GDB_SIGTRAP, thread: user.pid });
    return false;
  }

  /** After each instruction that completed (cpu.stepHook). */
  private completed(): void {
    if (this.stepBegun) this.stepDone = true;
    if (this.heldBegun) this.heldPc = -1;
    this.stepBegun = false;
    this.heldBegun = false;
  }

  /** The thread a stop is reported in: the process in user state, the one being debugged, or the CPU. */
  private stopThread(): number {
    const p = this.live();
    if (p !== null) return p.pid;
    if (this.opts.focus !== undefined && this.proc(this.opts.focus)) return this.opts.focus;
    return CPU_THREAD;
  }

  private stop(r: StopReason): true {
    this.reason = r;
    this.stepping = null;
    this.cpu.held = true;
    this.arm();
    this.onStop(r);
    return true;
  }

  // ------------------------------------------------------------ run control

  resume(step: boolean, thread: number): void {
    const cpu = this.cpu;
    this.stepping = step ? this.owner(thread) : null;
    this.stepBegun = false;
    this.heldBegun = false;
    this.stepDone = false;
    this.resumedAt = cpu.instructions;
    this.heldPc = cpu.pc;
    this.heldThread = this.live()?.pid ?? CPU_THREAD;
    for (const w of this.watches) w.old = this.readMemory(w.thread, w.addr, w.len);
    this.arm();
    if (this.reason.kind !== 'signal') {
      // The program is gone: nothing more will run for gdb.
      this.onStop(this.reason);
      return;
    }
    cpu.held = false;
  }

  /** ^C: stop where the machine is (between two instructions, as the host loop runs). */
  interrupt(): void {
    if (this.cpu.held) return;
    this.stop({ kind: 'signal', signal: GDB_SIGINT, thread: this.stopThread() });
  }

  /** gdb has connected: it finds the machine stopped (a running machine stops where it is). */
  attach(): void {
    if (this.cpu.held) return;
    this.stop({ kind: 'signal', signal: GDB_SIGTRAP, thread: this.stopThread() });
  }

  kill(): void {
    const focus = this.opts.focus === undefined ? null : this.proc(this.opts.focus);
    this.clearAll();
    if (focus !== null) {
      psignal(this.st.kernel, focus, SIGKILL);
      this.cpu.held = false;
    } else {
      this.killRequested = true;
      this.cpu.held = false;
    }
  }

  detach(): void {
    this.clearAll();
    this.cpu.held = false;
  }

  /** Remove a process's breakpoints and watchpoints; were there any? */
  private forget(pid: number): boolean {
    let had = false;
    for (const [addr, owners] of this.breaks) {
      had = owners.delete(pid) || had;
      if (owners.size === 0) this.breaks.delete(addr);
    }
    const before = this.watches.length;
    this.watches = this.watches.filter((w) => w.thread !== pid);
    if (this.stepping === pid) this.stepping = null;
    this.arm();
    return had || this.watches.length !== before;
  }

  private clearAll(): void {
    this.breaks.clear();
    this.watches = [];
    this.stepping = null;
    this.stopAtUser = false;
    this.watchHit = null;
    this.arm();
  }

  /**
   * What the kernel tells: a fork or exec of the debugged process is told
   * on gdb's console; its exit is the stop reply that ends the session; its
   * migration ends it too, with a message naming the new host.
   */
  kernelEvent(e: KernelEvent): void {
    const focus = this.opts.focus;
    if (e.type === 'fork' && (focus === undefined || e.ppid === focus))
      this.onConsole(
        `[process ${e.ppid} forked process ${e.pid}; breakpoints stay with process ${e.ppid}]\n`,
      );
    else if (e.type === 'exec' && (focus === undefined || e.pid === focus))
      this.onConsole(`[process ${e.pid} now runs ${e.comm}]\n`);
    else if (e.type === 'exit' && e.pid === focus && !this.exitReported) {
      this.exitReported = true;
      const sig = e.status & 0x7f;
      this.reason = sig
        ? { kind: 'killed', signal: sig }
        : { kind: 'exited', status: (e.status >> 8) & 0xff };
      this.clearAll();
      this.onStop(this.reason);
    } else if (e.type === 'migrate' && e.phase === 'cleanup') {
      // The process runs on another machine now: this one's breakpoints for it go.
      const name = this.opts.hostName?.(e.peer);
      const where = `process ${e.pid} migrated to ${name ? `${name} (${e.peer})` : e.peer}; debug it there with --gdb ${name ?? e.peer}:PORT`;
      if (e.pid === focus) {
        this.onConsole(`[${where}. Detaching.]\n`);
        this.clearAll();
        this.cpu.held = false;
        this.onGone();
      } else if (this.forget(e.pid)) this.onConsole(`[${where}; its breakpoints here are removed]\n`);
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function stateName(p: Proc, live: Proc | null): string {
  if (p === live) return 'running';
  if (p.stat === SRUN) return 'runnable';
  if (p.stat === SSLEEP) return p.wmesg ? `sleeping: ${p.wmesg}` : 'sleeping';
  if (p.stat === SSTOP) return 'stopped';
  return `state ${p.stat}`;
}
