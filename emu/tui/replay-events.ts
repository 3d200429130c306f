/**
 * Watching a recorded event stream (`sun3lab lab --replay run.jsonl`, the
 * file `--events` wrote): the terminal UI's model is fed the events at the
 * pace they happened (emulated time against the wall clock; all at once
 * with --fast), and the UI shows the machines' states, counters, process
 * tables and the event log as they were — everything but the consoles,
 * which an event stream does not hold (a recording, `--record`, replays
 * those). Without a terminal (or with --headless) it prints the log.
 *
 * Nothing runs: no machine, no kernel. This is the model being a pure
 * fold of its inputs: the same events give the same views.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { eventProblem, type LabEvent } from '../lab/events.js';
import { readRegularFile } from '../lab/host-file.js';
import { CPU_HZ } from '../machine/sun3.js';
import { formatEvent } from './model.js';

/** An event stream is text: at most this much. */
const MAX_EVENTS_BYTES = 256 << 20;

/** Does the file at `path` begin like an event stream (a start event), not a recording? */
export function isEventStream(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString('utf8').split('\n')[0];
    const o = JSON.parse(first);
    return typeof o === 'object' && o !== null && o.type === 'start' && o.v !== undefined;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Read an event stream: every line an event of the schema, in order; a one-line error naming the line if not. */
export function readEventStream(path: string): LabEvent[] {
  const label = `--replay ${path}`;
  const text = Buffer.from(
    readRegularFile(path, { max: MAX_EVENTS_BYTES, why: 'the size of an event stream', label }),
  ).toString('utf8');
  const events: LabEvent[] = [];
  let last = 0;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      throw new Error(`${label}:${i + 1}: not a JSON object`);
    }
    const problem = eventProblem(e);
    if (problem) throw new Error(`${label}:${i + 1}: ${problem}`);
    const ev = e as LabEvent;
    if (ev.t < last) throw new Error(`${label}:${i + 1}: out of order (t ${ev.t} after ${last})`);
    last = ev.t;
    events.push(ev);
  }
  if (events[0]?.type !== 'start') throw new Error(`${label}: no start event: not an event stream`);
  return events;
}

/** Replay an event stream; returns the exit status (0). */
export async function replayEventStream(path: string, o: { ui: boolean; fast: boolean }): Promise<number> {
  const events = readEventStream(path);
  const names = events[0].machines as string[];
  if (!o.ui) {
    for (const e of events) {
      const line = formatEvent(e);
      if (line !== null) process.stdout.write(`${line}\n`);
    }
    return 0;
  }
  const { LabTui } = await import('./tui.js');
  const ui = new LabTui({ names });
  const note = Buffer.from(
    '(an event stream holds no console output: --record and --replay a session for that)\r\n',
  );
  for (let i = 0; i < names.length; i++) ui.model.output(i, note);
  try {
    const start = performance.now();
    let next = 0;
    while (next < events.length && !ui.quit) {
      const reached = o.fast ? Number.POSITIVE_INFINITY : ((performance.now() - start) * CPU_HZ) / 1000;
      while (next < events.length && events[next].t <= reached) ui.model.event(events[next++]);
      ui.refresh();
      if (next < events.length) {
        const wait = ((events[next].t - reached) * 1000) / CPU_HZ;
        await new Promise((r) => setTimeout(r, Math.max(1, Math.min(100, wait))));
      }
    }
    if (!ui.quit) await ui.untilQuit();
  } finally {
    ui.destroy();
  }
  return 0;
}
