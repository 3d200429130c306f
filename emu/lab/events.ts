/**
 * The lab's event stream: one versioned schema for everything the lab
 * reports as it runs — machines powering on, booting, halting; the
 * commands of a script; processes forking, exiting and being waited for;
 * partitions; frame and CPU counters. `sun3lab lab --events FILE` writes it
 * as JSON lines, the terminal UI folds it into its views, and the tests
 * read it. docs/lab.md describes every type.
 *
 * Every event is an object with, in this order:
 *   v        the schema's version (EVENT_SCHEMA_VERSION)
 *   t        emulated time, in CPU cycles since the lab started (20 MHz)
 *   machine  the machine's name, for a machine's events
 *   segment  the segment's name, for a segment's events
 *   type     what happened
 * and then the fields of that type, in the order the schema lists them.
 * The stream is ordered by (t, source, sequence): events at the same cycle
 * come lab first, then machines by index, then segments, each source's in
 * the order it emitted them. So the stream is the same bytes whatever
 * order the machines ran in.
 *
 * Extending it: add a type (or an optional field) to EVENT_TYPES. Removing
 * or changing a field is a new version.
 */

import { MIGRATE_PHASES } from '../../kernel/events.js';
import { TRACE_CLASSES } from '../../kernel/ktrace.js';

/** The version of the schema; bumped when a type or field changes meaning or goes away. */
export const EVENT_SCHEMA_VERSION = 1;

/** What a field holds. */
type FieldKind = 'int' | 'nat' | 'bool' | 'string' | 'strings' | 'ints';

interface FieldSpec {
  kind: FieldKind;
  optional?: boolean;
  /** Allowed values of a string field. */
  values?: readonly string[];
}

/** Who emits a type: the lab itself, a machine (the event has `machine`), or a segment (`segment`). */
type Scope = 'lab' | 'machine' | 'segment';

interface TypeSpec {
  scope: Scope;
  fields: Record<string, FieldSpec>;
}

const nat: FieldSpec = { kind: 'nat' };

/** The schema: every event type, who emits it, and its fields in order. */
export const EVENT_TYPES = {
  /** The lab starts: its machines and segments, in index order, and the seed of its faults. */
  start: {
    scope: 'lab',
    fields: { machines: { kind: 'strings' }, segments: { kind: 'strings' }, seed: { kind: 'string' } },
  },
  /** The lab stops: why, and the exit status of `sun3lab lab`. */
  end: {
    scope: 'lab',
    fields: {
      reason: { kind: 'string', values: ['done', 'timeout', 'quit', 'end of input', 'replayed', 'error'] },
      status: nat,
    },
  },
  /** The power goes on or off: at the start, by a scheduled crash (--crash), or by the user. */
  power: {
    scope: 'machine',
    fields: { on: { kind: 'bool' }, cause: { kind: 'string', values: ['start', 'crash', 'user'] } },
  },
  /** A kernel has booted (the n-th time since the lab started), with the machine's identity. */
  boot: {
    scope: 'machine',
    fields: { n: nat, serial: nat, ether: { kind: 'string' }, address: { kind: 'string' } },
  },
  /** /etc/rc has finished (init's wait for it returned, with this wait status): scripts may start. */
  ready: { scope: 'machine', fields: { status: nat } },
  /** reboot(2) without RB_HALT: the machine boots again. */
  reboot: { scope: 'machine', fields: { howto: nat } },
  /** The kernel panicked. */
  panic: { scope: 'machine', fields: { message: { kind: 'string' } } },
  /** The machine has stopped for good (halt, a panic, a double bus fault, nothing to boot). */
  halt: { scope: 'machine', fields: { reason: { kind: 'string' } } },
  /**
   * A script's command: typed at the shell, done (the shell's wait for it
   * returned and the shell reads again; status: its exit status, 128+n for
   * signal n), or lost (the machine went down first).
   */
  command: {
    scope: 'machine',
    fields: {
      phase: { kind: 'string', values: ['typed', 'done', 'lost'] },
      text: { kind: 'string' },
      status: { kind: 'nat', optional: true },
    },
  },
  /** A process was created by fork. */
  fork: { scope: 'machine', fields: { pid: nat, ppid: nat } },
  /** A process runs a new program. */
  exec: { scope: 'machine', fields: { pid: nat, comm: { kind: 'string' } } },
  /** A process has exited, with its wait status. */
  exit: { scope: 'machine', fields: { pid: nat, status: nat, uinsns: { kind: 'nat', optional: true } } },
  /** A process's wait4 collected a child (nohang: a WNOHANG poll). */
  wait: { scope: 'machine', fields: { pid: nat, child: nat, status: nat, nohang: { kind: 'bool' } } },
  /**
   * A step of a process migration (docs/migration.md): the process, the
   * phase, the other machine; a part sent has its name and bytes, a
   * refusal or an abort its errno and reason.
   */
  migrate: {
    scope: 'machine',
    fields: {
      pid: nat,
      phase: { kind: 'string', values: [...MIGRATE_PHASES] },
      peer: { kind: 'string' },
      part: { kind: 'string', optional: true },
      bytes: { kind: 'nat', optional: true },
      errno: { kind: 'nat', optional: true },
      reason: { kind: 'string', optional: true },
    },
  },
  /**
   * A decision of the load daemon (docs/loadsharing.md), from its console
   * line (emu/lab/loadd-line.ts): per period or per job placed, what it did,
   * and its inputs and threshold in 1/256 of a load (-1: no answer).
   */
  loadd: {
    scope: 'machine',
    fields: {
      kind: { kind: 'string', values: ['period', 'place'] },
      n: nat,
      action: { kind: 'string' },
      pid: { kind: 'nat', optional: true },
      to: { kind: 'string', optional: true },
      self: { kind: 'int' },
      loadMin: { kind: 'int' },
      minHost: { kind: 'string' },
      ltBefore: { kind: 'int' },
      ltAfter: { kind: 'int' },
      region: nat,
      hosts: { kind: 'strings' },
      loads: { kind: 'ints' },
    },
  },
  /**
   * A machine's counters, every stats interval: frames and bytes through
   * its transceiver, CPU cycles by kind, and the load averages in
   * hundredths — all since the lab started.
   */
  stats: {
    scope: 'machine',
    fields: {
      framesIn: nat,
      framesOut: nat,
      bytesIn: nat,
      bytesOut: nat,
      user: nat,
      system: nat,
      idle: nat,
      /** User instructions executed on the machine (every process's). */
      userInsns: { kind: 'nat', optional: true },
      load: { kind: 'ints' },
      /** Page faults, system calls, interrupts and context switches (the meter's counters, docs/tracing.md). */
      faults: { kind: 'nat', optional: true },
      syscalls: { kind: 'nat', optional: true },
      interrupts: { kind: 'nat', optional: true },
      switches: { kind: 'nat', optional: true },
    },
  },
  /** A segment's counters (emu/net/segment.ts's SegmentStats), every stats interval, since the lab started. */
  link: {
    scope: 'segment',
    fields: {
      sent: nat,
      lost: nat,
      corrupted: nat,
      duplicated: nat,
      reordered: nat,
      partitioned: nat,
      congested: nat,
      delivered: nat,
    },
  },
  /**
   * A line of a machine's trace (docs/tracing.md), when the lab traces
   * (--trace-what): its class, the process it concerns (-1: none, or the
   * kernel), and the line's text as the trace file has it after time and pid.
   */
  trace: {
    scope: 'machine',
    fields: {
      class: { kind: 'string', values: [...TRACE_CLASSES] },
      pid: { kind: 'int' },
      text: { kind: 'string' },
    },
  },
  /** A scheduled partition begins or ends: `machines` and the rest of the segment cannot hear each other. */
  partition: {
    scope: 'segment',
    fields: { state: { kind: 'string', values: ['start', 'end'] }, machines: { kind: 'strings' } },
  },
} satisfies Record<string, TypeSpec>;

export type EventType = keyof typeof EVENT_TYPES;

/** An event as it is written (the header, then the type's fields). */
export interface LabEvent {
  v: number;
  t: number;
  machine?: string;
  segment?: string;
  type: EventType;
  [field: string]: unknown;
}

/** What a source hands the lab: the type and its fields (the lab adds v, t and the source). */
export type EventBody = { type: EventType } & Record<string, unknown>;

/**
 * The event in the schema's order: header, then the type's fields as
 * listed (so that two equal events are the same bytes as JSON).
 */
export function makeEvent(
  t: number,
  source: { machine?: string; segment?: string },
  body: EventBody,
): LabEvent {
  const spec = EVENT_TYPES[body.type] as TypeSpec;
  const e: LabEvent = { v: EVENT_SCHEMA_VERSION, t, ...source, type: body.type };
  for (const name of Object.keys(spec.fields)) if (body[name] !== undefined) e[name] = body[name];
  return e;
}

function fieldOk(kind: FieldKind, v: unknown): boolean {
  switch (kind) {
    case 'int':
      return Number.isSafeInteger(v);
    case 'nat':
      return Number.isSafeInteger(v) && (v as number) >= 0;
    case 'bool':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'ints':
      return Array.isArray(v) && v.every((x) => Number.isSafeInteger(x));
  }
}

/**
 * What is wrong with `e` as an event of this schema, or null if nothing:
 * the header, the scope, every field of its type present (unless optional)
 * with the right kind of value, and no field the type does not have.
 */
export function eventProblem(e: unknown): string | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'not an object';
  const o = e as Record<string, unknown>;
  if (o.v !== EVENT_SCHEMA_VERSION) return `v is ${JSON.stringify(o.v)}, not ${EVENT_SCHEMA_VERSION}`;
  if (!fieldOk('nat', o.t)) return 't is not a cycle count';
  if (typeof o.type !== 'string' || !Object.hasOwn(EVENT_TYPES, o.type))
    return `unknown type ${JSON.stringify(o.type)}`;
  const spec = EVENT_TYPES[o.type as EventType] as TypeSpec;
  const header = ['v', 't', 'type'];
  if (spec.scope === 'machine') header.push('machine');
  if (spec.scope === 'segment') header.push('segment');
  for (const h of header.slice(3)) if (typeof o[h] !== 'string' || o[h] === '') return `${o.type}: no ${h}`;
  for (const [name, f] of Object.entries(spec.fields)) {
    if (o[name] === undefined) {
      if (f.optional) continue;
      return `${o.type}: no ${name}`;
    }
    if (!fieldOk(f.kind, o[name]))
      return `${o.type}: ${name} is not a${f.kind === 'int' ? 'n' : ''} ${f.kind}`;
    if (f.values && !f.values.includes(o[name] as string))
      return `${o.type}: ${name} ${JSON.stringify(o[name])} is not one of ${f.values.join(', ')}`;
  }
  for (const k of Object.keys(o))
    if (!header.includes(k) && !Object.hasOwn(spec.fields, k)) return `${o.type}: unknown field ${k}`;
  return null;
}
