/**
 * `sun3lab boot` and `sun3lab run`: one Sun-3/60 with its kernel and root
 * disk. `boot` puts the console on the terminal; `run` runs one program as
 * process 1, prints what it writes to the console and exits with its exit
 * status. Both end with a statistics line on standard error.
 *
 * Emulation is deterministic. Only two things look at the host clock: `boot`
 * with a terminal for its input, to keep emulated time from running more
 * than LEAD_MS ahead of real time so that the console feels right; and a
 * machine waiting for piped input that has not come yet (see awaitHost).
 * Input from a pipe or a file is typed a line at a time, whenever the
 * machine is waiting for input: a scripted session gives the same output at
 * the same cycle counts every time.
 *
 * --disk FILE is written through (image-disk.ts): the file holds what the
 * kernel has written at every moment, so nothing is saved at exit, and a
 * lock beside it keeps a second sun3lab off it.
 */
import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { KernelEvent } from '../../kernel/events.js';
import { parseTraceClasses, TRACE_CLASSES, type TraceClass } from '../../kernel/ktrace.js';
import type { Engine, TimingModel } from '../cpu/engine.js';
import type { MachineDebugger, MachineDebuggerOptions } from '../debug/machine-target.js';
import type { GdbServer } from '../debug/server.js';
import type { DiskLock } from '../lab/disk-lock.js';
import { makeEvent } from '../lab/events.js';
import type { ImageFileDisk } from '../lab/image-disk.js';
import type { Station } from '../lab/station.js';
import { statsLine } from '../lab/station-stats.js';
import { consoleBaudOption, cpuOption, timingOption } from './cpu-option.js';
import { ConsoleOutput, fsReason, inputMayStall, ScriptInput, TildeEscape, TraceFile } from './host-io.js';
import { rootImage } from './root-image.js';

export { statsLine };

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
/**
 * A scripted `boot` also stops when the console has been silent (nothing
 * typed, read or written) for this long, 10 minutes of emulated time, while
 * the machine was not waiting for input: a shell that stopped itself, a loop
 * that never ends. The same as `run`'s default timeout.
 */
const QUIET_S = 600;
/** `run` gives up after this much emulated time (a program that never exits). */
const DEFAULT_TIMEOUT_S = 600;
/** ^D, the terminal's end-of-file character: what `run` types when piped input has ended. */
const CEOF = 0x04;
/**
 * How long (real time) the machine may wait for piped input with emulated
 * time standing still; after that emulated time follows the wall clock.
 */
const INPUT_GRACE_MS = 250;
/** How often (real time) a machine waiting for piped input looks at the clock. */
const INPUT_TICK_MS = 10;

interface MachineArgs {
  mem: number;
  /** How the CPU runs instructions (--cpu). */
  cpu: Engine;
  /** Fit the MC68881 (--no-fpu: false). */
  fpu: boolean;
  /** How time is counted (--timing). */
  timing: TimingModel;
  /** The console's speed (--console-baud). */
  consoleBaud: number;
  disk?: string;
  trace?: string;
  traceWhat: string;
  /** --stat SECONDS (or `sun3lab stat --interval`): the meter's interval, on standard error. */
  stat?: number;
  user?: string;
  login?: boolean;
  /** Seconds of emulated time after which the machine loses power. */
  powerOff?: number;
  /** Seconds of emulated time to allow (`run`: default 600; `boot`: none). */
  timeout?: number;
  /** --gdb PORT: a GDB remote-protocol stub on 127.0.0.1:PORT (docs/debugging.md). */
  gdb?: number;
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${path}: ${fsReason(err)}`);
  }
}

/** The disk a machine works on. */
export interface MachineDisk {
  /** What the Station mounts: a private copy of the committed image, or the --disk file. */
  device: Uint8Array | ImageFileDisk;
  /** --disk FILE, written through, and its lock. */
  file: ImageFileDisk | null;
  lock: DiskLock | null;
}

/** Close the --disk file and give up its lock. */
export function releaseDisk(disk: MachineDisk): void {
  disk.file?.close();
  disk.lock?.release();
}

/**
 * The disk a machine works on: a private copy of the committed image, or
 * --disk FILE. FILE is checked before anything runs: if it exists it must be
 * a readable and writable disk image; if not, its directory must exist, and
 * FILE is made from the committed image (atomically: a run killed meanwhile
 * leaves no FILE, or the whole image). No other sun3lab may be using it.
 */
export async function openDisk(disk?: string, what = `--disk ${disk}`): Promise<MachineDisk> {
  if (disk === undefined) return { device: await rootImage(), file: null, lock: null };
  const st = await statOrNull(disk);
  if (st === null) {
    if (await lstat(disk).catch(() => null)) throw new Error(`${what}: a symbolic link to a missing file`);
    const dir = dirname(disk);
    const ds = await statOrNull(dir);
    if (ds === null) throw new Error(`${what}: no such directory ${dir}`);
    if (!ds.isDirectory()) throw new Error(`${what}: ${dir} is not a directory`);
  } else {
    if (st.isDirectory()) throw new Error(`${what}: is a directory`);
    if (!st.isFile()) throw new Error(`${what}: not a regular file`);
  }
  const { DiskLock } = await import('../lab/disk-lock.js');
  const { ImageFileDisk, MAX_IMAGE_BYTES } = await import('../lab/image-disk.js');
  const lock = DiskLock.acquire(disk, what);
  let file: ImageFileDisk | null = null;
  try {
    if (st === null) {
      const { writeFileAtomic } = await import('../lab/atomic-write.js');
      writeFileAtomic(disk, await rootImage(), { label: what });
    }
    file = ImageFileDisk.open(disk, what, MAX_IMAGE_BYTES);
    const { diskProblem } = await import('../lab/disk.js');
    const problem = diskProblem(file);
    if (problem !== null) throw new Error(`${what}: not a disk image (${problem})`);
    return { device: file, file, lock };
  } catch (err) {
    file?.close();
    lock.release();
    throw err;
  }
}

/**
 * openDisk, started before the emulator's code is loaded so that the image
 * decompresses meanwhile (off the main thread); its error, if any, comes
 * when the caller awaits it.
 */
function startOpeningDisk(disk?: string): Promise<MachineDisk> {
  const p = openDisk(disk);
  p.catch(() => {}); // not an unhandled rejection while the code loads
  return p;
}

/**
 * Build the Station on the disk. Its writes are held back until it has
 * booted, so a machine that cannot boot (the program to run is not on the
 * disk) leaves a --disk file exactly as it was.
 */
function buildStation(
  StationClass: typeof Station,
  disk: MachineDisk,
  opts: Omit<ConstructorParameters<typeof Station>[0], 'disk'>,
): Station {
  disk.file?.hold();
  try {
    const st = new StationClass({ ...opts, disk: disk.device });
    disk.file?.commit();
    return st;
  } catch (err) {
    disk.file?.discard();
    throw err;
  }
}

function isSeconds(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

function machineOptions<T>(y: Argv<T>) {
  return timingOption(cpuOption(y))
    .option('fpu', {
      describe: 'fit the MC68881 floating-point coprocessor (--no-fpu: a 3/60 without one)',
      type: 'boolean',
      default: true,
    })
    .option('console-baud', consoleBaudOption)
    .option('mem', { describe: 'memory in MB (4-24)', type: 'number', default: 8, requiresArg: true })
    .option('disk', {
      describe:
        'keep the root disk in FILE across runs (created from the committed image; written through, locked)',
      type: 'string',
      requiresArg: true,
    })
    .option('trace', { describe: 'write a trace to FILE', type: 'string', requiresArg: true })
    .option('trace-what', {
      describe: `what --trace records, a comma-separated list: ${TRACE_CLASSES.join(', ')}, or all (docs/tracing.md)`,
      type: 'string',
      default: 'syscalls',
      requiresArg: true,
    })
    .option('stat', {
      describe:
        'print a line of statistics every SECONDS of emulated time on standard error (docs/tracing.md)',
      type: 'number',
      requiresArg: true,
    })
    .option('user', {
      describe: 'log in as NAME, a user of the machine (default root); run: PROGRAM runs as NAME',
      type: 'string',
      requiresArg: true,
    })
    .option('gdb', {
      describe: 'wait for gdb on 127.0.0.1:PORT (the GDB remote protocol; docs/debugging.md)',
      type: 'number',
      requiresArg: true,
    })
    .option('power-off', {
      describe: 'cut the power at this many seconds of emulated time (no sync, no unmount); exit 1',
      type: 'number',
      requiresArg: true,
    })
    .check((a) => {
      if (!Number.isInteger(a.mem) || a.mem < 4 || a.mem > 24)
        throw new Error('--mem must be a whole number from 4 to 24');
      if (a.gdb !== undefined && (!Number.isInteger(a.gdb) || a.gdb < 0 || a.gdb > 65535))
        throw new Error('--gdb must be a TCP port number from 1 to 65535 (0: any free port, printed)');
      if (a.powerOff !== undefined && !isSeconds(a.powerOff))
        throw new Error('--power-off must be a number of seconds greater than 0');
      const classes = parseTraceClasses(String(a.traceWhat));
      if (typeof classes === 'string') throw new Error(`--trace-what: ${classes}`);
      if (a.stat !== undefined && !(isSeconds(a.stat) && a.stat >= 0.001))
        throw new Error('--stat must be a number of seconds, at least 0.001');
      return true;
    });
}

/** Who uses the machine: --user NAME, --login (boot only). */
function userOptions(a: MachineArgs) {
  return { user: a.user, login: a.login };
}

/**
 * The trace options of a Station for --trace FILE --trace-what CLASSES,
 * writing to `file`: lines of text, or for a FILE ending in .jsonl the
 * lines as `trace` events of the lab's event stream (emu/lab/events.ts), one
 * JSON object a line. `now` tells the emulated time (the station, once made).
 */
function traceOptions(a: MachineArgs, file: TraceFile | null, now: () => number) {
  if (file === null) return {};
  const traceWhat = parseTraceClasses(a.traceWhat) as TraceClass[];
  if (file.path.endsWith('.jsonl'))
    return {
      traceWhat,
      events: (e: KernelEvent) => {
        if (e.type !== 'trace') return;
        const ev = makeEvent(
          now(),
          { machine: 'sun0' },
          { type: 'trace', class: e.cls, pid: e.pid, text: e.text },
        );
        file.line(JSON.stringify(ev));
      },
    };
  const add = (line: string) => file.line(line);
  return { traceWhat, trace: add, instructionTrace: traceWhat.includes('instructions') ? add : undefined };
}

/** Symbols for the instruction trace of a program from this host (docs/tracing.md): its PROG.dbg or its own. */
async function hostSymbols(a: MachineArgs, program: string, name: string) {
  if (!a.trace || program.startsWith('/') || !a.traceWhat.includes('instructions')) return {};
  const { programSymbols } = await import('../trace/symbols.js');
  const table = programSymbols(program);
  return table ? { symbols: new Map([[name, table]]) } : {};
}

/** The meter of --stat, started on the station; its lines go to standard error. */
async function startMeter(a: MachineArgs, st: Station) {
  if (a.stat === undefined) return null;
  const { StatMeter } = await import('../trace/meter.js');
  const meter = new StatMeter(st, (line) => process.stderr.write(`${line}\n`));
  meter.start(a.stat);
  return meter;
}

/** When the machine must stop, in cycles: --power-off and --timeout (Infinity: never). */
interface Deadlines {
  powerOff: number;
  timeout: number;
  /** The earlier of the two. */
  at: number;
}

function deadlines(a: MachineArgs): Deadlines {
  const powerOff = a.powerOff === undefined ? Number.POSITIVE_INFINITY : a.powerOff * CYCLES_PER_SECOND;
  const timeout = a.timeout === undefined ? Number.POSITIVE_INFINITY : a.timeout * CYCLES_PER_SECOND;
  return { powerOff, timeout, at: Math.min(powerOff, timeout) };
}

/** The machine ran into --power-off (before stopping on its own). */
function poweredOff(st: Station, d: Deadlines): boolean {
  return !st.halted && st.machine.now >= d.powerOff;
}

/**
 * What a machine leaves behind when it stops: the trace closed; on a --disk
 * the machine shut down cleanly (Station.shutdown: every process lets go of
 * its files, the delayed writes reach the disk, the file system is
 * unmounted and marked clean if it is) and the file fsync'd — unless the power was
 * cut or the machine halted (a panic), when the disk keeps just what the
 * kernel had written, as a real disk would. Returns the error to report
 * after the statistics line, if something could not be written.
 */
function finish(st: Station, disk: MachineDisk, trace: TraceFile | null, powerLost: boolean): Error | null {
  let error: Error | null = null;
  try {
    trace?.close();
  } catch (err) {
    error = err as Error;
  }
  const file = disk.file;
  if (file === null) return error;
  if (!powerLost && !st.machine.cpu.halted) {
    try {
      st.shutdown();
      file.flush();
    } catch (err) {
      error ??= file.error ?? (err as Error);
    }
  }
  return error ?? file.error;
}

interface RunArgs extends MachineArgs {
  program: string;
  args: string[];
  /** The command name, then the arguments after `--` (main.ts puts one after PROGRAM). */
  _?: (string | number)[];
  timeout: number;
}

/**
 * Which program `run` means. An absolute path (/bin/ls) is always the
 * machine's file: if its disk has no such file, the kernel says so, and
 * nothing is taken from the host. Any other path (./hello, build/hello) is
 * a file on the host, copied into the machine as /tmp/NAME; NAME keeps the
 * bytes the host gives it (a UTF-8 name stays UTF-8), as mkfs does.
 * Returns the path to run inside the machine and its argv[0].
 */
/**
 * Where `run ./PROG` puts a host program: in the home directory of the user
 * it runs as (`--user alice`: /home/alice/PROG, hers), or for root in
 * /usr/local/bin, the place of a site's own programs. Neither is cleaned by
 * /etc/rc (which empties /tmp), so with --disk the program is still there
 * at the next boot of the same disk.
 */
async function programHome(
  disk: Uint8Array | ImageFileDisk,
  user: string | undefined,
): Promise<{ dir: string; owner?: { uid: number; gid: number } }> {
  if (user === undefined) return { dir: '/usr/local/bin' };
  const { userCredentials } = await import('../lab/accounts.js');
  const c = userCredentials(disk, user);
  return c.home === '/' || c.home === '' ? { dir: '/usr/local/bin' } : { dir: c.home, owner: c };
}

async function resolveProgram(
  program: string,
  disk: Uint8Array | ImageFileDisk,
  user?: string,
): Promise<{ path: string; name: string }> {
  if (program.startsWith('/')) return { path: program, name: basename(program) };
  if ((await statOrNull(program)) === null)
    throw new Error(
      `${program}: no such file on the host (a program in the machine has an absolute path, like /bin/ls)`,
    );
  const { readRegularFile, sizeText } = await import('../lab/host-file.js');
  const capacity = disk instanceof Uint8Array ? disk.length : disk.bytes.length;
  const bytes = readRegularFile(program, { max: capacity, why: "the size of the machine's disk" });
  const name = basename(program);
  const home = await programHome(disk, user);
  const path = `${home.dir}/${Buffer.from(name, 'utf8').toString('latin1')}`;
  const { imageFree, installFile } = await import('../lab/disk.js');
  const { ENOSPC, Errno } = await import('../../kernel/errno.js');
  try {
    installFile(disk, path, bytes, 0o755, home.owner && { uid: home.owner.uid, gid: home.owner.gid });
  } catch (err) {
    if (err instanceof Errno && err.errno === ENOSPC)
      throw new Error(
        `${program}: does not fit on the machine's disk (${sizeText(bytes.length)}; ${sizeText(imageFree(disk))} free)`,
      );
    throw new Error(`${program}: cannot copy it into the machine: ${(err as Error).message}`);
  }
  return { path, name };
}

/**
 * The machine waits for input the host has not got yet. From a file or a
 * device it comes at once: wait, with emulated time standing still (so a
 * session from a file is deterministic). From a pipe it may take a while,
 * or never come: after INPUT_GRACE_MS of real time, emulated time follows
 * the wall clock from the moment the wait began, as at a terminal, so that
 * the machine's timers run and a deadline (--timeout) comes. The wait lasts
 * until input comes; the pacing, until input comes (the machine may stop
 * waiting meanwhile, for a timer, and wait again: time keeps its pace).
 */
class HostWait {
  /** Real time at which the machine began waiting for this input, and emulated time then; -1: not waiting. */
  private began = -1;
  private from = 0;

  constructor(
    private readonly st: Station,
    private readonly out: ConsoleOutput,
    private readonly input: ScriptInput,
    /** Input from a pipe or socket: may keep the machine waiting. */
    private readonly stalls: boolean,
  ) {}

  /** Input has come: the next wait begins afresh. */
  reset(): void {
    this.began = -1;
  }

  /** Wait for input, or run the machine paced until `until` or until it stops waiting. */
  async wait(until: number): Promise<void> {
    const { st, input } = this;
    if (!this.stalls) {
      await input.more();
      return;
    }
    if (this.began < 0) {
      this.began = performance.now();
      this.from = st.machine.now;
    }
    for (;;) {
      if (await input.more(INPUT_TICK_MS)) {
        this.reset();
        return;
      }
      const real = performance.now() - this.began;
      if (real < INPUT_GRACE_MS) continue;
      const target = Math.min(until, this.from + Math.floor((real * CYCLES_PER_SECOND) / 1000));
      if (target > st.machine.now) st.run(target - st.machine.now, () => !st.waitingForInput());
      this.out.flush();
      if (st.halted || st.machine.now >= until || !st.waitingForInput()) return;
    }
  }
}

/** Console bytes received and sent so far: progress, for a scripted session. */
function consoleTraffic(st: Station): number {
  return st.machine.console.rxCount + st.machine.console.txCount;
}

/** Seconds, for messages. */
function seconds(cycles: number): string {
  return `${Number((cycles / CYCLES_PER_SECOND).toFixed(3))} s`;
}

/**
 * Open the machine's disk while the emulator's code loads, run `body` with
 * both, and close the disk (and give up its lock) however `body` ends.
 */
async function withDisk(
  a: MachineArgs,
  body: (StationClass: typeof Station, disk: MachineDisk) => Promise<number>,
): Promise<number> {
  const diskOpen = startOpeningDisk(a.disk);
  const { Station } = await import('../lab/station.js');
  const disk = await diskOpen;
  try {
    return await body(Station, disk);
  } finally {
    releaseDisk(disk);
  }
}

/**
 * The end of a machine, both commands: finish(), the statistics line, then
 * (as an error to print after it) what went wrong: a disk or trace that
 * could not be written, a halt, the power cut.
 */
function endMachine(st: Station, disk: MachineDisk, trace: TraceFile | null, d: Deadlines): void {
  const powerLost = poweredOff(st, d);
  const error = finish(st, disk, trace, powerLost);
  process.stderr.write(`${statsLine(st)}\n`);
  if (error) throw error;
  if (st.machine.cpu.halted) throw new Error(`the machine halted: ${st.machine.cpu.haltReason}`);
  if (powerLost)
    throw new Error(`the machine lost power at ${seconds(d.powerOff)} of emulated time (--power-off)`);
}

/** `sun3lab run PROGRAM [ARGS...]` */
/**
 * A --disk whose file system was not cleanly unmounted (the machine lost
 * power, sun3lab was killed) is checked with the machine's fsck -p before
 * `run` uses it, as a Sun's /etc/rc checks its disks at boot (`boot` does
 * exactly that). What fsck says goes to standard error; what it cannot
 * mend on its own stops the run.
 */
async function preen(file: ImageFileDisk, path: string): Promise<void> {
  const { fsckOnMachine, markedClean } = await import('../lab/disk-check.js');
  if (markedClean(file)) return;
  const r = fsckOnMachine(await rootImage(), file, ['-p'], path);
  process.stderr.write(r.output);
  if (r.status !== 0)
    throw new Error(`--disk ${path}: fsck -p cannot mend it on its own; run sun3lab fsck -y ${path}`);
}

async function runProgram(a: RunArgs): Promise<number> {
  return withDisk(a, (StationClass, disk) => runOn(StationClass, disk, a));
}

async function runOn(StationClass: typeof Station, disk: MachineDisk, a: RunArgs): Promise<number> {
  if (disk.file && a.disk) await preen(disk.file, a.disk);
  const prog = await resolveProgram(a.program, disk.device, a.user);
  const trace = a.trace ? TraceFile.open(a.trace) : null;
  let status = -1;
  const out = new ConsoleOutput(process.stdout, true);
  let quiet = true;
  let kernelEvent: ((e: KernelEvent) => void) | null = null;
  let st: Station | null = null;
  const now = () => st?.machine.now ?? 0;
  const symbols = await hostSymbols(a, a.program, basename(prog.path));
  st = buildStation(StationClass, disk, {
    memoryMB: a.mem,
    engine: a.cpu,
    fpu: a.fpu,
    timing: a.timing,
    consoleBaud: a.consoleBaud,
    program: { path: prog.path, argv: [prog.name, ...a.args, ...(a._ ?? []).slice(1).map(String)] },
    consoleSink: (b) => {
      if (!quiet) out.byte(b);
    },
    onExit: (s) => {
      status = s;
    },
    events: (e) => kernelEvent?.(e),
    ...traceOptions(a, trace, now),
    ...symbols,
    ...userOptions(a),
    quietBoot: true,
  });
  quiet = false;
  // --gdb: the program stops at its first instruction, and waits for gdb.
  const gdb =
    a.gdb === undefined
      ? null
      : await startGdb(st, a.gdb, { focus: 1, execFile: await debugFile(a.program) }, (f) => {
          kernelEvent = f;
        });
  const meter = await startMeter(a, st);

  // Input from a pipe or a file is the program's: typed at the console,
  // without echo, a line each time the machine waits for input, then ^D.
  const input = process.stdin.isTTY ? null : new ScriptInput(process.stdin, false);
  const host = input === null ? null : new HostWait(st, out, input, inputMayStall(0));
  if (input !== null) st.setConsoleEcho(false);
  const waiting = input === null ? undefined : () => st.waitingForInput();

  const d = deadlines(a);
  while (!st.halted && st.machine.now < d.at) {
    if (gdb !== null) {
      await gdb.server.hold();
      if (gdb.dbg.killRequested) break;
    }
    st.run(Math.min(CHUNK, d.at - st.machine.now), waiting);
    out.flush();
    if (input === null || host === null || st.halted || !st.waitingForInput()) continue;
    const line = input.nextLine();
    if (line !== null) {
      st.machine.consoleInput(line);
      host.reset();
    } else if (input.ended) st.machine.consoleInput([CEOF]);
    else await host.wait(d.at);
  }
  input?.close();
  out.end();
  await gdb?.server.close();
  meter?.sample();
  endMachine(st, disk, trace, d);
  if (status < 0) throw new Error(`${a.program} did not exit within ${a.timeout} s of emulated time`);
  const signal = status & 0x7f;
  return signal ? 128 + signal : (status >> 8) & 0xff;
}

/** `sun3lab boot`: the console on this terminal until `~.` at the start of a line. */
async function bootMachine(a: MachineArgs): Promise<number> {
  return withDisk(a, (StationClass, disk) => bootOn(StationClass, disk, a));
}

async function bootOn(StationClass: typeof Station, disk: MachineDisk, a: MachineArgs): Promise<number> {
  const trace = a.trace ? TraceFile.open(a.trace) : null;
  let kernelEvent: ((e: KernelEvent) => void) | null = null;
  // A terminal gets the console's CR LF line ends as they are; a file or a pipe Unix ones.
  const out = new ConsoleOutput(process.stdout, !process.stdout.isTTY);
  let built: Station | null = null;
  const st = buildStation(StationClass, disk, {
    memoryMB: a.mem,
    engine: a.cpu,
    fpu: a.fpu,
    timing: a.timing,
    consoleBaud: a.consoleBaud,
    consoleSink: (b) => out.byte(b),
    ...traceOptions(a, trace, () => built?.machine.now ?? 0),
    ...userOptions(a),
    events: (e) => kernelEvent?.(e),
  });
  // --gdb: the machine runs on; gdb may connect (and stop it) at any time.
  const gdb =
    a.gdb === undefined
      ? null
      : await startGdb(st, a.gdb, {}, (f) => {
          kernelEvent = f;
        });
  built = st;
  const meter = await startMeter(a, st);
  const d = deadlines(a);
  let ending: string | null = null;
  if (process.stdin.isTTY) await interactiveSession(st, out, d, gdb);
  else {
    const input = new ScriptInput(process.stdin, true);
    ending = await scriptedSession(st, out, input, inputMayStall(0), d, gdb);
  }
  out.end();
  await gdb?.server.close();
  if (out.midLine) process.stdout.write(process.stdout.isTTY ? '\r\n' : '\n');
  meter?.sample();
  endMachine(st, disk, trace, d);
  if (!st.halted && st.machine.now >= d.timeout)
    throw new Error(`the machine was still running after ${a.timeout} s of emulated time (--timeout)`);
  if (ending) throw new Error(ending);
  return 0;
}

/**
 * Someone at a terminal: keystrokes go to the console as they come; `~.` at
 * the start of a line (see TildeEscape) quits at once. Emulated time may run
 * up to LEAD_MS ahead of real time, never more; when the emulator falls
 * behind real time it does not try to catch up later.
 */
async function interactiveSession(
  st: Station,
  out: ConsoleOutput,
  d: Deadlines,
  gdb: Gdb | null,
): Promise<void> {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  const tilde = new TildeEscape();
  const onData = (chunk: Buffer) => {
    const typed = tilde.filter(chunk);
    if (typed.length > 0) st.machine.consoleInput(typed);
  };
  stdin.on('data', onData);
  let base = performance.now(); // the real time at which emulated time was 0
  while (!tilde.quit && !st.halted && st.machine.now < d.at) {
    if (gdb !== null) {
      const before = performance.now();
      await gdb.server.hold();
      base += performance.now() - before; // time held by gdb is not emulated time
      if (gdb.dbg.killRequested) break;
    }
    st.run(Math.min(STEP, d.at - st.machine.now));
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
 * until it has waited for more for SETTLE cycles, then stops. It also stops
 * when the console has been silent for QUIET_S while the machine was not
 * waiting for input (a shell that stopped itself: it would never ask for
 * more), and at a deadline. Returns why it stopped early, or null.
 */
async function scriptedSession(
  st: Station,
  out: ConsoleOutput,
  input: ScriptInput,
  stalls: boolean,
  d: Deadlines,
  gdb: Gdb | null,
): Promise<string | null> {
  const waiting = () => st.waitingForInput();
  const host = new HostWait(st, out, input, stalls);
  const quiet = QUIET_S * CYCLES_PER_SECOND;
  let traffic = consoleTraffic(st);
  let since = st.machine.now;
  let ending: string | null = null;
  while (!st.halted && st.machine.now < d.at) {
    if (gdb !== null) {
      await gdb.server.hold();
      if (gdb.dbg.killRequested) break;
    }
    st.run(Math.min(CHUNK, d.at - st.machine.now), waiting);
    out.flush();
    if (st.halted) break;
    if (st.waitingForInput()) {
      since = st.machine.now;
      const line = input.nextLine();
      if (line !== null) {
        st.machine.consoleInput(line);
        host.reset();
      } else if (!input.ended) await host.wait(d.at);
      else {
        // Nothing more to type: quit if the machine stays idle.
        const from = st.machine.now;
        st.run(Math.min(SETTLE, d.at - from), () => !st.waitingForInput());
        out.flush();
        if (st.machine.now - from >= SETTLE && st.waitingForInput()) break;
      }
      continue;
    }
    const now = consoleTraffic(st);
    if (now !== traffic) {
      traffic = now;
      since = st.machine.now;
    } else if (st.machine.now - since >= quiet) {
      const left = input.held > 0 ? `; ${input.held} bytes of input were not typed` : '';
      ending = `stopped: nothing was typed, read or written on the console for ${QUIET_S} s of emulated time${left}`;
      break;
    }
  }
  input.close();
  return ending;
}

/** A machine's debugger and the listener gdb connects to (--gdb). */
interface Gdb {
  dbg: MachineDebugger;
  server: GdbServer;
}

/**
 * --gdb PORT: listen on 127.0.0.1:PORT and join the machine's debugger to
 * it. With a process to debug (`run`), the machine runs to that process's
 * first instruction and waits there for gdb; `bind` receives the
 * debugger's handler of kernel events.
 */
async function startGdb(
  st: Station,
  port: number,
  opts: MachineDebuggerOptions,
  bind: (f: (e: KernelEvent) => void) => void,
): Promise<Gdb> {
  const { MachineDebugger } = await import('../debug/machine-target.js');
  const { GdbServer } = await import('../debug/server.js');
  const dbg = new MachineDebugger(st, opts);
  bind((e) => dbg.kernelEvent(e));
  const log = (line: string) => process.stderr.write(`sun3lab: ${line}\n`);
  const server = await GdbServer.listen(port, dbg, log);
  if (opts.focus !== undefined) {
    // Boot and run to the program's first instruction (at most the boot's time).
    st.run(60 * CYCLES_PER_SECOND, () => dbg.holding);
    if (!dbg.holding) throw new Error('--gdb: the program never started');
    const sym = opts.execFile ? ` (symbols: ${opts.execFile})` : '';
    log(
      `process ${opts.focus} stopped at its first instruction${sym}; waiting for gdb on 127.0.0.1:${server.port}`,
    );
    await server.waitForGdb();
  } else log(`gdb may connect on 127.0.0.1:${server.port}`);
  return { dbg, server };
}

/** PROG.dbg beside a program of the host (`sun3lab cc -g`), if there is one. */
async function debugFile(program: string): Promise<string | null> {
  if (program.startsWith('/')) return null;
  const { resolve } = await import('node:path');
  const file = resolve(`${program}.dbg`);
  return (await statOrNull(file))?.isFile() ? file : null;
}

type Runner = (status: number) => void;

const BOOT_USAGE = `$0 boot [options]

Boot one Sun-3/60 with its console on this terminal; type ~. at the start of a
line (or right after ^C or ^U) to quit. Emulated time may run up to a second
ahead of real time.

Input from a pipe or a file is typed a line at a time, whenever the machine
waits for input; at its end (or at ~.) the machine stops once it is idle, or
after ${QUIET_S} s of emulated time with nothing on the console.`;

const RUN_USAGE = `$0 run [options] <program> [args..]

Boot a machine, run PROGRAM as process 1 and exit with its status.

An absolute path (/bin/ls) is always the machine's file. A relative path
(./hello, build/hello) is a file on this host, copied into the machine as
/tmp/NAME.

Input from a pipe or a file goes to the program (no echo; ^D at its end).`;

function timeoutOption<T>(y: Argv<T>, fallback?: number) {
  return y
    .option('timeout', {
      describe:
        fallback === undefined
          ? 'stop after this many seconds of emulated time; exit 1'
          : 'seconds of emulated time to allow',
      type: 'number',
      default: fallback,
      requiresArg: true,
    })
    .check((a) => {
      if (a.timeout !== undefined && !isSeconds(a.timeout))
        throw new Error('--timeout must be a number of seconds greater than 0');
      return true;
    });
}

export function bootCommand(done: Runner): CommandModule<object, MachineArgs> {
  return {
    command: 'boot',
    describe: 'Boot one Sun-3/60 with its console on this terminal (~. at the start of a line quits)',
    builder: (y) =>
      timeoutOption(
        machineOptions(y)
          .usage(BOOT_USAGE)
          .option('login', {
            describe: 'ask who is there (getty and login on the console) instead of logging in',
            type: 'boolean',
          })
          .conflicts('login', 'user'),
      ) as unknown as Argv<MachineArgs>,
    handler: async (a) => done(await bootMachine(a)),
  };
}

export function runCommand(done: Runner): CommandModule<object, RunArgs> {
  return {
    command: 'run <program> [args..]',
    describe: 'Boot a machine, run PROGRAM (in the machine, or ./FILE from here) and exit with its status',
    builder: (y) =>
      timeoutOption(
        machineOptions(y)
          .usage(RUN_USAGE)
          .positional('program', { describe: 'program to run', type: 'string', demandOption: true })
          .positional('args', { describe: 'its arguments', type: 'string', array: true, default: [] }),
        DEFAULT_TIMEOUT_S,
      ) as unknown as Argv<RunArgs>,
    handler: async (a) => done(await runProgram(a)),
  };
}

interface StatArgs extends RunArgs {
  interval: number;
  program: string;
}

const STAT_USAGE = `$0 stat [options] [program] [args..]

A live meter of one Sun-3/60, like System/161's stat161: every --interval
seconds of emulated time, a line on standard error of what the machine did
in it (instructions; user, system and idle time; page faults, system calls,
interrupts, context switches, Ethernet frames in and out). With a PROGRAM,
as \`sun3lab run\` (its output on standard output); without, as \`sun3lab boot\`.
Options are those of run and boot.`;

export function statCommand(done: Runner): CommandModule<object, StatArgs> {
  return {
    command: 'stat [program] [args..]',
    describe: 'Run PROGRAM (or boot) with a meter: a line of statistics every interval of emulated time',
    builder: (y) =>
      timeoutOption(
        machineOptions(y)
          .usage(STAT_USAGE)
          .option('interval', {
            describe: 'seconds of emulated time per line',
            type: 'number',
            default: 1,
            requiresArg: true,
          })
          .option('login', {
            describe: 'without a program: ask who is there instead of logging in',
            type: 'boolean',
          })
          .positional('program', { describe: 'program to run', type: 'string' })
          .positional('args', { describe: 'its arguments', type: 'string', array: true, default: [] })
          .check((a) => {
            if (!(isSeconds(a.interval) && a.interval >= 0.001))
              throw new Error('--interval must be a number of seconds, at least 0.001');
            return true;
          }),
      ) as unknown as Argv<StatArgs>,
    handler: async (a) => {
      const args = { ...a, stat: a.stat ?? a.interval };
      if (a.program === undefined) return done(await bootMachine(args));
      return done(await runProgram({ ...args, timeout: a.timeout ?? DEFAULT_TIMEOUT_S }));
    },
  };
}
