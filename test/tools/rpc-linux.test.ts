/**
 * Linux's own RPC tools against the lab, through the TAP bridge in a
 * network namespace of the test's own (netns.ts): rpcinfo -p lists sun0's
 * port mapper, rpcinfo -u and -t call mountd and rstatd, showmount -e
 * lists /etc/exports, and tshark decodes the captured portmap, MOUNT and
 * RSTAT traffic with nothing malformed. Needs root, /dev/net/tun, ip,
 * socat, ping, Linux's rpcinfo and showmount (apt: rpcbind, nfs-common)
 * and tshark; skipped, saying which is missing, where they are not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIM } from '../cli/spawn.js';
import { NetNamespace, netnsUnavailable, spawnLab } from './netns.js';
import { tshark } from './tshark-run.js';

function missing(): string | null {
  for (const [cmd, arg, pkg] of [
    ['rpcinfo', '-h', 'rpcbind'],
    ['showmount', '-v', 'nfs-common'],
    ['tshark', '-v', 'tshark'],
  ]) {
    if (spawnSync(cmd, [arg], { stdio: 'ignore' }).error) return `no ${cmd} (apt-get install ${pkg})`;
  }
  return netnsUnavailable();
}

const why = missing();
const SUN0 = '192.9.200.1';

describe.skipIf(why !== null)(
  `Linux's rpcinfo and showmount against the lab${why ? ` (skipped: ${why})` : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'sun3lab-rpc-linux-'));
    let ns: NetNamespace | null = null;
    afterAll(() => {
      ns?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("lists sun0's programs and exports, calls its mountd and rstatd; tshark decodes it all", async () => {
      ns = NetNamespace.create();
      await ns.tapBridge({ name: 'sun3tap', address: '192.9.200.100/24', udp: 5566, lab: 5565 });
      const pcap = join(dir, 'rpc.pcap');
      const lab = spawnLab(ns, SHIM, [
        '--machines',
        '1',
        '--udp-link',
        '127.0.0.1:5565,127.0.0.1:5566',
        '--pcap',
        pcap,
      ]);
      await lab.waitFor(/^sun0\| multi-user startup/m, 60_000);
      const run = (cmd: string, ...args: string[]) => {
        const r = ns?.exec(cmd, args, 60_000);
        return { status: r?.status, out: `${r?.stdout}${r?.stderr}` };
      };

      const p = run('rpcinfo', '-p', SUN0);
      expect(p.status, p.out).toBe(0);
      expect(p.out).toMatch(/100000\s+2\s+tcp\s+111\s+portmapper/);
      expect(p.out).toMatch(/100000\s+2\s+udp\s+111\s+portmapper/);
      expect(p.out).toMatch(/100005\s+1\s+udp\s+\d+\s+mountd/);
      expect(p.out).toMatch(/100005\s+1\s+tcp\s+\d+\s+mountd/);
      expect(p.out).toMatch(/100001\s+3\s+udp\s+\d+\s+(rstatd|rstat_svc)/);
      const u = run('rpcinfo', '-u', SUN0, '100001', '3');
      expect(u.out).toMatch(/program 100001 version 3 ready and waiting/);
      const t = run('rpcinfo', '-t', SUN0, '100005', '1');
      expect(t.out).toMatch(/program 100005 version 1 ready and waiting/);
      const e = run('showmount', '-e', SUN0);
      expect(e.status, e.out).toBe(0);
      expect(e.out).toMatch(/Export list for 192\.9\.200\.1:\n\/home\s+\(everyone\)/);

      expect(await lab.end('~.')).toBe(0);
      const checks = ['-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'];
      expect(tshark(pcap, ...checks, '-Y', '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
      const protos = tshark(pcap, ...checks, '-Y', 'rpc', '-T', 'fields', '-e', '_ws.col.Protocol');
      for (const proto of ['Portmap', 'MOUNT', 'RSTAT']) expect(protos).toContain(proto);
    });
  },
);
