/**
 * tshark reads the captures the lab's tests make — a quiet ping, three
 * machines pinging through loss and jitter, four broadcasting at once
 * through every fault, the fault-injection scenario, a switch — and, from
 * the command line, `sun3lab lab --pcap` with a lab of two segments: zero
 * malformed frames, good checksums, and as many frames as the segment says
 * it put on the wire. Needs tshark (apt-get install tshark).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabInput } from '../../emu/lab/lab-config.js';
import { readScenario } from '../../emu/lab/scenario.js';
import { ROOT, SHIM } from '../cli/spawn.js';
import { execs, lossy, startLab, storm } from '../lab/helpers.js';
import { tshark } from './tshark-run.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-tshark-lab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every frame dissected, none malformed, no bad checksum, no warning. */
function clean(file: string): number {
  expect(tshark(file, '-Y', '_ws.malformed')).toEqual([]);
  expect(tshark(file, '-Y', 'ip.checksum.status == "Bad" || icmp.checksum.status == "Bad"')).toEqual([]);
  expect(tshark(file, '-Y', '_ws.expert.severity >= warning')).toEqual([]);
  return tshark(file).length;
}

const cases: [string, () => LabInput | Promise<LabInput>][] = [
  ['ping', () => ({ exec: execs('sun0:ping -c 3 sun2', 'sun0:arp -a') })],
  ['lossy', () => lossy('7')],
  ['storm', () => storm('3')],
  ['faults scenario', () => readScenario(join(ROOT, 'emu/lab/scenarios/faults.yaml'))],
  [
    'switch',
    () => ({
      segments: [{ where: 'segments[0]', kind: 'switch' }],
      exec: execs('sun0:ping -c 2 sun1', 'sun2:ping -c 2 192.9.200.255'),
    }),
  ],
];

describe('tshark on the lab captures', () => {
  it.each(cases)('%s: every frame dissected, none malformed', async (name, input) => {
    const run = startLab(await input());
    run.settle(120);
    const file = join(dir, `${name.replace(/ /g, '-')}.pcap`);
    writeFileSync(file, run.pcap());
    const st = run.lab.segments[0].stats;
    // A hub captures what went on the medium: what was sent, less the lost, plus the copies.
    const frames = clean(file);
    if (run.lab.config.segments[0].kind === 'hub')
      expect(frames).toBe(st.sent - st.lost + st.duplicated - st.congested);
    expect(frames).toBeGreaterThan(4);
  });

  it('sun3lab lab --pcap with two segments: one file each', () => {
    const scenario = join(dir, 'two.yaml');
    writeFileSync(
      scenario,
      [
        'machines:',
        '  - name: a0',
        '    exec: [ping -c 2 a1]',
        '  - name: a1',
        '  - name: b0',
        '    segment: blue',
        '  - name: b1',
        '    segment: blue',
        '    exec: [ping -c 2 b0]',
        'segments:',
        '  - name: red',
        '  - name: blue',
        '    kind: switch',
        '    latency: 50us',
        '',
      ].join('\n'),
    );
    const base = join(dir, 'two.pcap');
    const r = spawnSync(process.execPath, [SHIM, 'lab', '--fast', '--scenario', scenario, '--pcap', base], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(clean(join(dir, 'two-red.pcap'))).toBeGreaterThan(4);
    expect(clean(join(dir, 'two-blue.pcap'))).toBeGreaterThan(0);
    // The red segment never carried the blue machines' frames.
    expect(
      tshark(join(dir, 'two-red.pcap'), '-Y', 'ip.addr == 192.9.200.3 || ip.addr == 192.9.200.4'),
    ).toEqual([]);
  });
});
