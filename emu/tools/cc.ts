// sun3lab cc: compiles your own C (or assembler) program against the sun3lab
// libc and links it as a SunOS ZMAGIC a.out for the Sun-3.
//
//   npx tsx emu/tools/cc.ts -o hello hello.c
//   npx tsx emu/tools/cc.ts --linux -o hello.elf hello.c   # to try it under qemu-m68k
//
// Options: -o OUT (default a.out), --symbols (keep an a.out symbol table),
// --linux (a static Linux/m68k ELF using the Linux system-call layer).

import { pathToFileURL } from 'node:url';
import { CROSS, compileProgram, compilerAvailable } from './build-userland.js';
import { Elf2AoutError } from './elf2aout.js';

const USAGE = 'usage: cc [-o OUT] [--symbols] [--linux] FILE.c|FILE.S...\n';

export async function main(argv: string[]): Promise<number> {
  let out = 'a.out';
  let symbols = false;
  let target: 'sunos' | 'linux' = 'sunos';
  const sources: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-o' && i + 1 < argv.length) out = argv[++i]!;
    else if (a === '--symbols') symbols = true;
    else if (a === '--linux') target = 'linux';
    else if (!a.startsWith('-') && (a.endsWith('.c') || a.endsWith('.S'))) sources.push(a);
    else {
      process.stderr.write(`cc: unknown argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (sources.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!compilerAvailable()) {
    process.stderr.write(
      `cc: the m68k cross compiler (${CROSS}gcc) is not installed.\nInstall it with:  apt-get install gcc-m68k-linux-gnu\n`,
    );
    return 1;
  }
  try {
    await compileProgram({ sources, out, target, symbols, log: (l) => process.stderr.write(`${l}\n`) });
    return 0;
  } catch (e) {
    const msg =
      e instanceof Elf2AoutError ? `elf2aout: ${e.message}` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`cc: ${msg}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
