/** `sun3lab run`: a program's output on stdout, its exit status, the statistics line, errors. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const cli = new URL('../../emu/cli/sun3lab.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync('node', [cli, 'run', ...args], { encoding: 'utf8' });

describe('sun3lab run', () => {
  it('prints the program output and exits with its status; options after the program are its own', () => {
    const r = run('/bin/sh', '-c', 'echo hello; echo a b c | wc -w; exit 7');
    expect(r.stdout).toMatch(/^hello\n\s*3\n$/);
    expect(r.status).toBe(7);
    expect(r.stderr).toMatch(
      /^stats: [\d.]+ s emulated, \d+ instructions, \d+ cycles \(user [\d.]+%, system [\d.]+%, idle [\d.]+%\), \d+ system calls, \d+ page faults, \d+ copy-on-write copies, \d+ context and \d+ PMEG steals\n$/,
    );
  });

  it('reports a missing program in one line', () => {
    const r = run('/no/such/program');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('sun3lab: cannot run /no/such/program: no such file or directory\n');
  });

  it('validates its options', () => {
    const r = run('--mem', '99', '/bin/true');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('sun3lab: --mem must be a whole number from 4 to 24\n');
  });
});

describe('sun3lab run --disk', () => {
  it('keeps the disk across runs, cleanly unmounted', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const disk = join(mkdtempSync(join(tmpdir(), 'sun3lab-')), 'root.img');
    expect(run('--disk', disk, '/bin/mkdir', '/tmp/kept').status).toBe(0);
    expect(run('--disk', disk, '/bin/ls', '/tmp').stdout).toBe('kept\n');
    const fsck = spawnSync('node', [cli, 'fsck', disk], { encoding: 'utf8' });
    expect(fsck.status).toBe(0);
    expect(fsck.stdout).toMatch(/clean/);
  });
});
