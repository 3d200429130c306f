// sun3lab cc: compiles your own C (or assembler) program against the sun3lab
// libc and links it as a SunOS ZMAGIC a.out for the Sun-3, from any
// directory:
//
//   sun3lab cc [-o OUT] [-O|-O0|-O1|-O2|-Os] [-g] [-c] [-I DIR] [-D NAME[=VALUE]]
//              [-U NAME] [-L DIR] [-l LIB] [-W...] [-std=...] [-f...] FILE.c|.S|.s|.o|.a ...
//   sun3lab cc --linux -o hello.elf hello.c     # a Linux/m68k ELF, to try it under qemu-m68k
//
// The libc it links with is built once and kept in the user's cache
// directory (libc-cache.ts). -g keeps the linked ELF, with its symbols and
// debugging information at the a.out's addresses, as OUT.dbg. --symbols
// keeps an a.out symbol table in the program itself.

import { pathToFileURL } from 'node:url';
import { CROSS, compileProgram, compilerAvailable, ToolError } from './build-userland.js';
import { Elf2AoutError } from './elf2aout.js';
import { cachedLibc } from './libc-cache.js';

const USAGE =
  'usage: sun3lab cc [-o out] [-O2] [-g] [-c] [-I dir] [-D name[=value]] [-L dir] [-l lib] [--linux] [--symbols] files.c files.S';

/** What the command line asked for, or a one-line complaint. */
export interface CcArgs {
  out?: string;
  sources: string[];
  optimize?: string;
  debug: boolean;
  compileOnly: boolean;
  includes: string[];
  defines: string[];
  libdirs: string[];
  libs: string[];
  extraCflags: string[];
  target: 'sunos' | 'linux';
  symbols: boolean;
}

/** Parse cc's arguments, as Unix cc takes them (-Idir or -I dir, -Dname, -lm ...). */
export function parseCcArgs(argv: string[]): CcArgs | string {
  const a: CcArgs = {
    sources: [],
    debug: false,
    compileOnly: false,
    includes: [],
    defines: [],
    libdirs: [],
    libs: [],
    extraCflags: [],
    target: 'sunos',
    symbols: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // An option with a value, glued (-Idir) or apart (-I dir).
    const value = (flag: string): string | null => {
      if (arg.length > flag.length) return arg.slice(flag.length);
      if (i + 1 >= argv.length) return null;
      return argv[++i];
    };
    const withValue: [string, (v: string) => void][] = [
      ['-o', (v) => (a.out = v)],
      ['-I', (v) => a.includes.push(v)],
      ['-D', (v) => a.defines.push(v)],
      ['-U', (v) => a.extraCflags.push(`-U${v}`)],
      ['-L', (v) => a.libdirs.push(v)],
      ['-l', (v) => a.libs.push(v)],
    ];
    const opt = withValue.find(([f]) => arg.startsWith(f));
    if (opt && !arg.startsWith('--')) {
      const v = value(opt[0]);
      if (v === null || v === '') return `${opt[0]} needs a value`;
      opt[1](v);
    } else if (/^-O[0-3s]?$/.test(arg)) a.optimize = arg === '-O' ? '-O1' : arg;
    else if (arg === '-g') a.debug = true;
    else if (arg === '-c') a.compileOnly = true;
    else if (arg === '--linux') a.target = 'linux';
    else if (arg === '--symbols') a.symbols = true;
    else if (/^-(W|std=|f|pedantic|ansi)/.test(arg) && !arg.startsWith('-Wl,')) a.extraCflags.push(arg);
    else if (!arg.startsWith('-') && /\.(c|S|s|o|a)$/.test(arg)) a.sources.push(arg);
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else return `${arg}: not a C (.c), assembler (.S, .s), object (.o) or library (.a) file`;
  }
  if (a.sources.length === 0) return 'no input files';
  if (a.compileOnly && a.out && a.sources.length > 1) return '-o with -c takes one source file';
  return a;
}

/** The compiler is missing: how to install it, on one line. */
export function missingCompiler(): string {
  return `the m68k cross compiler (${CROSS}gcc) is not installed; install it with: apt-get install gcc-m68k-linux-gnu`;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const a = parseCcArgs(argv);
  if (typeof a === 'string') {
    process.stderr.write(`sun3lab cc: ${a}\n${USAGE}\n`);
    return 2;
  }
  if (!compilerAvailable()) {
    process.stderr.write(`sun3lab cc: ${missingCompiler()}\n`);
    return 1;
  }
  try {
    await compileProgram({
      sources: a.sources,
      out: a.out ?? (a.compileOnly ? '' : 'a.out'),
      target: a.target,
      symbols: a.symbols,
      optimize: a.optimize ?? '-O0', // as cc without -O
      debug: a.debug,
      compileOnly: a.compileOnly,
      includes: a.includes,
      defines: a.defines,
      libdirs: a.libdirs,
      libs: a.libs,
      extraCflags: a.extraCflags,
      libc: (tc) => cachedLibc(tc),
      log: (l) => process.stderr.write(`${l}\n`),
    });
    return 0;
  } catch (e) {
    if (e instanceof ToolError) {
      // The compiler's or the linker's own messages say what is wrong.
      process.stderr.write(e.output.endsWith('\n') ? e.output : `${e.output}\n`);
      return 1;
    }
    const msg =
      e instanceof Elf2AoutError ? `elf2aout: ${e.message}` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`sun3lab cc: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
