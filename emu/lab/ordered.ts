/**
 * Putting what the machines of a lab report in one order that does not
 * depend on the order they ran in. Inside a lockstep window each machine
 * runs on its own (one after the other, or one day on threads), so what
 * they report arrives interleaved any which way. Each item carries its
 * emulated instant and its source (the lab -1, machines 0..N-1, segments
 * after them); once every machine has run past an instant (the frontier),
 * no item before it can still come, and those are handed out sorted by
 * (instant, source, the source's own sequence).
 */

interface Entry<T> {
  t: number;
  source: number;
  seq: number;
  item: T;
}

export class OrderedQueue<T> {
  private items: Entry<T>[] = [];
  /** Per source, the sequence number of its next item. */
  private readonly seqs = new Map<number, number>();

  push(t: number, source: number, item: T): void {
    const seq = this.seqs.get(source) ?? 0;
    this.seqs.set(source, seq + 1);
    this.items.push({ t, source, seq, item });
  }

  /** The items before `frontier`, in order; the rest stay. */
  release(frontier: number): T[] {
    const ready: Entry<T>[] = [];
    const later: Entry<T>[] = [];
    for (const x of this.items) (x.t < frontier ? ready : later).push(x);
    if (ready.length === 0) return [];
    this.items = later;
    ready.sort((a, b) => a.t - b.t || a.source - b.source || a.seq - b.seq);
    return ready.map((x) => x.item);
  }

  /** Everything left, in order (the lab has stopped). */
  drain(): T[] {
    return this.release(Number.POSITIVE_INFINITY);
  }

  get size(): number {
    return this.items.length;
  }
}
