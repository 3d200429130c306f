/**
 * The NFS benchmark (npm run bench:nfs; not a test): sequential write and
 * read throughput over NFS between two booted Sun-3/60s on a clean
 * 10 Mbit/s hub, in emulated time, and the round-trip time of an RPC null
 * call. sun0 is the file server, sun1 mounts sun0:/home at boot (/etc/rc,
 * default options: 8 KB reads and writes, four biods).
 *
 *   npx tsx test/bench/nfs.ts [megabytes]
 *   NFS_BENCH_PCAP=nfs.pcap npx tsx test/bench/nfs.ts   (and keep the capture, for tshark)
 *
 * - write: `cp` of a file from sun1's local /tmp to /home on sun1; the
 *   time runs until cp's close returns, i.e. until every block has been
 *   written to sun0's disk and answered (close-to-open).
 * - read: `cat` on sun1 of a file sun0 wrote on its own disk (so sun1's
 *   cache holds none of it), to /dev/null.
 * - the same two on sun1's local disk, for scale.
 * - null call: the capture's time from each NULL call to its reply, for
 *   the kernel's nfsd (program 100003) and for rpc.mountd (a user
 *   process); and from the caller's side, `rcount -n N` (one ADD call
 *   after another, a call as small as a null one) timed against `-n 1`.
 *
 * Times are the emulated clock before and after each command, so each
 * includes the shell's fork and exec (a few milliseconds).
 * docs/performance.md records the figures.
 */
import { cpuUsage } from 'node:process';
import { readPcap } from '../../emu/net/pcap.js';
import { pair } from '../kernel/net/pair.js';

const WIRE = 1_250_000; // bytes a second on a 10 Mbit/s Ethernet
const mb = Number(process.argv[2] ?? 4);
const n = mb << 20;

const lab = pair();
const nfsMounted = () => lab.stations[1].kernel.mounts.some((m) => m.fs.fstype === 'nfs');
lab.until(nfsMounted, 120);

/** Run `command` on machine i; emulated seconds it took. */
function timed(i: number, command: string, expect?: RegExp): number {
  const t0 = lab.now();
  const out = lab.type(i, command, 3600);
  const t = lab.now() - t0;
  if (expect && !expect.test(out)) throw new Error(`${command}: ${out}`);
  return t;
}

function row(name: string, seconds: number, host: number, wire = true): string {
  const rate = n / seconds;
  const share = wire ? `${((100 * rate) / WIRE).toFixed(1).padStart(5)}% of the wire` : ' '.repeat(18);
  return `${name.padEnd(44)} ${(rate / 1000).toFixed(0).padStart(6)} kB/s  ${share}  ${seconds.toFixed(2)} s  ${(host / mb).toFixed(2)} host CPU s per emulated MB`;
}

function hostRun(f: () => number): [number, number] {
  const c0 = cpuUsage();
  const t = f();
  const c = cpuUsage(c0);
  return [t, (c.user + c.system) / 1e6];
}

// The files: one on sun1's local disk, one written by sun0 on its own.
lab.type(1, `/tests/nfsfile write /tmp/src ${n} 1`, 600);
lab.type(0, `/tests/nfsfile write /home/alice/rd ${n} 2`, 600);
lab.type(0, 'chown alice /home/alice/rd');
lab.type(0, 'sync');

console.log(`NFS between two Sun-3/60s on a clean 10 Mbit/s hub (emulated time), ${mb} MB files`);
const [w, wh] = hostRun(() => timed(1, "su alice -c 'cp /tmp/src /home/alice/wr'"));
console.log(row('NFS write (cp local -> /home, to close)', w, wh));
const [r, rh] = hostRun(() => timed(1, 'cat /home/alice/rd > /dev/null'));
console.log(row('NFS read (cat /home -> /dev/null)', r, rh));
// The data went through unchanged (not timed).
for (const [i, cmd] of [
  [1, `/tests/nfsfile check /home/alice/wr ${n} 1`],
  [0, `/tests/nfsfile check /home/alice/wr ${n} 1`],
  [1, `/tests/nfsfile check /home/alice/rd ${n} 2`],
] as const) {
  const out = lab.type(i, cmd, 600);
  if (!out.includes(`ok ${n}`)) throw new Error(`${cmd}: ${out}`);
}
const [lw, lwh] = hostRun(() => timed(1, 'cp /tmp/src /tmp/dst; sync'));
console.log(row('local disk write (cp /tmp -> /tmp; sync)', lw, lwh, false));
const [lr, lrh] = hostRun(() => timed(1, 'cat /tmp/src > /dev/null'));
console.log(row('local read (cat /tmp -> /dev/null, cached)', lr, lrh, false));

// Null calls: from the capture, call to reply, per program.
const CALLS = 20;
const nullFrom = lab.pcap().length;
for (let i = 0; i < CALLS; i++) {
  lab.type(1, '/usr/etc/rpcinfo -u sun0 100003 2');
  lab.type(1, '/usr/etc/rpcinfo -u sun0 100005 1');
}
const rtts = new Map<number, number[]>();
{
  // Calls by xid -> [program, time], then the matching replies.
  const calls = new Map<number, [number, number]>();
  const bytes = lab.pcap();
  const all = readPcap(bytes).records;
  const head = readPcap(bytes.subarray(0, nullFrom)).records.length;
  for (const rec of all.slice(head)) {
    const f = rec.data;
    const v = new DataView(f.buffer, f.byteOffset, f.length);
    if (f.length < 42 + 24 || v.getUint16(12) !== 0x0800 || f[23] !== 17) continue;
    const ihl = (f[14] & 15) * 4;
    const rpc = 14 + ihl + 8;
    const xid = v.getUint32(rpc);
    const t = rec.sec + rec.usec / 1e6;
    if (v.getUint32(rpc + 4) === 0) {
      if (v.getUint32(rpc + 20) === 0) calls.set(xid, [v.getUint32(rpc + 12), t]);
    } else {
      const c = calls.get(xid);
      if (c && (c[0] === 100003 || c[0] === 100005)) {
        const list = rtts.get(c[0]) ?? [];
        list.push(t - c[1]);
        rtts.set(c[0], list);
        calls.delete(xid);
      }
    }
  }
}
const ms = (xs: number[]) => `${((1000 * xs.reduce((a, b) => a + b, 0)) / xs.length).toFixed(2)} ms`;
for (const [prog, name] of [
  [100003, 'nfsd (kernel)'],
  [100005, 'rpc.mountd (user process)'],
] as const) {
  const xs = rtts.get(prog) ?? [];
  if (xs.length < CALLS) throw new Error(`only ${xs.length} null calls to ${prog} answered`);
  console.log(`null call to ${name.padEnd(28)} ${ms(xs)} on the wire, call to reply (${xs.length} calls)`);
}
// From the caller's side: rcount's ADD calls back to back, less one call and the program's start.
lab.background(0, '/usr/demo/rcount -s');
const N = 200;
// (To /dev/null: each ADD prints a line, and the console's 9600 baud would be what is timed.)
const one = timed(1, '/usr/demo/rcount -n 1 sun0 > /dev/null');
const many = timed(1, `/usr/demo/rcount -n ${N + 1} sun0 > /dev/null`);
console.log(
  `RPC round trip, caller to caller (rcount ADD over UDP)   ${((1000 * (many - one)) / N).toFixed(2)} ms a call (${N} calls)`,
);
if (process.env.NFS_BENCH_PCAP)
  (await import('node:fs')).writeFileSync(process.env.NFS_BENCH_PCAP, lab.pcap());
