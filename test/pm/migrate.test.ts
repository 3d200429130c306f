/**
 * Process migration in booted labs (docs/migration.md): real programs
 * moved while they compute, along chains of machines, at seeded instants,
 * print exactly what they print unmoved and exit the same way; a process
 * that moves itself stays the same process; refusals and a destination
 * that dies mid-transfer leave the process running at its source.
 */
import { describe, expect, it } from 'vitest';
import { pmsecretFile, resolveLab } from '../../emu/lab/lab-config.js';
import { rootImage, runOn } from '../kernel/helpers.js';
import { execs, SECOND, startLab } from '../lab/helpers.js';
import { exitOf, MS, migrateCmd, migrations, pass, pidOf, programLines, seeded } from './helpers.js';

const PARTS = ['structs', 'text', 'data', 'bss', 'heap', 'stack', 'regs', 'files'];
const ETIMEDOUT = 60;

/** What the program prints run alone, and its exit status. */
function reference(argv: string[]): { lines: string[]; status: number } {
  const r = runOn(rootImage(), `/tests/${argv[0]}`, argv);
  return { lines: r.output.split('\n').filter((l) => l !== ''), status: r.status };
}

describe('migrating a running program', () => {
  it.each([
    { argv: ['matmul', '10'], seed: 11, chain: ['sun1', 'sun2', 'sun0'] },
    { argv: ['sieve', '-big'], seed: 7, chain: ['sun1', 'sun2'] },
  ])(
    '$argv.0 moved along $chain at seeded instants prints what it prints unmoved (seed $seed)',
    ({ argv, seed, chain }) => {
      const ref = reference(argv);
      const run = startLab({ seed: String(seed), exec: execs(`sun0:/tests/${argv.join(' ')} &`) });
      const pid = pidOf(run, 'sun0', argv[0]);
      expect(pid).toBeGreaterThanOrEqual(1000); // sun0's range: pids are unique in the lab
      const rand = seeded(seed);
      let at = 'sun0';
      for (const to of chain) {
        pass(run, 200 + Math.floor(rand() * 600));
        expect(exitOf(run, pid)).toBeUndefined();
        const from = run.lab.machines.findIndex((m) => m.name === at);
        const last = migrateCmd(run, from, pid, to);
        expect(last).toMatchObject({ phase: 'resume', machine: to });
        at = to;
      }
      run.runUntil(() => exitOf(run, pid) !== undefined, 60);
      // It ended where it was last sent, with the status it has unmoved.
      expect(exitOf(run, pid)).toMatchObject({ machine: at, status: ref.status });
      pass(run, 1000); // the console's last lines drain
      const mine = new Set(ref.lines);
      expect(programLines(run, (l) => mine.has(l))).toEqual(ref.lines);

      // Each hop: the steps in order, on the right machines, every part with its bytes.
      const ev = migrations(run, pid);
      const hops = ev.filter((e) => e.phase === 'resume');
      expect(hops.map((e) => e.machine)).toEqual(chain);
      // The capture carries at least every byte of every part sent.
      const sent = ev.filter((e) => e.phase === 'part').reduce((n, e) => n + (e.bytes as number), 0);
      expect(run.pcap().length).toBeGreaterThan(sent);
      const addr = (name: string) => `192.9.200.${Number(name.slice(3)) + 1}`;
      let src = 'sun0';
      for (const to of chain) {
        // (Each list up to its end: after them come the notes to the parent's machine, pm_remote.ts.)
        const upTo = (l: typeof ev, phase: string) => l.slice(0, l.findIndex((e) => e.phase === phase) + 1);
        const out = upTo(
          ev.filter((e) => e.machine === src && e.peer === addr(to)),
          'cleanup',
        );
        expect(out.map((e) => `${e.phase}${e.part ? `:${e.part}` : ''}`)).toEqual([
          'request',
          'auth',
          'freeze',
          ...PARTS.map((p) => `part:${p}`),
          'commit',
          'cleanup',
        ]);
        for (const e of out.filter((x) => x.phase === 'part')) expect(e.bytes).toBeGreaterThan(0);
        const inn = upTo(
          ev.filter((e) => e.machine === to && e.peer === addr(src)),
          'resume',
        );
        // The destination runs it once the global table names it there (confirm, pm_table.ts) ...
        expect(inn.map((e) => e.phase)).toEqual(['request', 'auth', 'ready', 'confirm', 'resume']);
        const ts = [...out, ...inn].filter((e) => e.phase !== 'cleanup').map((e) => e.t);
        expect(Math.max(...ts)).toBe(inn[4].t); // it runs there only after everything else ...
        expect(out[out.length - 1].t).toBeGreaterThan(inn[4].t); // ... but the source's cleanup, which waits for its word
        src = to;
      }
      run.settle(30);
    },
    240_000,
  );
});

describe('a process asleep in a system call', () => {
  it('sleep, waiting in select, is taken out of it and makes the call again on sun1, where it ends', () => {
    const run = startLab({ count: { value: 2, where: '--machines' }, exec: execs('sun0:sleep 3 &') });
    const pid = pidOf(run, 'sun0', 'sleep');
    pass(run, 1000);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
    const moved = run.lab.now;
    run.runUntil(() => exitOf(run, pid) !== undefined, 30);
    // Its select, made again there, sleeps out the rest of its 3 s.
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun1', status: 0 });
    const began = run.events.find((e) => e.type === 'exec' && e.pid === pid)?.t as number;
    expect((exitOf(run, pid)?.t as number) - began).toBeGreaterThan(2900 * MS);
    expect((exitOf(run, pid)?.t as number) > moved).toBe(true);
    run.lab.exec(0, 'true');
    const reaped = () => run.events.find((e) => e.type === 'wait' && e.machine === 'sun0' && e.child === pid);
    run.runUntil(() => reaped() !== undefined, 30);
    expect(reaped()).toMatchObject({ status: 0 });
  }, 120_000);
});

describe('a process that migrates itself', () => {
  it('keeps its pid, umask, handlers, mask and pending signal, and its computation, along sun0 -> sun1 -> sun2; a pipe, a local file and an unknown host refuse and leave it where it is', () => {
    const run = startLab({ exec: execs('sun0:/tests/migself sun1 sun2') });
    const pid = pidOf(run, 'sun0', 'migself');
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 0 });
    // Its parent, the shell on sun0, waits for it as for any child: sun2 reports the exit there.
    const reaped = () => run.events.find((e) => e.type === 'wait' && e.machine === 'sun0' && e.child === pid);
    run.runUntil(() => reaped() !== undefined, 30);
    expect(reaped()).toMatchObject({ status: 0 });
    expect(
      migrations(run, pid)
        .filter((e) => e.phase === 'exit')
        .map((e) => [e.machine, e.peer]),
    ).toEqual([
      ['sun0', '192.9.200.3'], // sun0 took it...
      ['sun2', '192.9.200.1'], // ... and said so
    ]);
    pass(run, 1000); // the console's last lines drain
    expect(run.lines.filter((l) => l.includes('FAIL'))).toEqual([]);
    // Every check printed on its terminal, at home — those made on sun1 and sun2 too (pm_tty.ts).
    const sun0 = run.console('sun0').join('\n');
    expect(sun0).toMatch(/PASS: with a pipe open, migrate fails with EOPNOTSUPP/);
    expect(sun0).toMatch(/PASS: with a local file open, migrate fails with EXDEV/);
    expect(sun0).toMatch(/PASS: migrate\(sun1\) returned 0; running on sun1/);
    expect(sun0).toMatch(/PASS: migrate\(sun2\) returned 0; running on sun2/);
    expect(sun0).toMatch(new RegExp(`PASS: getpid\\(\\) is still ${pid}`));
    expect(sun0).toMatch(/migself: PASS \(\d+ checks, 0 failed\)/);
    expect([...run.console('sun1'), ...run.console('sun2')].filter((l) => /PASS|FAIL/.test(l))).toEqual([]);
    // Refusals found at the source never reach the network.
    const refused = migrations(run, pid).filter((e) => e.phase === 'refuse');
    expect(refused.map((e) => [e.machine, e.errno])).toEqual([
      ['sun0', 45],
      ['sun0', 18],
      ['sun0', 18], // a file of sun0's own disk mapped (mmap): no other machine reaches it
    ]);
    // Its private anonymous mmap'd memory came along, both times.
    expect(sun0.match(/PASS: the mmap'd memory came along/g)?.length).toBe(2);
    run.settle(30);
  }, 120_000);
});

describe('a lossy network', () => {
  it('with 10% of frames lost and 10% duplicated, migself still moves sun0 -> sun1 -> sun2 and passes (TCP carries the protocol)', () => {
    const run = startLab({
      seed: '3',
      faults: {
        loss: { value: 0.1, where: '--net-loss' },
        duplicate: { value: 0.1, where: '--net-duplicate' },
      },
      // (Once every machine is up: its terminal's session with sun0 crosses the lossy hub too.)
      exec: execs('sun0:sleep 8; /tests/migself sun1 sun2'),
    });
    const pid = pidOf(run, 'sun0', 'migself');
    run.runUntil(() => exitOf(run, pid) !== undefined, 120);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 0 });
    pass(run, 1000);
    expect(run.lines.filter((l) => l.includes('FAIL'))).toEqual([]);
    expect(run.console('sun0').join('\n')).toMatch(/migself: PASS \(\d+ checks, 0 failed\)/);
    expect(run.lab.segments[0].stats.lost).toBeGreaterThan(0);
    expect(run.lab.segments[0].stats.duplicated).toBeGreaterThan(0);
    expect(
      migrations(run, pid)
        .filter((e) => e.phase === 'resume')
        .map((e) => e.machine),
    ).toEqual(['sun1', 'sun2']);
  }, 180_000);
});

describe('the parent stays in charge', () => {
  it('sun0 keeps its migrated child (ps shows M); kill on sun0 reaches it two hops away on sun2; the shell on sun0 collects its status', () => {
    const run = startLab({ exec: execs('sun0:/tests/matmul 40 &') });
    const pid = pidOf(run, 'sun0', 'matmul');
    pass(run, 300);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume' });
    pass(run, 200);
    expect(migrateCmd(run, 1, pid, 'sun2')).toMatchObject({ phase: 'resume' });
    // sun1 tells sun0, where its parent is, that it went on to sun2.
    const moved = () => migrations(run, pid).find((e) => e.phase === 'moved' && e.machine === 'sun0');
    run.runUntil(() => moved() !== undefined, 30);
    expect(moved()?.peer).toBe('192.9.200.2');
    run.lab.exec(0, 'ps -ax');
    run.lab.exec(0, 'pmstat');
    run.lab.exec(2, 'pmstat');
    // Both know it: born on sun0, last from sun1, now on sun2, two hops.
    const row = new RegExp(`^ *${pid} sun0 +sun1 +sun2 +sun0:\\d+\\.\\d{6} +away +2 matmul$`, 'm');
    run.runUntil(() => ['sun0', 'sun2'].every((m) => row.test(run.console(m).join('\n'))), 30);
    expect(run.console('sun0').join('\n')).toMatch(new RegExp(`^ *${pid} .*\\bM\\b.*matmul`, 'm'));
    // On sun2, among its own processes (pids 3000-3999), exactly one is pid ${pid}.
    run.lab.exec(2, 'ps -ax');
    run.runUntil(() => run.console('sun2').some((l) => /^ *\d+ +\d+ +\d+ .*\bps\b/.test(l)), 30);
    const sun2ps = run.console('sun2').filter((l) => /^ *\d+ +\d+ +\d+ /.test(l));
    expect(sun2ps.filter((l) => l.trim().split(/ +/)[0] === String(pid))).toHaveLength(1);
    expect(sun2ps.some((l) => /^ *3\d{3} /.test(l))).toBe(true);
    run.lab.exec(0, `kill ${pid}`);
    run.runUntil(() => exitOf(run, pid) !== undefined, 30);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 15 }); // killed by SIGTERM, there
    expect(
      migrations(run, pid)
        .filter((e) => e.phase === 'signal')
        .map((e) => e.machine),
    ).toEqual(['sun2', 'sun0']);
    run.lab.exec(0, 'true'); // the shell looks at its jobs again
    const reaped = () => run.events.find((e) => e.type === 'wait' && e.machine === 'sun0' && e.child === pid);
    run.runUntil(() => reaped() !== undefined, 30);
    expect(reaped()).toMatchObject({ status: 15 });
    run.settle(30);
  }, 120_000);
});

describe('refusals and faults leave the process at its source', () => {
  it('a machine not in the pool, a destination that does not take the source, a wrong secret', () => {
    const ref = reference(['matmul', '10']);
    const run = startLab({
      seed: '5',
      exec: execs(
        'sun1:echo 192.9.200.2 sun1 > /etc/pmpool',
        'sun2:echo not-the-pool-secret > /etc/pmsecret',
        'sun0:/tests/matmul 10 &',
      ),
    });
    const pid = pidOf(run, 'sun0', 'matmul');
    pass(run, 300);
    const a = migrateCmd(run, 0, pid, '192.9.200.9'); // not in sun0's pool: refused before connecting
    expect(a).toMatchObject({ machine: 'sun0', phase: 'refuse', errno: 1 });
    const b = migrateCmd(run, 0, pid, 'sun1'); // sun1's pool lacks sun0
    expect(b).toMatchObject({ machine: 'sun0', phase: 'refuse', errno: 1 });
    const c = migrateCmd(run, 0, pid, 'sun2'); // sun2 has another secret
    expect(c).toMatchObject({ machine: 'sun0', phase: 'refuse', errno: 13 });
    // The destinations said why, in their events (and on their consoles, below).
    expect(
      migrations(run, pid)
        .filter((e) => e.machine !== 'sun0')
        .map((e) => [e.machine, e.phase]),
    ).toEqual([
      ['sun1', 'request'],
      ['sun1', 'refuse'],
      ['sun2', 'request'],
      ['sun2', 'refuse'],
    ]);
    expect(migrations(run, pid).some((e) => e.phase === 'freeze')).toBe(false);
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun0', status: 0 });
    pass(run, 1000); // the console's last lines drain
    const mine = new Set(ref.lines);
    expect(programLines(run, (l) => mine.has(l))).toEqual(ref.lines);
    expect(run.console('sun0').join('\n')).toMatch(/migrate: \d+ to sun2: Permission denied/);
    expect(run.console('sun1').join('\n')).toMatch(
      /migrate: pid \d+ refused: the source is not in \/etc\/pmpool/,
    );
    expect(run.console('sun2').join('\n')).toMatch(
      /refused: the source did not prove it has the shared secret/,
    );
    // The secret never crosses the wire.
    const secret = pmsecretFile(resolveLab({ seed: '5' })).trim();
    expect(Buffer.from(run.pcap()).includes(Buffer.from(secret))).toBe(false);
    run.settle(30);
  }, 120_000);

  it('the source crashes right after the hand-off: the process goes on at the destination', () => {
    // The source is not its home (sun0, where its terminal and parent are): sun1 -> sun2, sun1 dies.
    const ref = reference(['matmul', '10']);
    const run = startLab({ exec: execs('sun0:/tests/matmul 10 &') });
    const pid = pidOf(run, 'sun0', 'matmul');
    pass(run, 300);
    expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
    run.lab.exec(1, `migrate ${pid} sun2`);
    const committed = () => migrations(run, pid).find((e) => e.phase === 'commit' && e.machine === 'sun1');
    run.runUntil(() => committed() !== undefined, 30);
    run.lab.powerOff(1);
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 0 });
    pass(run, 1000);
    const mine = new Set(ref.lines);
    expect(programLines(run, (l) => mine.has(l))).toEqual(ref.lines);
    // Its parent at home collects it: sun2 reports the exit to sun0.
    const reaped = () => run.events.find((e) => e.type === 'wait' && e.machine === 'sun0' && e.child === pid);
    run.lab.exec(0, 'true');
    run.runUntil(() => reaped() !== undefined, 30);
    expect(reaped()).toMatchObject({ status: 0 });
  }, 180_000);

  // The source (not the process's home) dies at instants stepping through the hand-off: after its
  // END (the files, sent last) while the destination still waits for the COMMIT, then right after its
  // COMMIT, before and after sun2 confirms, and before and after sun1 tells sun0 where the process went.
  // After the END the process is the destination's whatever the instant: sun0, which keeps its entry,
  // must find it there (pm_gptdead.ts) and not call it killed because its last known host died.
  it.each([
    { at: 'part', after: 24 },
    { at: 'commit', after: 0 },
    { at: 'commit', after: 0.2 },
    { at: 'commit', after: 1 },
    { at: 'commit', after: 4 },
    { at: 'commit', after: 8 },
  ])(
    'the source crashes $after ms after its $at: one copy, at sun2, and sun0 collects its real status',
    ({ at, after }) => {
      const run = startLab({ exec: execs('sun0:/tests/matmul 10 &') });
      const pid = pidOf(run, 'sun0', 'matmul');
      pass(run, 300);
      expect(migrateCmd(run, 0, pid, 'sun1')).toMatchObject({ phase: 'resume', machine: 'sun1' });
      run.lab.exec(1, `migrate ${pid} sun2`);
      const step = () =>
        migrations(run, pid).find(
          (e) => e.machine === 'sun1' && e.phase === at && (at !== 'part' || e.part === 'files'),
        );
      for (const end = run.lab.now + 30 * SECOND; step() === undefined; ) {
        if (run.lab.now >= end) throw new Error(`no ${at} at sun1 in 30 s`);
        run.lab.runTo(run.lab.now + SECOND / 10_000);
      }
      run.lab.runTo(run.lab.now + after * MS);
      run.lab.powerOff(1);
      run.runUntil(() => exitOf(run, pid) !== undefined, 90);
      pass(run, 3000);
      expect(run.events.filter((e) => e.type === 'exit' && e.pid === pid)).toHaveLength(1);
      expect(exitOf(run, pid)).toMatchObject({ machine: 'sun2', status: 0 });
      const reaped = () =>
        run.events.find((e) => e.type === 'wait' && e.machine === 'sun0' && e.child === pid);
      run.lab.exec(0, 'true');
      run.runUntil(() => reaped() !== undefined, 60);
      expect(reaped()).toMatchObject({ status: 0 });
    },
    180_000,
  );

  it('the destination crashes in the middle of the transfer: the process goes on at the source, once', () => {
    const ref = reference(['sieve', '-big']);
    const run = startLab({
      count: { value: 2, where: '--machines' },
      exec: execs('sun0:/tests/sieve -big &'),
    });
    const pid = pidOf(run, 'sun0', 'sieve');
    pass(run, 800);
    run.lab.exec(0, `migrate ${pid} sun1`);
    const frozen = () => migrations(run, pid).find((e) => e.phase === 'part' && e.part === 'text');
    run.runUntil(() => frozen() !== undefined, 30);
    run.lab.powerOff(1);
    const off = run.lab.now;
    const end = () => migrations(run, pid).find((e) => e.phase === 'abort' || e.phase === 'cleanup');
    run.runUntil(() => end() !== undefined, 30);
    expect(end()).toMatchObject({ machine: 'sun0', phase: 'abort', errno: ETIMEDOUT });
    expect((end()?.t as number) - off).toBeLessThan(11_000 * MS); // noticed within the protocol's 10 s
    run.runUntil(() => exitOf(run, pid) !== undefined, 60);
    expect(exitOf(run, pid)).toMatchObject({ machine: 'sun0', status: 0 });
    pass(run, 1000); // the console's last lines drain
    const mine = new Set(ref.lines);
    expect(programLines(run, (l) => mine.has(l))).toEqual(ref.lines);
    expect(migrations(run, pid).some((e) => e.phase === 'commit' || e.phase === 'resume')).toBe(false);
  }, 120_000);
});
