/**
 * The stub audit: the libc's system-call stubs (userland/lib/libc/sunos/
 * syscalls.S), the kernel's table (kernel/sysent.ts) and the two pages
 * that describe them (docs/userland.md's table of the calls the libc has
 * stubs for; docs/syscalls.md, which test/kernel/sysent.test.ts holds to
 * the table) must agree, and every stub must be called by a test program —
 * so that a call that only returns ENOSYS, or that no test tries, shows up
 * here instead of in a ported program.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sysent } from '../../kernel/sysent.js';

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

/** SYS_name -> number, from <sys/syscall.h>. */
const numbers = new Map(
  [...read('userland/include/sys/syscall.h').matchAll(/^#define (SYS_\w+) (\d+)/gm)].map((m) => [
    m[1],
    Number(m[2]),
  ]),
);

/** Every stub: its symbol and the call number it traps with. */
function stubs(): { symbol: string; number: number }[] {
  const src = read('userland/lib/libc/sunos/syscalls.S');
  const out: { symbol: string; number: number }[] = [];
  for (const m of src.matchAll(/^SYSCALL\((\w+), (SYS_\w+)\)/gm))
    out.push({ symbol: m[1], number: num(m[2]) });
  // The stubs written out by hand: ENTRY(name) ... pea SYS_x ... END(name).
  for (const m of src.matchAll(/^ENTRY\((\w+)\)([\s\S]*?)^END\(\1\)/gm)) {
    const pea = /pea (SYS_\w+)/.exec(m[2]);
    if (pea && m[1] !== '__sigtramp') out.push({ symbol: m[1], number: num(pea[1]) });
  }
  return out;
}

function num(name: string): number {
  const n = numbers.get(name);
  if (n === undefined) throw new Error(`${name} is not in sys/syscall.h`);
  return n;
}

/**
 * The functions a program calls to reach a stub: the stub itself, or the
 * libc's wrapper around an internal one, or the other value of a
 * two-value call.
 */
const CALLERS: Record<string, string[]> = {
  __sys_brk: ['brk', 'sbrk', 'malloc'],
  __sys_mmap: ['mmap'],
  __sys_getpgrp: ['getpgrp'],
  __sys_sigvec: ['sigvec', 'signal', 'sigaction'],
  syscall: ['syscall'],
};

/** The kernel's name for the call a stub makes. */
const KERNEL_NAME: Record<string, string> = {
  _exit: 'exit',
  __sys_brk: 'brk',
  __sys_mmap: 'mmap',
  __sys_getpgrp: 'getpgrp',
  __sys_sigvec: 'sigvec',
  getppid: 'getpid',
  geteuid: 'getuid',
  getegid: 'getgid',
};

/** The test programs' sources (userland/tests and the porting suite), as one text. */
function testSources(): string {
  return ['userland/tests', 'userland/port']
    .flatMap((d) =>
      readdirSync(new URL(`../../${d}`, import.meta.url))
        .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
        .map((f) => read(`${d}/${f}`)),
    )
    .join('\n');
}

/** The calls that cannot fail: SunOS 4's manual gives them no errors. */
const CANNOT_FAIL = new Set([
  'getpid',
  'getppid',
  'pm_getpid',
  'pm_getppid',
  'getuid',
  'geteuid',
  'getgid',
  'getegid',
  'getpagesize',
  'getdtablesize',
  '__sys_getpgrp',
  'sigblock',
  'sigsetmask',
  'sync',
  'umask',
]);

/** The error names of <errno.h>. */
const ERRNO_NAMES = [...read('userland/include/errno.h').matchAll(/^#define (E[A-Z0-9]+) /gm)].map(
  (m) => m[1],
);

describe('the system-call stubs, the kernel and the documentation', () => {
  const all = stubs();

  it('finds the stubs', () => {
    expect(all.map((s) => s.symbol)).toEqual(
      expect.arrayContaining(['read', 'fork', 'sigreturn', 'setsid', 'uname']),
    );
  });

  it('every stub traps to a call the kernel has, under the same name', () => {
    for (const s of all) {
      if (s.number === 0) continue; // syscall(): the indirect call
      const entry = sysent[s.number];
      expect(entry, `${s.symbol} (call ${s.number})`).toBeDefined();
      expect(entry?.name, s.symbol).toBe(KERNEL_NAME[s.symbol] ?? s.symbol);
    }
  });

  it('every call the kernel has, the libc has a stub for', () => {
    const reached = new Set(all.map((s) => s.number));
    const missing = sysent.flatMap((e, n) => (e && !reached.has(n) ? [`${n} ${e.name}`] : []));
    expect(missing).toEqual([]);
  });

  it("docs/userland.md's table lists exactly the calls the libc has stubs for", () => {
    const doc = read('docs/userland.md');
    const start = doc.indexOf('The calls the libc has stubs for');
    const table = doc.slice(start, doc.indexOf('\n\n', doc.indexOf('| number |', start)));
    const rows = [...table.matchAll(/^\| (\d+) \| (\w+) \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
    const want = [
      ...new Set(
        all.map((s) => (s.number === 0 ? '0 syscall' : `${s.number} ${sysent[s.number]?.name ?? s.symbol}`)),
      ),
    ].sort();
    expect(rows).toEqual(want);
  });

  it('every stub is called by a test program', () => {
    const sources = testSources();
    const untested = all
      .filter(
        (s) => !(CALLERS[s.symbol] ?? [s.symbol]).some((f) => new RegExp(`\\b${f}\\s*\\(`).test(sources)),
      )
      .map((s) => s.symbol);
    expect(untested).toEqual([]);
  });

  it('every stub that can fail has a test that looks at its errno', () => {
    // A statement that calls it, or one of the two after it, reads errno or
    // names an error (`CHECK(dup(99) == -1 && errno == EBADF, ...)`, or
    // `pid = fork(); if (pid < 0) { e = errno; ...`).
    const statements = testSources().split(/;/);
    const error = new RegExp(`\\berrno\\b|\\b(${ERRNO_NAMES.join('|')})\\b`);
    const unchecked = all
      .filter((s) => !CANNOT_FAIL.has(s.symbol))
      .filter((s) => {
        const call = new RegExp(`\\b(${(CALLERS[s.symbol] ?? [s.symbol]).join('|')})\\s*\\(`);
        return !statements.some((st, i) => call.test(st) && error.test(statements.slice(i, i + 3).join(';')));
      })
      .map((s) => s.symbol);
    expect(unchecked).toEqual([]);
  });
});
