/**
 * loadd's decisions as lab events. The load daemon (userland/sbin/loadd.c)
 * prints each decision on its machine's console as one line,
 *
 *   loadd: KIND N ACTION [pid P] [to HOST] self S min M@HOST lt A>B region R loads COUNT NAME=L ...
 *
 * and the lab turns each such line into a `loadd` event at the instant the
 * line was completed (docs/loadsharing.md). A console line is the channel
 * because the load daemon is an ordinary user program: it has no way into
 * the kernel's event sink, and the console is what its author would read.
 * Loads and thresholds are in 1/256 (rstatd's avenrun scale); -1: no answer.
 */
import type { EventBody } from './events.js';

// Not anchored at the start: a shell's prompt may come before it on the line.
const LINE =
  /loadd: (period|place) (\d+) (\S+)(?: pid (\d+))?(?: to (\S+))? self (-?\d+) min (-?\d+)@(\S+) lt (-?\d+)>(-?\d+) region (\d) loads (\d+)((?: \S+=-?\d+)*)$/;

/** The `loadd` event of a console line, or null if it is not a decision line. */
export function loaddEvent(text: string): EventBody | null {
  const m = LINE.exec(text.trim());
  if (!m) return null;
  const loads = m[13]
    .trim()
    .split(' ')
    .filter((x) => x !== '')
    .map((x) => x.split('='));
  // A line another process's output cut into is not a decision.
  if (loads.length !== Number(m[12])) return null;
  const body: Record<string, unknown> = {
    type: 'loadd',
    kind: m[1],
    n: Number(m[2]),
    action: m[3],
  };
  if (m[4] !== undefined) body.pid = Number(m[4]);
  if (m[5] !== undefined) body.to = m[5];
  Object.assign(body, {
    self: Number(m[6]),
    loadMin: Number(m[7]),
    minHost: m[8],
    ltBefore: Number(m[9]),
    ltAfter: Number(m[10]),
    region: Number(m[11]),
    hosts: loads.map((x) => x[0]),
    loads: loads.map((x) => Number(x[1])),
  });
  return body as unknown as EventBody;
}
