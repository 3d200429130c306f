/**
 * Kernel tracing (the idea of 4.4BSD's ktrace and System/161's trace161):
 * the kernel reports what it does, class by class, as one line of text per
 * happening. The host chooses the classes (`--trace-what syscalls,faults`)
 * and where the lines go: a trace file, and the event stream (every line is
 * also a `trace` event, kernel/events.ts).
 *
 * Each class has one place in the kernel that reports it, a one-line call
 * to ktrace() there:
 *   syscalls    every system call, decoded (systrace.ts), with its result and time
 *   faults      page faults (trap.ts) and MMU context and PMEG steals (vm/pmap.ts)
 *   interrupts  each interrupt by level and device (trap.ts)
 *   signals     a signal posted (psignal) and what the process does with it (psig)
 *   sched       the scheduler switching to another process, or to idle (trap.ts)
 *   net         Ethernet frames sent and received by le0 (dev/if_le.ts)
 * The instruction trace (`instructions`) is the emulator's, not the
 * kernel's: emu/lab/station.ts.
 *
 * Tracing observes only: it reads user memory without faulting pages in,
 * and charges no emulated time, so a traced run is cycle for cycle the run
 * without the trace.
 */
import type { Kernel } from './kernel.js';
import type { Proc } from './proc/proc.js';
import type { AddressSpace } from './vm/as.js';

/** The classes of the kernel's trace. */
export const KTRACE_CLASSES = ['syscalls', 'faults', 'interrupts', 'signals', 'sched', 'net'] as const;
export type KtraceClass = (typeof KTRACE_CLASSES)[number];

/** Every class a trace can ask for: the kernel's and the emulator's instruction trace. */
export const TRACE_CLASSES = [...KTRACE_CLASSES, 'instructions'] as const;
export type TraceClass = (typeof TRACE_CLASSES)[number];

/** One happening: its class, the process it concerns (-1: none), and its text. */
export interface TraceRecord {
  cls: TraceClass;
  pid: number;
  text: string;
}

/**
 * Parse a --trace-what list ("syscalls,signals", or "all"): the classes, or
 * a one-line complaint naming the word it does not know.
 */
export function parseTraceClasses(list: string): TraceClass[] | string {
  const out = new Set<TraceClass>();
  for (const w of list.split(',').map((s) => s.trim())) {
    if (w === '') continue;
    if (w === 'all') {
      for (const c of KTRACE_CLASSES) out.add(c);
      continue;
    }
    if (!(TRACE_CLASSES as readonly string[]).includes(w))
      return `unknown trace class ${JSON.stringify(w)} (choose from ${TRACE_CLASSES.join(', ')}, all)`;
    out.add(w as TraceClass);
  }
  if (out.size === 0) return 'no trace class given';
  return [...out];
}

/** The emulated instant `cycles`, as a trace line shows it: seconds with microseconds. */
export function traceTime(cycles: number, hz: number): string {
  return (cycles / hz).toFixed(6).padStart(11);
}

/** A trace record as a line of text: time, process (or -), then what happened. */
export function traceLine(cycles: number, hz: number, r: TraceRecord): string {
  return `${traceTime(cycles, hz)} ${r.pid < 0 ? '-' : r.pid} ${r.text}`;
}

/** The Sun-3/60's interrupt levels and what interrupts at each. */
export const INTR_LEVELS: Record<number, string> = {
  1: 'software',
  3: 'Ethernet le0',
  5: 'clock',
  6: 'serial ports: console',
  7: 'non-maskable',
};

/** The name of signal `n` (SIGINT), as <signal.h> names it. */
export function signalName(n: number): string {
  return SIGNALS[n] ?? `${n}`;
}

/** 4.3BSD's signal names, by number (as in SunOS 4's <signal.h>). */
const SIGNALS = [
  '0',
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGIOT',
  'SIGEMT',
  'SIGFPE',
  'SIGKILL',
  'SIGBUS',
  'SIGSEGV',
  'SIGSYS',
  'SIGPIPE',
  'SIGALRM',
  'SIGTERM',
  'SIGURG',
  'SIGSTOP',
  'SIGTSTP',
  'SIGCONT',
  'SIGCHLD',
  'SIGTTIN',
  'SIGTTOU',
  'SIGIO',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGLOST',
  'SIGUSR1',
  'SIGUSR2',
];

/** A mask of signals by name: "SIGINT|SIGQUIT" (0 for none). */
export function sigmaskNames(mask: number): string {
  const out: string[] = [];
  for (let s = 1; s < 32; s++) if (mask & (1 << (s - 1))) out.push(SIGNALS[s]);
  return out.length ? out.join('|') : '0';
}

/** Is class `cls` being traced on this kernel? (Callers test before they build a line.) */
export function tracing(k: Kernel, cls: KtraceClass): boolean {
  return k.traceWhat.has(cls);
}

/** Report one happening of class `cls`, if that class is traced. */
export function ktrace(k: Kernel, cls: KtraceClass, pid: number, text: string | (() => string)): void {
  if (!k.traceWhat.has(cls)) return;
  k.traceOut({ cls, pid, text: typeof text === 'string' ? text : text() });
}

// ------------------------------------------------------------------ the classes' lines

/** The process the scheduler last put on the CPU, per kernel (-1: idle), for `sched` lines on a change only. */
const lastRun = new WeakMap<Kernel, number>();

/** The scheduler chose `p` to run next (null: nothing can run, the CPU idles). */
export function ktraceSwitch(k: Kernel, p: Proc | null): void {
  if (!k.traceWhat.has('sched')) return;
  const pid = p ? p.pid : -1;
  const last = lastRun.get(k) ?? -1;
  if (pid === last) return;
  lastRun.set(k, pid);
  const from = last < 0 ? 'idle' : `pid ${last}`;
  ktrace(
    k,
    'sched',
    pid,
    p
      ? `switch to pid ${pid} (${p.u.comm}), priority ${p.kthread ? p.pri : p.usrpri}, from ${from}`
      : `switch to idle, from ${from}`,
  );
}

/** A page fault was served: process p touched va (a write or a read) at its pc. */
export function ktraceFault(k: Kernel, p: Proc, va: number, write: boolean): void {
  ktrace(
    k,
    'faults',
    p.pid,
    () =>
      `page fault at 0x${(va >>> 0).toString(16)} (${write ? 'write' : 'read'}) by pc 0x${(p.pcb.pc >>> 0).toString(16)}`,
  );
}

/** The MMU ran out of contexts or PMEGs: one was taken from the address space `victim` (vm/pmap.ts). */
export function ktraceSteal(
  k: Kernel,
  what: 'context' | 'PMEG',
  n: number,
  victim: AddressSpace,
  va: number,
): void {
  ktrace(k, 'faults', k.sched.curproc?.pid ?? -1, () => {
    let owner = 'another address space';
    for (const q of k.procs.values())
      if (q.vm === victim) {
        owner = `pid ${q.pid} (${q.u.comm})`;
        break;
      }
    return what === 'context'
      ? `MMU context ${n} stolen from ${owner}`
      : `PMEG ${n} stolen from ${owner}, segment 0x${(va >>> 0).toString(16)}`;
  });
}

/** An interrupt at `level`. */
export function ktraceInterrupt(k: Kernel, level: number): void {
  ktrace(
    k,
    'interrupts',
    k.interruptedUser ? (k.sched.curproc?.pid ?? -1) : -1,
    () => `interrupt level ${level}${INTR_LEVELS[level] ? ` (${INTR_LEVELS[level]})` : ''}`,
  );
}

/** Signal `sig` was posted to p (psignal), before p's mask and handlers decide what it means. */
export function ktracePost(k: Kernel, p: Proc, sig: number): void {
  ktrace(k, 'signals', p.pid, () => {
    const from = k.sched.curproc && k.sched.curproc !== p ? ` by pid ${k.sched.curproc.pid}` : '';
    return `${signalName(sig)} posted${from}`;
  });
}

/** What p does with signal `sig` on its way back to user state (psig, stop). */
export function ktraceAct(k: Kernel, p: Proc, sig: number, action: 'handler' | 'exit' | 'stop'): void {
  ktrace(k, 'signals', p.pid, () => {
    const name = signalName(sig);
    if (action === 'handler')
      return `${name} caught: handler at 0x${(p.sig.handler[sig] >>> 0).toString(16)}`;
    return action === 'exit' ? `${name} not caught: the process exits` : `${name}: the process stops`;
  });
}
