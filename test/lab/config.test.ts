/**
 * A lab's configuration: the defaults, scenario files, the command line on
 * top, and one-line errors naming the key or flag that is wrong.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventProblem, makeEvent } from '../../emu/lab/events.js';
import {
  hostsFile,
  inputOf,
  LabConfigError,
  type LabInput,
  netmasksFile,
  overlay,
  parseDuration,
  resolveLab,
} from '../../emu/lab/lab-config.js';
import { parseScenario, readScenario } from '../../emu/lab/scenario.js';
import { ROOT } from '../cli/spawn.js';

const SCENARIOS = join(ROOT, 'emu/lab/scenarios');

/** The one-line error that `make` gives (it builds a configuration). */
async function oneLineError(make: () => unknown): Promise<string> {
  try {
    await make();
  } catch (e) {
    expect(e).toBeInstanceOf(LabConfigError);
    const m = (e as Error).message;
    expect(m).not.toContain('\n');
    return m;
  }
  throw new Error('no error');
}

const problem = (input: LabInput) => oneLineError(() => resolveLab(input));
const scenarioProblem = (text: string) =>
  oneLineError(async () => resolveLab(await parseScenario(text, 'lab.yaml')));

describe('the configuration', () => {
  it('by default: three machines sun0..sun2 on 192.9.200, serials 1..3, one hub', () => {
    const c = resolveLab({});
    expect(c.machines.map((m) => [m.name, m.address, m.ether, m.serial, m.memoryMB, m.segment])).toEqual([
      ['sun0', '192.9.200.1', '8:0:20:0:0:1', 1, 8, 'ether0'],
      ['sun1', '192.9.200.2', '8:0:20:0:0:2', 2, 8, 'ether0'],
      ['sun2', '192.9.200.3', '8:0:20:0:0:3', 3, 8, 'ether0'],
    ]);
    expect(c.segments).toEqual([
      { name: 'ether0', kind: 'hub', latency: 200, loss: 0, duplicate: 0, corrupt: 0, jitter: 0 },
    ]);
    expect(c).toMatchObject({
      seed: '1',
      network: '192.9.200.0',
      netmask: '255.255.255.0',
      statsInterval: 20_000_000,
    });
    expect(hostsFile(c)).toContain(
      '127.0.0.1\tlocalhost loghost\n192.9.200.1\tsun0\n192.9.200.2\tsun1\n192.9.200.3\tsun2\n',
    );
    expect(netmasksFile(c)).toBeNull();
    // It survives a trip through a recording.
    expect(resolveLab(inputOf(JSON.parse(JSON.stringify(c)), 'rec'))).toEqual(c);
  });

  it("the consoles' speed: 38400 by default, a Sun speed from the scenario or the flag; a recording without one ran at 9600", async () => {
    expect(resolveLab({}).consoleBaud).toBe(38400);
    expect(resolveLab(await parseScenario('console-baud: 9600\n', 'lab.yaml')).consoleBaud).toBe(9600);
    expect(await scenarioProblem('console-baud: 1234\n')).toBe(
      'lab.yaml: console-baud: 1234 baud: a Sun console runs at 110, 300, 1200, 2400, 4800, 9600, 19200, 38400',
    );
    const { consoleBaud: _, ...old } = resolveLab({});
    expect(resolveLab(inputOf(old as never, 'rec')).consoleBaud).toBe(9600);
  });

  it('times: seconds, or with a unit', () => {
    expect(parseDuration(5, 'x')).toBe(100_000_000);
    expect(parseDuration('1.5s', 'x')).toBe(30_000_000);
    expect(parseDuration('250ms', 'x')).toBe(5_000_000);
    expect(parseDuration('10us', 'x')).toBe(200);
    expect(parseDuration('10µs', 'x')).toBe(200);
    expect(parseDuration('1352cycles', 'x')).toBe(1352);
    expect(() => parseDuration('0.01us', 'x')).toThrow('x: "0.01us" is not a whole number of cycles');
    expect(() => parseDuration('soon', 'x')).toThrow('x: "soon" is not a time');
    expect(() => parseDuration(-1, 'x')).toThrow(LabConfigError);
  });

  it('the command line wins over the scenario; its lists replace the scenario lists', async () => {
    const file = await parseScenario(
      'seed: 5\nmachines:\n  - name: alpha\n    exec: [hostname]\n  - name: beta\nsegments:\n  - loss: 0.2\n',
      'lab.yaml',
    );
    const c = resolveLab(
      overlay(file, {
        count: { value: 3, where: '--machines' },
        faults: { loss: { value: 0.5, where: '--net-loss' } },
        exec: [{ machine: 'sun2', command: 'uptime', where: '--exec sun2:uptime' }],
      }),
    );
    expect(c.seed).toBe('5');
    expect(c.machines.map((m) => [m.name, m.exec])).toEqual([
      ['alpha', []],
      ['beta', []],
      ['sun2', ['uptime']],
    ]);
    expect(c.segments[0].loss).toBe(0.5);
    expect(
      resolveLab(overlay(file, { count: { value: 1, where: '--machines' } })).machines.map((m) => m.name),
    ).toEqual(['alpha']);
  });

  it('a subnet: /etc/netmasks says so, and addresses must be on it', () => {
    const c = resolveLab({
      network: { value: '10.1.2.0', where: 'network' },
      netmask: { value: '255.255.255.0', where: 'netmask' },
    });
    expect(c.machines[2].address).toBe('10.1.2.3');
    expect(netmasksFile(c)).toContain('10.1.2.0\t255.255.255.0\n');
  });

  it('bad input: one line naming what is wrong', async () => {
    expect(await problem({ count: { value: 0, where: '--machines' } })).toBe(
      '--machines: 0 machines: a lab has from 1 to 128',
    );
    expect(await problem({ count: { value: 1000, where: '--machines' } })).toBe(
      '--machines: 1000 machines: a lab has from 1 to 128',
    );
    expect(await problem({ machines: [{ where: 'machines[0]', address: '192.9.200.300' }] })).toMatch(
      /^machines\[0\]\.address: "192\.9\.200\.300" is not an Internet address/,
    );
    expect(await problem({ machines: [{ where: 'machines[0]', address: '192.9.201.1' }] })).toMatch(
      /^machines\[0\]\.address: 192\.9\.201\.1 is not on the lab's network 192\.9\.200\.0/,
    );
    expect(await problem({ machines: [{ where: 'machines[0]', address: '192.9.200.255' }] })).toBe(
      "machines[0].address: 192.9.200.255 is the network's broadcast address",
    );
    expect(await problem({ machines: [{ where: 'machines[0]', address: '192.9.200.0' }] })).toBe(
      "machines[0].address: 192.9.200.0 is the network's own address",
    );
    expect(
      await problem({
        machines: [
          { where: 'machines[0]', address: '192.9.200.9' },
          { where: 'machines[1]', address: '192.9.200.9' },
        ],
      }),
    ).toBe("machines[1].address: 192.9.200.9 is sun0's address too");
    expect(await problem({ machines: [{ where: 'machines[0]', ether: '9:0:20:0:0:1' }] })).toMatch(
      /multicast address/,
    );
    expect(await problem({ machines: [{ where: 'machines[0]', name: 'localhost' }] })).toMatch(
      /^machines\[0\]\.name: "localhost" is not a host name/,
    );
    expect(await problem({ network: { value: '224.0.0.0', where: 'network' } })).toMatch(
      /^network: 224\.0\.0\.0 is not a network/,
    );
    expect(
      await problem({
        count: { value: 3, where: '--machines' },
        network: { value: '10.0.0.0', where: 'network' },
        netmask: { value: '255.255.255.252', where: 'netmask' },
      }),
    ).toMatch(/^--machines: 3 machines do not fit on the network 10\.0\.0\.0/);
    expect(
      await problem({
        partitions: [{ where: '--partition sun9@1s-2s', machines: ['sun9'], from: 1, to: 2 }],
      }),
    ).toBe('--partition sun9@1s-2s: there is no machine sun9 (the machines are sun0, sun1, sun2)');
    expect(await problem({ partitions: [{ where: 'p', machines: ['sun1'], from: 5, to: 5 }] })).toMatch(
      /^p: the partition must end after it begins/,
    );
    expect(
      await problem({ partitions: [{ where: 'p', machines: ['sun0', 'sun1', 'sun2'], from: 1, to: 5 }] }),
    ).toMatch(/there is no one to cut off from/);
    expect(
      await problem({ crashes: [{ where: '--crash sun3@5s', machine: 'sun3', at: 5, until: null }] }),
    ).toMatch(/^--crash sun3@5s: there is no machine sun3/);
    expect(
      await problem({
        crashes: [
          { where: 'c0', machine: 'sun1', at: 100, until: 200 },
          { where: 'c1', machine: 'sun1', at: 150, until: null },
        ],
      }),
    ).toBe('c1: sun1 is already off then (another crash of it overlaps)');
    expect(await problem({ exec: [{ machine: 'sun7', command: 'ls', where: '--exec sun7:ls' }] })).toMatch(
      /^--exec sun7:ls: there is no machine sun7/,
    );
    expect(await problem({ exec: [{ machine: 'sun0', command: ' ', where: '--exec sun0:' }] })).toBe(
      '--exec sun0:: the command is empty',
    );
    expect(await problem({ segments: [{ where: 'segments[0]', latency: 100 }] })).toMatch(
      /^segments\[0\]\.latency: 5 µs would make the lockstep window shorter than a minimum frame and its gap: a hub needs at least 9\.6 µs|^segments\[0\]\.latency: 100 cycles/,
    );
    expect(await problem({ memoryMB: { value: 32, where: '--mem' } })).toBe(
      '--mem: 32 MB: a Sun-3/60 has 4 to 24',
    );
  });

  it('scenario files: unknown keys, values of the wrong kind, YAML errors, each in one line', async () => {
    expect(await scenarioProblem('seed: 1\nmachnes: 3\n')).toMatch(
      /^lab\.yaml: machnes: unknown key \(the keys here are seed, machines, /,
    );
    expect(await scenarioProblem('machines:\n  - name: a\n    adress: 192.9.200.9\n')).toMatch(
      /^lab\.yaml: machines\[0\]\.adress: unknown key/,
    );
    expect(await scenarioProblem('segments:\n  - kind: bus\n')).toBe(
      'lab.yaml: segments[0].kind: "bus" is not hub or switch',
    );
    expect(await scenarioProblem('segments:\n  - loss: 2\n')).toBe(
      'lab.yaml: segments[0].loss: 2 is not a probability from 0 to 1',
    );
    expect(await scenarioProblem('partitions:\n  - sun1 from 5s\n')).toMatch(
      /^lab\.yaml: partitions\[0\]: "sun1 from 5s" is not NAME/,
    );
    expect(await scenarioProblem('crashes:\n  - machine: sun9\n    at: 2s\n')).toMatch(
      /^lab\.yaml: crashes\[0\]: there is no machine sun9/,
    );
    expect(await scenarioProblem('machines: 0\n')).toBe(
      'lab.yaml: machines: 0 is not a whole number from 1 to 128',
    );
    expect(await scenarioProblem('seed: 1\nseed: 2\n')).toMatch(/^lab\.yaml:2: .*unique/i);
    expect(await scenarioProblem('machines: [\n')).toMatch(/^lab\.yaml:\d+: /);
    expect(await scenarioProblem('- 1\n- 2\n')).toMatch(/^lab\.yaml: the file must be a map/);
  });

  it('the scenarios that come with sun3lab are valid', async () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'));
    expect(files).toEqual(expect.arrayContaining(['default.yaml', 'faults.yaml']));
    for (const f of files) resolveLab(await readScenario(join(SCENARIOS, f)));
    expect(resolveLab(await readScenario(join(SCENARIOS, 'default.yaml')))).toEqual(resolveLab({}));
    const faults = resolveLab(await readScenario(join(SCENARIOS, 'faults.yaml')));
    expect(faults.partitions).toEqual([
      { segment: 'ether0', machines: ['sun2'], from: 100_000_000, to: 160_000_000 },
    ]);
    expect(faults.crashes).toEqual([{ machine: 'sun2', at: 240_000_000, until: 400_000_000 }]);
  });

  it('the event schema: what it takes and what it refuses', () => {
    const ok = makeEvent(5, { machine: 'sun0' }, { type: 'exit', pid: 7, status: 256 });
    expect(Object.keys(ok)).toEqual(['v', 't', 'machine', 'type', 'pid', 'status']);
    expect(eventProblem(ok)).toBeNull();
    expect(eventProblem({ ...ok, v: 2 })).toMatch(/^v is 2/);
    expect(eventProblem({ ...ok, t: -1 })).toBe('t is not a cycle count');
    expect(eventProblem({ ...ok, type: 'explode' })).toBe('unknown type "explode"');
    expect(eventProblem({ v: 1, t: 0, type: 'exit', pid: 7, status: 0 })).toBe('exit: no machine');
    expect(eventProblem({ ...ok, pid: 'seven' })).toBe('exit: pid is not a nat');
    expect(eventProblem({ ...ok, extra: 1 })).toBe('exit: unknown field extra');
    expect(
      eventProblem({ v: 1, t: 0, machine: 'sun0', type: 'power', on: true, cause: 'lightning' }),
    ).toMatch(/^power: cause "lightning" is not one of/);
    const link = makeEvent(
      0,
      { segment: 'ether0' },
      {
        type: 'partition',
        state: 'start',
        machines: ['sun1'],
      },
    );
    expect(eventProblem(link)).toBeNull();
  });
});
