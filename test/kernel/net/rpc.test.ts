/**
 * ONC RPC in the lab (docs/rpc.md). On one machine: /tests/rpc (the
 * library: XDR, clients and servers over UDP and TCP, time-outs, the reply
 * cache, the port mapper, callrpc and registerrpc), /tests/rpcsvc (mountd
 * and /etc/exports, getfh(2), statinfo(2), rstatd) and /tests/rpcfuzz
 * (garbage calls to every daemon, which answer with RPC errors and go on).
 * Between two machines booted from the committed image (their /etc/rc
 * starts portmap, rpc.mountd and rpc.rstatd): rpcinfo, showmount, a MNT,
 * the fuzz over the wire, and rup against the other machine's own uptime.
 */
import { describe, expect, it } from 'vitest';
import { rootImage, runOn } from '../helpers.js';
import { checkCapture } from './capture.js';
import { pair } from './pair.js';
import { loads, sameLoads } from './uptime.js';

/** Run a test program as process 1 of a fresh machine: its checks all pass. */
function passes(path: string, argv: string[], seconds: number): string {
  const r = runOn(rootImage(), path, argv, '', seconds);
  expect(r.output).not.toContain('FAIL');
  expect(r.status).toBe(0);
  return r.output;
}

describe('ONC RPC on one machine', () => {
  it('the library: XDR, UDP and TCP clients and servers, errors, time-outs, the reply cache, the port mapper', () => {
    const out = passes('/tests/rpc', ['rpc'], 120);
    expect(out).toMatch(/rpc: PASS \((\d+) checks, 0 failed\)/);
    expect(Number(/\((\d+) checks/.exec(out)?.[1])).toBeGreaterThan(70);
  });

  it('the services: mountd and /etc/exports, getfh(2), statinfo(2), rstatd versions 2 to 4, CALLIT', () => {
    const out = passes('/tests/rpcsvc', ['rpcsvc'], 120);
    expect(out).toContain('rpcsvc: PASS');
    // The bad lines of the test's /etc/exports are reported, the rest used.
    expect(out).toContain('mountd: /etc/exports line 5: not a directory');
    expect(out).toContain('mountd: /etc/exports line 6: unknown option');
  });

  it('garbage calls to portmap, mountd and rstatd get RPC errors, and every daemon goes on', () => {
    const out = passes('/tests/rpcfuzz', ['rpcfuzz', '-n', '1500', '-s', '7'], 300);
    const m = /rpcfuzz: 1500 cases, (\d+) answered; (\d+) of (\d+) whose answer is known got it/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m?.[2])).toBe(Number(m?.[3]));
    expect(Number(m?.[3])).toBeGreaterThan(500);
    expect(out).toContain('rpcfuzz: PASS');
  });
});

describe('ONC RPC between two machines', () => {
  it('rpcinfo, showmount and a MNT across the wire; the capture is clean', () => {
    const lab = pair();
    // /etc/rc started the daemons on both machines.
    expect(lab.consoles()[0]).toContain('starting rpc services: portmap mountd rstatd.');
    const p = lab.type(1, '/usr/etc/rpcinfo -p sun0');
    expect(p).toMatch(/program vers proto\s+port/);
    expect(p).toMatch(/100000\s+2\s+tcp\s+111\s+portmapper/);
    expect(p).toMatch(/100000\s+2\s+udp\s+111\s+portmapper/);
    expect(p).toMatch(/100005\s+1\s+udp\s+\d+\s+mountd/);
    expect(p).toMatch(/100001\s+3\s+udp\s+\d+\s+rstatd/);
    // nfsd registers NFS at its well-known port.
    expect(p).toMatch(/100003\s+2\s+udp\s+2049\s+nfs/);
    const u = lab.type(1, '/usr/etc/rpcinfo -u sun0 rstatd; echo status $?');
    expect(u).toMatch(/program 100001 version 2 ready and waiting/);
    expect(u).toMatch(/program 100001 version 4 ready and waiting/);
    expect(u).toContain('status 0');
    expect(lab.type(1, '/usr/etc/rpcinfo -u sun0 100003; echo status $?')).toMatch(
      /program 100003 version 2 ready and waiting[\s\S]*status 0/,
    );
    expect(lab.type(1, '/usr/etc/rpcinfo -u sun0 100099; echo status $?')).toMatch(
      /[Pp]rogram not registered[\s\S]*status 1/,
    );
    expect(lab.type(1, '/usr/etc/showmount -e sun0')).toMatch(
      /export list for sun0:\n\/home\s+\(everyone\)/i,
    );
    const mnt = lab.type(1, '/tests/rpcsvc -m sun0 /home');
    // Status 0 and the 32-byte handle: sun0's root disk (sd0a, 7/0), a UFS,
    // and the fid of /home (length 10, inode, generation) twice.
    const h = /status 0\n((?:[0-9a-f]{8} ){7}[0-9a-f]{8})\n/.exec(mnt);
    expect(h, mnt).not.toBeNull();
    const w = (h?.[1] ?? '').split(' ');
    expect(w.slice(0, 3)).toEqual(['00000700', '00000001', '000a0000']);
    expect(w.slice(5, 8)).toEqual(w.slice(2, 5));
    expect(lab.type(1, '/usr/etc/showmount -a sun0')).toContain('sun1:/home');
    const r = checkCapture(lab.pcap());
    expect(r.malformed).toEqual([]);
    expect(r.badChecksums).toEqual([]);
  });

  it('garbage calls from the other machine: the daemons answer with RPC errors and go on', () => {
    const lab = pair();
    const out = lab.type(1, '/tests/rpcfuzz -n 400 -s 3 sun0', 300);
    expect(out).toContain('rpcfuzz: PASS');
    expect(lab.type(1, '/usr/etc/rpcinfo -p sun0')).toMatch(/100005\s+1\s+tcp\s+\d+\s+mountd/);
  });

  it('the example of docs/rpc.md: rcount through 30% loss adds exactly once per call (the reply cache)', () => {
    const lab = pair({ loss: 0.3, seed: 11 });
    lab.background(0, '/usr/demo/rcount -s -c');
    const out = lab.type(1, '/usr/demo/rcount -n 20 -r 300 sun0', 300);
    expect(out).toMatch(/rcount: sun0 saw flavor 1, machine sun1, uid 0, gid 0, \d+ groups/);
    expect(out).toContain('rcount: add 1 -> 20\n');
    expect(out).toContain('rcount: total 20\n');
    // Calls or replies were lost, and sent again: the resends were answered from the cache.
    expect(lab.segment.stats.lost).toBeGreaterThan(5);
    // The same without the cache: a resent ADD whose reply was lost adds again.
    const bare = pair({ loss: 0.3, seed: 11 });
    bare.background(0, '/usr/demo/rcount -s');
    const total = /rcount: total (\d+)\n/.exec(bare.type(1, '/usr/demo/rcount -n 20 -r 300 sun0', 300));
    expect(Number(total?.[1])).toBeGreaterThan(20);
  });

  it("rup gives the other machine's load, as its own uptime does: three programs computing for 30 s", () => {
    const lab = pair();
    for (let i = 0; i < 3; i++) lab.type(0, '/tests/matmul 100000 > /dev/null &');
    lab.wait(30);
    const rup = lab.type(1, 'rup sun0');
    const up = lab.type(0, 'uptime');
    expect(rup).toMatch(/^\s+sun0\s+up\s/);
    // Six samples of a run queue of three: 3 * (1 - e^(-30/60)) = 1.18 for one minute.
    const [one] = loads(rup);
    expect(Math.abs(one - 3 * (1 - Math.exp(-30 / 60)))).toBeLessThan(0.1);
    sameLoads(rup, up);
  });
});
