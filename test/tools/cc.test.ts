// `sun3lab cc` with the cross compiler (needs m68k-linux-gnu-gcc):
//  - from a directory outside the repository, hello.c becomes an a.out that
//    runs on a machine; the libc is built once into $XDG_CACHE_HOME/sun3lab
//    and reused (the next compilation is quick and rebuilds nothing);
//  - -g keeps PROG.dbg, an ELF with the a.out's addresses; -c, -I, -D, -L,
//    -l, -O2 do what a Unix cc does; a compile error is the compiler's;
//  - the porting suite, compiled with sun3lab cc and put on a machine's
//    disk, prints what test/kernel/port-cases.ts says.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installFile } from '../../emu/lab/disk.js';
import { parseAout } from '../../emu/tools/elf2aout.js';
import { node, ROOT, SHIM } from '../cli/spawn.js';
import { bootConsole, rootImage, runOn } from '../kernel/helpers.js';
import { PORT_MEMORY_MB, runPortCases } from '../kernel/port-cases.js';

const work = mkdtempSync(join(tmpdir(), 'sun3lab-cc-'));
const cache = join(work, 'cache');
const env = { XDG_CACHE_HOME: cache };
const cc = (args: string[], cwd = work) => node(SHIM, ['cc', ...args], { cwd, env });

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('sun3lab cc', () => {
  it('compiles hello.c from any directory, and caches the libc', async () => {
    writeFileSync(
      join(work, 'hello.c'),
      '#include <stdio.h>\nint main(void) { printf("hello, world\\n"); return 0; }\n',
    );
    const first = await cc(['-o', 'hello', 'hello.c']);
    expect(first.stderr).toMatch(/building the libc/);
    expect(first.code).toBe(0);
    const entries = readdirSync(join(cache, 'sun3lab'));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^libc-sunos-[0-9a-f]{16}$/);
    const archive = join(cache, 'sun3lab', entries[0], 'libc.a');
    const built = statSync(archive).mtimeMs;
    const t = performance.now();
    const again = await cc(['hello.c']);
    const ms = performance.now() - t;
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(statSync(archive).mtimeMs).toBe(built);
    expect(ms).toBeLessThan(5000); // about a second on a slow host; the libc build takes far longer
    expect(parseAout(new Uint8Array(readFileSync(join(work, 'a.out'))))).not.toBeTypeOf('string');
    const img = rootImage();
    installFile(img, '/tmp/hello', new Uint8Array(readFileSync(join(work, 'hello'))), 0o755);
    const run = runOn(img, '/tmp/hello', ['hello']);
    expect(run.output).toBe('hello, world\n');
  });

  it('works when the cache cannot be written (the libc is then built for the one compilation)', async () => {
    const blocked = join(work, 'not-a-directory');
    writeFileSync(blocked, '');
    const r = await node(SHIM, ['cc', '-o', 'hello2', 'hello.c'], {
      cwd: work,
      env: { XDG_CACHE_HOME: blocked },
    });
    expect(r.code).toBe(0);
    expect(statSync(join(work, 'hello2')).size).toBeGreaterThan(0);
  });

  it('-g keeps PROG.dbg, an ELF at the a.out addresses', async () => {
    const r = await cc(['-g', '-O2', '-o', 'hello', 'hello.c']);
    expect(r.code).toBe(0);
    const elf = readFileSync(join(work, 'hello.dbg'));
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    const nm = spawnSync('m68k-linux-gnu-nm', [join(work, 'hello.dbg')], { encoding: 'utf8' });
    const main = /^([0-9a-f]+) T main$/m.exec(nm.stdout);
    expect(main).not.toBeNull();
    const addr = Number.parseInt(main?.[1] ?? '0', 16);
    // The a.out's text at main's address is the ELF's.
    const aout = readFileSync(join(work, 'hello'));
    const text = join(work, 'text.bin');
    spawnSync('m68k-linux-gnu-objcopy', [
      '-O',
      'binary',
      '--only-section=.text',
      join(work, 'hello.dbg'),
      text,
    ]);
    const sections = spawnSync('m68k-linux-gnu-readelf', ['-S', '-W', join(work, 'hello.dbg')], {
      encoding: 'utf8',
    });
    const vma = Number.parseInt(/\.text\s+PROGBITS\s+([0-9a-f]+)/.exec(sections.stdout)?.[1] ?? '0', 16);
    const elfBytes = readFileSync(text).subarray(addr - vma, addr - vma + 16);
    expect(elfBytes.length).toBe(16);
    expect(aout.subarray(addr - 0x2000, addr - 0x2000 + 16)).toEqual(elfBytes);
    const dwarf = spawnSync('m68k-linux-gnu-readelf', ['-S', join(work, 'hello.dbg')], { encoding: 'utf8' });
    expect(dwarf.stdout).toMatch(/\.debug_info/);
  });

  it("takes -c, -I, -D, -L and -l as cc does; an error is the compiler's", async () => {
    mkdirSync(join(work, 'inc'), { recursive: true });
    mkdirSync(join(work, 'lib'), { recursive: true });
    writeFileSync(join(work, 'inc/greet.h'), 'int greet(const char *who);\n');
    writeFileSync(
      join(work, 'greet.c'),
      '#include <stdio.h>\n#include "greet.h"\nint greet(const char *who) { return printf("hi %s, %d\\n", who, TIMES); }\n',
    );
    writeFileSync(join(work, 'main.c'), '#include <greet.h>\nint main(void) { greet(NAME); return 0; }\n');
    const c = await cc(['-c', '-Iinc', '-DTIMES=3', 'greet.c']);
    expect(c.code).toBe(0);
    expect(statSync(join(work, 'greet.o')).size).toBeGreaterThan(0);
    expect(spawnSync('m68k-linux-gnu-ar', ['rc', 'lib/libgreet.a', 'greet.o'], { cwd: work }).status).toBe(0);
    const l = await cc(['-I', 'inc', '-DNAME="you"', '-o', 'greeter', 'main.c', '-Llib', '-lgreet']);
    expect(l.stderr).toBe('');
    expect(l.code).toBe(0);
    const img = rootImage();
    installFile(img, '/tmp/greeter', new Uint8Array(readFileSync(join(work, 'greeter'))), 0o755);
    expect(runOn(img, '/tmp/greeter', ['greeter']).output).toBe('hi you, 3\n');
    writeFileSync(join(work, 'bad.c'), 'int main(void) { return nosuch; }\n');
    const bad = await cc(['bad.c']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^bad\.c:1:\d+: error: .nosuch. undeclared/m);
  });

  it("--linux: the mmap family on Linux's calls, under qemu-m68k", async () => {
    const r = await cc(['--linux', '-o', 'mmap-linux', join(ROOT, 'userland/tests/mmap.c')]);
    expect(r.code, r.stderr).toBe(0);
    const run = spawnSync('qemu-m68k', [join(work, 'mmap-linux')], {
      cwd: work,
      encoding: 'utf8',
      timeout: 60_000,
    });
    // Every mapping works as on the machine: shared and private files, anonymous memory across
    // fork, munmap, mprotect, msync, mincore.
    const passed = [...run.stdout.matchAll(/^PASS: (.*)$/gm)].map((m) => m[1]);
    expect(passed).toEqual(
      expect.arrayContaining(['msync', 'munmap', 'mprotect PROT_READ', 'a directory: ENODEV']),
    );
    expect(run.stdout).toMatch(/^PASS: shared anonymous memory: the child's store is seen by the parent$/m);
    expect(run.stdout).toMatch(/^PASS: mincore: touched page in, untouched out$/m);
    // Only errors qemu-user answers itself (it keeps its own map of the guest's pages) may differ.
    const failed = [...run.stdout.matchAll(/^FAIL: (.*)$/gm)].map((m) => m[1]);
    for (const f of failed) expect(f).toMatch(/unmapped range|no such advice|unaligned address/);
  });

  it('builds the porting suite, which runs on a booted machine as the image-built one does', async () => {
    const dir = join(ROOT, 'userland/port');
    const img = rootImage();
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.c'))) {
      const name = f.slice(0, -2);
      const r = await cc(['-o', join(work, `port-${name}`), join(dir, f)]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      installFile(img, `/usr/port/${name}`, new Uint8Array(readFileSync(join(work, `port-${name}`))), 0o755);
    }
    runPortCases(bootConsole(img, [], undefined, PORT_MEMORY_MB), '/usr/port');
  });
});
