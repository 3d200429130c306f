/**
 * `sun3lab cc` without the cross compiler: its arguments, its one-line
 * error when the compiler is missing, and the key of the libc cache (the
 * compiling itself is in test/tools/cc.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCcArgs } from '../../emu/tools/cc.js';
import { cacheDir, libcKey } from '../../emu/tools/libc-cache.js';
import { node, SHIM } from './spawn.js';

describe('sun3lab cc', () => {
  it('takes the options of a Unix cc, glued or apart', () => {
    const a = parseCcArgs([
      '-O2',
      '-g',
      '-Iinc',
      '-I',
      'inc2',
      '-DX=1',
      '-D',
      'Y',
      '-Lld',
      '-lm',
      '-o',
      'p',
      'a.c',
      'b.S',
    ]);
    expect(a).toMatchObject({
      optimize: '-O2',
      debug: true,
      includes: ['inc', 'inc2'],
      defines: ['X=1', 'Y'],
      libdirs: ['ld'],
      libs: ['m'],
      out: 'p',
      sources: ['a.c', 'b.S'],
      target: 'sunos',
    });
    expect(parseCcArgs(['--linux', '-c', '-Wall', '-std=c99', 'x.c'])).toMatchObject({
      target: 'linux',
      compileOnly: true,
      extraCflags: ['-Wall', '-std=c99'],
    });
    expect(parseCcArgs(['-O', 'x.c', 'lib.a', 'obj.o'])).toMatchObject({
      optimize: '-O1',
      sources: ['x.c', 'lib.a', 'obj.o'],
    });
  });

  it('refuses what it does not know, in one line', () => {
    expect(parseCcArgs([])).toBe('no input files');
    expect(parseCcArgs(['-Q', 'x.c'])).toBe('unknown option -Q');
    expect(parseCcArgs(['x.f'])).toMatch(/^x\.f: not a C/);
    expect(parseCcArgs(['x.c', '-o'])).toBe('-o needs a value');
    expect(parseCcArgs(['-c', '-o', 'x.o', 'a.c', 'b.c'])).toBe('-o with -c takes one source file');
  });

  it('says in one line how to install a missing cross compiler, from any directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-cc-'));
    try {
      const r = await node(SHIM, ['cc', '-o', 'hello', 'hello.c'], {
        cwd: dir,
        env: { SUN3LAB_CROSS: 'no-such-cross-' },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'sun3lab cc: the m68k cross compiler (no-such-cross-gcc) is not installed; install it with: apt-get install gcc-m68k-linux-gnu\n',
      );
      const bad = await node(SHIM, ['cc', '-Q', 'x.c'], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr.split('\n')[0]).toBe('sun3lab cc: unknown option -Q');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is listed by --help', async () => {
    const r = await node(SHIM, ['--help']);
    expect(r.stdout).toMatch(/sun3lab cc/);
  });

  it('keeps the libc in the user cache directory, under a key of the sources and the compiler', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/sun3lab');
    expect(cacheDir({ HOME: '/home/u' })).toMatch(/\.cache\/sun3lab$/);
    const a = libcKey('sunos', 'gcc 12');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(libcKey('sunos', 'gcc 12')).toBe(a);
    expect(libcKey('sunos', 'gcc 13')).not.toBe(a);
    expect(libcKey('linux', 'gcc 12')).not.toBe(a);
  });
});
