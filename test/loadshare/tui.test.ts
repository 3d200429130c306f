/**
 * The lab UI's view of load sharing: loadd's decisions in the event log,
 * each machine's load as a sparkline and its current LoadThreshold, and
 * ^A l typing the toggle at the shown machine.
 */
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../emu/lab/events.js';
import { LoaddLines } from '../../emu/lab/loadd-line.js';
import { KeyDecoder } from '../../emu/tui/keys.js';
import { formatEvent, LabModel } from '../../emu/tui/model.js';
import { machineBlock, sparkline } from '../../emu/tui/views/status.js';

const SECOND = 20_000_000;
const HEAD = 'loadd: period 7 migrate pid 1029 to sun1 self 512 min 0@sun1 lt 384>320 region 2 loads 2';
const LOADS = 'loadd: 7 loads sun0=512 sun1=0';

/** The event of a decision's lines, read in order by one machine's reader. */
function loaddEvent(...lines: string[]) {
  const r = new LoaddLines();
  const out = lines.map((l) => r.line(l));
  return out.at(-1) ?? null;
}

describe('load sharing in the lab UI', () => {
  it("parses loadd's console lines into an event, and rejects an incomplete one", () => {
    expect(loaddEvent(HEAD, LOADS)).toEqual({
      type: 'loadd',
      kind: 'period',
      n: 7,
      action: 'migrate',
      pid: 1029,
      to: 'sun1',
      self: 512,
      loadMin: 0,
      minHost: 'sun1',
      ltBefore: 384,
      ltAfter: 320,
      region: 2,
      hosts: ['sun0', 'sun1'],
      loads: [512, 0],
    });
    expect(loaddEvent(HEAD)).toBeNull();
    expect(loaddEvent(HEAD, LOADS.replace(' sun1=0', ''))).toBeNull();
    expect(loaddEvent(HEAD, 'loadd: 8 loads sun0=512 sun1=0')).toBeNull(); // another decision's
    expect(loaddEvent('jobk 3 ok sun0')).toBeNull();
    // After the shell's prompt or another process's unfinished line; other lines in between.
    expect(loaddEvent(`# ${HEAD}`, 'jobk 3 ok sun0', `abc${LOADS}`)).toEqual(loaddEvent(HEAD, LOADS));
    // A pool of 3 over two lines.
    const r = new LoaddLines();
    expect(r.line(HEAD.replace('loads 2', 'loads 3'))).toBeNull();
    expect(r.line('loadd: 7 loads sun0=512 sun1=0')).toBeNull();
    expect(r.line('loadd: 7 loads sun2=-1')).toMatchObject({
      hosts: ['sun0', 'sun1', 'sun2'],
      loads: [512, 0, -1],
    });
    expect(r.broken).toBe(0);
  });

  it('logs the decision, and shows the load over time and the threshold', () => {
    const m = new LabModel(['sun0', 'sun1']);
    const body = loaddEvent(HEAD, LOADS);
    if (!body) throw new Error('no event');
    const e = makeEvent(3 * SECOND, { machine: 'sun0' }, body);
    expect(formatEvent(e)).toBe(
      '    3.000 sun0 loadd period migrate 1029 to sun1: self 2.00 min 0.00 lt 1.50->1.25',
    );
    for (const [t, load] of [
      [0, 0],
      [1, 1],
      [2, 2],
    ])
      m.event(
        makeEvent(
          t * SECOND,
          { machine: 'sun0' },
          {
            type: 'stats',
            framesIn: 0,
            framesOut: 0,
            bytesIn: 0,
            bytesOut: 0,
            user: 0,
            system: 0,
            idle: 0,
            load: [load * 100, 0, 0],
          },
        ),
      );
    m.event(e);
    const block = machineBlock(m.machines[0], true);
    expect(block[1]).toBe('  load   2.00  0.00  0.00 ▁▅█');
    expect(block[3]).toBe('  frames in 0  out 0  lt 1.25');
    expect(machineBlock(m.machines[1], false)[3]).toBe('  frames in 0  out 0');
    expect(sparkline([0, 0.5, 1])).toBe('▁▅█');
  });

  it('^A l types the toggle at the shown machine', () => {
    const k = new KeyDecoder(3);
    k.decode('\x012');
    expect(k.decode('\x01l')).toEqual([{ kind: 'type', machine: 2, bytes: 'loadd -x\r' }]);
  });
});
