import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pair } from '../kernel/net/pair.js';
import { tshark } from './tshark-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-tshark-ping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tshark on a ping between two machines', () => {
  it.each([0, 0.2])('dissects every frame, none malformed (loss %s)', (loss) => {
    const lab = pair({ loss, seed: 3 });
    lab.type(0, 'ping -c 4 sun1');
    lab.type(1, 'ping -c 2 sun0');
    const file = join(dir, `ping-${loss}.pcap`);
    writeFileSync(file, lab.pcap());
    const frames = tshark(
      file,
      '-T',
      'fields',
      '-e',
      'eth.type',
      '-e',
      'icmp.type',
      '-e',
      'arp.opcode',
      '-e',
      'ip.proto',
    );
    const st = lab.segment.stats; // the capture shows what was sent, after loss
    expect(frames.length).toBe(st.sent - st.lost + st.duplicated);
    if (loss > 0) expect(st.lost).toBeGreaterThan(0);
    // ARP, the pings, and the boot's RPC and NFS over UDP (sun1 mounts sun0's /home).
    const kinds = ['0x0806\t\t1\t', '0x0806\t\t2\t', '0x0800\t8\t\t1', '0x0800\t0\t\t1', '0x0800\t\t\t17'];
    for (const f of frames) expect(kinds).toContain(f);
    if (loss === 0) expect(frames.filter((f) => f === '0x0800\t0\t\t1').length).toBe(6);
    expect(tshark(file, '-Y', '_ws.malformed')).toEqual([]);
    expect(tshark(file, '-Y', 'ip.checksum.status == "Bad" || icmp.checksum.status == "Bad"')).toEqual([]);
    expect(tshark(file, '-Y', '_ws.expert.severity >= warning')).toEqual([]);
  });
});
