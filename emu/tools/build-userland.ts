// Builds the sun3lab userland: the libc, crt0 and every program under
// userland/, linked for the SunOS ZMAGIC layout and converted to a.out files
// in images/root/ (bin/, sbin/, usr/bin/, usr/etc/, usr/demo/, tests/, tests/port/), plus userland/etc/ copied to
// images/root/etc/.
//
//   npm run build:userland                 # into images/root
//   tsx emu/tools/build-userland.ts --out DIR
//   tsx emu/tools/build-userland.ts --target linux --out DIR
//
// --target linux builds the same programs as static Linux/m68k ELF files with a
// system-call layer for Linux (userland/lib/libc/linux/) so that they can be
// tried under qemu-m68k before the sun3lab kernel runs them.
//
// Reproducible: sources are compiled in sorted order with no debug info, no
// build id, deterministic archives and relative file names, so the same
// sources give byte-identical files.

import { execFile, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../lab/atomic-write.js';
import { ROOT } from '../root.js';
import { Elf2AoutError, elfToAout } from './elf2aout.js';

const run = promisify(execFile);

/** Tool prefix; SUN3LAB_CROSS overrides it (e.g. for another cross toolchain). */
export const CROSS = process.env.SUN3LAB_CROSS ?? 'm68k-linux-gnu-';
export { ROOT };

/** Compiler flags for every userland source (paths relative to the repository root). */
export const CFLAGS = [
  '-m68020',
  '-m68881',
  '-O2',
  '-ffreestanding',
  '-fno-builtin',
  '-fno-pic',
  '-fno-pie',
  '-nostdinc',
  '-Iuserland/include',
  '-Wall',
  '-ffunction-sections',
  '-fdata-sections',
  '-fno-tree-loop-distribute-patterns',
  '-fno-asynchronous-unwind-tables',
  '-fno-unwind-tables',
  '-fno-stack-protector',
  '-fno-ident',
  '-g0',
];

/** Linker flags (gcc driver); the libc archive and -lgcc follow the objects. */
export const LDFLAGS = [
  '-m68020',
  '-m68881',
  '-static',
  '-nostdlib',
  '-no-pie',
  `-T${join(ROOT, 'userland/lib/sun3-zmagic.ld')}`,
  '-Wl,--build-id=none',
  '-Wl,--gc-sections',
  '-Wl,-z,max-page-size=0x2000',
  '-Wl,-z,noexecstack',
  '-Wl,--no-warn-rwx-segments',
];

/** Program directories under userland/ and where their programs go in the root file system. */
const PROGRAM_DIRS: [string, string][] = [
  ['bin', 'bin'],
  ['sbin', 'sbin'],
  ['usr.bin', 'usr/bin'],
  ['usr.etc', 'usr/etc'],
  ['usr.demo', 'usr/demo'],
  ['tests', 'tests'],
  ['port', 'tests/port'],
];

export interface Program {
  /** Path in the root file system, e.g. "bin/ls". */
  dest: string;
  /** Source files relative to the repository root, sorted. */
  sources: string[];
}

export interface BuildOptions {
  out: string;
  target: 'sunos' | 'linux';
  symbols?: boolean;
  log?: (line: string) => void;
}

export function compilerAvailable(): boolean {
  const r = spawnSync(`${CROSS}gcc`, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

function sortedEntries(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Finds the programs: userland/DIR/NAME.c, or every .c/.S file of userland/DIR/NAME/. */
export function findPrograms(root = ROOT): Program[] {
  const programs: Program[] = [];
  for (const [srcDir, destDir] of PROGRAM_DIRS) {
    const abs = join(root, 'userland', srcDir);
    if (!existsSync(abs)) continue;
    for (const name of sortedEntries(abs)) {
      const p = join(abs, name);
      if (statSync(p).isDirectory()) {
        const sources = sortedEntries(p)
          .filter((f) => f.endsWith('.c') || f.endsWith('.S'))
          .map((f) => relative(root, join(p, f)));
        if (sources.length > 0) programs.push({ dest: `${destDir}/${name}`, sources });
      } else if (name.endsWith('.c')) {
        programs.push({ dest: `${destDir}/${name.slice(0, -2)}`, sources: [relative(root, p)] });
      }
    }
  }
  return programs;
}

function libcSources(target: 'sunos' | 'linux', root = ROOT): string[] {
  const dir = join(root, 'userland/lib/libc');
  const pick = (d: string) =>
    sortedEntries(d)
      .filter((f) => f.endsWith('.c') || f.endsWith('.S'))
      .map((f) => relative(root, join(d, f)));
  // The C library proper, its RPC library (rpc/) and the RPC services' XDR (rpcsvc/), then the system calls.
  return [...pick(dir), ...pick(join(dir, 'rpc')), ...pick(join(dir, 'rpcsvc')), ...pick(join(dir, target))];
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Runs a cross tool (in the repository root unless `cwd` says otherwise);
 * returns what it printed on stderr (warnings). A failure is a ToolError
 * with the tool's own messages.
 */
export async function tool(name: string, args: string[], cwd = ROOT): Promise<string> {
  try {
    const r = await run(`${CROSS}${name}`, args, { cwd, maxBuffer: 16 << 20 });
    return r.stderr;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new ToolError(`${name} ${args.join(' ')}`, err.stderr || err.message);
  }
}

/** A cross tool failed: what was run, and what it said (a compiler's diagnostics). */
export class ToolError extends Error {
  constructor(
    readonly command: string,
    readonly output: string,
  ) {
    super(`${command}\n${output}`);
  }
}

function objectName(src: string): string {
  return `${src.replace(/[/.]/g, '_')}.o`;
}

export interface Toolchain {
  tmp: string;
  cflags: string[];
  jobs: number;
  log: (line: string) => void;
  target: 'sunos' | 'linux';
  /** Where the compiler runs (the repository root, where the paths in cflags are relative to). */
  cwd: string;
}

export function toolchain(tmp: string, target: 'sunos' | 'linux', log: (line: string) => void): Toolchain {
  const cflags = [...CFLAGS, `-ffile-prefix-map=${ROOT}=.`, `-ffile-prefix-map=${tmp}=build`];
  if (target === 'linux') cflags.push('-DSUN3LAB_LINUX');
  return { tmp, cflags, jobs: Math.max(1, availableParallelism()), log, target, cwd: ROOT };
}

/** Compiles sources (paths relative to tc.cwd, or absolute) into tc.tmp. */
async function compile(tc: Toolchain, sources: string[]): Promise<void> {
  await pool(sources, tc.jobs, async (src) => {
    const warnings = await tool(
      'gcc',
      [...tc.cflags, '-c', src, '-o', join(tc.tmp, objectName(src))],
      tc.cwd,
    );
    if (warnings.trim() !== '') tc.log(warnings.trimEnd());
  });
}

/** The libc's sources for a target (paths relative to the repository root, in build order). */
export function libcSourcesOf(target: 'sunos' | 'linux'): string[] {
  return libcSources(target);
}

/** The maths library's sources (userland/lib/libm, linked with -lm), relative to the repository root. */
export function libmSources(root = ROOT): string[] {
  const dir = join(root, 'userland/lib/libm');
  if (!existsSync(dir)) return [];
  return sortedEntries(dir)
    .filter((f) => f.endsWith('.c') || f.endsWith('.S'))
    .map((f) => relative(root, join(dir, f)));
}

/** The libc, built: its startup object and its archive, and libm.a beside it (what -lm finds). */
export interface BuiltLibc {
  crt0: string;
  archive: string;
  libm: string;
}

/** Builds crt0, libc.a and libm.a into tc.tmp; returns their paths. */
export async function buildLibc(tc: Toolchain): Promise<BuiltLibc> {
  const libc = libcSources(tc.target).filter((s) => !s.endsWith('/crt0.S'));
  const libm = libmSources();
  await compile(tc, ['userland/lib/libc/crt0.S', ...libc, ...libm]);
  const archive = join(tc.tmp, 'libc.a');
  await tool('ar', ['rcsD', archive, ...libc.map((s) => join(tc.tmp, objectName(s)))]);
  const libmArchive = join(tc.tmp, 'libm.a');
  await tool('ar', ['rcsD', libmArchive, ...libm.map((s) => join(tc.tmp, objectName(s)))]);
  return { crt0: join(tc.tmp, objectName('userland/lib/libc/crt0.S')), archive, libm: libmArchive };
}

/** What a link takes besides the program's own sources: objects and archives, and -L/-l (sun3lab cc). */
export interface LinkExtras {
  /** .o and .a files, in the order given. */
  inputs?: string[];
  /** Library directories (-L) and libraries (-l), searched before the libc. */
  libdirs?: string[];
  libs?: string[];
  /** Keep the linked ELF (with its symbols and debugging information) in this file too. */
  keepElf?: string;
  /** Link libm whether or not -lm was given (the system's own programs). */
  withLibm?: boolean;
}

/** Links compiled sources with crt0, libc and libgcc and writes the program to dest (a.out, or ELF for linux). */
async function linkProgram(
  tc: Toolchain,
  lib: BuiltLibc,
  sources: string[],
  dest: string,
  symbols = false,
  extras: LinkExtras = {},
): Promise<void> {
  const elf = join(tc.tmp, `${objectName(dest)}.elf`);
  await tool(
    'gcc',
    [
      ...LDFLAGS,
      lib.crt0,
      ...sources.map((s) => join(tc.tmp, objectName(s))),
      ...(extras.inputs ?? []),
      ...(extras.libdirs ?? []).map((d) => `-L${d}`),
      `-L${dirname(lib.libm)}`, // -lm: the libm.a built beside the libc
      ...(extras.libs ?? []).map((l) => `-l${l}`),
      ...(extras.withLibm ? [lib.libm] : []),
      lib.archive,
      '-lgcc',
      '-o',
      elf,
    ],
    tc.cwd,
  );
  mkdirSync(dirname(dest), { recursive: true });
  if (extras.keepElf) copyFileSync(elf, extras.keepElf);
  if (tc.target === 'linux') copyFileSync(elf, dest);
  else writeFileAtomic(dest, elfToAout(new Uint8Array(readFileSync(elf)), { symbols }), { mode: 0o755 });
  chmodSync(dest, 0o755);
}

/** Builds everything; returns the root-relative paths written under opts.out, sorted. */
export async function buildUserland(opts: BuildOptions): Promise<string[]> {
  const log = opts.log ?? (() => {});
  const out = resolve(opts.out);
  const tmp = mkdtempSync(join(tmpdir(), 'sun3lab-userland-'));
  const tc = toolchain(tmp, opts.target, log);
  const written: string[] = [];
  try {
    const programs = findPrograms();
    log(`compiling the libc and ${programs.length} programs`);
    const lib = await buildLibc(tc);
    await compile(
      tc,
      programs.flatMap((p) => p.sources),
    );
    await pool(programs, tc.jobs, async (p) => {
      await linkProgram(tc, lib, p.sources, join(out, p.dest), opts.symbols, { withLibm: true });
      written.push(p.dest);
    });

    // configuration files
    const etc = join(ROOT, 'userland/etc');
    if (existsSync(etc)) {
      for (const name of sortedEntries(etc)) {
        const src = join(etc, name);
        if (!statSync(src).isFile()) continue;
        const dest = join(out, 'etc', name);
        mkdirSync(dirname(dest), { recursive: true });
        copyFileSync(src, dest);
        chmodSync(dest, 0o644);
        written.push(`etc/${name}`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  written.sort();
  log(`wrote ${written.length} files under ${relative(process.cwd(), out) || '.'}`);
  return written;
}

/** How `sun3lab cc` compiles a program of your own. */
export interface CompileOptions {
  /** .c, .S and .s files to compile; .o and .a files to link as they are. */
  sources: string[];
  out: string;
  target?: 'sunos' | 'linux';
  symbols?: boolean;
  log?: (line: string) => void;
  /** Optimization (-O0 ... -O2, -Os); the libc is always -O2. Default the userland's -O2 (sun3lab cc passes -O0 unless -O is given). */
  optimize?: string;
  /** -g: debugging information, and the linked ELF kept as OUT.dbg beside the program. */
  debug?: boolean;
  /** -I and -D, in order, ahead of the libc's headers. */
  includes?: string[];
  defines?: string[];
  libdirs?: string[];
  libs?: string[];
  /** More compiler flags of the user's (-W..., -std=..., -f...). */
  extraCflags?: string[];
  /** -c: compile only, each source to an object (out: the object, for one source). */
  compileOnly?: boolean;
  /** The directory the user's paths are relative to (default: the current one). */
  cwd?: string;
  /** The libc to link with (sun3lab cc's cache); built into the temporary directory if not given. */
  libc?: (tc: Toolchain) => Promise<BuiltLibc>;
}

/**
 * Compiles one program of your own (C or assembler sources, anywhere)
 * against the sun3lab libc and writes it to `out`: `sun3lab cc` in a
 * function. The program is compiled where the user is (diagnostics name
 * the files as given) with the same flags as the userland, the user's -O,
 * -g, -I and -D, and linked exactly as the image build links its programs.
 */
export async function compileProgram(opts: CompileOptions): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'sun3lab-cc-'));
  const target = opts.target ?? 'sunos';
  const log = opts.log ?? (() => {});
  const cwd = resolve(opts.cwd ?? process.cwd());
  const tc = toolchain(tmp, target, log);
  try {
    const user: Toolchain = { ...tc, cwd, cflags: userCflags(tc.cflags, opts) };
    const isObject = (s: string) => s.endsWith('.o') || s.endsWith('.a');
    const sources = opts.sources.filter((s) => !isObject(s));
    if (opts.compileOnly) {
      await compile(user, sources);
      for (const s of sources) {
        const dest = sources.length === 1 && opts.out ? resolve(cwd, opts.out) : resolve(cwd, objectOf(s));
        copyFileSync(join(tmp, objectName(s)), dest);
      }
      return;
    }
    const lib = opts.libc ? await opts.libc(tc) : await buildLibc(tc);
    await compile(user, sources);
    const out = resolve(cwd, opts.out);
    await linkProgram(user, lib, sources, out, opts.symbols, {
      inputs: opts.sources.filter(isObject).map((s) => resolve(cwd, s)),
      libdirs: (opts.libdirs ?? []).map((d) => resolve(cwd, d)),
      libs: opts.libs,
      keepElf: opts.debug ? `${out}.dbg` : undefined,
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The object a source compiles to under -c: its name in the current directory, with .o. */
function objectOf(src: string): string {
  const base = src.slice(src.lastIndexOf('/') + 1);
  return `${base.slice(0, base.lastIndexOf('.'))}.o`;
}

/**
 * The userland's flags for a user's program: absolute paths for the libc's
 * headers (the compiler runs in the user's directory), no prefix maps (a
 * debugger should find the user's files), the user's optimization and -g,
 * and their -I, -D and other flags ahead of the libc's headers.
 */
function userCflags(base: string[], opts: CompileOptions): string[] {
  const out: string[] = [];
  for (const f of base) {
    if (f === '-O2') out.push(opts.optimize ?? '-O2');
    else if (f === '-Iuserland/include') {
      out.push(...(opts.includes ?? []).map((d) => `-I${d}`));
      out.push(`-I${join(ROOT, 'userland/include')}`);
    } else if (f === '-g0') out.push(opts.debug ? '-g' : '-g0');
    else if (!f.startsWith('-ffile-prefix-map=')) out.push(f);
  }
  out.push(...(opts.defines ?? []).map((d) => `-D${d}`), ...(opts.extraCflags ?? []));
  return out;
}

async function main(argv: string[]): Promise<number> {
  let out = join(ROOT, 'images/root');
  let target: 'sunos' | 'linux' = 'sunos';
  let symbols = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out' && i + 1 < argv.length) out = resolve(argv[++i]!);
    else if (a === '--target' && (argv[i + 1] === 'sunos' || argv[i + 1] === 'linux'))
      target = argv[++i] as 'sunos' | 'linux';
    else if (a === '--symbols') symbols = true;
    else {
      process.stderr.write(
        `build-userland: unknown argument ${a}\nusage: build-userland [--out DIR] [--target sunos|linux] [--symbols]\n`,
      );
      return 2;
    }
  }
  if (!compilerAvailable()) {
    process.stderr.write(
      `build-userland: the m68k cross compiler (${CROSS}gcc) is not installed.\n` +
        'Install it with:  apt-get install gcc-m68k-linux-gnu\n',
    );
    return 1;
  }
  try {
    await buildUserland({ out, target, symbols, log: (l) => process.stdout.write(`${l}\n`) });
    return 0;
  } catch (e) {
    const msg =
      e instanceof Elf2AoutError ? `elf2aout: ${e.message}` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`build-userland: ${msg}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
