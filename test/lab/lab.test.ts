/**
 * The lab in the test process: three machines that see each other, their
 * own names, addresses and /etc/hosts; scripts that wait for /etc/rc and
 * for each other; kernel events for what finished; snapshots for views.
 */
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../emu/lab/events.js';
import { readPcap } from '../../emu/net/pcap.js';
import { describeFrame } from '../kernel/net/pair.js';
import { execs, SECOND, startLab } from './helpers.js';

/** Each machine's commands, in order: [text, status]. */
function byMachine(done: LabEvent[]): Record<string, [unknown, unknown][]> {
  const out: Record<string, [unknown, unknown][]> = {};
  for (const e of done) (out[e.machine as string] ??= []).push([e.text, e.status]);
  return out;
}

const REPLY = /^64 bytes from 192\.9\.200\.3: icmp_seq=(\d) ttl=255 time=\d+\.\d{3} ms$/;

describe('a lab of three machines', () => {
  it('boots sun0, sun1 and sun2 with their own names and addresses; ping and arp -a on sun0 see sun2', () => {
    const run = startLab({
      exec: execs('sun0:ping -c 3 sun2', 'sun0:arp -a', 'sun1:cat /etc/hosts', 'sun2:hostname'),
    });
    run.settle();
    const sun0 = run.console('sun0');
    expect(sun0).toContain('# ping -c 3 sun2');
    expect(sun0.filter((l) => REPLY.test(l)).map((l) => REPLY.exec(l)?.[1])).toEqual(['0', '1', '2']);
    expect(sun0).toContain('3 packets transmitted, 3 packets received, 0% packet loss');
    expect(sun0).toContain('sun2 (192.9.200.3) at 8:0:20:0:0:3');
    // The lab wrote each machine's /etc/hosts from its configuration.
    const hosts = run.console('sun1');
    expect(hosts).toContain('127.0.0.1\tlocalhost loghost');
    expect(hosts.filter((l) => /^192\.9\.200\.\d\t/.test(l))).toEqual([
      '192.9.200.1\tsun0',
      '192.9.200.2\tsun1',
      '192.9.200.3\tsun2',
    ]);
    expect(run.console('sun2')).toContain('sun2');
    // Each its own serial number and Ethernet address, in the PROM's banner too.
    for (const [i, name] of ['sun0', 'sun1', 'sun2'].entries())
      expect(run.console(name)).toContain(`Ethernet address 8:0:20:0:0:${i + 1}, Host ID 1700000${i + 1}.`);

    // The events: power and boot, rc done, every command typed and done with its status.
    const of = (type: string) => run.events.filter((e) => e.type === type);
    expect(of('boot').map((e) => [e.machine, e.serial, e.ether, e.address])).toEqual([
      ['sun0', 1, '8:0:20:0:0:1', '192.9.200.1'],
      ['sun1', 2, '8:0:20:0:0:2', '192.9.200.2'],
      ['sun2', 3, '8:0:20:0:0:3', '192.9.200.3'],
    ]);
    expect(of('ready').length).toBe(3);
    const done = of('command').filter((e) => e.phase === 'done');
    expect(byMachine(done)).toEqual({
      sun0: [
        ['ping -c 3 sun2', 0],
        ['arp -a', 0],
      ],
      sun1: [['cat /etc/hosts', 0]],
      sun2: [['hostname', 0]],
    });
    // A command is typed only after /etc/rc has finished on its machine.
    for (const e of of('command').filter((x) => x.phase === 'typed')) {
      const ready = of('ready').find((r) => r.machine === e.machine);
      expect(e.t).toBeGreaterThan(ready?.t as number);
    }
    // The stream is in time order, and the lab ends it.
    const ts = run.events.map((e) => e.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(run.events.at(-1)).toMatchObject({ type: 'end', reason: 'done', status: 0 });
    expect(run.lab.status).toBe(0);

    // The hub's capture: the pings between sun0 and sun2 only.
    const frames = readPcap(run.pcap()).records.map((r) => describeFrame(r.data));
    expect(frames.filter((f) => f.startsWith('echo'))).toEqual([
      'echo 192.9.200.1 > 192.9.200.3 seq 0',
      'echo-reply 192.9.200.3 > 192.9.200.1 seq 0',
      'echo 192.9.200.1 > 192.9.200.3 seq 1',
      'echo-reply 192.9.200.3 > 192.9.200.1 seq 1',
      'echo 192.9.200.1 > 192.9.200.3 seq 2',
      'echo-reply 192.9.200.3 > 192.9.200.1 seq 2',
    ]);
  });

  it('ends with the status of the last command that failed; commands of one machine run in order', () => {
    const run = startLab({
      count: { value: 2, where: '--machines' },
      exec: execs(
        'sun0:false',
        'sun0:sh -c "exit 3"',
        'sun0:true',
        'sun1:/no/such/program',
        'sun1:echo after',
      ),
    });
    run.settle();
    const done = run.events.filter((e) => e.type === 'command' && e.phase === 'done');
    expect(byMachine(done)).toEqual({
      sun0: [
        ['false', 1],
        ['sh -c "exit 3"', 3],
        ['true', 0],
      ],
      sun1: [
        ['/no/such/program', 127],
        ['echo after', 0],
      ],
    });
    // Each one typed after the one before it was done.
    for (const [i, e] of done.entries()) {
      const typed = run.events.find((x) => x.type === 'command' && x.phase === 'typed' && x.text === e.text);
      const before = done
        .slice(0, i)
        .filter((x) => x.machine === e.machine)
        .at(-1);
      if (before) expect(typed?.t).toBeGreaterThanOrEqual(before.t);
    }
    const failures = done.filter((e) => e.status !== 0);
    const last = failures.at(-1) as LabEvent;
    expect(run.lab.status).toBe(last.status);
    expect(run.lab.failed).toEqual({ machine: last.machine, text: last.text, status: last.status });
    expect(run.console('sun1')).toContain('after');
  });

  it('types the next command while a job computes in the background: the rule is a reader waiting, not an idle machine', () => {
    const run = startLab({
      count: { value: 1, where: '--machines' },
      exec: execs('sun0:/tests/matmul > /dev/null &', 'sun0:echo typed', 'sun0:wait'),
    });
    run.settle();
    const echoed = run.events.find(
      (e) => e.type === 'command' && e.phase === 'done' && e.text === 'echo typed',
    );
    const matmul = run.events.find((e) => e.type === 'exec' && e.comm === 'matmul');
    const matmulExit = run.events.find((e) => e.type === 'exit' && e.pid === matmul?.pid);
    expect(echoed && matmulExit).toBeTruthy();
    // matmul computes for seconds; the echo was typed and done long before it ended.
    expect((matmulExit?.t as number) - (echoed?.t as number)).toBeGreaterThan(SECOND);
    // `wait` finished only when the job had.
    const waited = run.events.find((e) => e.type === 'command' && e.phase === 'done' && e.text === 'wait');
    expect(waited?.t).toBeGreaterThan(matmulExit?.t as number);
  });

  it('gives views snapshots: plain data about each machine and its processes', () => {
    const run = startLab({ count: { value: 2, where: '--machines' }, exec: execs('sun1:ping -c 1 sun0') });
    run.settle();
    const s = run.lab.snapshot(1);
    expect(s).toMatchObject({
      name: 'sun1',
      index: 1,
      state: 'up',
      boots: 1,
      address: '192.9.200.2',
      ether: '8:0:20:0:0:2',
    });
    expect(s.now).toBe(run.lab.now);
    expect(s.frames.out).toBeGreaterThan(0);
    expect(s.frames.in).toBeGreaterThan(0);
    expect(s.cpu.user + s.cpu.system + s.cpu.idle).toBeLessThanOrEqual(s.now);
    // Idle time is counted (the share depends on the console's speed: at 38400 baud the boot keeps
    // the CPU busier than at 9600, where it waited for the line).
    expect(s.cpu.idle).toBeGreaterThan(0);
    const commands = s.processes.map((p) => p.command);
    expect(commands).toContain('update');
    expect(s.processes.find((p) => p.pid === 1)).toMatchObject({ ppid: 0, state: 'S', uid: 0 });
    expect(s.processes.find((p) => p.wchan === 'ttyin')).toBeTruthy(); // the shell, at its prompt
    // A copy: changing it changes nothing in the lab.
    s.processes.length = 0;
    expect(run.lab.snapshot(1).processes.length).toBeGreaterThan(0);
  });

  it('a machine halted or rebooted from its shell: the events say so, and the lab goes on without it or waits for it', () => {
    const run = startLab({
      exec: execs('sun1:halt', 'sun1:echo never', 'sun2:reboot', 'sun2:hostname', 'sun0:sleep 1'),
    });
    run.settle();
    const of = (type: string, machine: string) =>
      run.events.filter((e) => e.type === type && e.machine === machine);
    expect(of('halt', 'sun1').map((e) => e.reason)).toEqual(['halt']);
    expect(of('command', 'sun1').map((e) => [e.text, e.phase])).toEqual([
      ['halt', 'typed'],
      ['halt', 'lost'],
      ['echo never', 'lost'],
    ]);
    expect(run.lab.snapshot(1).state).toBe('halted');
    expect(run.console('sun1')).toContain('halted');
    // sun2 rebooted through its PROM and /etc/rc, and went on with its script.
    expect(of('reboot', 'sun2').length).toBe(1);
    expect(of('boot', 'sun2').map((e) => e.n)).toEqual([1, 2]);
    expect(of('ready', 'sun2').length).toBe(2);
    expect(
      of('command', 'sun2')
        .filter((e) => e.phase !== 'typed')
        .map((e) => [e.text, e.phase, e.status]),
    ).toEqual([
      ['reboot', 'lost', undefined],
      ['hostname', 'done', 0],
    ]);
    expect(run.lab.snapshot(2)).toMatchObject({ state: 'up', boots: 2 });
    expect(run.lab.status).toBe(1);
  });
});
