/**
 * A student's loop on one disk: a program from the host, copied in by
 * `run --disk`, is kept where /etc/rc does not clean (the user's home, or
 * /usr/local/bin for root) and runs again at the next boot of that disk;
 * and `npm link` gives a `sun3lab` command that works from any directory.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SHIM } from './spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-loop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sun3lab(args: string[], input = '', cwd = dir) {
  return spawnSync(process.execPath, [SHIM, ...args], { cwd, input, encoding: 'utf8' });
}

describe('a program copied in with run survives the next boot of the disk', () => {
  it('root: /usr/local/bin; --user alice: /home/alice, hers; both run again after a boot', () => {
    // Any a.out of the machine stands for the student's program: the machine's echo, renamed.
    copyFileSync(join(ROOT, 'images/root/bin/echo'), join(dir, 'hello'));
    expect(sun3lab(['run', '--disk', 'my.img', './hello', 'first']).stdout).toBe('first\n');
    expect(sun3lab(['run', '--disk', 'my.img', '--user', 'alice', './hello', 'hers']).stdout).toBe('hers\n');
    const r = sun3lab(
      ['boot', '--disk', 'my.img'],
      'ls -l /usr/local/bin/hello /home/alice/hello\n/usr/local/bin/hello again\n/home/alice/hello and again\n',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/-rwxr-xr-x +1 root +\d+ .* \/usr\/local\/bin\/hello\n/);
    expect(r.stdout).toMatch(/-rwxr-xr-x +1 alice +\d+ .* \/home\/alice\/hello\n/);
    expect(r.stdout).toContain('# /usr/local/bin/hello again\nagain\n');
    expect(r.stdout).toContain('# /home/alice/hello and again\nand again\n');
  });
});

describe('npm link', () => {
  it('gives a sun3lab command that works from any directory', () => {
    const prefix = join(dir, 'prefix');
    const link = spawnSync('npm', ['link', '--no-audit', '--no-fund', '--offline'], {
      cwd: ROOT,
      env: { ...process.env, npm_config_prefix: prefix },
      encoding: 'utf8',
    });
    expect(link.status, link.stderr).toBe(0);
    const r = spawnSync(join(prefix, 'bin', 'sun3lab'), ['run', '/bin/echo', 'from', 'elsewhere'], {
      cwd: tmpdir(),
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('from elsewhere\n');
  });
});
