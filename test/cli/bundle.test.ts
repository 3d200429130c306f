/**
 * The `sun3lab` command runs from a bundle of its sources that it builds
 * itself (emu/cli/sun3lab.js): built on first use, reused while no source
 * changes, built again when one does. Tried on a copy of the sources, so
 * that the project's own bundle is left alone.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node, ROOT } from './spawn.js';

let copy: string;
const cache = () => join(copy, 'node_modules', '.sun3lab');
const current = () => JSON.parse(readFileSync(join(cache(), 'current.json'), 'utf8'));
const bundles = () => readdirSync(cache()).filter((n) => n !== 'current.json');

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'sun3lab-bundle-'));
  for (const part of ['emu', 'kernel', 'package.json', 'tsconfig.json'])
    cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  // The packages, one link each, so that the copy's bundle cache is its own.
  mkdirSync(join(copy, 'node_modules'));
  for (const pkg of readdirSync(join(ROOT, 'node_modules')))
    if (!pkg.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', pkg), join(copy, 'node_modules', pkg));
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
