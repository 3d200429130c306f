/**
 * Two booted Sun-3/60s from the committed root image, named sun0 and sun1
 * (Ethernet 8:0:20:0:0:1 and :2, addresses from /etc/hosts), plugged into
 * one hub by hand and run in lockstep windows (emu/net/lockstep.ts), with
 * the hub captured to pcap. Commands are typed at one machine's shell and
 * run to their end, while both machines run.
 */
import { Station } from '../../../emu/lab/station.js';
import { Lockstep } from '../../../emu/net/lockstep.js';
import { PcapWriter } from '../../../emu/net/pcap.js';
import { Random } from '../../../emu/net/random.js';
import { type Partition, Segment } from '../../../emu/net/segment.js';
import { rootImage } from '../helpers.js';

export interface PairOptions {
  seed?: number;
  /** Probability that the hub loses a frame. */
  loss?: number;
  /** Probability that it duplicates one. */
  duplicate?: number;
  /** Largest extra delay of a frame, in cycles (reorders frames). */
  jitter?: number;
  /** Times when the two machines cannot hear each other. */
  partitions?: Partition[];
  /** Capture the hub (default true; a long fuzz turns it off, to keep its memory measure clean). */
  capture?: boolean;
  /** Called with each system call of machine i (sun3lab's trace lines). */
  trace?: (i: number, line: string) => void;
}

const SLICE = 200_000; // 10 ms

export function pair(opts: PairOptions = {}) {
  const seg = new Segment({
    name: 'ether0',
    kind: 'hub',
    random: new Random(opts.seed ?? 1).stream('segment/ether0'),
    faults: { loss: opts.loss ?? 0, duplicate: opts.duplicate ?? 0, jitter: opts.jitter ?? 0 },
    partitions: opts.partitions,
  });
  const chunks: Uint8Array[] = [];
  if (opts.capture ?? true) seg.capture(new PcapWriter((c) => chunks.push(Uint8Array.from(c))));
  const consoles = ['', ''];
  const stations = [0, 1].map((i) => {
    const st = new Station({
      disk: rootImage(),
      serial: i + 1,
      hostname: `sun${i}`,
      trace: opts.trace ? (line) => opts.trace?.(i, line) : undefined,
      consoleSink: (b) => {
        consoles[i] += String.fromCharCode(b);
      },
    });
    st.machine.ether.attach(seg.attach(i));
    return st;
  });
  // Each machine runs through its Station, which boots it again after a reboot(2).
  const ls = new Lockstep(
    stations.map((s) => ({
      get now() {
        return s.machine.now;
      },
      run: (cycles: number) => s.run(cycles),
    })),
    [seg],
  );
  const runUntil = (done: () => boolean, seconds: number) => {
    const end = ls.now + seconds * 20_000_000;
    while (!done() && ls.now < end) ls.runTo(ls.now + SLICE);
    if (!done()) throw new Error(`still running after ${seconds} s:\n${consoles.join('\n----\n')}`);
  };
  runUntil(() => stations.every((s) => s.waitingForInput()), 30);
  return {
    stations,
    segment: seg,
    /** Type a command at machine i's shell; return what it printed, once the shell waits again. */
    type(i: number, command: string, seconds = 60): string {
      const from = consoles[i].length;
      stations[i].machine.consoleInput(`${command}\n`);
      runUntil(() => stations[i].waitingForInput(), seconds);
      const out = consoles[i].slice(from).replace(/\r\n/g, '\n');
      // Without the echoed command and the next prompt.
      return out.slice(out.indexOf('\n') + 1).replace(/# $/, '');
    },
    /**
     * Start `command` in the background at machine i's shell (`command &`)
     * and let it run until it waits for something (a server in accept, say)
     * and the shell for the next line: the shell prompts again at once, so a
     * plain `type` would return before the job has started.
     */
    background(i: number, command: string, seconds = 60): void {
      stations[i].machine.consoleInput(`${command} &\n`);
      runUntil(() => stations[i].waitingForInput() && stations[i].kernel.sched.runnable === 0, seconds);
    },
    consoles: () => consoles.map((c) => c.replace(/\r\n/g, '\n')),
    /** Let both machines run for `seconds` of emulated time. */
    wait(seconds: number): void {
      ls.runTo(ls.now + seconds * 20_000_000);
    },
    /** Run until `done()` (checked every 10 ms), at most `seconds`. */
    until(done: () => boolean, seconds: number): void {
      runUntil(done, seconds);
    },
    /** Emulated seconds since power-on. */
    now: () => ls.now / 20_000_000,
    pcap: () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let o = 0;
      for (const c of chunks) {
        out.set(c, o);
        o += c.length;
      }
      return out;
    },
  };
}

/** What each captured frame is: "arp who-has A tell B", "arp reply A is-at M", "icmp echo S>D seq N"... */
export function describeFrame(f: Uint8Array): string {
  const v = new DataView(f.buffer, f.byteOffset, f.length);
  const ip = (o: number) => `${f[o]}.${f[o + 1]}.${f[o + 2]}.${f[o + 3]}`;
  const type = v.getUint16(12);
  if (type === 0x0806) {
    const op = v.getUint16(20);
    return op === 1
      ? `arp who-has ${ip(38)} tell ${ip(28)}`
      : `arp reply ${ip(28)} is-at ${Array.from(f.subarray(22, 28), (b) => b.toString(16)).join(':')}`;
  }
  if (type === 0x0800 && f[23] === 1) {
    const kind = f[34] === 8 ? 'echo' : f[34] === 0 ? 'echo-reply' : `icmp-${f[34]}`;
    return `${kind} ${ip(26)} > ${ip(30)} seq ${v.getUint16(40)}`;
  }
  return `type ${type.toString(16)}`;
}
