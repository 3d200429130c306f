/**
 * Kernel bugs stay inside the machine (docs/kernel.md, panics): an exception that is not
 * a Unix error, escaping a system call (one that returns at once or one
 * that sleeps), an interrupt handler or a trap, becomes a panic of that
 * machine — a one-line message naming what the kernel was doing — and the
 * machine halts. The host process never sees the exception; `sun3lab run`
 * prints the panic in one line and exits non-zero.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Station } from '../../emu/lab/station.js';
import { type SysEntry, sysent } from '../../kernel/sysent.js';
import { node } from '../cli/spawn.js';
import { rootImage, runOn } from './helpers.js';

const saved = new Map<number, SysEntry>();

/** Make system call n misbehave like a kernel bug. */
function inject(n: number, fn: SysEntry['fn']): void {
  const e = sysent[n];
  if (!e) throw new Error(`no system call ${n}`);
  saved.set(n, { ...e });
  e.fn = fn;
}

afterEach(() => {
  for (const [n, e] of saved) Object.assign(sysent[n] as SysEntry, e);
  saved.clear();
});

describe('a kernel bug is a panic of that machine, not of the host', () => {
  it('in a system call: the machine halts with a message naming the call', () => {
    inject(24, () => {
      const bad: number[] | undefined = undefined;
      (bad as unknown as number[])[0] = 1; // TypeError
    });
    // ps calls getuid (24).
    const r = runOn(rootImage(), '/bin/ps', ['ps']);
    const cpu = r.station.machine.cpu;
    expect(cpu.halted).toBe(true);
    expect(r.station.kernel.halted).toBe(true);
    expect(cpu.haltReason).toMatch(/^panic: getuid \(system call 24\) by pid 1: TypeError: /);
    expect(cpu.haltReason).not.toContain('\n');
    expect(r.station.kernel.msgbuf).toContain('panic: getuid (system call 24) by pid 1');
  });

  it('in a system call that sleeps (a generator)', () => {
    inject(7, function* () {
      yield* [];
      throw new RangeError('broken invariant');
    });
    // sh -c waits for its child with wait4 (7).
    const r = runOn(rootImage(), '/bin/sh', ['sh', '-c', '/bin/true; /bin/true']);
    expect(r.station.machine.cpu.haltReason).toBe(
      'panic: wait4 (system call 7) by pid 1: RangeError: broken invariant',
    );
  });

  it('in an interrupt handler', () => {
    const st = new Station({
      disk: rootImage(),
      program: { path: '/tests/matmul', argv: ['matmul'] },
      consoleSink: () => {},
      quietBoot: true,
    });
    // The clock driver breaks at its sixth tick.
    const clock = st.kernel.intr[5];
    let ticks = 0;
    st.kernel.intr[5] = () => {
      if (++ticks > 5) throw new Error('clock driver bug');
      clock?.();
    };
    for (let i = 0; i < 100 && !st.halted; i++) st.run(200_000);
    expect(st.machine.cpu.haltReason).toBe('panic: interrupt level 5: clock driver bug');
  });

  it('sun3lab run prints the panic in one line and exits non-zero', async () => {
    const out = await node(
      fileURLToPath(new URL('./inject-fault.mjs', import.meta.url)),
      ['run', '/bin/ps'],
      {
        env: { SUN3LAB_FAULT: '24' },
      },
    );
    expect(out.code).not.toBe(0);
    const lines = out.stderr.trim().split('\n');
    const panic = lines.filter((l) => l.includes('panic'));
    expect(panic).toHaveLength(1);
    expect(panic[0]).toMatch(
      /^sun3lab: the machine halted: panic: getuid \(system call 24\) by pid 1: TypeError: Cannot read properties of undefined/,
    );
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});
