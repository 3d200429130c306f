/**
 * The terminal UI over longer runs (real time, paced): the fault scenario
 * watched as it plays — its scripts typed at the consoles, the partition,
 * sun2's crash (off in the status column, no processes) and its new boot
 * — and a lab of 16 machines, more than there are function keys and than
 * the status column holds.
 */
import { describe, expect, it } from 'vitest';
import { haveScript, PtyScreen } from '../tui/pty-screen.js';

const COLS = 120;
const ROWS = 40;
const SIDE = COLS - 38;

describe.skipIf(!haveScript())('the terminal UI, at length', () => {
  it('shows the fault scenario as it plays: scripts, the partition, a crash and the reboot', async () => {
    const s = new PtyScreen(['lab', '--scenario', 'emu/lab/scenarios/faults.yaml'], COLS, ROWS);
    const status = () => s.region(SIDE, COLS, 1, 16).join('\n');
    const console = () => s.region(0, SIDE, 1, 30).join('\n');
    await s.waitFor(() => console().includes('# ping -c 5 sun1'), "the script's first command on sun0");
    await s.waitFor((t) => t.includes('ether0 partition start: sun2'), 'the partition in the log', 15_000);
    await s.waitFor(() => /sun2 +off /.test(status()), 'sun2 off at 12 s', 20_000);
    s.type('\x1bOR'); // F3: sun2
    await s.waitFor(
      (t) => t.includes('processes: sun2') && t.includes('(powered off)'),
      "sun2's empty table",
    );
    await s.waitFor(
      () => / up .*load average: /.test(console()),
      "the script's uptime after the reboot",
      20_000,
    );
    await s.waitFor(() => /sun2 +up /.test(status()), 'sun2 up again');
    s.type('\x01q');
    // The status of the last scripted command that failed, as headless: sun2's sleep, lost in the crash.
    expect(await s.exited).toBe(1);
  });

  it('16 machines: F12, ^A n past it, ^A p back round; the status column follows the machine shown', async () => {
    const s = new PtyScreen(['lab', '--machines', '16'], COLS, ROWS);
    const status = () => s.region(SIDE, COLS, 1, 30).join('\n');
    await s.waitFor((t) => t.includes('[sun0]') && / sun15 /.test(t), 'the tabs of 16 machines');
    await s.waitFor(() => /sun0 +up /.test(status()), 'sun0 up', 60_000);
    s.type('\x1b[24~'); // F12
    await s.waitFor((t) => t.includes('[sun11]') && /sun11 /.test(status()), 'sun11 shown');
    s.type('\x01n');
    await s.waitFor(() => />sun12 /.test(status()), 'sun12 in the status column');
    s.type('hostname\r');
    await s.waitFor(() => /^sun12$/m.test(s.region(0, SIDE, 1, 30).join('\n')), 'hostname on sun12', 30_000);
    s.type('\x01p\x01p');
    await s.waitFor(() => />sun10 /.test(status()), 'sun10');
    s.type('\x010\x01p');
    await s.waitFor((t) => t.includes('[sun15]'), 'round to sun15');
    s.type('~.');
    expect(await s.exited).toBe(0);
  });
});
