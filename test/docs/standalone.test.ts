/**
 * The project's docs and sources stand alone: they cite the project's own
 * pages (docs/machine.md, docs/userland.md ...), never documents kept
 * outside the repository (the team's reference folder beside it, or its
 * hardware and design notes by name).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const DIRS = ['README.md', 'docs', 'emu', 'kernel', 'userland', 'test', 'bench'];
const TEXT = /\.(ts|md|c|h|S|s|mjs|js|json)$/;
// Spelled in pieces so that this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\./sha', 'red/', '|sun3-hard', 'ware\\.md', '|design (?:§|\\.md)'].join(''));

function* files(path: string): Generator<string> {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isFile()) {
    if (TEXT.test(path)) yield path;
    return;
  }
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    yield* files(join(path, name));
  }
}

describe('the docs and sources stand alone', () => {
  it('no file cites a document outside the repository', () => {
    const cites: string[] = [];
    for (const d of DIRS)
      for (const f of files(join(ROOT, d))) {
        readFileSync(f, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (OUTSIDE.test(line)) cites.push(`${f.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`);
          });
      }
    expect(cites).toEqual([]);
  });
});
