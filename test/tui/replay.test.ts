/**
 * `sun3lab lab --replay FILE` of an event stream (the file --events
 * writes): without a terminal it prints the event log the UI shows; a
 * damaged stream is a one-line error naming the line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../emu/lab/events.js';
import { formatEvent } from '../../emu/tui/model.js';
import { ROOT, SHIM } from '../cli/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'sun3lab-tui-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lab(args: string[]) {
  const r = spawnSync(process.execPath, [SHIM, 'lab', ...args], {
    cwd: ROOT,
    input: '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sun3lab lab --replay of an event stream', () => {
  it('prints the event log of the recorded run, as the UI shows it', () => {
    const events = join(dir, 'run.jsonl');
    expect(lab(['--fast', '--machines', '2', '--exec', 'sun1:ls /', '--events', events]).code).toBe(0);
    const r = lab(['--replay', events]);
    expect(r.code).toBe(0);
    const recorded = readFileSync(events, 'utf8')
      .trim()
      .split('\n')
      .map((l) => formatEvent(JSON.parse(l) as LabEvent))
      .filter((l) => l !== null);
    expect(r.stdout).toBe(`${recorded.join('\n')}\n`);
    expect(r.stdout).toMatch(/^ +\d+\.\d{3} sun1 exec \d+ ls$/m);
    expect(r.stdout).toMatch(/^ +\d+\.\d{3} lab end \(done\), status 0$/m);
  });

  it('a damaged stream, or flags it cannot use, give a one-line error', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      '{"v":1,"t":0,"type":"start","machines":["sun0"],"segments":["ether0"],"seed":"1"}\n{"v":1,"t":5,"machine":"sun0","type":"fork","pid":-1,"ppid":0}\n',
    );
    let r = lab(['--replay', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`sun3lab: --replay ${bad}:2: fork: pid is not a nat\n`);
    r = lab(['--replay', bad, '--pcap', join(dir, 'x.pcap')]);
    expect(r.stderr).toBe(
      `sun3lab: --replay ${bad} is an event stream: no machine runs to give --pcap anything; leave it out\n`,
    );
  });
});
