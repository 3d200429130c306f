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
  3: 'Ethernet (le0)',
  5: 'clock',
  6: 'serial ports (console)',
  7: 'non-maskable',
};

/** Is class `cls` being traced on this kernel? (Callers test before they build a line.) */
export function tracing(k: Kernel, cls: KtraceClass): boolean {
  return k.traceWhat.has(cls);
}

/** Report one happening of class `cls`, if that class is traced. */
export function ktrace(k: Kernel, cls: KtraceClass, pid: number, text: string | (() => string)): void {
  if (!k.traceWhat.has(cls)) return;
  k.traceOut({ cls, pid, text: typeof text === 'string' ? text : text() });
}
