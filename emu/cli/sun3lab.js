#!/usr/bin/env node
// The `sun3lab` command. It runs emu/cli/main.ts without a build step you
// have to remember: the first time (and whenever a source file changed) it
// compiles the command line and everything it imports into one bundle with
// esbuild (~0.2 s), kept in node_modules/.sun3lab/; later runs load that
// bundle directly, which starts about twice as fast as compiling each
// module on the fly. If the bundle cannot be built, tsx runs the sources.
//
// The bundle is one CommonJS script (main.cjs), compiled through vm.Script
// with V8's code cache: the first run of a command keeps the compiled code
// of what it ran beside the bundle (codeCacheFile), and later runs start
// from that code instead of compiling the bundle again (Node 20 has no
// code cache for ES modules). A cache V8 rejects (another V8, other flags,
// damaged) is ignored and written again; one that cannot be written (a
// read-only install) is simply not kept. docs/performance.md#start-up.
//
// `sun3lab lab` with its default-like options starts from a start-up
// snapshot of Node holding the lab booted to its prompts, once one has been
// made (in the background, after the first such run): see labSnapshot().
//
// node_modules/.sun3lab/current.json names the newest bundle and the source
// files it was built from, with their sizes and modification times; a
// bundle is used only while all of them are unchanged. Bundles are built in
// a folder of their own and renamed into place, so that commands started at
// the same moment (as the tests do) never see half a bundle.
import { isAscii } from 'node:buffer';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  fstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { isatty } from 'node:tty';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.sun3lab');
const CURRENT = join(CACHE, 'current.json');
const ENTRY = join(ROOT, 'emu', 'cli', 'main.ts');
// A lab's worker threads start from their own entry (emu/lab/lab-threads.ts finds it beside the bundle's files).
const WORKER = join(ROOT, 'emu', 'lab', 'lab-worker.ts');
/** How bundles are built; a bundle built otherwise (before source maps, without the worker's entry, as ES modules) is built again. */
const FORMAT = 4;

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
    const entry = join(CACHE, current.dir, 'main.cjs');
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
  const common = {
    absWorkingDir: ROOT,
    outdir: tmp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true, // main.cjs.map beside main.cjs: the .ts files' names and lines
    metafile: true,
    logLevel: 'silent',
  };
  const [script, worker] = await Promise.all([
    // The command: one script, so that V8 can keep its compiled code (run()). Modules that
    // are imported lazily stay lazy: esbuild starts each only when it is first imported.
    esbuild.build({
      ...common,
      entryPoints: { main: ENTRY },
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      // yargs and blessed are bundled (blessed so that the lab's start-up snapshot holds it loaded; term.js and
      // pty.js are for a widget of it the lab never uses). The others are CommonJS packages, loaded by require.
      external: ['vega', 'vega-lite', 'yaml', '@xterm/headless', 'esbuild', 'tsx', 'term.js', 'pty.js'],
      supported: { 'dynamic-import': false }, // import() of a package becomes require()
      define: { 'import.meta.url': '__sun3lab_url' }, // a parameter of the script's function (run())
    }),
    // A lab's worker threads start from lab-worker.mjs (emu/lab/lab-threads.ts finds it beside main.cjs).
    esbuild.build({
      ...common,
      entryPoints: { 'lab-worker': WORKER },
      // .mjs: Node knows at once that the files are ES modules. A .js file here, below node_modules,
      // belongs to no package, and Node would parse every one of them to guess (a tenth of a second).
      outExtension: { '.js': '.mjs' },
      splitting: true,
      format: 'esm',
      packages: 'external',
    }),
  ]);
  const inputs = [
    ...new Set([...Object.keys(script.metafile.inputs), ...Object.keys(worker.metafile.inputs)]),
  ];
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
  return join(CACHE, dir, 'main.cjs');
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

/**
 * Where V8's compiled code for the bundle `bytes` (the file `file`) is kept.
 * It is named by a digest of the bundle and of Node's options (V8 refuses
 * code compiled under other flags, --cpu-prof or --inspect for example),
 * the Node version (each has its own V8) and the machine, so that a cache
 * is never offered to another bundle; and by the command, since each runs
 * its own part of the bundle (`run` never compiles the lab's screen).
 */
function codeCacheFile(file, bytes) {
  const digest = bundleDigest(bytes);
  // The first command that works makes the cache its command then uses: `lab --help` must not make lab's.
  const args = process.argv.slice(2);
  const command = args.some((a) => a === '--help' || a === '-h' || a === '--version')
    ? 'help'
    : /^[a-z][a-z-]{0,19}$/.test(args[0] ?? '')
      ? args[0]
      : 'other';
  return `${file}.${command}.${digest}-${process.version}-${process.arch}.cache`;
}

/** A digest of the bundle's bytes and of Node's options (V8 refuses code, and snapshots, made under other flags). */
function bundleDigest(bytes) {
  return createHash('sha1')
    .update(bytes)
    .update(`\0${process.execArgv.join('\0')}\0${process.env.NODE_OPTIONS ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}

// ---------------------------------------------------------------- the lab's start-up snapshot

/** How snapshots are made; one made otherwise is not used. */
const SNAPSHOT_FORMAT = 1;
const SNAPSHOT_ENTRY = join(ROOT, 'emu', 'cli', 'lab-snapshot-entry.cjs');
/** Options of `sun3lab lab` that shape the boot: a snapshot is made for each set of values. */
const BOOT_OPTIONS = new Set([
  '--machines',
  '--mem',
  '--console-baud',
  '--seed',
  '--cpu',
  '--timing',
  '--threads',
]);
/** Options that only change how the lab is watched or when it ends (with a value, and without). */
const VIEW_OPTIONS = new Set(['--events', '--timeout']);
const VIEW_FLAGS = new Set(['--fast', '--headless']);

/**
 * The options that shape the boot, if `args` asks for a lab a snapshot can
 * hold: `sun3lab lab` with no script, files, links or scenario, on one
 * thread, with its input from a person (a terminal) or known to be empty
 * (/dev/null, an empty file). Other input (a pipe) is typed as it comes,
 * perhaps during the boot, so such a lab boots here. Else null.
 */
function labBootOptions(args) {
  if (args[0] !== 'lab' || process.env.SUN3LAB_NO_SNAPSHOT) return null;
  const boot = [];
  for (let i = 1; i < args.length; i++) {
    const eq = args[i].indexOf('=');
    const name = eq < 0 ? args[i] : args[i].slice(0, eq);
    let value = eq < 0 ? undefined : args[i].slice(eq + 1);
    if (VIEW_FLAGS.has(name)) {
      if (value !== undefined) return null;
      continue;
    }
    if (!BOOT_OPTIONS.has(name) && !VIEW_OPTIONS.has(name)) return null;
    if (value === undefined) {
      value = args[++i];
      if (value === undefined || value.startsWith('-')) return null;
    }
    if (name === '--threads' && value !== '1') return null; // workers cannot be in a snapshot
    if (BOOT_OPTIONS.has(name)) boot.push(name, value);
  }
  return inputFromPerson() ? boot : null;
}

/** Is the standard input a terminal, /dev/null or an empty file? (emu/cli/lab-command.ts asks the same.) */
function inputFromPerson() {
  try {
    if (isatty(0)) return true;
    const s = fstatSync(0);
    return (s.isFile() && s.size === 0) || (s.isCharacterDevice() && s.rdev === statSync('/dev/null').rdev);
  } catch {
    return false;
  }
}

/**
 * Where the snapshot for the bundle `bytes` (the file `file`) and the boot
 * options `boot` is kept, beside the bundle: named by everything the boot
 * depends on, so that a snapshot is used only where it is the boot that
 * would happen: the bundle (its place too: the heap holds paths found
 * from it) and Node's options, Node's version, the root
 * image, the options, the environment the emulator reads (SUN3LAB_*) and
 * how snapshots are made.
 */
function snapshotFile(file, bytes, boot) {
  // The committed image by its bytes (1 MB compressed: 3 ms); an uncompressed one (16 MB) by its size and time.
  const image = [
    (() => {
      try {
        const st = statSync(join(ROOT, 'images', 'root.img'));
        return `${st.size} ${st.mtimeMs}`;
      } catch {
        return '-';
      }
    })(),
    (() => {
      try {
        return createHash('sha1')
          .update(readFileSync(join(ROOT, 'images', 'root.img.gz')))
          .digest('hex');
      } catch {
        return '-';
      }
    })(),
  ];
  // The environment the emulator reads (SUN3LAB_CPU, the default engine; X_NOIC, a timing experiment).
  const env = Object.keys(process.env)
    .filter((k) => (k.startsWith('SUN3LAB_') && !k.startsWith('SUN3LAB_SNAPSHOT_')) || k === 'X_NOIC')
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  const entry = statSync(SNAPSHOT_ENTRY);
  const key = createHash('sha1')
    .update(
      [
        file,
        bundleDigest(bytes),
        ...image,
        ...env,
        `${entry.size} ${entry.mtimeMs}`,
        SNAPSHOT_FORMAT,
        ...boot,
      ].join('\0'),
    )
    .digest('hex')
    .slice(0, 16);
  return `${file}.lab-${key}-${process.version}-${process.arch}.blob`;
}

/**
 * Start the command from the snapshot `blob` in a Node of its own, with
 * this process's terminal; resolves to its exit status, or null if the
 * snapshot did not start (damaged: it is removed, and the command runs
 * here). What the child writes to standard error is held until it has
 * started, so a snapshot V8 refuses leaves no trace.
 */
function resume(blob, args) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...process.execArgv, '--snapshot-blob', blob, ...args], {
      stdio: ['inherit', 'inherit', 'pipe', 'pipe'],
      env: { ...process.env, SUN3LAB_SNAPSHOT_READY_FD: '3' },
    });
    let started = false;
    let held = [];
    child.stdio[3].on('data', () => {
      started = true;
      for (const b of held) process.stderr.write(b);
      held = [];
    });
    child.stdio[3].on('error', () => {});
    child.stderr.on('data', (b) => (started ? process.stderr.write(b) : held.push(b)));
    // ^C at the terminal reaches both processes: the command decides; other signals are passed on.
    const ignore = () => {};
    const pass = (signal) => child.kill(signal);
    process.on('SIGINT', ignore);
    for (const s of ['SIGTERM', 'SIGHUP']) process.on(s, pass);
    child.on('error', () => {});
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore);
      for (const s of ['SIGTERM', 'SIGHUP']) process.off(s, pass);
      if (!started) {
        rmSync(blob, { force: true });
        done(null);
      } else if (signal !== null) {
        process.kill(process.pid, signal);
      } else done(code ?? 1);
    });
  });
}

/**
 * Make the snapshot `blob` in the background (a Node started with
 * --build-snapshot runs the bundle `file` with `sun3lab lab` and the boot
 * options), written beside and renamed into place; the other snapshots of
 * the bundle are removed. Once at a time (a lock file beside); nothing,
 * without a word, if the folder cannot be written. Returns whether it
 * started making it.
 */
function makeSnapshot(file, blob, boot) {
  const lock = `${blob}.making`;
  try {
    if (Date.now() - statSync(lock).mtimeMs < 10 * 60 * 1000) return false; // another command is making it
  } catch {
    // none
  }
  try {
    writeFileSync(lock, String(process.pid));
    const dir = dirname(file);
    for (const f of readdirSync(dir))
      if (/\.lab-[0-9a-f]+-.*\.blob$/.test(f) && join(dir, f) !== blob) rmSync(join(dir, f), { force: true });
  } catch {
    return false;
  }
  const tmp = `${blob}.${process.pid}`;
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      '"$@" && mv -f "$SUN3LAB_SNAPSHOT_TMP" "$SUN3LAB_SNAPSHOT_BLOB"; rm -f "$SUN3LAB_SNAPSHOT_TMP" "$SUN3LAB_SNAPSHOT_LOCK"',
      'sh',
      process.execPath,
      ...process.execArgv,
      '--snapshot-blob',
      tmp,
      '--build-snapshot',
      SNAPSHOT_ENTRY,
    ],
    {
      detached: true,
      stdio: 'ignore',
      env: {
        ...process.env,
        SUN3LAB_SNAPSHOT_MAIN: file,
        SUN3LAB_SNAPSHOT_ARGS: JSON.stringify(['lab', ...boot]),
        SUN3LAB_SNAPSHOT_TMP: tmp,
        SUN3LAB_SNAPSHOT_BLOB: blob,
        SUN3LAB_SNAPSHOT_LOCK: lock,
      },
    },
  );
  child.on('error', () => rmSync(lock, { force: true }));
  child.unref();
  return true;
}

/**
 * `sun3lab lab` that a snapshot can hold: start from the snapshot if there
 * is one (resolves to the exit status), else make one in the background
 * once this command has ended (resolves to null: run the command here).
 */
async function labSnapshot(file, bytes) {
  const args = process.argv.slice(2);
  const boot = labBootOptions(args);
  if (boot === null) return null;
  const blob = snapshotFile(file, bytes, boot);
  // SUN3LAB_SNAPSHOT_TRACE=1: say what was done with the snapshot (tests, and people wondering).
  const trace = (what) =>
    process.env.SUN3LAB_SNAPSHOT_TRACE && process.stderr.write(`sun3lab: snapshot ${what}\n`);
  if (existsSync(blob)) {
    const status = await resume(blob, args);
    if (status !== null) {
      const cpu = process.cpuUsage();
      trace(`used: ${blob} (this process: ${Math.round((cpu.user + cpu.system) / 1000)} ms of CPU)`);
      return status;
    }
    trace(`did not start, removed: ${blob}`);
  }
  process.once('exit', () => trace(makeSnapshot(file, blob, boot) ? `being made: ${blob}` : 'not made'));
  return null;
}

/**
 * Run the bundle `file` as Node runs a CommonJS module, but compiled with
 * the code V8 kept from an earlier run. When there was none (or V8 rejected
 * it), the code compiled by this run is kept at its end, so that it covers
 * the functions the command ran, not only the bundle's top level.
 */
async function run(file) {
  const bytes = readFileSync(file);
  const status = await labSnapshot(file, bytes);
  if (status !== null) {
    process.exitCode = status;
    return;
  }
  // esbuild escapes what is not ASCII in the code, not in comments: decoding ASCII as Latin-1 is a copy,
  // as UTF-8 a scan (5-10 ms).
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const cacheFile = codeCacheFile(file, bytes);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // none yet
  }
  // The wrapper is the line before the bundle's first line (lineOffset): lines and columns in stacks and
  // source maps stay the bundle's, and the bundle's "use strict" stays the function's first statement.
  const params = 'exports, require, module, __filename, __dirname, __sun3lab_url';
  const script = new Script(`(function (${params}) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    cachedData,
  });
  // Kept after a command that worked (one that failed at once, a mistyped one, ran little of the bundle).
  if (cachedData === undefined || script.cachedDataRejected === true)
    process.once('exit', (status) => {
      if (status === 0) keepCode(script, cacheFile);
    });
  mapStacks(file);
  const module = { exports: {}, filename: file, id: file };
  const url = pathToFileURL(file).href;
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), url);
}

/**
 * Stack frames in the bundle name the .ts files and their lines. Node maps
 * the frames of the modules it loads itself, not those of a vm.Script, so
 * the bundle's frames are mapped here, through main.cjs.map; the map (4 MB)
 * is read only when a stack that needs it is first shown.
 */
function mapStacks(file) {
  let map; // undefined: not read yet; null: unreadable
  const sourceMap = () => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {
        map = null;
      }
    }
    return map;
  };
  const frame = (site) => {
    const text = `    at ${site}`;
    if (site.getFileName() !== file || sourceMap() === null) return text;
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    const e = map.findEntry(line - 1, column - 1);
    if (e?.originalSource === undefined) return text;
    const source = e.originalSource.startsWith('file:')
      ? fileURLToPath(e.originalSource)
      : resolve(dirname(file), e.originalSource);
    return text.replace(
      `${file}:${line}:${column}`,
      `${source}:${e.originalLine + 1}:${e.originalColumn + 1}`,
    );
  };
  Error.prepareStackTrace = (error, sites) => {
    let head;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = '<error>';
    }
    return [head, ...sites.map(frame)].join('\n');
  };
}

/** Write the code cache beside and rename it into place; any failure (a read-only install) only means compiling again next time. */
function keepCode(script, cacheFile) {
  const tmp = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    rmSync(tmp, { force: true });
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
if (entry !== null) await run(entry);
else {
  // Stack traces name the .ts files and their lines (the bundle maps its own frames: mapStacks).
  process.setSourceMapsEnabled?.(true);
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: join(ROOT, 'tsconfig.json') });
  await import(pathToFileURL(ENTRY).href);
}
