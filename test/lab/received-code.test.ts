/**
 * A migrated process received into page frames that held translated code
 * runs its own code, not the stale translations: the kernel's reception
 * (pm_memory.ts) takes fresh frames from the page allocator, which tells
 * the CPU's translation cache that they are being rewritten. On sun1 every
 * block is translated the first time it runs, so the frames that commands
 * run there leave behind all held translated code.
 */
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../emu/lab/events.js';
import { PROT_WRITE } from '../../kernel/vm/as.js';
import { execs, SECOND, startLab } from './helpers.js';

const MIGRATE = "su alice -c '/tests/migself -n sun1 64 1 /home/alice'";

describe('translated code and a received process', () => {
  it('a process migrated into frames that held translated code runs its own code', () => {
    const run = startLab(
      {
        seed: 'received-code',
        count: { value: 2, where: '--machines' },
        memoryMB: { value: 24, where: '--memory' },
        exec: execs('sun1:ls -l /bin > /dev/null; /tests/sieve > /dev/null; /tests/matmul 1 > /dev/null'),
      },
      { engine: 'jit' },
    ); // about translations: the block engine even when the suite runs on the interpreter
    const sun1 = run.lab.machines[1].station;
    const blocks = sun1.machine.cpu.blocks;
    if (!blocks) throw new Error('sun1 runs the interpreter');
    blocks.threshold = 1;
    const tlb = sun1.machine.cpu.tlb;
    // Frames whose translations were dropped because they were written, and when.
    const dropped = new Set<number>();
    const drop = tlb.onCodeWrite;
    tlb.onCodeWrite = (frame, from, to) => {
      dropped.add(frame);
      drop(frame, from, to);
    };
    run.runUntil(() => run.lab.settled, 120);
    expect(blocks.stats.translations).toBeGreaterThan(100);
    dropped.clear();
    run.lab.exec(0, MIGRATE);
    // The received process's text frames, as it runs on sun1 (read-only: only the kernel writes them).
    const frames = new Set<number>();
    const done = () =>
      run.events.find(
        (e: LabEvent) =>
          e.type === 'command' && e.phase === 'done' && e.machine === 'sun0' && e.text === MIGRATE,
      );
    const end = run.lab.now + 120 * SECOND;
    while (!done() && run.lab.now < end) {
      run.lab.runTo(run.lab.now + SECOND / 10000); // its life on sun1 after the move is a few ms
      for (const p of sun1.kernel.procs.values())
        if (p.u.comm === 'migself')
          for (const page of p.vm.pages.values()) if (!(page.prot & PROT_WRITE)) frames.add(page.frame);
    }
    expect(done()?.status).toBe(0);
    expect(run.events.some((e) => e.type === 'migrate' && e.phase === 'resume' && e.machine === 'sun1')).toBe(
      true,
    );
    expect(frames.size).toBeGreaterThan(0);
    // Some of the text frames it was received into had held translated code, dropped as the kernel wrote them.
    expect([...frames].filter((f) => dropped.has(f)).length).toBeGreaterThan(0);
  }, 300_000);
});
