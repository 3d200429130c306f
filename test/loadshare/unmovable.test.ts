/**
 * loadd's selection leaves out a foreign job that cannot move, before it
 * chooses (the kernel's pre-check, reported in pminfo's flags): on sun1,
 * four jobs from sun0 — the oldest holding a pipe, the next a file of
 * sun1's own disk, the next anonymous memory mapped shared with its
 * child (a file mapping moves if its file does: test/pm/mmap.test.ts), the youngest
 * nothing — and loadd sends away the youngest, never the others (which, as the oldest, it would pick
 * first and see refused, period after period, without the pre-check).
 */
import { describe, expect, it } from 'vitest';
import { PMU_LOCAL, PMU_MMAP, PMU_PIPE, unmovable } from '../../kernel/pm/pm_files.js';
import { startLab } from '../lab/helpers.js';

describe('loadd and unmovable foreign jobs', () => {
  const run = startLab({ seed: 'unmovable', count: { value: 2, where: '--machines' } });
  const { lab } = run;
  const said = (name: string, re: RegExp) => run.console(name).find((l) => re.test(l));
  lab.exec(0, '/tests/pmstay sun1 pipe 200000 &');
  run.runUntil(() => said('sun0', /pmstay pipe pid /) !== undefined, 60);
  lab.exec(0, '/tests/pmstay sun1 tmp 200000 &');
  run.runUntil(() => said('sun0', /pmstay tmp pid /) !== undefined, 30);
  lab.exec(0, '/tests/pmstay sun1 map 200000 &');
  run.runUntil(() => said('sun0', /pmstay map pid /) !== undefined, 30);
  lab.exec(0, '/tests/pmstay sun1 none 200000 &');
  run.runUntil(() => said('sun0', /pmstay none pid /) !== undefined, 30);
  const pidOf = (what: string) =>
    Number(/ pid (\d+) /.exec(said('sun0', new RegExp(`pmstay ${what} pid `)) ?? '')?.[1]);
  const [pipe, tmp, map, none] = ['pipe', 'tmp', 'map', 'none'].map(pidOf);
  // What the kernel's pre-check says of each, straight from sun1's kernel.
  const k = lab.machines[1].station.kernel;
  const why = (pid: number) => {
    const p = k.procs.get(pid);
    return p ? (unmovable(k, p)?.why ?? 0) : -1;
  };
  const direct = [why(pipe), why(tmp), why(map), why(none)];
  // T0 0.05: four jobs put sun1 above it within a period.
  lab.exec(0, '/sbin/loadd -t 0.05 -P 2');
  lab.exec(1, '/sbin/loadd -t 0.05 -P 2');
  const chosen = () =>
    run.events.filter((e) => e.type === 'loadd' && e.machine === 'sun1' && e.action === 'migrate');
  run.runUntil(() => chosen().length > 0, 60);
  // Two periods more: the jobs left behind are still not chosen.
  const periods = () =>
    run.events.filter((e) => e.type === 'loadd' && e.machine === 'sun1' && e.kind === 'period');
  const after = periods().length;
  run.runUntil(() => periods().length >= after + 2, 30);
  lab.finish('done');

  it('pminfo reports the pipe and the local file as unmovable, the other job as movable', () => {
    expect(said('sun0', /pmstay pipe pid /)).toMatch(
      new RegExp(` flags 0x${((PMU_PIPE << 8) | 1).toString(16)}$`),
    );
    expect(said('sun0', /pmstay tmp pid /)).toMatch(
      new RegExp(` flags 0x${((PMU_LOCAL << 8) | 1).toString(16)}$`),
    );
    expect(said('sun0', /pmstay map pid /)).toMatch(/ flags 0x701$/);
    expect(said('sun0', /pmstay none pid /)).toMatch(/ flags 0x0$/);
    expect(direct).toEqual([PMU_PIPE, PMU_LOCAL, PMU_MMAP, 0]);
  });

  it('chooses the movable foreign job and never the unmovable ones', () => {
    const pids = chosen().map((e) => e.pid);
    expect(pids[0]).toBe(none);
    expect(pids).not.toContain(pipe);
    expect(pids).not.toContain(tmp);
    expect(pids).not.toContain(map);
    expect(run.console('sun1').some((l) => / failed /.test(l) && /^loadd:/.test(l))).toBe(false);
  });
});
