/**
 * What the lab's start-up snapshot changes for the terminal UI: the screen
 * shown after a booted lab's history is retold equals the one drawn by a
 * lab watched from its power-on; blessed, bundled and loaded in the
 * snapshot, finds its own terminal descriptions; the terminal's compiled
 * capabilities are kept and give what a fresh compile gives.
 *
 * (The system here has no terminfo entry for xterm-256color, the TERM of the
 * pseudo-terminal tests: the UI in test/tui/tui.test.ts and
 * test/cli/lab-snapshot.test.ts runs on the copy blessed ships, found as
 * below from the bundle.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Tput from 'blessed/lib/tput.js';
import { describe, expect, it } from 'vitest';
import { bootForSnapshot, takeBootedLab } from '../../emu/cli/lab-snapshot.js';
import { rootImage } from '../../emu/cli/root-image.js';
import { Lab } from '../../emu/lab/lab.js';
import { overlay, resolveLab } from '../../emu/lab/lab-config.js';
import { blessedUsr, findTerminalFiles } from '../../emu/tui/blessed-files.js';
import { LabModel } from '../../emu/tui/model.js';
import { compiledCapabilities, compileTerminal } from '../../emu/tui/terminfo-cache.js';
import { screenText } from '../../emu/tui/tui.js';
import { layout } from '../../emu/tui/views/layout.js';

/** The lab command's step (10 ms of emulated time). */
const CHUNK = 200_000;

/** A model fed by `lab` from now on, as the UI's is. */
function watch(lab: Lab, names: string[]): LabModel {
  const m = new LabModel(names);
  lab.onEvent((e) => m.event(e));
  lab.onOutput((i, bytes) => m.output(i, bytes));
  return m;
}

/** The screen's text for `model` after the machines' snapshots now (the wall clock held at 0). */
function screen(lab: Lab, model: LabModel, names: string[]) {
  model.clock(0);
  for (let i = 0; i < names.length; i++) model.snapshot(lab.snapshot(i));
  return screenText(model, layout(120, 40, names.length));
}

describe('the screen of a lab from a start-up snapshot', () => {
  it('after the boot is retold, is the screen of a lab watched from its power-on, then and later', async () => {
    const image = await rootImage();
    const config = resolveLab(overlay({}, { count: { value: 2, where: 'test' } }));
    const names = config.machines.map((m) => m.name);
    const live = new Lab(config, { image });
    const seen = watch(live, names);
    const ahead = new Lab(config, { image });
    bootForSnapshot(ahead, 'k', image, CHUNK);
    expect(takeBootedLab('k')).toBe(ahead);
    const told = watch(ahead, names);
    ahead.retell();
    while (live.now < ahead.now) live.runTo(live.now + CHUNK);
    const first = screen(ahead, told, names);
    expect(first.panes.console).toMatch(/\n# ?$/);
    expect(first.panes.log).toMatch(/sun1 /);
    expect(first).toEqual(screen(live, seen, names));
    // And typed at, the two go on showing the same.
    for (const lab of [live, ahead]) {
      lab.typeLine(0, 'hostname');
      const end = lab.now + 50 * CHUNK;
      while (lab.now < end) lab.runTo(lab.now + CHUNK);
    }
    const later = screen(ahead, told, names);
    expect(later.panes.console).toMatch(/# hostname\nsun0\n#/);
    expect(later).toEqual(screen(live, seen, names));
  }, 60_000);
});

describe('blessed, bundled', () => {
  it('reads the terminal descriptions it ships from its own folder, not from where it was loaded', () => {
    findTerminalFiles();
    const read: string[] = [];
    const fake = { injectTerminfo: (f: string) => read.push(f), injectTermcap: (f: string) => read.push(f) };
    const proto = (Tput as { prototype: Record<string, (this: unknown, name?: string) => unknown> })
      .prototype;
    proto._useInternalInfo.call(fake, 'xterm-256color');
    proto._useXtermInfo.call(fake);
    proto._useInternalCap.call(fake, 'xterm');
    expect(read).toEqual([
      join(blessedUsr(), 'xterm-256color'),
      join(blessedUsr(), 'xterm'),
      join(blessedUsr(), 'xterm.termcap'),
    ]);
    for (const f of read) expect(existsSync(f)).toBe(true);
  });

  it('keeps the compiled capabilities of a terminal; they write what a fresh compile writes', () => {
    type T = {
      cup(row: number, col: number): string;
      setaf(c: number): string;
      methods: Record<string, unknown>;
    };
    const Make = Tput as unknown as new (o: { terminal: string }) => T;
    const fresh = new Make({ terminal: 'xterm-256color' }); // before any is kept
    compileTerminal('xterm-256color');
    const kept = compiledCapabilities();
    expect(kept).toBeGreaterThan(100);
    const again = new Make({ terminal: 'xterm-256color' });
    expect(compiledCapabilities()).toBe(kept); // nothing compiled again
    expect(again.cup(5, 10)).toBe('\x1b[6;11H');
    for (const t of [fresh, again]) expect(t.setaf(196)).toBe('\x1b[38;5;196m');
    expect(again.cup(39, 119)).toBe(fresh.cup(39, 119));
    expect(Object.keys(again.methods).sort()).toEqual(Object.keys(fresh.methods).sort());
  });
});
