import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Outcome, sun3lab } from './spawn.js';

/** Asserts the run failed with exactly one `sun3lab: ...` line on stderr, and returns that line. */
function expectOneLineError(r: Outcome): string {
  expect(r.code).toBe(1);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^sun3lab: /);
  return lines[0];
}

describe('sun3lab command line', () => {
  it('--help lists the subcommands', async () => {
    const r = await sun3lab(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cputest');
    expect(r.stdout).toContain('bench');
    expect(r.stderr).toBe('');
  });

  it('works from any directory', async () => {
    const r = await sun3lab(['--help'], tmpdir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cputest');
  });

  it.each([['cputest'], ['bench']])('%s --help works', async (command) => {
    const r = await sun3lab([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`sun3lab ${command}`);
  });

  it('an unknown subcommand is a one-line error', async () => {
    const r = await sun3lab(['frobnicate']);
    expect(expectOneLineError(r)).toContain('frobnicate');
    expect(r.stdout).toBe('');
  });

  it('no subcommand is a one-line error', async () => {
    expectOneLineError(await sun3lab([]));
  });

  it('an unknown option is a one-line error', async () => {
    const r = await sun3lab(['cputest', 'x.json.gz', '--frobnicate']);
    expect(expectOneLineError(r)).toContain('frobnicate');
  });

  it('cputest without files is a one-line error', async () => {
    expectOneLineError(await sun3lab(['cputest']));
  });

  it('cputest on a missing file names the file', async () => {
    const missing = join(tmpdir(), 'sun3lab-no-such-dir', 'ADD.l.json.gz');
    const r = await sun3lab(['cputest', missing]);
    expect(expectOneLineError(r)).toContain(missing);
  });

  it('bench with a missing image names the file', async () => {
    const missing = join(tmpdir(), 'sun3lab-no-such-dir', 'work.bin');
    const r = await sun3lab(['bench', '--bin', missing]);
    expect(expectOneLineError(r)).toContain(missing);
  });

  it.each([
    ['cputest', 'x.json.gz', '--show', '-1'],
    ['bench', '--runs', '0'],
    ['bench', '--runs', 'many'],
  ])('rejects bad numbers: %s %s %s %s', async (...args) => {
    expectOneLineError(await sun3lab(args));
  });
});

/** One single-step vector: NOP at 0x1000 in supervisor state. */
function nopVector(finalD0: number) {
  const regs = {
    d: [0, 0, 0, 0, 0, 0, 0, 0],
    a: [0, 0, 0, 0, 0, 0, 0],
    usp: 0x8000,
    ssp: 0x9000,
    sr: 0x2700,
  };
  const ram = [
    [0x1000, 0x4e],
    [0x1001, 0x71],
    [0x1002, 0x4e],
    [0x1003, 0x71],
    [0x1004, 0x4e],
    [0x1005, 0x71],
  ];
  return {
    name: '001 NOP',
    initial: { ...regs, pc: 0x1000, prefetch: [0x4e71, 0x4e71], ram },
    final: { ...regs, d: [finalD0, 0, 0, 0, 0, 0, 0, 0], pc: 0x1002, prefetch: [0x4e71, 0x4e71], ram },
    cycles: 4,
  };
}

describe('sun3lab cputest (needs the CPU core)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sun3lab-cli-'));
    await writeFile(join(dir, 'NOP.json.gz'), gzipSync(JSON.stringify([nopVector(0)])));
    await writeFile(join(dir, 'BAD.json.gz'), gzipSync(JSON.stringify([nopVector(0x1234)])));
  });
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('reports a passing file and the totals', async () => {
    const r = await sun3lab(['cputest', join(dir, 'NOP.json.gz')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('NOP: 1 passed, 0 failed, 0 skipped');
    expect(lines.at(-1)).toBe('1 passed, 0 failed, 0 skipped');
  });

  it('reports failures and exits 1', async () => {
    const r = await sun3lab(['cputest', join(dir, 'NOP.json.gz'), join(dir, 'BAD.json.gz')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('NOP: 1 passed, 0 failed, 0 skipped');
    expect(lines).toContain('BAD: 0 passed, 1 failed, 0 skipped');
    expect(lines.at(-1)).toBe('1 passed, 1 failed, 0 skipped');
  });
});
