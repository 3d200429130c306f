import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('build-userland without a cross compiler', () => {
  it('says how to install it and exits 1', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'emu/tools/build-userland.ts', '--out', '/nonexistent'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, SUN3LAB_CROSS: 'sun3lab-no-such-compiler-' },
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('apt-get install gcc-m68k-linux-gnu');
  });

  it('rejects an unknown argument with exit status 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'emu/tools/build-userland.ts', '--bogus'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});
