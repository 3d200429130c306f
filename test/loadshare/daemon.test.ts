/**
 * loadd in a 2-machine lab, driven at the consoles as a user would: a
 * migration that hangs (migd on the destination stopped) does not hold up
 * loadd's periods; a job pmrun placed elsewhere prints on the caller's
 * terminal at home and pmrun returns its exit status; `loadd -x` (the lab
 * UI's ^A l) stops the daemon and starts it again.
 */
import { describe, expect, it } from 'vitest';
import { SECOND, startLab } from '../lab/helpers.js';

describe('loadd at work', () => {
  const run = startLab({ seed: 'loadd', count: { value: 2, where: '--machines' } });
  const { lab } = run;
  const has = (name: string, re: RegExp) => () => run.console(name).some((l) => re.test(l));
  // T0 0.05: one busy job is enough to be above it within a few seconds.
  lab.exec(0, '/sbin/loadd -t 0.05 -P 2');
  lab.exec(1, '/sbin/loadd -t 0.05 -P 2');
  run.runUntil(() => has('sun0', /loadd: sun0: policy/)() && has('sun1', /loadd: sun1: policy/)(), 120);
  const migd = lab.snapshot(1).processes.find((p) => /migd/.test(p.command));
  if (!migd) throw new Error('no migd on sun1');
  lab.exec(1, `kill -STOP ${migd.pid}`);
  lab.exec(0, '/tests/jobk 1 20000 &');
  lab.exec(0, 'sleep 8; pmrun -v /tests/jobk 2 300; echo status2 $?');
  run.runUntil(has('sun0', /^status2 /), 120);
  const hung = run.events.find((e) => e.type === 'loadd' && e.kind === 'place' && e.action === 'migrate');
  const failed = run.console('sun0').find((l) => /^loadd: \d+ moved pid \d+ to sun1 failed 60$/.test(l));
  const failedAt = run.lines.indexOf(`sun0| ${failed}`);

  lab.exec(1, `kill -CONT ${migd.pid}`);
  lab.exec(0, 'sleep 3; pmrun -v /tests/jobk 3 300; echo status3 $?');
  lab.exec(0, "pmrun -v /bin/sh -c 'echo from `hostname`; exit 3'; echo status4 $?");
  run.runUntil(has('sun0', /^status4 /), 120);
  // A dry run on the loaded sun0, its parameters from a file: it decides and logs, and moves nothing.
  // T0 between the two machines' loads now (sun0 still runs job 1): a job pmrun registers is one to move.
  const t0 = ((lab.snapshot(0).load[0] + lab.snapshot(1).load[0]) / 2).toFixed(2);
  lab.exec(0, `loadd -x; echo "t0 ${t0}" > /tmp/lc; echo "policy thesis-literal" >> /tmp/lc`);
  lab.exec(0, 'echo "alpha 0.75" >> /tmp/lc; /sbin/loadd -n -f /tmp/lc & sleep 5');
  lab.exec(0, 'pmrun -v /tests/jobk 9 300; echo status9 $?');
  lab.exec(1, 'loadd -x; echo toggled');
  run.runUntil(has('sun1', /^toggled/), 30);
  lab.exec(1, 'loadd -x; echo toggled again');
  run.runUntil(has('sun1', /^toggled again/), 30);
  run.runUntil(() => run.console('sun1').filter((l) => /loadd: sun1: policy/.test(l)).length === 2, 30);
  const periods1 = (after: number) =>
    run.events.filter(
      (e) => e.type === 'loadd' && e.machine === 'sun1' && e.kind === 'period' && e.t > after,
    );
  const restarted = lab.now;
  run.runUntil(() => periods1(restarted).length >= 2, 30);
  run.runUntil(has('sun0', /^status9 /), 60);
  lab.finish('done');

  it('keeps its period while a migration hangs, and reports the migration failed', () => {
    expect(hung?.to).toBe('sun1');
    expect(failed).toBeDefined();
    // The periods sun0's loadd decided between the migration's start and its failure (10 s without an answer)...
    const hungAt = run.lines.findIndex((l) =>
      l.startsWith(`sun0| loadd: place ${hung?.n} migrate pid ${hung?.pid} to sun1 `),
    );
    const heads = run.lines
      .slice(hungAt, failedAt)
      .map((l) => /^sun0\| loadd: period (\d+) /.exec(l)?.[1])
      .filter((n) => n !== undefined)
      .map(Number);
    expect(hungAt).toBeGreaterThan(0);
    expect(failedAt).toBeGreaterThan(hungAt);
    // ...one every 2 s, with no period skipped: loadd did not wait for it.
    expect(heads.length).toBeGreaterThanOrEqual(4);
    expect(heads).toEqual(heads.map((_, i) => heads[0] + i));
    const during = heads.map(
      (n) =>
        run.events.find(
          (e) =>
            e.type === 'loadd' &&
            e.machine === 'sun0' &&
            e.kind === 'period' &&
            e.n === n &&
            e.t > (hung?.t ?? 0),
        )?.t ?? 0,
    );
    const ts = [hung?.t ?? 0, ...during];
    for (let i = 1; i < ts.length; i++) expect(ts[i] - ts[i - 1]).toBeLessThan(3 * SECOND);
    // pmrun gave up waiting (10 s), the job ran at home after all, and its status came back.
    expect(run.console('sun0').some((l) => /^pmrun: \d+ LOCAL no-answer$/.test(l))).toBe(true);
    expect(run.console('sun0')).toContain('jobk 2 ok sun0');
    expect(run.console('sun0')).toContain('status2 0');
  });

  it("brings a placed job's output and exit status back to the caller", () => {
    const sun0 = run.console('sun0');
    expect(sun0.some((l) => /^pmrun: \d+ PLACED sun1$/.test(l))).toBe(true);
    // jobk prints where it ran; that line is on the caller's terminal at home, not on sun1's console.
    expect(sun0).toContain('jobk 3 ok sun1');
    expect(run.console('sun1').some((l) => /jobk 3/.test(l))).toBe(false);
    expect(sun0).toContain('status3 0');
    expect(sun0).toContain('from sun1');
    expect(sun0).toContain('status4 3');
  });

  it('with -n, decides and logs as configured but moves nothing', () => {
    const sun0 = run.console('sun0');
    expect(
      sun0.some(
        (l) =>
          l.includes(`loadd: sun0: policy thesis-literal, t0 ${t0}, alpha 0.75, period 2000 ms,`) &&
          l.endsWith(', dry run'),
      ),
    ).toBe(true);
    const would = run.events.find(
      (e) => e.type === 'loadd' && e.machine === 'sun0' && e.action === 'would-migrate',
    );
    expect(would?.kind).toBe('place');
    expect(would?.to).toBe('sun1');
    expect(run.events.some((e) => e.type === 'migrate' && e.pid === would?.pid)).toBe(false);
    expect(sun0).toContain('jobk 9 ok sun0');
    expect(sun0).toContain('status9 0');
  });

  it('stops and starts with loadd -x', () => {
    const sun1 = run.console('sun1');
    expect(sun1).toContain('loadd: sun1: stopped');
    expect(sun1.filter((l) => /loadd: sun1: policy thesis,/.test(l))).toHaveLength(2);
    expect(periods1(restarted).length).toBeGreaterThanOrEqual(2);
  });
});
