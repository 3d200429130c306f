/**
 * The MC68881's state moves with a migrating process (kernel/pm/pm_state.ts,
 * kernel/proc/fpstate.ts): /tests/fpwork, iterating a chaotic map in FPU
 * registers with FPCR set to round toward zero at double precision, moved
 * twice in the middle of its computation, prints the same bits as unmoved.
 */
import { describe, expect, it } from 'vitest';
import { rootImage, runOn } from '../kernel/helpers.js';
import { execs, startLab } from '../lab/helpers.js';
import { exitOf, migrateCmd, pass, pidOf, programLines, seeded } from './helpers.js';

describe('migrating a floating-point computation', () => {
  it('fpwork moved sun0 -> sun1 -> sun2 mid-computation prints bit for bit what it prints unmoved', () => {
    const argv = ['fpwork', '100000'];
    const ref = runOn(rootImage(), '/tests/fpwork', argv);
    const lines = ref.output.split('\n').filter((l) => l.startsWith('fpwork'));
    expect(lines).toContain('fpwork: PASS (2 checks, 0 failed)');
    expect(lines.length).toBe(11);
    const run = startLab({ seed: '5', exec: execs(`sun0:/tests/${argv.join(' ')} &`) });
    const pid = pidOf(run, 'sun0', 'fpwork');
    const rand = seeded(5);
    let from = 0;
    for (const to of ['sun1', 'sun2']) {
      pass(run, 300 + Math.floor(rand() * 500));
      expect(exitOf(run, pid)).toBeUndefined(); // still computing
      expect(migrateCmd(run, from, pid, to)).toMatchObject({ phase: 'resume', machine: to });
      from = Number(to.slice(3));
    }
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: ref.status });
    pass(run, 1000);
    expect(programLines(run, (l) => l.startsWith('fpwork'))).toEqual(lines);
    run.settle(30);
  }, 240_000);
});
