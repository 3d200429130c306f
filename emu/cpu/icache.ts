/**
 * The 68020's on-chip instruction cache (MC68020 UM §7), and the choice of
 * timing model that uses it.
 *
 * The cache holds 64 long words of instructions, direct mapped: address
 * bits 7-2 choose the entry, and the entry's tag is the rest of the
 * address (bits 31-8) with FC2 (supervisor or user program). An
 * instruction fetch that finds its long word there takes no bus cycle; one
 * that does not runs a bus cycle for the whole long word and, while the
 * cache is enabled and not frozen, keeps it.
 *
 * CACR (MOVEC code $002): E (bit 0) enables the cache, F (bit 1) freezes
 * it (hits still count, misses do not fill), C (bit 3) clears every entry,
 * CE (bit 2) clears the entry CAAR's bits 7-2 select; C and CE read as 0.
 * Reset clears E and F and invalidates every entry.
 *
 * sun3lab charges an instruction's misses when it starts: each long word
 * the instruction occupies is looked up once, in address order. The
 * prefetch queue keeps the long word the previous instruction ended in,
 * so an instruction that begins in that long word does not fetch it again
 * (this matters only with the cache disabled or frozen). Prefetching
 * beyond the instruction is not modelled. docs/cpu-timing.md has the
 * figures and what they rest on.
 *
 * Both engines charge the same misses at the same instruction: the
 * interpreter through `fetchInsn` before each instruction, the block engine
 * (block/translate.ts) with a tag compare at each instruction that starts a
 * long word the block has not yet fetched.
 */
import { insnLength } from './block/decode.js';
import { isInstruction } from './dispatch.js';

export { DEFAULT_TIMING, TIMINGS, type TimingModel } from './engine.js';

/** Entries in the cache, each one long word. */
export const ICACHE_ENTRIES = 64;
/** A tag no fetch can have: a fetch's key has bit 1 clear (see key()). */
export const NO_LINE = -1;

/** The wait states a 3/60 memory cycle adds to the 68020's three-clock bus cycle (docs/cpu-timing.md). */
export const MEM_WAIT_3_60 = 1;
/** A bus cycle with no wait states (MC68020 UM §5: a synchronous three-clock cycle). */
export const BUS_CYCLE = 3;
/**
 * Clocks of a miss's bus cycle that overlap the instructions before it:
 * the manual's worst case (instruction not in the cache) charges two
 * one-word register instructions, which share a long word, 2 clocks more
 * than the cache case, where the long word's bus cycle takes 3.
 */
export const FETCH_OVERLAP = 1;
/**
 * What a misaligned operand adds on a 3/60: its second bus cycle, with the
 * memory's wait state. The 68020 moves a long word at an address that is
 * not a multiple of 4 (or a word at one that is 3 modulo 4) in two bus
 * cycles (MC68020 UM §5, misaligned operands); the manual's instruction
 * times assume aligned operands, which the cache case keeps.
 */
export const MISALIGN_3_60 = BUS_CYCLE + MEM_WAIT_3_60;

/** CACR bits (MC68020 UM §2.3 / §7.2). */
export const CACR_E = 1;
export const CACR_F = 2;
export const CACR_CE = 4;
export const CACR_C = 8;

/**
 * The cache's key for the long word holding `addr`, fetched in state `s`
 * (1 supervisor, 0 user): the long word's address with FC2 in bit 0. Bit 1
 * is always clear, so NO_LINE never matches.
 */
export function lineKey(addr: number, s: number): number {
  return (addr & ~3) | s;
}

/**
 * Lengths of instructions by opcode where the opcode alone decides it
 * (most): 0 not yet known, -1 it depends on an extension word (an index
 * word that may be full format, a coprocessor command word).
 */
const LENGTHS = new Int8Array(65536);

/** The length in bytes of the instruction at `pc` with opcode `op`; `peek` reads the instruction word at an address. */
export function instructionLength(op: number, pc: number, peek: (addr: number) => number): number {
  const n = LENGTHS[op];
  return n > 0 ? n : lengthOf(op, pc, peek);
}

function lengthOf(op: number, pc: number, peek: (addr: number) => number): number {
  let n = LENGTHS[op];
  if (n === 0) {
    if (!isInstruction(op)) n = 2;
    else {
      let variable = false;
      n = insnLength(op, () => {
        variable = true;
        return 0;
      });
      if (variable) n = -1;
    }
    LENGTHS[op] = n;
    if (n > 0) return n;
  }
  return variableLength(op, pc, peek);
}

// The instruction variableLength reads, for wordAt (one reader, not a closure per instruction).
let readPc = 0;
let readPeek: (addr: number) => number = () => 0;
const wordAt = (off: number): number => readPeek(readPc + off);

function variableLength(op: number, pc: number, peek: (addr: number) => number): number {
  readPc = pc;
  readPeek = peek;
  const len = insnLength(op, wordAt);
  return len > 0 ? len : 2;
}

/** The cache's state: a CPU has one (Cpu.icache). */
export class InstructionCache {
  /** The tag of each entry, or NO_LINE. */
  readonly tags = new Int32Array(ICACHE_ENTRIES).fill(NO_LINE);
  /**
   * The key of the long word the prefetch queue holds, or NO_LINE. */
  prev = NO_LINE;
  /** E and F of CACR, and the two together: enabled and not frozen, every miss fills. */
  enabled = false;
  frozen = false;
  filling = false;
  /**
   * Changes whenever an entry does, to a value no cache in the process has
   * had before: a translated block that found all its long words present
   * at generation g finds them present while the generation is still g
   * (block/translate.ts), without looking.
   */
  gen = 0;
  private static generations = 0;
  /** Clocks a miss costs: a bus cycle and the memory's wait states, less what overlaps. */
  missCost: number;
  /** Misses and hits counted (for the benchmark's report). */
  misses = 0;

  constructor(memWait: number) {
    this.missCost = BUS_CYCLE + memWait - FETCH_OVERLAP;
    this.gen = ++InstructionCache.generations;
  }

  /** Write CACR: E and F kept, C and CE obeyed. */
  setCacr(v: number, caar: number): void {
    this.enabled = (v & CACR_E) !== 0;
    this.frozen = (v & CACR_F) !== 0;
    this.filling = this.enabled && !this.frozen;
    if (v & CACR_C) this.tags.fill(NO_LINE);
    if (v & CACR_CE) this.tags[(caar >>> 2) & (ICACHE_ENTRIES - 1)] = NO_LINE;
    this.prev = NO_LINE;
    this.gen = ++InstructionCache.generations;
  }

  /** Reset: disabled, unfrozen, every entry invalid. */
  reset(): void {
    this.setCacr(CACR_C, 0);
  }

  /**
   * A miss on `key` (entry `idx`): fill the entry if the cache is enabled
   * and not frozen; the clocks it costs. The block engine calls this too.
   */
  miss(idx: number, key: number): number {
    if (this.filling) {
      this.tags[idx] = key;
      this.gen = ++InstructionCache.generations;
    }
    this.misses++;
    return this.missCost;
  }

  /**
   * The instruction fetch of `len` bytes at `pc` in state `s`: the clocks
   * its misses cost.
   */
  fetch(pc: number, len: number, s: number): number {
    const first = lineKey(pc, s);
    const last = lineKey(pc + len - 1, s);
    const tags = this.tags;
    // The common case, first: filling, and the instruction in one or two
    // long words that are both there.
    if (
      this.filling &&
      tags[(first >>> 2) & (ICACHE_ENTRIES - 1)] === first &&
      (first === last || (last - first === 4 && tags[(last >>> 2) & (ICACHE_ENTRIES - 1)] === last))
    )
      return 0;
    return this.fetchLines(first, last);
  }

  private fetchLines(first: number, last: number): number {
    let cost = 0;
    let key = first;
    const tags = this.tags;
    // Enabled and filling, a long word just fetched is in the cache: the
    // prefetch queue changes nothing (and the block engine, which runs only
    // then, need not keep it).
    const queue = this.filling ? NO_LINE : this.prev;
    for (;;) {
      if (key !== queue) {
        const idx = (key >>> 2) & (ICACHE_ENTRIES - 1);
        if (!this.enabled || tags[idx] !== key) cost += this.miss(idx, key);
      }
      if (key === last) break;
      key = (key + 4) | 0;
    }
    this.prev = last;
    return cost;
  }
}
