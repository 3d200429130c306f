/**
 * The `sun3lab` command runs from a bundle of its sources that it builds
 * itself (emu/cli/sun3lab.js): built on first use, reused while no source
 * changes, built again when one does. Tried on a copy of the sources, so
 * that the project's own bundle is left alone.
 */

import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySources, node, ROOT } from './spawn.js';

let copy: string;
const cache = () => join(copy, 'node_modules', '.sun3lab');
const current = () => JSON.parse(readFileSync(join(cache(), 'current.json'), 'utf8'));
const bundles = () => readdirSync(cache()).filter((n) => n !== 'current.json');

beforeAll(() => {
  copy = copySources('sun3lab-bundle-');
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

const sun3lab = (args: string[]) => node(join(copy, 'emu/cli/sun3lab.js'), args, { cwd: copy });

describe('the command-line bundle', () => {
  it('is built on first use, from the command line and the emulator and kernel it imports', async () => {
    const r = await sun3lab(['--version']);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const { dir, inputs } = current();
    expect(inputs).toEqual(expect.arrayContaining(['emu/cli/main.ts', 'emu/cpu/cpu.ts', 'kernel/sysent.ts']));
    expect(readdirSync(join(cache(), dir))).toContain('main.cjs');
  });

  it('is reused while no source changes', async () => {
    const before = current();
    await sun3lab(['--version']);
    expect(current()).toEqual(before);
    expect(bundles()).toEqual([before.dir]);
  });

  it('is built again when a source changes, and the change is what runs', async () => {
    const before = current().dir;
    const main = join(copy, 'emu/cli/main.ts');
    const text = readFileSync(main, 'utf8');
    const edited = text.replace(/\.version\(version\)/, ".version(version + '-edited')");
    expect(edited).not.toBe(text);
    writeFileSync(main, edited);
    const past = new Date(Date.now() - 60_000); // settled before the build starts
    utimesSync(main, past, past);
    const r = await sun3lab(['--version']);
    expect(r.stdout.trim()).toMatch(/-edited$/);
    expect(current().dir).not.toBe(before);
  });
});

describe("V8's code cache for the bundle", () => {
  const dir = () => join(cache(), current().dir);
  /** The code caches of command `name` (--version and --help are `help`) in the current bundle's folder. */
  const caches = (name: string) =>
    readdirSync(dir()).filter((n) => n.startsWith(`main.cjs.${name}.`) && n.endsWith('.cache'));
  const only = (name: string) => {
    const found = caches(name);
    expect(found).toHaveLength(1);
    return join(dir(), found[0]);
  };
  /** Identity of a file's contents as written: a rewrite renames a new file into place. */
  const mark = (f: string) => {
    const s = statSync(f);
    return `${s.ino} ${s.mtimeMs} ${s.size}`;
  };
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const works = async () => {
    const r = await sun3lab(['--version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toMatch(new RegExp(`^${version.replace(/\./g, '\\.')}`));
  };

  it('is made by a command that worked, and used (not made again) by the next', async () => {
    for (const f of caches('help')) rmSync(join(dir(), f));
    await works();
    const file = only('help');
    expect(statSync(file).size).toBeGreaterThan(10_000);
    const before = mark(file);
    await works();
    expect(mark(file)).toBe(before); // V8 accepted it: had it refused it, the command would have written a new one
  });

  it('is ignored, and made again, when damaged', async () => {
    const file = only('help');
    const garbage = Buffer.alloc(statSync(file).size, 0x5a);
    writeFileSync(file, garbage);
    await works();
    expect(readFileSync(file).equals(garbage)).toBe(false);
    const remade = mark(file);
    await works();
    expect(mark(file)).toBe(remade);
  });

  it('is ignored, and made again, when it holds code compiled from another source', async () => {
    const file = only('help');
    const stale = new Script('(function () { return 42; })').createCachedData();
    writeFileSync(file, stale);
    await works();
    expect(readFileSync(file).equals(stale)).toBe(false);
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('is skipped without a word when it cannot be written', async () => {
    const file = only('help');
    rmSync(file);
    mkdirSync(file); // a directory where the cache would go: writing it fails, as in a read-only install
    await works();
    expect(statSync(file).isDirectory()).toBe(true);
    expect(readdirSync(dir()).filter((n) => n.includes('.cache.'))).toEqual([]); // no half-written file left
    rmSync(file, { recursive: true });
  });

  it('is named anew when the bundle is edited in place (it is named by the file, not by reading it)', async () => {
    await works(); // the cache of the bundle as built (the test before left none)
    const old = only('help');
    const before = mark(old);
    appendFileSync(join(dir(), 'main.cjs'), '\n// edited by hand\n');
    await works();
    const now = caches('help').map((n) => join(dir(), n));
    expect(now).toHaveLength(2);
    expect(mark(old)).toBe(before); // not offered to the edited bundle, so not refused and written again
    const fresh = now.find((f) => f !== old) as string;
    expect(statSync(fresh).size).toBeGreaterThan(10_000);
    const made = mark(fresh);
    await works();
    expect(mark(fresh)).toBe(made);
  });

  it('is not made by a command that failed', async () => {
    const r = await sun3lab(['no-such-command']);
    expect(r.code).toBe(1);
    expect(caches('no-such-command')).toEqual([]);
    expect(existsSync(join(dir(), 'main.cjs'))).toBe(true);
  });
});

describe("the bundle's stack traces", () => {
  it('name the .ts files and their lines, through the source map', () => {
    const r = spawnSync(
      process.execPath,
      ['--require', join(ROOT, 'test/cli/stack-probe.cjs'), join(copy, 'emu/cli/sun3lab.js'), '--version'],
      { cwd: copy, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Error: probe');
    expect(r.stderr).toMatch(new RegExp(`at main\\S* \\(${copy}/emu/cli/main\\.ts:\\d+:\\d+\\)`));
    expect(r.stderr).not.toContain('main.cjs');
  });
});
