/**
 * Signals (4.3BSD's kern_sig.c, with SunOS numbering): sending (psignal),
 * noticing (issig) and acting on them (psig) on the way back to user state,
 * the default actions — stopping (stop) and dying, with a core image for
 * some (sigexit) — and the system calls sigvec, sigblock, sigsetmask,
 * sigpause, sigstack, sigreturn, kill and killpg.
 *
 * Delivery to a handler follows the SunOS 4 Sun-3 frame
 * (docs/userland.md, the ABI): on the user stack (or the signal stack), from the
 * new SP: signo, code, a pointer to the sigcontext just above, addr, and
 * `struct sigcontext { sc_onstack, sc_mask, sc_sp, sc_pc, sc_ps }`; the PC
 * becomes the registered handler (libc's trampoline), which calls the
 * user's function and returns through sigreturn(scp). After the
 * sigcontext comes the MC68881's state (fpstate.ts), which sigreturn puts
 * back: a handler may use floating point without disturbing the code it
 * interrupted.
 */

import { EFAULT, EINVAL, EPERM, Errno, ESRCH } from '../errno.js';
import type { Kernel } from '../kernel.js';
import { ktraceAct, ktracePost } from '../ktrace.js';
import { PZERO } from '../param.js';
import { pmParentAway, pmsignal, pmstopped } from '../pm/pm_remote.js';
import { pmJoined } from '../pm/pm_struct.js';
import { gptKill } from '../pm/pm_table.js';
import { pmttyGsignal } from '../pm/pm_tty_home.js';
import type { SysCtx } from '../syscall.js';
import { copyin, copyout, longs } from '../vm/copyio.js';
import { coredump } from './core.js';
import { exit } from './exit.js';
import { fromSigfpFrame, SIGFP_LEN, sigfpFrame } from './fpstate.js';
import { type Proc, SMIGR, SSLEEP, SSTOP, SSYS, SVFORK, SZOMB } from './proc.js';
import { tsleep } from './sched.js';

export const NSIG = 32;
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGIOT = 6;
export const SIGEMT = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGBUS = 10;
export const SIGSEGV = 11;
export const SIGSYS = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGURG = 16;
export const SIGSTOP = 17;
export const SIGTSTP = 18;
export const SIGCONT = 19;
export const SIGCHLD = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGIO = 23;
export const SIGXCPU = 24;
export const SIGXFSZ = 25;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGWINCH = 28;
export const SIGLOST = 29;
export const SIGUSR1 = 30;
export const SIGUSR2 = 31;

export const SIG_DFL = 0;
export const SIG_IGN = 1;

export const sigmask = (sig: number): number => 1 << (sig - 1);

/** Signals that cannot be caught, blocked or ignored. */
const CANTMASK = sigmask(SIGKILL) | sigmask(SIGSTOP);
/** Default action: stop. */
const STOPSIGS = sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU);
/** The stop signals a terminal sends (4.3BSD's keyboard and background signals): all but SIGSTOP. */
export const TTYSTOPSIGS = sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU);
/** Default action: ignore. */
const IGNORESIGS = sigmask(SIGCONT) | sigmask(SIGCHLD) | sigmask(SIGURG) | sigmask(SIGIO) | sigmask(SIGWINCH);
/** Default action: terminate with a core image (the 0x80 bit of the wait status). */
const CORESIGS =
  sigmask(SIGQUIT) |
  sigmask(SIGILL) |
  sigmask(SIGTRAP) |
  sigmask(SIGIOT) |
  sigmask(SIGEMT) |
  sigmask(SIGFPE) |
  sigmask(SIGBUS) |
  sigmask(SIGSEGV) |
  sigmask(SIGSYS);

export const SIG_NAMES = [
  '',
  'hangup',
  'interrupt',
  'quit',
  'illegal instruction',
  'trace trap',
  'abort',
  'EMT instruction',
  'arithmetic exception',
  'killed',
  'bus error',
  'segmentation violation',
  'bad system call',
  'broken pipe',
  'alarm clock',
  'terminated',
];

/** What a process has arranged for signals (4.3BSD keeps it in proc and the u-area). */
export class SigState {
  /** Pending, blocked, ignored and caught signals, as masks. */
  pending = 0;
  mask = 0;
  ignore = 0;
  catch = 0;
  /** Handler address and the mask to add while it runs, by signal. */
  readonly handler = new Int32Array(NSIG);
  readonly handlerMask = new Int32Array(NSIG);
  /** Signals whose handler runs on the signal stack. */
  onstackMask = 0;
  /** The signal stack (sigstack), and whether we are on it. */
  stackSp = 0;
  onStack = false;
  /**
   * Signals whose handler asked that the system calls they interrupt fail
   * with EINTR rather than start again (sigvec's SV_INTERRUPT; 4.3BSD's
   * u_sigintr), and those whose handler goes back to SIG_DFL as it is
   * entered (SV_RESETHAND).
   */
  intr = 0;
  resethand = 0;
  /** No SIGCHLD when a child stops (SA_NOCLDSTOP on SIGCHLD's handler). */
  nocldstop = false;
  /** The signal that last cut a sleep short (4.3BSD's p_cursig): it decides whether the call restarts. */
  cursig = 0;
  /** The mask sigpause replaced, restored when its handler returns. */
  oldMask: number | null = null;
  /** code and addr for the frame of a fault signal. */
  code = 0;
  addr = 0;

  /** A child after fork keeps handlers, masks and the signal stack; nothing pending. */
  copyFrom(o: SigState): void {
    this.mask = o.mask;
    this.ignore = o.ignore;
    this.catch = o.catch;
    this.handler.set(o.handler);
    this.handlerMask.set(o.handlerMask);
    this.onstackMask = o.onstackMask;
    this.stackSp = o.stackSp;
    this.onStack = o.onStack;
    this.intr = o.intr;
    this.resethand = o.resethand;
    this.nocldstop = o.nocldstop;
  }

  /** exec: caught signals go back to their default; ignored stay ignored. */
  exec(): void {
    this.catch = 0;
    this.handler.fill(0);
    this.handlerMask.fill(0);
    this.intr = 0;
    this.resethand = 0;
    this.onstackMask = 0;
    this.stackSp = 0;
    this.onStack = false;
  }
}

/**
 * The signal p would act on next (4.3BSD's issig() without its side
 * effects, which issig below has): the lowest-numbered pending signal the
 * process will act on — not blocked, not ignored, and not a signal whose
 * default is to be ignored that no handler catches — or 0. SIGKILL and
 * SIGSTOP can be neither blocked nor ignored.
 *
 * A vfork child does not act on stop signals at all: they stay pending
 * until it has exec'd or exited (4.3BSD's issig: `if (p->p_flag&SVFORK)
 * sigbits &= ~stopsigmask`). Its parent sleeps until it gives the address
 * space back, and could never continue a child that stopped while holding
 * it.
 */
export function cursig(p: Proc): number {
  const s = p.sig;
  let ready = s.pending & (~s.mask | CANTMASK) & ~(s.ignore & ~CANTMASK);
  ready &= ~(IGNORESIGS & ~s.catch);
  if (p.flag & SVFORK) ready &= ~STOPSIGS;
  if (ready === 0) return 0;
  return 31 - Math.clz32(ready & -ready) + 1;
}

/** Is sig's action for p to stop it (a stop signal left at its default)? */
export function stopsByDefault(p: Proc, sig: number): boolean {
  const bit = sigmask(sig);
  return (bit & STOPSIGS) !== 0 && (!(p.sig.catch & bit) || (bit & CANTMASK) !== 0);
}

/**
 * Send signal sig to process p (4.3BSD's psignal, LMKQ §4.7). The signal is
 * posted; what else happens depends on the state of the process:
 *
 * - running or runnable: nothing more — it acts on the signal on its way back
 *   to user state, or at its next interruptible sleep;
 * - asleep at an interruptible priority (above PZERO): a stop signal left at
 *   its default stops it where it sleeps (it stays on its wait channel and
 *   its system call is not interrupted); any other signal it will act on
 *   wakes it, and its system call fails with EINTR;
 * - stopped: SIGKILL sets it running (to die); SIGCONT continues it — back
 *   to its sleep if it was stopped asleep and the event has not come, unless
 *   it catches SIGCONT; another stop signal is dropped; any other signal is
 *   left pending, and an interruptible sleep is cut short, so that it acts on
 *   the signal once continued.
 *
 * A blocked signal stays pending, except that SIGCONT always continues a
 * stopped process (as 4.3BSD-Reno and POSIX have it).
 *
 * Stopping is stop() (below), which may refuse: a child of init is killed
 * instead of being stopped by a terminal's stop signal.
 */
export function psignal(k: Kernel, p: Proc, sig: number): void {
  if (sig <= 0 || sig >= NSIG || p.stat === SZOMB) return;
  ktracePost(k, p, sig);
  // A child that has migrated away: the signal goes on to where it runs (kernel/pm/pm_remote.ts).
  if (p.stat === SMIGR) {
    pmsignal(k, p, sig);
    return;
  }
  const bit = sigmask(sig);
  const s = p.sig;
  // init is immune to the signals it does not catch: a stray ^C must not bring the system down.
  if (p.pid === 1 && !(s.catch & bit) && !k.onInitExit) return;
  // Nor does process 1 ever stop for a terminal (the program `sun3lab run`
  // runs as process 1 is not immune to the rest): no parent would see it
  // stop and continue it, and the machine would wait for ever.
  if (p.pid === 1 && bit & TTYSTOPSIGS && !(s.catch & bit)) return;
  // An ignored signal is forgotten at once — but SIGCONT still continues (as in 4.3BSD-Reno and POSIX).
  if (s.ignore & bit && !(bit & CANTMASK) && sig !== SIGCONT) return;
  const held = (s.mask & bit) !== 0 && !(bit & CANTMASK);
  const caught = (s.catch & bit) !== 0 && !(bit & CANTMASK) && !(s.ignore & bit);
  if (sig === SIGCONT) s.pending &= ~STOPSIGS;
  if (bit & STOPSIGS) s.pending &= ~sigmask(SIGCONT);
  // A signal whose default is to be ignored, not caught and not blocked, is dropped
  // at once (its side effect, for SIGCONT, still happens below).
  if ((!(bit & IGNORESIGS) || caught || held) && !(s.ignore & bit)) s.pending |= bit;
  if (held && !(sig === SIGCONT && p.stat === SSTOP)) return;

  if (p.stat === SSLEEP) {
    if (p.pri <= PZERO) return; // noticed when the call finishes
    if (bit & STOPSIGS && !caught) {
      // Stop where it sleeps (4.3BSD's psignal for SSLEEP) — but not a vfork
      // child, whose parent waits for it and could not see it stop: the
      // signal stays pending until it execs (see cursig).
      if (p.flag & SVFORK) return;
      s.pending &= ~bit;
      stop(k, p, sig);
      return;
    }
    if (bit & IGNORESIGS && !caught) return;
    k.sched.setrun(p); // its tsleep sees the signal: EINTR
    return;
  }
  if (p.stat === SSTOP) {
    if (sig === SIGKILL) {
      k.sched.setrun(p);
      return;
    }
    if (sig === SIGCONT) {
      // Back to its sleep if it has one and does not take SIGCONT now; else running.
      if ((caught && !held) || p.wchan === null) k.sched.setrun(p);
      else p.stat = SSLEEP;
      pmstopped(k, p, false);
      return;
    }
    if (bit & STOPSIGS) {
      s.pending &= ~bit; // already stopped
      return;
    }
    // Unstick an interruptible sleep, so that once continued it acts on the signal.
    if (p.wchan !== null && p.pri > PZERO && cursig(p) !== 0) k.sched.unsleep(p);
  }
}

/** Send sig to every process of a process group (and to its members elsewhere whose terminal is here: pm_tty.ts). */
export function gsignal(k: Kernel, pgrp: number, sig: number): void {
  for (const p of k.procs.values()) if (p.pgrp === pgrp) psignal(k, p, sig);
  pmttyGsignal(k, pgrp, sig);
}

/**
 * The next signal p must act on, on its way back to user state (4.3BSD's
 * issig). What needs nothing from the process is done here: a signal
 * ignored by default that no handler catches is dropped, and a stop signal
 * left at its default stops the process (stop). A signal to catch or to
 * die of is taken off the pending set and returned, for psig. 0 when there
 * is none, or when the process has stopped.
 */
export function issig(k: Kernel, p: Proc): number {
  const s = p.sig;
  for (;;) {
    // Default-ignored signals left pending (posted while blocked) are dropped on the way.
    s.pending &= ~(IGNORESIGS & ~s.catch & ~s.mask);
    const sig = cursig(p); // lowest numbered first
    if (sig === 0) return 0;
    const bit = sigmask(sig);
    s.pending &= ~bit;
    if (s.catch & bit && !(bit & CANTMASK)) return sig;
    if (bit & IGNORESIGS || (bit & ~CANTMASK && s.ignore & bit)) continue;
    if (bit & STOPSIGS) {
      if (stop(k, p, sig)) return 0;
      continue; // not stopped: a child of init was sent SIGKILL instead
    }
    return sig;
  }
}

/**
 * Act on the signal issig took (4.3BSD's psig): run the handler — build
 * its frame on the user stack — or, at the default action, die of the
 * signal (sigexit). A process whose stack cannot take the frame dies of
 * SIGSEGV.
 */
export function psig(k: Kernel, p: Proc, sig: number): void {
  const bit = sigmask(sig);
  const caught = (p.sig.catch & bit) !== 0 && !(bit & CANTMASK);
  ktraceAct(k, p, sig, caught ? 'handler' : 'exit');
  if (caught) {
    if (!sendsig(k, p, sig)) sigexit(k, p, SIGSEGV, true);
    return;
  }
  sigexit(k, p, sig, (bit & CORESIGS) !== 0);
}

/** The wait status's core-dumped bit (WCOREFLAG). */
const WCOREFLAG = 0x80;

/**
 * The default action of a fatal signal (4.3BSD's psig, past its handler
 * part; 4.4BSD calls it sigexit): for the signals that leave a core image,
 * write one (core.ts) and set the wait status's core bit; report a fault
 * that caused the signal; and exit.
 */
export function sigexit(k: Kernel, p: Proc, signo: number, core: boolean): void {
  const dumped = core && coredump(k, p, signo);
  if (p.faultMessage && (p.sig.code !== 0 || signo === SIGKILL))
    k.log(`pid ${p.pid} (${p.u.comm}): ${p.faultMessage}${dumped ? ' (core dumped)' : ''}\n`);
  p.faultMessage = '';
  exit(k, p, signo | (dumped ? WCOREFLAG : 0));
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
export function stop(k: Kernel, p: Proc, signo: number): boolean {
  // (A migrated process whose parent is on another machine is not init's: pm_remote.ts.)
  if (signo !== SIGSTOP && p.parent?.pid === 1 && !pmParentAway(k, p)) {
    psignal(k, p, SIGKILL);
    return false;
  }
  ktraceAct(k, p, signo, 'stop');
  p.stat = SSTOP;
  p.xstat = (signo << 8) | 0x7f;
  p.stopUnreported = true;
  k.sched.remove(p);
  if (p.parent) {
    if (!p.parent.sig.nocldstop) psignal(k, p.parent, SIGCHLD);
    k.sched.wakeup(p.parent);
  }
  pmstopped(k, p, true); // its parent on another machine hears of it
  return true;
}

/** Build the signal frame and point the process at its handler; false if the stack is bad. */
function sendsig(k: Kernel, p: Proc, sig: number): boolean {
  const s = p.sig;
  const pcb = p.pcb;
  const bit = sigmask(sig);
  const useStack = (s.onstackMask & bit) !== 0 && !s.onStack && s.stackSp !== 0;
  const oldMask = s.oldMask ?? s.mask;
  s.oldMask = null;
  const usp = pcb.regs[15] >>> 0;
  const top = useStack ? s.stackSp >>> 0 : usp;
  const size = 36 + SIGFP_LEN;
  const frame = (top - size) & ~1;
  const scp = frame + 16;
  const code =
    sig === SIGILL || sig === SIGFPE || sig === SIGEMT || sig === SIGBUS || sig === SIGSEGV ? s.code : 0;
  const addr = code || sig === SIGBUS || sig === SIGSEGV ? s.addr : 0;
  const words = [sig, code, scp, addr, s.onStack ? 1 : 0, oldMask, usp, pcb.pc, pcb.sr & 0xffff];
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  words.forEach((w, i) => {
    v.setUint32(4 * i, w >>> 0);
  });
  bytes.set(sigfpFrame(pcb.fp), 36);
  try {
    copyout(p.vm, frame, bytes);
  } catch {
    return false;
  }
  if (useStack) s.onStack = true;
  // The handler starts with the interrupted code's registers and modes,
  // but not with an exception the chip still had to report: that one is
  // in the frame, and comes back with it.
  pcb.fp.pending = 0;
  const handler = s.handler[sig] >>> 0;
  if (s.resethand & bit) {
    // SV_RESETHAND, System V's signal(): the handler is used once, and the
    // signal is not held while it runs.
    s.mask |= s.handlerMask[sig];
    s.catch &= ~bit;
    s.handler[sig] = SIG_DFL;
    s.resethand &= ~bit;
    s.intr &= ~bit;
  } else s.mask |= s.handlerMask[sig] | bit;
  pcb.regs[15] = frame;
  pcb.pc = handler;
  p.ru.nsignals++;
  k.chargeCopy(size);
  return true;
}

// ------------------------------------------------------------------ system calls

/** sigvec's flags (SunOS 4's sys/signal.h). */
export const SV_ONSTACK = 0x1;
export const SV_INTERRUPT = 0x2;
export const SV_RESETHAND = 0x4;
/** SA_NOCLDSTOP, which the libc's sigaction passes through sigvec for SIGCHLD. */
export const SA_NOCLDSTOP = 0x8;
const SV_FLAGS = SV_ONSTACK | SV_INTERRUPT | SV_RESETHAND | SA_NOCLDSTOP;

/**
 * sigvec(sig, vec, ovec): struct sigvec { sv_handler, sv_mask, sv_flags }.
 * The flags are SunOS 4's: SV_ONSTACK (run the handler on the signal
 * stack), SV_INTERRUPT (calls the signal interrupts fail with EINTR
 * instead of restarting: syscall.ts), SV_RESETHAND (back to SIG_DFL once
 * caught), and for SIGCHLD SA_NOCLDSTOP (no SIGCHLD when a child stops);
 * any other bit is EINVAL.
 */
export function sysSigvec(ctx: SysCtx): void {
  const { p } = ctx;
  const [sig, vec, ovec] = ctx.args;
  if (sig <= 0 || sig >= NSIG || sig === SIGKILL || sig === SIGSTOP) throw new Errno(EINVAL);
  const s = p.sig;
  const bit = sigmask(sig);
  const b = vec ? new DataView(copyin(p.vm, vec, 12).buffer) : null;
  if (b && b.getUint32(8) & ~SV_FLAGS) throw new Errno(EINVAL);
  if (ovec) {
    const h = s.catch & bit ? s.handler[sig] : s.ignore & bit ? SIG_IGN : SIG_DFL;
    const flags =
      (s.onstackMask & bit ? SV_ONSTACK : 0) |
      (s.intr & bit ? SV_INTERRUPT : 0) |
      (s.resethand & bit ? SV_RESETHAND : 0) |
      (sig === SIGCHLD && s.nocldstop ? SA_NOCLDSTOP : 0);
    copyout(p.vm, ovec, longs([h, s.handlerMask[sig], flags]));
  }
  if (!b) {
    ctx.rv = [0, ctx.rv[1]];
    return;
  }
  const handler = b.getInt32(0);
  const flags = b.getUint32(8);
  s.handlerMask[sig] = b.getUint32(4) & ~CANTMASK;
  const set = (mask: number, on: boolean) => (on ? mask | bit : mask & ~bit);
  s.onstackMask = set(s.onstackMask, (flags & SV_ONSTACK) !== 0);
  s.intr = set(s.intr, (flags & SV_INTERRUPT) !== 0);
  s.resethand = set(s.resethand, (flags & SV_RESETHAND) !== 0);
  if (sig === SIGCHLD) s.nocldstop = (flags & SA_NOCLDSTOP) !== 0;
  s.catch &= ~bit;
  s.ignore &= ~bit;
  if (handler === SIG_IGN) {
    s.ignore |= bit;
    s.pending &= ~bit;
  } else if (handler !== SIG_DFL) {
    s.catch |= bit;
    s.handler[sig] = handler;
  } else if (bit & IGNORESIGS) s.pending &= ~bit;
  ctx.rv = [0, ctx.rv[1]];
}

/** sigpending(set): the signals posted and not yet acted on — those blocked (SunOS 4.1, POSIX.1). */
export function sysSigpending(ctx: SysCtx): void {
  copyout(ctx.p.vm, ctx.args[0], longs([ctx.p.sig.pending]));
  ctx.rv = [0, ctx.rv[1]];
}

export function sysSigblock(ctx: SysCtx): void {
  const s = ctx.p.sig;
  const old = s.mask;
  s.mask |= ctx.args[0] & ~CANTMASK;
  ctx.rv = [old, ctx.rv[1]];
}

export function sysSigsetmask(ctx: SysCtx): void {
  const s = ctx.p.sig;
  const old = s.mask;
  s.mask = ctx.args[0] & ~CANTMASK;
  ctx.rv = [old, ctx.rv[1]];
}

/**
 * sigpause(mask): set the mask and wait for a signal; always EINTR, once a
 * handler has run (the old mask comes back when it returns). A signal that
 * was pending and is unblocked by `mask` ends the wait at once: tsleep looks
 * at pending signals before it sleeps, as 4.3BSD's sleep() does.
 */
export function* sysSigpause(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  p.sig.oldMask = p.sig.mask;
  p.sig.mask = ctx.args[0] & ~CANTMASK;
  for (;;) yield* tsleep(k.sched, p, p.sig, PZERO + 1, 'pause');
}

/** sigstack(ss, oss): struct sigstack { ss_sp, ss_onstack }. */
export function sysSigstack(ctx: SysCtx): void {
  const { p } = ctx;
  const [ss, oss] = ctx.args;
  if (oss) copyout(p.vm, oss, longs([p.sig.stackSp, p.sig.onStack ? 1 : 0]));
  if (ss) {
    const b = new DataView(copyin(p.vm, ss, 8).buffer);
    p.sig.stackSp = b.getUint32(0);
    p.sig.onStack = b.getUint32(4) !== 0;
  }
  ctx.rv = [0, ctx.rv[1]];
}

/** sigreturn(scp): back from a handler to the context it interrupted. */
export function sysSigreturn(ctx: SysCtx): void {
  const { p } = ctx;
  const scp = ctx.args[0];
  let b: DataView;
  try {
    b = new DataView(copyin(p.vm, scp, 20).buffer);
  } catch {
    throw new Errno(EFAULT);
  }
  p.sig.onStack = b.getUint32(0) !== 0;
  p.sig.mask = b.getUint32(4) & ~CANTMASK;
  p.pcb.regs[15] = b.getUint32(8) | 0;
  p.pcb.pc = b.getUint32(12);
  p.pcb.sr = (p.pcb.sr & ~0xff) | (b.getUint16(18) & 0x1f); // only the user's condition codes
  try {
    fromSigfpFrame(p.pcb.fp, copyin(p.vm, scp + 20, SIGFP_LEN));
  } catch {
    // a sigcontext made by hand, with nothing readable after it: the FPU stays as it is
  }
  ctx.noReturn = true;
}

/** Is q a descendant of p (4.3BSD's inferior())? */
function inferior(q: Proc, p: Proc): boolean {
  for (let a = q.parent; a; a = a.parent) if (a === p) return true;
  return false;
}

/**
 * May `from` send `sig` to `to` (4.3BSD's check in kill1, with SunOS
 * 4.1's saved ids)? The super-user may signal anyone; anyone else only a
 * process whose real or saved user id is the sender's real or effective
 * one — so the user who started a set-user-id program may still stop it,
 * and so may the program's owner. As in 4.3BSD, SIGCONT may always be sent
 * to a descendant (a shell continuing a job that changed its ids).
 */
export function cansignal(from: Proc, to: Proc, sig: number): boolean {
  const a = from.cred;
  const b = to.cred;
  if (a.isSuperuser()) return true;
  if (a.ruid === b.ruid || a.ruid === b.svuid || a.uid === b.ruid || a.uid === b.svuid) return true;
  return sig === SIGCONT && inferior(to, from);
}

/**
 * kill(pid, sig): pid > 0 one process, 0 the caller's group, -1 all but
 * init and self, < -1 a group. Signals to a group or to everyone pass over
 * system processes (the swapper), as 4.3BSD's kill1 and killpg1 do. A
 * process the caller may not signal (cansignal) is EPERM; in a group, the
 * others still get the signal, and only a group of such processes is
 * EPERM; kill(-1) passes over them silently (ESRCH if that leaves none).
 */
export function* sysKill(ctx: SysCtx): Generator<void, void, void> {
  const { k, p } = ctx;
  const pid = ctx.args[0] | 0;
  const sig = ctx.args[1] | 0;
  if (sig < 0 || sig >= NSIG) throw new Errno(EINVAL);
  if (pid > 0 && !k.procs.has(pid) && pmJoined(k)) {
    // Not here: a migrated process, wherever the global process table says it runs (kernel/pm/pm_table.ts).
    yield* gptKill(k, p, pid, sig);
    ctx.rv = [0, ctx.rv[1]];
    return;
  }
  const targets =
    pid > 0
      ? [k.procs.get(pid)].filter((q): q is Proc => q !== undefined && !(q.flag & SSYS))
      : [...k.procs.values()].filter(
          (q) =>
            !(q.flag & SSYS) &&
            (pid === 0 ? q.pgrp === p.pgrp : pid === -1 ? q.pid > 1 && q !== p : q.pgrp === -pid),
        );
  const live = targets.filter((q) => q.stat !== SZOMB || pid > 0);
  const allowed = live.filter((q) => cansignal(p, q, sig));
  if (live.length === 0 || (pid === -1 && allowed.length === 0)) throw new Errno(ESRCH);
  if (allowed.length === 0) throw new Errno(EPERM);
  if (sig) for (const q of allowed) psignal(k, q, sig);
  ctx.rv = [0, ctx.rv[1]];
}

/**
 * killpg(pgrp, sig) (4.3BSD's killpg1 with a group): pgrp 0 is the
 * caller's own group, a positive pgrp that group and nothing else — group
 * 1 is init's group, not "everyone" as kill(-1) is — and a negative one
 * names no group at all (ESRCH). System processes are passed over; signal
 * 0 only checks that the group exists and may be signalled.
 */
export function sysKillpg(ctx: SysCtx): void {
  const { k, p } = ctx;
  const pgrp = ctx.args[0] | 0;
  const sig = ctx.args[1] | 0;
  if (sig < 0 || sig >= NSIG) throw new Errno(EINVAL);
  const group = pgrp === 0 ? p.pgrp : pgrp;
  const live =
    pgrp < 0
      ? []
      : [...k.procs.values()].filter((q) => !(q.flag & SSYS) && q.stat !== SZOMB && q.pgrp === group);
  if (live.length === 0) throw new Errno(ESRCH);
  const allowed = live.filter((q) => cansignal(p, q, sig));
  if (allowed.length === 0) throw new Errno(EPERM);
  if (sig) for (const q of allowed) psignal(k, q, sig);
  ctx.rv = [0, ctx.rv[1]];
}
