/**
 * A lab's configuration: its machines (names, addresses, memory, Ethernet
 * addresses and serial numbers), its segments (hub or switch, latency,
 * faults), the fault schedule (partitions, crashes), the seed and the
 * console scripts. It comes from a scenario file (scenario.ts) and the
 * command line's flags, both as a LabInput; resolveLab fills in the
 * defaults and checks everything, with a one-line error naming the key or
 * flag that is wrong. The result is plain data (it goes into a recording
 * as JSON) from which the lab is built: the same configuration, inputs and
 * seed give the same run.
 */
import { hash } from 'node:crypto';
import { CONSOLE_BAUDS, DEFAULT_CONSOLE_BAUD } from '../dev/obio.js';
import { formatEthernet, parseEthernet, SUN_OUI } from '../mmu/idprom.js';
import { MIN_FRAME_CYCLES } from '../net/ether.js';
import { MIN_WINDOW_CYCLES } from '../net/lockstep.js';
import { DEFAULT_LATENCY } from '../net/segment.js';

export const CYCLES_PER_SECOND = 20_000_000;
export const DEFAULT_MACHINES = 3;
export const MAX_MACHINES = 128;
export const DEFAULT_NETWORK = '192.9.200.0';
export const DEFAULT_SEED = '1';
export const DEFAULT_MEMORY_MB = 8;
/** How often machines and segments report their counters (stats and link events). */
export const DEFAULT_STATS_INTERVAL = CYCLES_PER_SECOND;
/** The longest command a script may type: the terminal's line holds 255 characters and the newline. */
export const MAX_COMMAND = 255;
/** The largest latency or jitter a segment may have: one second. */
const MAX_DELAY = CYCLES_PER_SECOND;

/** A mistake in a lab's configuration: one line, naming where it is. */
export class LabConfigError extends Error {}

function fail(where: string, what: string): never {
  throw new LabConfigError(`${where}: ${what}`);
}

// ---------------------------------------------------------------- the resolved configuration

export interface MachineConfig {
  name: string;
  index: number;
  /** Its Internet address on the lab's network. */
  address: string;
  /** Its Ethernet address, in the ID PROM. */
  ether: string;
  serial: number;
  memoryMB: number;
  /** The segment its transceiver is plugged into. */
  segment: string;
  /** Commands typed at its shell, in order, each when the one before has finished. */
  exec: string[];
}

export interface SegmentConfig {
  name: string;
  kind: 'hub' | 'switch';
  /** Propagation latency of a link, in cycles. */
  latency: number;
  loss: number;
  duplicate: number;
  corrupt: number;
  /** Largest extra delay of a frame, in cycles. */
  jitter: number;
}

export interface PartitionConfig {
  segment: string;
  /** The machines cut off from the rest of the segment (they still hear each other). */
  machines: string[];
  from: number;
  to: number;
}

export interface CrashConfig {
  machine: string;
  /** The cycle the power goes off. */
  at: number;
  /** The cycle it comes back, or null: it stays off. */
  until: number | null;
}

export interface LabConfig {
  seed: string;
  network: string;
  netmask: string;
  /** Cycles between two stats and link events. */
  statsInterval: number;
  /** Every console's speed in baud (--console-baud, `console-baud:`). */
  consoleBaud: number;
  machines: MachineConfig[];
  segments: SegmentConfig[];
  partitions: PartitionConfig[];
  crashes: CrashConfig[];
}

// ---------------------------------------------------------------- the input: scenario and flags

/** A value and where it came from ("machines[1].address", "--net-loss"), for messages. */
export interface Given<T> {
  value: T;
  where: string;
}

export interface MachineInput {
  where: string;
  name?: string;
  address?: string;
  ether?: string;
  serial?: number;
  memoryMB?: number;
  segment?: string;
  exec?: string[];
}

export interface SegmentInput {
  where: string;
  name?: string;
  kind?: 'hub' | 'switch';
  latency?: number;
  loss?: number;
  duplicate?: number;
  corrupt?: number;
  jitter?: number;
}

export interface PartitionInput {
  where: string;
  machines: string[];
  from: number;
  to: number;
}

export interface CrashInput {
  where: string;
  machine: string;
  at: number;
  until: number | null;
}

/** What a scenario file or the command line says; anything left out takes its default. */
export interface LabInput {
  seed?: string;
  /** How many machines (--machines, or a number for `machines:`). */
  count?: Given<number>;
  /** Machines described one by one (a list for `machines:`), in index order. */
  machines?: MachineInput[];
  memoryMB?: Given<number>;
  network?: Given<string>;
  netmask?: Given<string>;
  statsInterval?: number;
  consoleBaud?: Given<number>;
  segments?: SegmentInput[];
  /** Faults for every segment (the --net-* flags): these win over the segments' own. */
  faults?: {
    loss?: Given<number>;
    duplicate?: Given<number>;
    corrupt?: Given<number>;
    jitter?: Given<number>;
  };
  partitions?: PartitionInput[];
  crashes?: CrashInput[];
  /** Commands by machine name (--exec NAME:COMMAND): these replace every machine's scripts. */
  exec?: { machine: string; command: string; where: string }[];
}

/**
 * The scenario's input with the command line's on top: a value the command
 * line gives wins; lists it gives (partitions, crashes, commands) replace
 * the scenario's.
 */
export function overlay(base: LabInput, top: LabInput): LabInput {
  const out: LabInput = { ...base };
  for (const [k, v] of Object.entries(top)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  if (base.faults && top.faults) out.faults = { ...base.faults, ...top.faults };
  return out;
}

// ---------------------------------------------------------------- values

const UNITS: Record<string, number> = {
  s: CYCLES_PER_SECOND,
  ms: CYCLES_PER_SECOND / 1000,
  us: CYCLES_PER_SECOND / 1e6,
  µs: CYCLES_PER_SECOND / 1e6,
  cycles: 1,
};

/**
 * A span of emulated time in cycles: a number of seconds (12, 1.5), or a
 * number with a unit: s, ms, us (or µs), cycles ("10us", "250ms",
 * "1352cycles"). It must come to a whole number of cycles, 0 or more.
 */
export function parseDuration(v: unknown, where: string): number {
  let n: number;
  if (typeof v === 'number') n = v * CYCLES_PER_SECOND;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(s|ms|us|µs|cycles)?\s*$/.exec(v);
    if (!m)
      fail(
        where,
        `${JSON.stringify(v)} is not a time (a number of seconds, or with a unit: 5s, 250ms, 10us, 200cycles)`,
      );
    n = Number(m[1]) * UNITS[m[2] ?? 's'];
  } else fail(where, 'must be a time (a number of seconds, or with a unit: 5s, 250ms, 10us)');
  const c = Math.round(n);
  if (!Number.isFinite(n) || n < 0 || Math.abs(n - c) > 1e-6 || !Number.isSafeInteger(c))
    fail(where, `${JSON.stringify(v)} is not a whole number of cycles (50 ns each), 0 or more`);
  return c;
}

/** A time for messages: "5 s", "250 ms", "10 µs", or cycles. */
export function formatDuration(cycles: number): string {
  if (cycles % CYCLES_PER_SECOND === 0) return `${cycles / CYCLES_PER_SECOND} s`;
  if (cycles % (CYCLES_PER_SECOND / 1000) === 0) return `${cycles / (CYCLES_PER_SECOND / 1000)} ms`;
  if (cycles % 2 === 0) return `${cycles / (CYCLES_PER_SECOND / 1e6)} µs`;
  return `${cycles} cycles`;
}

/** A value for a message: a number as it is written, anything else quoted. */
function shown(v: unknown): string {
  return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? v.trim() : JSON.stringify(v);
}

export function parseProbability(v: unknown, where: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !(n >= 0 && n <= 1))
    fail(where, `${shown(v)} is not a probability from 0 to 1`);
  return n;
}

/** A whole number from `min` to `max`. */
export function parseCount(v: unknown, where: string, min: number, max: number): number {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    fail(where, `${shown(v)} is not a whole number from ${min} to ${max}`);
  return n;
}

/** "NAME[,NAME...]@FROM-TO": those machines cut off from FROM to TO (--partition, or a scenario's string). */
export function parsePartition(spec: string, where: string): PartitionInput {
  const m = /^([^@]+)@([^-]+)-(.+)$/.exec(spec.trim());
  if (!m) fail(where, `${JSON.stringify(spec)} is not NAME[,NAME...]@FROM-TO (such as sun1@5s-8s)`);
  const machines = m[1].split(',').map((s) => s.trim());
  if (machines.some((s) => s === '')) fail(where, `${JSON.stringify(spec)} has an empty machine name`);
  return { where, machines, from: parseDuration(m[2], where), to: parseDuration(m[3], where) };
}

/** "NAME@AT" or "NAME@AT-UNTIL": the machine loses power at AT (and gets it back at UNTIL). */
export function parseCrash(spec: string, where: string): CrashInput {
  const m = /^([^@,]+)@([^-]+)(?:-(.+))?$/.exec(spec.trim());
  if (!m)
    fail(where, `${JSON.stringify(spec)} is not NAME@AT or NAME@AT-UNTIL (such as sun2@12s or sun2@12s-20s)`);
  return {
    where,
    machine: m[1].trim(),
    at: parseDuration(m[2], where),
    until: m[3] === undefined ? null : parseDuration(m[3], where),
  };
}

/** "NAME:COMMAND" (--exec). */
export function parseExec(spec: string, where: string): { machine: string; command: string; where: string } {
  const i = spec.indexOf(':');
  if (i <= 0) fail(where, `${JSON.stringify(spec)} is not NAME:COMMAND (such as 'sun0:ping -c 3 sun2')`);
  return { machine: spec.slice(0, i).trim(), command: spec.slice(i + 1).trim(), where };
}

/** A dotted-quad Internet address as a 32-bit number. */
export function parseAddress(s: unknown, where: string): number {
  if (typeof s !== 'string') fail(where, 'must be an Internet address such as 192.9.200.1');
  const parts = s.trim().split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    fail(where, `${JSON.stringify(s)} is not an Internet address (four numbers 0-255: 192.9.200.1)`);
  return parts.reduce((a, p) => a * 256 + Number(p), 0);
}

export function formatAddress(a: number): string {
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}

/** The class mask of an address (A 255.0.0.0, B 255.255.0.0, C 255.255.255.0), or 0 for D and E. */
function classMask(a: number): number {
  const top = a >>> 24;
  if (top < 128) return 0xff000000;
  if (top < 192) return 0xffff0000;
  if (top < 224) return 0xffffff00;
  return 0;
}

/** A host name as RFC 952 has them: a letter, then letters, digits and hyphens, not ending in a hyphen. */
const HOSTNAME = /^[A-Za-z](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

// ---------------------------------------------------------------- resolving

/** Fill in the defaults and check everything: the configuration the lab is built from. */
export function resolveLab(input: LabInput): LabConfig {
  const seed = input.seed ?? DEFAULT_SEED;
  if (seed === '') fail('seed', 'is empty');

  // The network.
  const netWhere = input.network?.where ?? 'network';
  const net = parseAddress(input.network?.value ?? DEFAULT_NETWORK, netWhere);
  if (classMask(net) === 0 || net >>> 24 === 0 || net >>> 24 === 127)
    fail(
      netWhere,
      `${formatAddress(net)} is not a network machines can be on (class A, B or C, not 0 or 127)`,
    );
  const mask = input.netmask ? parseAddress(input.netmask.value, input.netmask.where) : classMask(net);
  if (input.netmask) {
    const inv = ~mask >>> 0;
    if ((inv & (inv + 1)) !== 0 || inv > 0xfffffffc || (mask & classMask(net)) >>> 0 !== classMask(net))
      fail(
        input.netmask.where,
        `${input.netmask.value} is not a netmask for ${formatAddress(net)} (contiguous ones, at least the class mask, room for two hosts)`,
      );
  }
  if ((net & ~mask) >>> 0 !== 0)
    fail(netWhere, `${formatAddress(net)} has host bits set for the netmask ${formatAddress(mask)}`);
  const hostBits = (~mask >>> 0) + 1;

  // Segments.
  const segments: SegmentConfig[] = [];
  for (const [i, s] of (input.segments?.length ? input.segments : [{ where: 'segments[0]' }]).entries()) {
    const name = s.name ?? `ether${i}`;
    if (!HOSTNAME.test(name))
      fail(`${s.where}.name`, `${JSON.stringify(name)} is not a name (a letter, then letters, digits, -)`);
    if (segments.some((x) => x.name === name))
      fail(`${s.where}.name`, `there are two segments named ${name}`);
    const kind = s.kind ?? 'hub';
    const latency = s.latency ?? DEFAULT_LATENCY;
    if (latency > MAX_DELAY) fail(`${s.where}.latency`, `${formatDuration(latency)} is more than a second`);
    if (kind === 'hub' && MIN_FRAME_CYCLES + latency < MIN_WINDOW_CYCLES)
      fail(
        `${s.where}.latency`,
        `${formatDuration(latency)} would make the lockstep window shorter than a minimum frame and its gap: a hub needs at least ${formatDuration(MIN_WINDOW_CYCLES - MIN_FRAME_CYCLES)}`,
      );
    const f = input.faults ?? {};
    const jitter = f.jitter?.value ?? s.jitter ?? 0;
    if (jitter > MAX_DELAY)
      fail(f.jitter?.where ?? `${s.where}.jitter`, `${formatDuration(jitter)} is more than a second`);
    segments.push({
      name,
      kind,
      latency,
      loss: f.loss?.value ?? s.loss ?? 0,
      duplicate: f.duplicate?.value ?? s.duplicate ?? 0,
      corrupt: f.corrupt?.value ?? s.corrupt ?? 0,
      jitter,
    });
  }

  // Machines: the list, then as many more as the count asks for.
  const list = input.machines ?? [];
  const count = input.count?.value ?? (list.length > 0 ? list.length : DEFAULT_MACHINES);
  const countWhere = input.count?.where ?? 'machines';
  if (!Number.isInteger(count) || count < 1 || count > MAX_MACHINES)
    fail(countWhere, `${count} machines: a lab has from 1 to ${MAX_MACHINES}`);
  const defaultMemory = input.memoryMB?.value ?? DEFAULT_MEMORY_MB;
  const machines: MachineConfig[] = [];
  const byAddress = new Map<number, string>();
  const byEther = new Map<string, string>();
  const bySerial = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const m: MachineInput = list[i] ?? { where: `machine ${i} (of ${countWhere})` };
    const name = m.name ?? `sun${i}`;
    if (!HOSTNAME.test(name) || name === 'localhost' || name === 'loghost')
      fail(
        `${m.where}.name`,
        `${JSON.stringify(name)} is not a host name (a letter, then letters, digits, -)`,
      );
    if (machines.some((x) => x.name === name))
      fail(`${m.where}.name`, `there are two machines named ${name}`);
    const addrWhere = `${m.where}.address`;
    const addr = m.address === undefined ? net + i + 1 : parseAddress(m.address, addrWhere);
    if (m.address === undefined && i + 1 >= hostBits - 1)
      fail(
        countWhere,
        `${count} machines do not fit on the network ${formatAddress(net)} (netmask ${formatAddress(mask)})`,
      );
    if ((addr & mask) >>> 0 !== net)
      fail(
        addrWhere,
        `${formatAddress(addr)} is not on the lab's network ${formatAddress(net)} (netmask ${formatAddress(mask)})`,
      );
    const host = (addr & ~mask) >>> 0;
    if (host === 0 || host === ~mask >>> 0)
      fail(addrWhere, `${formatAddress(addr)} is the network's ${host === 0 ? 'own' : 'broadcast'} address`);
    if (byAddress.has(addr))
      fail(addrWhere, `${formatAddress(addr)} is ${byAddress.get(addr)}'s address too`);
    byAddress.set(addr, name);
    const serial = m.serial ?? i + 1;
    if (!Number.isInteger(serial) || serial < 0 || serial > 0xffffff)
      fail(`${m.where}.serial`, `${serial} is not a serial number (0 to 16777215)`);
    if (bySerial.has(serial))
      fail(`${m.where}.serial`, `${serial} is ${bySerial.get(serial)}'s serial number too`);
    bySerial.set(serial, name);
    let ether: string;
    if (m.ether === undefined)
      ether = formatEthernet([...SUN_OUI, (serial >>> 16) & 255, (serial >>> 8) & 255, serial & 255]);
    else {
      let b: number[];
      try {
        b = parseEthernet(m.ether);
      } catch (e) {
        fail(`${m.where}.ether`, (e as Error).message);
      }
      if (b[0] & 1)
        fail(`${m.where}.ether`, `${m.ether} is a multicast address; a station needs an individual one`);
      ether = formatEthernet(b);
    }
    if (byEther.has(ether))
      fail(`${m.where}.ether`, `${ether} is ${byEther.get(ether)}'s Ethernet address too`);
    byEther.set(ether, name);
    const memoryMB = m.memoryMB ?? defaultMemory;
    if (!Number.isInteger(memoryMB) || memoryMB < 4 || memoryMB > 24)
      fail(
        m.memoryMB !== undefined ? `${m.where}.memory` : (input.memoryMB?.where ?? 'memory'),
        `${memoryMB} MB: a Sun-3/60 has 4 to 24`,
      );
    const segment = m.segment ?? segments[0].name;
    if (!segments.some((s) => s.name === segment))
      fail(`${m.where}.segment`, `there is no segment ${segment}`);
    const exec = m.exec ?? [];
    for (const [k, c] of exec.entries()) checkCommand(c, `${m.where}.exec[${k}]`);
    machines.push({
      name,
      index: i,
      address: formatAddress(addr),
      ether,
      serial,
      memoryMB,
      segment,
      exec: [...exec],
    });
  }
  const machine = (name: string, where: string): MachineConfig => {
    const m = machines.find((x) => x.name === name);
    if (!m) fail(where, `there is no machine ${name} (the machines are ${names(machines)})`);
    return m;
  };

  // Scripts from the command line replace the scenario's.
  if (input.exec) {
    for (const m of machines) m.exec = [];
    for (const e of input.exec) {
      checkCommand(e.command, e.where);
      machine(e.machine, e.where).exec.push(e.command);
    }
  }

  // Partitions: on the segment of the machines they name.
  const partitions: PartitionConfig[] = [];
  for (const p of input.partitions ?? []) {
    if (p.to <= p.from)
      fail(
        p.where,
        `the partition must end after it begins (${formatDuration(p.from)}-${formatDuration(p.to)})`,
      );
    const named = p.machines.map((n) => machine(n, p.where));
    for (const seg of segments) {
      const cut = named.filter((m) => m.segment === seg.name).map((m) => m.name);
      if (cut.length === 0) continue;
      const rest = machines.filter((m) => m.segment === seg.name && !cut.includes(m.name));
      if (rest.length === 0)
        fail(
          p.where,
          `${cut.join(',')} ${cut.length > 1 ? 'are' : 'is'} every machine of ${seg.name}: there is no one to cut off from`,
        );
      partitions.push({ segment: seg.name, machines: cut, from: p.from, to: p.to });
    }
  }

  // Crashes: one machine at a time, never overlapping.
  const crashes: CrashConfig[] = [];
  for (const c of input.crashes ?? []) {
    machine(c.machine, c.where);
    if (c.at === 0) fail(c.where, 'a crash must come after the lab starts (at more than 0 s)');
    if (c.until !== null && c.until <= c.at)
      fail(
        c.where,
        `the power must come back after it went (${formatDuration(c.at)}-${formatDuration(c.until)})`,
      );
    for (const o of crashes)
      if (
        o.machine === c.machine &&
        c.at < (o.until ?? Number.POSITIVE_INFINITY) &&
        o.at < (c.until ?? Number.POSITIVE_INFINITY)
      )
        fail(c.where, `${c.machine} is already off then (another crash of it overlaps)`);
    crashes.push({ machine: c.machine, at: c.at, until: c.until });
  }
  crashes.sort((a, b) => a.at - b.at);

  const statsInterval = input.statsInterval ?? DEFAULT_STATS_INTERVAL;
  if (statsInterval < CYCLES_PER_SECOND / 100)
    fail('stats', `${formatDuration(statsInterval)} is shorter than 10 ms`);
  const consoleBaud = input.consoleBaud?.value ?? DEFAULT_CONSOLE_BAUD;
  if (!(CONSOLE_BAUDS as readonly number[]).includes(consoleBaud))
    fail(
      input.consoleBaud?.where ?? 'console-baud',
      `${consoleBaud} baud: a Sun console runs at ${CONSOLE_BAUDS.join(', ')}`,
    );
  return {
    seed,
    network: formatAddress(net),
    netmask: formatAddress(mask),
    statsInterval,
    consoleBaud,
    machines,
    segments,
    partitions,
    crashes,
  };
}

function names(machines: MachineConfig[]): string {
  if (machines.length <= 4) return machines.map((m) => m.name).join(', ');
  return `${machines[0].name} ... ${machines[machines.length - 1].name}`;
}

function checkCommand(c: string, where: string): void {
  if (typeof c !== 'string') fail(where, 'a command is a string');
  if (c.trim() === '') fail(where, 'the command is empty');
  if (/[\n\r]/.test(c)) fail(where, 'a command is one line');
  if ([...c].some((ch) => (ch < ' ' && ch !== '\t') || ch === '\x7f'))
    fail(where, 'a command has no control characters');
  if (Buffer.byteLength(c, 'latin1') > MAX_COMMAND)
    fail(where, `the command is longer than ${MAX_COMMAND} characters`);
}

/**
 * A resolved configuration as input again (a recording's, read back from a
 * file): resolving it checks it as thoroughly as a scenario.
 */
export function inputOf(c: LabConfig, where: string): LabInput {
  const at = (k: string) => `${where}: ${k}`;
  if (!Array.isArray(c.machines) || !Array.isArray(c.segments)) fail(where, 'not a lab configuration');
  return {
    seed: String(c.seed),
    network: { value: c.network, where: at('network') },
    netmask: { value: c.netmask, where: at('netmask') },
    statsInterval: c.statsInterval,
    // A recording made before the console had a speed option ran at 9600.
    consoleBaud: { value: c.consoleBaud ?? 9600, where: at('consoleBaud') },
    machines: c.machines.map((m, i) => ({
      where: at(`machines[${i}]`),
      name: m.name,
      address: m.address,
      ether: m.ether,
      serial: m.serial,
      memoryMB: m.memoryMB,
      segment: m.segment,
      exec: m.exec,
    })),
    segments: c.segments.map((s, i) => ({ where: at(`segments[${i}]`), ...s })),
    partitions: (c.partitions ?? []).map((p, i) => ({ where: at(`partitions[${i}]`), ...p })),
    crashes: (c.crashes ?? []).map((x, i) => ({ where: at(`crashes[${i}]`), ...x })),
  };
}

/** The /etc/hosts a machine of the lab gets: localhost, then every machine. */
export function hostsFile(config: LabConfig): string {
  const lines = [
    '# /etc/hosts - Internet addresses and host names, one line each:',
    '#\taddress\t\tname [aliases...]',
    '# Written by the lab (sun3lab lab) from its configuration.',
    '127.0.0.1\tlocalhost loghost',
  ];
  for (const m of config.machines) lines.push(`${m.address}\t${m.name}`);
  return `${lines.join('\n')}\n`;
}

/**
 * /etc/pmpool, the processing pool of process migration
 * (docs/migration.md): every machine of the lab, address then name.
 */
export function pmpoolFile(config: LabConfig): string {
  const lines = [
    '# /etc/pmpool - the machines processes may migrate between, one a line:',
    '#	address		name',
    '# Written by the lab (sun3lab lab) from its configuration.',
  ];
  for (const m of config.machines) lines.push(`${m.address}	${m.name}`);
  return `${lines.join('\n')}\n`;
}

/**
 * /etc/pmsecret, the pool's shared secret (root's alone, mode 0600): the
 * same on every machine of the lab, made from the lab's seed so that a
 * run is the same every time, and different between labs.
 */
export function pmsecretFile(config: LabConfig): string {
  // One-shot hash: no Hash object is left behind (a start-up snapshot, emu/cli/lab-snapshot.ts, cannot hold one).
  return `${hash('sha256', `sun3lab migration pool ${config.seed}`, 'hex').slice(0, 32)}\n`;
}

/** /etc/netmasks, for `ifconfig le0 ... netmask +`, if the lab's netmask is not its network's class mask; else null. */
export function netmasksFile(config: LabConfig): string | null {
  const net = parseAddress(config.network, 'network');
  if (parseAddress(config.netmask, 'netmask') === classMask(net)) return null;
  return `# /etc/netmasks - written by the lab: network, then its netmask\n${config.network}\t${config.netmask}\n`;
}
