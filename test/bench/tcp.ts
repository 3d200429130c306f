/**
 * The network benchmark (npm run bench:tcp; not a test): TCP throughput
 * between two booted Sun-3/60s on a clean 10 Mbit/s hub, in emulated time,
 * and the host CPU it takes. /tests/netxfer sends a stream one way with
 * no checking (-x -z, as ttcp does), with the default 4 KB socket buffers
 * and with larger ones (ttcp's -b); ttcp itself does the same; then
 * netxfer both ways at once.
 *
 *   npx tsx test/bench/tcp.ts [megabytes]
 *
 * Prints, per run, the emulated throughput, its share of the wire's 10
 * Mbit/s (1,250,000 bytes a second), and host CPU seconds per emulated MB
 * moved. docs/performance.md records the figures.
 */
import { cpuUsage } from 'node:process';
import { pair } from '../kernel/net/pair.js';

const WIRE = 1_250_000; // bytes a second on a 10 Mbit/s Ethernet

interface Run {
  name: string;
  server: string;
  client: string;
  bytes: number;
}

function measure(run: Run): string {
  const lab = pair();
  lab.type(1, `${run.server} &`);
  const cpu0 = cpuUsage();
  const out = lab.type(0, run.client, 3600);
  const cpu = cpuUsage(cpu0);
  // netxfer: "sent S received R bytes in T ms"; ttcp: "ttcp-t: N bytes in T.TTT real seconds".
  const m = /sent (\d+) received (\d+) bytes in (\d+) ms/.exec(out);
  const t = /ttcp-t: (\d+) bytes in (\d+\.\d+) real seconds/.exec(out);
  if (!m && !t) throw new Error(`no result from: ${run.client}\n${out}`);
  const moved = m ? Number(m[1]) + Number(m[2]) : Number(t?.[1]);
  const seconds = m ? Number(m[3]) / 1000 : Number(t?.[2]);
  const rate = moved / seconds;
  const host = (cpu.user + cpu.system) / 1e6;
  const mb = moved / (1 << 20);
  return `${run.name.padEnd(44)} ${(rate / 1000).toFixed(0).padStart(6)} kB/s  ${((100 * rate) / WIRE).toFixed(1).padStart(5)}% of the wire  ${(host / mb).toFixed(2)} host CPU s per emulated MB`;
}

const mb = Number(process.argv[2] ?? 4);
const n = mb << 20;
const runs: Run[] = [
  {
    name: `one way, ${mb} MB, default 4 KB buffers`,
    server: `/tests/netxfer -s -x -z -n ${n}`,
    client: `/tests/netxfer -c sun1 -x -z -n ${n}`,
    bytes: n,
  },
  {
    name: `one way, ${mb} MB, 16 KB buffers (ttcp -b)`,
    server: `/tests/netxfer -s -x -z -b 16384 -n ${n}`,
    client: `/tests/netxfer -c sun1 -x -z -b 16384 -n ${n}`,
    bytes: n,
  },
  {
    name: `one way, ${mb} MB, 32 KB buffers`,
    server: `/tests/netxfer -s -x -z -b 32768 -n ${n}`,
    client: `/tests/netxfer -c sun1 -x -z -b 32768 -n ${n}`,
    bytes: n,
  },
  {
    name: `ttcp -s, ${mb} MB, default 4 KB buffers`,
    server: 'ttcp -r -s',
    client: `ttcp -t -s -n ${n / 8192} sun1`,
    bytes: n,
  },
  {
    name: `ttcp -s -b 16384, ${mb} MB`,
    server: 'ttcp -r -s -b 16384',
    client: `ttcp -t -s -b 16384 -n ${n / 8192} sun1`,
    bytes: n,
  },
  {
    name: `both ways at once, ${mb} MB each, 16 KB buffers`,
    server: `/tests/netxfer -s -z -b 16384 -n ${n}`,
    client: `/tests/netxfer -c sun1 -z -b 16384 -n ${n}`,
    bytes: 2 * n,
  },
];
console.log('TCP between two Sun-3/60s on a clean 10 Mbit/s hub (emulated time)');
for (const r of runs) console.log(measure(r));
