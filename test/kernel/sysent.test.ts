import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sysent } from '../../kernel/sysent.js';

describe('docs/syscalls.md and kernel/sysent.ts', () => {
  const doc = readFileSync(new URL('../../docs/syscalls.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| (\d+) \| (\w+) \| ([^|]*)\|/gm)].map((m) => ({
    n: Number(m[1]),
    name: m[2],
    nargs: m[3].trim() === '' ? 0 : m[3].split(',').length,
  }));

  it('list the same calls with the same numbers and argument counts', () => {
    const table = sysent.flatMap((e, n) => (e ? [{ n, name: e.name, nargs: e.nargs }] : []));
    expect(rows).toEqual(table);
  });
});
