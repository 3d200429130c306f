/**
 * Entering and leaving the kernel (4.3BSD's trap.c, and the return to user
 * state that locore.s does; SunOS's sun3/trap.c for the Sun-3 details).
 * Every exception the CPU takes comes to trap() through the vector stubs
 * (machdep.ts): a system call (syscall.ts), an interrupt, or a fault of a
 * user program, which becomes a page brought in or a signal. The kernel
 * leaves through returnToUser(), to the process the scheduler picks or to
 * the idle loop.
 */

import { EINTR, Errno } from './errno.js';
import type { Kernel } from './kernel.js';
import { ktraceInterrupt, ktraceSwitch } from './ktrace.js';
import { type Frame, KERNEL_EXIT_INSNS, SR_S } from './machdep.js';
import { NBPG } from './param.js';
import { type Proc, SRUN } from './proc/proc.js';
import {
  issig,
  psig,
  psignal,
  SIGBUS,
  SIGEMT,
  SIGFPE,
  SIGILL,
  SIGKILL,
  SIGSEGV,
  SIGTRAP,
} from './proc/signal.js';
import { Panic, syscall } from './syscall.js';
import { swapinProc } from './vm/vm_swap.js';

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

/**
 * Every exception enters here (from the vector stubs). Whatever goes wrong
 * in the kernel stays in this machine (docs/kernel.md, panics): an exception that is
 * not a Unix error — a broken invariant, a bug — becomes a panic naming
 * what the kernel was doing, and the machine halts; the host never sees
 * it.
 */
export function trap(k: Kernel, vector: number): void {
  try {
    trap1(k, vector);
  } catch (e) {
    const why = e instanceof Panic ? e.message : `${doing(k)}: ${describeError(e)}`;
    k.panic(why);
  }
}

/** What the kernel is doing, for a panic message. */
function doing(k: Kernel): string {
  const { vector: v, pid, pc } = k.doing;
  if (v < 0) return 'returning to user state';
  if (v > T_AUTOVEC && v < T_AUTOVEC + 8) return `interrupt level ${v - T_AUTOVEC}`;
  if (pid < 0) return `trap ${v}`;
  return `trap ${v} of pid ${pid} at pc 0x${hex(pc)}`;
}

/** The work of trap(). */
function trap1(k: Kernel, vector: number): void {
  const cpu = k.cpu;
  k.doing.vector = vector;
  k.doing.pid = -1;
  const frame = k.md.frame();
  const fromUser = (frame.sr & SR_S) === 0;
  if (!fromUser && k.md.inEntryStub(frame.pc)) {
    // An interrupt taken after the CPU stacked another exception's frame
    // but before that exception's stub ran (the 68020 checks for
    // interrupts there too). Serve the interrupt and return to the stub;
    // the outer exception is then handled as usual.
    k.stats.traps++;
    if (vector > T_AUTOVEC && vector < T_AUTOVEC + 8) interrupt(k, vector - T_AUTOVEC);
    else k.panic(`exception ${vector} on kernel entry at pc 0x${frame.pc.toString(16)}`);
    k.lastInsns += KERNEL_EXIT_INSNS; // this stub's host call and RTE are not the user's either
    return;
  }
  const p = fromUser ? k.sched.curproc : null;
  // Time accounting: what ran since the last switch was user code or idle.
  const now = cpu.cycles;
  if (p) {
    p.ru.utime += now - k.lastCycles;
    k.stats.userCycles += now - k.lastCycles;
    if (p.nice > 0) k.stats.niceCycles += now - k.lastCycles;
    // The count since the kernel left includes the stub's host call and its RTE.
    const insns = Math.max(0, cpu.instructions - k.lastInsns - KERNEL_EXIT_INSNS);
    p.ru.uinsns += insns;
    k.stats.userInsns += insns;
    k.md.save(p.pcb, frame);
  }
  k.stats.traps++;
  k.interruptedUser = fromUser;
  cpu.cycles += k.cost.trap;
  try {
    if (vector === T_SYSCALL && p) syscall(k, p);
    else if (vector > T_AUTOVEC && vector < T_AUTOVEC + 8) {
      interrupt(k, vector - T_AUTOVEC);
    } else if (p) {
      k.doing.pid = p.pid;
      k.doing.pc = frame.pc;
      userFault(k, p, vector, frame);
    } else k.panic(`trap ${vector} in kernel state at pc 0x${frame.pc.toString(16)}`);
  } catch (e) {
    if (e instanceof Errno && p) {
      p.faultMessage = `unexpected kernel error ${e.errno}`;
      psignal(k, p, SIGKILL);
    } else throw e;
  }
  const spent = cpu.cycles - now;
  if (p) p.ru.stime += spent;
  k.stats.systemCycles += spent;
  k.doing.vector = -1;
  returnToUser(k);
}

/** An interrupt: the handler its driver installed for the level. */
function interrupt(k: Kernel, level: number): void {
  k.stats.interrupts++;
  ktraceInterrupt(k, level);
  const h = k.intr[level];
  if (h) h();
}

/** A user process faulted: a page to bring in, or a signal (4.3BSD's trap()). */
function userFault(k: Kernel, p: Proc, vector: number, frame: Frame): void {
  if (vector === T_BUSERR) {
    pageFault(k, p, frame);
    return;
  }
  // The trap instructions, as SunOS's scb.s and trap.c have them: #15 is
  // the debuggers' breakpoint (SIGTRAP), #2 flushes the instruction cache
  // (which an emulated 68020 keeps coherent, so nothing to do), and the
  // others are bad traps (SIGILL, at the trap instruction itself).
  if (vector === T_BRKPT) {
    faultSignal(k, p, SIGTRAP, vector, frame.pc, `breakpoint trap at pc 0x${hex(frame.pc - 2)}`);
    return;
  }
  if (vector === T_TRAP2) return;
  if (vector > T_SYSCALL && vector < T_BRKPT) {
    const at = frame.pc - 2;
    faultSignal(k, p, SIGILL, vector, at, `trap #${vector - T_SYSCALL} at pc 0x${hex(at)}`);
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
    // The MC68881's exceptions, enabled in FPCR (codes FPE_FLTBSUN_TRAP ... FPE_FLTNAN_TRAP).
    48: [SIGFPE, 'floating-point branch or set on unordered'],
    49: [SIGFPE, 'floating-point inexact result'],
    50: [SIGFPE, 'floating-point divide by zero'],
    51: [SIGFPE, 'floating-point underflow'],
    52: [SIGFPE, 'floating-point operand error'],
    53: [SIGFPE, 'floating-point overflow'],
    54: [SIGFPE, 'floating-point signalling NaN'],
  };
  const [signo, what] = names[vector] ?? [SIGILL, `trap ${vector}`];
  faultSignal(k, p, signo, vector, frame.pc, `${what} at pc 0x${hex(frame.pc)}`);
}

/**
 * A signal caused by the instruction at pc. For SIGILL, SIGTRAP, SIGEMT
 * and SIGFPE the code is the vector's offset in the vector table (vector
 * × 4), as SunOS 4 reports it on the 68020: ILL_ILLINSTR_FAULT 0x10,
 * FPE_INTDIV_TRAP 0x14, EMT_EMU1111 0x2c (an F-line instruction with no
 * 68881), FPE_FLTBSUN_TRAP 0xc0 ... FPE_FLTNAN_TRAP 0xd8. For SIGSEGV and
 * SIGBUS it is the vector.
 */
function faultSignal(k: Kernel, p: Proc, signo: number, vector: number, addr: number, message: string): void {
  p.sig.code = signo === SIGSEGV || signo === SIGBUS ? vector : vector * 4;
  p.sig.addr = addr;
  p.faultMessage = message;
  // A fault signal that is blocked or ignored cannot be survived: the instruction would fault again.
  const bit = 1 << (signo - 1);
  if (p.sig.mask & bit || p.sig.ignore & bit) {
    p.sig.mask &= ~bit;
    p.sig.ignore &= ~bit;
    p.sig.catch &= ~bit;
  }
  psignal(k, p, signo);
}

/** Bus error from user state: load the page if the address space has it, else SIGSEGV. */
function pageFault(k: Kernel, p: Proc, frame: Frame): void {
  const dataFault = (frame.ssw & 0x0100) !== 0;
  const va = frame.faultAddress;
  const write = dataFault && (frame.ssw & 0x0040) === 0;
  k.stats.faults++;
  p.ru.minflt++;
  const cnt = k.mem.cnt;
  const zeroFilled = cnt.zfod;
  const copied = p.vm.cowCopies;
  const moved = cnt.pgpgin + cnt.pgpgout;
  const majors = p.vm.pageins;
  cnt.faults++;
  const page = p.vm.fault(va, write);
  // The fault path, clearing a new page or copying a shared one, and the
  // pages moved to and from swap on the way (cost.ts; the disk itself is synchronous).
  k.charge(
    k.cost.fault +
      (cnt.zfod > zeroFilled ? k.cost.clear(NBPG) : 0) +
      (p.vm.cowCopies > copied ? k.cost.copy(NBPG) : 0) +
      k.cost.copy(NBPG * (cnt.pgpgin + cnt.pgpgout - moved)),
  );
  if (p.vm.pageins > majors) {
    p.ru.majflt++;
    p.ru.minflt--;
  }
  p.ru.maxrss = Math.max(p.ru.maxrss, (p.vm.rss * NBPG) >> 10); // in kilobytes, as 4.3BSD reports it
  if (page === 'pagein') {
    // A remote (NFS) file's page: the process sleeps while it is read.
    p.ru.majflt++;
    p.ru.minflt--;
    const gen = pagein(k, p, va, write, frame.pc);
    p.kthread = { gen, pagein: true };
    if (gen.next().done) p.kthread = null;
    return;
  }
  if (page === 'nomem') {
    p.faultMessage = 'out of memory';
    psignal(k, p, SIGKILL);
    return;
  }
  if (page === null && p.vm.beyondEof(va)) {
    // A mapped file's page past its end (SunOS: SIGBUS, not SIGSEGV).
    faultSignal(
      k,
      p,
      SIGBUS,
      2,
      va,
      `bus error at 0x${hex(va)}: beyond the end of a mapped file (pc 0x${hex(frame.pc)})`,
    );
    return;
  }
  if (page === null) {
    faultSignal(k, p, SIGSEGV, 2, va, `segmentation violation at 0x${hex(va)} (pc 0x${hex(frame.pc)})`);
    return;
  }
  k.pmap.load(p.vm, va, page);
  k.faultHook?.(p, va, write);
}

/**
 * The sleeping half of a fault on a page of a remote (NFS) file, as
 * SunOS's nfs_getpage: the page is read into the file's pages
 * (vn_pages.ts) and mapped; the process then goes back to user state at
 * the faulting instruction (its pc is the pcb's, saved at the fault), which
 * runs again and finds the page (the MMU entry is loaded by that second
 * fault). The wait is the mount's, as for read(2): on a hard mount
 * uninterruptible (PRIBIO, as a page-in from disk); with `intr` a signal
 * ends it, the handler runs, and the access, made again, faults again; a
 * read that fails (a soft mount timing out, a stale handle, an I/O error)
 * is SIGBUS, as SunOS gives for a page it could not read.
 */
function* pagein(k: Kernel, p: Proc, va: number, write: boolean, pc: number): Generator<void, void, void> {
  const want = p.vm.filePage(va);
  if (!want) return;
  const vnpages = k.mem.vnpages;
  let frame: number;
  try {
    frame = yield* vnpages.pagein(want.vp, want.idx);
  } catch (e) {
    if (!(e instanceof Errno)) throw e;
    if (e.errno === EINTR) return; // (intr mount) the signal is taken; the access faults again after it
    faultSignal(
      k,
      p,
      SIGBUS,
      2,
      va,
      `bus error at 0x${hex(va)}: page of a remote file not read (error ${e.errno}) (pc 0x${hex(pc)})`,
    );
    return;
  }
  if (frame < 0) {
    p.faultMessage = 'out of memory';
    psignal(k, p, SIGKILL);
    return;
  }
  k.charge(k.cost.copy(NBPG));
  // Map it now, if the mapping is still there (else the retried access gets what it gets).
  const page = p.stat === SRUN ? p.vm.fault(va, write) : null;
  if (page === null || typeof page !== 'object') vnpages.unmapped(want.vp, want.vp, want.idx, false); // frees it if no one maps it
}

/**
 * Leave the kernel: resume sleeping system calls that have been woken,
 * then return to the process the scheduler picks, or idle.
 */
export function returnToUser(k: Kernel): void {
  for (;;) {
    if (k.halted) {
      k.md.idle();
      break;
    }
    const p = k.sched.pick();
    ktraceSwitch(k, p);
    if (!p) {
      k.md.idle();
      break;
    }
    const kt = p.kthread;
    if (kt) {
      if (!kt.gen.next().done) continue; // slept again
      if (p.kthread === kt) p.kthread = null;
      if (p.stat !== SRUN) continue; // it exited
    }
    // Signals are acted on at the return to user state, as 4.3BSD's trap()
    // ends: `if (ISSIG(p)) psig();`. Here every pending signal is, each
    // caught one stacking its handler's frame on the last one's.
    if (p.sig.pending) {
      for (let sig = issig(k, p); sig !== 0; sig = issig(k, p)) {
        psig(k, p, sig);
        if (p.stat !== SRUN) break; // it died of the signal
      }
      if (p.stat !== SRUN) continue; // it stopped, or died
    }
    swapinProc(p);
    k.pmap.activate(p.vm);
    k.md.resume(p.pcb);
    break;
  }
  k.lastCycles = k.cpu.cycles;
  k.lastInsns = k.cpu.instructions;
}

function hex(n: number): string {
  return (n >>> 0).toString(16);
}

/** An exception escaping the kernel, in one line for a panic message. */
function describeError(e: unknown): string {
  const text = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return text.replace(/\s+/g, ' ').trim();
}
