/**
 * Migrating from the lab UI (docs/lab.md, "Migrating a process"): ^A m,
 * choose a process of the machine shown, name the host; the timeline pane
 * shows the migration step by step in emulated milliseconds, and the
 * process table shows home -> host. The model and the keys with a real
 * booted lab here; the whole UI on a terminal at the end.
 */
import { describe, expect, it } from 'vitest';
import { KeyDecoder } from '../../emu/tui/keys.js';
import { LabModel } from '../../emu/tui/model.js';
import { helpLine } from '../../emu/tui/views/help.js';
import { processLines } from '../../emu/tui/views/processes.js';
import { timelineLines } from '../../emu/tui/views/timeline.js';
import { execs, SECOND, startLab } from '../lab/helpers.js';
import { migrations, pidOf } from '../pm/helpers.js';
import { haveScript, PtyScreen } from './pty-screen.js';

const HOP = ['request', 'auth', 'freeze', 'part', 'ready', 'commit', 'confirm', 'resume', 'cleanup'];

describe('migrating from the lab UI', () => {
  it('^A m, a process, a host: the migrate command goes to its machine; the timeline and the table follow it', () => {
    const run = startLab({ exec: execs('sun0:/tests/matmul 400 &') });
    const model = new LabModel(['sun0', 'sun1', 'sun2']);
    run.lab.onEvent((e) => model.event(e));
    const pid = pidOf(run, 'sun0', 'matmul');
    const snap = () => {
      for (const i of [0, 1, 2]) model.snapshot(run.lab.snapshot(i));
    };
    snap();
    const keys = new KeyDecoder(3);
    // ^A m: choose among sun0's processes; Up from the first row wraps to the newest (matmul).
    expect(keys.decode('\x01m')).toEqual([{ kind: 'migrate' }]);
    model.startPick();
    keys.picking = true;
    const rows = model.machines[0].processes;
    for (const a of keys.decode('\x1b[A')) if (a.kind === 'pick') model.movePick(a.move);
    expect(rows[model.picker?.row ?? -1]?.pid).toBe(pid);
    expect(processLines(model.machines[0], 60, 40, model.where, model.picker).join('\n')).toMatch(
      new RegExp(`^>${pid} .*matmul`, 'm'),
    );
    expect(helpLine(3, 100, model.picker)).toMatch(/migrate: Up\/Down/);
    expect(keys.decode('\r')).toEqual([{ kind: 'pick-ok' }]);
    expect(model.pickProcess()).toBe(true);
    expect(helpLine(3, 100, model.picker, ['sun0', 'sun1', 'sun2'])).toContain(
      `migrate ${pid} to: 0 sun0  1 sun1  2 sun2`,
    );
    expect(model.pickHost(0)).toBeNull(); // not the machine it is on
    const [host] = keys.decode('2');
    expect(host).toEqual({ kind: 'pick-host', machine: 2 });
    const go = model.pickHost(2);
    expect(go).toEqual({ machine: 0, pid, to: 'sun2' });
    expect(model.picker).toBeNull();
    // What the UI then does (lab-command.ts): the command, at sun0's shell.
    run.lab.exec(0, `migrate ${go?.pid} ${go?.to}`);
    const cleanup = () => migrations(run, pid).find((e) => e.phase === 'cleanup');
    run.runUntil(() => cleanup() !== undefined, 60);
    run.runUntil(() => run.lab.now > (cleanup()?.t ?? 0) + SECOND / 2, 5);
    snap();

    // The timeline: every step of the hop, in order, from both machines, with their instants.
    const g = model.migrations.at(-1);
    expect(g).toMatchObject({ pid, from: 'sun0', to: 'sun2', outcome: 'resume' });
    const hop = migrations(run, pid).filter((e) => HOP.includes(e.phase as string));
    const phases = (g?.steps ?? []).map((s) => s.phase);
    expect(phases).toEqual([...hop].sort((x, y) => x.t - y.t).map((e) => e.phase)); // both ends', in time order
    expect(new Set(phases)).toEqual(new Set(HOP));
    expect((g?.steps ?? []).filter((s) => s.phase === 'part').map((s) => s.part)).toEqual([
      'structs',
      'text',
      'data',
      'bss',
      'heap',
      'stack',
      'regs',
      'files',
    ]);
    const ms = (c: number) => ((c * 1000) / 20_000_000).toFixed(1);
    const request = hop[0].t;
    const freeze = hop.find((e) => e.phase === 'freeze')?.t as number;
    const resume = hop.find((e) => e.phase === 'resume')?.t as number;
    const lines = timelineLines(model, 36, 30);
    expect(lines[0]).toBe(`pid ${pid}: sun0 -> sun2 (on sun2)`);
    expect(lines).toContain(`${`+${ms(freeze - request)}`.padStart(9)} ms sun0  freeze`);
    expect(lines.some((l) => / ms sun0 {2}text \d+ B$/.test(l))).toBe(true);
    expect(lines).toContain(`${`+${ms(resume - request)}`.padStart(9)} ms sun2  resume`);
    expect(lines.at(-1)).toBe(
      `freeze ${ms(resume - freeze)} ms, total ${ms((cleanup()?.t as number) - request)} ms`,
    );
    // The process tables: sun2 runs it, sun0 keeps its parent's entry (M); both say sun0->sun2.
    expect(processLines(model.machines[2], 60, 40, model.where).join('\n')).toMatch(
      new RegExp(`${pid} .* sun0->sun2 .*matmul`, 'm'),
    );
    expect(processLines(model.machines[0], 60, 40, model.where).join('\n')).toMatch(
      new RegExp(`${pid} +\\d+ M .* sun0->sun2 .*matmul`, 'm'),
    );
    // Messages about it later (its terminal's session with sun0) open no hop.
    run.runUntil(() => run.lab.now > resume + 3 * SECOND, 10);
    expect(model.migrations.filter((x) => x.pid === pid)).toHaveLength(1);
  }, 120_000);

  it.skipIf(!haveScript())(
    'on a terminal: ^A m, Up, Return, 2 moves matmul from sun0 to sun2',
    async () => {
      const COLS = 120;
      const ROWS = 40;
      const s = new PtyScreen(['lab'], COLS, ROWS);
      const side = COLS - 38;
      const console = () => s.region(0, side, 1, 30).join('\n').trimEnd();
      await s.waitFor((t) => t.includes('[sun0]') && /\n#$/.test(console()), "sun0's prompt", 60_000);
      const procs = () => s.region(side, COLS, 16, 30).join('\n');
      await s.waitFor((t) => /sun2 +up/.test(t), 'sun2 up', 60_000);
      s.type('/tests/matmul 2000 &\r');
      await s.waitFor(() => /matmul/.test(procs()), 'matmul in the process table', 20_000);
      s.type('\x01m');
      await s.waitFor((t) => t.includes('migrate: Up/Down'), 'the picker', 10_000);
      s.type('\x1b[A');
      await s.waitFor(() => />\d+ +\d+ .*matmul/.test(procs()), 'matmul chosen', 10_000);
      s.type('\r');
      await s.waitFor((t) => /migrate \d+ to: 0 sun0 {2}1 sun1 {2}2 sun2/.test(t), 'the hosts', 10_000);
      s.type('2');
      const timeline = () => s.region(side, COLS, 31, 39).join('\n');
      await s.waitFor(() => /pid \d+: sun0 -> sun2 \(on sun2\)/.test(timeline()), 'the timeline', 60_000);
      await s.waitFor(() => /freeze [\d.]+ ms, total [\d.]+ ms/.test(timeline()), 'its times', 30_000);
      await s.waitFor(() => / M .* sun0->sun2 /.test(procs()), "sun0's entry of it", 10_000);
      s.type('\x1bOR'); // F3: sun2
      await s.waitFor(
        (t) => t.includes('processes: sun2') && / sun0->sun2 /.test(procs()),
        "sun2's table",
        10_000,
      );
      s.type('\x01q');
      expect(await s.exited).toBe(0);
    },
    180_000,
  );
});
