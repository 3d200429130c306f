/** `sun3lab run`: a program's output on stdout, its exit status, the statistics line, errors. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statsLine } from '../../emu/cli/machine-commands.js';
import type { Station } from '../../emu/lab/station.js';
import { ROOT } from './spawn.js';

const cli = new URL('../../emu/cli/sun3lab.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync('node', [cli, 'run', ...args], { encoding: 'utf8' });
const runWithInput = (input: string, ...args: string[]) =>
  spawnSync('node', [cli, 'run', ...args], { encoding: 'utf8', input });

const STATS =
  /^stats: [\d.]+ s emulated, \d+ instructions, (\d+) cycles \(user [\d.]+%, system [\d.]+%, idle [\d.]+%\), \d+ system calls, \d+ page faults, \d+ copy-on-write copies, \d+ pageins, \d+ pageouts, \d+ context and \d+ PMEG steals\n$/;

/** The cycle count of a statistics line. */
function cycles(stderr: string): number {
  const m = STATS.exec(stderr);
  if (!m) throw new Error(`no statistics line in ${JSON.stringify(stderr)}`);
  return Number(m[1]);
}

/** The run failed before the machine ran: one line on stderr, naming the problem, no statistics. */
function expectOneLineError(r: ReturnType<typeof run>, message: string | RegExp): void {
  expect(r.status).toBe(1);
  expect(r.stderr.split('\n').filter((l) => l)).toHaveLength(1);
  if (typeof message === 'string') expect(r.stderr).toBe(`sun3lab: ${message}\n`);
  else expect(r.stderr).toMatch(message);
}

describe('sun3lab run', () => {
  it('prints the program output and exits with its status; options after the program are its own', () => {
    const r = run('/bin/sh', '-c', 'echo hello; echo a b c | wc -w; exit 7');
    expect(r.stdout).toMatch(/^hello\n\s*3\n$/);
    expect(r.status).toBe(7);
    expect(r.stderr).toMatch(STATS);
  });

  it("stops where the program exits: the statistics are the program's own cost, the same every time", () => {
    const t = run('/bin/true');
    expect(t.status).toBe(0);
    expect(cycles(t.stderr)).toBeGreaterThan(0);
    expect(cycles(t.stderr)).toBeLessThan(100_000); // not a 2,000,000-cycle step of the host loop
    const a = run('/tests/matmul');
    const b = run('/tests/matmul');
    expect(a.status).toBe(0);
    expect(a.stdout).toContain('PASS');
    expect(cycles(a.stderr)).toBe(cycles(b.stderr));
    expect(a.stderr).toBe(b.stderr);
  });

  it('reports a missing program in one line', () => {
    const r = run('/no/such/program');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('sun3lab: cannot run /no/such/program: no such file or directory\n');
  });

  it('validates its options', () => {
    expectOneLineError(run('--mem', '99', '/bin/true'), '--mem must be a whole number from 4 to 24');
    for (const t of ['0', '-1', 'soon'])
      expectOneLineError(
        run('--timeout', t, '/bin/true'),
        '--timeout must be a number of seconds greater than 0',
      );
  });

  it('gives up after --timeout seconds of emulated time', () => {
    const r = run('--timeout', '0.5', '/bin/sleep', '5');
    expect(r.status).toBe(1);
    const [stats, error] = r.stderr.split('\n');
    expect(cycles(`${stats}\n`)).toBeGreaterThanOrEqual(10_000_000);
    expect(error).toBe('sun3lab: /bin/sleep did not exit within 0.5 s of emulated time');
  });
});

describe('sun3lab run: programs on the host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sun3lab-run-'));
  copyFileSync(join(ROOT, 'images/root/bin/echo'), join(dir, 'myecho'));
  mkdirSync(join(dir, 'adir'));

  it('copies in a file named by a relative path, as /tmp/NAME', () => {
    const rel = spawnSync('node', [cli, 'run', './myecho', 'relative'], { encoding: 'utf8', cwd: dir });
    expect(rel.stdout).toBe('relative\n');
    expect(rel.status).toBe(0);
    const sub = spawnSync('node', [cli, 'run', 'adir/../myecho', 'also'], { encoding: 'utf8', cwd: dir });
    expect(sub.stdout).toBe('also\n');
  });

  it("an absolute path is always the machine's file: a host file there is never copied in", () => {
    const r = run(join(dir, 'myecho'), 'absolute');
    expectOneLineError(r, `cannot run ${join(dir, 'myecho')}: no such file or directory`);
  });

  it("prefers the machine's file for an absolute path it has (the host's /bin/echo is not a 68020 program)", () => {
    const r = run('/bin/echo', 'machine');
    expect(r.stdout).toBe('machine\n');
  });

  it('--help states the rule', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("An absolute path (/bin/ls) is always the machine's file");
    expect(r.stdout).toContain('copied into the machine as\n/tmp/NAME');
  });

  it('names what is wrong with a host path in one line', () => {
    const missing = spawnSync('node', [cli, 'run', 'nothere'], { encoding: 'utf8', cwd: dir });
    expectOneLineError(missing, /^sun3lab: nothere: no such file on the host/);
    const relDir = spawnSync('node', [cli, 'run', 'adir'], { encoding: 'utf8', cwd: dir });
    expectOneLineError(relDir, 'adir: is a directory');
  });

  it('keeps a name outside ASCII as the bytes the host gives it', () => {
    copyFileSync(join(ROOT, 'images/root/bin/echo'), join(dir, 'ゼロ'));
    const r = spawnSync('node', [cli, 'run', './ゼロ', 'ok'], { encoding: 'utf8', cwd: dir });
    expect(r.stdout).toBe('ok\n');
    expect(r.status).toBe(0);
  });
});

describe('sun3lab run: input from a pipe', () => {
  it('goes to the program, without echo; its end is an end of file', () => {
    const r = runWithInput('x\n', '/bin/cat');
    expect(r.stdout).toBe('x\n');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(STATS);
    const wc = runWithInput('a b\nc', '/bin/wc');
    expect(wc.stdout.trim().split(/\s+/)).toEqual(['1', '3', '5']);
    expect(wc.status).toBe(0);
  });

  it('reaches programs the shell starts, and is deterministic', () => {
    const a = runWithInput('echo one\ncat\nline for cat\n', '/bin/sh');
    expect(a.stdout).toContain('one\n');
    expect(a.stdout).toContain('line for cat\n');
    expect(a.status).toBe(0);
    const b = runWithInput('echo one\ncat\nline for cat\n', '/bin/sh');
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toBe(a.stderr);
  });
});

describe('sun3lab run --disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sun3lab-disk-'));

  it('keeps the disk across runs, cleanly unmounted', () => {
    const disk = join(dir, 'root.img');
    expect(run('--disk', disk, '/bin/mkdir', '/tmp/kept').status).toBe(0);
    expect(run('--disk', disk, '/bin/ls', '/tmp').stdout).toBe('kept\n');
    const fsck = spawnSync('node', [cli, 'fsck', disk], { encoding: 'utf8' });
    expect(fsck.status).toBe(0);
    expect(fsck.stdout).toMatch(/clean/);
  });

  it('is checked before the machine runs, with a one-line message naming the path', () => {
    const noDir = join(dir, 'no-such-dir', 'root.img');
    expectOneLineError(
      run('--disk', noDir, '/bin/true'),
      `--disk ${noDir}: no such directory ${join(dir, 'no-such-dir')}`,
    );
    expectOneLineError(run('--disk', dir, '/bin/true'), `--disk ${dir}: is a directory`);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a disk\n');
    expectOneLineError(
      run('--disk', text, '/bin/true'),
      new RegExp(`^sun3lab: --disk ${text}: not a disk image \\(`),
    );
    const dangling = join(dir, 'dangling.img');
    symlinkSync(join(dir, 'no-such-dir', 'x.img'), dangling);
    expectOneLineError(
      run('--disk', dangling, '/bin/true'),
      `--disk ${dangling}: a symbolic link to a missing file`,
    );
  });
});

describe('sun3lab run --trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sun3lab-trace-'));

  it('writes the trace to its file; a file that cannot be made is a one-line error before the run', async () => {
    const file = join(dir, 'trace.txt');
    const r = run('--trace', file, '--trace-what', 'instructions', '/bin/true');
    expect(r.status).toBe(0);
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.filter((l) => / pid 1 /.test(l)).length).toBeGreaterThan(100);
    expect(lines.filter((l) => l.includes('(not mapped)'))).toEqual([]);
    const bad = join(dir, 'no-such-dir', 'trace.txt');
    expectOneLineError(run('--trace', bad, '/bin/true'), `--trace ${bad}: no such file or directory`);
  });
});

describe('the statistics line', () => {
  it('gives no shares of a run that took no time', () => {
    const st = {
      machine: { cpu: { cycles: 0, instructions: 0, idleCycles: 0 } },
      kernel: {
        stats: { systemCycles: 0, syscalls: 0, faults: 0 },
        mem: { cowCopies: 0, cnt: { pgpgin: 0, pgpgout: 0 } },
        pmap: { ctxSteals: 0, pmegSteals: 0 },
      },
    } as unknown as Station;
    expect(statsLine(st)).toContain('(user 0.0%, system 0.0%, idle 0.0%)');
  });
});
