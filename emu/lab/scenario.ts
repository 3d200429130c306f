/**
 * Scenario files: a lab described in YAML (docs/lab.md has the format).
 *
 *   seed: 42
 *   machines: 3                  # or a list: - name: sun0 / address: ... / exec: [...]
 *   segments:
 *     - name: ether0
 *       kind: hub
 *       latency: 10us
 *       loss: 0.1
 *       jitter: 200us
 *   partitions: [ "sun1@5s-8s" ]
 *   crashes: [ "sun2@12s-20s" ]
 *
 * parseScenario checks the shape — every key known, every value of the
 * right kind — and gives a LabInput; resolveLab (lab-config.ts) then checks
 * that it makes sense as a whole. Errors are one line: the file, the key
 * (`machines[1].address`) and what is wrong with it.
 */
import { readRegularFile } from './host-file.js';
import {
  type CrashInput,
  LabConfigError,
  type LabInput,
  MAX_MACHINES,
  type MachineInput,
  type PartitionInput,
  parseAddress,
  parseCount,
  parseCrash,
  parseDuration,
  parsePartition,
  parseProbability,
  type SegmentInput,
} from './lab-config.js';

/** A scenario file is small: 1 MB is plenty. */
const MAX_SCENARIO_BYTES = 1 << 20;

type Obj = Record<string, unknown>;

function fail(where: string, what: string): never {
  throw new LabConfigError(`${where}: ${what}`);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The keys of `o`, each one of `known`, else a one-line error naming it (`where` ends in ": " at the top of the file). */
function keysOf(o: Obj, known: readonly string[], where: string): string[] {
  for (const k of Object.keys(o))
    if (!known.includes(k))
      fail(
        `${where}${where.endsWith(': ') ? '' : '.'}${k}`,
        `unknown key (the keys here are ${known.join(', ')})`,
      );
  return Object.keys(o);
}

function list(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(where, 'must be a list');
  return v;
}

function text(v: unknown, where: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') fail(where, 'must be a string');
  return v;
}

const TOP = [
  'seed',
  'machines',
  'memory',
  'network',
  'netmask',
  'stats',
  'console-baud',
  'segments',
  'partitions',
  'crashes',
];
const MACHINE = ['name', 'address', 'ether', 'serial', 'memory', 'segment', 'exec'];
const SEGMENT = ['name', 'kind', 'latency', 'loss', 'duplicate', 'corrupt', 'jitter'];
const PARTITION = ['machines', 'from', 'to'];
const CRASH = ['machine', 'at', 'until'];

function machineInput(v: unknown, where: string): MachineInput {
  if (!isObj(v)) fail(where, 'a machine is a map (name, address, ether, serial, memory, segment, exec)');
  const m: MachineInput = { where };
  for (const k of keysOf(v, MACHINE, where)) {
    const x = v[k];
    const w = `${where}.${k}`;
    if (k === 'name') m.name = text(x, w);
    else if (k === 'address') m.address = text(x, w);
    else if (k === 'ether') m.ether = text(x, w);
    else if (k === 'serial') m.serial = parseCount(x, w, 0, 0xffffff);
    else if (k === 'memory') m.memoryMB = parseCount(x, w, 4, 24);
    else if (k === 'segment') m.segment = text(x, w);
    else if (k === 'exec')
      m.exec = typeof x === 'string' ? [x] : list(x, w).map((c, i) => text(c, `${w}[${i}]`));
  }
  return m;
}

function segmentInput(v: unknown, where: string): SegmentInput {
  if (!isObj(v)) fail(where, `a segment is a map (${SEGMENT.join(', ')})`);
  const s: SegmentInput = { where };
  for (const k of keysOf(v, SEGMENT, where)) {
    const x = v[k];
    const w = `${where}.${k}`;
    if (k === 'name') s.name = text(x, w);
    else if (k === 'kind') {
      if (x !== 'hub' && x !== 'switch') fail(w, `${JSON.stringify(x)} is not hub or switch`);
      s.kind = x;
    } else if (k === 'latency') s.latency = parseDuration(x, w);
    else if (k === 'jitter') s.jitter = parseDuration(x, w);
    else if (k === 'loss') s.loss = parseProbability(x, w);
    else if (k === 'duplicate') s.duplicate = parseProbability(x, w);
    else if (k === 'corrupt') s.corrupt = parseProbability(x, w);
  }
  return s;
}

function partitionInput(v: unknown, where: string): PartitionInput {
  if (typeof v === 'string') return parsePartition(v, where);
  if (!isObj(v)) fail(where, 'a partition is NAME[,NAME...]@FROM-TO or a map (machines, from, to)');
  keysOf(v, PARTITION, where);
  for (const k of PARTITION) if (v[k] === undefined) fail(`${where}.${k}`, 'missing');
  const machines =
    typeof v.machines === 'string'
      ? v.machines.split(',').map((s) => s.trim())
      : list(v.machines, `${where}.machines`).map((n, i) => text(n, `${where}.machines[${i}]`));
  return {
    where,
    machines,
    from: parseDuration(v.from, `${where}.from`),
    to: parseDuration(v.to, `${where}.to`),
  };
}

function crashInput(v: unknown, where: string): CrashInput {
  if (typeof v === 'string') return parseCrash(v, where);
  if (!isObj(v)) fail(where, 'a crash is NAME@AT[-UNTIL] or a map (machine, at, until)');
  keysOf(v, CRASH, where);
  for (const k of ['machine', 'at']) if (v[k] === undefined) fail(`${where}.${k}`, 'missing');
  return {
    where,
    machine: text(v.machine, `${where}.machine`),
    at: parseDuration(v.at, `${where}.at`),
    until: v.until === undefined || v.until === null ? null : parseDuration(v.until, `${where}.until`),
  };
}

/** A scenario's text as a LabInput; `name` (the file) begins every error. */
export async function parseScenario(source: string, name: string): Promise<LabInput> {
  const { LineCounter, parseDocument } = await import('yaml');
  const lines = new LineCounter();
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lines.linePos(e.pos[0]).line;
    throw new LabConfigError(`${name}:${line}: ${e.message.split('\n')[0]}`);
  }
  return scenarioInput(doc.toJS({ maxAliasCount: 100 }) ?? {}, name);
}

/**
 * The LabInput of a scenario's data; every `where` in it (and so every
 * error, now or when the lab is resolved) begins with the file's name.
 */
function scenarioInput(root: unknown, file: string): LabInput {
  if (!isObj(root)) fail(file, 'the file must be a map of keys (seed, machines, segments, ...)');
  const input: LabInput = {};
  for (const key of keysOf(root, TOP, `${file}: `)) {
    const v = root[key];
    const k = `${file}: ${key}`;
    if (key === 'seed') {
      input.seed = text(v, k);
      if (input.seed === '') fail(k, 'is empty');
    } else if (key === 'machines') {
      if (typeof v === 'number' || typeof v === 'string')
        input.count = { value: parseCount(v, k, 1, MAX_MACHINES), where: k };
      else input.machines = list(v, k).map((m, i) => machineInput(m, `${k}[${i}]`));
    } else if (key === 'memory') input.memoryMB = { value: parseCount(v, k, 4, 24), where: k };
    else if (key === 'network') input.network = { value: text(v, k), where: k };
    else if (key === 'netmask') {
      parseAddress(text(v, k), k);
      input.netmask = { value: text(v, k), where: k };
    } else if (key === 'stats') input.statsInterval = parseDuration(v, k);
    else if (key === 'console-baud') input.consoleBaud = { value: parseCount(v, k, 110, 38400), where: k };
    else if (key === 'segments') input.segments = list(v, k).map((s, i) => segmentInput(s, `${k}[${i}]`));
    else if (key === 'partitions')
      input.partitions = list(v, k).map((p, i) => partitionInput(p, `${k}[${i}]`));
    else if (key === 'crashes') input.crashes = list(v, k).map((c, i) => crashInput(c, `${k}[${i}]`));
  }
  return input;
}

/** Read and parse the scenario file at `path` (a regular file of at most 1 MB). */
export async function readScenario(path: string): Promise<LabInput> {
  const bytes = readRegularFile(path, { max: MAX_SCENARIO_BYTES, why: 'the size of a scenario file' });
  return parseScenario(Buffer.from(bytes).toString('utf8'), path);
}
