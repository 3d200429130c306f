/**
 * Open files and the rest of the process's state at migration
 * (docs/migration.md, "Open files" and "What moves with the process"), in
 * a booted lab of three machines whose /home is sun0's, shared by NFS: ten
 * descriptors move twice and every file ends byte-exact; a descriptor
 * shared with the parent refuses; a local, removed or renamed file
 * refuses before anything is frozen; the checklist program finds all of
 * its state after two moves.
 */
import { describe, expect, it } from 'vitest';
import { execs, type LabRun, startLab } from '../lab/helpers.js';
import { exitOf, migrateCmd, migrations, nfsLab, pass, pidOf, typed } from './helpers.js';

const fails = (run: LabRun) => run.lines.filter((l) => /FAIL/.test(l));

describe('open files move through NFS', () => {
  it('ten descriptors (read-only, write-only, O_APPEND, two dup chains, a file opened twice) move sun0 -> sun1 -> sun2; every file is byte-exact, read on sun0 and on sun1', () => {
    const run = nfsLab('21');
    expect(
      typed(run, 0, "su alice -c 'mkdir /home/alice/pmf; /tests/pmfiles /home/alice/pmf sun1 sun2'"),
    ).toBe(0);
    expect(fails(run)).toEqual([]);
    const pid = pidOf(run, 'sun0', 'pmfiles');
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 0 });
    // It prints on its home's console wherever it runs (the terminal stays at home).
    const sun0 = run.console('sun0').join('\n');
    expect(sun0).toMatch(/PASS: migrate\(sun2\) with ten files open returned 0; on sun2/);
    expect(sun0).toMatch(/pmfiles verify: PASS \(35 checks, 0 failed\)/);
    expect(sun0).toMatch(/^pmfiles: PASS$/m);
    expect(sun0).toMatch(/PASS: every offset is where it was/);
    expect(run.console('sun2').join('\n')).not.toMatch(/PASS/);
    // The files part of each hop carries the ten descriptors' names.
    const parts = migrations(run, pid).filter((e) => e.phase === 'part' && e.part === 'files');
    expect(parts).toHaveLength(2);
    for (const e of parts) expect(e.bytes).toBeGreaterThan(10 * 30);
    // The server itself, and another client, read the same bytes.
    expect(typed(run, 0, '/tests/pmfiles verify /home/alice/pmf 3')).toBe(0);
    expect(typed(run, 1, "su bob -c '/tests/pmfiles verify /home/alice/pmf 3'")).toBe(0);
    expect(run.console('sun1').join('\n')).toMatch(/pmfiles verify: PASS \(6 checks, 0 failed\)/);
    expect(fails(run)).toEqual([]);
    run.settle(30);
  }, 240_000);

  it('a descriptor shared with the parent refuses (EXDEV) while parent and child write alternately; closed, the child moves; a /tmp file, a removed and a renamed file refuse before any freeze', () => {
    const run = nfsLab('22');
    expect(typed(run, 1, "su alice -c '/tests/pmfiles share /home/alice sun2'")).toBe(0);
    const sun1 = run.console('sun1').join('\n');
    expect(sun1).toMatch(
      /PASS: the child's migration with a descriptor shared with its parent is refused \(-1, errno 18\)/,
    );
    expect(sun1).toMatch(/PASS: the file alternates p0 c0 ... p5 c5, byte-exact \(36 bytes\)/);
    expect(sun1).toMatch(/PASS: with it closed, the child moves to sun2/);
    const child = run.events.find((e) => e.type === 'migrate' && e.phase === 'refuse' && e.machine === 'sun1')
      ?.pid as number;
    expect(migrations(run, child).find((e) => e.phase === 'refuse')?.reason).toMatch(
      /shared with another process/,
    );

    expect(typed(run, 1, "su alice -c '/tests/pmfiles local sun2'")).toBe(0);
    const pid = pidOf(run, 'sun1', 'pmfiles');
    const local = run.events.filter((e) => e.type === 'exec' && e.comm === 'pmfiles').map((e) => e.pid);
    const last = local[local.length - 1] as number;
    expect(last).not.toBe(pid);
    const ev = migrations(run, last);
    // Three refusals at the source, each before anything froze; then the move.
    expect(ev.filter((e) => e.phase === 'refuse').map((e) => [e.machine, e.errno])).toEqual([
      ['sun1', 18],
      ['sun1', 18],
      ['sun1', 18],
    ]);
    expect(ev.filter((e) => e.phase === 'refuse').map((e) => e.reason)).toEqual([
      expect.stringMatching(/this machine's own disk/),
      expect.stringMatching(/removed/),
      expect.stringMatching(/renamed or removed/),
    ]);
    expect(ev.filter((e) => e.phase === 'freeze')).toHaveLength(1);
    expect(run.console('sun1').join('\n')).toMatch(/pmfiles local: PASS \(4 checks, 0 failed\)/);
    expect(fails(run)).toEqual([]);
    run.settle(30);
  }, 240_000);
});

describe('the destination checks the files before it accepts', () => {
  it('sun1 without sun0:/home mounted has another /home/alice/q: the migration is refused by sun1, nothing frozen', () => {
    const run = nfsLab('24');
    expect(typed(run, 1, 'umount /home; echo local > /home/alice/q')).toBe(0);
    expect(
      typed(run, 0, "su alice -c 'echo shared > /home/alice/q; /tests/pmfiles refused /home/alice/q sun1'"),
    ).toBe(0);
    expect(run.console('sun0').join('\n')).toMatch(
      /PASS: with \/home\/alice\/q open, sun1 refuses the migration \(-1, errno 18\)/,
    );
    const pid = pidOf(run, 'sun0', 'pmfiles');
    const ev = migrations(run, pid);
    expect(ev.find((e) => e.machine === 'sun1' && e.phase === 'refuse')).toMatchObject({
      errno: 18,
      reason: expect.stringMatching(/\/home\/alice\/q is not the same file here/),
    });
    expect(ev.some((e) => e.phase === 'freeze' || e.phase === 'auth')).toBe(false);
    expect(fails(run)).toEqual([]);
    run.settle(30);
  }, 240_000);
});

describe('all of the process moves', () => {
  it('the checklist program, sun1 -> sun2 -> sun0, finds its directory, umask, nice, limits, handlers, mask and pending signal, timers, signal stack, process group, descriptor flags and usage', () => {
    const run = nfsLab('23');
    expect(typed(run, 1, "su alice -c '/tests/pmstate /home/alice sun2 sun0'")).toBe(0);
    expect(fails(run)).toEqual([]);
    const pid = pidOf(run, 'sun1', 'pmstate');
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun0', status: 0 });
    const sun1 = run.console('sun1').join('\n');
    expect(sun1).toMatch(/PASS: current directory: \/home\/alice/);
    expect(sun1).toMatch(/pmstate: PASS \(\d+ checks, 0 failed\)/);
    run.settle(30);
  }, 240_000);
});

describe('a call taken mid-sleep is made again on the destination', () => {
  it('a select with a 2 s timeout, moved after 0.7 s, waits out only what was left on sun1 (4.3BSD restart, the timeout carried)', () => {
    const run = startLab({
      count: { value: 2, where: '--machines' },
      exec: execs('sun0:/tests/pmstate -s 2000 &'),
    });
    const pid = pidOf(run, 'sun0', 'pmstate');
    pass(run, 700);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
    run.runUntil(() => exitOf(run, pid) !== undefined, 30);
    pass(run, 500);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun1', status: 0 });
    expect(run.console('sun0').join('\n')).toMatch(/PASS: a select of 2000 ms took \d+ ms, ending on sun1/);
    expect(fails(run)).toEqual([]);
  }, 120_000);

  it('a process asleep in sigpause, moved, sleeps on on sun1 until kill -USR1 from sun0 reaches it, then has its old mask back', () => {
    const run = startLab({
      count: { value: 2, where: '--machines' },
      exec: execs('sun0:/tests/pmstate -p &'),
    });
    const pid = pidOf(run, 'sun0', 'pmstate');
    pass(run, 500);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
    pass(run, 1000);
    expect(exitOf(run, pid)).toBeUndefined(); // still asleep, there
    run.lab.exec(0, `kill -USR1 ${pid}`);
    run.runUntil(() => exitOf(run, pid) !== undefined, 30);
    pass(run, 500);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun1', status: 0 });
    expect(run.console('sun0').join('\n')).toMatch(
      /PASS: sigpause, made again here on sun1, returned for SIGUSR1/,
    );
    expect(fails(run)).toEqual([]);
  }, 120_000);
});
