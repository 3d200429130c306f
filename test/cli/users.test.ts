/** `sun3lab boot --login`, `boot --user` and `run --user`: who uses the machine. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SHIM } from './spawn.js';

const sun3lab = (input: string, ...args: string[]) =>
  spawnSync('node', [SHIM, ...args], { encoding: 'utf8', input });

describe('users from the command line', () => {
  it('run --user NAME runs the program as NAME, with its options after it', () => {
    const r = sun3lab('', 'run', '--user', 'carol', '/bin/sh', '-c', 'whoami; echo $HOME');
    expect(r.stdout).toBe('carol\n/home/carol\n');
    expect(r.status).toBe(0);
  });

  it('refuses a user the machine does not have, and --login with --user, in one line', () => {
    const r = sun3lab('', 'run', '--user', 'mallory', '/bin/id');
    expect(r.stderr).toBe("sun3lab: --user mallory: no such user in the machine's /etc/passwd\n");
    expect(r.status).toBe(1);
    const b = sun3lab('', 'boot', '--login', '--user', 'bob');
    expect(b.stderr.split('\n').filter((l) => l)).toEqual([expect.stringMatching(/^sun3lab: .*login.*user/)]);
    expect(b.status).toBe(1);
  });

  it('boot --login asks who is there; root gets in with its password', () => {
    const r = sun3lab('root\nsun3lab\nwhoami\n', 'boot', '--login');
    expect(r.stdout).toContain('SunOS UNIX (sun0) (console)\n\nlogin: root\nPassword:\n');
    expect(r.stdout).toContain('# whoami\nroot\n');
    expect(r.status).toBe(0);
  });
});
