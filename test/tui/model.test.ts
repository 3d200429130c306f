/**
 * The UI's model (emu/tui/model.ts): a fold of events, console bytes,
 * snapshots and the wall clock into what the views show; and the views'
 * text from it.
 */
import { describe, expect, it } from 'vitest';
import { type EventBody, type LabEvent, makeEvent } from '../../emu/lab/events.js';
import type { MachineSnapshot } from '../../emu/lab/lab-machine.js';
import { fold, formatEvent, LabModel, type ModelInput, waitStatus } from '../../emu/tui/model.js';
import { consoleView } from '../../emu/tui/views/console.js';
import { layout } from '../../emu/tui/views/layout.js';
import { cpuTime, processLines } from '../../emu/tui/views/processes.js';
import { machineBlock, statusLines } from '../../emu/tui/views/status.js';
import { tabBar } from '../../emu/tui/views/tabs.js';
import { execs, SECOND, startLab } from '../lab/helpers.js';

const ev = (t: number, machine: string | null, body: EventBody): LabEvent =>
  makeEvent(t, machine === null ? {} : { machine }, body);

function snap(index: number, over: Partial<MachineSnapshot>): MachineSnapshot {
  return {
    name: `sun${index}`,
    index,
    state: 'up',
    now: 0,
    boots: 1,
    address: `192.9.200.${index + 1}`,
    ether: `8:0:20:0:0:${index + 1}`,
    cpu: { user: 0, system: 0, idle: 0 },
    load: [0, 0, 0],
    frames: { in: 0, out: 0, bytesIn: 0, bytesOut: 0 },
    processes: [],
    pendingCommands: 0,
    ...over,
  };
}

describe('LabModel', () => {
  it('follows a machine through power, boot, rc, halt; logs events but not counters', () => {
    const m = new LabModel(['sun0', 'sun1']);
    m.event(ev(0, null, { type: 'start', machines: ['sun0', 'sun1'], segments: ['ether0'], seed: '7' }));
    m.event(ev(0, 'sun1', { type: 'power', on: true, cause: 'start' }));
    m.event(ev(10, 'sun1', { type: 'boot', n: 1, serial: 2, ether: '8:0:20:0:0:2', address: '192.9.200.2' }));
    expect(m.machines[1].state).toBe('booting');
    m.event(ev(2_000_000, 'sun1', { type: 'ready', status: 0 }));
    expect(m.machines[1]).toMatchObject({ state: 'up', boots: 1, address: '192.9.200.2', now: 2_000_000 });
    m.event(
      ev(20_000_000, 'sun1', {
        type: 'stats',
        framesIn: 1,
        framesOut: 2,
        bytesIn: 60,
        bytesOut: 120,
        user: 1,
        system: 1,
        idle: 2,
        load: [5, 1, 0],
      }),
    );
    m.event(ev(30_000_000, 'sun1', { type: 'halt', reason: 'halt' }));
    expect(m.machines[1].state).toBe('halted');
    expect(m.log).toEqual([
      '    0.000 lab start: sun0, sun1; seed 7',
      '    0.000 sun1 power on (start)',
      '    0.000 sun1 booted: 192.9.200.2, 8:0:20:0:0:2',
      '    0.100 sun1 /etc/rc done',
      '    1.500 sun1 halted (halt)',
    ]);
    expect(m.note).toBe('seed 7');
    m.event(ev(30_000_000, null, { type: 'end', reason: 'quit', status: 0 }));
    expect(m.note).toBe('stopped (quit), status 0');
  });

  it('keeps a process table from fork, exec, exit and wait events alone (a recorded stream)', () => {
    const m = new LabModel(['sun0']);
    m.event(ev(1, 'sun0', { type: 'fork', pid: 1, ppid: 0 }));
    m.event(ev(2, 'sun0', { type: 'exec', pid: 1, comm: 'init' }));
    m.event(ev(3, 'sun0', { type: 'fork', pid: 30, ppid: 1 }));
    m.event(ev(4, 'sun0', { type: 'fork', pid: 31, ppid: 30 }));
    expect(m.machines[0].processes.map((p) => [p.pid, p.command])).toEqual([
      [1, 'init'],
      [30, 'init'],
      [31, 'init'],
    ]);
    m.event(ev(5, 'sun0', { type: 'exec', pid: 31, comm: 'ping' }));
    m.event(ev(6, 'sun0', { type: 'exit', pid: 31, status: 0x0200 }));
    expect(m.machines[0].processes.find((p) => p.pid === 31)).toMatchObject({ command: 'ping', state: 'Z' });
    m.event(ev(7, 'sun0', { type: 'wait', pid: 30, child: 31, status: 0x0200, nohang: false }));
    expect(m.machines[0].processes.map((p) => p.pid)).toEqual([1, 30]);
    expect(m.log.at(-1)).toBe('    0.000 sun0 exit 31 (exit 2)');
    m.event(ev(8, 'sun0', { type: 'power', on: false, cause: 'crash' }));
    expect(m.machines[0]).toMatchObject({ state: 'off', processes: [] });
  });

  it('takes the table from snapshots, and events older than the snapshot do not change it', () => {
    const m = new LabModel(['sun0']);
    const procs = [
      { pid: 1, ppid: 0, pgrp: 1, uid: 0, state: 'S', wchan: 'wait', command: 'init', cpu: 100 },
    ];
    m.snapshot(snap(0, { now: 1000, processes: procs }));
    m.event(ev(900, 'sun0', { type: 'fork', pid: 40, ppid: 1 })); // before the snapshot: already in it (or gone)
    expect(m.machines[0].processes.map((p) => p.pid)).toEqual([1]);
    m.event(ev(1100, 'sun0', { type: 'fork', pid: 41, ppid: 1 }));
    expect(m.machines[0].processes.map((p) => [p.pid, p.command, p.cpu])).toEqual([
      [1, 'init', 100],
      [41, 'init', null],
    ]);
  });

  it('measures speed against the wall clock it is given, and CPU use over the last interval', () => {
    const m = new LabModel(['sun0']);
    m.clock(1000);
    m.snapshot(snap(0, { now: 0 }));
    expect(m.machines[0].speed).toBeNull();
    m.clock(1500);
    m.snapshot(
      snap(0, { now: SECOND / 2, cpu: { user: 1000, system: 3000, idle: 6000 }, load: [1.5, 0.5, 0.25] }),
    );
    expect(m.machines[0].speed).toBeCloseTo(1);
    expect(m.machines[0].cpu).toEqual({ user: 10, system: 30, idle: 60 });
    expect(machineBlock(m.machines[0], true).at(-1)).toBe('  /s     -');
    m.clock(2000);
    m.snapshot(snap(0, { now: SECOND * 2, cpu: { user: 1000, system: 3000, idle: 16000 } }));
    expect(m.machines[0].speed).toBeCloseTo(3);
    expect(m.machines[0].cpu).toEqual({ user: 0, system: 0, idle: 100 });
    expect(machineBlock(m.machines[0], true)).toEqual([
      '>sun0   up           2.000 s  3.00x',
      '  load   0.00  0.00  0.00',
      '  cpu    us   0% sy   0% id 100%',
      '  frames in 0  out 0',
      '  /s     -',
    ]);
  });

  it("meters faults, system calls, interrupts and switches per second, from snapshots' counters", () => {
    const m = new LabModel(['sun0']);
    m.snapshot(snap(0, { now: SECOND, counts: { faults: 10, syscalls: 100, interrupts: 200, switches: 5 } }));
    m.snapshot(
      snap(0, { now: SECOND * 3, counts: { faults: 30, syscalls: 700, interrupts: 400, switches: 65 } }),
    );
    expect(m.machines[0].rates).toEqual({ faults: 10, syscalls: 300, interrupts: 100, switches: 30 });
    expect(machineBlock(m.machines[0], false).at(-1)).toBe('  /s     flt 10 sys 300 int 100 csw 30');
  });

  it('marks consoles that printed while not shown, until they are shown', () => {
    const m = new LabModel(['sun0', 'sun1', 'sun2']);
    m.output(1, Buffer.from('login: '));
    m.output(0, Buffer.from('# '));
    expect(tabBar(m, 30)).toBe('{inverse}[sun0]{/inverse}  sun1*  sun2 ');
    m.select(1);
    expect(m.machines[1].unseen).toBe(false);
    expect(tabBar(m, 30)).toBe(' sun0  {inverse}[sun1]{/inverse}  sun2 ');
  });

  it('scrolls back within the console and no further', () => {
    const m = new LabModel(['sun0']);
    for (let i = 0; i < 50; i++) m.output(0, Buffer.from(`line ${i}\r\n`));
    m.output(0, Buffer.from('# '));
    const t = m.machines[0].terminal;
    let v = consoleView(t, 40, 10, m.scroll);
    expect(v.lines.at(-1)).toBe('# ');
    expect(v.cursor).toEqual({ row: 9, col: 2 });
    m.scrollBy(9, v.maxScroll);
    v = consoleView(t, 40, 10, m.scroll);
    expect(v.lines).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 32}`));
    expect(v.cursor).toBeNull();
    m.scrollBy(1000, v.maxScroll);
    expect(consoleView(t, 40, 10, m.scroll).lines[0]).toBe('line 0');
    m.scrollToBottom();
    expect(m.scroll).toBe(0);
  });

  it('wraps console rows wider than the pane', () => {
    const m = new LabModel(['sun0']);
    m.output(0, Buffer.from('abcdefghij\r\nxy'));
    expect(consoleView(m.machines[0].terminal, 4, 10, 0)).toMatchObject({
      lines: ['abcd', 'efgh', 'ij', 'xy'],
      cursor: { row: 3, col: 2 },
    });
  });
});

describe('the views', () => {
  it('wait statuses and CPU times as a person reads them', () => {
    expect(waitStatus(0)).toBe('exit 0');
    expect(waitStatus(0x0100)).toBe('exit 1');
    expect(waitStatus(2)).toBe('killed by signal 2');
    expect(waitStatus(0x83)).toBe('killed by signal 3 (core)');
    expect(waitStatus(0x127f)).toBe('stopped by signal 18');
    expect(cpuTime(null)).toBe('-');
    expect(cpuTime(61.5 * SECOND)).toBe('1:01.50');
  });

  it('an event of a type this UI does not know is logged with its fields', () => {
    const e = {
      v: 1,
      t: SECOND,
      machine: 'sun0',
      type: 'teleport',
      pid: 3,
      to: 'sun1',
    } as unknown as LabEvent;
    expect(formatEvent(e)).toBe('    1.000 sun0 teleport pid=3 to="sun1"');
  });

  it('a trace line is logged with its class and process', () => {
    const e = (pid: number, text: string) =>
      ({
        v: 1,
        t: SECOND,
        machine: 'sun0',
        type: 'trace',
        class: 'syscalls',
        pid,
        text,
      }) as unknown as LabEvent;
    expect(formatEvent(e(3, 'close(4) = 0  <27.0 us>'))).toBe(
      '    1.000 sun0 syscalls pid 3: close(4) = 0  <27.0 us>',
    );
    expect(formatEvent({ ...e(-1, 'interrupt level 5 (clock)'), class: 'interrupts' })).toBe(
      '    1.000 sun0 interrupts: interrupt level 5 (clock)',
    );
  });

  it('a step of a migration is logged with its part, bytes, peer and reason', () => {
    const ev = (fields: Record<string, unknown>) =>
      ({
        v: 1,
        t: SECOND,
        machine: 'sun0',
        type: 'migrate',
        pid: 1018,
        peer: '192.9.200.2',
        ...fields,
      }) as LabEvent;
    expect(formatEvent(ev({ phase: 'part', part: 'text', bytes: 16424 }))).toBe(
      '    1.000 sun0 migrate 1018 part text 16424 B (192.9.200.2)',
    );
    expect(formatEvent(ev({ phase: 'refuse', errno: 1, reason: 'the source is not in /etc/pmpool' }))).toBe(
      '    1.000 sun0 migrate 1018 refuse (192.9.200.2): the source is not in /etc/pmpool',
    );
  });

  it('the layout gives the console 80 columns or more on a wide screen, and fills the screen', () => {
    const g = layout(130, 40, 3);
    expect(g.console.width).toBeGreaterThanOrEqual(80);
    expect(g.console.height + g.log.height + 2).toBe(40);
    expect(g.status.height + g.processes.height).toBe(g.console.height);
    expect(g.status.height).toBe(3 * 5 + 2);
    const small = layout(80, 24, 16);
    expect(small.console.top + small.console.height + small.log.height + 1).toBe(24);
  });

  it('the status column keeps the shown machine in view when not all fit', () => {
    const m = new LabModel(Array.from({ length: 16 }, (_, i) => `sun${i}`));
    m.select(12);
    const rows = statusLines(m, 36, 8);
    expect(rows.length).toBe(8);
    expect(rows.some((r) => r.includes('>sun12'))).toBe(true);
  });

  it('the process table, as ps prints it, cut to the pane', () => {
    const m = new LabModel(['sun0']);
    m.snapshot(
      snap(0, {
        processes: [
          { pid: 1, ppid: 0, pgrp: 1, uid: 0, state: 'S', wchan: 'wait', command: 'init -u root', cpu: 2e5 },
          { pid: 30, ppid: 1, pgrp: 30, uid: 0, state: 'R', wchan: '', command: '-sh', cpu: 0 },
        ],
      }),
    );
    expect(processLines(m.machines[0], 30, 10)).toEqual([
      '  PID  PPID S    TIME COMMAND',
      '    1     0 S 0:00.01 init -u root'.slice(0, 30),
      '   30     1 R 0:00.00 -sh',
    ]);
  });

  it('more processes than fit: the swapper, init, how many are left out, and the newest', () => {
    const m = new LabModel(['sun0']);
    const proc = (pid: number, command: string) => ({
      pid,
      ppid: pid < 2 ? 0 : 1,
      pgrp: pid,
      uid: 0,
      state: 'S',
      wchan: '',
      command,
      cpu: 0,
    });
    m.snapshot(
      snap(0, {
        processes: [
          proc(0, 'swapper'),
          proc(1, 'init'),
          ...[20, 21, 22, 23, 24].map((p) => proc(p, 'nfsd')),
          proc(40, 'sleep 2'),
        ],
      }),
    );
    expect(processLines(m.machines[0], 40, 6)).toEqual([
      '  PID  PPID S    TIME COMMAND',
      '    0     0 S 0:00.00 swapper',
      '    1     0 S 0:00.00 init',
      '  ... 4 more',
      '   24     1 S 0:00.00 nfsd',
      '   40     1 S 0:00.00 sleep 2',
    ]);
  });
});

describe('the model on a running lab', () => {
  it('is a fold: the inputs of a live run, folded again into a new model, give the same views', () => {
    const run = startLab({ count: { value: 2, where: '--machines' }, exec: execs('sun0:ping -c 2 sun1') });
    const inputs: ModelInput[] = [];
    const live = new LabModel(['sun0', 'sun1']);
    const take = (x: ModelInput) => {
      inputs.push(x);
      fold(live, [x]);
    };
    run.lab.onEvent((event) => take({ kind: 'event', event }));
    run.lab.onOutput((machine, bytes) => take({ kind: 'output', machine, bytes: Uint8Array.from(bytes) }));
    let wall = 0;
    run.runUntil(() => {
      take({ kind: 'clock', wallMs: (wall += 10) });
      for (const i of [0, 1]) take({ kind: 'snapshot', snapshot: run.lab.snapshot(i) });
      return run.lab.settled;
    }, 60);
    take({ kind: 'select', machine: 1 });
    const again = fold(new LabModel(['sun0', 'sun1']), inputs);
    const views = (m: LabModel) => [
      tabBar(m, 80),
      ...statusLines(m, 36, 8),
      ...processLines(m.machines[1], 36, 10),
      ...m.log,
      ...consoleView(m.machines[0].terminal, 80, 30, 0).lines,
    ];
    expect(views(again)).toEqual(views(live));
    expect(views(live).join('\n')).toContain('2 packets transmitted, 2 packets received');
    expect(live.machines[0].speed).toBeGreaterThan(0); // 10 ms of emulated time per 10 ms of "wall clock"
  });

  it('folds a real run: the consoles, the machines up, the process table while a command runs', () => {
    const run = startLab({ count: { value: 2, where: '--machines' }, exec: execs('sun1:sleep 2') });
    const live = new LabModel(['sun0', 'sun1']);
    const recorded = new LabModel(['sun0', 'sun1']);
    run.lab.onEvent((e) => {
      live.event(e);
      recorded.event(e);
    });
    run.lab.onOutput((i, b) => live.output(i, b));
    let sawSleep = false;
    run.runUntil(() => {
      live.snapshot(run.lab.snapshot(0));
      live.snapshot(run.lab.snapshot(1));
      sawSleep ||= live.machines[1].processes.some((p) => p.command === 'sleep 2');
      return run.lab.settled;
    }, 60);
    expect(sawSleep).toBe(true);
    for (const m of live.machines) expect(m.state).toBe('up');
    expect(live.machines[1].terminal.tail(3).join('\n')).toMatch(/# sleep 2\n# $/);
    expect(live.machines[0].terminal.tail(1)).toEqual(['# ']);
    // From the first byte: the PROM's banner, printed while the lab was being built, is there.
    expect(live.machines[0].terminal.row(1)).toBe('Selftest completed.');
    // The events alone give the same processes as the kernel's table once the machines are quiet.
    for (const i of [0, 1])
      expect(recorded.machines[i].processes.map((p) => p.pid)).toEqual(
        run.lab
          .snapshot(i)
          .processes.filter((p) => p.pid > 0)
          .map((p) => p.pid),
      );
    expect(recorded.log.some((l) => / sun1 exec \d+ sleep$/.test(l))).toBe(true);
  });
});
