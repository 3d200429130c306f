/**
 * Names for the instruction trace's view of the kernel. The kernel runs in
 * the host (kernel/), entered through one stub per exception vector
 * (kernel/machdep.ts: a host-call word, then RTE): the trace names the stub
 * by its exception instead of showing the host-call word, and names the
 * system call a `trap #0` makes ("trap #0: write").
 */
import { INTR_LEVELS } from '../../kernel/ktrace.js';
import { sysent } from '../../kernel/sysent.js';

/** The 68020's exception vectors by number (the ones the Sun-3 uses). */
const VECTORS: Record<number, string> = {
  2: 'bus error (page fault)',
  3: 'address error',
  4: 'illegal instruction',
  5: 'zero divide',
  6: 'CHK instruction',
  7: 'TRAPV instruction',
  8: 'privilege violation',
  9: 'trace',
  10: 'line 1010 emulator',
  11: 'line 1111 emulator',
  13: 'coprocessor protocol violation',
  14: 'format error',
  15: 'uninitialized interrupt',
  24: 'spurious interrupt',
  48: 'FPU branch or set on unordered',
  49: 'FPU inexact result',
  50: 'FPU divide by zero',
  51: 'FPU underflow',
  52: 'FPU operand error',
  53: 'FPU overflow',
  54: 'FPU signaling NaN',
};

/** The exception vector `v`, by name. */
export function vectorName(v: number): string {
  if (v >= 25 && v <= 31) {
    const level = v - 24;
    return `interrupt level ${level}${INTR_LEVELS[level] ? ` (${INTR_LEVELS[level]})` : ''}`;
  }
  if (v >= 32 && v <= 47) return `trap #${v - 32}`;
  return VECTORS[v] ?? `vector ${v}`;
}

/** The name of system call `code` (`syscall 77` for a number the table does not have). */
export function syscallName(code: number): string {
  return sysent[code]?.name ?? `syscall ${code}`;
}

/**
 * What a `trap #0` at this moment asks for: the call number the libc's stub
 * pushed is at the user stack pointer (number 0 is the indirect call, with
 * the real number as its first argument: syscall.ts).
 */
export function syscallAt(readWord: (addr: number) => number | null, usp: number): string | null {
  let code = readWord(usp);
  if (code === 0) code = readWord(usp + 8);
  return code === null ? null : syscallName(code);
}

/** The text for the kernel entry stub of vector `v`: "kernel entry: trap #0: write". */
export function kernelEntryText(v: number, syscall: string | null): string {
  return `kernel entry: ${vectorName(v)}${v === 32 && syscall ? `: ${syscall}` : ''}`;
}
