/**
 * The global process table (docs/migration.md, kernel/pm/pm_gpt.ts) in
 * booted labs: pmstat and kill name a migrated process from any machine;
 * every probable-owner chain ends at the page's owner; which copy runs
 * after a fault at each step of the hand-off is the table's word, and
 * exactly one does; a dead owner's pages are rebuilt and its processes'
 * parents collect them as killed by SIGKILL.
 */
import { describe, expect, it } from 'vitest';
import type { Partition } from '../../emu/net/segment.js';
import { gptPeek } from '../../kernel/pm/pm_gpt.js';
import { rootImage, runOn } from '../kernel/helpers.js';
import { execs, type LabRun, SECOND, startLab } from '../lab/helpers.js';
import { exitOf, migrateCmd, migrations, pass, pidOf, pmstatRows, programLines } from './helpers.js';
import { randomWorkload } from './workload.js';

const FOUR = { value: 4, where: '--machines' };

/**
 * Each machine's probable owner of each page, by name (its own name for
 * the pages it owns), read from the kernels at one instant.
 */
function owners(run: LabRun, down: string[] = []): Map<string, string[]> {
  const all = new Map<string, string[]>();
  for (const m of run.lab.machines) {
    const g = gptPeek(m.station.kernel);
    if (!g || down.includes(m.name)) continue;
    all.set(
      m.name,
      g.pages.map((pg) => (pg.owner ? m.name : `sun${(pg.probowner & 0xff) - 1}`)),
    );
  }
  return all;
}

/** Every page has one owner (the one machine that names itself), and every chain of hints ends there. */
function checkChains(all: Map<string, string[]>): void {
  for (let page = 0; page < 8; page++) {
    const owner = [...all].filter(([m, po]) => po[page] === m).map(([m]) => m);
    expect(owner, `page ${page}`).toHaveLength(1);
    for (const start of all.keys()) {
      let at = start;
      for (let hops = 0; at !== owner[0]; hops++) {
        expect(hops, `page ${page} from ${start}`).toBeLessThan(all.size);
        at = all.get(at)?.[page] as string;
      }
    }
  }
}

describe('the global process table', () => {
  it('on four machines, pmstat on each names the child that went sun0 -> sun1 -> sun2, kill from sun3 reaches it, sun0 collects it, and every probable-owner chain ends at its page owner', () => {
    const run = startLab({ count: FOUR, exec: execs('sun0:/tests/matmul 40 &') });
    const pid = pidOf(run, 'sun0', 'matmul');
    pass(run, 300);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume' });
    pass(run, 200);
    expect(migrateCmd(run, 1, pid, 'sun2')).toMatchObject({ phase: 'resume' });
    // Every machine reads the same table: born on sun0, last from sun1, on sun2, two hops.
    const row = new RegExp(`^ *${pid} sun0 +sun1 +sun2 +sun0:\\d+\\.\\d{6} +away +2 matmul$`);
    const seen = [0, 1, 2, 3].map((i) => pmstatRows(run, i, String(pid)));
    for (const rows of seen) {
      expect(rows).toHaveLength(1); // exactly one process has that pid, lab-wide
      expect(rows[0]).toMatch(row);
    }
    // Its parent, the shell on sun0, has a slot too (a parent of a migrated process).
    const all = pmstatRows(run, 3);
    expect(all.some((l) => / sun0 +sun0 +sun0 .* parent +0 sh$/.test(l))).toBe(true);
    checkChains(owners(run));
    // pmstat -o prints a machine's hints: sun3 read every page last, and owns them all.
    run.lab.exec(3, 'pmstat -o');
    run.runUntil(
      () => run.console('sun3').filter((l) => /^page \d probowner sun3$/.test(l)).length === 8,
      30,
    );
    // ps PID on a machine it is not on says where it runs (from the table).
    run.lab.exec(3, `ps ${pid}`);
    const where = new RegExp(`^ *${pid} runs on sun2 \\(home sun0, 2 hops\\): matmul$`);
    run.runUntil(() => run.console('sun3').some((l) => where.test(l)), 30);
    // kill from a machine that is neither its host nor its parent's.
    run.lab.exec(3, `kill ${pid}`);
    run.runUntil(() => exitOf(run, pid) !== undefined, 30);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 15 });
    run.lab.exec(0, 'true'); // the shell looks at its jobs again
    const reaped = () => run.events.find((e) => e.type === 'wait' && e.machine === 'sun0' && e.child === pid);
    run.runUntil(() => reaped() !== undefined, 30);
    expect(reaped()).toMatchObject({ status: 15 });
    // Collected: the delete routine takes its slot out of the table, which every machine sees.
    pass(run, 2000);
    for (const i of [0, 1, 2, 3])
      expect(pmstatRows(run, i).filter((l) => l.includes(String(pid)))).toEqual([]);
    checkChains(owners(run));
    run.settle(30);
  }, 180_000);
});

/** What the program prints run alone. */
function reference(argv: string[]): string[] {
  return runOn(rootImage(), `/tests/${argv[0]}`, argv)
    .output.split('\n')
    .filter((l) => l !== '');
}

/** Cut machine i off the others (a partition of the first segment) for `seconds`, from now. */
function cut(run: LabRun, i: number, seconds: number): void {
  const parts = run.lab.segments[0].partitions as Partition[];
  parts.push({ ports: [i], from: run.lab.now, to: run.lab.now + seconds * SECOND });
}

describe('exactly one copy, whatever happens during the hand-off', () => {
  const ref = reference(['matmul', '12']);
  // The protocol's steps, as the migrate events show them: [machine index, phase, part].
  const steps: [number, string, string?][] = [
    [0, 'part', 'text'],
    [0, 'part', 'files'],
    [1, 'ready'],
    [0, 'commit'],
    [1, 'confirm'],
  ];
  const cases = ['cut', 'crash-source', 'crash-dest'].flatMap((fault) =>
    steps
      .filter(([, phase]) => !(fault === 'crash-dest' && phase === 'confirm')) // then it ran there, and died with it
      .map(([who, phase, part]) => ({ fault, who, phase, part: part ?? '' })),
  );
  it.each(cases)(
    '$fault after $phase $part: one copy goes on and prints the reference output (none if the source dies before READY)',
    ({ fault, who, phase, part }) => {
      const run = startLab({ exec: execs('sun0:/tests/matmul 12 &') });
      const pid = pidOf(run, 'sun0', 'matmul');
      pass(run, 400);
      // The hop under test is sun1 -> sun2, not one from the process's home:
      // a home that crashes takes the process's terminal (SIGHUP) and its
      // output with it. sun0 stays up and shows what the program prints.
      expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
      run.lab.exec(1, `migrate ${pid} sun2`);
      const [source, dest] = [1, 2];
      const at = () =>
        migrations(run, pid).find(
          (e) =>
            e.machine === run.lab.machines[who === 0 ? source : dest].name &&
            e.phase === phase &&
            (!part || e.part === part),
        );
      // In steps of 0.1 ms, so that the fault falls right after the step (a
      // hand-off's steps are a few milliseconds apart).
      for (const end = run.lab.now + 30 * SECOND; at() === undefined; ) {
        if (run.lab.now >= end) throw new Error(`no ${phase} ${part} in 30 s`);
        run.lab.runTo(run.lab.now + SECOND / 10_000);
      }
      if (fault === 'cut') cut(run, dest, 15);
      else run.lab.powerOff(fault === 'crash-source' ? source : dest);
      const resumedOn2 = () => migrations(run, pid).some((e) => e.phase === 'resume' && e.machine === 'sun2');
      if (fault === 'crash-source' && phase === 'part') {
        // The destination never held the whole process: it died with its machine, and no copy of it runs.
        const gaveUp = () => migrations(run, pid).find((e) => e.machine === 'sun2' && e.phase === 'abort');
        run.runUntil(() => gaveUp() !== undefined, 30);
        pass(run, 5000);
        expect(resumedOn2()).toBe(false);
        expect(exitOf(run, pid)).toBeUndefined();
        return;
      }
      run.runUntil(() => exitOf(run, pid) !== undefined, 120);
      pass(run, 3000);
      // One exit, on a machine still up, and the output once, in order.
      expect(run.events.filter((e) => e.type === 'exit' && e.pid === pid)).toHaveLength(1);
      const mine = new Set(ref);
      expect(programLines(run, (l) => mine.has(l))).toEqual(ref);
      expect(exitOf(run, pid)?.machine).toBe(resumedOn2() ? 'sun2' : 'sun1');
    },
    180_000,
  );
});

describe('a dead owner', () => {
  it('sun0, owner of page 0, crashes mid-workload: the survivors rebuild its pages, agree in pmstat, and the wait for its migrated process returns it killed by SIGKILL', () => {
    const run = startLab({
      count: FOUR,
      exec: execs('sun1:/tests/matmul 40 &', 'sun1:/tests/matmul 12 &'),
    });
    const a = pidOf(run, 'sun1', 'matmul');
    pass(run, 300);
    const b = run.events.filter((e) => e.type === 'exec' && e.machine === 'sun1' && e.comm === 'matmul')[1]
      ?.pid as number;
    expect(b).toBeGreaterThan(a);
    expect(migrateCmd(run, 1, a, 'sun0')).toMatchObject({ phase: 'resume' });
    expect(migrateCmd(run, 1, b, 'sun2')).toMatchObject({ phase: 'resume' });
    // Page 0 starts as sun0's (method 1: page p to machine p mod 4); the workload's pages have moved about.
    run.lab.powerOff(0);
    const off = run.lab.now;
    // The first table request that needs sun0 finds it dead (pmstat reads every page).
    const first = pmstatRows(run, 2);
    const dead = run.events.find(
      (e) => e.type === 'migrate' && e.phase === 'dead' && e.peer === '192.9.200.1',
    );
    expect(dead).toBeDefined();
    expect((dead?.t as number) - off).toBeLessThan(10 * SECOND); // found dead within 10 s
    expect(first.find((l) => l.trim().startsWith(`${b} `))).toMatch(/ sun1 +sun2 +\S+ +away +1 matmul$/);
    // The shell on sun1 collects both: a killed by SIGKILL, b with its own status.
    run.runUntil(() => exitOf(run, b) !== undefined, 60);
    run.lab.exec(1, 'true');
    const reaped = (c: number) =>
      run.events.find((e) => e.type === 'wait' && e.machine === 'sun1' && e.child === c);
    run.runUntil(() => reaped(a) !== undefined && reaped(b) !== undefined, 60);
    expect(reaped(a)).toMatchObject({ status: 9 });
    expect(reaped(b)).toMatchObject({ status: 0 });
    // Every survivor reads the same table: the shell, and neither child any more.
    pass(run, 2000);
    const rows = [1, 2, 3].map((i) => pmstatRows(run, i));
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(rows[0]);
    expect(rows[0].map((l) => l.trim().split(/ +/)[0])).toEqual([String(a - 1)]);
    checkChains(owners(run, ['sun0']));
  }, 180_000);
});

describe('parents and children on different machines', () => {
  it('a parent with a zombie child and a running one migrates sun0 -> sun1 -> sun2 and collects both, status and usage; the running child sees its getppid unchanged', () => {
    const run = startLab({ exec: execs('sun0:/tests/pmfamily parent sun1 sun2') });
    const pid = pidOf(run, 'sun0', 'pmfamily');
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    pass(run, 1000);
    expect(run.lines.filter((l) => l.includes('FAIL'))).toEqual([]);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 0 });
    // (It prints on its home's console, sun0's, wherever it runs: the terminal stays at home.)
    expect(run.console('sun0').join('\n')).toMatch(/pmfamily: PASS \(\d+ checks, 0 failed\)/);
    // Collected on sun2 by the parent, though the children ended on sun0.
    const kids = run.events.filter((e) => e.type === 'wait' && e.machine === 'sun2' && e.pid === pid);
    expect(kids.map((e) => (e.status as number) >> 8).sort()).toEqual([3, 7]);
  }, 120_000);

  it('an orphan: the child migrates to sun1, its parent exits on sun0, and its getppid() becomes 1', () => {
    const run = startLab({
      count: { value: 2, where: '--machines' },
      exec: execs('sun0:/tests/pmfamily orphan sun1'),
    });
    // The orphan on sun1 prints on its home's console, sun0's (the terminal stays at home).
    run.runUntil(() => run.console('sun0').some((l) => /pmfamily orphan: (PASS|FAIL)/.test(l)), 60);
    expect(run.lines.filter((l) => l.includes('FAIL'))).toEqual([]);
    expect(run.console('sun0').join('\n')).toMatch(/PASS: once the parent has exited, getppid\(\) is 1/);
  }, 120_000);
});

describe('signals while a process moves', () => {
  it('kill from sun3, sent in each phase of a migration (request ... resume), arrives exactly once', () => {
    const run = startLab({ count: FOUR, exec: execs('sun0:/tests/pmfamily count 6 &') });
    const pid = pidOf(run, 'sun0', 'pmfamily');
    pass(run, 300);
    const phases = ['request', 'auth', 'freeze', 'part', 'ready', 'commit', 'confirm', 'cleanup'];
    const hosts = ['sun0', 'sun1', 'sun2'];
    let at = 0;
    let sent = 0;
    for (const [n, phase] of phases.entries()) {
      const to = (at + 1 + (n % 2)) % 3;
      const before = migrations(run, pid).length;
      run.lab.exec(at, `migrate ${pid} ${hosts[to]}`);
      const hit = () =>
        migrations(run, pid)
          .slice(before)
          .find((e) => e.phase === phase);
      const done = () =>
        migrations(run, pid)
          .slice(before)
          .find((e) => e.phase === 'resume' || e.phase === 'refuse' || e.phase === 'abort');
      run.runUntil(() => hit() !== undefined || done() !== undefined, 30);
      run.lab.exec(3, `kill -30 ${pid}`); // SIGUSR1
      sent++;
      run.runUntil(() => done() !== undefined, 30);
      if (done()?.phase === 'resume') at = to;
      pass(run, 400);
    }
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    pass(run, 1000);
    expect(run.lines.some((l) => l.endsWith(`pmfamily: ${sent} signals`))).toBe(true);
    expect(run.console('sun3').filter((l) => /kill:/.test(l))).toEqual([]); // every kill found it
  }, 180_000);
});

describe('a random workload', () => {
  it('seeded forks, migrations, kills, exits and waits on four machines leave the table as the events say, on every machine', () => {
    randomWorkload(21, 12);
  }, 240_000);
});

describe('the calls', () => {
  it('getpmpage, putpmpage and the thesis pm_open ... pm_getppid work, and fail with the right errno', () => {
    const run = startLab({
      count: { value: 2, where: '--machines' },
      exec: execs('sun0:/tests/pmfamily calls'),
    });
    run.runUntil(() => run.console('sun0').some((l) => /pmfamily: (PASS|FAIL)/.test(l)), 60);
    expect(run.lines.filter((l) => l.includes('FAIL'))).toEqual([]);
    expect(run.console('sun0').join('\n')).toMatch(/PASS: getpmpage\(0\): page 0 brought here/);
  }, 60_000);
});

describe('initial ownership', () => {
  it('method 1 (the default) gives page p to machine p mod N; method 2 in /etc/pmpool gives every page to the first', () => {
    const hints = (run: LabRun, i: number) => {
      const name = run.lab.machines[i].name;
      const before = run.console(name).length;
      run.lab.exec(i, 'pmstat -o');
      const out = () =>
        run
          .console(name)
          .slice(before)
          .filter((l) => /^page \d probowner /.test(l));
      run.runUntil(() => out().length === 8, 30);
      return out().map((l) => l.split(' ')[3]);
    };
    const one = startLab({});
    expect(hints(one, 2)).toEqual(['sun0', 'sun1', 'sun2', 'sun0', 'sun1', 'sun2', 'sun0', 'sun1']);
    one.settle(30);
    const two = startLab({
      exec: execs(...['sun0', 'sun1', 'sun2'].map((m) => `${m}:echo pmtable method 2 >> /etc/pmpool`)),
    });
    two.runUntil(() => two.lines.filter((l) => l.endsWith('>> /etc/pmpool')).length === 3, 30);
    pass(two, 500);
    expect(hints(two, 2)).toEqual(Array(8).fill('sun0'));
    two.settle(30);
  }, 120_000);
});
