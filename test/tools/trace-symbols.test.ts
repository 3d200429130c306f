// The instruction trace of a program built with `sun3lab cc -g` (needs
// m68k-linux-gnu-gcc): `sun3lab run --trace-what instructions ./prog` reads
// the symbols of prog.dbg (emu/trace/symbols.ts) and shows them beside each
// address; the system calls are named at the trap and at the kernel's entry.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elfSymbols } from '../../emu/trace/symbols.js';
import { node, SHIM } from '../cli/spawn.js';

const work = mkdtempSync(join(tmpdir(), 'sun3lab-trace-'));
const env = { XDG_CACHE_HOME: join(work, 'cache') };

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the instruction trace of a program compiled with -g', () => {
  it('names the functions from PROG.dbg', async () => {
    writeFileSync(
      join(work, 'sq.c'),
      '#include <stdio.h>\nint square(int x) { return x * x; }\nint main(void) { printf("%d\\n", square(7)); return 0; }\n',
    );
    expect((await node(SHIM, ['cc', '-g', '-o', 'sq', 'sq.c'], { cwd: work, env })).code).toBe(0);
    const syms = elfSymbols(new Uint8Array(readFileSync(join(work, 'sq.dbg'))));
    expect(syms?.address('main')).toBeGreaterThan(0x2000);
    const r = await node(SHIM, ['run', '--trace', 't.txt', '--trace-what', 'instructions,syscalls', './sq'], {
      cwd: work,
      env,
    });
    expect(r.code).toBe(0);
    const lines = readFileSync(join(work, 't.txt'), 'utf8').split('\n');
    expect(lines.some((l) => / pid 1 [0-9a-f]{8} <main>: link\.w a6,#0$/.test(l))).toBe(true);
    expect(lines.some((l) => / pid 1 [0-9a-f]{8} <square(\+0x[0-9a-f]+)?>: /.test(l))).toBe(true);
    expect(lines.some((l) => / pid 1 [0-9a-f]{8} <write\+0x[0-9a-f]+>: trap #0 {2}; write$/.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => / kernel 0e000480: kernel entry: trap #0: write$/.test(l))).toBe(true);
    expect(lines.some((l) => / 1 write\(1, "49\\n", 3\) = 3 /.test(l))).toBe(true);
  });
});
