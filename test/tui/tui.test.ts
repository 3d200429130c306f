/**
 * `sun3lab lab` on a terminal: the UI seen in a real terminal emulator
 * (test/tui/pty-screen.ts), after keystrokes, as a person sees it — the
 * tab bar, switching machines, a command typed at sun1 showing on sun1's
 * console and not on sun0's, the process table following it, the event
 * log, ^C, the scroll-back, and quitting with `~.`. The lab runs paced to
 * the wall clock, as it does for a person: some seconds.
 */
import { describe, expect, it } from 'vitest';
import { haveScript, PtyScreen } from './pty-screen.js';

const F2 = '\x1bOQ';
const COLS = 120;
const ROWS = 40;

describe.skipIf(!haveScript())('sun3lab lab on a terminal', () => {
  it('shows the consoles in tabs, types at the machine shown, follows its processes, quits with ~.', async () => {
    const s = new PtyScreen(['lab'], COLS, ROWS);
    // The layout of a 120-column screen: the console on the left, the side column from here on.
    const side = COLS - 38;
    const console = () => s.region(0, side, 1, 30).join('\n').trimEnd();
    await s.waitFor(
      (t) => t.includes('[sun0]') && /multi-user startup/.test(t) && /\n#$/.test(console()),
      "sun0's prompt",
    );
    const top = s.rows()[0];
    expect(top).toMatch(/^\[sun0\] {2}sun1\* {2}sun2\* /);
    expect(s.rows()[ROWS - 1]).toContain('~. or ^A q: quit');
    expect(console()).toContain('hostname: sun0');
    const status = () => s.region(side, COLS, 1, 16).join('\n');
    await s.waitFor(() => /sun2 +up/.test(status()), 'sun2 up in the status column');
    // The speed needs two samples: a lab started from its snapshot is up before the second.
    await s.waitFor(() => />sun0 +up +\d+\.\d{3} s +\d\.\d\dx/.test(status()), 'the speed shown');
    expect(status()).toMatch(/load +\d\.\d\d/);
    expect(status()).toMatch(/cpu +us +\d+% sy +\d+% id +\d+%/);
    expect(status()).toMatch(/frames in \d+ +out \d+/);

    // F2: sun1, its console and its processes.
    s.type(F2);
    await s.waitFor((t) => t.startsWith(' sun0  [sun1]'), 'the tab of sun1');
    await s.waitFor((t) => t.includes('processes: sun1'), "sun1's process table");
    expect(console()).toContain('hostname: sun1');
    s.type('sleep 2; echo done on $HOSTNAME `hostname`\r');
    const procs = () => s.region(side, COLS, 16, 30).join('\n');
    await s.waitFor(() => / S +\d:\d\d\.\d\d sleep 2/.test(procs()), 'sleep in the process table', 20_000);
    await s.waitFor((t) => /sun1 exec \d+ sleep/.test(t), 'the exec in the event log', 15_000);
    await s.waitFor(() => console().includes('done on sun1'), 'the output on sun1', 20_000);
    await s.waitFor(() => !procs().includes('sleep 2'), 'sleep gone from the table', 15_000);

    // ^C interrupts what runs on the machine shown.
    s.type('sleep 100\r');
    await s.waitFor(() => procs().includes('sleep 100'), 'sleep 100 running');
    s.type('\x03');
    await s.waitFor(() => /\^C\n#$/.test(console()), '^C and a prompt', 15_000);
    await s.waitFor((t) => /sun1 exit \d+ \(killed by signal 2\)/.test(t), 'the exit in the log', 15_000);

    // ^A 0: back to sun0, whose console saw none of it.
    s.type('\x010');
    await s.waitFor((t) => t.startsWith('[sun0]'), 'the tab of sun0');
    await s.waitFor(() => console().includes('hostname: sun0'), "sun0's console");
    expect(console()).not.toContain('done on sun1');
    expect(console()).not.toContain('sleep');

    // The scroll-back: PgUp shows the banner's first rows, typing comes back to the bottom.
    s.type('\x1b[5~');
    await s.waitFor(() => console().includes('Selftest completed'), 'the top of the scroll-back');
    s.type('hostname\r');
    await s.waitFor(() => /# hostname\nsun0\n#$/.test(console()), 'hostname typed at the bottom');

    s.type('~.');
    expect(await s.exited).toBe(0);
    await s.waitFor((t) => /sun0: stats: /.test(t), 'the statistics lines');
    expect(s.term.buffer.active.type).toBe('normal'); // the screen as it was before
  }, 180_000);
});
