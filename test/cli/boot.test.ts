/** `sun3lab boot` driven through a pipe: a scripted console session, typed a line at a time. */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SHIM } from './spawn.js';

const boot = (input: string, ...args: string[]) =>
  spawnSync('node', [SHIM, 'boot', ...args], { encoding: 'utf8', input });

const STATS =
  /^stats: ([\d.]+) s emulated, \d+ instructions, \d+ cycles \(user [\d.]+%, system [\d.]+%, idle [\d.]+%\), \d+ system calls, \d+ page faults, \d+ copy-on-write copies, \d+ pageins, \d+ pageouts, \d+ context and \d+ PMEG steals\n/;

describe('sun3lab boot with input from a pipe', () => {
  it('boots, runs the commands typed, quits at ~. and prints the statistics line', () => {
    const r = boot('ls /tests\necho typed\n~.\necho not typed\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Sun Workstation, Model Sun-3/60.');
    expect(r.stdout).toContain('# ls /tests\n'); // the echo of what was typed, after the prompt
    expect(r.stdout).toContain('matmul');
    expect(r.stdout).toContain('# echo typed\ntyped\n');
    expect(r.stdout).not.toContain('not typed');
    expect(r.stdout).not.toContain('\r'); // Unix line ends when the output is not a terminal
    expect(r.stderr).toMatch(STATS);
    expect(r.stderr.split('\n').filter((l) => l)).toHaveLength(1);
  });

  it('at the end of the input, runs until the machine waits for more, then stops', () => {
    const r = boot('echo one\nsleep 2\necho two\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/# echo one\none\n# sleep 2\n# echo two\ntwo\n# \n$/);
    const seconds = Number(STATS.exec(r.stderr)?.[1]);
    expect(seconds).toBeGreaterThan(2.5); // the sleep ran to its end
    expect(seconds).toBeLessThan(4);
  });

  it('gives the same session the same output and statistics every time', () => {
    const a = boot('ps\nuptime\n');
    const b = boot('ps\nuptime\n');
    // What ran: ps's table with the shell and ps itself in it, then uptime's load averages.
    expect(a.stdout).toMatch(/# ps\n +PID +PPID +PGRP STAT TT +UTIME +STIME COMMAND\n(?: +\d+ .*\n)+/);
    // The shell waits for ps (S), or has not yet got back to waiting (R): ps, fresh from vfork with
    // no CPU charged, may have the better priority, and at 38400 baud the shell's start-up ticks have
    // not yet decayed.
    expect(a.stdout).toMatch(/\n +\d+ +\d+ +\d+ [RS] +co +\d:\d\d\.\d\d +\d:\d\d\.\d\d sh\n/);
    expect(a.stdout).toMatch(/\n +\d+ +\d+ +\d+ R +co +\d:\d\d\.\d\d +\d:\d\d\.\d\d ps\n/);
    expect(a.stdout).toMatch(/# uptime\n.* up .* load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n/);
    expect(a.stderr).toMatch(STATS);
    // The same bytes both times, the statistics line (cycles, calls, faults) too.
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toBe(a.stderr);
  });

  it('quits at ~. typed right after ^C or ^U, where a fresh prompt follows', () => {
    // cat is reading; "abc" and ^C end it, and ~. on what is now a new line quits.
    const c = boot('cat\nabc\x03~.\necho not typed\n');
    expect(c.status).toBe(0);
    expect(c.stdout).toMatch(/# cat\nabc\^C\n# \n$/);
    expect(c.stderr).toMatch(STATS);
    // ^U kills the line typed so far: the machine never sees ~. or what follows.
    const u = boot('echo gone\x15~.\necho not typed\n');
    expect(u.status).toBe(0);
    expect(u.stdout).toMatch(/# echo gone\^U\n$/);
    expect(u.stderr).toMatch(STATS);
  });

  it('empty input: boots to the prompt and stops', () => {
    const r = boot('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Welcome.*\n# \n$/);
    expect(r.stderr).toMatch(STATS);
  });
});

describe('sun3lab boot --disk', () => {
  it('writes through: what the machine wrote is in the file while it still runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-boot-'));
    const disk = join(dir, 'root.img');
    const child = spawn(process.execPath, [SHIM, 'boot', '--disk', disk], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    let stdout = '';
    let look = () => {};
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      look();
    });
    /** Wait until the machine has shown its prompt n times. */
    const prompts = (n: number) =>
      new Promise<void>((resolve) => {
        look = () => {
          if (stdout.split('# ').length > n) resolve();
        };
        look();
      });
    await prompts(1);
    child.stdin.write('echo written through > /tmp/w; sync\n');
    await prompts(2);
    // The machine waits at its prompt for input that has not come: copy its disk as it is now.
    const copy = join(dir, 'copy.img');
    copyFileSync(disk, copy);
    // A second sun3lab may not use the disk meanwhile.
    const second = spawnSync(process.execPath, [SHIM, 'run', '--disk', disk, '/bin/true'], {
      encoding: 'utf8',
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(
      `sun3lab: --disk ${disk}: in use by another sun3lab (process ${child.pid}; if it is not running, remove ${disk}.lock)\n`,
    );
    // Killed, the machine leaves its disk as the kernel wrote it, and a stale lock that the next run takes over.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const cat = spawnSync(process.execPath, [SHIM, 'run', '--disk', copy, '/bin/cat', '/tmp/w'], {
      encoding: 'utf8',
    });
    expect(cat.stdout).toBe('written through\n');
    const again = spawnSync(process.execPath, [SHIM, 'run', '--disk', disk, '/bin/cat', '/tmp/w'], {
      encoding: 'utf8',
    });
    expect(again.stdout).toBe('written through\n');
    expect(again.status).toBe(0);
    expect(existsSync(`${disk}.lock`)).toBe(false);
  });
});

// A terminal for `boot` to find on its standard input: util-linux `script` runs it on a pseudo-terminal.
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('sun3lab boot at a terminal', () => {
  it.skipIf(!hasScript)('quits at ~. typed right after ^C, where a fresh prompt follows', async () => {
    const child = spawn('script', ['-qec', `'${process.execPath}' '${SHIM}' boot`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let waiting: { pattern: RegExp; from: number; resolve: () => void } | null = null;
    const check = () => {
      if (waiting?.pattern.test(out.slice(waiting.from))) {
        waiting.resolve();
        waiting = null;
      }
    };
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      check();
    });
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    /** Wait for output matching `pattern` after what has come so far. */
    const until = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        waiting = { pattern, from: out.length, resolve };
        check();
      });
    onTestFinished(() => {
      child.kill(); // if the test failed (by timing out) with the machine still running
    });
    await until(/# $/);
    child.stdin.write('cat\r');
    await until(/cat\r+\n/);
    child.stdin.write('abc\x03');
    await until(/\^C\r+\n# $/);
    // Were only Return a line start, ~. would go to the machine and it would run on.
    child.stdin.write('~.');
    expect(await done).toBe(0);
    expect(out).toMatch(/\nstats: [\d.]+ s emulated, /);
    expect(out).not.toContain('~');
  });
});
