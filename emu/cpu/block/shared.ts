/**
 * Translations shared by every CPU in the process. A translation depends
 * only on the block's address and its bytes (and two translator options),
 * so the same code at the same address — a program run again, the same
 * program on the machines of a lab, the benchmark's successive runs —
 * needs translating once: the next CPU to meet it compares the bytes and
 * takes the function, which V8 has already compiled and optimised.
 * Bounded: beyond MAX_SHARED entries the oldest go first.
 */
import type { BlockFn } from './translate.js';

export interface SharedTranslation {
  /** The block's bytes when it was translated. */
  readonly bytes: Uint8Array;
  readonly fn: BlockFn;
  readonly source: string;
  /** Instructions in the block, and those translated inline. */
  readonly count: number;
  readonly inline: number;
  /** The translator options it was made with (see cache.ts). */
  readonly options: string;
}

const MAX_SHARED = 4096;
const byPc = new Map<number, SharedTranslation[]>();
let entries = 0;

/** A translation of the block at `pc` whose bytes are RAM from index `at`, made with `options`. */
export function findShared(
  pc: number,
  ram: Uint8Array,
  at: number,
  options: string,
): SharedTranslation | undefined {
  const list = byPc.get(pc);
  if (list === undefined) return undefined;
  search: for (const t of list) {
    if (t.options !== options || at + t.bytes.length > ram.length) continue;
    const b = t.bytes;
    for (let i = 0; i < b.length; i++) if (ram[at + i] !== b[i]) continue search;
    return t;
  }
  return undefined;
}

/** Keep a translation for other CPUs (and this one, later). */
export function addShared(pc: number, t: SharedTranslation): void {
  while (entries >= MAX_SHARED) {
    const [oldest, list] = byPc.entries().next().value as [number, SharedTranslation[]];
    byPc.delete(oldest);
    entries -= list.length;
  }
  let list = byPc.get(pc);
  if (list === undefined) {
    list = [];
    byPc.set(pc, list);
  }
  list.push(t);
  entries++;
}

/** Forget every shared translation (tests that change how the translator works). */
export function clearShared(): void {
  byPc.clear();
  entries = 0;
}
