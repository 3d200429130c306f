/**
 * loadd's decisions as lab events. The load daemon (userland/sbin/loadd.c)
 * prints each decision on its machine's console as a head line and the
 * pool's loads on as many lines as they need,
 *
 *   loadd: KIND N ACTION [pid P] [to HOST] self S min M@HOST lt A>B region R loads COUNT
 *   loadd: N loads NAME=L NAME=L ...
 *
 * each line written by one write() of at most 100 bytes, which the
 * terminal queues whole (kernel/dev/tty.ts, OBUFSIZ), so no other
 * process's output is ever cut into one. The lab turns each decision into
 * a `loadd` event at the instant its last line was completed
 * (docs/loadsharing.md). A console line is the channel because the load
 * daemon is an ordinary user program: it has no way into the kernel's
 * event sink, and the console is what its author would read.
 * Loads and thresholds are in 1/256 (rstatd's avenrun scale); -1: no answer.
 */
import type { EventBody } from './events.js';

// Not anchored at the start: a shell's prompt, or another process's
// unfinished line, may come before it.
const HEAD =
  /loadd: (period|place) (\d+) (\S+)(?: pid (\d+))?(?: to (\S+))? self (-?\d+) min (-?\d+)@(\S+) lt (-?\d+)>(-?\d+) region (\d) loads (\d+)$/;
const LOADS = /loadd: (\d+) loads((?: \S+=-?\d+)+)$/;

/** One machine's console lines in, its loadd events out (a decision spans a few lines). */
export class LoaddLines {
  private pending: { body: Record<string, unknown>; count: number; hosts: string[]; loads: number[] } | null =
    null;
  /** Decisions begun but never completed (a line lost: it should stay 0). */
  broken = 0;

  /** The console line text: the decision it completes, or null. */
  line(text: string): EventBody | null {
    const t = text.trim();
    let m = HEAD.exec(t);
    if (m) {
      if (this.pending) this.broken++;
      const body: Record<string, unknown> = { type: 'loadd', kind: m[1], n: Number(m[2]), action: m[3] };
      if (m[4] !== undefined) body.pid = Number(m[4]);
      if (m[5] !== undefined) body.to = m[5];
      Object.assign(body, {
        self: Number(m[6]),
        loadMin: Number(m[7]),
        minHost: m[8],
        ltBefore: Number(m[9]),
        ltAfter: Number(m[10]),
        region: Number(m[11]),
      });
      this.pending = { body, count: Number(m[12]), hosts: [], loads: [] };
      return this.complete();
    }
    m = LOADS.exec(t);
    const p = this.pending;
    if (!m || !p) return null;
    if (Number(m[1]) !== p.body.n) {
      this.broken++;
      this.pending = null;
      return null;
    }
    for (const item of m[2].trim().split(' ')) {
      const eq = item.lastIndexOf('=');
      p.hosts.push(item.slice(0, eq));
      p.loads.push(Number(item.slice(eq + 1)));
    }
    return this.complete();
  }

  private complete(): EventBody | null {
    const p = this.pending;
    if (!p || p.loads.length < p.count) return null;
    this.pending = null;
    if (p.loads.length > p.count) {
      this.broken++;
      return null;
    }
    return { ...p.body, hosts: p.hosts, loads: p.loads } as unknown as EventBody;
  }
}
