/**
 * tshark dissects the RPC between two booted machines (test/kernel/net/pair.ts):
 * the port mapper (rpcinfo -p, GETPORT), MOUNT (showmount, a MNT), RSTAT
 * (rup, perfmeter) and the rcount example over UDP and TCP — every call
 * matched with its reply, zero malformed packets, zero checksum or
 * expert-info errors. Needs tshark.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pair } from '../kernel/net/pair.js';
import { tshark, tsharkFields } from './tshark-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-tshark-rpc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// rcount's program number is no program tshark knows: have it decoded all the same.
const CHECKS = [
  '-o',
  'tcp.check_checksum:TRUE',
  '-o',
  'udp.check_checksum:TRUE',
  '-o',
  'rpc.dissect_unknown_programs:TRUE',
];

describe('tshark reads the lab RPC', () => {
  it('portmap, MOUNT, RSTAT and a program of its own, over UDP and TCP: all decoded, none malformed', () => {
    const lab = pair();
    lab.type(1, '/usr/etc/rpcinfo -p sun0');
    lab.type(1, '/usr/etc/rpcinfo -u sun0 rstatd');
    lab.type(1, '/usr/etc/rpcinfo -t sun0 mountd');
    lab.type(1, '/usr/etc/showmount -e sun0');
    lab.type(1, '/tests/rpcsvc -m sun0 /home');
    lab.type(1, '/usr/etc/showmount -a sun0');
    lab.type(1, 'rup sun0');
    lab.type(1, 'perfmeter -s 1 -c 1 sun0', 30);
    lab.background(0, '/usr/demo/rcount -s -c');
    lab.type(1, '/usr/demo/rcount -n 2 sun0');
    lab.type(1, '/usr/demo/rcount -t -n 2 sun0');
    const file = join(dir, 'rpc.pcap');
    writeFileSync(file, lab.pcap());

    // Nothing malformed, no bad checksum, no expert-info error.
    expect(tshark(file, ...CHECKS, '-Y', '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
    const fields = (filter: string, ...f: string[]) => tsharkFields(file, CHECKS, filter, ...f);
    // Each program's calls, and their replies matched to them (a reply's rpc.repframe names its call).
    const programs = fields('rpc.msgtyp == 0', 'rpc.program').map(Number);
    for (const prog of [100000, 100005, 100001]) expect(programs).toContain(prog);
    const calls = fields('rpc.msgtyp == 0', 'rpc.xid');
    const replies = fields('rpc.msgtyp == 1 && rpc.repframe', 'rpc.xid');
    expect(calls.length).toBeGreaterThan(15);
    expect(new Set(replies)).toEqual(new Set(calls));
    // The port mapper's DUMP and GETPORT, MOUNT's EXPORT, MNT and DUMP, RSTAT's STATS decoded by name.
    expect(fields('portmap.procedure_v2 == 4', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('portmap.procedure_v2 == 3', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('mount.procedure_v1 == 5', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('mount.procedure_v1 == 1', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('mount.procedure_v1 == 2', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('rpc.program == 100001 && rpc.procedure == 1', 'frame.number').length).toBeGreaterThan(0);
    expect(fields('mount.path == "/home"', 'frame.number').length).toBeGreaterThan(0);
    // rcount (program 0x20000099), four calls over UDP and four over TCP, in records of one fragment.
    expect(fields('rpc.msgtyp == 0 && rpc.program == 0x20000099 && udp', 'rpc.procedure')).toEqual([
      '3',
      '1',
      '1',
      '2',
    ]);
    expect(fields('rpc.msgtyp == 0 && rpc.program == 0x20000099 && tcp', 'rpc.lastfrag')).toEqual(
      Array(4).fill('1'),
    );
  });
});
