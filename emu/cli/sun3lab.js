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
// Node's modules come from process.getBuiltinModule, not `import`: importing node:fs builds an ES-module
// facade of all its exports, which loads its streams (3 ms of a start). Those that only some paths need
// are loaded there: the start of `sun3lab lab` from its snapshot needs child_process and tty, a command
// run here vm and crypto (docs/performance.md#start-up).
const builtin = (id) => process.getBuiltinModule(id);
const {
  existsSync,
  fstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = builtin('node:fs');
const { createRequire, SourceMap } = builtin('node:module');
const { dirname, join, resolve } = builtin('node:path');
const { fileURLToPath, pathToFileURL } = builtin('node:url');

/** The sha1 of `data` (a string or bytes), in hex. */
const sha1 = (data) => builtin('node:crypto').hash('sha1', data, 'hex');

/**
 * A 64-bit digest (FNV-1a) of `text`, as 16 hex digits: what names a code
 * cache or a snapshot after what it was made from. Names are not secrets
 * (whoever can write the folder can write the files), and loading Node's
 * crypto for a sha1 of a few hundred characters took 2-4 ms of a start.
 */
function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++)
    h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.sun3lab');
const CURRENT = join(CACHE, 'current.json');
const ENTRY = join(ROOT, 'emu', 'cli', 'main.ts');
// A lab's worker threads start from their own entry (emu/lab/lab-threads.ts finds it beside the bundle's files).
const WORKER = join(ROOT, 'emu', 'lab', 'lab-worker.ts');
/** How bundles are built; a bundle built otherwise (before source maps, without the worker's entry, as ES modules) is built again. */
const FORMAT = 4;

/** "size mtime" of input `f`: what tells that it changed. */
function stamp(f) {
  // ROOT ends in a slash and the inputs are relative to it: joining with path.join (a normalize each) took half the time.
  const s = statSync(ROOT + f);
  return `${s.size} ${s.mtimeMs}`;
}

/** "size mtime" of each input, or null if one is gone. */
function stamps(inputs) {
  try {
    return inputs.map(stamp);
  } catch {
    return null;
  }
}

/**
 * The newest bundle if it is still up to date (all its inputs as they were
 * when it was built): its entry file and what identifies that file
 * (bundleStamp); else null.
 */
function upToDate() {
  try {
    const current = JSON.parse(readFileSync(CURRENT, 'utf8'));
    if (current.format !== FORMAT || current.inputs.length !== current.stamps.length) return null;
    for (let i = 0; i < current.inputs.length; i++)
      if (stamp(current.inputs[i]) !== current.stamps[i]) return null;
    const entry = join(CACHE, current.dir, 'main.cjs');
    return { entry, stamp: bundleStamp(entry) };
  } catch {
    return null; // no bundle yet, an input gone, or current.json damaged
  }
}

/**
 * What identifies the bundle `file`, for the names of its code cache and
 * snapshots: its path, whose folder is named by a digest of its inputs and
 * their stamps, and the file's inode, size and times. A bundle is never
 * written in place (built in a folder of its own, renamed into place), so
 * this names its bytes as well as a digest of them would, without reading
 * 2 MB on every start; a bundle edited by hand gets a new name.
 */
function bundleStamp(file) {
  const s = fileStamp(file);
  if (s === '-') throw new Error(`${file}: no such bundle`);
  return `${file} ${s}`;
}

/**
 * Build a new bundle; returns its entry file. It becomes the current one
 * unless a source changed while it was being built (then the next command
 * builds again).
 */
async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(CACHE, { recursive: true });
  const tmp = join(CACHE, `tmp-${process.pid}-${builtin('node:crypto').randomBytes(4).toString('hex')}`);
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
  const dir = sha1(`${inputs.join('\n')}${marks.join('\n')}${FORMAT}`).slice(0, 16);
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
  const entry = join(CACHE, dir, 'main.cjs');
  return { entry, stamp: bundleStamp(entry) };
}

/** Remove bundles other than `keep` that nobody has built for a day. */
function prune(keep) {
  const day = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(CACHE)) {
    // root-*.img: the decompressed root image, which emu/cli/root-image.ts keeps and replaces.
    // root.img.gz.sha1: the root image's digest (imageDigest).
    if (
      name === keep ||
      name === 'current.json' ||
      name === 'root.img.gz.sha1' ||
      /^root-[0-9a-f]+\.img$/.test(name)
    )
      continue;
    const path = join(CACHE, name);
    try {
      if (statSync(path).mtimeMs < day) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/**
 * Where V8's compiled code for the bundle `bundle` (upToDate) is kept. It
 * is named by a digest of the bundle (bundleStamp) and of Node's options
 * (V8 refuses code compiled under other flags, --cpu-prof or --inspect for
 * example), the Node version (each has its own V8) and the machine, so that
 * a cache is never offered to another bundle; and by the command, since
 * each runs its own part of the bundle (`run` never compiles the lab's
 * screen).
 */
function codeCacheFile(bundle) {
  const digest = bundleDigest(bundle);
  // The first command that works makes the cache its command then uses: `lab --help` must not make lab's.
  const args = process.argv.slice(2);
  const command = args.some((a) => a === '--help' || a === '-h' || a === '--version')
    ? 'help'
    : /^[a-z][a-z-]{0,19}$/.test(args[0] ?? '')
      ? args[0]
      : 'other';
  return `${bundle.entry}.${command}.${digest}-${process.version}-${process.arch}.cache`;
}

/** A digest of what identifies the bundle and of Node's options (V8 refuses code, and snapshots, made under other flags). */
function bundleDigest(bundle) {
  const options = `${process.execArgv.join('\0')}\0${process.env.NODE_OPTIONS ?? ''}`;
  return fnv1a64(`${bundle.stamp}\0${options}`);
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
    const s = fstatSync(0);
    if (!s.isCharacterDevice()) return s.isFile() && s.size === 0; // a pipe or a socket is neither
    // node:tty only for a device: a lab reading a pipe boots here and never starts a child.
    return s.rdev === statSync('/dev/null').rdev || builtin('node:tty').isatty(0);
  } catch {
    return false;
  }
}

/**
 * Where the snapshot for the bundle `bundle` (upToDate) and the boot
 * options `boot` is kept, beside the bundle: named by everything the boot
 * depends on, so that a snapshot is used only where it is the boot that
 * would happen: the bundle (its place too: the heap holds paths found
 * from it) and Node's options, Node's version, the root image (by its
 * digest), the options, the environment the emulator reads (SUN3LAB_*) and
 * how snapshots are made. Nothing here reads the bundle: at a start from
 * the snapshot, this and a `stat` of each source are all the launcher checks.
 */
function snapshotFile(bundle, boot) {
  // The environment the emulator reads (SUN3LAB_CPU, the default engine; X_NOIC, a timing experiment).
  const env = Object.keys(process.env)
    .filter((k) => (k.startsWith('SUN3LAB_') && !k.startsWith('SUN3LAB_SNAPSHOT_')) || k === 'X_NOIC')
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  const entry = statSync(SNAPSHOT_ENTRY);
  const key = fnv1a64(
    [
      bundle.entry,
      bundleDigest(bundle),
      fileStamp(join(ROOT, 'images', 'root.img')), // used first if there is one (16 MB): by its stamp
      imageDigest(),
      ...env,
      `${entry.size} ${entry.mtimeMs}`,
      SNAPSHOT_FORMAT,
      ...boot,
    ].join('\0'),
  );
  return `${bundle.entry}.lab-${key}-${process.version}-${process.arch}.blob`;
}

/** "inode size mtime ctime" of `file`, or '-' if there is none: any rewrite, copy or touch changes it. */
function fileStamp(file) {
  try {
    const s = statSync(file);
    return `${s.ino} ${s.size} ${s.mtimeMs} ${s.ctimeMs}`;
  } catch {
    return '-';
  }
}

/** Where the digest of images/root.img.gz is kept with the stamp of the file it was taken of. */
const IMAGE_DIGEST = join(CACHE, 'root.img.gz.sha1');

/**
 * The sha1 of images/root.img.gz ('-' if there is none). Hashing it (1 MB)
 * on every start cost 3-5 ms, so the digest is kept in IMAGE_DIGEST with
 * the image's stamp (fileStamp), and taken again only when the stamp
 * changed: a touched image that holds the same bytes keeps its snapshot.
 * Kept only if the image did not change while it was read; written beside
 * and renamed into place; not kept, without a word, where it cannot be
 * written.
 */
function imageDigest() {
  const gz = join(ROOT, 'images', 'root.img.gz');
  const before = fileStamp(gz);
  if (before === '-') return '-';
  try {
    const [stamp, digest] = readFileSync(IMAGE_DIGEST, 'latin1').split('\n');
    if (stamp === before && /^[0-9a-f]{40}$/.test(digest)) return digest;
  } catch {
    // none kept yet
  }
  let digest;
  try {
    digest = sha1(readFileSync(gz));
  } catch {
    return '-';
  }
  if (fileStamp(gz) === before) {
    const tmp = `${IMAGE_DIGEST}.${process.pid}`;
    try {
      mkdirSync(CACHE, { recursive: true });
      writeFileSync(tmp, `${before}\n${digest}\n`);
      renameSync(tmp, IMAGE_DIGEST);
    } catch {
      rmSync(tmp, { force: true });
    }
  }
  return digest;
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
    const { spawn } = builtin('node:child_process');
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
  const child = builtin('node:child_process').spawn(
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
async function labSnapshot(bundle) {
  const args = process.argv.slice(2);
  const boot = labBootOptions(args);
  if (boot === null) return null;
  const blob = snapshotFile(bundle, boot);
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
  process.once('exit', () =>
    trace(makeSnapshot(bundle.entry, blob, boot) ? `being made: ${blob}` : 'not made'),
  );
  return null;
}

/**
 * Run the bundle `bundle` (upToDate) as Node runs a CommonJS module, but
 * compiled with the code V8 kept from an earlier run. When there was none (or V8 rejected
 * it), the code compiled by this run is kept at its end, so that it covers
 * the functions the command ran, not only the bundle's top level.
 */
async function run(bundle) {
  const status = await labSnapshot(bundle);
  if (status !== null) {
    process.exitCode = status;
    return;
  }
  const file = bundle.entry;
  const bytes = readFileSync(file);
  // esbuild escapes what is not ASCII in the code, not in comments: decoding ASCII as Latin-1 is a copy,
  // as UTF-8 a scan (5-10 ms).
  const source = bytes.toString(builtin('node:buffer').isAscii(bytes) ? 'latin1' : 'utf8');
  const cacheFile = codeCacheFile(bundle);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // none yet
  }
  // The wrapper is the line before the bundle's first line (lineOffset): lines and columns in stacks and
  // source maps stay the bundle's, and the bundle's "use strict" stays the function's first statement.
  const params = 'exports, require, module, __filename, __dirname, __sun3lab_url';
  const script = new (builtin('node:vm').Script)(`(function (${params}) {\n${source}\n})`, {
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

let bundle = upToDate();
if (bundle === null) {
  try {
    bundle = await build();
  } catch {
    bundle = null;
  }
}
if (bundle !== null) await run(bundle);
else {
  // Stack traces name the .ts files and their lines (the bundle maps its own frames: mapStacks).
  process.setSourceMapsEnabled?.(true);
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: join(ROOT, 'tsconfig.json') });
  await import(pathToFileURL(ENTRY).href);
}
