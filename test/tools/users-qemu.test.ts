/**
 * The users' libc and programs under qemu-m68k, with Linux's system calls
 * (build-userland --target linux): crypt(3) against the host's vectors, the
 * password and group files, and — where the host lets us, as root — login
 * and su really changing the process's groups, gid and uid through Linux's
 * setgroups, setgid and setuid, before the sun3lab kernel has them.
 *
 * qemu's QEMU_LD_PREFIX makes /etc/passwd mean the built tree's. Nothing
 * here writes under /etc: passwd, which would, is tested on the emulated
 * machine only (test/kernel/users.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUserland, ROOT } from '../../emu/tools/build-userland.js';

const tmp = mkdtempSync(join(tmpdir(), 'sun3lab-users-qemu-'));
const linux = join(tmp, 'linux');
const QEMU = execFileSync('sh', ['-c', 'command -v qemu-m68k'], { encoding: 'utf8' }).trim();
const ROOT_USER = process.getuid?.() === 0;

beforeAll(async () => {
  await buildUserland({ out: linux, target: 'linux' });
  // users other than root must reach the programs, once login or su has made the process theirs
  chmodSync(tmp, 0o755);
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function qemu(args: string[], input = '') {
  const [prog, ...rest] = args;
  return spawnSync(QEMU, [join(linux, prog!), ...rest], {
    cwd: tmp,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: '/bin:/usr/bin', HOME: '/', TERM: 'sun', SUN3LAB_QEMU: QEMU, QEMU_LD_PREFIX: linux },
  });
}

describe('users under qemu-m68k', () => {
  it('crypt matches the host C library on every vector', () => {
    const r = qemu(['tests/crypt', join(ROOT, 'test/fixtures/crypt/vectors.txt')]);
    expect(r.stdout).not.toMatch(/mismatch|FAIL/);
    expect(r.stdout).toMatch(/^crypt: PASS/m);
    expect(r.status).toBe(0);
  });

  it('the password and group files read as on the machine', () => {
    const r = qemu(['tests/accounts']);
    expect(r.stdout).not.toMatch(/^FAIL/m);
    expect(r.stdout).toMatch(/^accounts: PASS/m);
  });

  it('id names a user and the groups login would give', () => {
    expect(qemu(['bin/id', 'bob']).stdout).toBe(
      'uid=1002(bob) gid=100(students) groups=100(students),101(project)\n',
    );
    expect(qemu(['bin/id', 'nosuch']).stderr).toBe('id: nosuch: no such user\n');
  });

  it.skipIf(!ROOT_USER)('su and login -f change groups, gid and uid through the kernel', () => {
    const su = qemu(['bin/su', 'alice', '-c', 'id; whoami; echo $HOME $USER']);
    expect(su.stdout).toBe(
      'uid=1001(alice) gid=100(students) groups=100(students),101(project)\nalice\n/home/alice alice\n',
    );
    // -p keeps SUN3LAB_QEMU, which the host needs to start the shell; qemu
    // does not apply its prefix to chdir, so login says there is no /home/carol
    const login = qemu(['bin/login', '-p', '-f', 'carol'], 'id\necho $USER $SHELL\n');
    expect(login.stdout).toContain('Welcome.'); // /etc/motd
    expect(login.stdout).toContain('uid=1003(carol) gid=100(students) groups=100(students)\ncarol /bin/sh\n');
  });

  it.skipIf(!ROOT_USER)('login checks the password (read from standard input without a terminal)', () => {
    const wrong = qemu(['bin/login', '-p', 'bob'], 'not-it\n');
    expect(wrong.stdout).toContain('Login incorrect\nlogin: ');
    expect(wrong.status).toBe(0); // end of input at the second "login:"
    const right = qemu(['bin/login', '-p', 'bob'], 'bob123\n');
    expect(right.stdout).not.toContain('Login incorrect');
    expect(right.stdout).toContain('Welcome.');
    expect(right.status).toBe(0);
  });
});
