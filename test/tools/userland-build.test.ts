import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUserland, ROOT } from '../../emu/tools/build-userland.js';
import { M_68020, PAGSIZ, parseAout, ZMAGIC } from '../../emu/tools/elf2aout.js';

// Needs m68k-linux-gnu-gcc/binutils and qemu-m68k.
//  - The committed images/root/ files are exactly what the sources build
//    (byte for byte: the build is reproducible).
//  - The same programs, built with the Linux system-call layer, pass their
//    own tests under qemu-m68k; the shell runs a script.

const tmp = mkdtempSync(join(tmpdir(), 'sun3lab-userland-test-'));
const sunos = join(tmp, 'sunos');
const linux = join(tmp, 'linux');
let built: string[] = [];

beforeAll(async () => {
  built = await buildUserland({ out: sunos, target: 'sunos' });
  await buildUserland({ out: linux, target: 'linux' });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(p).isDirectory() ? listFiles(p, rel) : [rel];
    });
}

describe('the userland build', () => {
  it('builds init, the shell, the commands and the tests', () => {
    for (const f of [
      'sbin/init',
      'bin/sh',
      'bin/ls',
      'bin/cat',
      'bin/uname',
      'tests/libc',
      'etc/motd',
      'etc/rc',
      'etc/passwd',
    ]) {
      expect(built).toContain(f);
    }
  });

  it('matches the committed images/root byte for byte', () => {
    const committed = join(ROOT, 'images/root');
    const differ: string[] = [];
    for (const f of built) {
      const want = join(committed, f);
      if (!existsSync(want) || !readFileSync(want).equals(readFileSync(join(sunos, f)))) differ.push(f);
    }
    expect(differ, 'run `npm run build:userland` and commit images/root').toEqual([]);
    // and nothing stale is left in the directories the build owns
    const owned = ['bin', 'sbin', 'usr/bin', 'tests', 'etc'];
    const stale = listFiles(committed).filter(
      (f) => owned.some((d) => f.startsWith(`${d}/`)) && !built.includes(f),
    );
    expect(stale).toEqual([]);
  });

  it('is reproducible', async () => {
    const again = join(tmp, 'again');
    await buildUserland({ out: again, target: 'sunos' });
    for (const f of built)
      expect(readFileSync(join(again, f)).equals(readFileSync(join(sunos, f))), f).toBe(true);
  });

  it('writes ZMAGIC 68020 executables that start at 0x2020 with crt0', () => {
    for (const f of built.filter((n) => !n.startsWith('etc/'))) {
      const r = parseAout(new Uint8Array(readFileSync(join(sunos, f))));
      expect(r.ok, f).toBe(true);
      if (!r.ok) continue;
      expect(r.aout.magic).toBe(ZMAGIC);
      expect(r.aout.machtype).toBe(M_68020);
      expect(r.aout.entry).toBe(0x2020);
      expect(r.aout.a_text % PAGSIZ).toBe(0);
      expect(r.aout.data.addr).toBe(0x20000 + Math.floor((0x2000 + r.aout.a_text - 1) / 0x20000) * 0x20000);
      // crt0: move.l (sp),d0; lea 4(sp),a0
      expect([...r.aout.text.bytes.subarray(0x20, 0x26)]).toEqual([0x20, 0x17, 0x41, 0xef, 0x00, 0x04]);
    }
  });

  it('makes system calls the SunOS way: pea NUMBER; trap #0; bcs cerror', () => {
    const echo = readFileSync(join(sunos, 'bin/echo'));
    // write(2): pea 4 (0x4878 0004), trap #0 (0x4e40), bcs.l (0x65ff)
    const stub = Buffer.from([0x48, 0x78, 0x00, 0x04, 0x4e, 0x40, 0x65, 0xff]);
    expect(echo.indexOf(stub)).toBeGreaterThan(0);
    // disassemble the start with objdump to be sure it decodes as expected
    const text = execFileSync(
      'm68k-linux-gnu-objdump',
      [
        '-D',
        '-b',
        'binary',
        '-m',
        'm68k:68020',
        '--adjust-vma=0x2000',
        '--start-address=0x2020',
        '--stop-address=0x2040',
        join(sunos, 'bin/echo'),
      ],
      { encoding: 'utf8' },
    );
    expect(text).toMatch(/movel %sp@,%d0/);
    expect(text).toMatch(/jsr/);
  });
});

function qemu(args: string[], input?: string) {
  return spawnSync('qemu-m68k', args, {
    cwd: tmp,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: '/bin:/usr/bin', HOME: '/', SUN3LAB_QEMU: which('qemu-m68k'), QEMU_LD_PREFIX: linux },
  });
}

describe('the userland under qemu-m68k (Linux system-call layer)', () => {
  it.each([['libc'], ['fileio'], ['matmul'], ['sieve'], ['grow'], ['forkwait'], ['efault']])(
    'tests/%s passes',
    (name) => {
      const args = name === 'fileio' ? [join(linux, 'tests', name), tmp] : [join(linux, 'tests', name)];
      // SUN3LAB_QEMU needs a path the shim can exec
      const r = spawnSync('qemu-m68k', args, {
        cwd: tmp,
        encoding: 'utf8',
        timeout: 120_000,
        env: { PATH: '/bin:/usr/bin', HOME: '/', SUN3LAB_QEMU: which('qemu-m68k'), QEMU_LD_PREFIX: linux },
      });
      expect(r.stdout).not.toMatch(/^FAIL/m);
      expect(r.stdout).toMatch(new RegExp(`^${name}: PASS`, 'm'));
      expect(r.status).toBe(0);
    },
  );

  it('runs a shell script: quoting, variables, status, pipes, redirections', () => {
    const script = join(tmp, 'script.sh');
    writeFileSync(
      script,
      [
        '# comment line',
        `cd ${tmp}`,
        'echo one \'two  three\' "four $HOME" \\$five six\\ seven',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax
        'X=hello; echo "$X world" ${X}x',
        'false; echo status=$?',
        'true && echo and-ok; false && echo not-printed; false || echo or-ok',
        'echo piped | wc -c',
        'echo redirected > out.txt; echo appended >> out.txt; cat < out.txt',
        'nosuchcmd 2>/dev/null; echo notfound=$?',
        'echo args: $# $1 $2',
        "sh -c 'exit 7'; echo exit7=$?",
        'uname -a',
        'exit 3',
        'echo not reached',
      ].join('\n'),
    );
    const r = spawnSync('qemu-m68k', [join(linux, 'bin/sh'), script, 'A', 'B'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: '/bin', HOME: '/root', SUN3LAB_QEMU: which('qemu-m68k'), QEMU_LD_PREFIX: linux },
    });
    expect(r.stdout.split('\n')).toEqual([
      'one two  three four /root $five six seven',
      'hello world hellox',
      'status=1',
      'and-ok',
      'or-ok',
      '       6',
      'redirected',
      'appended',
      'notfound=127',
      'args: 2 A B',
      'exit7=7',
      expect.stringMatching(/^SunOS \S+ 4\.1\.1 1 sun3$/),
      '',
    ]);
    expect(r.status).toBe(3);
  });

  it('lists a directory with ls -l', () => {
    const r = qemu([join(linux, 'bin/ls'), '-la', join(linux, 'etc')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-rw-r--r-- +1 \S+ +\d+ \w{3} [ \d]\d .+ motd$/m);
    expect(r.stdout).toMatch(/^total \d+$/m);
  });
});

function which(cmd: string): string {
  return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();
}
