/**
 * `sun3lab lab`, headless, as a user or a script runs it: --exec, the
 * output prefixed by machine, the exit status, the pcap and events files,
 * --record and --replay, typed input, --disk-dir, --timeout, and one-line
 * errors for bad input.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventProblem } from '../../emu/lab/events.js';
import { readPcap } from '../../emu/net/pcap.js';
import { ROOT, SHIM } from '../cli/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-lab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lab(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [SHIM, 'lab', ...args], {
    cwd: ROOT,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The one-line error of a run that must fail. */
function refused(args: string[]): string {
  const r = lab(args);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l);
  expect(lines.length).toBe(1);
  expect(lines[0]).toMatch(/^sun3lab: /);
  return lines[0];
}

describe('sun3lab lab', () => {
  it("--exec 'sun0:ping -c 3 sun2': three replies, arp -a shows sun2, every console line prefixed, exit 0", () => {
    const pcap = join(dir, 'ping.pcap');
    const events = join(dir, 'ping.jsonl');
    const r = lab([
      '--fast',
      '--machines',
      '3',
      '--exec',
      'sun0:ping -c 3 sun2',
      '--exec',
      'sun0:arp -a',
      '--pcap',
      pcap,
      '--events',
      events,
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l);
    for (const l of lines) expect(l).toMatch(/^sun[012]\| /);
    expect(
      lines.filter((l) => /^sun0\| 64 bytes from 192\.9\.200\.3: icmp_seq=\d ttl=255 time=/.test(l)).length,
    ).toBe(3);
    expect(lines).toContain('sun0| sun2 (192.9.200.3) at 8:0:20:0:0:3');
    for (const n of ['sun0', 'sun1', 'sun2']) {
      expect(lines).toContain(`${n}| hostname: ${n}`);
      expect(r.stderr).toMatch(new RegExp(`^${n}: stats: \\d+\\.\\d{3} s emulated`, 'm'));
    }
    // The files: a capture tools can read, and events that all fit the schema.
    const cap = readPcap(readFileSync(pcap));
    expect(cap.linktype).toBe(1);
    expect(cap.trailing).toBe(0);
    expect(cap.records.length).toBeGreaterThanOrEqual(8);
    expect(cap.records[0].sec).toBe(Date.UTC(1990, 0, 1) / 1000); // emulated time of day
    const evs = readFileSync(events, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const e of evs) expect(eventProblem(e)).toBeNull();
    expect(evs[0].type).toBe('start');
    expect(evs.at(-1)).toMatchObject({ type: 'end', reason: 'done', status: 0 });
  });

  it('exits with the status of the last command that failed, and says which', () => {
    const r = lab(['--fast', '--machines', '1', '--exec', 'sun0:sh -c "exit 4"', '--exec', 'sun0:true']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('sun3lab: sun0: sh -c "exit 4": exit status 4\n');
  });

  it('--record, then --replay (on either CPU engine): the same consoles and events', () => {
    const rec = join(dir, 'session.rec');
    const ev1 = join(dir, 'rec.jsonl');
    const ev2 = join(dir, 'replay.jsonl');
    const a = lab([
      '--fast',
      '--machines',
      '2',
      '--seed',
      '9',
      '--net-loss',
      '0.2',
      '--exec',
      'sun1:ping -c 4 sun0',
      '--record',
      rec,
      '--events',
      ev1,
    ]);
    expect(a.code).toBe(0);
    const lines = readFileSync(rec, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ recording: 'sun3lab lab', v: 1 });
    expect(lines[1]).toMatchObject({ machine: 'sun1', kind: 'command', text: 'ping -c 4 sun0' });
    expect(lines.at(-1)).toMatchObject({ reason: 'done', status: 0 });
    const b = lab(['--fast', '--replay', rec, '--events', ev2]);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const strip = (s: string) => s.replace(/"reason":"[a-z ]+"/, '');
    expect(strip(readFileSync(ev2, 'utf8'))).toBe(strip(readFileSync(ev1, 'utf8')));
    // The same session replayed on the other CPU engine: the same bytes again.
    const ev3 = join(dir, 'replay-interp.jsonl');
    const c = lab(['--fast', '--cpu', 'interp', '--replay', rec, '--events', ev3]);
    expect(c.code).toBe(0);
    expect(c.stdout).toBe(a.stdout);
    expect(strip(readFileSync(ev3, 'utf8'))).toBe(strip(readFileSync(ev1, 'utf8')));
    expect(refused(['--replay', rec, '--machines', '3'])).toBe(
      "sun3lab: --replay: the recording holds the lab's configuration and input; leave out --machines",
    );
  });

  it('typed input: a line goes to the machine named before it, or the last one chosen; ^C as two characters interrupts', () => {
    const r = lab(
      ['--fast', '--machines', '2'],
      'hostname\nsun1: hostname\nsleep 100\n^C\nuname -n\nsun0:\necho back on $HOME\n',
    );
    expect(r.code).toBe(0);
    const of = (name: string) =>
      r.stdout
        .split('\n')
        .filter((l) => l.startsWith(`${name}| `))
        .join('\n');
    expect(of('sun0')).toContain('sun0| # hostname\nsun0| sun0\n');
    expect(of('sun1')).toContain('sun1| # hostname\nsun1| sun1\n');
    expect(of('sun1')).toContain('sun1| # sleep 100\nsun1| ^C\n');
    expect(of('sun1')).toContain('sun1| # uname -n\nsun1| sun1\n');
    expect(of('sun0')).toContain('sun0| # echo back on $HOME\nsun0| back on /\n');
  });

  it('--disk-dir keeps each machine its own disk between runs', () => {
    const disks = join(dir, 'disks');
    const a = lab([
      '--fast',
      '--machines',
      '2',
      '--disk-dir',
      disks,
      '--exec',
      'sun1:echo kept on sun1 > /note',
    ]);
    expect(a.code).toBe(0);
    expect(existsSync(join(disks, 'sun0.img')) && existsSync(join(disks, 'sun1.img'))).toBe(true);
    expect(existsSync(join(disks, 'sun1.img.lock'))).toBe(false);
    const b = lab([
      '--fast',
      '--machines',
      '2',
      '--disk-dir',
      disks,
      '--exec',
      'sun1:cat /note',
      '--exec',
      'sun0:cat /note',
    ]);
    // Each machine's own lines (the two consoles' lines interleave in time).
    const of = (m: string) =>
      b.stdout
        .split('\n')
        .filter((l) => l.startsWith(`${m}| `))
        .join('\n');
    expect(of('sun1')).toContain('sun1| # cat /note\nsun1| kept on sun1\n');
    expect(of('sun0')).toContain('sun0| cat: /note: No such file or directory\n');
    expect(b.code).toBe(1);
  });

  it('--timeout: a script that does not finish is given up, with what was left', () => {
    const r = lab(['--fast', '--machines', '1', '--timeout', '3', '--exec', 'sun0:sleep 100']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'sun3lab: still running after 3 s of emulated time (--timeout): sun0 (1 command(s) unfinished)',
    );
  });

  it('--threads 2: the machines on two threads (a worker from the bundle), the same output, events and capture as on one', () => {
    const run = (threads: string) => {
      const pcap = join(dir, `threads${threads}.pcap`);
      const events = join(dir, `threads${threads}.jsonl`);
      const r = lab([
        '--fast',
        '--machines',
        '3',
        '--threads',
        threads,
        '--exec',
        'sun0:ping -c 2 sun2',
        '--exec',
        'sun1:ping -c 2 sun0',
        '--pcap',
        pcap,
        '--events',
        events,
      ]);
      return { ...r, pcap: readFileSync(pcap), events: readFileSync(events, 'utf8') };
    };
    const one = run('1');
    const two = run('2');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stdout).toContain('2 packets received');
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr); // each machine's statistics line, cycles and instructions
    expect(two.events).toBe(one.events);
    expect(Buffer.compare(two.pcap, one.pcap)).toBe(0);
    expect(refused(['--threads', '0'])).toBe('sun3lab: --threads must be a whole number from 1 to 64');
  });

  it('bad input: a one-line error and exit status 1', () => {
    expect(refused(['--machines', '0'])).toBe('sun3lab: --machines: 0 is not a whole number from 1 to 128');
    expect(refused(['--machines', '1000'])).toBe(
      'sun3lab: --machines: 1000 is not a whole number from 1 to 128',
    );
    expect(refused(['--partition', 'sun9@1s-2s'])).toBe(
      'sun3lab: --partition sun9@1s-2s: there is no machine sun9 (the machines are sun0, sun1, sun2)',
    );
    expect(refused(['--exec', 'ls'])).toMatch(/^sun3lab: --exec ls: "ls" is not NAME:COMMAND/);
    expect(refused(['--net-loss', '2'])).toBe('sun3lab: --net-loss: 2 is not a probability from 0 to 1');
    expect(refused(['--crash', 'sun1@soon'])).toMatch(/^sun3lab: --crash sun1@soon: "soon" is not a time/);
    const scenario = join(dir, 'bad.yaml');
    writeFileSync(scenario, 'machines:\n  - name: sun0\n    address: 192.9.200.256\n');
    expect(refused(['--scenario', scenario])).toMatch(
      /^sun3lab: .*bad\.yaml: machines\[0\]\.address: "192\.9\.200\.256" is not an Internet address/,
    );
    writeFileSync(scenario, 'seeds: 4\n');
    expect(refused(['--scenario', scenario])).toMatch(/^sun3lab: .*bad\.yaml: seeds: unknown key/);
    expect(refused(['--scenario', join(dir, 'none.yaml')])).toMatch(/none\.yaml/);
  });
});
