/**
 * `sun3lab boot` and `sun3lab run`: one Sun-3/60 with its kernel and root
 * disk. `boot` puts the console on the terminal; `run` runs one program as
 * process 1, prints what it writes to the console and exits with its exit
 * status. Both end with a statistics line on standard error.
 *
 * Emulation is deterministic. Only `boot` with a terminal for its input
 * looks at the host clock, to keep emulated time from running more than
 * LEAD_MS ahead of real time, so that the console feels right. Input from a
 * pipe or a file is typed a line at a time, whenever the machine is waiting
 * for input, and emulated time stands still while the host has nothing to
 * type yet: a scripted session gives the same output at the same cycle
 * counts every time.
 */
import { constants, type Stats } from 'node:fs';
import { access, lstat, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Argv, CommandModule } from 'yargs';
import type { Station } from '../lab/station.js';
import { rootPath } from '../root.js';
import { ConsoleOutput, fsReason, ScriptInput, TildeEscape, TraceFile } from './host-io.js';

const CYCLES_PER_SECOND = 20_000_000;
/** Emulated time run between looks at the host when nothing paces the loop: 0.1 s. */
const CHUNK = 2_000_000;
/** The paced loop's step: 10 ms, one clock tick. */
const STEP = 200_000;
/**
 * How far emulated time may run ahead of real time at an interactive
 * console. Output appears as soon as the machine produces it (booting takes
 * half an emulated second and shows at once), while anything longer than
 * this (`sleep 5`) still takes its real time.
 */
const LEAD_MS = 1000;
/**
 * Piped input to `boot` has ended: the machine stops once it has waited for
 * more input for this long (0.5 s of emulated time) with nothing else
 * happening.
 */
const SETTLE = CYCLES_PER_SECOND / 2;
/** `run` gives up after this much emulated time (a program that never exits). */
const DEFAULT_TIMEOUT_S = 600;
/** ^D, the terminal's end-of-file character: what `run` types when piped input has ended. */
const CEOF = 0x04;

interface MachineArgs {
  mem: number;
  disk?: string;
  trace?: string;
  traceWhat: string;
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${path}: ${fsReason(err)}`);
  }
}

/** The committed root image, decompressed if stored gzip'd. */
async function rootImage(): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(rootPath('images', 'root.img')));
  } catch {
    try {
      // Large output chunks: far fewer round trips to the main thread, which is busy loading code.
      const gz = await readFile(rootPath('images', 'root.img.gz'));
      return new Uint8Array(await promisify(gunzip)(gz, { chunkSize: 1 << 22 }));
    } catch {
      throw new Error('no root image in images/ (build it with npm run build:image)');
    }
  }
}

/**
 * The disk a machine works on: a private copy of the committed image, or
 * --disk FILE. FILE is checked before anything runs: if it exists it must be
 * a readable and writable disk image; if not, its directory must exist and
 * be writable, and FILE is made from the committed image when the machine
 * stops.
 */
async function loadDisk(disk?: string): Promise<Uint8Array> {
  if (disk === undefined) return rootImage();
  const what = `--disk ${disk}`;
  const st = await statOrNull(disk);
  if (st === null) {
    if (await lstat(disk).catch(() => null)) throw new Error(`${what}: a symbolic link to a missing file`);
    const dir = dirname(disk);
    const ds = await statOrNull(dir);
    if (ds === null) throw new Error(`${what}: no such directory ${dir}`);
    if (!ds.isDirectory()) throw new Error(`${what}: ${dir} is not a directory`);
    try {
      await access(dir, constants.W_OK);
    } catch {
      throw new Error(`${what}: cannot create it, ${dir} is not writable`);
    }
    return rootImage();
  }
  if (st.isDirectory()) throw new Error(`${what}: is a directory`);
  if (!st.isFile()) throw new Error(`${what}: not a regular file`);
  let bytes: Uint8Array;
  try {
    await access(disk, constants.R_OK | constants.W_OK);
    bytes = new Uint8Array(await readFile(disk));
  } catch (err) {
    throw new Error(`${what}: ${fsReason(err)}`);
  }
  const { diskProblem } = await import('../lab/disk.js');
  const problem = diskProblem(bytes);
  if (problem !== null) throw new Error(`${what}: not a disk image (${problem})`);
  return bytes;
}

/**
 * loadDisk, started before the emulator's code is loaded so that the image
 * decompresses meanwhile (off the main thread); its error, if any, comes
 * when the caller awaits it.
 */
function startLoadingDisk(disk?: string): Promise<Uint8Array> {
  const p = loadDisk(disk);
  p.catch(() => {}); // not an unhandled rejection while the code loads
  return p;
}

function machineOptions<T>(y: Argv<T>) {
  return y
    .option('mem', { describe: 'memory in MB (4-24)', type: 'number', default: 8, requiresArg: true })
    .option('disk', {
      describe: 'keep the root disk in FILE across runs (created from the committed image)',
      type: 'string',
      requiresArg: true,
    })
    .option('trace', { describe: 'write a trace to FILE', type: 'string', requiresArg: true })
    .option('trace-what', {
      describe: 'what --trace records',
      choices: ['syscalls', 'instructions'],
      default: 'syscalls',
      requiresArg: true,
    })
    .check((a) => {
      if (!Number.isInteger(a.mem) || a.mem < 4 || a.mem > 24)
        throw new Error('--mem must be a whole number from 4 to 24');
      return true;
    });
}

/** The trace options of a Station for --trace FILE --trace-what KIND, writing to `file`. */
function traceOptions(a: MachineArgs, file: TraceFile | null) {
  if (file === null) return {};
  const add = (line: string) => file.line(line);
  return a.traceWhat === 'instructions' ? { instructionTrace: add } : { trace: add };
}

/**
 * What a machine leaves behind when it stops: the trace closed, the disk
 * unmounted cleanly and saved. Returns the error to report after the
 * statistics line, if something could not be written.
 */
async function finish(st: Station, a: MachineArgs, trace: TraceFile | null, disk: Uint8Array) {
  let error: Error | null = null;
  try {
    trace?.close();
  } catch (err) {
    error = err as Error;
  }
  if (a.disk) {
    st.shutdown();
    try {
      await writeFile(a.disk, disk);
    } catch (err) {
      error ??= new Error(`--disk ${a.disk}: cannot save the disk: ${fsReason(err)}`);
    }
  }
  return error;
}

/** The statistics line both commands print at exit. */
export function statsLine(st: Station): string {
  const cpu = st.machine.cpu;
  const k = st.kernel;
  const total = cpu.cycles;
  // Shares of the time there was; a machine that never ran has none.
  const pct = (n: number) => `${total > 0 ? ((100 * n) / total).toFixed(1) : '0.0'}%`;
  const idle = cpu.idleCycles;
  const system = k.stats.systemCycles;
  const user = Math.max(0, total - idle - system);
  return (
    `stats: ${(cpu.cycles / CYCLES_PER_SECOND).toFixed(3)} s emulated, ${cpu.instructions} instructions, ` +
    `${cpu.cycles} cycles (user ${pct(user)}, system ${pct(system)}, idle ${pct(idle)}), ` +
    `${k.stats.syscalls} system calls, ${k.stats.faults} page faults, ${k.mem.cowCopies} copy-on-write copies, ` +
    `${k.pmap.ctxSteals} context and ${k.pmap.pmegSteals} PMEG steals`
  );
}

interface RunArgs extends MachineArgs {
  program: string;
  args: string[];
  /** The command name, then the arguments after `--` (main.ts puts one after PROGRAM). */
  _?: (string | number)[];
  timeout: number;
}

/**
 * Which program `run` means. An absolute path (/bin/ls) is the machine's
 * file if its disk has one; any other path (./hello, build/hello) is a file
 * on the host, and so is an absolute path the machine does not have
 * (/tmp/hello). A host file is copied into the machine as /tmp/NAME.
 * Returns the path to run inside the machine.
 */
async function resolveProgram(program: string, disk: Uint8Array): Promise<string> {
  const { imageHas, installFile } = await import('../lab/disk.js');
  if (program.startsWith('/') && imageHas(disk, program)) return program;
  const st = await statOrNull(program);
  if (st === null) {
    if (program.startsWith('/')) return program; // the kernel says it cannot run it
    throw new Error(
      `${program}: no such file on the host (a program in the machine has an absolute path, like /bin/ls)`,
    );
  }
  if (st.isDirectory()) throw new Error(`${program}: is a directory`);
  if (!st.isFile()) throw new Error(`${program}: not a regular file`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(program));
  } catch (err) {
    throw new Error(`${program}: ${fsReason(err)}`);
  }
  const path = `/tmp/${basename(program)}`;
  installFile(disk, path, bytes, 0o755);
  return path;
}

/** `sun3lab run PROGRAM [ARGS...]` */
async function runProgram(a: RunArgs): Promise<number> {
  const diskLoad = startLoadingDisk(a.disk);
  const { Station } = await import('../lab/station.js');
  const disk = await diskLoad;
  const path = await resolveProgram(a.program, disk);
  const trace = a.trace ? TraceFile.open(a.trace) : null;
  let status = -1;
  const out = new ConsoleOutput(process.stdout, true);
  let quiet = true;
  const st = new Station({
    memoryMB: a.mem,
    disk,
    program: { path, argv: [basename(path), ...a.args, ...(a._ ?? []).slice(1).map(String)] },
    consoleSink: (b) => {
      if (!quiet) out.byte(b);
    },
    onExit: (s) => {
      status = s;
    },
    ...traceOptions(a, trace),
    quietBoot: true,
  });
  quiet = false;

  // Input from a pipe or a file is the program's: typed at the console,
  // without echo, a line each time the machine waits for input, then ^D.
  const input = process.stdin.isTTY ? null : new ScriptInput(process.stdin, false);
  if (input !== null) st.setConsoleEcho(false);
  const waiting = input === null ? undefined : () => st.waitingForInput();

  const limit = a.timeout * CYCLES_PER_SECOND;
  while (!st.halted && st.machine.now < limit) {
    st.run(Math.min(CHUNK, limit - st.machine.now), waiting);
    out.flush();
    if (input !== null && !st.halted && st.waitingForInput()) {
      const line = input.nextLine();
      if (line !== null) st.machine.consoleInput(line);
      else if (input.ended) st.machine.consoleInput([CEOF]);
      else await input.more();
    }
  }
  input?.close();
  out.end();
  const error = await finish(st, a, trace, disk);
  process.stderr.write(`${statsLine(st)}\n`);
  if (error) throw error;
  if (st.machine.cpu.halted) throw new Error(`the machine halted: ${st.machine.cpu.haltReason}`);
  if (status < 0) throw new Error(`${a.program} did not exit within ${a.timeout} s of emulated time`);
  const signal = status & 0x7f;
  return signal ? 128 + signal : (status >> 8) & 0xff;
}

/** `sun3lab boot`: the console on this terminal until `~.` at the start of a line. */
async function bootInteractive(a: MachineArgs): Promise<number> {
  const diskLoad = startLoadingDisk(a.disk);
  const { Station } = await import('../lab/station.js');
  const disk = await diskLoad;
  const trace = a.trace ? TraceFile.open(a.trace) : null;
  // A terminal gets the console's CR LF line ends as they are; a file or a pipe Unix ones.
  const out = new ConsoleOutput(process.stdout, !process.stdout.isTTY);
  const st = new Station({
    memoryMB: a.mem,
    disk,
    consoleSink: (b) => out.byte(b),
    ...traceOptions(a, trace),
  });
  if (process.stdin.isTTY) await interactiveSession(st, out);
  else await scriptedSession(st, out, new ScriptInput(process.stdin, true));
  out.end();
  if (out.midLine) process.stdout.write(process.stdout.isTTY ? '\r\n' : '\n');
  const error = await finish(st, a, trace, disk);
  process.stderr.write(`${statsLine(st)}\n`);
  if (error) throw error;
  if (st.machine.cpu.halted) throw new Error(`the machine halted: ${st.machine.cpu.haltReason}`);
  return 0;
}

/**
 * Someone at a terminal: keystrokes go to the console as they come; `~.` at
 * the start of a line (see TildeEscape) quits at once. Emulated time may run
 * up to LEAD_MS ahead of real time, never more; when the emulator falls
 * behind real time it does not try to catch up later.
 */
async function interactiveSession(st: Station, out: ConsoleOutput): Promise<void> {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  const tilde = new TildeEscape();
  const onData = (chunk: Buffer) => {
    const typed = tilde.filter(chunk);
    if (typed.length > 0) st.machine.consoleInput(typed);
  };
  stdin.on('data', onData);
  let base = performance.now(); // the real time at which emulated time was 0
  while (!tilde.quit && !st.halted) {
    st.run(STEP);
    out.flush();
    const emulatedMs = st.machine.now / (CYCLES_PER_SECOND / 1000);
    const realMs = performance.now() - base;
    if (realMs > emulatedMs) base += realMs - emulatedMs; // behind: no catching up later
    const wait = emulatedMs - (performance.now() - base) - LEAD_MS;
    // Let the keystrokes in between steps; sleep only when too far ahead.
    await new Promise((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
  }
  stdin.off('data', onData);
  stdin.setRawMode(false);
  stdin.pause();
}

/**
 * Input from a pipe or a file: each line is typed when the machine waits for
 * input (a process asleep reading the terminal, nothing else to do). At the
 * end of the input, or at `~.` at the start of a line, the machine runs on
 * until it has waited for more for SETTLE cycles, then stops.
 */
async function scriptedSession(st: Station, out: ConsoleOutput, input: ScriptInput): Promise<void> {
  const waiting = () => st.waitingForInput();
  while (!st.halted) {
    st.run(CHUNK, waiting);
    out.flush();
    if (st.halted || !st.waitingForInput()) continue;
    const line = input.nextLine();
    if (line !== null) st.machine.consoleInput(line);
    else if (!input.ended) await input.more();
    else {
      // Nothing more to type: quit if the machine stays idle.
      const since = st.machine.now;
      st.run(SETTLE, () => !st.waitingForInput());
      out.flush();
      if (st.machine.now - since >= SETTLE && st.waitingForInput()) break;
    }
  }
  input.close();
}

type Runner = (status: number) => void;

const BOOT_USAGE = `$0 boot [options]

Boot one Sun-3/60 with its console on this terminal; type ~. at the start of a
line (or right after ^C or ^U) to quit. Emulated time may run up to a second
ahead of real time.

Input from a pipe or a file is typed a line at a time, whenever the machine
waits for input; at its end (or at ~.) the machine stops once it is idle.`;

const RUN_USAGE = `$0 run [options] <program> [args..]

Boot a machine, run PROGRAM as process 1 and exit with its status.

An absolute path (/bin/ls) is the machine's file if its disk has one; any other
path (./hello), or an absolute one the machine lacks (/tmp/hello), is a file on
this host, copied into the machine as /tmp/NAME.

Input from a pipe or a file goes to the program (no echo; ^D at its end).`;

export function bootCommand(done: Runner): CommandModule<object, MachineArgs> {
  return {
    command: 'boot',
    describe: 'Boot one Sun-3/60 with its console on this terminal (~. at the start of a line quits)',
    builder: (y) => machineOptions(y).usage(BOOT_USAGE) as unknown as Argv<MachineArgs>,
    handler: async (a) => done(await bootInteractive(a)),
  };
}

export function runCommand(done: Runner): CommandModule<object, RunArgs> {
  return {
    command: 'run <program> [args..]',
    describe: 'Boot a machine, run PROGRAM (in the machine, or a file here) and exit with its status',
    builder: (y) =>
      machineOptions(y)
        .usage(RUN_USAGE)
        .positional('program', { describe: 'program to run', type: 'string', demandOption: true })
        .positional('args', { describe: 'its arguments', type: 'string', array: true, default: [] })
        .option('timeout', {
          describe: 'seconds of emulated time to allow',
          type: 'number',
          default: DEFAULT_TIMEOUT_S,
          requiresArg: true,
        })
        .check((a) => {
          if (!Number.isFinite(a.timeout) || a.timeout <= 0)
            throw new Error('--timeout must be a number of seconds greater than 0');
          return true;
        }) as unknown as Argv<RunArgs>,
    handler: async (a) => done(await runProgram(a)),
  };
}
