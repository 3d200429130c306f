/**
 * The terminal stays at home (docs/migration.md, "The terminal"): a
 * program started on sun0's console and migrated to sun2 prints on sun0's
 * console and reads what is typed there; ^Z, bg, fg and ^C at sun0 reach it
 * on sun2, and sun0's shell sees it stop, go on and end.
 */
import { describe, expect, it } from 'vitest';
import { execs, startLab } from '../lab/helpers.js';
import { exitOf, migrateCmd, migrations, pass, pidOf } from './helpers.js';

const SIGINT = 2;

describe('the terminal of a migrated process stays at home', () => {
  it('ticker, moved sun0 -> sun2: every line on sun0, none on sun2; ^Z, bg, fg, ^C from sun0', () => {
    const run = startLab({ exec: execs('sun0:/tests/ticker 2000 200000 &') });
    const pid = pidOf(run, 'sun0', 'ticker');
    const steps = () => run.console('sun0').filter((l) => /ticker: step \d+/.test(l)).length;
    run.runUntil(() => steps() >= 3, 30);
    expect(migrateCmd(run, 0, pid, 'sun2')).toMatchObject({ phase: 'resume', machine: 'sun2' });
    const at = steps();
    run.runUntil(() => steps() >= at + 5, 30); // it goes on printing, on sun0

    // ps marks it: on sun0 its parent's entry (M), on sun2 the process (m), each with home sun0 and host sun2.
    run.lab.exec(0, 'ps -m');
    run.lab.exec(2, 'ps -axm');
    const row = (stat: string) =>
      new RegExp(`^ *${pid} +\\d+ +${pid} +${stat} +\\S+ +[\\d:.]+ +[\\d:.]+ sun0 +sun2 +ticker$`, 'm');
    run.runUntil(() => row('[RSD]m').test(run.console('sun2').join('\n')), 30);
    run.runUntil(() => row('M').test(run.console('sun0').join('\n')), 30);
    expect(run.console('sun0').join('\n')).toMatch(
      /^ +PID +PPID +PGRP STAT TT +UTIME +STIME HOME +HOST +COMMAND$/m,
    );

    // fg: it is sun0's foreground job again, though it runs on sun2.
    run.lab.exec(0, 'fg');
    pass(run, 500);
    // ^Z at sun0: it stops on sun2, and sun0's shell reports it stopped.
    run.lab.typeKeys(0, '\x1a');
    const stopped = () => migrations(run, pid).find((e) => e.phase === 'stopped' && e.machine === 'sun0');
    run.runUntil(() => stopped() !== undefined, 30);
    run.runUntil(() => run.console('sun0').some((l) => /Stopped/.test(l)), 30);
    const frozen = steps();
    pass(run, 2000);
    expect(steps()).toBe(frozen); // stopped: nothing printed for two seconds

    // bg: it goes on, in the background, still printing on sun0.
    run.lab.exec(0, 'bg');
    const continued = () => migrations(run, pid).find((e) => e.phase === 'continued' && e.machine === 'sun0');
    run.runUntil(() => continued() !== undefined, 30);
    run.runUntil(() => steps() >= frozen + 5, 30);

    // fg, then ^C: it dies of SIGINT on sun2, and sun0's shell collects it.
    run.lab.exec(0, 'fg');
    pass(run, 1000);
    run.lab.typeKeys(0, '\x03');
    run.runUntil(() => exitOf(run, pid) !== undefined, 30);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: SIGINT });
    const reaped = () =>
      run.events.find(
        (e) =>
          e.type === 'wait' &&
          e.machine === 'sun0' &&
          e.child === pid &&
          ((e.status as number) & 0xff) !== 0x7f,
      );
    run.runUntil(() => reaped() !== undefined, 30);
    expect(reaped()).toMatchObject({ status: SIGINT });
    // The stop was seen by the shell's wait4 (WUNTRACED) as a stop: status 0x7f with SIGTSTP.
    expect(
      run.events.some(
        (e) =>
          e.type === 'wait' && e.machine === 'sun0' && e.child === pid && e.status === ((18 << 8) | 0x7f),
      ),
    ).toBe(true);

    // Its lines are on sun0's console, in order, and none on sun2's. ^Z and ^C
    // throw away what is queued for the screen (the terminal's flush without
    // NOFLSH, as on any terminal): a step's line, or what is left of it, may
    // be lost at each (a step takes longer than its line takes to print).
    const printed = run.console('sun0').filter((l) => /ticker: step/.test(l));
    const lines = printed.filter((l) => /ticker: step \d+ sum \d+$/.test(l));
    expect(printed.length - lines.length).toBeLessThanOrEqual(2);
    const numbers = lines.map((l) => Number(/step (\d+)/.exec(l)?.[1]));
    expect(numbers[0]).toBe(1);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThan(numbers[i - 1]);
    expect(numbers[numbers.length - 1] - numbers.length).toBeLessThanOrEqual(2);
    expect(numbers.length).toBeGreaterThan(frozen);
    expect(run.console('sun2').filter((l) => /ticker:/.test(l))).toEqual([]);
    run.settle(30);
  }, 240_000);

  it('reads what is typed on sun0; reading in the background stops it (SIGTTIN) until fg', () => {
    const run = startLab({ exec: execs('sun0:/tests/ticker -r 60 20000 &') });
    const pid = pidOf(run, 'sun0', 'ticker');
    pass(run, 200);
    expect(migrateCmd(run, 0, pid, 'sun2')).toMatchObject({ phase: 'resume', machine: 'sun2' });
    // It finishes its steps in the background and reads: SIGTTIN from sun0's terminal stops it.
    run.runUntil(() => run.console('sun0').some((l) => /ticker: done/.test(l)), 60);
    const stopped = () => migrations(run, pid).find((e) => e.phase === 'stopped' && e.machine === 'sun0');
    run.runUntil(() => stopped() !== undefined, 30);
    run.lab.exec(0, 'fg');
    run.lab.typeLine(0, 'hello from sun0');
    run.runUntil(() => run.console('sun0').some((l) => /ticker: read hello from sun0/.test(l)), 30);
    run.lab.typeLine(0, 'second line');
    run.runUntil(() => run.console('sun0').some((l) => /ticker: read second line/.test(l)), 30);
    run.lab.typeKeys(0, '\x04'); // ^D: end of file
    run.runUntil(() => exitOf(run, pid) !== undefined, 30);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 0 });
    pass(run, 1000); // the console drains
    expect(run.console('sun0').some((l) => /ticker: end of input/.test(l))).toBe(true);
    expect(run.console('sun2').filter((l) => /ticker:|hello/.test(l))).toEqual([]);
    run.settle(30);
  }, 240_000);

  it('home crashes: the process, on sun1, gets SIGHUP (its terminal is gone)', () => {
    const run = startLab({
      count: { value: 2, where: '--machines' },
      exec: execs('sun0:/tests/ticker 4000 20000 &'),
    });
    const pid = pidOf(run, 'sun0', 'ticker');
    pass(run, 300);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
    pass(run, 1000);
    run.lab.powerOff(0);
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun1', status: 1 }); // SIGHUP
    const lost = migrations(run, pid).find((e) => e.machine === 'sun1' && e.phase === 'abort');
    expect(lost?.reason).toMatch(/the home terminal is lost/);
    expect(run.console('sun1').filter((l) => /ticker:/.test(l))).toEqual([]);
  }, 240_000);

  it('a child it forks on sun2 prints on sun0 too, and ^C at sun0 reaches both', () => {
    const run = startLab({ exec: execs('sun0:/tests/ticker -f 15 4000 20000 &') });
    const pid = pidOf(run, 'sun0', 'ticker');
    run.runUntil(() => run.console('sun0').some((l) => /ticker: step 3 /.test(l)), 30);
    expect(migrateCmd(run, 0, pid, 'sun2')).toMatchObject({ phase: 'resume', machine: 'sun2' });
    const child = () => run.events.find((e) => e.type === 'fork' && e.machine === 'sun2' && e.ppid === pid);
    run.runUntil(() => child() !== undefined, 60);
    run.runUntil(() => run.console('sun0').filter((l) => /ticker child: step/.test(l)).length >= 3, 60);
    run.lab.exec(0, 'fg');
    pass(run, 1000);
    run.lab.typeKeys(0, '\x03');
    const cpid = child()?.pid as number;
    run.runUntil(() => exitOf(run, cpid) !== undefined && exitOf(run, pid) !== undefined, 30);
    expect(exitOf(run, cpid)).toMatchObject({ machine: 'sun2', status: SIGINT });
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: SIGINT });
    expect([...run.console('sun1'), ...run.console('sun2')].filter((l) => /ticker/.test(l))).toEqual([]);
    run.settle(30);
  }, 240_000);
});
