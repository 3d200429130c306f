// Builds the sun3lab userland: the libc, crt0 and every program under
// userland/, linked for the SunOS ZMAGIC layout and converted to a.out files
// in images/root/ (bin/, sbin/, usr/bin/, usr/etc/, usr/demo/, tests/), plus userland/etc/ copied to
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
  '-msoft-float',
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
  '-msoft-float',
  '-static',
  '-nostdlib',
  '-no-pie',
  '-Tuserland/lib/sun3-zmagic.ld',
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
];

/**
 * libgcc routines that Debian's m68k libgcc builds for the 68881 (they return
 * floating-point values in fp0), or that are floating point at all: this libc
 * has none, so a program that needs them is refused with a message.
 */
const FLOAT_HELPER =
  /^__(?:(?:add|sub|mul|div|neg|cmp|eq|ne|gt|ge|lt|le|unord)[sdx]f[23]|extend\w+|trunc\w+|fix\w+|float\w+|powi\w+|mul[sdx]c3|div[sdx]c3)$/;

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

/** Runs a cross tool in the repository root; returns what it printed on stderr (warnings). */
async function tool(name: string, args: string[]): Promise<string> {
  try {
    const r = await run(`${CROSS}${name}`, args, { cwd: ROOT, maxBuffer: 16 << 20 });
    return r.stderr;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${name} ${args.join(' ')}\n${err.stderr || err.message}`);
  }
}

function objectName(src: string): string {
  return `${src.replace(/[/.]/g, '_')}.o`;
}

interface Toolchain {
  tmp: string;
  cflags: string[];
  jobs: number;
  log: (line: string) => void;
  target: 'sunos' | 'linux';
}

function toolchain(tmp: string, target: 'sunos' | 'linux', log: (line: string) => void): Toolchain {
  const cflags = [...CFLAGS, `-ffile-prefix-map=${ROOT}=.`, `-ffile-prefix-map=${tmp}=build`];
  if (target === 'linux') cflags.push('-DSUN3LAB_LINUX');
  return { tmp, cflags, jobs: Math.max(1, availableParallelism()), log, target };
}

/** Compiles sources (paths relative to the repository root, or absolute) into tc.tmp. */
async function compile(tc: Toolchain, sources: string[]): Promise<void> {
  await pool(sources, tc.jobs, async (src) => {
    const warnings = await tool('gcc', [...tc.cflags, '-c', src, '-o', join(tc.tmp, objectName(src))]);
    if (warnings.trim() !== '') tc.log(warnings.trimEnd());
  });
}

/** Builds crt0 and libc.a into tc.tmp; returns their paths. */
async function buildLibc(tc: Toolchain): Promise<{ crt0: string; archive: string }> {
  const libc = libcSources(tc.target).filter((s) => !s.endsWith('/crt0.S'));
  await compile(tc, ['userland/lib/libc/crt0.S', ...libc]);
  const archive = join(tc.tmp, 'libc.a');
  await tool('ar', ['rcsD', archive, ...libc.map((s) => join(tc.tmp, objectName(s)))]);
  return { crt0: join(tc.tmp, objectName('userland/lib/libc/crt0.S')), archive };
}

/** Links compiled sources with crt0, libc and libgcc and writes the program to dest (a.out, or ELF for linux). */
async function linkProgram(
  tc: Toolchain,
  lib: { crt0: string; archive: string },
  sources: string[],
  dest: string,
  symbols = false,
): Promise<void> {
  const elf = join(tc.tmp, `${objectName(dest)}.elf`);
  await tool('gcc', [
    ...LDFLAGS,
    lib.crt0,
    ...sources.map((s) => join(tc.tmp, objectName(s))),
    lib.archive,
    '-lgcc',
    '-o',
    elf,
  ]);
  const nm = await run(`${CROSS}nm`, ['--defined-only', elf], { cwd: ROOT, maxBuffer: 16 << 20 });
  const floats = nm.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[2])
    .filter((s): s is string => s !== undefined && FLOAT_HELPER.test(s));
  if (floats.length > 0) {
    throw new Error(
      `${relative(ROOT, dest)}: uses floating point (${floats.join(', ')}); the sun3lab libc and the Debian m68k libgcc provide no soft-float support`,
    );
  }
  mkdirSync(dirname(dest), { recursive: true });
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
      await linkProgram(tc, lib, p.sources, join(out, p.dest), opts.symbols);
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

/**
 * Compiles one program of your own (C or assembler sources, anywhere) against
 * the sun3lab libc and writes it to `out`: `sun3lab cc` in a function.
 */
export async function compileProgram(opts: {
  sources: string[];
  out: string;
  target?: 'sunos' | 'linux';
  symbols?: boolean;
  log?: (line: string) => void;
}): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'sun3lab-cc-'));
  const tc = toolchain(tmp, opts.target ?? 'sunos', opts.log ?? (() => {}));
  try {
    const sources = opts.sources.map((s) => resolve(s));
    const lib = await buildLibc(tc);
    await compile(tc, sources);
    await linkProgram(tc, lib, sources, resolve(opts.out), opts.symbols);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
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
