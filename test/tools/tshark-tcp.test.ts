/**
 * tshark dissects the captures of TCP and UDP between two booted machines
 * (test/kernel/net/pair.ts): a clean transfer, one through loss,
 * duplication and reordering, and UDP with fragments and a port
 * unreachable — every frame decoded, zero malformed, zero IP, TCP, UDP or
 * ICMP checksum errors, zero expert-info errors. Needs tshark.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPcap } from '../../emu/net/pcap.js';
import { pair } from '../kernel/net/pair.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-tshark-tcp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHECKS = [
  '-o',
  'ip.check_checksum:TRUE',
  '-o',
  'tcp.check_checksum:TRUE',
  '-o',
  'udp.check_checksum:TRUE',
];

function tshark(file: string, ...args: string[]): string[] {
  const out = execFileSync('tshark', ['-r', file, ...CHECKS, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  });
  return out.split('\n').filter((l) => l !== '');
}

/** Write the capture and check it with tshark; returns the file. */
function checked(name: string, pcap: Uint8Array): string {
  const file = join(dir, `${name}.pcap`);
  writeFileSync(file, pcap);
  const frames = tshark(file, '-T', 'fields', '-e', 'frame.number');
  expect(frames.length).toBe(readPcap(pcap).records.length);
  expect(tshark(file, '-Y', '_ws.malformed')).toEqual([]);
  expect(
    tshark(
      file,
      '-Y',
      'ip.checksum.status == "Bad" || tcp.checksum.status == "Bad" || udp.checksum.status == "Bad" || icmp.checksum.status == "Bad"',
    ),
  ).toEqual([]);
  expect(tshark(file, '-Y', '_ws.expert.severity == error')).toEqual([]);
  return file;
}

describe('tshark on TCP and UDP between two machines', () => {
  it('a clean transfer: the handshake, the data, the close', () => {
    const lab = pair();
    lab.type(1, '/tests/netxfer -s -n 262144 &');
    expect(lab.type(0, '/tests/netxfer -c sun1 -n 262144', 120)).toContain('data ok');
    lab.wait(1);
    const file = checked('clean', lab.pcap());
    expect(tshark(file, '-Y', 'tcp.flags.syn == 1').length).toBe(2);
    expect(tshark(file, '-Y', 'tcp.options.mss_val == 1460').length).toBe(2);
    // No data goes twice on a clean wire (4.3BSD sends its FIN again with each ACK until it is acknowledged).
    expect(tshark(file, '-Y', 'tcp.analysis.retransmission && tcp.len > 0')).toEqual([]);
  });

  it('through loss, duplication and reordering: retransmissions, and still nothing malformed', () => {
    const lab = pair({ loss: 0.1, duplicate: 0.05, jitter: 40_000, seed: 9 });
    lab.type(1, '/tests/netxfer -s -n 262144 &');
    expect(lab.type(0, '/tests/netxfer -c sun1 -n 262144', 600)).toContain('data ok');
    lab.wait(1);
    const file = checked('lossy', lab.pcap());
    expect(tshark(file, '-Y', 'tcp.analysis.retransmission').length).toBeGreaterThan(0);
  });

  it('UDP in fragments, and ICMP port unreachable', () => {
    const lab = pair();
    // ARP first: while an address is being resolved only the last packet waits (4.3BSD's
    // arptab holds one), so the first fragments of a datagram would be lost.
    lab.type(0, 'ping -c 1 sun1');
    lab.type(1, '/tests/netxfer -u -s -k 5 &');
    expect(lab.type(0, '/tests/netxfer -u -c sun1 -k 5 -l 4000')).toContain('echoed');
    lab.type(0, '/tests/netxfer -u -c sun1 -k 1 -p 9999');
    const file = checked('udp', lab.pcap());
    expect(tshark(file, '-Y', 'ip.flags.mf == 1').length).toBeGreaterThan(0);
    expect(tshark(file, '-Y', 'icmp.type == 3 && icmp.code == 3').length).toBe(1);
  });
});
