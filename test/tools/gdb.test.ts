// gdb-multiarch against `sun3lab run --gdb` (docs/debugging.md): a C
// program compiled with `sun3lab cc -g`, its symbols found by gdb through
// the stub (PROG.dbg beside the program); a breakpoint in a C function,
// next and step, a local and a global printed, a backtrace, and on to the
// program's exit status.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { node, SHIM } from '../cli/spawn.js';
import { spawnWithGdb } from '../debug/rsp-client.js';

const work = mkdtempSync(join(tmpdir(), 'sun3lab-gdb-'));
const env = { XDG_CACHE_HOME: join(work, 'cache') };

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const PROGRAM = `#include <stdio.h>
int counter = 7;
int square(int x) {
  int y = x * x;
  counter += y;
  return y;
}
int main(void) {
  int i, total = 0;
  for (i = 0; i < 3; i++) total += square(i);
  printf("total %d counter %d\\n", total, counter);
  return 3;
}
`;

describe('gdb-multiarch', () => {
  it('breaks in a C function, steps, prints a local and a global, backtraces, continues to the exit', async () => {
    writeFileSync(join(work, 'prog.c'), PROGRAM);
    const cc = await node(SHIM, ['cc', '-g', '-o', 'prog', 'prog.c'], { cwd: work, env });
    expect(cc.code, cc.stderr).toBe(0);
    const { child, port, out } = await spawnWithGdb(SHIM, ['run', '--gdb', '0', './prog'], work);
    const exited = new Promise<number | null>((r) => child.on('close', r));
    const commands = [
      'set architecture m68k:68020',
      `target remote 127.0.0.1:${port}`,
      'break square',
      'continue',
      'continue',
      'next',
      'print y',
      'print counter',
      'backtrace',
      'step',
      'print counter',
      'info threads',
      'delete',
      'continue',
    ];
    const gdb = spawnSync('gdb-multiarch', ['-batch', '-nx', ...commands.flatMap((c) => ['-ex', c])], {
      cwd: work,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const text = gdb.stdout + gdb.stderr;
    expect(text).toMatch(/Reading symbols from .*prog\.dbg/); // the stub named the file (qXfer:exec-file)
    expect(text).toMatch(/Breakpoint 1 at 0x[0-9a-f]+: file prog\.c, line 4/);
    expect(text).toMatch(/Breakpoint 1, square \(x=1\) at prog\.c:4/);
    expect(text).toMatch(/^5\s+counter \+= y;/m);
    expect(text).toMatch(/^\$1 = 1$/m); // y, a local
    expect(text).toMatch(/^\$2 = 7$/m); // counter, a global: 7 + 0 so far
    expect(text).toMatch(/#1 +0x[0-9a-f]+ in main \(\) at prog\.c:10/);
    expect(text).toMatch(/^6\s+return y;/m);
    expect(text).toMatch(/^\$3 = 8$/m);
    expect(text).toMatch(/pid 1 prog/); // info threads: the machine's processes
    expect(text).toMatch(/exited with code 03/);
    expect(await exited).toBe(3);
    expect(out.stdout).toContain('total 5 counter 12');
  });
});
