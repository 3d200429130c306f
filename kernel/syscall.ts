/**
 * System-call entry and return, with the SunOS 4 conventions on a Sun-3
 * (docs/userland.md, the ABI): the libc stub pushes the call number and executes
 * `trap #0`, so the number is at the user SP and the arguments start at
 * SP+8, past the stub's return address. The kernel pops the number; on
 * success d0 (and d1) hold the results and the carry flag is clear; on
 * failure carry is set and d0 holds the errno. Number 0 is the indirect
 * call: the real number is the first argument.
 *
 * A call that must wait (read from the terminal, wait for a child) is a
 * generator function: it sleeps with `yield* tsleep(...)` and the scheduler
 * resumes it when it is woken. Calls that never wait are plain functions.
 */
import { EFAULT, EINTR, ENOSYS, Errno } from './errno.js';
import type { Kernel } from './kernel.js';
import { tracing } from './ktrace.js';
import { SR_C } from './machdep.js';
import type { Proc } from './proc/proc.js';
import { sigmask } from './proc/signal.js';
import { sysent } from './sysent.js';
import {
  type CallTrace,
  systraceEnter,
  systraceError,
  systraceRestart,
  systraceReturn,
  systraceUnknown,
} from './systrace.js';
import { copyin } from './vm/copyio.js';

const SYS_SIGRETURN = 139;

/**
 * The calls that start again, rather than fail with EINTR, when a caught
 * signal interrupts them before they have done anything: the ones 4.3BSD
 * marks RESTARTSYS — read and write (rwuio: terminals, pipes, sockets, the
 * slow devices that sleep), ioctl and wait — and never select or
 * sigpause. A handler installed with SV_INTERRUPT (sigvec) or without
 * SA_RESTART (the libc's sigaction) asks for EINTR instead.
 */
const RESTARTABLE = new Set(['read', 'write', 'readv', 'writev', 'ioctl', 'wait4']);

/**
 * A system call broke: an exception that is not a Unix error escaped it (a
 * kernel bug or a broken invariant). trap() (trap.ts) turns it into a panic
 * of this machine; the message names the call and the process.
 */
export class Panic extends Error {}

/** What a system call sees: its process, its arguments, and its two return values. */
export interface SysCtx {
  readonly k: Kernel;
  readonly p: Proc;
  args: number[];
  /** d0 and d1 on return; d1 starts as the caller's d1 (SunOS leaves it if a call sets none). */
  rv: [number, number];
  /** Set by calls that load a whole new user context (execve): no return values are stored. */
  noReturn: boolean;
  /** The call as the system-call trace shows it (systrace.ts), when system calls are traced. */
  trace?: CallTrace;
}

export type SysResult = void | Generator<void, void, void>;
export type SysFn = (ctx: SysCtx) => SysResult;

/** Handle `trap #0` from process p, whose user context is in p.pcb. */
export function syscall(k: Kernel, p: Proc): void {
  const pcb = p.pcb;
  const usp = pcb.regs[15] >>> 0;
  p.ru.syscalls++;
  k.stats.syscalls++;
  k.charge(k.cost.syscall);
  let code: number;
  let args: number[];
  try {
    const words = readWords(p, usp, 10);
    code = words[0];
    // sigreturn alone has no return address before its argument (SunOS's sigtramp pushes scp, then the number).
    args = words.slice(code === SYS_SIGRETURN ? 1 : 2);
    if (code === 0) {
      code = args[0];
      args = args.slice(1);
    }
  } catch {
    fail(p, EFAULT);
    return;
  }
  pcb.regs[15] = (usp + 4) | 0; // pop the call number, as SunOS does on every normal return
  const entry = sysent[code];
  if (!entry) {
    if (tracing(k, 'syscalls')) systraceUnknown(k, p, code);
    fail(p, ENOSYS);
    return;
  }
  const ctx: SysCtx = { k, p, args, rv: [0, pcb.regs[1]], noReturn: false };
  if (tracing(k, 'syscalls')) ctx.trace = systraceEnter(k, p, entry.name, args);
  const what: Doing = { name: entry.name, code, pid: p.pid };
  let result: SysResult;
  try {
    result = entry.fn(ctx);
  } catch (e) {
    finishError(ctx, e, what);
    return;
  }
  if (result && typeof result === 'object' && 'next' in result) {
    // A call that may sleep: run it until it first waits, keep the rest.
    const gen = complete(ctx, result, what);
    p.kthread = { gen };
    if (gen.next().done) p.kthread = null;
    return;
  }
  succeed(ctx);
}

/** Run a sleeping call to its end and store its results. */
function* complete(ctx: SysCtx, body: Generator<void, void, void>, what: Doing): Generator<void, void, void> {
  try {
    yield* body;
  } catch (e) {
    finishError(ctx, e, what);
    return;
  }
  succeed(ctx);
}

function succeed(ctx: SysCtx): void {
  if (ctx.trace) systraceReturn(ctx.k, ctx.p, ctx.trace, ctx.noReturn ? 0 : ctx.rv[0], ctx.rv[1]);
  if (ctx.noReturn) return;
  const pcb = ctx.p.pcb;
  pcb.regs[0] = ctx.rv[0];
  pcb.regs[1] = ctx.rv[1];
  pcb.sr &= ~SR_C;
}

/** A call failed: a Unix error goes back to the process, anything else is a panic naming the call. */
/** Which call a process was making, for a panic message. */
interface Doing {
  name: string;
  code: number;
  pid: number;
}

function finishError(ctx: SysCtx, e: unknown, what: Doing): void {
  const { k, p } = ctx;
  if (e instanceof Errno && e.errno === EINTR && restartable(p, what)) {
    if (ctx.trace) systraceRestart(k, p, ctx.trace);
    restart(p);
  } else if (e instanceof Errno) {
    if (ctx.trace) systraceError(k, p, ctx.trace, e.errno);
    fail(p, e.errno);
  } else if (e instanceof Panic) throw e;
  else {
    const why = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
    const call = `${what.name} (system call ${what.code}) by pid ${what.pid}`;
    throw new Panic(`${call}: ${why.replace(/\s+/g, ' ').trim()}`);
  }
}

/** Does the signal that cut this call short let it start again? */
function restartable(p: Proc, what: Doing): boolean {
  const sig = p.sig.cursig;
  return RESTARTABLE.has(what.name) && sig !== 0 && !(p.sig.intr & sigmask(sig));
}

/**
 * Start the call again once the handler returns (4.3BSD's `pc = opc` for
 * RESTARTSYS): the PC goes back to the `trap #0` and the call number back
 * on the stack, so that the stub traps again with the same arguments.
 */
function restart(p: Proc): void {
  p.pcb.pc = (p.pcb.pc - 2) >>> 0;
  p.pcb.regs[15] = (p.pcb.regs[15] - 4) | 0;
}

function fail(p: Proc, errno: number): void {
  p.pcb.regs[0] = errno;
  p.pcb.sr |= SR_C;
}

/** Up to `n` words from user space, fewer if the stack ends first. */
function readWords(p: Proc, va: number, n: number): number[] {
  const words: number[] = [];
  for (let i = 0; i < n; i++) {
    let b: Uint8Array;
    try {
      b = copyin(p.vm, va + 4 * i, 4);
    } catch (e) {
      if (i < 1) throw e;
      break;
    }
    words.push((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
  }
  return words;
}
