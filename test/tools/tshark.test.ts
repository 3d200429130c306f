/**
 * tshark reads the captures the network tests write: every frame, at its
 * emulated time, none malformed. Needs tshark (apt-get install tshark);
 * .ci/run installs it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPcap } from '../../emu/net/pcap.js';
import { broadcastStorm } from '../net/boards.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-tshark-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(file: string, ...args: string[]): string[] {
  const out = execFileSync('tshark', ['-r', file, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split('\n').filter((l) => l !== '');
}

describe('tshark', () => {
  it.each([
    ['hub', 3],
    ['switch', 4],
  ] as const)('reads a faulty %s capture: every frame, emulated timestamps, zero malformed', (kind, seed) => {
    const run = broadcastStorm({ seed, kind });
    expect(run.stats.corrupted).toBeGreaterThan(0);
    const file = join(dir, `${kind}.pcap`);
    writeFileSync(file, run.pcap);
    const ours = readPcap(run.pcap).records;
    const frames = tshark(
      file,
      '-T',
      'fields',
      '-e',
      'frame.time_epoch',
      '-e',
      'eth.type',
      '-e',
      'arp.opcode',
    );
    expect(frames.length).toBe(ours.length);
    for (let i = 0; i < ours.length; i++) {
      const [t, type, op] = frames[i].split('\t');
      expect(Math.round(Number(t) * 1e6)).toBe(ours[i].sec * 1e6 + ours[i].usec);
      expect([type, op]).toEqual(['0x0806', '1']);
    }
    expect(tshark(file, '-Y', '_ws.malformed')).toEqual([]);
    expect(tshark(file, '-Y', '_ws.expert.severity >= warning')).toEqual([]);
  });
});
