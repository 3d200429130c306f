/**
 * Running a lab in the test process: a configuration from a LabInput (as a
 * scenario or the command line would give), the committed root image, and
 * everything the lab reports collected — console lines, events (each one
 * checked against the schema as it comes), the capture of each segment.
 */
import { eventProblem, type LabEvent } from '../../emu/lab/events.js';
import { Lab, type LabOptions } from '../../emu/lab/lab.js';
import { type LabInput, resolveLab } from '../../emu/lab/lab-config.js';
import { PcapWriter } from '../../emu/net/pcap.js';
import { rootImage } from '../kernel/helpers.js';

export const SECOND = 20_000_000;
const CHUNK = SECOND / 100;

/** --exec NAME:COMMAND, as the command line gives them. */
export function execs(...specs: string[]): LabInput['exec'] {
  return specs.map((s) => {
    const i = s.indexOf(':');
    return { machine: s.slice(0, i), command: s.slice(i + 1), where: `--exec ${s}` };
  });
}

export interface LabRun {
  lab: Lab;
  /** "sun0| text" lines, in order. */
  lines: string[];
  events: LabEvent[];
  /** The events as JSON lines, as --events writes them. */
  eventText(): string;
  /** The capture of segment `name` (default the first). */
  pcap(name?: string): Uint8Array;
  /** Lines of one machine, without the prefix. */
  console(name: string): string[];
  /** Run until `done` (checked every 10 ms of emulated time) or `seconds` pass; throws then. */
  runUntil(done: () => boolean, seconds: number): void;
  /** Run until the scripts have finished and the lab is settled, then finish it. */
  settle(seconds?: number): void;
}

export function startLab(input: LabInput, opts: Partial<LabOptions> = {}): LabRun {
  const config = resolveLab(input);
  const lab = new Lab(config, { image: rootImage(), ...opts });
  const lines: string[] = [];
  const events: LabEvent[] = [];
  lab.onLine((i, text) => lines.push(`${config.machines[i].name}| ${text}`));
  lab.onEvent((e) => {
    const problem = eventProblem(JSON.parse(JSON.stringify(e)));
    if (problem) throw new Error(`event ${JSON.stringify(e)}: ${problem}`);
    events.push(e);
  });
  const captures = new Map<string, Uint8Array[]>();
  for (const s of config.segments) {
    const chunks: Uint8Array[] = [];
    captures.set(s.name, chunks);
    lab.capture(s.name, new PcapWriter((c) => chunks.push(Uint8Array.from(c))));
  }
  const run: LabRun = {
    lab,
    lines,
    events,
    eventText: () => events.map((e) => `${JSON.stringify(e)}\n`).join(''),
    pcap: (name = config.segments[0].name) => new Uint8Array(Buffer.concat(captures.get(name) ?? [])),
    console: (name) => lines.filter((l) => l.startsWith(`${name}| `)).map((l) => l.slice(name.length + 2)),
    runUntil(done, seconds) {
      const end = lab.now + seconds * SECOND;
      while (!done()) {
        if (lab.now >= end)
          throw new Error(`still running after ${seconds} s:\n${lines.slice(-40).join('\n')}`);
        lab.runTo((Math.floor(lab.now / CHUNK) + 1) * CHUNK);
      }
    },
    settle(seconds = 120) {
      run.runUntil(() => lab.settled, seconds);
      lab.finish('done');
    },
  };
  return run;
}

/** Three machines on a lossy, jittery hub, pinging each other at once. */
export function lossy(seed: string): LabInput {
  return {
    seed,
    faults: {
      loss: { value: 0.1, where: '--net-loss' },
      jitter: { value: 4000, where: '--net-jitter' },
    },
    exec: execs('sun0:ping -c 6 sun2', 'sun1:ping -c 6 sun0', 'sun2:ping -c 6 sun1', 'sun0:arp -a'),
  };
}

const BROADCAST = 'ping -c 5 192.9.200.255';

/** Four machines on a hub that loses, duplicates, damages and delays frames; each pings the broadcast address. */
export function storm(seed: string): LabInput {
  const names = ['sun0', 'sun1', 'sun2', 'sun3'];
  return {
    seed,
    count: { value: 4, where: '--machines' },
    faults: {
      loss: { value: 0.1, where: '--net-loss' },
      duplicate: { value: 0.1, where: '--net-duplicate' },
      corrupt: { value: 0.1, where: '--net-corrupt' },
      jitter: { value: 6000, where: '--net-jitter' },
    },
    exec: execs(...names.map((n) => `${n}:${BROADCAST}`), ...names.map((n) => `${n}:ifconfig le0`)),
  };
}
