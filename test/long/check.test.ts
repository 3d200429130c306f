/**
 * `sun3lab --check COMMAND` type-checks the project before it runs the
 * command, and does not run it when the checker finds an error. (In the long
 * suite: the type checker takes half a minute or more.)
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { ROOT, SHIM } from '../cli/spawn.js';

it('type-checks, then runs the command', () => {
  const r = spawnSync(process.execPath, [SHIM, '--check', 'run', '/bin/echo', 'checked'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(r.stderr).toContain('sun3lab: type-checking (tsc --noEmit) ...\n');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('checked\n');
}, 600_000);
