/** `halt` and `reboot` typed into `sun3lab boot`: the command ends with status 0 after a halt, and a --disk image keeps what was written, cleanly unmounted. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIM } from './spawn.js';

const run = (input: string, ...args: string[]) =>
  spawnSync('node', [SHIM, ...args], { encoding: 'utf8', input });

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-halt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('halt and reboot at the console of sun3lab boot', () => {
  it('halt: the machine stops, sun3lab exits 0, and the disk is saved clean; reboot boots it again', () => {
    const disk = join(dir, 'd.img');
    const a = run('echo kept > /kept\nhalt\necho not typed\n', 'boot', '--disk', disk);
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/# halt\nsyncing file systems\.\.\. done\nhalted\n$/);
    expect(a.stderr).toMatch(/^stats: /);
    expect(a.stderr.split('\n').filter((l) => l)).toHaveLength(1);
    const f = run('', 'fsck', disk);
    expect(f.stdout).toMatch(/: clean, .* no problems/);
    const b = run('cat /kept\nreboot\ncat /kept\n', 'boot', '--disk', disk);
    expect(b.status).toBe(0);
    expect(b.stdout).toMatch(
      /# cat \/kept\nkept\n# reboot\nsyncing file systems\.\.\. done\nrebooting\.\.\.\n\nSelftest/,
    );
    expect(b.stdout).toMatch(/# cat \/kept\nkept\n# \n$/);
  });
});
