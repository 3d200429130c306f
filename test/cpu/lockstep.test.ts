/**
 * The block engine against the interpreter on booted machines (lockstep.ts):
 * the state at every block end, the cycle of every interrupt, device
 * access and bus error, the console and RAM must all be the same.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { clearShared } from '../../emu/cpu/block/shared.js';
import { handlerFor } from '../../emu/cpu/dispatch.js';
import { instrTimes } from '../../emu/cpu/timing.js';
import type { Station } from '../../emu/lab/station.js';
import { eventDifference, lockstep, type Workload } from './lockstep.js';

const disk = new Uint8Array(gunzipSync(readFileSync(new URL('../../images/root.img.gz', import.meta.url))));

/** Run the station until the console output matches `re` (at most `seconds` of emulated time). */
function until(st: Station, output: () => string, re: RegExp, seconds: number): void {
  for (let i = 0; i < seconds * 100 && !re.test(output()) && !st.halted; i++) st.run(200_000);
}

/** Boot to the shell, type a command line, run until it has finished. */
function shell(line: string, threshold?: number): Workload {
  return (st, output) => {
    if (threshold !== undefined && st.machine.cpu.blocks) st.machine.cpu.blocks.threshold = threshold;
    until(st, output, /# $/, 20);
    st.machine.consoleInput(`${line}; echo end-of-test\n`);
    until(st, output, /end-of-test\r\n# $/, 120);
  };
}

function expectSame(r: ReturnType<typeof lockstep>): void {
  expect(r.jit.output).toContain('end-of-test');
  expect(r.mismatch).toBeNull();
  expect(eventDifference(r.jit.events, r.interp.events)).toBeNull();
  expect(r.jit.instructions).toBe(r.interp.instructions);
  expect(r.jit.cycles).toBe(r.interp.cycles);
  expect(r.jit.output).toBe(r.interp.output);
  expect(Buffer.compare(r.jit.ram, r.interp.ram)).toBe(0);
  expect(r.jit.translations).toBeGreaterThan(20);
  expect(r.jit.blockEnds).toBeGreaterThan(10_000);
  expect(r.jit.events.length / 4).toBeGreaterThan(1000);
}

describe('the block engine in lockstep with the interpreter', () => {
  it('boots to the shell and runs programs: the same at every block end, event and byte', () => {
    const r = lockstep(disk, shell('ls -l /bin | wc; /tests/matmul 1; /tests/sieve; /tests/cow', 16));
    expectSame(r);
    expect(r.jit.output).toContain('matmul: PASS');
    expect(r.jit.output).toContain('sieve: PASS');
  });

  it('the same with every block translated the first time it runs', () => {
    const r = lockstep(disk, shell('/tests/signals; /tests/forkwait; /tests/exec', 1));
    expectSame(r);
    expect(r.jit.output).toContain('signals: PASS');
  });

  it('notices a translation one cycle off', () => {
    for (let op = 0x7000; op < 0x8000; op++) handlerFor(op); // the interpreter's MOVEQ keeps the true cost
    instrTimes.moveq += 1;
    clearShared(); // no translation made before the change
    try {
      const r = lockstep(disk, shell('/tests/sieve', 1));
      expect(r.mismatch).toMatch(/^at instruction \d+: the block engine had cycles \d+, the interpreter \d+/);
    } finally {
      instrTimes.moveq -= 1;
      clearShared();
    }
  });
});
