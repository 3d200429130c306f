/**
 * Migration equivalence (docs/migration.md, "Proof that it moved"): a
 * compute-bound program started on sun0 and migrated at seeded random
 * instants, 0 to 5 times along a seeded random chain of machines, must
 * print exactly what it prints unmigrated in the same lab, exit with the
 * same status, and execute exactly the same number of user instructions
 * (its ru.uinsns, which travels with it). Along the way the per-machine
 * user-instruction counters show each source stopping at the freeze and
 * the destination going on, and the capture holds at least every byte of
 * the image sent. Used by test/pm/equivalence.test.ts (two programs, two
 * seeds) and the long sweep in test/long/pmequiv.test.ts.
 */
import { expect } from 'vitest';
import type { LabEvent } from '../../emu/lab/events.js';
import { type LabRun, startLab } from '../lab/helpers.js';
import { exitOf, migrateCmd, migrations, pass, pidOf, programLines, seeded } from './helpers.js';

const MACHINES = ['sun0', 'sun1', 'sun2'];

/** A run of `argv` on sun0 of a lab seeded `seed`: what it printed, its exit event, and the run. */
function started(argv: string[], seed: number): { run: LabRun; pid: number } {
  const run = startLab({
    seed: String(seed),
    exec: [{ machine: 'sun0', command: `/tests/${argv.join(' ')} &`, where: 'test' }],
  });
  return { run, pid: pidOf(run, 'sun0', argv[0]) };
}

/** The program's lines and exit, run to its end. */
function finish(run: LabRun, pid: number, refLines?: Set<string>): { lines: string[]; exit: LabEvent } {
  run.runUntil(() => exitOf(run, pid) !== undefined, 600);
  pass(run, 1000); // the console's last lines drain
  const keep = refLines ?? new Set(run.lines.map((l) => l.slice(l.indexOf('| ') + 2)));
  const lines = programLines(run, (l) => keep.has(l) && /PASS|FAIL|[0-9]/.test(l));
  return { lines, exit: exitOf(run, pid) as LabEvent };
}

/** User instructions machine i has executed so far (every process's). */
const insns = (run: LabRun, i: number) => run.lab.machines[i].station.kernel.stats.userInsns;

export function checkEquivalence(argv: string[], seed: number): { hops: string[] } {
  const ref = started(argv, seed);
  const want = finish(ref.run, ref.pid);
  ref.run.settle(30);
  expect(want.exit.uinsns).toBeGreaterThan(100_000);

  const { run, pid } = started(argv, seed);
  const rand = seeded(seed * 7919 + argv.length);
  const count = Math.floor(rand() * 6);
  const hops: string[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    pass(run, 100 + Math.floor(rand() * 700));
    if (exitOf(run, pid) !== undefined) break;
    const others = MACHINES.map((_, i) => i).filter((i) => i !== at);
    const to = others[Math.floor(rand() * others.length)];
    const last = migrateCmd(run, at, pid, MACHINES[to]);
    if (last.phase !== 'resume') {
      // It ended (or was ending) while the request was on its way: nothing to move.
      expect(exitOf(run, pid)).toBeDefined();
      break;
    }
    hops.push(MACHINES[to]);
    // The source has stopped running it; the destination goes on.
    const s0 = insns(run, at);
    const d0 = insns(run, to);
    pass(run, 100);
    if (exitOf(run, pid) === undefined) {
      const src = insns(run, at) - s0;
      const dst = insns(run, to) - d0;
      expect(dst).toBeGreaterThan(50_000);
      expect(src).toBeLessThan(dst / 4);
    }
    at = to;
  }
  const got = finish(run, pid, new Set(want.lines));
  expect(got.lines).toEqual(want.lines);
  expect(got.exit).toMatchObject({
    machine: MACHINES[at],
    status: want.exit.status,
    uinsns: want.exit.uinsns,
  });
  // The capture holds every byte the migrations sent.
  const sent = migrations(run, pid)
    .filter((e) => e.phase === 'part')
    .reduce((n, e) => n + (e.bytes as number), 0);
  expect(run.pcap().length).toBeGreaterThanOrEqual(sent);
  expect(
    migrations(run, pid)
      .filter((e) => e.phase === 'resume')
      .map((e) => e.machine),
  ).toEqual(hops);
  run.settle(30);
  return { hops };
}
