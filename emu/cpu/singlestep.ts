/**
 * Runner for single-step CPU test vectors (the SingleStepTests/m68000
 * format; see test/fixtures/cpu/README.md). Each vector sets the whole CPU
 * state and the memory bytes one instruction touches, runs that instruction
 * and compares everything afterwards.
 *
 * The vectors were recorded on a 68000. Where a 68020 differs by design,
 * the rules in skipReason() (vectors not run), LOADS_SR, movemPredecFor68020()
 * and the exception-frame translation in compare() say so; nothing else is
 * excused.
 */
import { basename } from 'node:path';
import type { Bus } from '../bus/bus.js';
import { PAGE_SHIFT, PAGE_SIZE, SUPER_READ, type Tlb, USER_READ } from '../bus/tlb.js';
import { gunzipCapped, HostFileError, isGzip, readRegularFile } from '../lab/host-file.js';
import { Cpu, DEFAULT_ENGINE, type Engine, VEC_TRACE } from './cpu.js';

export interface VectorState {
  d: number[];
  a: number[];
  usp: number;
  ssp: number;
  sr: number;
  pc: number;
  prefetch?: number[];
  ram: [number, number][];
}

export interface Vector {
  name: string;
  initial: VectorState;
  final: VectorState;
  cycles?: number;
  exception?: boolean;
  addrError?: boolean;
}

export interface VectorResult {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
  /** Why tests were skipped, with counts. */
  skips: Map<string, number>;
}

/** The 68020's extra SR bits: T0 (trace on change of flow) and M (master stack). */
const SR_T0_M = 0x5000;

/**
 * The instructions that load SR from an operand. A 68000 drops bits T0 and M
 * of the value; a 68020 keeps them, so for these the two bits are not
 * compared. For every other instruction the whole SR is (the vectors never
 * start with T0 or M set).
 */
const LOADS_SR = new Set(['MOVEtoSR', 'RTE', 'ANDItoSR', 'ORItoSR', 'EORItoSR', 'STOP']);

/** Why a vector is skipped. Each is a documented 68000-only behaviour; see docs/cpu.md. */
export const SKIP = {
  addressError: '68000 address error: the 68020 allows odd data addresses and stacks another frame',
  moveFromSR: 'MOVE from SR is privileged on the 68010 and later',
  rteFormat: 'RTE: the word after the 68000 frame is not 0, and a 68020 reads it as the frame format',
  bccFF: 'Bcc with displacement byte 0xFF: a 32-bit displacement follows on the 68020',
  indexBits: 'index extension word whose bits 8-10 a 68000 ignores but a 68020 cannot run without them',
} as const;

/**
 * The one place that decides what is not compared, each with its reason.
 * Returns the reason a vector is skipped, or undefined to compare it.
 * `unnormalised` says the run found an extension word it could not reduce
 * to the 68000's meaning (see VectorRunner.run).
 */
function skipReason(file: string, v: Vector, unnormalised: boolean): string | undefined {
  if (v.addrError) return SKIP.addressError;
  if (file === 'MOVEfromSR' && !(v.initial.sr & 0x2000)) return SKIP.moveFromSR;
  if (file === 'RTE' && v.initial.sr & 0x2000 && rteFormatWord(v) !== 0) return SKIP.rteFormat;
  if (file === 'Bcc' && (opcodeOf(v) & 0xff) === 0xff) return SKIP.bccFF;
  if (unnormalised) return SKIP.indexBits;
  return undefined;
}

/**
 * The format of the frame a 68020 stacks for an exception an instruction
 * raises (MC68020 UM §6.3 and table 6-5): $2, with the instruction's
 * address, for CHK/CHK2 (6), zero divide (5), TRAPcc/TRAPV (7) and trace
 * (9); $0 for the others the vectors reach.
 */
function frameFormat(vector: number): 0 | 2 {
  return vector === 5 || vector === 6 || vector === 7 || vector === VEC_TRACE ? 2 : 0;
}

function opcodeOf(v: Vector): number {
  const pc = v.initial.pc;
  let hi = -1;
  let lo = -1;
  for (const [addr, byte] of v.initial.ram) {
    if (addr === pc) hi = byte;
    else if (addr === pc + 1) lo = byte;
  }
  return hi < 0 || lo < 0 ? (v.initial.prefetch?.[0] ?? 0) : (hi << 8) | lo;
}

/** The word a 68020 RTE would read as the format/vector word of the vector's frame. */
function rteFormatWord(v: Vector): number {
  const at = (v.initial.ssp + 6) & 0xffffff;
  const ram = new Map(v.initial.ram);
  return ((ram.get(at) ?? 0) << 8) | (ram.get((at + 1) & 0xffffff) ?? 0);
}

/**
 * MOVEM to -(An) with An in the register list: a 68000 stores An's initial
 * value, a 68020 its initial value minus the operand size (MC68020 UM,
 * MOVEM). Rewrites the vector's expected memory to the 68020's value; other
 * vectors come back unchanged.
 */
function movemPredecFor68020(v: Vector): Vector {
  const op = opcodeOf(v);
  if ((op & 0xfb80) !== 0x4880 || ((op >> 3) & 7) !== 4) return v;
  const n = op & 7;
  const mask = v.initial.prefetch?.[1] ?? 0; // reversed for -(An): bit 15 - r is register r (A0 = 8)
  if (!(mask & (1 << (7 - n)))) return v;
  const size = op & 0x40 ? 4 : 2;
  // Registers are stored from A7 down; An's slot is below every listed register numbered An or above.
  let above = 0;
  for (let bit = 0; bit <= 7 - n; bit++) if (mask & (1 << bit)) above++;
  const an = n < 7 ? v.initial.a[n] : v.initial.sr & 0x2000 ? v.initial.ssp : v.initial.usp;
  const start = an - size * above;
  const value = an - size;
  const bytes = new Map<number, number>();
  for (let i = 0; i < size; i++) bytes.set((start + i) & 0xffffff, (value >>> (8 * (size - 1 - i))) & 0xff);
  const ram = v.final.ram.map(([a, b]): [number, number] => [a, bytes.get(a) ?? b]);
  return { ...v, final: { ...v.final, ram } };
}

/** A copy of the vector with bits 8-10 of the extension word at `addr` cleared. */
function withExtensionBitsCleared(v: Vector, addr: number): Vector {
  const a = addr & 0xffffff;
  const fix = (ram: [number, number][]): [number, number][] =>
    ram.map(([x, b]) => [x, x === a ? b & ~0x07 : b]);
  return {
    ...v,
    initial: { ...v.initial, ram: fix(v.initial.ram) },
    final: { ...v.final, ram: fix(v.final.ram) },
  };
}

const hex = (n: number, w = 8) => (n >>> 0).toString(16).padStart(w, '0');

/**
 * Memory for one vector: zero everywhere except what the vector sets, and
 * forgotten between vectors (so a 68020 write the 68000 never made cannot
 * leak into the next one). The vectors' machine had a 68000's 24-bit
 * address bus, so registers may hold addresses with junk in bits 24-31: a
 * 68020 forms the same address with all 32 bits, and this bus drops the top
 * 8 as the 68000's pins did. The 16 MB are one array, which the CPU reads
 * directly through its translation cache; every write comes here (the
 * journal needs them), and a fresh start clears only the frames touched.
 */
class VectorBus implements Bus {
  readonly addressBits = 24;
  private readonly ram = new Uint8Array(1 << 24);
  private tlb: Tlb | null = null;
  /** 8 KB frames written since the last clear. */
  private dirty = new Set<number>();
  /** The CPU's byte writes as (address, previous value) pairs, newest last. */
  private journal: number[] = [];

  attachTlb(tlb: Tlb): void {
    tlb.ram = this.ram;
    this.tlb = tlb;
    for (let p = 0; p < (1 << 24) / PAGE_SIZE; p++) {
      tlb.fill(USER_READ, p, p * PAGE_SIZE);
      tlb.fill(SUPER_READ, p, p * PAGE_SIZE);
    }
  }

  clear(): void {
    for (const f of this.dirty) {
      this.ram.fill(0, f * PAGE_SIZE, (f + 1) * PAGE_SIZE);
      this.tlb?.written(f * PAGE_SIZE, PAGE_SIZE);
    }
    this.dirty.clear();
    this.journal = [];
  }

  /** Take back the CPU's last `n` byte writes. */
  undoWrites(n: number): void {
    for (let i = 0; i < n && this.journal.length; i++) {
      const old = this.journal.pop() as number;
      const addr = this.journal.pop() as number;
      this.poke(addr, old);
    }
  }

  private store(addr: number, v: number): void {
    this.journal.push(addr & 0xffffff, this.peek(addr));
    this.poke(addr, v);
  }

  peek(addr: number): number {
    return this.ram[addr & 0xffffff];
  }

  poke(addr: number, v: number): void {
    const a = addr & 0xffffff;
    this.ram[a] = v;
    this.dirty.add(a >>> PAGE_SHIFT);
    this.tlb?.written(a, 1);
  }

  read8(addr: number): number {
    return this.peek(addr);
  }
  read16(addr: number): number {
    return (this.peek(addr) << 8) | this.peek(addr + 1);
  }
  read32(addr: number): number {
    return (
      (this.peek(addr) << 24) | (this.peek(addr + 1) << 16) | (this.peek(addr + 2) << 8) | this.peek(addr + 3)
    );
  }
  write8(addr: number, v: number): void {
    this.store(addr, v);
  }
  write16(addr: number, v: number): void {
    this.store(addr, v >>> 8);
    this.store(addr + 1, v);
  }
  write32(addr: number, v: number): void {
    this.store(addr, v >>> 24);
    this.store(addr + 1, v >>> 16);
    this.store(addr + 2, v >>> 8);
    this.store(addr + 3, v);
  }
}

export class VectorRunner {
  readonly bus = new VectorBus();
  readonly cpu: Cpu;

  /**
   * The block engine translates every instruction at once, in a block of
   * its own (the vector is one instruction; what follows it is not code),
   * and leaves scaled index words to the interpreter, which counts them
   * (see run()).
   */
  constructor(readonly engine: Engine = DEFAULT_ENGINE) {
    this.cpu = new Cpu(this.bus, {
      engine,
      blocks: { threshold: 1, maxInsns: 1, inlineScaledIndex: false },
      timing: 'cache-case', // the reference model: no cache or wait states to model on a test bus
    });
  }

  /** Load the vector's initial state into the CPU and memory. */
  load(v: Vector): void {
    const cpu = this.cpu;
    const s = v.initial;
    this.bus.clear();
    for (const [addr, byte] of s.ram) this.bus.poke(addr, byte);
    cpu.halted = false;
    cpu.stopped = false;
    cpu.setSR(s.sr);
    cpu.setUSP(s.usp);
    cpu.setISP(s.ssp);
    cpu.setMSP(0);
    for (let i = 0; i < 8; i++) cpu.d[i] = s.d[i];
    for (let i = 0; i < 7; i++) cpu.a[i] = s.a[i];
    cpu.vbr = 0;
    cpu.pc = s.pc;
  }

  /** Run one vector. Returns 'pass', a skip reason ('skip: ...'), or a failure description. */
  run(file: string, v: Vector): string {
    const cpu = this.cpu;
    // A 68000 ignores bits 8-10 of an index extension word (scale and the
    // full-format flag); a 68020 obeys them. Such a vector describes the
    // same instruction with those bits clear, so clear them and run again.
    let unnormalised = false;
    for (let attempt = 0; ; attempt++) {
      this.load(v);
      const before = cpu.ext020Count;
      const exceptions = cpu.exceptions;
      cpu.lastException = -1;
      if (this.engine === 'jit') cpu.run(1);
      else cpu.step();
      if (cpu.lastException === VEC_TRACE) this.unwindTrace(cpu.exceptions - exceptions > 1);
      if (cpu.ext020Count === before) break;
      if (attempt === 2) {
        unnormalised = true;
        break;
      }
      v = withExtensionBitsCleared(v, cpu.ext020Address);
    }
    const skip = skipReason(file, v, unnormalised);
    return skip ? `skip: ${skip}` : this.compare(file, movemPredecFor68020(v));
  }

  /**
   * With T set, a 68020 takes the trace exception right after the
   * instruction; the vectors record the state just before trace processing
   * begins. Pop the trace frame ($2: SR, PC, format word, address) to get
   * back to that state. `other` says whether the instruction took an
   * exception of its own before the trace (its frame stays).
   */
  private unwindTrace(other: boolean): void {
    const cpu = this.cpu;
    const sp = cpu.a[7];
    const sr = cpu.rd16(sp);
    const pc = cpu.rd32(sp + 2);
    cpu.a[7] = sp + 12;
    cpu.setSR(sr);
    this.bus.undoWrites(12); // the frame's bytes, the last the CPU wrote
    cpu.pc = pc >>> 0;
    // The instruction's own exception, if any, is the frame now on top; its
    // format is checked against the manual in compare().
    cpu.lastException = other ? (cpu.rd16(sp + 12 + 6) & 0xfff) >> 2 : -1;
  }

  private compare(file: string, v: Vector): string {
    const cpu = this.cpu;
    const f = v.final;
    const diffs: string[] = [];
    const check = (what: string, got: number, want: number) => {
      if (got >>> 0 !== want >>> 0) diffs.push(`${what} ${hex(got)} want ${hex(want)}`);
    };
    for (let i = 0; i < 8; i++) check(`d${i}`, cpu.d[i], f.d[i]);
    for (let i = 0; i < 7; i++) check(`a${i}`, cpu.a[i], f.a[i]);
    check('usp', cpu.getUSP(), f.usp);
    // A 68000 stopped by STOP has not prefetched past it, so the vectors
    // (which record the prefetch address) give STOP's own address; the
    // architectural PC is the next instruction's. So too for a traced STOP,
    // which a 68020 completes without stopping (the trace frame unwound).
    const stopped = opcodeOf(v) === 0x4e72 && (cpu.stopped || cpu.lastException === -1);
    check('pc', cpu.pc, stopped ? f.pc + 4 : f.pc);
    check('sr', cpu.getSR() & (LOADS_SR.has(file) ? ~SR_T0_M : 0xffff), f.sr);
    const bus = this.bus;
    // Exception frames: a 68000 stacks SR and PC (6 bytes); a 68020 adds the
    // format/vector word (format 0, 8 bytes) and for CHK, TRAPV and zero
    // divide the instruction address (format 2, 12 bytes). The SR and PC
    // must match the 68000's; the format/vector word and the instruction
    // address must be what the 68020 manual says for that vector.
    let skipLo = 0;
    let skipHi = 0;
    const ex = cpu.lastException;
    if (ex >= 0) {
      const ssp = cpu.getISP() >>> 0;
      const format = frameFormat(ex);
      const size = format === 2 ? 12 : 8;
      check('ssp', ssp + size - 6, f.ssp);
      const want = new Map(f.ram);
      for (let i = 0; i < 6; i++) check(`frame+${i}`, bus.peek(ssp + i), want.get(f.ssp + i) ?? -1);
      check('frame format/vector', cpu.rd16(ssp + 6), (format << 12) | (ex << 2));
      if (format === 2) check('frame instruction address', cpu.rd32(ssp + 8), v.initial.pc);
      skipLo = Math.min(ssp, f.ssp);
      skipHi = Math.max(ssp + size, f.ssp + 6);
    } else if (file === 'RTE' && v.initial.sr & 0x2000) {
      // The 68000 frame is SR and PC; the 68020 also reads the format word
      // after them (memory the vector leaves at zero: format 0) and pops 8.
      check('ssp', cpu.getISP(), f.ssp + 2);
    } else {
      check('ssp', cpu.getISP(), f.ssp);
    }
    for (const [addr, byte] of f.ram) {
      if (addr >= skipLo && addr < skipHi) continue;
      const got = bus.peek(addr);
      if (got !== byte) diffs.push(`ram[${hex(addr, 6)}] ${hex(got, 2)} want ${hex(byte, 2)}`);
    }
    return diffs.length ? diffs.join(', ') : 'pass';
  }
}

/**
 * The most a vector file may hold, as stored and decompressed: 128 MB. The
 * largest file of the SingleStepTests m68000 suite is about 2 MB of JSON;
 * the cap keeps a damaged or hostile file (a device, a gzip bomb) from
 * filling memory.
 */
export const MAX_VECTOR_BYTES = 128 * 1024 * 1024;
export const VECTOR_LIMIT = 'the limit for a test-vector file';

/** Parse a vector file (gzip'd or plain JSON); a file that is not one is an error naming the problem. */
export async function readVectors(path: string): Promise<Vector[]> {
  let data: Uint8Array;
  try {
    const limits = { max: MAX_VECTOR_BYTES, label: path, why: VECTOR_LIMIT };
    data = readRegularFile(path, limits);
    if (isGzip(data)) data = gunzipCapped(data, limits);
  } catch (err) {
    // The caller names the file.
    throw err instanceof HostFileError ? new Error(err.reason) : err;
  }
  let vectors: unknown;
  try {
    vectors = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch {
    throw new Error('not a test-vector file (not JSON)');
  }
  if (!Array.isArray(vectors) || vectors.length === 0) throw new Error('not a test-vector file (no vectors)');
  vectors.forEach((v, i) => {
    const why = vectorProblem(v);
    if (why) throw new Error(`vector ${i + 1} is malformed: ${why}`);
  });
  return vectors as Vector[];
}

function stateProblem(s: unknown): string | undefined {
  if (typeof s !== 'object' || s === null) return 'missing';
  const st = s as Record<string, unknown>;
  const words = (x: unknown, n: number) => Array.isArray(x) && x.length === n && x.every(Number.isInteger);
  if (!words(st.d, 8)) return 'd is not 8 integers';
  if (!words(st.a, 7)) return 'a is not 7 integers';
  for (const k of ['usp', 'ssp', 'sr', 'pc']) if (!Number.isInteger(st[k])) return `${k} is not an integer`;
  if (!Array.isArray(st.ram) || !st.ram.every((p) => words(p, 2)))
    return 'ram is not a list of [address, byte]';
  return undefined;
}

function vectorProblem(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return 'not an object';
  const o = v as Record<string, unknown>;
  if (typeof o.name !== 'string') return 'no name';
  const i = stateProblem(o.initial);
  if (i) return `initial state: ${i}`;
  const f = stateProblem(o.final);
  return f ? `final state: ${f}` : undefined;
}

/** The file's instruction name, e.g. "ADD.l" for ".../ADD.l.json.gz". */
export function vectorFileName(path: string): string {
  return basename(path).replace(/\.json(\.gz)?$/, '');
}

const runners = new Map<Engine, VectorRunner>();

export async function runVectorFile(
  path: string,
  opts: { verbose?: boolean; maxFailuresShown?: number; engine?: Engine } = {},
): Promise<VectorResult> {
  const vectors = await readVectors(path);
  const engine = opts.engine ?? DEFAULT_ENGINE;
  let runner = runners.get(engine);
  if (runner === undefined) {
    runner = new VectorRunner(engine);
    runners.set(engine, runner);
  }
  const file = vectorFileName(path);
  const result: VectorResult = { passed: 0, failed: 0, skipped: 0, failures: [], skips: new Map() };
  const show = opts.maxFailuresShown ?? 5;
  for (const v of vectors) {
    const r = runner.run(file, v);
    if (r === 'pass') result.passed++;
    else if (r.startsWith('skip: ')) {
      result.skipped++;
      const why = r.slice(6);
      result.skips.set(why, (result.skips.get(why) ?? 0) + 1);
      if (opts.verbose) result.failures.push(`skipped ${v.name}: ${why}`);
    } else {
      result.failed++;
      if (result.failures.length < show || opts.verbose) result.failures.push(`${v.name}: ${r}`);
    }
  }
  return result;
}
