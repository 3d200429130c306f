/**
 * The grader, on the committed warm-up lab (docs/labs/grade/warmup.yaml):
 * the unmodified tree gets the point that needs no change and loses the
 * others with their reasons; the solution gets every point; a partial
 * solution some; a kernel that dies at boot none, each with its reason.
 * The trees are copies of this one with the edits of
 * test/fixtures/grade/warmup-solutions.json.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLab } from '../../emu/grade/grade.js';
import { ROOT, SHIM } from './spawn.js';

const edits = JSON.parse(
  readFileSync(join(ROOT, 'test/fixtures/grade/warmup-solutions.json'), 'utf8'),
) as Record<string, [string, string, string][]>;
const work = mkdtempSync(join(tmpdir(), 'sun3lab-grade-'));
afterAll(() => {
  if (!process.env.KEEP_GRADE_TREES) rmSync(work, { recursive: true, force: true });
});

/** A student's tree: the sources and images of this one, its packages linked, with `changes` made. */
function tree(name: string, changes: [string, string, string][] = []): string {
  const dir = join(work, name);
  for (const part of ['emu', 'kernel', 'images', 'package.json', 'tsconfig.json'])
    cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const pkg of readdirSync(join(ROOT, 'node_modules')))
    if (pkg !== '.sun3lab') symlinkSync(join(ROOT, 'node_modules', pkg), join(dir, 'node_modules', pkg));
  for (const [file, from, to] of changes) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (!text.includes(from)) throw new Error(`${file}: no ${from}`);
    writeFileSync(join(dir, file), text.replace(from, to));
  }
  return dir;
}

function grade(dir: string) {
  return spawnSync(process.execPath, [SHIM, 'grade', 'warmup', '--kernel', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('sun3lab grade warmup', () => {
  it('the lab file is well formed: three checks, five points', () => {
    const lab = loadLab('warmup');
    expect(lab.checks.map((c) => c.points)).toEqual([1, 2, 2]);
  });

  it('an unmodified tree: the point that needs no change, and a reason for each lost one', () => {
    const r = grade(ROOT);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('  [1/1] a program still runs on your kernel\n');
    expect(r.stdout).toContain(
      '  [0/2] uname -r gives the lab\'s release, 4.1.1lab: no line "4.1.1lab" in the output\n',
    );
    expect(r.stdout).toContain(
      '  [0/2] the kernel greets the console at boot, before the shell: no line "hello from the kernel" in the output\n',
    );
    expect(r.stdout).toContain('total: 1/5 points\n');
  });

  it('the solution: every point, exit 0', () => {
    const r = grade(tree('full', edits.full));
    expect(r.stdout).toMatch(/\[1\/1\].*\n.*\[2\/2\].*\n.*\[2\/2\]/);
    expect(r.stdout).toContain('total: 5/5 points\n');
    expect(r.status).toBe(0);
  });

  it('a partial solution: the points of what is right, the reason for the rest', () => {
    const r = grade(tree('partial', edits.partial));
    expect(r.stdout).toContain('[2/2] uname -r');
    expect(r.stdout).toContain(
      '[0/2] the kernel greets the console at boot, before the shell: no line "hello from the kernel"',
    );
    expect(r.stdout).toContain('total: 3/5 points\n');
    expect(r.status).toBe(3);
  });

  it('a kernel that dies at boot: no points, each check saying the machine did not run', () => {
    const r = grade(tree('zero', edits.zero));
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('  ['));
    expect(lines).toHaveLength(3);
    for (const l of lines)
      expect(l).toMatch(
        /^ {2}\[0\/\d\] .*: (the machine did not run to the end|the session did not end cleanly): .*hello from the kernel/,
      );
    expect(r.stdout).toContain('total: 0/5 points\n');
  });

  it('a lab that does not exist, a directory that is no tree: a one-line error, exit 1', () => {
    const a = spawnSync(process.execPath, [SHIM, 'grade', 'nosuchlab'], { cwd: ROOT, encoding: 'utf8' });
    expect(a.status).toBe(1);
    expect(a.stderr).toBe('sun3lab: no lab nosuchlab (the labs with checks: warmup)\n');
    const b = spawnSync(process.execPath, [SHIM, 'grade', 'warmup', '--kernel', work], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(
      /^sun3lab: --kernel .*: not a sun3lab working tree \(no emu\/cli\/sun3lab.js\)\n$/,
    );
  });
});
