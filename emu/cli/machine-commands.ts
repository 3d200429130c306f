/**
 * `sun3lab boot` and `sun3lab run`: one Sun-3/60 with its kernel and root
 * disk. `boot` puts the console on the terminal; `run` runs one program as
 * process 1, prints what it writes to the console and exits with its exit
 * status. Both end with a statistics line on standard error.
 *
 * Emulation is deterministic: only the interactive `boot` looks at the host
 * clock, to pace emulated time to real time so the console feels right.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Argv, CommandModule } from 'yargs';
import type { Station } from '../lab/station.js';

const CYCLES_PER_SECOND = 20_000_000;
/** Emulated time run per step of the host loop: 10 ms, one clock tick. */
const STEP = 200_000;
/** `run` gives up after this much emulated time (a program that never exits). */
const DEFAULT_TIMEOUT_S = 600;

interface MachineArgs {
  mem: number;
  disk?: string;
  trace?: string;
  traceWhat: string;
}

/** The trace options of a Station for --trace FILE --trace-what KIND, collecting lines. */
function traceOptions(a: MachineArgs, lines: string[]) {
  if (!a.trace) return {};
  const add = (line: string) => lines.push(line);
  return a.traceWhat === 'instructions' ? { instructionTrace: add } : { trace: add };
}

/** The committed root image, decompressed if stored gzip'd. */
async function rootImage(): Promise<Uint8Array> {
  const base = new URL('../../images/', import.meta.url);
  for (const name of ['root.img', 'root.img.gz']) {
    const url = new URL(name, base);
    if (existsSync(url)) {
      const bytes = new Uint8Array(await readFile(url));
      return name.endsWith('.gz') ? new Uint8Array(gunzipSync(bytes)) : bytes;
    }
  }
  throw new Error('no root image in images/ (build it with npm run build:image)');
}

/** The disk a machine works on: a private copy of the committed image, or --disk FILE (created from it). */
async function loadDisk(disk?: string): Promise<Uint8Array> {
  if (disk && existsSync(disk)) return new Uint8Array(await readFile(disk));
  return rootImage();
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

/** Unmount the root (clean, counts written) and keep the disk for next time. */
async function saveDisk(st: Station, file: string, disk: Uint8Array): Promise<void> {
  st.kernel.sync();
  st.mount.fs.unmount(true);
  await writeFile(file, disk);
}

/** The statistics line both commands print at exit. */
export function statsLine(st: Station): string {
  const cpu = st.machine.cpu;
  const k = st.kernel;
  const total = cpu.cycles || 1;
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
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

/** `sun3lab run PROGRAM [ARGS...]` */
async function runProgram(a: RunArgs): Promise<number> {
  const { Station } = await import('../lab/station.js');
  const disk = await loadDisk(a.disk);
  let path = a.program;
  // A program on the host (./hello) is copied into the machine's disk as /tmp/NAME.
  if (existsSync(a.program) && !a.program.startsWith('/')) {
    const { installFile } = await import('../lab/disk.js');
    path = `/tmp/${basename(a.program)}`;
    installFile(disk, path, new Uint8Array(await readFile(a.program)), 0o755);
  }
  const traceLines: string[] = [];
  let status = -1;
  const out: number[] = [];
  let quiet = true;
  const st = new Station({
    memoryMB: a.mem,
    disk,
    program: { path, argv: [basename(path), ...a.args, ...(a._ ?? []).slice(1).map(String)] },
    consoleSink: (b) => {
      if (!quiet) out.push(b);
    },
    onExit: (s) => {
      status = s;
    },
    ...traceOptions(a, traceLines),
    quietBoot: true,
  });
  quiet = false;
  const limit = a.timeout * CYCLES_PER_SECOND;
  while (!st.halted && st.machine.cpu.cycles < limit) {
    st.run(STEP * 10);
    if (out.length) process.stdout.write(Buffer.from(crlfToLf(out.splice(0))));
  }
  if (out.length) process.stdout.write(Buffer.from(crlfToLf(out.splice(0))));
  if (a.trace) await writeFile(a.trace, traceLines.map((l) => `${l}\n`).join(''));
  if (a.disk) await saveDisk(st, a.disk, disk);
  process.stderr.write(`${statsLine(st)}\n`);
  if (st.machine.cpu.halted) throw new Error(`the machine halted: ${st.machine.cpu.haltReason}`);
  if (status < 0) throw new Error(`${a.program} did not exit within ${a.timeout} s of emulated time`);
  const signal = status & 0x7f;
  return signal ? 128 + signal : (status >> 8) & 0xff;
}

/** The console's CR LF line ends, as a Unix terminal on the host wants them. */
function crlfToLf(bytes: number[]): number[] {
  return bytes.filter((b, i) => !(b === 0x0d && bytes[i + 1] === 0x0a));
}

/** `sun3lab boot`: the console on this terminal until `~.` at the start of a line. */
async function bootInteractive(a: MachineArgs): Promise<number> {
  const { Station } = await import('../lab/station.js');
  const disk = await loadDisk(a.disk);
  const traceLines: string[] = [];
  const st = new Station({
    memoryMB: a.mem,
    disk,
    consoleSink: (b) => process.stdout.write(Buffer.from([b])),
    ...traceOptions(a, traceLines),
  });
  const stdin = process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  let atLineStart = true;
  let tilde = false;
  let quit = false;
  stdin.on('data', (chunk: Buffer) => {
    for (const b of chunk) {
      if (tilde && b === 0x2e) {
        quit = true;
        return;
      }
      if (atLineStart && b === 0x7e && !tilde) {
        tilde = true;
        continue;
      }
      if (tilde) st.machine.consoleInput([0x7e]);
      tilde = false;
      atLineStart = b === 0x0d || b === 0x0a;
      st.machine.consoleInput([b]);
    }
  });
  stdin.on('end', () => {
    quit = true;
  });
  // Pace emulated time to the host clock: a step of 10 ms per 10 ms.
  const t0 = performance.now();
  while (!quit && !st.halted) {
    st.run(STEP);
    const ahead = (st.machine.cpu.cycles / CYCLES_PER_SECOND) * 1000 - (performance.now() - t0);
    await new Promise((r) => setTimeout(r, Math.max(0, ahead)));
  }
  if (stdin.isTTY) stdin.setRawMode(false);
  stdin.pause();
  st.kernel.sync();
  if (a.trace) await writeFile(a.trace, traceLines.map((l) => `${l}\n`).join(''));
  if (a.disk) await saveDisk(st, a.disk, disk);
  process.stdout.write('\r\n');
  process.stderr.write(`${statsLine(st)}\n`);
  if (st.machine.cpu.halted) throw new Error(`the machine halted: ${st.machine.cpu.haltReason}`);
  return 0;
}

type Runner = (status: number) => void;

export function bootCommand(done: Runner): CommandModule<object, MachineArgs> {
  return {
    command: 'boot',
    describe: 'Boot one Sun-3/60 with its console on this terminal (type ~. at the start of a line to quit)',
    builder: (y) => machineOptions(y) as unknown as Argv<MachineArgs>,
    handler: async (a) => done(await bootInteractive(a)),
  };
}

export function runCommand(done: Runner): CommandModule<object, RunArgs> {
  return {
    command: 'run <program> [args..]',
    describe:
      'Boot a machine, run PROGRAM (a path in the image, or an a.out file here) and exit with its status',
    builder: (y) =>
      machineOptions(y)
        .positional('program', { describe: 'program to run', type: 'string', demandOption: true })
        .positional('args', { describe: 'its arguments', type: 'string', array: true, default: [] })
        .option('timeout', {
          describe: 'seconds of emulated time to allow',
          type: 'number',
          default: DEFAULT_TIMEOUT_S,
          requiresArg: true,
        }) as unknown as Argv<RunArgs>,
    handler: async (a) => done(await runProgram(a)),
  };
}
