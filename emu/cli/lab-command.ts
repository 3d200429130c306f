/**
 * `sun3lab lab`: a lab of Sun-3/60s on one Ethernet (docs/lab.md). At a
 * terminal, without --exec, it shows the terminal UI (emu/tui); otherwise
 * it runs headless:
 *
 *   sun3lab lab --machines 3 --exec 'sun0:ping -c 3 sun2' --exec 'sun1:arp -a'
 *
 * boots the machines, types each command at its machine's shell (in order
 * per machine, each when the one before has finished; machines at once),
 * prints every console line prefixed with its machine's name (`sun0| ...`)
 * and exits once every command has finished and the machines are quiet,
 * with the status of the last command that failed (0 if none).
 *
 * Without commands, headless, each line of the standard input is
 * typed at a machine — `sun1: ls` at sun1, a plain line at the machine
 * chosen last (sun0 at first), `sun2:` alone chooses sun2; `^C`, `^D`,
 * `^Z` or `^\` typed as two characters send that key at once; `~.` quits.
 * At the end of the input the lab stops once the machines wait for more.
 *
 * Emulated time is paced to the wall clock (at most one lockstep window
 * ahead) unless --fast. Nothing the machines do depends on the pacing or on
 * the host: the same configuration, input and seed give the same output.
 */
import { closeSync, fstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { Engine, TimingModel } from '../cpu/engine.js';
import type { Lab, TypedInput } from '../lab/lab.js';
import type { LabConfig, LabInput } from '../lab/lab-config.js';
import type { RecordingWriter } from '../lab/recording.js';
import { cpuOption, timingOption } from './cpu-option.js';
import { fsReason, ScriptInput } from './host-io.js';
import type { MachineDisk } from './machine-commands.js';
import { checkThreads, threadsOption } from './threads-option.js';

const CYCLES_PER_SECOND = 20_000_000;
/** The lab looks around (scripts done? input? the time?) every 10 ms of emulated time, at fixed instants. */
const CHUNK = CYCLES_PER_SECOND / 100;
/** A script that has not finished after this long (emulated) is given up: --timeout's default. */
const DEFAULT_TIMEOUT_S = 600;
/** Interactive input has ended: the lab stops once the machines have waited this long for more. */
const SETTLE = CYCLES_PER_SECOND / 2;
/** Keys typed as two characters in interactive input. */
const KEYS: Record<string, string> = { '^C': '\x03', '^D': '\x04', '^Z': '\x1a', '^\\': '\x1c' };

export interface LabArgs {
  machines?: string;
  scenario?: string;
  seed?: string;
  mem?: string;
  consoleBaud?: string;
  netLoss?: string;
  netDuplicate?: string;
  netCorrupt?: string;
  netJitter?: string;
  partition?: string[];
  crash?: string[];
  exec?: string[];
  pcap?: string;
  events?: string;
  diskDir?: string;
  fast?: boolean;
  timeout?: number;
  record?: string;
  replay?: string;
  udpLink?: string;
  mcastLink?: string;
  headless?: boolean;
  cpu?: Engine;
  threads?: number;
  /** --gdb NAME:PORT: gdb on that machine (docs/debugging.md). */
  gdb?: string[];
  timing?: TimingModel;
  /** What every machine traces into the event stream (docs/tracing.md). */
  traceWhat?: string;
}

/** The classes of --trace-what, or a one-line error. */
async function labTraceClasses(list: string | undefined) {
  if (list === undefined) return undefined;
  const { parseTraceClasses } = await import('../../kernel/ktrace.js');
  const classes = parseTraceClasses(list);
  if (typeof classes === 'string') throw new Error(`--trace-what: ${classes}`);
  return classes;
}

/** The flags that change the configuration (not allowed with --replay). */
const CONFIG_FLAGS: (keyof LabArgs)[] = [
  'machines',
  'scenario',
  'seed',
  'mem',
  'consoleBaud',
  'netLoss',
  'netDuplicate',
  'netCorrupt',
  'netJitter',
  'partition',
  'crash',
  'exec',
  'diskDir',
  'record',
];

function flag(k: string): string {
  return `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The command line's part of the configuration. */
async function flagsInput(a: LabArgs): Promise<LabInput> {
  const c = await import('../lab/lab-config.js');
  const input: LabInput = {};
  if (a.machines !== undefined)
    input.count = { value: c.parseCount(a.machines, '--machines', 1, c.MAX_MACHINES), where: '--machines' };
  if (a.seed !== undefined) input.seed = String(a.seed);
  if (a.mem !== undefined) input.memoryMB = { value: c.parseCount(a.mem, '--mem', 4, 24), where: '--mem' };
  if (a.consoleBaud !== undefined)
    input.consoleBaud = {
      value: c.parseCount(a.consoleBaud, '--console-baud', 110, 38400),
      where: '--console-baud',
    };
  const faults: LabInput['faults'] = {};
  if (a.netLoss !== undefined)
    faults.loss = { value: c.parseProbability(a.netLoss, '--net-loss'), where: '--net-loss' };
  if (a.netDuplicate !== undefined)
    faults.duplicate = {
      value: c.parseProbability(a.netDuplicate, '--net-duplicate'),
      where: '--net-duplicate',
    };
  if (a.netCorrupt !== undefined)
    faults.corrupt = { value: c.parseProbability(a.netCorrupt, '--net-corrupt'), where: '--net-corrupt' };
  if (a.netJitter !== undefined)
    faults.jitter = { value: c.parseDuration(a.netJitter, '--net-jitter'), where: '--net-jitter' };
  if (Object.keys(faults).length > 0) input.faults = faults;
  if (a.partition) input.partitions = a.partition.map((p) => c.parsePartition(p, `--partition ${p}`));
  if (a.crash) input.crashes = a.crash.map((p) => c.parseCrash(p, `--crash ${p}`));
  if (a.exec) input.exec = a.exec.map((e) => c.parseExec(e, `--exec ${e}`));
  return input;
}

/** Where segment `name`'s capture goes: FILE itself for a lab of one segment, else FILE-NAME.ext. */
function pcapPath(file: string, name: string, segments: number): string {
  if (segments === 1) return file;
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}-${name}${ext}`;
}

/** Output files that must be closed however the lab ends. */
class Outputs {
  private readonly closers: (() => void)[] = [];
  add(close: () => void): void {
    this.closers.push(close);
  }
  closeAll(): void {
    for (const c of this.closers.splice(0)) {
      try {
        c();
      } catch {
        // closing after an error: the first error is the one to report
      }
    }
  }
}

function openOut(path: string, what: string): number {
  try {
    return openSync(path, 'w');
  } catch (err) {
    throw new Error(`${what} ${path}: ${fsReason(err)}`);
  }
}

/** The disks of --disk-dir DIR: DIR/NAME.img for each machine, made from the committed image if missing. */
async function openDiskDir(dir: string, config: LabConfig): Promise<MachineDisk[]> {
  const { openDisk, releaseDisk } = await import('./machine-commands.js');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(`--disk-dir ${dir}: ${fsReason(err)}`);
  }
  const disks: MachineDisk[] = [];
  try {
    for (const m of config.machines) {
      const file = join(dir, `${m.name}.img`);
      disks.push(await openDisk(file, `--disk-dir ${dir}: ${m.name}.img`));
    }
  } catch (err) {
    for (const d of disks) releaseDisk(d);
    throw err;
  }
  return disks;
}

export async function labCommand(a: LabArgs): Promise<number> {
  const c = await import('../lab/lab-config.js');
  const { readScenario } = await import('../lab/scenario.js');
  const { releaseDisk } = await import('./machine-commands.js');
  const { rootImage } = await import('./root-image.js');
  const snap = await import('./lab-snapshot.js');
  // Started from a snapshot holding a booted lab (emu/cli/lab-snapshot.ts): its image is the one.
  const imageP = snap.hasBootedLab() ? null : rootImage();
  imageP?.catch(() => {});
  const building = snap.buildingSnapshot();

  // A person at a terminal gets the UI, unless --exec asks for a scripted run (or --headless).
  const ui =
    !building && !!process.stdin.isTTY && !!process.stdout.isTTY && a.exec === undefined && !a.headless;

  // The configuration: a recording's, or the scenario's with the flags on top.
  let config: LabConfig;
  let replay: import('../lab/recording.js').Recording | null = null;
  if (a.replay !== undefined) {
    for (const k of CONFIG_FLAGS)
      if (a[k] !== undefined)
        throw new Error(
          `--replay: the recording holds the lab's configuration and input; leave out ${flag(k)}`,
        );
    const { isEventStream, replayEventStream } = await import('../tui/replay-events.js');
    if (isEventStream(a.replay)) {
      for (const k of ['pcap', 'events', 'udpLink', 'mcastLink', 'timeout'] as const)
        if (a[k] !== undefined)
          throw new Error(
            `--replay ${a.replay} is an event stream: no machine runs to give ${flag(k)} anything; leave it out`,
          );
      return replayEventStream(a.replay, { ui, fast: !!a.fast });
    }
    const { readRecording } = await import('../lab/recording.js');
    replay = readRecording(a.replay);
    config = c.resolveLab(c.inputOf(replay.config, `--replay ${a.replay}`));
  } else {
    const scenario = a.scenario !== undefined ? await readScenario(a.scenario) : {};
    config = c.resolveLab(c.overlay(scenario, await flagsInput(a)));
  }
  const link = await linkOptions(a);
  if (a.record !== undefined && a.diskDir !== undefined)
    throw new Error(
      '--record and --disk-dir: a recording starts from the committed image, not from disks kept between runs',
    );
  const scripted = config.machines.some((m) => m.exec.length > 0);
  // A script, a recording or piped input may never end: give up after a while. A person quits with ~.
  const timeoutS =
    a.timeout ?? (!ui && (scripted || replay || !process.stdin.isTTY) ? DEFAULT_TIMEOUT_S : undefined);

  // What a booted lab in a snapshot must have been made with to stand for this one.
  const bootKey = JSON.stringify({
    config,
    cpu: a.cpu ?? null,
    timing: a.timing ?? null,
    threads: a.threads ?? 1,
  });
  const plain =
    !replay &&
    !scripted &&
    a.diskDir === undefined &&
    a.record === undefined &&
    a.pcap === undefined &&
    a.gdb === undefined &&
    a.traceWhat === undefined &&
    link === null &&
    (a.threads ?? 1) === 1;
  if (building) {
    if (!plain) throw new Error('only a lab with no script, files or links is booted into a snapshot');
    const image = await (imageP ?? rootImage());
    const { Lab } = await import('../lab/lab.js');
    snap.bootForSnapshot(new Lab(config, { image, engine: a.cpu, timing: a.timing }), bootKey, image, CHUNK);
    // The terminal UI's modules (blessed among them) are loaded now, so that the snapshot holds them.
    (await import('../tui/tui.js')).prepareForSnapshot();
    return 0;
  }
  const booted = plain ? snap.takeBootedLab(bootKey) : null;
  // A lab from the snapshot has the image in its disks (packed): read only if a recording asks for it.
  const loaded = booted === null ? await (imageP ?? rootImage()) : null;
  const image = async () => loaded ?? rootImage();
  if (replay) {
    const { imageDigest } = await import('../lab/recording.js');
    if (imageDigest(await image()) !== replay.image)
      throw new Error(
        `--replay ${a.replay}: recorded on another root image (images/root.img.gz has changed since)`,
      );
  }
  const disks = a.diskDir !== undefined ? await openDiskDir(a.diskDir, config) : [];
  const outputs = new Outputs();
  let lab: Lab | null = null;
  let diskError: Error | null = null;
  let status: number;
  try {
    const { Lab } = await import('../lab/lab.js');
    lab =
      booted ??
      new Lab(config, {
        image: await image(),
        disks: disks.map((d) => d.file ?? undefined),
        engine: a.cpu,
        // gdb holds a machine's Station in this thread: a lab with --gdb runs on one thread.
        threads: a.gdb?.length ? 1 : a.threads,
        timing: a.timing,
        traceWhat: await labTraceClasses(a.traceWhat),
      });
    status = await drive(lab, a, config, image, outputs, { replay, timeoutS, link, ui, booted: !!booted });
  } finally {
    outputs.closeAll();
    if (lab) {
      for (const [i, d] of disks.entries()) {
        const st = lab.machines[i].station;
        // A machine that is up is shut down cleanly onto its disk; one that is off or halted keeps what it wrote.
        if (!st.halted && !st.poweredOff) {
          try {
            st.shutdown();
            d.file?.flush();
          } catch (err) {
            diskError ??= d.file?.error ?? (err as Error);
          }
        }
        diskError ??= d.file?.error ?? null;
      }
      for (const m of lab.members) process.stderr.write(`${m.name}: ${m.statsLine()}\n`);
    }
    for (const d of disks) releaseDisk(d);
  }
  // A disk that could not be written is the error to report.
  if (diskError) throw diskError;
  return status;
}

interface DriveOptions {
  replay: import('../lab/recording.js').Recording | null;
  timeoutS: number | undefined;
  link: import('../net/udp-link.js').UdpLinkOptions | null;
  /** Show the terminal UI (a person at a terminal), not the headless output. */
  ui: boolean;
  /** The lab was booted to its prompts in the start-up snapshot this process started from. */
  booted: boolean;
}

/**
 * The files the lab writes as it runs: the captures (--pcap), the events
 * (--events), the recording (--record), all closed by `outputs`.
 */
async function openFiles(
  lab: Lab,
  a: LabArgs,
  config: LabConfig,
  image: () => Promise<Uint8Array>,
  outputs: Outputs,
): Promise<RecordingWriter | null> {
  const { PcapWriter } = await import('../net/pcap.js');
  const { DEFAULT_EPOCH } = await import('../machine/sun3.js');
  if (a.pcap !== undefined)
    for (const s of config.segments) {
      const path = pcapPath(a.pcap, s.name, config.segments.length);
      let w: ReturnType<typeof PcapWriter.create>;
      try {
        w = PcapWriter.create(path, { epochMs: Date.parse(DEFAULT_EPOCH) });
      } catch (err) {
        throw new Error(`--pcap ${path}: ${fsReason(err)}`);
      }
      outputs.add(() => w.close());
      lab.capture(s.name, w);
    }
  if (a.events !== undefined) {
    const fd = openOut(a.events, '--events');
    outputs.add(() => closeSync(fd));
    lab.onEvent((e) => writeSync(fd, `${JSON.stringify(e)}\n`));
  }
  if (a.record === undefined) return null;
  const { RecordingWriter } = await import('../lab/recording.js');
  const recorder = new RecordingWriter(a.record, await image(), config);
  lab.onInput((x: TypedInput) => recorder.input(x));
  return recorder;
}

/** The UDP link --udp-link or --mcast-link asks for (checked before anything runs), or null. */
async function linkOptions(a: LabArgs): Promise<import('../net/udp-link.js').UdpLinkOptions | null> {
  if (a.udpLink === undefined && a.mcastLink === undefined) return null;
  for (const k of ['fast', 'record', 'replay'] as const)
    if (a[k] !== undefined)
      throw new Error(
        `a UDP link ties the lab to real time (frames come when they come): leave out ${flag(k)}`,
      );
  const { parseHostPort } = await import('../net/udp-link.js');
  if (a.mcastLink !== undefined) return { mcast: parseHostPort(a.mcastLink, '--mcast-link') };
  const [local, remote] = (a.udpLink ?? '').split(',');
  if (remote === undefined)
    throw new Error(`--udp-link: "${a.udpLink}" is not LOCAL,REMOTE (such as 127.0.0.1:5556,127.0.0.1:5555)`);
  return { local: parseHostPort(local, '--udp-link'), remote: parseHostPort(remote, '--udp-link') };
}

/** Open the link on the lab's first segment. */
async function openLink(
  lab: Lab,
  o: import('../net/udp-link.js').UdpLinkOptions,
  config: LabConfig,
  outputs: Outputs,
): Promise<import('../net/udp-link.js').UdpLink> {
  const { UdpLink } = await import('../net/udp-link.js');
  const link = await UdpLink.open(o);
  outputs.add(() => link.close());
  link.attach(lab.bridgePort(config.segments[0].name));
  return link;
}

/**
 * Who watches the lab and types at it: the headless printer and line
 * reader, or the terminal UI.
 */
interface Frontend {
  /** Hand the lab what was typed, and show what it printed: after every step, and every wait. */
  update(): void;
  /** The person asked to quit (~. and the like). */
  readonly quitting: boolean;
  /** At the fixed instants: has the run come to its end by this front end's rule? */
  ended(): 'done' | 'end of input' | null;
  /** The lab has finished (its end event is out): show the last of it. */
  finished(): Promise<void>;
  /** Stop reading and showing, however the run ended. */
  close(): void;
}

/**
 * Headless: console lines to standard output prefixed with the machine's
 * name; without a script, lines of the standard input typed at the
 * machines (`sun1: ls`, `^C`, `~.`).
 */
function headless(lab: Lab, config: LabConfig, interactive: boolean): Frontend {
  let out: string[] = [];
  const names = config.machines.map((m) => m.name);
  lab.onLine((i, text) => out.push(`${names[i]}| ${text}\n`));
  const flushOut = () => {
    if (out.length === 0) return;
    process.stdout.write(out.join(''));
    out = [];
  };
  const input = interactive ? new ScriptInput(process.stdin, true) : null;
  // Input known to be empty (/dev/null, an empty file) has ended from the start, not when its end is
  // first read: the run ends at the same instant however busy the host is.
  const empty = interactive && emptyStdin();
  let current = 0;
  const dispatch = (): void => {
    if (!input) return;
    for (let l = input.nextLine(); l !== null; l = input.nextLine()) {
      let text = Buffer.from(l)
        .toString('latin1')
        .replace(/[\r\n]+$/, '');
      const m = /^([A-Za-z][A-Za-z0-9-]*):\s?(.*)$/.exec(text);
      if (m && names.includes(m[1])) {
        current = names.indexOf(m[1]);
        text = m[2];
        if (text === '') continue;
      }
      if (KEYS[text.trim()] !== undefined) lab.queueKeys(current, KEYS[text.trim()]);
      else lab.typeLine(current, text);
    }
  };
  let settleFrom = -1;
  return {
    update() {
      flushOut();
      dispatch();
    },
    get quitting() {
      return input?.quit ?? false;
    },
    ended() {
      if (!input) return lab.settled ? 'done' : null;
      if ((empty || input.exhausted) && lab.waitingForInput) {
        if (settleFrom < 0) settleFrom = lab.now;
        if (lab.now - settleFrom >= SETTLE) return 'end of input';
      } else settleFrom = -1;
      return null;
    },
    async finished() {
      flushOut();
    },
    close() {
      input?.close();
    },
  };
}

/**
 * The terminal UI (emu/tui): the consoles, the machines' status, the
 * processes, the events. It never ends the run by itself: the person quits
 * (~. or ^A q); when the lab stops first (a replay's end, --timeout), what
 * it showed stays on the screen until then.
 */
async function terminalUi(lab: Lab, config: LabConfig): Promise<Frontend> {
  const { LabTui } = await import('../tui/tui.js');
  const ui = new LabTui({
    names: config.machines.map((m) => m.name),
    snapshot: (i) => lab.snapshot(i),
    type: (i, bytes) => lab.typeKeys(i, bytes),
    // ^A m: the migrate command, typed at that machine's shell as --exec types one (when the shell reads).
    migrate: (i, pid, to) => lab.exec(i, `migrate ${pid} ${to}`),
  });
  lab.onEvent((e) => ui.model.event(e));
  lab.onOutput((i, bytes) => ui.model.output(i, bytes));
  let closed = false;
  return {
    update: () => ui.refresh(),
    get quitting() {
      return ui.quit;
    },
    ended: () => null,
    async finished() {
      if (!ui.quit) await ui.untilQuit();
    },
    close() {
      if (closed) return;
      closed = true;
      ui.destroy();
    },
  };
}

/** Run the lab to its end; returns the exit status. */
/** --gdb NAME:PORT...: the lab's gdb listeners. */
async function labGdb(lab: Lab, specs: string[]): Promise<import('../debug/lab-gdb.js').LabGdb> {
  const { LabGdb } = await import('../debug/lab-gdb.js');
  return LabGdb.attach(lab, specs, (line) => process.stderr.write(`sun3lab: ${line}\n`));
}

async function drive(
  lab: Lab,
  a: LabArgs,
  config: LabConfig,
  image: () => Promise<Uint8Array>,
  outputs: Outputs,
  o: DriveOptions,
): Promise<number> {
  const { Pacer } = await import('../lab/pacing.js');
  const recorder = await openFiles(lab, a, config, image, outputs);
  if (o.replay) lab.replay(o.replay.inputs);
  const link = o.link ? await openLink(lab, o.link, config, outputs) : null;
  // Interactive input: only when no script and no recording drives the lab.
  const interactive = !o.replay && !config.machines.some((m) => m.exec.length > 0);
  const front = o.ui ? await terminalUi(lab, config) : headless(lab, config, interactive);
  const gdb = a.gdb?.length ? await labGdb(lab, a.gdb) : null;

  let quit = false;
  const onSigint = () => {
    quit = true;
  };
  process.on('SIGINT', onSigint);

  let pacer = a.fast ? null : new Pacer(lab.window, lab.now);
  const deadline =
    o.timeoutS === undefined ? Number.POSITIVE_INFINITY : Math.round(o.timeoutS * CYCLES_PER_SECOND);
  const replayEnd = o.replay?.end?.t ?? null;
  let reason = 'done' as 'done' | 'timeout' | 'quit' | 'end of input' | 'replayed';
  // The exit status, if not the lab's own (that of the last command that failed).
  let status: number | undefined;
  /** At a fixed instant: is the run over (true), and why? */
  const atInstant = (): boolean => {
    if (replayEnd !== null && lab.now >= replayEnd) {
      reason = 'replayed';
      status = o.replay?.end?.status ?? 0;
      return true;
    }
    if (lab.now >= deadline) {
      reason = 'timeout';
      status = 1;
      return true;
    }
    const ended = o.replay ? null : front.ended();
    if (ended) reason = ended;
    return ended !== null;
  };
  try {
    try {
      // A lab from a snapshot stands at the fixed instant its boot stopped at: the listeners get what it
      // reported until then, and the instant is looked at, as they were in a lab that booted here.
      let over = false;
      if (o.booted) {
        lab.retell();
        front.update();
        over = !(quit || front.quitting) && atInstant();
      }
      while (!over) {
        const boundary = (Math.floor(lab.now / CHUNK) + 1) * CHUNK;
        let end = Math.min(boundary, deadline, replayEnd ?? Number.POSITIVE_INFINITY);
        if (pacer) {
          const allowed = pacer.allowed(lab.now);
          if (allowed - lab.now < lab.window) {
            // Less than a window to go: wait for the wall clock rather than crawl.
            front.update();
            await sleep(pacer.waitMs(lab.now));
            front.update();
            if (quit || front.quitting) break;
            continue;
          }
          end = Math.min(end, allowed);
        }
        // gdb holding a machine stops the whole lab's clock; the wall clock's pace starts afresh after.
        if (gdb && (await gdb.hold()) && pacer) pacer = new Pacer(lab.window, lab.now);
        if (quit || front.quitting) break;
        link?.deliver(lab.now);
        lab.runTo(end);
        if (lab.held) continue; // gdb stopped a machine in this run
        front.update();
        if (quit || front.quitting) break;
        if (lab.now % CHUNK !== 0 && lab.now !== deadline && lab.now !== replayEnd) continue;
        // At the fixed instants: is it over?
        if (atInstant()) break;
        if (!pacer) await new Promise((r) => setImmediate(r));
      }
      await gdb?.close();
      if (quit || front.quitting) reason = 'quit';
      if (quit) status = 130; // interrupted (^C at the host's terminal), as a shell reports it
    } finally {
      process.off('SIGINT', onSigint);
    }
    status = lab.finish(reason, status);
    await front.finished();
  } finally {
    front.close();
  }
  recorder?.end(lab.now, reason, status);
  if (reason === 'timeout') {
    const left = lab.members
      .filter((m) => !m.settled)
      .map(
        (m) =>
          `${m.name} (${m.pendingCommands > 0 ? `${m.pendingCommands} command(s) unfinished` : m.state === 'booting' ? '/etc/rc has not finished' : 'not idle'})`,
      );
    process.stderr.write(
      `sun3lab: still running after ${o.timeoutS} s of emulated time (--timeout): ${left.join(', ') || 'the schedule'}\n`,
    );
  } else if (lab.failed && reason === 'done')
    process.stderr.write(
      `sun3lab: ${lab.failed.machine}: ${lab.failed.text}: exit status ${lab.failed.status}\n`,
    );
  return status;
}

/** Is the standard input /dev/null or an empty file? (emu/cli/sun3lab.js asks the same.) */
function emptyStdin(): boolean {
  try {
    const s = fstatSync(0);
    return (s.isFile() && s.size === 0) || (s.isCharacterDevice() && s.rdev === statSync('/dev/null').rdev);
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const LAB_USAGE = `$0 lab [options]

Boot a lab of Sun-3/60s on one simulated Ethernet (3 machines by default:
sun0, sun1, sun2 at 192.9.200.1, .2, .3).

At a terminal (and without --exec) it is full-screen: one machine's console,
every machine's status, the processes, the events. F1-F12 or ^A n, ^A p,
^A 0-9 choose the machine you type at; PgUp/PgDn scroll back; ~. at the
start of a line, or ^A q, quits.

Otherwise (--exec, --headless, or input or output not a terminal) it prints
every console, line by line, prefixed with the machine's name.

With --exec NAME:COMMAND (or a scenario's exec lists) each command is typed
at that machine's shell once /etc/rc has finished, in order, each when the
one before has finished; the lab exits when all have, with the status of the
last command that failed (0 if none).

Without commands, each line of the standard input is typed at a machine:
"sun1: ls" at sun1, a plain line at the machine chosen last (sun0 at first);
"^C", "^D", "^Z" typed as two characters send that key; "~." quits.

Times are seconds (5, 1.5) or have a unit: 5s, 250ms, 10us.`;

export function labCommandModule(done: (status: number) => void): CommandModule<object, LabArgs> {
  return {
    command: 'lab',
    describe:
      'Boot a lab of Sun-3/60s on one Ethernet: full-screen at a terminal, else headless (--exec NAME:COMMAND scripts it)',
    builder: (y) =>
      threadsOption(timingOption(cpuOption(y)))
        .usage(LAB_USAGE)
        .option('machines', {
          describe: 'how many machines (1-128; default 3)',
          type: 'string',
          requiresArg: true,
        })
        .option('scenario', {
          describe: 'a scenario file (YAML): machines, segments, faults, scripts',
          type: 'string',
          requiresArg: true,
        })
        .option('exec', {
          describe: "type COMMAND at NAME's shell ('sun0:ping -c 3 sun2'); repeatable",
          type: 'string',
          array: true,
          requiresArg: true,
        })
        .option('seed', {
          describe: 'seed of the faults (a number or a word; default 1)',
          type: 'string',
          requiresArg: true,
        })
        .option('mem', {
          describe: 'memory of each machine in MB (4-24; default 8)',
          type: 'string',
          requiresArg: true,
        })
        .option('console-baud', {
          describe: 'every console line speed in baud (110 ... 38400; default 38400; 9600: a real Sun)',
          type: 'string',
          requiresArg: true,
        })
        .option('net-loss', {
          describe: 'probability that a frame is lost (0-1)',
          type: 'string',
          requiresArg: true,
        })
        .option('net-duplicate', {
          describe: 'probability that a frame is duplicated',
          type: 'string',
          requiresArg: true,
        })
        .option('net-corrupt', {
          describe: 'probability that a frame is damaged (bad FCS)',
          type: 'string',
          requiresArg: true,
        })
        .option('net-jitter', {
          describe: 'largest extra delay of a frame (reorders them), e.g. 200us',
          type: 'string',
          requiresArg: true,
        })
        .option('partition', {
          describe: 'cut machines off: NAME[,NAME...]@FROM-TO (sun1@5s-8s); repeatable',
          type: 'string',
          array: true,
          requiresArg: true,
        })
        .option('crash', {
          describe: 'power a machine off at AT (and on at UNTIL): NAME@AT[-UNTIL]; repeatable',
          type: 'string',
          array: true,
          requiresArg: true,
        })
        .option('pcap', {
          describe: 'capture the Ethernet to FILE (pcap)',
          type: 'string',
          requiresArg: true,
        })
        .option('events', {
          describe: 'write the event stream to FILE (JSON lines)',
          type: 'string',
          requiresArg: true,
        })
        .option('trace-what', {
          describe:
            'trace every machine into the event stream: a comma-separated list of syscalls, faults, interrupts, signals, sched, net, instructions, or all (docs/tracing.md)',
          type: 'string',
          requiresArg: true,
        })
        .option('disk-dir', {
          describe: "keep each machine's disk in DIR/NAME.img (written through, locked)",
          type: 'string',
          requiresArg: true,
        })
        .option('fast', {
          describe: 'run as fast as the host can, not paced to the wall clock',
          type: 'boolean',
        })
        .option('timeout', {
          describe: 'give up after this many seconds of emulated time (default 600 with scripts)',
          type: 'number',
          requiresArg: true,
        })
        .option('record', {
          describe: 'record the session (everything typed, with its cycle) to FILE',
          type: 'string',
          requiresArg: true,
        })
        .option('replay', {
          describe: 'replay a recorded session (--record), or watch an event stream (--events)',
          type: 'string',
          requiresArg: true,
        })
        .option('udp-link', {
          describe:
            "join the first segment to a UDP peer, QEMU's socket format: LOCAL,REMOTE (host:port each)",
          type: 'string',
          requiresArg: true,
        })
        .option('mcast-link', {
          describe: 'join the first segment to a UDP multicast group GROUP:PORT (QEMU -netdev socket,mcast=)',
          type: 'string',
          requiresArg: true,
        })
        .option('gdb', {
          describe: 'gdb on a machine: NAME:PORT on 127.0.0.1 (repeatable; docs/debugging.md)',
          type: 'string',
          array: true,
          requiresArg: true,
        })
        .option('headless', {
          describe: 'no terminal UI, even on a terminal: consoles printed line by line (sun0| ...)',
          type: 'boolean',
        })
        .check((x) => {
          if (
            x.timeout !== undefined &&
            !(typeof x.timeout === 'number' && x.timeout > 0 && Number.isFinite(x.timeout))
          )
            throw new Error('--timeout must be a number of seconds greater than 0');
          checkThreads(x.threads);
          return true;
        }) as unknown as Argv<LabArgs>,
    handler: async (a) => done(await labCommand(a)),
  };
}
