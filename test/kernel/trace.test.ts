/**
 * The trace exception gives SIGTRAP (SunOS's dotrace): an instruction run
 * with the status register's trace bit set traps, the kernel clears the bit
 * and sends SIGTRAP. A user program cannot set the bit itself (only a
 * debugger could, through ptrace, which sun3lab does not have yet), so the
 * test sets it in the saved user context during a system call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type SysEntry, sysent } from '../../kernel/sysent.js';
import { rootImage, runOn } from './helpers.js';

const WRITE = 4;
const saved = { ...(sysent[WRITE] as SysEntry) };

afterEach(() => {
  Object.assign(sysent[WRITE] as SysEntry, saved);
});

describe('trace', () => {
  it('an instruction traced in user state is SIGTRAP, with the trace bit cleared', () => {
    let pcb: { sr: number } | null = null;
    (sysent[WRITE] as SysEntry).fn = (ctx) => {
      const r = saved.fn(ctx);
      ctx.p.pcb.sr |= 0x8000; // T1: trace the next instruction
      pcb = ctx.p.pcb;
      return r;
    };
    const r = runOn(rootImage(), '/bin/echo', ['echo', 'hi']);
    expect(r.output).toMatch(/^hi\npid 1 \(echo\): trace trap at pc 0x[0-9a-f]+\n$/);
    expect(r.status).toBe(5); // killed by SIGTRAP (RLIMIT_CORE is 0: no core)
    expect(pcb && (pcb as { sr: number }).sr & 0xc000).toBe(0);
  });
});
