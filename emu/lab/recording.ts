/**
 * Recordings of a lab session (--record FILE, --replay FILE): the
 * configuration, a digest of the root image, everything typed at every
 * console stamped with the emulated cycle at which it was typed, and the
 * cycle at which the session ended. A run being a pure function of its
 * image, configuration, input and seed, replaying a recording gives the
 * same consoles, events and captures as the session did.
 *
 * The file is JSON lines, written as the session goes (so a session that
 * is killed leaves a recording of what happened up to then):
 *   {"recording":"sun3lab lab","v":1,"image":"sha256...","config":{...}}
 *   {"t":13708114,"machine":"sun0","kind":"command","text":"ping -c 3 sun2\n"}
 *   ...
 *   {"end":59600000,"reason":"done","status":0}
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { InputKind } from './console-script.js';
import { fsReason, readRegularFile } from './host-file.js';
import type { TypedInput } from './lab.js';
import type { LabConfig } from './lab-config.js';

export const RECORDING_VERSION = 1;
/** A recording is text: 64 MB is far more than anyone types. */
const MAX_RECORDING_BYTES = 64 << 20;

export interface Recording {
  image: string;
  config: LabConfig;
  inputs: TypedInput[];
  /** The cycle the session ended at, and how (null: the recording was cut short). */
  end: { t: number; reason: string; status: number } | null;
}

/** The digest that ties a recording to its root image. */
export function imageDigest(image: Uint8Array): string {
  return createHash('sha256').update(image).digest('hex');
}

export class RecordingWriter {
  private readonly fd: number;

  constructor(
    path: string,
    image: Uint8Array,
    private readonly config: LabConfig,
  ) {
    try {
      this.fd = openSync(path, 'w');
    } catch (err) {
      throw new Error(`--record ${path}: ${fsReason(err)}`);
    }
    this.line({ recording: 'sun3lab lab', v: RECORDING_VERSION, image: imageDigest(image), config });
  }

  private line(o: unknown): void {
    writeSync(this.fd, `${JSON.stringify(o)}\n`);
  }

  input(x: TypedInput): void {
    this.line({ t: x.t, machine: this.config.machines[x.machine].name, kind: x.kind, text: x.text });
  }

  end(t: number, reason: string, status: number): void {
    this.line({ end: t, reason, status });
    closeSync(this.fd);
  }
}

const KINDS: readonly InputKind[] = ['command', 'line', 'keys'];

/** Read a recording; a one-line error naming the file and the line if it is not one. */
export function readRecording(path: string): Recording {
  const label = `--replay ${path}`;
  const text = Buffer.from(
    readRegularFile(path, { max: MAX_RECORDING_BYTES, why: 'the size of a recording', label }),
  ).toString('utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const bad = (n: number, what: string): never => {
    throw new Error(`${label}:${n}: ${what}`);
  };
  const parse = (l: string, n: number): Record<string, unknown> => {
    try {
      const o = JSON.parse(l);
      if (typeof o === 'object' && o !== null && !Array.isArray(o)) return o;
    } catch {
      // below
    }
    return bad(n, 'not a JSON object');
  };
  if (lines.length === 0) bad(1, 'empty: not a recording');
  const head = parse(lines[0], 1);
  if (head.recording !== 'sun3lab lab') bad(1, 'not a recording of sun3lab lab');
  if (head.v !== RECORDING_VERSION)
    bad(1, `version ${JSON.stringify(head.v)}; this sun3lab reads version ${RECORDING_VERSION}`);
  if (typeof head.image !== 'string' || typeof head.config !== 'object' || head.config === null)
    bad(1, 'no image digest or configuration');
  const config = head.config as LabConfig;
  if (!Array.isArray(config.machines)) bad(1, 'the configuration has no machines');
  const names = config.machines.map((m) => m.name);
  const inputs: TypedInput[] = [];
  let end: Recording['end'] = null;
  let last = 0;
  for (let i = 1; i < lines.length; i++) {
    const o = parse(lines[i], i + 1);
    if (end !== null) bad(i + 1, 'something after the end');
    if (o.end !== undefined) {
      if (!Number.isSafeInteger(o.end) || (o.end as number) < last) bad(i + 1, 'a bad end cycle');
      end = { t: o.end as number, reason: String(o.reason ?? 'replayed'), status: Number(o.status ?? 0) };
      continue;
    }
    const machine = names.indexOf(String(o.machine));
    if (!Number.isSafeInteger(o.t) || (o.t as number) < last) bad(i + 1, 'a cycle out of order');
    if (machine < 0) bad(i + 1, `no machine ${JSON.stringify(o.machine)} in the configuration`);
    if (!KINDS.includes(o.kind as InputKind) || typeof o.text !== 'string') bad(i + 1, 'not a typed input');
    last = o.t as number;
    inputs.push({ t: last, machine, kind: o.kind as InputKind, text: o.text as string });
  }
  return { image: head.image as string, config, inputs, end };
}
