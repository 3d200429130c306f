#!/usr/bin/env node
// The `sun3lab` command. It runs emu/cli/main.ts without a build step you
// have to remember: the first time (and whenever a source file changed) it
// compiles the command line and everything it imports into one bundle with
// esbuild (~0.2 s), kept in node_modules/.sun3lab/; later runs load that
// bundle directly, which starts about twice as fast as compiling each
// module on the fly. If the bundle cannot be built, tsx runs the sources.
//
// node_modules/.sun3lab/current.json names the newest bundle and the source
// files it was built from, with their sizes and modification times; a
// bundle is used only while all of them are unchanged. Bundles are built in
// a folder of their own and renamed into place, so that commands started at
// the same moment (as the tests do) never see half a bundle.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.sun3lab');
const CURRENT = join(CACHE, 'current.json');
const ENTRY = join(ROOT, 'emu', 'cli', 'main.ts');
// A lab's worker threads start from their own entry (emu/lab/lab-threads.ts finds it beside the bundle's files).
const WORKER = join(ROOT, 'emu', 'lab', 'lab-worker.ts');
/** How bundles are built; a bundle built otherwise (before source maps, or without the worker's entry) is built again. */
const FORMAT = 3;

// Stack traces name the .ts files and their lines, not the bundle's: the
// bundle has source maps (and a debugger, node --inspect, uses them too;
// docs/debugging.md).
process.setSourceMapsEnabled?.(true);

/** "size mtime" of each input, or null if one is gone. */
function stamps(inputs) {
  try {
    return inputs.map((f) => {
      const s = statSync(join(ROOT, f));
      return `${s.size} ${s.mtimeMs}`;
    });
  } catch {
    return null;
  }
}

/** The bundle's entry file if the newest bundle is still up to date, else null. */
function upToDate() {
  try {
    const current = JSON.parse(readFileSync(CURRENT, 'utf8'));
    if (current.format !== FORMAT) return null;
    const now = stamps(current.inputs);
    if (now === null || now.join('\n') !== current.stamps.join('\n')) return null;
    const entry = join(CACHE, current.dir, 'main.mjs');
    return existsSync(entry) ? entry : null;
  } catch {
    return null;
  }
}

/**
 * Build a new bundle; returns its entry file. It becomes the current one
 * unless a source changed while it was being built (then the next command
 * builds again).
 */
async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const tmp = join(CACHE, `tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const started = Date.now(); // host time, only to compare with file times
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: ENTRY, 'lab-worker': WORKER },
    outdir: tmp,
    // .mjs: Node knows at once that the files are ES modules. A .js file here, below node_modules,
    // belongs to no package, and Node would parse every one of them to guess (a tenth of a second).
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true, // each command's code is loaded only when that command runs
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true, // main.mjs.map beside main.mjs: the .ts files' names and lines
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const marks = stamps(inputs);
  const dir = createHash('sha1')
    .update(inputs.join('\n'))
    .update(marks.join('\n'))
    .update(String(FORMAT))
    .digest('hex')
    .slice(0, 16);
  try {
    renameSync(tmp, join(CACHE, dir));
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another command built the same bundle first
  }
  const settled = inputs.every((f) => statSync(join(ROOT, f)).mtimeMs < started);
  if (settled) {
    const next = `${CURRENT}.${process.pid}`;
    writeFileSync(next, JSON.stringify({ format: FORMAT, dir, inputs, stamps: marks }));
    renameSync(next, CURRENT);
    prune(dir);
  }
  return join(CACHE, dir, 'main.mjs');
}

/** Remove bundles other than `keep` that nobody has built for a day. */
function prune(keep) {
  const day = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(CACHE)) {
    // root-*.img: the decompressed root image, which emu/cli/root-image.ts keeps and replaces.
    if (name === keep || name === 'current.json' || /^root-[0-9a-f]+\.img$/.test(name)) continue;
    const path = join(CACHE, name);
    try {
      if (statSync(path).mtimeMs < day) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

let entry = upToDate();
if (entry === null) {
  try {
    entry = await build();
  } catch {
    entry = null;
  }
}
if (entry !== null) await import(pathToFileURL(entry).href);
else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: join(ROOT, 'tsconfig.json') });
  await import(pathToFileURL(ENTRY).href);
}
