/**
 * The `sun3lab` command line.
 *
 * Each subcommand imports the code it drives lazily, inside its handler, so
 * that `--help` and argument errors work even while a part of the emulator is
 * missing or broken. Errors are one line on stderr (`sun3lab: ...`) and exit
 * status 1; no usage dump, no stack trace.
 */
import { readFile } from 'node:fs/promises';
import * as v8 from 'node:v8';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { Engine } from '../cpu/engine.js';
import { rootPath } from '../root.js';
import { cpuOption } from './cpu-option.js';
import { difftestCommand } from './difftest-command.js';
import { disasmCommand } from './disasm-command.js';
import { experimentCommandModule } from './experiment-command.js';
import { fsckCommand, getCommand, lsCommand, mkfsCommand, putCommand } from './fs-commands.js';
import { gradeCommand } from './grade-command.js';
import { labCommandModule } from './lab-command.js';
import { buildingSnapshot } from './lab-snapshot.js';
import { bootCommand, runCommand, statCommand } from './machine-commands.js';
import { checkThreads, threadsOption } from './threads-option.js';

/** An error meant for the user: printed as one line, no stack trace. */
class UsageError extends Error {}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

function complain(message: string): void {
  process.stderr.write(`sun3lab: ${oneLine(message)}\n`);
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'EISDIR') return 'is a directory';
    return err.message;
  }
  return String(err);
}

/** Fails with a one-line error naming `path` unless it is a regular file no larger than `max` (`why`: the limit). */
async function checkInputFile(path: string, max: number, why: string): Promise<void> {
  const { checkRegularFile } = await import('../lab/host-file.js');
  checkRegularFile(path, { max, why });
}

interface CputestArgs {
  files: string[];
  show: number;
  verbose: boolean;
  cpu: Engine;
}

async function cputest(args: CputestArgs): Promise<number> {
  // Check every file first: a typo in the last name should not cost a full run.
  const { MAX_VECTOR_BYTES, VECTOR_LIMIT, runVectorFile, vectorFileName } = await import(
    '../cpu/singlestep.js'
  );
  for (const file of args.files) await checkInputFile(file, MAX_VECTOR_BYTES, VECTOR_LIMIT);

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let broken = 0;
  const skips = new Map<string, number>();
  for (const file of args.files) {
    let r: Awaited<ReturnType<typeof runVectorFile>>;
    try {
      r = await runVectorFile(file, { verbose: args.verbose, maxFailuresShown: args.show, engine: args.cpu });
    } catch (err) {
      complain(`${file}: ${describeError(err)}`);
      broken++;
      continue;
    }
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
    for (const [why, n] of r.skips) skips.set(why, (skips.get(why) ?? 0) + n);
    console.log(`${vectorFileName(file)}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
    const shown = r.failures.slice(0, args.show);
    for (const message of shown) console.log(`  ${message}`);
    if (r.failed > shown.length && shown.length > 0) console.log(`  ... and ${r.failed - shown.length} more`);
  }
  if (skips.size > 0) {
    console.log('skipped, by reason:');
    for (const [why, n] of [...skips].sort((x, y) => y[1] - x[1]))
      console.log(`  ${String(n).padStart(6)}  ${why}`);
  }
  if (broken > 0) console.log(`${broken} file${broken === 1 ? '' : 's'} could not be read`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 || broken > 0 ? 1 : 0;
}

interface BenchArgs {
  bin?: string;
  runs: number;
  cpu?: Engine;
  musashi?: string;
  booted: boolean;
}

async function bench(args: BenchArgs): Promise<number> {
  const { BENCH_LIMIT, BENCH_MAX_IMAGE, runBench } = await import('../cpu/bench.js');
  const { ENGINES } = await import('../cpu/engine.js');
  if (args.bin !== undefined) await checkInputFile(args.bin, BENCH_MAX_IMAGE, BENCH_LIMIT);
  const musashi = args.musashi ?? process.env.SUN3LAB_MUSASHI;
  if (musashi !== undefined) await checkInputFile(musashi, Number.MAX_SAFE_INTEGER, 'any size');
  const engines = args.cpu === undefined ? ENGINES : [args.cpu];
  const outcome = await runBench({ bin: args.bin, runs: args.runs, engines, musashi });
  for (const line of outcome.lines) console.log(line);
  if (outcome.error !== undefined) {
    complain(outcome.error);
    return 1;
  }
  if (args.booted && args.bin === undefined) {
    const { bootedBench } = await import('./booted-bench.js');
    for (const line of await bootedBench(engines, Math.min(args.runs, 3))) console.log(line);
  }
  return 0;
}

function isCount(v: unknown, min: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

async function main(argv: string[]): Promise<number> {
  const version = JSON.parse(await readFile(rootPath('package.json'), 'utf8')).version;
  let status = 0;
  const setStatus = (s: number): void => {
    status = s;
  };
  const run =
    <T>(command: (args: T) => Promise<number>) =>
    async (args: T): Promise<void> => {
      status = await command(args);
    };

  const cli = yargs(argv)
    .scriptName('sun3lab')
    .usage('$0 <command> [options]\n\nA lab of emulated Sun-3 workstations.')
    .command(
      'cputest <files..>',
      "Run 68000 single-step test vectors (gzip'd JSON) against the CPU core",
      (y) =>
        cpuOption(y)
          .positional('files', {
            describe: 'vector files, e.g. test/fixtures/cpu/m68000/*.json.gz',
            type: 'string',
            array: true,
            demandOption: true,
            default: undefined,
          })
          .option('show', {
            describe: 'failures to show per file',
            type: 'number',
            default: 5,
            requiresArg: true,
          })
          .option('verbose', { alias: 'v', describe: 'report every test', type: 'boolean', default: false })
          .check((a) => {
            if (!isCount(a.show, 0)) throw new UsageError('--show must be a whole number (0 or more)');
            return true;
          }),
      run((a) => cputest({ files: a.files, show: a.show, verbose: a.verbose, cpu: a.cpu })),
    )
    .command(
      'bench',
      'Run the CPU benchmark workload and report MIPS',
      (y) =>
        y
          .option('bin', {
            describe: 'flat 68020 image to load at 0x1000 (default: test/bench/work.bin)',
            type: 'string',
            requiresArg: true,
          })
          .option('runs', {
            describe: 'timed runs of each after one warm-up run, taken in turn; best and median are reported',
            type: 'number',
            default: 5,
            requiresArg: true,
          })
          .option('cpu', {
            describe: 'time only this CPU engine (default: both, and their ratio)',
            choices: ['interp', 'jit'] as Engine[],
            requiresArg: true,
          })
          .option('musashi', {
            describe: 'a built Musashi harness (musashi-bench) to time beside them (or $SUN3LAB_MUSASHI)',
            type: 'string',
            requiresArg: true,
          })
          .option('booted', {
            describe: 'also time a booted machine running /tests/matmul (--no-booted: skip)',
            type: 'boolean',
            default: true,
          })
          .check((a) => {
            if (!isCount(a.runs, 1)) throw new UsageError('--runs must be a whole number (1 or more)');
            return true;
          }),
      run((a) => bench({ bin: a.bin, runs: a.runs, cpu: a.cpu, musashi: a.musashi, booted: a.booted })),
    )
    .command(
      'bench-lab',
      'Measure host time per emulated second for labs of 1 to 100 machines, idle and computing',
      (y) =>
        threadsOption(cpuOption(y))
          .option('seconds', {
            describe: 'emulated seconds to measure each idle lab',
            type: 'number',
            default: 30,
            requiresArg: true,
          })
          .option('cases', {
            describe: "only the cases whose names contain one of these words ('idle,computing', '16')",
            type: 'string',
            requiresArg: true,
          }),
      run(async (a: { seconds: number; cpu: Engine; threads: number; cases?: string }) => {
        if (!(a.seconds > 0 && a.seconds <= 600)) throw new UsageError('--seconds must be from 0 to 600');
        const threads = checkThreads(a.threads);
        const words = a.cases?.split(',').map((w) => w.trim());
        const { runLabBench, formatLabBench } = await import('../lab/bench.js');
        const { rootImage } = await import('./root-image.js');
        runLabBench(
          await rootImage(),
          (c) => console.log(formatLabBench(c)),
          a.seconds,
          a.cpu,
          threads,
          words && ((name) => words.some((w) => name.includes(w))),
        );
        return 0;
      }),
    )
    .command(
      'cc [args..]',
      'Compile a C program for sun3lab: cc [-o out] [-O2] [-g] [-I dir] [-D name[=value]] [-L dir] [-l lib] files.c files.S',
      (y) => y.strict(false),
      // Handled before yargs (its options are cc's, -O2 and -Idir); this entry is for --help.
      run(async () => 0),
    )
    .command(disasmCommand)
    .command(difftestCommand(setStatus))
    .command(bootCommand(setStatus))
    .command(runCommand(setStatus))
    .command(statCommand(setStatus))
    .command(labCommandModule(setStatus))
    .command(experimentCommandModule(setStatus))
    .command(mkfsCommand(setStatus))
    .command(fsckCommand(setStatus))
    .command(putCommand(setStatus))
    .command(getCommand(setStatus))
    .command(lsCommand(setStatus))
    .command(gradeCommand(setStatus))
    .demandCommand(1, 'no command given (try sun3lab --help)')
    .epilogue(
      'sun3lab --check COMMAND ... (or npm run dev -- COMMAND ...) type-checks the project first, ' +
        'and runs COMMAND only if it finds no error: use it after changing the kernel.',
    )
    .strict()
    .strictCommands()
    .help()
    .alias('help', 'h')
    .version(version)
    // Laying out the help text costs a tenth of a second, and yargs does it for every command it
    // runs: only when help is asked for.
    .wrap(argv.some((x) => x === '--help' || x === '-h') ? Math.min(100, process.stdout.columns ?? 80) : null)
    .fail((message, err) => {
      complain(message || describeError(err));
      process.exit(1);
    });

  skipHelpCache(cli);
  await cli.parseAsync();
  return status;
}

/**
 * yargs lays out a command's help text before it runs the command, in case
 * the command then asks for it; here none does (failures are one line, and
 * --help lays the text out when asked), and that layout was a sixth of
 * `sun3lab run`'s start (30 ms). So it is not made in advance.
 */
function skipHelpCache(cli: object): void {
  const internal = cli as {
    getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
  };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => {};
}

/** Output piped into `head` and the like: stop quietly when the reader goes away. */
function quietOnEpipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/**
 * `sun3lab run [options] PROGRAM ARGS...`: everything after PROGRAM belongs
 * to the program, options included (`sun3lab run /bin/ls -l /`), so a `--`
 * goes in after it before yargs sees the line.
 */
export function passProgramArgs(argv: string[]): string[] {
  if (argv[0] !== 'run' && argv[0] !== 'stat') return argv;
  const takesValue = new Set([
    '--mem',
    '--disk',
    '--trace',
    '--trace-what',
    '--timeout',
    '--user',
    '--power-off',
    '--cpu',
    '--gdb',
    '--timing',
    '--stat',
    '--interval',
    '--console-baud',
  ]);
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '--') {
    if (argv[i] === '--help' || argv[i] === '-h') return argv;
    i += takesValue.has(argv[i]) ? 2 : 1;
  }
  if (i >= argv.length || argv[i] === '--' || argv[i + 1] === '--') return argv;
  return [...argv.slice(0, i + 1), '--', ...argv.slice(i + 1)];
}

/** `sun3lab cc ...`: cc's own arguments (-O2, -Idir, -lm) are not yargs options, so it is parsed by itself. */
/**
 * `sun3lab --check COMMAND ...` (and `npm run dev -- COMMAND ...`): run the
 * type checker over the whole project first, and the command only if it
 * finds nothing. The command line compiles the sources without looking at
 * types, so after an edit to the kernel this is what catches a wrong
 * argument or a misspelt field before the machine boots with it.
 */
async function typeCheck(): Promise<boolean> {
  const { spawnSync } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const tsc = createRequire(rootPath('package.json')).resolve('typescript/bin/tsc');
  process.stderr.write('sun3lab: type-checking (tsc --noEmit) ...\n');
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', rootPath('tsconfig.json')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status === 0) return true;
  complain('the type checker found errors (above): fix them, or run without --check');
  return false;
}

async function mainOrCc(argv: string[]): Promise<number> {
  if (argv[0] === '--check') {
    if (!(await typeCheck())) return 1;
    argv = argv.slice(1);
  }
  if (argv[0] === 'cc' && argv[1] !== '--help' && argv[1] !== '-h') {
    const cc = await import('../tools/cc.js');
    return cc.main(argv.slice(1));
  }
  return main(passProgramArgs(argv));
}

/** Run the command line `argv`; its status becomes the process's. */
function start(argv: string[]): void {
  quietOnEpipe();
  // A promise, not a top-level await: the command's bundle is a script (CommonJS), so that V8 can keep its compiled code (emu/cli/sun3lab.js).
  mainOrCc(argv).then(
    (status) => {
      process.exitCode = status;
    },
    (err) => {
      complain(describeError(err));
      process.exitCode = 1;
    },
  );
}

if (!buildingSnapshot()) start(hideBin(process.argv));
else {
  // node --build-snapshot (emu/cli/lab-snapshot-entry.cjs): `sun3lab lab` with the options it was
  // given boots its lab into the snapshot; the process started from the snapshot runs the command line
  // it is given (its argv has no script name: node --snapshot-blob FILE ARGS...), which finds that lab.
  const args = JSON.parse(process.env.SUN3LAB_SNAPSHOT_ARGS ?? '[]') as string[];
  main(args).then((status) => {
    if (status !== 0) throw new Error(`sun3lab ${args.join(' ')}: exit status ${status}: no snapshot`);
    v8.startupSnapshot.setDeserializeMainFunction(() => start(process.argv.slice(1)));
  });
}
