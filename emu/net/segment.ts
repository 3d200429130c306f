/**
 * An Ethernet segment between stations: a hub (one shared medium) or a
 * learning switch, with propagation latency and injected faults. It carries
 * frames, nothing else: it knows no IP, and no machine (a station is a port
 * index and a receiver function, emu/net/port.ts).
 *
 * Time and the lockstep contract (docs/ethernet.md):
 * - Every machine counts the same emulated cycles from 0. A station calls
 *   `port.send(frame, cycle)` at the instant `cycle` its first bit leaves.
 *   The segment keeps the frame until `flush(until)`.
 * - The lab runs every machine on the segment up to a window's end `until`,
 *   then calls `flush(until)`: the frames sent before `until` are taken in
 *   the order (cycle, port index, sequence number of the port's sends),
 *   whatever order the machines ran in, and each receiving station is
 *   handed the frame with the instant its last bit arrives.
 * - No frame arrives sooner than `minLatency` cycles after it was sent (a
 *   minimum frame's wire time plus propagation, per link crossed). A window
 *   no longer than that puts every arrival at or after the window's end:
 *   in the receiver's future, exactly when it happens. A frame that would
 *   arrive earlier (a window too long) is a programming error and throws.
 *
 * The medium (collision free):
 * - Hub: one medium. A frame occupies it for its wire time (preamble,
 *   frame padded to 64 bytes with FCS, 10 Mbit/s) and the 9.6 µs gap after
 *   it; a frame offered while the medium is busy goes on as soon as it is
 *   free, as if the stations had deferred perfectly. There are no
 *   collisions: the sending chip is never told, and never retries. Every
 *   other station receives the frame one propagation latency after its end.
 * - Switch: store and forward. A frame crosses the sender's link, is
 *   received whole by the switch, then crosses the link of each output
 *   port, frames queueing per output port. The switch learns which port
 *   each source address is on (forgetting it after `ageing` cycles of
 *   silence), sends a frame for a known address to that port only (or
 *   nowhere, if that is the port it came in on) and floods broadcast,
 *   multicast and unknown destinations to every other port.
 *
 * Faults come from the segment's own random stream: a fixed number of
 * draws per frame sent, in the order above, so that a frame's fate depends
 * only on the seed and its place in that order:
 * - loss: the frame vanishes (nobody receives it, the capture does not show it);
 * - corruption: the receivers get the frame with one byte changed, so
 *   that its FCS no longer matches (the receiving LANCE reports CRC); a
 *   quarter of them also end with stray bits (FRAM);
 * - duplication: a copy follows the frame on the wire;
 * - jitter: each copy is delayed by up to `jitter` cycles on its way to
 *   the receivers, which reorders frames;
 * - partitions: during [from, to) the stations in `ports` and the others
 *   cannot hear each other (frames still cross the medium and the capture).
 *
 * A frame that would wait for the medium (or an output link) longer than
 * MAX_QUEUE_CYCLES is dropped: the segment never buffers without bound.
 *
 * The capture (pcap) is taken where frames enter the medium: on a hub at
 * the instant a frame went on it, on a switch as it entered the switch. It
 * shows every frame that got there (a lost frame did not; a duplicate shows
 * twice) as its sender sent it: corruption, partitions and jitter act on
 * the way to the receivers, so a damaged frame is captured intact (and a
 * capture never holds garbage that tools would call malformed); the
 * counters say how many were damaged.
 */
import {
  addressKey,
  ETHER_FCS_LEN,
  ETHER_MAX_LEN,
  frameCycles,
  IFG_CYCLES,
  isMulticast,
  MIN_FRAME_CYCLES,
} from './ether.js';
import type { EtherPort, EtherReceiver } from './port.js';
import { Random } from './random.js';

/** Default propagation latency of a link: 10 µs. */
export const DEFAULT_LATENCY = 200;
/** Default ageing of a switch's address table: 300 s. */
export const DEFAULT_AGEING = 300 * 20_000_000;
/**
 * The longest a frame waits for the medium (hub) or an output link
 * (switch): sixteen maximum-size frames. A frame that would wait longer is
 * dropped, as excessive collisions or a full switch buffer would drop it,
 * so that the backlog stays bounded however hard the stations transmit.
 */
export const MAX_QUEUE_CYCLES = 16 * (frameCycles(ETHER_MAX_LEN) + IFG_CYCLES);

export interface FaultOptions {
  /** Probability that a frame is lost (0-1). */
  loss?: number;
  /** Probability that a frame is followed by a copy of itself. */
  duplicate?: number;
  /** Probability that a frame is damaged (bad FCS). */
  corrupt?: number;
  /** Largest extra delay of a frame on its way to the receivers, cycles. */
  jitter?: number;
}

/** During [from, to), the stations in `ports` and the rest cannot hear each other. */
export interface Partition {
  ports: readonly number[];
  from: number;
  to: number;
}

export interface SegmentOptions {
  /** For messages and the random stream's name (default "ether0"). */
  name?: string;
  kind?: 'hub' | 'switch';
  /** Propagation latency of each link, cycles (default 200: 10 µs). */
  latency?: number;
  faults?: FaultOptions;
  partitions?: readonly Partition[];
  /** The segment's random stream (default: the stream "segment/NAME" of seed 0). */
  random?: Random;
  /** Switch only: forget an address after this many cycles of silence (default 300 s). */
  ageing?: number;
}

/** Where captured frames go (a pcap file): frames without their FCS, stamped with the cycle. */
export interface FrameSink {
  record(frame: Uint8Array, cycle: number): void;
}

export interface SegmentStats {
  /** Frames the stations sent, and their bytes. */
  sent: number;
  bytes: number;
  lost: number;
  corrupted: number;
  duplicated: number;
  /** Deliveries that arrived before a frame sent earlier to the same station. */
  reordered: number;
  /** Deliveries suppressed by a partition. */
  partitioned: number;
  /** Deliveries to a port with no station attached. */
  unplugged: number;
  /** Frames (hub) or deliveries (switch) dropped after waiting too long for the wire. */
  congested: number;
  /** Frames handed to a station. */
  delivered: number;
}

/** A frame sent and not yet flushed. */
interface Sent {
  frame: Uint8Array;
  cycle: number;
  port: number;
  seq: number;
}

export class SegmentPort implements EtherPort {
  receiver: EtherReceiver | null = null;
  /** Sequence number of this port's next send. */
  seq = 0;
  /** Latest arrival handed to this station (for the reordering count). */
  lastArrival = Number.NEGATIVE_INFINITY;
  /** Switch: when this port's output link is free again. */
  linkFree = Number.NEGATIVE_INFINITY;

  constructor(
    readonly segment: Segment,
    /** The station's index: the lab's machine index. Orders simultaneous sends. */
    readonly index: number,
  ) {}

  send(frame: Uint8Array, cycle: number): void {
    this.segment.offer(this, frame, cycle);
  }
}

export class Segment {
  readonly name: string;
  readonly kind: 'hub' | 'switch';
  readonly latency: number;
  readonly faults: Readonly<Required<FaultOptions>>;
  readonly partitions: readonly Partition[];
  readonly ageing: number;
  readonly stats: SegmentStats = {
    sent: 0,
    bytes: 0,
    lost: 0,
    corrupted: 0,
    duplicated: 0,
    reordered: 0,
    partitioned: 0,
    unplugged: 0,
    congested: 0,
    delivered: 0,
  };
  private readonly random: Random;
  /** Ports in index order. */
  private ports: SegmentPort[] = [];
  private pending: Sent[] = [];
  /** Every frame sent before this cycle has been flushed. */
  private flushedTo = 0;
  /** Hub: when the medium is free again. */
  private mediumFree = Number.NEGATIVE_INFINITY;
  /** Switch: address → port index and when it was last heard. */
  private readonly table = new Map<number, { port: number; at: number }>();
  private sink: FrameSink | null = null;

  constructor(opts: SegmentOptions = {}) {
    this.name = opts.name ?? 'ether0';
    const kind = opts.kind ?? 'hub';
    if (kind !== 'hub' && kind !== 'switch')
      throw new Error(`segment ${this.name}: kind must be hub or switch`);
    this.kind = kind;
    this.latency = cycles(this.name, 'latency', opts.latency ?? DEFAULT_LATENCY);
    this.ageing = cycles(this.name, 'ageing', opts.ageing ?? DEFAULT_AGEING);
    const f = opts.faults ?? {};
    this.faults = {
      loss: probability(this.name, 'loss', f.loss ?? 0),
      duplicate: probability(this.name, 'duplicate', f.duplicate ?? 0),
      corrupt: probability(this.name, 'corrupt', f.corrupt ?? 0),
      jitter: cycles(this.name, 'jitter', f.jitter ?? 0),
    };
    for (const p of opts.partitions ?? []) {
      if (!Number.isSafeInteger(p.from) || !Number.isSafeInteger(p.to) || p.from < 0 || p.to <= p.from)
        throw new Error(`segment ${this.name}: a partition needs 0 <= from < to (got ${p.from}-${p.to})`);
    }
    this.partitions = opts.partitions ?? [];
    this.random = opts.random ?? new Random(0).stream(`segment/${this.name}`);
  }

  /**
   * The shortest time from a frame's first bit leaving its sender to its
   * arrival anywhere: a lockstep window must not be longer.
   */
  get minLatency(): number {
    const hop = MIN_FRAME_CYCLES + this.latency;
    return this.kind === 'hub' ? hop : 2 * hop;
  }

  /** A new port for the station with index `index` (unique on the segment). */
  attach(index: number): SegmentPort {
    if (!Number.isSafeInteger(index) || index < 0)
      throw new Error(`segment ${this.name}: a port index is a non-negative integer (got ${index})`);
    if (this.ports.some((p) => p.index === index))
      throw new Error(`segment ${this.name}: port ${index} is already attached`);
    const port = new SegmentPort(this, index);
    this.ports.push(port);
    this.ports.sort((a, b) => a.index - b.index);
    return port;
  }

  /** Capture every frame on the medium (null to stop). */
  capture(sink: FrameSink | null): void {
    this.sink = sink;
  }

  /** Frames sent and not yet flushed. */
  get backlog(): number {
    return this.pending.length;
  }

  /** A station's send (through its port). */
  offer(port: SegmentPort, frame: Uint8Array, cycle: number): void {
    if (cycle < this.flushedTo)
      throw new Error(
        `segment ${this.name}: station ${port.index} sent at cycle ${cycle}, after the segment was flushed to ${this.flushedTo}`,
      );
    this.pending.push({ frame, cycle, port: port.index, seq: port.seq++ });
  }

  /**
   * Every station has run to `until`: carry the frames sent before it, in
   * (cycle, port, sequence) order, and hand each receiver its copy with its
   * arrival instant (at or after `until`).
   */
  flush(until: number): void {
    if (until < this.flushedTo) throw new Error(`segment ${this.name}: flush(${until}) goes back in time`);
    const now: Sent[] = [];
    const later: Sent[] = [];
    for (const s of this.pending) (s.cycle < until ? now : later).push(s);
    this.pending = later;
    this.flushedTo = until;
    now.sort((a, b) => a.cycle - b.cycle || a.port - b.port || a.seq - b.seq);
    for (const s of now) this.carry(s, until);
  }

  // ---------------------------------------------------------------- carrying a frame

  private carry(s: Sent, until: number): void {
    const st = this.stats;
    st.sent++;
    st.bytes += s.frame.length;
    // A fixed number of draws per frame, whatever happens to it.
    const r = this.random;
    const uLoss = unit(r.next());
    const uCorrupt = unit(r.next());
    const where = r.next();
    const xor = 1 + (r.next() % 255);
    const uStray = unit(r.next());
    const stray = 1 + (r.next() % 7);
    const uDup = unit(r.next());
    const jitters = [r.next(), r.next()];
    const f = this.faults;
    if (uLoss < f.loss) {
      st.lost++;
      return;
    }
    let frame = s.frame;
    let dribble = 0;
    if (uCorrupt < f.corrupt && frame.length > 0) {
      st.corrupted++;
      frame = Uint8Array.from(frame);
      frame[where % frame.length] ^= xor;
      if (uStray < 0.25) dribble = stray;
    }
    const copies = uDup < f.duplicate ? 2 : 1;
    if (copies === 2) st.duplicated++;
    const wire = frameCycles(frame.length);
    for (let k = 0; k < copies; k++) {
      const jitter = f.jitter === 0 ? 0 : jitters[k] % (f.jitter + 1);
      const sent = s.cycle + k * (wire + IFG_CYCLES); // a copy follows on the sender's link
      if (this.kind === 'hub') {
        const start = Math.max(sent, this.mediumFree);
        if (start - sent > MAX_QUEUE_CYCLES) {
          st.congested++;
          continue;
        }
        this.mediumFree = start + wire + IFG_CYCLES;
        this.record(s.frame, start);
        const at = start + wire + this.latency + jitter;
        for (const p of this.ports) if (p.index !== s.port) this.deliver(s, p, frame, at, dribble, until);
      } else {
        this.record(s.frame, sent);
        const inSwitch = sent + wire + this.latency;
        for (const p of this.outputs(s.port, frame, sent)) {
          const start = Math.max(inSwitch, p.linkFree);
          if (start - inSwitch > MAX_QUEUE_CYCLES) {
            st.congested++;
            continue;
          }
          p.linkFree = start + wire + IFG_CYCLES;
          this.deliver(s, p, frame, start + wire + this.latency + jitter, dribble, until);
        }
      }
    }
  }

  /** Switch: learn the source, and choose the output ports. */
  private outputs(from: number, frame: Uint8Array, at: number): SegmentPort[] {
    if (frame.length >= 12 && !isMulticast(frame, 6))
      this.table.set(addressKey(frame, 6), { port: from, at });
    if (frame.length >= 6 && !isMulticast(frame, 0)) {
      const e = this.table.get(addressKey(frame, 0));
      if (e !== undefined && at - e.at < this.ageing) {
        if (e.port === from) return [];
        const p = this.ports.find((q) => q.index === e.port);
        return p === undefined ? [] : [p];
      }
    }
    return this.ports.filter((p) => p.index !== from);
  }

  private deliver(
    s: Sent,
    p: SegmentPort,
    frame: Uint8Array,
    at: number,
    dribble: number,
    until: number,
  ): void {
    const st = this.stats;
    if (this.cutOff(s.port, p.index, s.cycle)) {
      st.partitioned++;
      return;
    }
    if (at < until)
      throw new Error(
        `segment ${this.name}: a frame sent at cycle ${s.cycle} would arrive at ${at}, before the window's end ${until}: the lockstep window is longer than the segment's minimum latency (${this.minLatency} cycles)`,
      );
    if (p.receiver === null) {
      st.unplugged++;
      return;
    }
    if (at < p.lastArrival) st.reordered++;
    else p.lastArrival = at;
    st.delivered++;
    p.receiver(frame, at, dribble);
  }

  /** Whether a partition separates stations a and b at `cycle`. */
  private cutOff(a: number, b: number, cycle: number): boolean {
    for (const p of this.partitions)
      if (cycle >= p.from && cycle < p.to && p.ports.includes(a) !== p.ports.includes(b)) return true;
    return false;
  }

  private record(frame: Uint8Array, cycle: number): void {
    if (this.sink !== null)
      this.sink.record(frame.subarray(0, Math.max(0, frame.length - ETHER_FCS_LEN)), cycle);
  }
}

/** 32 random bits as a number in [0, 1). */
function unit(x: number): number {
  return x / 4294967296;
}

function probability(seg: string, key: string, p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1))
    throw new Error(`segment ${seg}: ${key} must be a probability from 0 to 1 (got ${p})`);
  return p;
}

function cycles(seg: string, key: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`segment ${seg}: ${key} must be a whole number of cycles, 0 or more (got ${n})`);
  return n;
}
