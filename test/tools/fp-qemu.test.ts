/**
 * Floating-point programs under qemu-m68k (whose 68881 is emulated in
 * extended precision) and on the emulated Sun-3/60 print the same thing:
 * the linear solver (/tests/linsolve, Gaussian elimination and one step of
 * refinement, every component with 17 digits), the chaotic map of
 * /tests/fpwork (round toward zero at double precision, bits printed), and
 * the libc's conversions against glibc's vectors run under qemu as well.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProgram, ROOT } from '../../emu/tools/build-userland.js';
import { rootImage, runOn } from '../kernel/helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'sun3lab-fp-qemu-'));
const QEMU = execFileSync('sh', ['-c', 'command -v qemu-m68k'], { encoding: 'utf8' }).trim();
const PROGRAMS = ['linsolve', 'fpwork', 'fpconv'];

beforeAll(async () => {
  for (const name of PROGRAMS)
    await compileProgram({
      sources: [join(ROOT, `userland/tests/${name}.c`)],
      out: join(tmp, name),
      target: 'linux',
      includes: [join(ROOT, 'userland/tests')],
      cwd: tmp,
    });
}, 300_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function qemu(args: string[]): { stdout: string; status: number | null } {
  const [prog, ...rest] = args;
  const r = spawnSync(QEMU, [join(tmp, prog!), ...rest], { encoding: 'utf8', timeout: 120_000 });
  return { stdout: r.stdout, status: r.status };
}

describe('floating point: sun3lab and qemu-m68k agree', () => {
  it.each([[['linsolve']], [['linsolve', '30']], [['fpwork', '30000']]])(
    '%j prints the same lines',
    (argv) => {
      const q = qemu(argv);
      const s = runOn(rootImage(), `/tests/${argv[0]}`, argv);
      expect(q.stdout).toMatch(/: PASS \(/);
      expect(s.output).toBe(q.stdout);
      expect(s.status).toBe(0);
    },
  );

  it("the libc's printf and strtod under qemu match glibc on every vector", () => {
    const q = qemu(['fpconv', join(ROOT, 'test/fixtures/fp/vectors.txt')]);
    expect(q.stdout).not.toMatch(/FAIL:/);
    expect(q.stdout).toMatch(/fpconv: PASS/);
  });
});
