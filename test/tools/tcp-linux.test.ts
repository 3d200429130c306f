/**
 * TCP and UDP between a lab machine and Linux's own TCP/IP, in a network
 * namespace of the test's own (netns.ts: a TAP interface joined by socat
 * to the lab's UDP link on the namespace's loopback, so that no packet
 * leaves it). Linux's TCP end is socat, the bytes going to and from this
 * test's process; sun0's end is /tests/netxfer, which sends its known
 * stream and checks every byte of the one it receives.
 *
 * 1. A clean link: 1 MB each way at once, sun0 connecting to a Linux
 *    server and a Linux client connecting to sun0; then UDP both ways
 *    (Python's sockets at Linux's end), datagrams up to 8000 bytes, so
 *    that each stack reassembles the other's fragments.
 * 2. The lab's own Ethernet losing 10%, duplicating 5% and delaying
 *    frames up to 10 ms (--net-loss, --net-duplicate, --net-jitter):
 *    Linux's TCP meets them even on a host whose kernel has no netem.
 * 3. netem on the namespace's loopback — every frame between the lab and
 *    the TAP interface crosses it, both ways — losing 10%, duplicating 5%
 *    and delaying 75% by 10 ms (reordering the rest).
 *
 * tshark reads the lab's capture of each run: no malformed frame, no
 * checksum error, and under faults the retransmissions it sees.
 *
 * Needs root, /dev/net/tun, ip, socat, ping (netns.ts says which is
 * missing), python3 and, for the third run, tc with the kernel's netem
 * qdisc (sch_netem): each part is skipped, saying why, where the host
 * lacks it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHIM } from '../cli/spawn.js';
import { NetNamespace, netnsUnavailable } from './netns.js';
import { tshark } from './tshark-run.js';

const LINUX = '192.9.200.100';
const SUN0 = '192.9.200.1';
const SIZE = 1 << 20;
const NETEM = ['loss', '10%', 'duplicate', '5%', 'delay', '10ms', 'reorder', '25%'];

const why =
  netnsUnavailable() ??
  (spawnSync('python3', ['-V'], { stdio: 'ignore' }).status === 0
    ? null
    : 'no python3 (apt-get install python3)');

/** Why netem cannot be used here (tc missing, or the kernel has no netem qdisc), or null. */
function netemUnavailable(): string | null {
  if (why !== null) return why;
  const tc = spawnSync('tc', ['-V'], { encoding: 'utf8' });
  if (tc.error !== undefined) return 'no tc command (apt-get install iproute2)';
  const ns = NetNamespace.create('sun3lab-netem');
  try {
    const r = ns.exec('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', ...NETEM]);
    if (r.status !== 0)
      return `tc cannot add a netem qdisc ("${(r.stderr || r.stdout).trim()}"): this kernel lacks sch_netem (CONFIG_NET_SCH_NETEM)`;
    return null;
  } finally {
    ns.close();
  }
}
const netemWhy = netemUnavailable();
const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;

/** netxfer's stream (userland/tests/netxfer.c): an LCG's 64 KB pattern, shifted by 13 more in each 64 KB block. */
function stream(n: number): Buffer {
  const pattern = new Uint8Array(65536);
  let x = 12345;
  for (let i = 0; i < pattern.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    pattern[i] = (x >>> 16) & 0xff;
  }
  const out = Buffer.alloc(n);
  for (let o = 0; o < n; o++) out[o] = pattern[(o + Math.floor(o / 65536) * 13) & 0xffff];
  return out;
}

/** The first offset where `got` and `want` differ, or -1. */
function firstDifference(got: Buffer, want: Buffer): number {
  if (got.equals(want)) return -1;
  for (let i = 0; i < Math.min(got.length, want.length); i++) if (got[i] !== want[i]) return i;
  return Math.min(got.length, want.length);
}

/** socat in the namespace as Linux's end of one connection: `want` is sent, what arrives is kept. */
function linuxEnd(ns: NetNamespace, address: string, send: Buffer) {
  const socat = ns.spawn('socat', ['-t', '120', address, 'STDIO']);
  const got: Buffer[] = [];
  let said = '';
  socat.stdout?.on('data', (b: Buffer) => got.push(b));
  socat.stderr?.setEncoding('utf8').on('data', (s: string) => {
    said += s;
  });
  socat.stdin?.end(send);
  const done = new Promise<{ code: number | null; got: Buffer; said: string }>((r) =>
    socat.on('close', (code) => r({ code, got: Buffer.concat(got), said })),
  );
  return { done };
}

const UDP_COUNT = 20;
const UDP_SIZES = [1, 100, 1472, 1473, 4000, 8000, 512, 2];

/** Linux's UDP echo server: `count` datagrams on `port`, each sent back to its sender. */
const UDP_ECHO = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('0.0.0.0', int(sys.argv[1])))
s.settimeout(60)
n = int(sys.argv[2])
for i in range(n):
    d, a = s.recvfrom(65535)
    s.sendto(d, a)
print('echoed', n)
`;

/** Linux's UDP client: datagrams of the given sizes to host:port, each echo compared (tries again while the server is not up). */
const UDP_CLIENT = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect((sys.argv[1], int(sys.argv[2])))
s.settimeout(2)
sizes = [int(x) for x in sys.argv[3].split(',')]
for i, size in enumerate(sizes):
    d = bytes((i * 7 + j * 13) & 255 for j in range(size))
    for attempt in range(15):
        try:
            s.send(d)
            r = s.recv(65535)
            break
        except (socket.timeout, ConnectionRefusedError):
            continue
    else:
        sys.exit('no echo of datagram %d' % i)
    if r != d:
        sys.exit('datagram %d came back wrong' % i)
print(len(sizes), 'datagrams echoed')
`;

interface Run {
  console: string;
  pcap: string;
}

/** A one-machine lab joined to Linux; both transfers; the console and the capture. */
async function transfers(
  ns: NetNamespace,
  dir: string,
  o: { labArgs?: string[]; size?: number; udp?: boolean; buffers?: number } = {},
): Promise<Run> {
  const size = o.size ?? SIZE;
  const b = o.buffers ? ` -b ${o.buffers}` : '';
  await ns.tapBridge({ name: 'sun3tap', address: `${LINUX}/24`, udp: 5556, lab: 5555 });
  const pcap = join(dir, 'lab.pcap');
  const lab = ns.spawn(process.execPath, [
    SHIM,
    'lab',
    '--machines',
    '1',
    '--pcap',
    pcap,
    '--udp-link',
    '127.0.0.1:5555,127.0.0.1:5556',
    ...(o.labArgs ?? []),
  ]);
  let out = '';
  const collect = (s: string) => {
    out += s;
  };
  lab.stdout?.setEncoding('utf8').on('data', collect);
  lab.stderr?.setEncoding('utf8').on('data', collect);
  const exited = new Promise<number | null>((r) => lab.on('close', (code) => r(code)));
  const waitFor = async (re: RegExp, ms: number) => {
    const end = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > end) throw new Error(`no ${re} after ${ms} ms:\n${out.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const count = (re: RegExp) => (out.match(re) ?? []).length;
  await waitFor(/^sun0\| multi-user startup/m, 60_000);
  const want = stream(size);

  // sun0 connects to a Linux server: 1 MB each way at once.
  const server = linuxEnd(ns, 'TCP-LISTEN:7000,reuseaddr', want);
  lab.stdin?.write(`sun0: /tests/netxfer -c ${LINUX} -p 7000 -n ${size}${b}\n`);
  const s = await server.done;
  await waitFor(/^sun0\| netxfer: (data ok|data BAD.*|\w+: .*)$/m, 60_000);
  expect(out).toMatch(new RegExp(`^sun0\\| netxfer: client: sent ${size} received ${size} bytes in`, 'm'));
  expect(out).toMatch(/^sun0\| netxfer: data ok$/m);
  expect(s.said).toBe('');
  expect(firstDifference(s.got, want)).toBe(-1);

  // A Linux client connects to sun0's server: 1 MB each way at once.
  lab.stdin?.write(`sun0: /tests/netxfer -s -p 7001 -n ${size}${b} &\n`);
  const client = linuxEnd(ns, `TCP:${SUN0}:7001,retry=40,interval=0.5`, want);
  const c = await client.done;
  await waitFor(/(^sun0\| netxfer: data ok$[\s\S]*){2}/m, 60_000);
  expect(count(/^sun0\| netxfer: data ok$/gm)).toBe(2);
  expect(out).toMatch(new RegExp(`^sun0\\| netxfer: server: sent ${size} received ${size} bytes in`, 'm'));
  expect(out).not.toMatch(/data BAD/);
  expect(c.said).toBe('');
  expect(firstDifference(c.got, want)).toBe(-1);

  if (o.udp) {
    // UDP both ways, datagrams up to 8000 bytes: fragmented by one stack, reassembled by the other.
    const echo = ns.spawn('python3', ['-c', UDP_ECHO, '7002', String(UDP_COUNT)]);
    const echoed = new Promise<string>((r) => {
      let said = '';
      echo.stdout?.setEncoding('utf8').on('data', (t: string) => {
        said += t;
      });
      echo.stderr?.setEncoding('utf8').on('data', (t: string) => {
        said += t;
      });
      echo.on('close', () => r(said));
    });
    await new Promise((r) => setTimeout(r, 500)); // python's socket bound
    lab.stdin?.write(`sun0: /tests/netxfer -u -c ${LINUX} -p 7002 -k ${UDP_COUNT} -l 4000\n`);
    await waitFor(
      /^sun0\| netxfer: (\d+ datagrams of|datagram \d+ came back wrong|(send|recv|connect): )/m,
      60_000,
    );
    expect(out).toMatch(new RegExp(`^sun0\\| netxfer: ${UDP_COUNT} datagrams of 4000 bytes echoed$`, 'm'));
    expect(await echoed).toBe(`echoed ${UDP_COUNT}\n`);

    lab.stdin?.write(`sun0: /tests/netxfer -u -s -p 7003 -k ${UDP_SIZES.length} &\n`);
    // Bound before the first datagram (else an ICMP port unreachable refuses it, and a busy host may run out of tries).
    await waitFor(/^sun0\| (\[\d+\] \d+\n)?.*netxfer: listening on port 7003$/m, 20_000);
    const client = ns.exec('python3', ['-c', UDP_CLIENT, SUN0, '7003', UDP_SIZES.join(',')], 60_000);
    expect(`${client.stdout}${client.stderr}`).toBe(`${UDP_SIZES.length} datagrams echoed\n`);
    await waitFor(new RegExp(`^sun0\\| netxfer: echoed ${UDP_SIZES.length} datagrams$`, 'm'), 20_000);
  }

  lab.stdin?.end('~.\n');
  expect(await exited).toBe(0);
  return { console: out, pcap };
}

/** What tshark finds in the capture: frames, malformed ones, checksum errors, TCP retransmissions. */
function decode(pcap: string) {
  // The payload is netxfer's bytes: plain data, not the protocols tshark knows by these port numbers (Gryphon's 7000).
  const opts = ['-o', 'tcp.check_checksum:TRUE', '-d', 'tcp.port==7000,data', '-d', 'tcp.port==7001,data'];
  const all = tshark(pcap, ...opts);
  const errors = tshark(pcap, ...opts, '-Y', '_ws.malformed || _ws.expert.severity == error');
  const retrans = tshark(
    pcap,
    ...opts,
    '-Y',
    'tcp.analysis.retransmission || tcp.analysis.fast_retransmission',
  );
  const accepted = tshark(pcap, ...opts, '-Y', 'tcp.flags.syn == 1 && tcp.flags.ack == 1');
  return { frames: all.length, errors, retransmissions: retrans.length, accepted: accepted.length };
}

describe.skipIf(why !== null)(`TCP between sun0 and Linux${why ? ` (skipped: ${why})` : ''}`, () => {
  let ns: NetNamespace | null = null;
  let dir = '';
  afterEach(() => {
    ns?.close();
    if (ns) expect(ns.exists()).toBe(false);
    ns = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('1 MB each way, byte-exact, sun0 as client and as server, on a clean link; UDP both ways, in fragments', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sun3lab-tcp-linux-'));
    ns = NetNamespace.create();
    const run = await transfers(ns, dir, { udp: true });
    if (hasTshark) {
      const d = decode(run.pcap);
      expect(d.frames).toBeGreaterThan(1500);
      expect(d.errors).toEqual([]);
      // Two handshakes answered (socat's tries before sun0's server listens are refused with a RST).
      expect(d.accepted).toBe(2);
      // The big datagrams went in fragments both ways.
      for (const src of [SUN0, LINUX])
        expect(tshark(run.pcap, '-Y', `ip.flags.mf == 1 && ip.src == ${src}`).length).toBeGreaterThan(0);
    }
  });

  it("256 KB each way with the lab's Ethernet losing 10%, duplicating 5% and delaying frames up to 10 ms", async () => {
    // The lab's own faults act on every frame between sun0 and the TAP interface, both ways:
    // Linux's TCP meets loss, duplicates and reordering even where the host has no netem.
    dir = mkdtempSync(join(tmpdir(), 'sun3lab-tcp-faults-'));
    ns = NetNamespace.create();
    const faults = ['--net-loss', '0.1', '--net-duplicate', '0.05', '--net-jitter', '10ms', '--seed', '7'];
    // 256 KB each way, sun0 with 16 KB socket buffers: with a tenth of the frames lost both
    // ways, the default 4 KB window (under three segments: no fast retransmit, every loss waits
    // for a timeout, 1.5 s or more) makes 1 MB take about 7 minutes of the wall clock.
    const run = await transfers(ns, dir, { labArgs: faults, size: SIZE / 4, buffers: 16384 });
    if (hasTshark) {
      const d = decode(run.pcap);
      expect(d.errors).toEqual([]);
      expect(d.retransmissions).toBeGreaterThan(0);
    }
  });

  it.skipIf(netemWhy !== null)(
    `256 KB each way through netem (${NETEM.join(' ')})${netemWhy ? ` — skipped: ${netemWhy}` : ''}`,
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'sun3lab-tcp-netem-'));
      ns = NetNamespace.create();
      const tc = ns.exec('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', ...NETEM]);
      expect(tc.stderr).toBe('');
      expect(ns.exec('tc', ['qdisc', 'show', 'dev', 'lo']).stdout).toMatch(/netem .*loss 10%/);
      // 256 KB, as with the lab's faults (UDP is left out: netxfer's datagrams are not sent again).
      const run = await transfers(ns, dir, { size: SIZE / 4, buffers: 16384 });
      if (hasTshark) {
        const d = decode(run.pcap);
        expect(d.errors).toEqual([]);
        expect(d.retransmissions).toBeGreaterThan(0); // the losses were repaired, not absent
      }
    },
  );
});
