/** `sun3lab boot` driven through a pipe: a scripted console session, typed a line at a time. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIM } from './spawn.js';

const boot = (input: string, ...args: string[]) =>
  spawnSync('node', [SHIM, 'boot', ...args], { encoding: 'utf8', input });

const STATS =
  /^stats: ([\d.]+) s emulated, \d+ instructions, \d+ cycles \(user [\d.]+%, system [\d.]+%, idle [\d.]+%\), \d+ system calls, \d+ page faults, \d+ copy-on-write copies, \d+ context and \d+ PMEG steals\n/;

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
    expect(a.stdout).toContain('# ps\n');
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toBe(a.stderr);
  });

  it('empty input: boots to the prompt and stops', () => {
    const r = boot('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Welcome.*\n# \n$/);
    expect(r.stderr).toMatch(STATS);
  });
});

describe('sun3lab boot --disk', () => {
  it('a disk that cannot be saved at the end: the statistics line first, then the error naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-boot-'));
    const disk = join(dir, 'root.img');
    const child = spawn(process.execPath, [SHIM, 'boot', '--disk', disk], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        stdout += s;
        if (stdout.endsWith('# ')) resolve();
      });
    });
    // The machine waits at its prompt for input that has not come: take its directory away.
    rmSync(dir, { recursive: true });
    child.stdin.end('~.');
    expect(await done).toBe(1);
    const lines = stderr.split('\n').filter((l) => l);
    expect(lines).toHaveLength(2);
    expect(`${lines[0]}\n`).toMatch(STATS);
    expect(lines[1]).toBe(`sun3lab: --disk ${disk}: cannot save the disk: no such file or directory`);
  });
});
