/**
 * The translation cache and the block engine's run loop.
 *
 * Blocks are found by the RAM index of their first word (the physical
 * address, which the run loop has from the translation cache in one
 * look-up) and their virtual address (the translation bakes it into branch
 * targets and PC-relative operands). So a block survives context switches
 * and serves every process that maps the same frame at the same address
 * (shared text), and a page mapped elsewhere is simply another block.
 *
 * A block start is first interpreted and counted; once it has run
 * `threshold` times it is translated (translate.ts). Code that runs a few
 * times, as most of a boot does, never pays for a translation.
 *
 * Invalidation. A translated block is only valid while its bytes stay as
 * they were. Every writer of RAM reaches this cache:
 * - the CPU's own stores: frames that hold translated code are kept out of
 *   the translation cache's write tables (Tlb.protect), so the first store
 *   to such a frame takes the slow path through the bus;
 * - the buses, whenever they write RAM themselves (a slow-path store,
 *   device DMA, the host's copy in and out): Tlb.written;
 * - the hosted kernel, when it writes a frame from the host side (copyout,
 *   a zeroed or copied page, a loaded program): through the Hardware it
 *   was given, which calls Tlb.written.
 * Tlb.written calls `codeWritten` here for a protected frame; the blocks
 * whose bytes overlap the write are dropped, the frame is unprotected once
 * none is left, and the CPU is told to look up before its next
 * instruction (a block that wrote over its own code stops there).
 * A remapping needs nothing: the run loop looks the PC up through the
 * current translation every time. A CACR cache clear drops everything.
 *
 * The cache is bounded: beyond `cap` translated blocks, the least recently
 * used quarter is dropped.
 */
import { PAGE_OFFSET_MASK, PAGE_SHIFT } from '../../bus/tlb.js';
import { CODE_PAGE_KEY, type ColdCode, type Cpu } from '../cpu.js';
import { decodeBlock, MAX_BLOCK_INSNS } from './decode.js';
import { addShared, findShared } from './shared.js';
import { type BlockFn, translateBlock } from './translate.js';

export interface BlockCacheOptions {
  /** Runs of a block start before it is translated (1: at once). */
  threshold?: number;
  /** Most translated blocks kept. */
  cap?: number;
  /** Translate scaled index words inline (off for the single-step vector runner; see translate.ts). */
  inlineScaledIndex?: boolean;
  /** Longest block in instructions (the single-step vector runner: 1). */
  maxInsns?: number;
}

export const DEFAULT_THRESHOLD = 1024;
export const DEFAULT_CAP = 4096;

/** Direct-mapped table in front of the map: most look-ups end here. */
const FAST_SIZE = 4096;

class Block {
  fn: BlockFn | null = null;
  /** The generated source (kept for tests and the docs). */
  source = '';
  /** RAM index just past the block's last byte. */
  end = 0;
  /** When it last ran (cycle count): for the LRU. */
  used = 0;

  constructor(
    /** RAM index of the first word. */
    readonly at: number,
    /** Virtual address of the first instruction. */
    readonly pc: number,
  ) {}
}

export interface BlockStats {
  /** Blocks translated now, and ever. */
  blocks: number;
  translations: number;
  /** Blocks dropped because their code was written, and for space. */
  invalidated: number;
  evicted: number;
  /** Instructions translated inline and left to handlers, over all translations. */
  inline: number;
  calls: number;
  /** Translations taken over from the shared cache (shared.ts) instead of made. */
  reused: number;
}

/** Runs after which a block start looks for a shared translation of its bytes (shared.ts). */
const SHARED_PROBE = 16;
/** Hit counters: one per RAM word modulo this (a collision only makes a block look hotter). */
const HIT_SLOTS = 1 << 16;

export class BlockCache implements ColdCode {
  /** Runs of a block start before it is translated (tests may lower it on a running machine). */
  threshold: number;
  readonly cap: number;
  private readonly inlineScaledIndex: boolean;
  private readonly maxInsns: number;
  /** Clocks of an instruction-cache miss (0: the cache case, no cache modelled). */
  private readonly icMiss: number;
  /** The translator options, as a key of the shared cache. */
  private readonly options: string;
  private readonly fast: (Block | undefined)[] = new Array(FAST_SIZE);
  /** The runs of each block start not translated yet, by RAM index (hashed). */
  private readonly hits = new Uint16Array(HIT_SLOTS);
  /** Translated blocks (and starts that cannot be translated), by RAM index; more than one when mapped at several addresses. */
  private readonly all = new Map<number, Block[]>();
  /** Translated blocks by frame. */
  private readonly byFrame = new Map<number, Block[]>();
  private translatedNow = 0;
  readonly stats: BlockStats = {
    blocks: 0,
    translations: 0,
    invalidated: 0,
    evicted: 0,
    inline: 0,
    calls: 0,
    reused: 0,
  };
  /** Called after every translated block has run (the differential tests compare the state there). */
  onBlockEnd: ((cpu: Cpu) => void) | null = null;

  constructor(
    private readonly cpu: Cpu,
    opts: BlockCacheOptions = {},
  ) {
    // The counters are 16 bits: a threshold beyond them would never be reached.
    this.threshold = Math.min(Math.max(1, Math.floor(opts.threshold ?? DEFAULT_THRESHOLD)), 0xffff);
    this.cap = opts.cap ?? DEFAULT_CAP;
    this.inlineScaledIndex = opts.inlineScaledIndex ?? true;
    this.maxInsns = opts.maxInsns ?? MAX_BLOCK_INSNS;
    this.icMiss = process.env.X_NOIC ? 0 : (cpu.icache?.missCost ?? 0);
    this.options = `${this.maxInsns}:${this.inlineScaledIndex}:${cpu.memWait}:${cpu.misalign}:${this.icMiss}`;
    const tlb = cpu.tlb;
    tlb.codeFrames = new Uint8Array(Math.ceil(tlb.ram.length / (1 << PAGE_SHIFT)));
    tlb.onCodeWrite = (frame, from, to) => this.codeWritten(frame, from, to);
  }

  /**
   * Run blocks until the slice ends (the CPU's run loop calls this in place
   * of the interpreter's). Code that is not translated runs in the
   * interpreter, which comes back here at its next jump: the places it
   * comes back to are the block starts counted, and translated once hot.
   */
  execute(): void {
    const cpu = this.cpu;
    const fast = this.fast;
    while (cpu.cycles < cpu.sliceEnd) {
      const pc = cpu.pc;
      const e = cpu.rdPages[pc >>> PAGE_SHIFT];
      if (e >= 0 && (pc & 1) === 0) {
        const at = e + (pc & PAGE_OFFSET_MASK);
        let b = fast[(at >>> 1) & (FAST_SIZE - 1)];
        if (b === undefined || b.at !== at || b.pc !== pc) {
          const h = (at >>> 1) & (HIT_SLOTS - 1);
          const hits = this.hits[h] + 1;
          // Warm: take a translation another CPU made of these bytes, if there is one; hot: translate.
          if (hits < this.threshold && (hits !== SHARED_PROBE || !this.adopt(at, pc))) {
            this.hits[h] = hits;
            cpu.execute(this);
            continue;
          }
          b = this.lookup(at, pc);
        }
        const fn = b.fn;
        if (fn !== null) {
          b.used = cpu.cycles;
          const status = fn(cpu);
          if (this.onBlockEnd !== null) this.onBlockEnd(cpu);
          if (status !== 0) {
            cpu.execute(); // the rest of the slice, one instruction at a time
            return;
          }
          continue;
        }
        cpu.execute(this);
        continue;
      }
      cpu.interpret(1);
    }
  }

  /**
   * The interpreter, running code that is not translated, jumped to `pc`:
   * count the place, as the run loop above does, and have the interpreter
   * come back here only if there is a block to run there, or soon may be
   * (a jump to another page is looked up here too).
   */
  jumped(pc: number, codePage: number, delta: number): boolean {
    if ((pc & CODE_PAGE_KEY) !== codePage) return true;
    const at = pc + delta;
    const b = this.fast[(at >>> 1) & (FAST_SIZE - 1)];
    if (b !== undefined && b.at === at && b.pc === pc) return b.fn !== null;
    const h = (at >>> 1) & (HIT_SLOTS - 1);
    const hits = this.hits[h] + 1;
    if (hits >= this.threshold || hits === SHARED_PROBE) return true;
    this.hits[h] = hits;
    return false;
  }

  /** A translation of the block at (at, pc) in the shared cache, put in place: whether there was one. */
  private adopt(at: number, pc: number): boolean {
    if (findShared(pc, this.cpu.ram, at, this.options) === undefined) return false;
    this.lookup(at, pc);
    return true;
  }

  /** The block at RAM index `at` for virtual address `pc`: translated now if it is new. */
  private lookup(at: number, pc: number): Block {
    let list = this.all.get(at);
    let b = list?.find((x) => x.pc === pc);
    if (b === undefined) {
      b = new Block(at, pc);
      if (list === undefined) {
        list = [];
        this.all.set(at, list);
      }
      list.push(b);
      this.translate(b);
    }
    this.fast[(at >>> 1) & (FAST_SIZE - 1)] = b;
    return b;
  }

  /**
   * Translate `b`, or take the translation another CPU (or this one,
   * earlier) made of the same bytes at the same address. It stays without
   * a function if it has no instruction to translate (the interpreter runs it).
   */
  private translate(b: Block): void {
    const cpu = this.cpu;
    let t = findShared(b.pc, cpu.ram, b.at, this.options);
    if (t === undefined) {
      const insns = decodeBlock(cpu.ram, b.at, b.pc, this.maxInsns);
      if (insns.length === 0) return;
      const last = insns[insns.length - 1];
      const made = translateBlock(insns, cpu.ram, {
        inlineScaledIndex: this.inlineScaledIndex,
        memWait: cpu.memWait,
        misalign: cpu.misalign,
        icMiss: this.icMiss,
      });
      t = {
        bytes: cpu.ram.slice(b.at, last.at + last.len),
        fn: made.fn,
        source: made.source,
        count: insns.length,
        inline: made.inline,
        options: this.options,
      };
      addShared(b.pc, t);
      this.stats.translations++;
      this.stats.inline += t.inline;
      this.stats.calls += t.count - t.inline;
    } else this.stats.reused++;
    b.fn = t.fn;
    b.source = t.source;
    b.end = b.at + t.bytes.length;
    b.used = cpu.cycles;
    const frame = b.at >>> PAGE_SHIFT;
    let list = this.byFrame.get(frame);
    if (list === undefined) {
      list = [];
      this.byFrame.set(frame, list);
    }
    list.push(b);
    cpu.tlb.protect(frame);
    this.stats.blocks = ++this.translatedNow;
    if (this.translatedNow > this.cap) this.evict();
  }

  /** RAM [from, to) of protected frame `frame` was written: drop the blocks it overlaps. */
  private codeWritten(frame: number, from: number, to: number): void {
    const list = this.byFrame.get(frame);
    if (list === undefined) {
      this.cpu.tlb.unprotect(frame);
      return;
    }
    let dropped = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i];
      if (b.at < to && b.end > from) {
        this.drop(b, false);
        list.splice(i, 1);
        dropped++;
      }
    }
    this.stats.invalidated += dropped;
    if (list.length === 0) {
      this.byFrame.delete(frame);
      this.cpu.tlb.unprotect(frame);
    }
    if (dropped > 0) this.cpu.needAttention(); // a block running now must not go on with old code
  }

  /** Forget a translated block (`unlist`: also take it off its frame's list). */
  private drop(b: Block, unlist: boolean): void {
    b.fn = null;
    b.source = '';
    this.hits[(b.at >>> 1) & (HIT_SLOTS - 1)] = 0; // what comes there next must be hot in its own right
    this.translatedNow--;
    this.stats.blocks = this.translatedNow;
    const list = this.all.get(b.at);
    if (list !== undefined) {
      const i = list.indexOf(b);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.all.delete(b.at);
    }
    const slot = (b.at >>> 1) & (FAST_SIZE - 1);
    if (this.fast[slot] === b) this.fast[slot] = undefined;
    if (unlist) {
      const frame = b.at >>> PAGE_SHIFT;
      const fl = this.byFrame.get(frame);
      if (fl !== undefined) {
        const i = fl.indexOf(b);
        if (i >= 0) fl.splice(i, 1);
        if (fl.length === 0) {
          this.byFrame.delete(frame);
          this.cpu.tlb.unprotect(frame);
        }
      }
    }
  }

  /** Over the cap: drop the least recently used quarter of the translated blocks. */
  private evict(): void {
    const live: Block[] = [];
    for (const list of this.byFrame.values()) live.push(...list);
    live.sort((x, y) => x.used - y.used);
    const n = Math.max(1, live.length >> 2);
    for (let i = 0; i < n; i++) this.drop(live[i], true);
    this.stats.evicted += n;
    this.cpu.needAttention();
  }

  /** Drop every translation (a CACR cache clear, a reset of RAM). */
  flush(): void {
    for (const list of [...this.byFrame.values()]) for (const b of [...list]) this.drop(b, true);
    this.all.clear();
    this.fast.fill(undefined);
    this.hits.fill(0);
    this.cpu.needAttention();
  }

  /** The generated source of the translated block at virtual address `pc` (for tests and docs), or undefined. */
  sourceAt(pc: number): string | undefined {
    for (const list of this.byFrame.values()) for (const b of list) if (b.pc === pc) return b.source;
    return undefined;
  }

  /** Translated blocks now, for memory accounting. */
  get size(): number {
    return this.translatedNow;
  }
}
