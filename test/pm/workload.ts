/**
 * A seeded random workload for the global process table: programs started
 * on the machines of a four-machine lab, migrated along random chains,
 * killed from random machines, exiting and collected by their shells;
 * then `pmstat` on every machine is checked against an oracle built from
 * the lab's events alone (exec, migrate resume, exit, wait), and every
 * probable-owner chain, read from the kernels, against the page owners.
 */
import { expect } from 'vitest';
import { gptPeek, pmpage } from '../../kernel/pm/pm_gpt.js';
import { execs, type LabRun, startLab } from '../lab/helpers.js';
import { pass, pmstatRows, seeded } from './helpers.js';

const NAMES = ['sun0', 'sun1', 'sun2', 'sun3'];

/** What the events say of each migrated process not yet collected: where it is, and whether it has exited. */
function oracle(run: LabRun): Map<number, { host: string; home: string; exited: boolean }> {
  const out = new Map<number, { host: string; home: string; exited: boolean }>();
  for (const e of run.events) {
    const pid = e.pid as number;
    if (e.type === 'migrate' && e.phase === 'resume') {
      const born = run.events.find((x) => x.type === 'exec' && x.pid === pid);
      out.set(pid, { host: e.machine as string, home: (born?.machine as string) ?? '?', exited: false });
    } else if (e.type === 'exit' && out.has(pid)) (out.get(pid) as { exited: boolean }).exited = true;
    else if (e.type === 'wait') out.delete(e.child as number);
  }
  return out;
}

/** The processes started (exec of matmul) and not yet exited. */
function live(run: LabRun): number[] {
  const started = run.events
    .filter((e) => e.type === 'exec' && e.comm === 'matmul')
    .map((e) => e.pid as number);
  return started.filter((pid) => !run.events.some((e) => e.type === 'exit' && e.pid === pid));
}

function hostOf(run: LabRun, pid: number): string {
  const moves = run.events.filter((e) => e.type === 'migrate' && e.phase === 'resume' && e.pid === pid);
  const at = moves.length
    ? moves[moves.length - 1]
    : run.events.find((e) => e.type === 'exec' && e.pid === pid);
  return at?.machine as string;
}

/** Check pmstat on every machine against the oracle (for the processes that did not change meanwhile). */
function check(run: LabRun): void {
  const before = oracle(run);
  const rows = NAMES.map((_, i) => pmstatRows(run, i));
  const after = oracle(run);
  for (const r of rows.slice(1))
    expect(r.filter((l) => !/ (parent|zombie) /.test(l)).length).toBeGreaterThanOrEqual(0);
  for (const [pid, o] of before) {
    const o2 = after.get(pid);
    if (!o2 || o2.host !== o.host || o2.exited !== o.exited) continue; // it changed while pmstat ran
    const want = o.exited ? 'zombie' : o.host === o.home ? 'home' : 'away';
    for (const [i, r] of rows.entries()) {
      const row = r.find((l) => l.trim().split(/ +/)[0] === String(pid));
      expect(row, `pid ${pid} in pmstat on ${NAMES[i]}`).toBeDefined();
      const f = (row as string).trim().split(/ +/);
      expect([f[1], f[3], f[5]], `pid ${pid} on ${NAMES[i]}: ${row}`).toEqual([o.home, o.host, want]);
    }
  }
  // Every machine's table lists the same migrated processes.
  const migrated = (r: string[]) =>
    r.filter((l) => / (home|away|zombie) /.test(l)).map((l) => l.trim().split(/ +/)[0]);
  const stable = [...before.keys()].filter((pid) => after.has(pid));
  for (const r of rows) for (const pid of stable) expect(migrated(r)).toContain(String(pid));
}

/** Each page has exactly one owner, and every machine's chain of hints reaches it. */
export function checkOwnerChains(run: LabRun): void {
  const hints = run.lab.machines.map((m) =>
    gptPeek(m.station.kernel)?.pages.map((pg) => (pg.owner ? -1 : pg.probowner & 0xff)),
  );
  for (let page = 0; page < 8; page++) {
    const owners = hints.flatMap((h, i) => (h?.[page] === -1 ? [i] : []));
    expect(owners, `owners of page ${page}`).toHaveLength(1);
    for (let i = 0; i < hints.length; i++) {
      let at = i;
      for (let n = 0; at !== owners[0]; n++) {
        expect(n, `page ${page} from ${NAMES[i]}`).toBeLessThan(hints.length);
        at = (hints[at]?.[page] as number) - 1;
      }
    }
  }
}

/** Run `rounds` seeded random steps, checking the table midway and at the end. */
export function randomWorkload(seed: number, rounds: number): void {
  let lab: LabRun | null = null;
  try {
    workload(seed, rounds, (r) => {
      lab = r;
    });
  } catch (e) {
    if (process.env.PMDEBUG && lab) dump(lab);
    throw e;
  }
}

/** (PMDEBUG=1) Every kernel's pages and its processes' sleeps. */
function dump(run: LabRun): void {
  for (const m of run.lab.machines) {
    const k = m.station.kernel;
    const g = gptPeek(k);
    console.log(
      m.name,
      JSON.stringify(g?.pages.map((p) => [p.owner, p.probowner & 0xff, p.holder?.pid ?? null])),
    );
    for (const p of k.procs.values()) if (p.pid >= 1000) console.log('  ', p.pid, p.u.comm, p.stat, p.wmesg);
  }
}

function workload(seed: number, rounds: number, started: (run: LabRun) => void): void {
  const rand = seeded(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];
  const run = startLab(
    {
      seed: String(seed),
      count: { value: 4, where: '--machines' },
      exec: execs(
        'sun0:/tests/matmul 40 &',
        'sun0:/tests/matmul 30 &',
        'sun1:/tests/matmul 40 &',
        'sun2:/tests/matmul 40 &',
      ),
      // The seeds were chosen, for their coverage (pages, parents and children
      // apart), with the machines' time counted by the cache case.
    },
    { timing: 'cache-case' },
  );
  started(run);
  run.runUntil(() => live(run).length === 4, 60);
  for (let round = 0; round < rounds; round++) {
    const r = rand();
    const alive = live(run);
    if (alive.length > 0 && r < 0.7) {
      const pid = pick(alive);
      const from = NAMES.indexOf(hostOf(run, pid));
      const to = pick(NAMES.filter((_, i) => i !== from));
      const seen = run.console(NAMES[from]).length;
      run.lab.exec(from, `migrate ${pid} ${to}`);
      run.runUntil(
        () =>
          run
            .console(NAMES[from])
            .slice(seen)
            .some((l) => l.startsWith(`migrate: ${pid}`)),
        90,
      );
    } else if (alive.length > 0 && r < 0.85) {
      const pid = pick(alive);
      run.lab.exec(Math.floor(rand() * 4), `kill -9 ${pid}`);
      run.runUntil(() => !live(run).includes(pid), 60);
    } else {
      const n = run.events.filter((e) => e.type === 'exec' && e.comm === 'matmul').length;
      run.lab.exec(Math.floor(rand() * 4), `/tests/matmul ${pick([20, 30, 40])} &`);
      run.runUntil(() => run.events.filter((e) => e.type === 'exec' && e.comm === 'matmul').length > n, 60);
    }
    pass(run, 200 + Math.floor(rand() * 800));
    if (round === Math.floor(rounds / 2)) check(run);
  }
  // The end: everything exits and is collected; the table keeps no migrated process.
  run.runUntil(() => live(run).length === 0, 300);
  for (let i = 0; i < 4; i++) run.lab.exec(i, 'true');
  pass(run, 3000);
  check(run);
  const left = NAMES.map((_, i) => pmstatRows(run, i).filter((l) => / (home|away|zombie) /.test(l)));
  expect(left).toEqual([[], [], [], []]);
  // The workload used at least four pages, and put parents and children on different ones.
  const migrated = new Set(
    run.events.filter((e) => e.type === 'migrate' && e.phase === 'resume').map((e) => e.pid as number),
  );
  const parents = run.events.filter((e) => e.type === 'wait' && migrated.has(e.child as number));
  const slotted = [...migrated, ...parents.map((e) => e.pid as number)];
  expect(new Set(slotted.map(pmpage)).size).toBeGreaterThanOrEqual(4);
  expect(parents.some((e) => pmpage(e.pid as number) !== pmpage(e.child as number))).toBe(true);
  checkOwnerChains(run);
}
