/**
 * The terminal UI of `sun3lab lab` (docs/lab.md, "The terminal UI"): the
 * only file that draws with blessed, and the one that handles the keys.
 *
 * It is a reader. What it shows is the model (model.ts), folded from the
 * lab's events, the consoles' bytes and snapshots of the machines — plain
 * data, never a kernel's objects — and turned into text by the views
 * (views/*.ts). What the person types goes back through the lab's own
 * interface, as the command line's does (typeKeys). The screen is redrawn
 * at most every REDRAW_MS of real time, and snapshots are taken every
 * SNAPSHOT_MS; neither changes anything the machines do.
 */
import { PassThrough } from 'node:stream';
import type blessed from 'blessed';
// Only the widgets the screen uses: blessed's index loads all forty (and, bundled, finds none of them).
import Box from 'blessed/lib/widgets/box.js';
import Screen from 'blessed/lib/widgets/screen.js';
import type { LabEvent } from '../lab/events.js';
import type { MachineSnapshot } from '../lab/lab-machine.js';
import { findTerminalFiles } from './blessed-files.js';
import { KeyDecoder } from './keys.js';
import { LabModel } from './model.js';
import { compileTerminal, keepCompiledCapabilities } from './terminfo-cache.js';
import { consoleView } from './views/console.js';
import { helpLine } from './views/help.js';
import { type Layout, layout } from './views/layout.js';
import { logLines } from './views/log.js';
import { processLines } from './views/processes.js';
import { statusLines } from './views/status.js';
import { tabBar } from './views/tabs.js';
import { escapeTags } from './views/text.js';
import { timelineLines } from './views/timeline.js';

/** The screen is redrawn at most this often (real time). */
export const REDRAW_MS = 40;
/** Snapshots of the machines are taken this often (real time). */
export const SNAPSHOT_MS = 250;

/** What the UI shows and where typing goes: a running lab, or a recorded stream (no snapshots, no typing). */
export interface TuiSource {
  names: readonly string[];
  /** A snapshot of machine i now. */
  snapshot?(i: number): MachineSnapshot;
  /** Type at machine i's console now, as a keyboard does. */
  type?(i: number, bytes: string): void;
  /** Migrate process pid of machine i to the machine named `to` (^A m): the lab types `migrate PID TO` at its shell. */
  migrate?(i: number, pid: number, to: string): void;
}

type BoxElement = blessed.Widgets.BoxElement;

/** What the screen shows, as text: each pane's content (blessed's tags), the processes pane's label, the cursor. */
export interface ScreenText {
  panes: Record<keyof Layout, string>;
  processesLabel: string;
  /** Where the cursor goes on the screen (the console's), or null: hidden. */
  cursor: { row: number; col: number } | null;
}

/** The views applied to the model for a screen laid out as `g`. */
export function screenText(m: LabModel, g: Layout): ScreenText {
  const inner = (r: { width: number; height: number }) => ({ w: r.width - 2, h: r.height - 2 });
  const shown = m.machines[m.selected];
  const cv = consoleView(shown.terminal, g.console.width, g.console.height, m.scroll);
  const st = inner(g.status);
  const pr = inner(g.processes);
  const lg = inner(g.log);
  const tl = inner(g.timeline);
  const names = m.machines.map((x) => x.name);
  return {
    panes: {
      tabs: tabBar(m, g.tabs.width),
      console: cv.lines.map(escapeTags).join('\n'),
      status: statusLines(m, st.w, st.h).join('\n'),
      processes: processLines(shown, pr.w, pr.h, m.where, m.picker).join('\n'),
      log: logLines(m, lg.w, lg.h).join('\n'),
      timeline: timelineLines(m, tl.w, tl.h).join('\n'),
      help: helpLine(m.machines.length, g.help.width, m.picker, names),
    },
    processesLabel: ` processes: ${shown.name} `,
    cursor: cv.cursor ? { row: g.console.top + cv.cursor.row, col: g.console.left + cv.cursor.col } : null,
  };
}

/**
 * A screen with the UI's boxes, on the terminal (by default) or on the
 * streams given.
 */
function openScreen(
  machines: number,
  streams: Pick<blessed.Widgets.IScreenOptions, 'input' | 'output' | 'terminal'> = {},
): { screen: blessed.Widgets.Screen; boxes: Record<keyof Layout, BoxElement>; geometry: Layout } {
  findTerminalFiles();
  keepCompiledCapabilities();
  const screen = new Screen({
    ...streams,
    smartCSR: true,
    fullUnicode: false, // (with it, blessed would load its index, every widget, to learn a tab's width)
    autoPadding: false,
    warnings: false,
    title: 'sun3lab lab',
  });
  // Each box is made at its place: moved after, a box clears where it was and a labelled one asks for a
  // whole render of the screen of its own (blessed's resize listener), before anything is drawn.
  const g = layout(screen.width as number, screen.height as number, machines);
  const box = (k: keyof Layout, opts: blessed.Widgets.BoxOptions): BoxElement =>
    new Box({ parent: screen, tags: true, wrap: false, ...g[k], ...opts });
  const bordered = { border: { type: 'line' as const }, style: { border: { fg: 'blue' } } };
  const boxes = {
    tabs: box('tabs', { style: { bg: 'blue', fg: 'white' } }),
    console: box('console', {}),
    status: box('status', { ...bordered, label: ' machines ' }),
    processes: box('processes', { ...bordered }),
    log: box('log', { ...bordered, label: ' events ' }),
    timeline: box('timeline', { ...bordered, label: ' migration ' }),
    help: box('help', { style: { bg: 'blue', fg: 'white' } }),
  };
  return { screen, boxes, geometry: g };
}

/** Show `v` in `boxes`; returns the processes pane's label, set only if it is not `label` already. */
function fill(boxes: Record<keyof Layout, BoxElement>, v: ScreenText, label: string): string {
  for (const k of Object.keys(v.panes) as (keyof Layout)[]) boxes[k].setContent(v.panes[k]);
  if (v.processesLabel !== label) boxes.processes.setLabel(v.processesLabel);
  return v.processesLabel;
}

/**
 * In a process building the lab's start-up snapshot: do once what showing
 * the lab does, so that the snapshot holds it done — blessed's modules
 * loaded, TERM's capabilities compiled, and the code of the model, the
 * views and blessed's drawing compiled — on a made-up lab and on streams
 * with no terminal behind them (a snapshot cannot hold one), all dropped.
 */
export function prepareForSnapshot(): void {
  compileTerminal();
  const m = new LabModel(['sun0', 'sun1']);
  const event = (t: number, type: LabEvent['type'], fields: Record<string, unknown>) =>
    m.event({ v: 1, t, machine: 'sun0', type, ...fields });
  event(1, 'power', { on: true, cause: 'start' });
  event(2, 'fork', { pid: 1, ppid: 0 });
  event(3, 'boot', { n: 1, address: '192.9.200.1', ether: '8:0:20:0:0:1' });
  event(4, 'exec', { pid: 1, comm: 'init' });
  event(5, 'fork', { pid: 2, ppid: 1 });
  event(6, 'exit', { pid: 2, status: 0 });
  event(7, 'wait', { pid: 1, child: 2 });
  event(8, 'ready', { status: 0 });
  m.output(0, Buffer.from('SunOS Release 4.1\r\nlogin: \x07root\r\n# ls\b \b\tx\x1b[0m\r\n# '));
  m.clock(0);
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { columns: 120, rows: 40 });
  output.resume(); // what is drawn goes nowhere
  const { screen, boxes, geometry } = openScreen(2, { input, output, terminal: process.env.TERM });
  fill(boxes, screenText(m, geometry), '');
  screen.render();
  screen.destroy();
}

export class LabTui {
  readonly model: LabModel;
  /** The person asked to quit (~., ^A q, a hang-up). */
  quit = false;
  private readonly screen: blessed.Widgets.Screen;
  private readonly boxes: Record<keyof Layout, BoxElement>;
  private readonly keys: KeyDecoder;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastSnapshot = Number.NEGATIVE_INFINITY;
  private geometry: Layout;
  /** The processes pane's label as last set. */
  private processesLabel = '';
  private wake: (() => void) | null = null;
  private readonly onData = (chunk: Buffer) => this.typed(chunk.toString('latin1'));
  private readonly onSignal = () => this.stop();

  constructor(private readonly source: TuiSource) {
    this.model = new LabModel(source.names);
    this.keys = new KeyDecoder(source.names.length);
    const { screen, boxes, geometry } = openScreen(source.names.length);
    this.screen = screen;
    this.boxes = boxes;
    this.geometry = geometry;
    this.screen.on('resize', () => {
      this.place();
      this.draw(true);
    });
    // Raw keys, as a serial line carries them: ^C, ^Z, ^D are the machine's, not the host's.
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    process.stdin.on('data', this.onData);
    process.stdin.resume();
    for (const s of ['SIGTERM', 'SIGHUP'] as const) process.on(s, this.onSignal);
    this.screen.program.showCursor();
  }

  /** Put the boxes where the layout says (after a resize too). */
  private place(): void {
    const g = layout(this.screen.width as number, this.screen.height as number, this.source.names.length);
    this.geometry = g;
    for (const k of Object.keys(g) as (keyof Layout)[]) {
      const b = this.boxes[k];
      b.left = g[k].left;
      b.top = g[k].top;
      b.width = g[k].width;
      b.height = g[k].height;
    }
    this.model.dirty = true;
  }

  /** Keys from the terminal. */
  private typed(chunk: string): void {
    const m = this.model;
    for (const a of this.keys.decode(chunk)) {
      switch (a.kind) {
        case 'type':
          this.source.type?.(a.machine, a.bytes);
          m.scrollToBottom();
          break;
        case 'select':
          m.select(a.machine);
          break;
        case 'scroll': {
          const h = this.geometry.console.height;
          const v = consoleView(m.machines[m.selected].terminal, this.geometry.console.width, h, 0);
          m.scrollBy(a.pages * Math.max(1, h - 1), v.maxScroll);
          break;
        }
        case 'migrate':
          if (this.source.migrate) m.startPick();
          break;
        case 'pick':
          m.movePick(a.move);
          break;
        case 'pick-ok':
          m.pickProcess();
          break;
        case 'pick-host': {
          const go = m.pickHost(a.machine);
          if (go) this.source.migrate?.(go.machine, go.pid, go.to);
          break;
        }
        case 'pick-cancel':
          m.cancelPick();
          break;
        case 'quit':
          this.stop();
          break;
      }
      this.keys.picking = m.picker !== null;
    }
    this.draw();
  }

  private stop(): void {
    this.quit = true;
    this.wake?.();
  }

  /**
   * Bring the screen up to date: snapshots if it is time, the wall clock,
   * and a redraw if anything changed and the last one is old enough.
   */
  refresh(): void {
    const now = performance.now();
    this.model.clock(now);
    if (this.source.snapshot && now - this.lastSnapshot >= SNAPSHOT_MS) {
      this.lastSnapshot = now;
      for (let i = 0; i < this.source.names.length; i++) this.model.snapshot(this.source.snapshot(i));
    }
    this.draw();
  }

  /** Redraw (at most every REDRAW_MS unless forced), if anything changed. */
  private draw(force = false): void {
    const now = performance.now();
    if (!force && (!this.model.dirty || now - this.lastDraw < REDRAW_MS)) return;
    this.lastDraw = now;
    this.model.dirty = false;
    const v = screenText(this.model, this.geometry);
    this.processesLabel = fill(this.boxes, v, this.processesLabel);
    this.screen.render();
    const p = this.screen.program;
    if (v.cursor) {
      p.showCursor();
      p.cup(v.cursor.row, v.cursor.col);
    } else p.hideCursor();
  }

  /** Wait until the person quits, redrawing now and then (the lab has stopped; what it showed stays). */
  async untilQuit(): Promise<void> {
    while (!this.quit) {
      this.draw(true);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 250);
      });
      this.wake = null;
    }
  }

  /** Leave the screen as it was before. */
  destroy(): void {
    process.stdin.off('data', this.onData);
    for (const s of ['SIGTERM', 'SIGHUP'] as const) process.off(s, this.onSignal);
    this.screen.destroy();
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}
