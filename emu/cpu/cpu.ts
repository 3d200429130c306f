/**
 * The Motorola 68020 integer unit: registers, memory access, the run loop and
 * exception processing. Instructions themselves live in ops/*.ts and are
 * reached through a 65,536-entry table indexed by the opcode word
 * (dispatch.ts), built once per process.
 *
 * Conventions used throughout the core:
 * - d[] and a[] are Int32Array: a register value is a signed 32-bit integer.
 *   a[7] is the *active* stack pointer; the other two of USP/ISP/MSP wait in
 *   usp/isp/msp and are swapped in when S or M changes (setSR).
 * - The condition codes live in five 0/1 fields (flagX..flagC); getSR() and
 *   setSR() pack and unpack them.
 * - Memory reads return bytes and words zero-extended and longs as signed
 *   32-bit integers. RAM pages the translation cache knows are read
 *   directly; everything else goes through the Bus with its function code.
 */
import {
  type Bus,
  BusFault,
  FC_SUPERVISOR_DATA,
  FC_SUPERVISOR_PROGRAM,
  FC_USER_DATA,
  FC_USER_PROGRAM,
} from '../bus/bus.js';
import {
  PAGE_OFFSET_MASK,
  PAGE_SHIFT,
  SUPER_READ,
  SUPER_WRITE,
  Tlb,
  USER_READ,
  USER_WRITE,
} from '../bus/tlb.js';
import { BlockCache, type BlockCacheOptions } from './block/cache.js';
import { dispatchTable } from './dispatch.js';
import { IllegalEncoding } from './ea.js';
import { DEFAULT_ENGINE, type Engine } from './engine.js';
import { busFault, doubleBusFault, interrupt, traceAfter } from './exceptions.js';
import { Fpu } from './fpu/fpu.js';
import {
  DEFAULT_TIMING,
  InstructionCache,
  instructionLength,
  MEM_WAIT_3_60,
  MISALIGN_3_60,
  type TimingModel,
} from './icache.js';
import { cycleTimes } from './timing.js';

/** The bits that say which page an address is in, and bit 0: an even PC in the code page matches its address. */
export const CODE_PAGE_KEY = ~PAGE_OFFSET_MASK | 1;
/** The longest 68020 instruction, in bytes (a MOVE with two full-format operands). */
const MAX_INSN_BYTES = 22;

/** Kinds of Cpu.onEvent. */
export const EVENT_INTERRUPT = 1;
export const EVENT_FAULT = 2;

/** Interrupt acknowledge answers (Cpu.iack). */
export const AUTOVECTOR = -1;
export const SPURIOUS = -2;

/** Exception vector numbers (MC68020 UM Table 6-1). */
export const VEC_BUS_ERROR = 2;
export const VEC_ADDRESS_ERROR = 3;
export const VEC_ILLEGAL = 4;
export const VEC_ZERO_DIVIDE = 5;
export const VEC_CHK = 6;
export const VEC_TRAPV = 7;
export const VEC_PRIVILEGE = 8;
export const VEC_TRACE = 9;
export const VEC_LINE_A = 10;
export const VEC_LINE_F = 11;
export const VEC_FORMAT_ERROR = 14;
export const VEC_TRAP0 = 32;

/** An instruction handler: runs the instruction whose opcode was just fetched. */
export type Handler = (cpu: Cpu) => void;

/** What the interpreter's hot loop tells the block engine (block/cache.ts) about code that is not translated. */
export interface ColdCode {
  /**
   * An instruction jumped to `pc`; `codePage` and `delta` are the hot
   * loop's current code page (-1: none) and RAM index minus address in it.
   * True: return to the block engine.
   */
  jumped(pc: number, codePage: number, delta: number): boolean;
}

export { DEFAULT_ENGINE, ENGINES, type Engine } from './engine.js';

export interface CpuOptions {
  /** Default DEFAULT_ENGINE. */
  engine?: Engine;
  /** Tuning of the block engine (tests translate at once: threshold 1). */
  blocks?: BlockCacheOptions;
  /** An MC68881 as coprocessor 1 (default none: F-line words trap, vector 11). */
  fpu?: boolean;
  /**
   * How time is counted (docs/cpu-timing.md): `3/60` (the default), the
   * instruction cache and the 3/60's memory wait states on top of the
   * manual's cache case; `cache-case`, the manual's cache case alone (the
   * reference of the conformance tests).
   */
  timing?: TimingModel;
}

export class Cpu {
  /**
   * D0-D7 then A0-A7 in one array, so that an instruction whose operand is
   * "register n of the 16" (mode 0 or 1) indexes it directly; d and a are
   * views of its two halves.
   */
  readonly r = new Int32Array(16);
  readonly d = this.r.subarray(0, 8);
  readonly a = this.r.subarray(8, 16);
  /** Address of the next instruction word to fetch. */
  pc = 0;
  /** Address of the instruction being executed (for exception frames). */
  ppc = 0;
  /** The opcode word of the instruction being executed. */
  opcode = 0;

  // Condition codes, each 0 or 1.
  flagX = 0;
  flagN = 0;
  flagZ = 0;
  flagV = 0;
  flagC = 0;
  // The system byte of SR.
  srT = 0; // trace bits T1:T0 (2 bits)
  srS = 1; // supervisor state
  srM = 0; // master/interrupt state
  intMask = 7;
  // Stack pointers not currently in a[7].
  usp = 0;
  isp = 0;
  msp = 0;
  // Control registers (MOVEC).
  vbr = 0;
  sfc = 0;
  dfc = 0;
  cacr = 0;
  caar = 0;

  /** Function codes for data and program accesses in the current state. */
  fcData = FC_SUPERVISOR_DATA;
  fcProgram = FC_SUPERVISOR_PROGRAM;

  /** Emulated clock cycles and instructions since reset; cycles spent stopped. */
  cycles = 0;
  instructions = 0;
  idleCycles = 0;

  /** Interrupt level the devices assert (0-7), and a level-7 edge not yet taken. */
  ipl = 0;
  nmiPending = false;
  /**
   * Interrupt acknowledge: the vector number for an interrupt at `level`,
   * AUTOVECTOR (the default: 24 + level) or SPURIOUS (bus error during the
   * acknowledge, vector 24). The machine installs its own.
   */
  iack: (level: number) => number = () => AUTOVECTOR;
  /**
   * Set when something must be looked at between instructions (an
   * interrupt request, a change of mask or trace mode): the hot loop checks
   * this one flag instead of all of those.
   */
  attention = false;
  /**
   * Where the current slice of the hot loop ends: the cycle budget's end,
   * or 0 once something needs attention, so that the loop tests one field.
   * (Read by the block engine's translated code too.)
   */
  sliceEnd = 0;
  /**
   * The page instructions are being fetched from, as the hot loop found it
   * in the translation cache: its address (-1: none) and the difference
   * between a RAM index and an address in it. Forgotten whenever anything
   * needs attention, which every change of translation or of S raises.
   */
  private codePage = -1;
  private codeDelta = 0;

  // Undo log for restartable faults: registers an instruction changed before it faulted.
  // The log belongs to the instruction numbered undoStamp (the value of
  // `instructions` while it runs), so the hot loop need not clear it.
  readonly undoReg = new Uint8Array(32);
  readonly undoVal = new Int32Array(32);
  undoCount = 0;
  private undoStamp = -1;
  /** The condition codes before the instruction changed them (logCCR), or -1. */
  private undoCcr = -1;
  /** Between STOP and the interrupt or reset that ends it. */
  stopped = false;
  /** Double bus fault: the CPU has halted and only reset restarts it. */
  halted = false;
  haltReason = '';

  /**
   * Incremented whenever an index extension word uses a 68020-only feature
   * (scale factor or the full format). Test-vector runners use it to tell
   * 68000 behaviour (which ignores those bits) from 68020 behaviour.
   */
  ext020Count = 0;
  /** Memory operand address between rmwRead and rmwWrite (ea.ts). */
  rmwAddress = 0;
  /** Address of the last such extension word. */
  ext020Address = 0;
  /** Vector number of the most recent exception taken (for tests and traces). */
  lastException = -1;
  /** Exceptions taken since reset (all kinds: traps, faults, interrupts). */
  exceptions = 0;

  /**
   * Called before every instruction when set (instruction traces). The run
   * loop then goes one instruction at a time, so leave it unset for speed.
   */
  traceHook?: (cpu: Cpu) => void;
  /**
   * Called after every instruction when set, the run loop going one
   * instruction at a time in the interpreter (the differential tests of the
   * two engines watch the interpreter with it).
   */
  stepHook?: (cpu: Cpu) => void;
  /**
   * A debugger's check before every instruction (emu/debug): when it
   * answers true the CPU is held there, before the instruction, and run()
   * returns at once until the debugger clears `held`. Set only while the
   * debugger has breakpoints or is stepping: the run loop then goes one
   * instruction at a time in the interpreter.
   */
  breakHook?: (cpu: Cpu) => boolean;
  /** A debugger holds the CPU (breakHook stopped it): run() does nothing. */
  held = false;
  /**
   * A debugger's watchpoints: told of every data access the instructions
   * make (not instruction fetches), before it is made. While it is set the
   * translation cache is bypassed (see setAccessHook), so set it only with
   * breakHook.
   */
  private accessHook?: (addr: number, size: number, write: boolean) => void;
  /** An empty translation table: every access takes the slow path (watchpoints). */
  private noPages: Int32Array | null = null;
  /**
   * Told of the events whose timing the engines must agree on: an
   * interrupt taken (EVENT_INTERRUPT, level, vector) and a bus or address
   * error (EVENT_FAULT, address, vector), at `cycles`. For tests.
   */
  onEvent?: (kind: number, a: number, b: number) => void;
  /** Handler for host calls (line-A words in supervisor state); see lineA(). */
  hostCall?: (n: number) => void;
  /** Called when the RESET instruction asserts the reset line to the devices. */
  onResetInstruction?: () => void;

  readonly bus: Bus;
  /** The translation cache the bus fills (see emu/bus/tlb.ts). */
  readonly tlb: Tlb;
  private readonly table: Handler[];
  /**
   * The fast path: RAM and the tlb tables for the current privilege (the
   * block engine's translated code reads them too). `ram` is replaced only
   * when a machine is taken out of a start-up snapshot (emu/lab/lab-pack.ts).
   */
  ram: Uint8Array;
  rdPages: Int32Array;
  wrPages: Int32Array;
  readonly engine: Engine;
  /** The MC68881 floating-point coprocessor (emu/cpu/fpu), or null when there is none. */
  readonly fpu: Fpu | null;
  /** The block engine's translations (null for the interpreter). */
  readonly blocks: BlockCache | null;
  /** The timing model (CpuOptions.timing). */
  readonly timing: TimingModel;
  /** The instruction cache (the 3/60 model), or null (cache case: every fetch is free). */
  readonly icache: InstructionCache | null;
  /** Its tags, which translated blocks compare with (an empty table without a cache). */
  readonly icTags: Int32Array;
  /** Wait states every data bus cycle adds (0 in the cache case). */
  readonly memWait: number;
  /** Clocks a misaligned long word (or a word that crosses a long word) adds: its second bus cycle (0 in the cache case). */
  readonly misalign: number;
  /** The block engine while it can run: not while the cache is off or frozen (the interpreter keeps the prefetch queue then). */
  private runBlocks: BlockCache | null;

  constructor(bus: Bus, opts: CpuOptions = {}) {
    this.bus = bus;
    this.table = dispatchTable();
    this.tlb = new Tlb(bus.addressBits ?? 32);
    bus.attachTlb?.(this.tlb);
    this.ram = this.tlb.ram;
    // A changed translation may invalidate what the hot loop keeps in locals.
    this.tlb.onChange = () => this.needAttention();
    this.rdPages = this.tlb.tables[SUPER_READ];
    this.wrPages = this.tlb.tables[SUPER_WRITE];
    this.engine = opts.engine ?? DEFAULT_ENGINE;
    this.fpu = opts.fpu ? new Fpu() : null;
    this.timing = opts.timing ?? DEFAULT_TIMING;
    this.memWait = this.timing === '3/60' ? MEM_WAIT_3_60 : 0;
    this.misalign = this.timing === '3/60' ? MISALIGN_3_60 : 0;
    this.icache = this.timing === '3/60' ? new InstructionCache(this.memWait) : null;
    this.icTags = this.icache?.tags ?? new Int32Array(0);
    this.blocks = this.engine === 'jit' ? new BlockCache(this, opts.blocks) : null;
    this.runBlocks = this.icache === null ? this.blocks : null;
  }

  /**
   * Write CACR (MOVEC, reset): E and F are kept; C and CE clear the whole
   * cache or CAAR's entry and read as 0 (MC68020 UM §2.3, §7.2).
   */
  setCacr(v: number): void {
    this.cacr = v & 3;
    const ic = this.icache;
    if (ic !== null) {
      ic.setCacr(v, this.caar);
      this.runBlocks = ic.filling ? this.blocks : null;
    }
  }

  /**
   * The instruction at `pc`, opcode `op`, is about to run: charge the
   * cache misses of its fetch (the 3/60 model).
   */
  private fetchInsn(ic: InstructionCache, pc: number, op: number): void {
    const len = instructionLength(op, pc, this.peek);
    this.cycles += ic.fetch(pc, len, this.srS);
  }

  private readonly peek = (a: number): number => this.peek16(a);
  /** The instruction word at `a` if the translation cache has its page, else 0 (no bus cycle, no fault). */
  private peek16(a: number): number {
    const e = this.rdPages[a >>> PAGE_SHIFT];
    const off = a & PAGE_OFFSET_MASK;
    if (e < 0 || off >= PAGE_OFFSET_MASK) return 0;
    return (this.ram[e + off] << 8) | this.ram[e + off + 1];
  }

  // ---------------------------------------------------------------- status register

  /** Pack SR: T1 T0 S M 0 I2 I1 I0 0 0 0 X N Z V C. */
  getSR(): number {
    return (
      (this.srT << 14) |
      (this.srS << 13) |
      (this.srM << 12) |
      (this.intMask << 8) |
      (this.flagX << 4) |
      (this.flagN << 3) |
      (this.flagZ << 2) |
      (this.flagV << 1) |
      this.flagC
    );
  }

  getCCR(): number {
    return (this.flagX << 4) | (this.flagN << 3) | (this.flagZ << 2) | (this.flagV << 1) | this.flagC;
  }

  setCCR(v: number): void {
    this.flagX = (v >> 4) & 1;
    this.flagN = (v >> 3) & 1;
    this.flagZ = (v >> 2) & 1;
    this.flagV = (v >> 1) & 1;
    this.flagC = v & 1;
  }

  /** Load SR, switching the active stack pointer if S or M changes. */
  setSR(v: number): void {
    this.saveSP();
    this.srT = (v >> 14) & 3;
    this.srS = (v >> 13) & 1;
    this.srM = (v >> 12) & 1;
    this.intMask = (v >> 8) & 7;
    this.setCCR(v);
    this.loadSP();
    this.needAttention(); // the mask or trace mode may have changed
  }

  /** Store a[7] into the bank selected by the current S and M. */
  private saveSP(): void {
    if (!this.srS) this.usp = this.a[7];
    else if (this.srM) this.msp = this.a[7];
    else this.isp = this.a[7];
  }

  /** Load a[7] from the bank selected by S and M, and set the function codes. */
  private loadSP(): void {
    const tables = this.tlb.tables;
    if (!this.srS) {
      this.a[7] = this.usp;
      this.fcData = FC_USER_DATA;
      this.fcProgram = FC_USER_PROGRAM;
      this.rdPages = tables[USER_READ];
      this.wrPages = tables[USER_WRITE];
      this.bypassTlb();
    } else {
      this.a[7] = this.srM ? this.msp : this.isp;
      this.fcData = FC_SUPERVISOR_DATA;
      this.fcProgram = FC_SUPERVISOR_PROGRAM;
      this.rdPages = tables[SUPER_READ];
      this.wrPages = tables[SUPER_WRITE];
      this.bypassTlb();
    }
  }

  /**
   * The translation cache's tables were replaced, holding the same entries
   * (Tlb.useTables: a machine taken out of a start-up snapshot): the fast
   * path reads the new ones. Called between runs.
   */
  tlbTablesReplaced(): void {
    this.saveSP();
    this.loadSP();
  }

  /** With an access hook, every data access goes through busRead/busWrite, where the hook sees it. */
  private bypassTlb(): void {
    if (this.noPages === null) return;
    this.rdPages = this.noPages;
    this.wrPages = this.noPages;
  }

  /** Install or remove the debugger's access hook (watchpoints). */
  setAccessHook(hook: ((addr: number, size: number, write: boolean) => void) | undefined): void {
    this.accessHook = hook;
    this.noPages = hook ? new Int32Array(this.tlb.pageMask + 1).fill(-1) : null;
    this.saveSP();
    this.loadSP();
    this.needAttention();
  }

  getUSP(): number {
    return this.srS ? this.usp : this.a[7];
  }
  setUSP(v: number): void {
    if (this.srS) this.usp = v | 0;
    else this.a[7] = v;
  }
  getISP(): number {
    return this.srS && !this.srM ? this.a[7] : this.isp;
  }
  setISP(v: number): void {
    if (this.srS && !this.srM) this.a[7] = v;
    else this.isp = v | 0;
  }
  getMSP(): number {
    return this.srS && this.srM ? this.a[7] : this.msp;
  }
  setMSP(v: number): void {
    if (this.srS && this.srM) this.a[7] = v;
    else this.msp = v | 0;
  }

  /** Called by the EA decoder for an extension word just fetched that uses 68020 features. */
  noteExt020(): void {
    this.ext020Count++;
    this.ext020Address = (this.pc - 2) >>> 0;
  }

  // ---------------------------------------------------------------- memory
  //
  // Each access looks up its page in the translation cache (tlb.ts) for the
  // current privilege: a hit reads or writes RAM directly, a miss (or an
  // access that crosses a page) goes to the bus, which may fill the entry.
  // Each is one bus cycle, and adds the memory's wait states (memWait)
  // before it: a device sees the cycle count with them. A misaligned one
  // is two bus cycles (misalign adds the second).

  rd8(addr: number): number {
    this.cycles += this.memWait;
    const e = this.rdPages[addr >>> PAGE_SHIFT];
    if (e >= 0) return this.ram[e + (addr & PAGE_OFFSET_MASK)];
    return this.busRead(addr, 1);
  }
  rd16(addr: number): number {
    this.cycles += (addr & 3) === 3 ? this.memWait + this.misalign : this.memWait;
    const e = this.rdPages[addr >>> PAGE_SHIFT];
    const off = addr & PAGE_OFFSET_MASK;
    if (e >= 0 && off < PAGE_OFFSET_MASK) {
      const o = e + off;
      return (this.ram[o] << 8) | this.ram[o + 1];
    }
    return this.busRead(addr, 2);
  }
  rd32(addr: number): number {
    this.cycles += addr & 3 ? this.memWait + this.misalign : this.memWait;
    const e = this.rdPages[addr >>> PAGE_SHIFT];
    const off = addr & PAGE_OFFSET_MASK;
    if (e >= 0 && off < PAGE_OFFSET_MASK - 2) {
      const m = this.ram;
      const o = e + off;
      return (m[o] << 24) | (m[o + 1] << 16) | (m[o + 2] << 8) | m[o + 3];
    }
    return this.busRead(addr, 4);
  }
  wr8(addr: number, v: number): void {
    this.cycles += this.memWait;
    const e = this.wrPages[addr >>> PAGE_SHIFT];
    if (e >= 0) this.ram[e + (addr & PAGE_OFFSET_MASK)] = v;
    else this.busWrite(addr, 1, v);
  }
  wr16(addr: number, v: number): void {
    this.cycles += (addr & 3) === 3 ? this.memWait + this.misalign : this.memWait;
    const e = this.wrPages[addr >>> PAGE_SHIFT];
    const off = addr & PAGE_OFFSET_MASK;
    if (e >= 0 && off < PAGE_OFFSET_MASK) {
      const o = e + off;
      this.ram[o] = v >>> 8;
      this.ram[o + 1] = v;
    } else this.busWrite(addr, 2, v);
  }
  wr32(addr: number, v: number): void {
    this.cycles += addr & 3 ? this.memWait + this.misalign : this.memWait;
    const e = this.wrPages[addr >>> PAGE_SHIFT];
    const off = addr & PAGE_OFFSET_MASK;
    if (e >= 0 && off < PAGE_OFFSET_MASK - 2) {
      const m = this.ram;
      const o = e + off;
      m[o] = v >>> 24;
      m[o + 1] = v >>> 16;
      m[o + 2] = v >>> 8;
      m[o + 3] = v;
    } else this.busWrite(addr, 4, v);
  }

  // The slow paths, out of line so that the fast paths above stay small
  // enough for the JIT to inline into every instruction handler.
  private busRead(addr: number, size: 1 | 2 | 4): number {
    const a = addr >>> 0;
    this.accessHook?.(a, size, false);
    if (size === 4) return this.bus.read32(a, this.fcData);
    return size === 2 ? this.bus.read16(a, this.fcData) : this.bus.read8(a, this.fcData);
  }
  private busWrite(addr: number, size: 1 | 2 | 4, v: number): void {
    const a = addr >>> 0;
    this.accessHook?.(a, size, true);
    if (size === 4) this.bus.write32(a, v | 0, this.fcData);
    else if (size === 2) this.bus.write16(a, v & 0xffff, this.fcData);
    else this.bus.write8(a, v & 0xff, this.fcData);
  }

  /** Read an operand of 1, 2 or 4 bytes. */
  read(size: number, addr: number): number {
    return size === 4 ? this.rd32(addr) : size === 2 ? this.rd16(addr) : this.rd8(addr);
  }
  /** Write an operand of 1, 2 or 4 bytes. */
  write(size: number, addr: number, v: number): void {
    if (size === 4) this.wr32(addr, v);
    else if (size === 2) this.wr16(addr, v);
    else this.wr8(addr, v);
  }

  /** Fetch the next instruction word (zero-extended) and advance PC. */
  fetch16(): number {
    const a = this.pc;
    this.pc = (a + 2) >>> 0;
    if ((a & CODE_PAGE_KEY) === this.codePage) {
      const o = a + this.codeDelta;
      return (this.ram[o] << 8) | this.ram[o + 1];
    }
    const e = this.rdPages[a >>> PAGE_SHIFT];
    const off = a & PAGE_OFFSET_MASK;
    if (e >= 0 && (off & 1) === 0) return (this.ram[e + off] << 8) | this.ram[e + off + 1];
    return this.fetchSlow16(a);
  }
  /** Fetch the next two instruction words as a signed 32-bit value. */
  fetch32(): number {
    const a = this.pc;
    if ((a & CODE_PAGE_KEY) === this.codePage && (a & PAGE_OFFSET_MASK) < PAGE_OFFSET_MASK - 2) {
      this.pc = (a + 4) >>> 0;
      const m = this.ram;
      const o = a + this.codeDelta;
      return (m[o] << 24) | (m[o + 1] << 16) | (m[o + 2] << 8) | m[o + 3];
    }
    const hi = this.fetch16();
    return (hi << 16) | this.fetch16();
  }
  private fetchSlow16(a: number): number {
    if (a & 1) throw new AddressError(a >>> 0);
    return this.bus.read16(a >>> 0, this.fcProgram);
  }

  /**
   * Check that `size` bytes at addr can be written, without writing them:
   * instructions with several writes call it so that a fault comes before
   * the first write and the instruction can be restarted from scratch.
   */
  probeWrite(addr: number, size: number): void {
    const first = addr >>> PAGE_SHIFT;
    const last = (addr + size - 1) >>> PAGE_SHIFT;
    if (this.wrPages[first] >= 0 && this.wrPages[last] >= 0 && last - first <= 1) return;
    this.bus.probe?.(addr >>> 0, size, this.fcData, true);
  }

  // Pushes write before they move A7, so a faulting push leaves A7 as it was.
  push16(v: number): void {
    const sp = this.a[7] - 2;
    this.wr16(sp, v);
    this.a[7] = sp;
  }
  push32(v: number): void {
    const sp = this.a[7] - 4;
    this.wr32(sp, v);
    this.a[7] = sp;
  }
  pop16(): number {
    const v = this.rd16(this.a[7]);
    this.a[7] += 2;
    return v;
  }
  pop32(): number {
    const v = this.rd32(this.a[7]);
    this.a[7] += 4;
    return v;
  }

  // ---------------------------------------------------------------- execution

  /** Power-on reset: supervisor, interrupts masked, SSP and PC from vectors 0 and 1. */
  reset(): void {
    this.vbr = 0;
    this.setCacr(8); // disabled, unfrozen, every entry cleared
    this.fpu?.reset(); // the reset line resets the coprocessor too
    this.setSR(0x2700);
    this.stopped = false;
    this.halted = false;
    this.haltReason = '';
    this.a[7] = this.rd32(0);
    this.pc = this.rd32(4) >>> 0;
    this.cycles += cycleTimes.reset;
  }

  /**
   * Interrupt request from the devices: the highest level (0-7) asserted on
   * the IPL pins. Level 7 is taken on each rising edge whatever the mask.
   */
  setIPL(level: number): void {
    if (level === this.ipl) return;
    if (level === 7) this.nmiPending = true;
    this.ipl = level;
    this.needAttention();
  }

  /**
   * Make the current run() return at the next instruction boundary (a
   * device scheduled an event sooner than the slice it was given ends).
   */
  endRun(): void {
    this.endRequested = true;
    this.needAttention();
  }

  /** Something must be looked at before the next instruction: leave the hot loop. */
  needAttention(): void {
    this.attention = true;
    this.sliceEnd = 0;
    this.codePage = -1;
  }
  private endRequested = false;

  /** Execute one instruction (after taking any interrupt that is due). */
  step(): void {
    if (this.halted) return;
    if (this.attention && this.serviceAttention()) return;
    if (this.stopped) return;
    try {
      this.executeOne();
    } catch (e) {
      this.fault(e);
    }
  }

  /**
   * Run until the cycle counter reaches at least `cycleBudget` more than
   * now, or the CPU halts. Returns at an instruction boundary. A stopped
   * CPU (STOP) idles: its cycles advance to the end of the budget unless an
   * interrupt wakes it.
   */
  run(cycleBudget: number): void {
    const end = this.cycles + cycleBudget;
    this.endRequested = false;
    while (!this.halted && !this.held && this.cycles < end) {
      if (this.endRequested) break;
      if (this.attention && this.serviceAttention()) continue;
      if (this.stopped) {
        this.idleCycles += end - this.cycles;
        this.cycles = end;
        return;
      }
      // Bus and address errors unwind out of the loops to here; every other
      // exception an instruction raises is an ordinary call.
      try {
        if (this.breakHook?.(this)) this.held = true;
        else if (this.srT || this.traceHook || this.stepHook || this.breakHook) this.executeOne();
        else {
          this.sliceEnd = end;
          if (this.runBlocks !== null) this.runBlocks.execute();
          else this.execute();
        }
      } catch (e) {
        this.fault(e);
      }
    }
  }

  /**
   * The hot loop: fetch, dispatch, repeat, until the slice ends (budget
   * spent, or something needs attention). For the block engine it runs the
   * code that is not translated, `cold` told of every jump (an instruction
   * after which the PC did not simply move on past it), and returns when
   * `cold` says so (a translated block is there, or may be).
   */
  execute(cold: ColdCode | null = null): void {
    const table = this.table;
    const ram = this.ram;
    const pages = this.rdPages; // fixed until attention: S changes and tlb changes raise it
    const ic = this.icache;
    // The opcode fetch remembers the current code page (fetch16 shares it
    // through codePage/codeDelta): one mask and compare per instruction
    // test both "same page" and "even PC".
    let codePage = -1;
    let delta = 0;
    while (this.cycles < this.sliceEnd) {
      const pc = this.pc;
      this.ppc = pc;
      let op: number;
      if ((pc & CODE_PAGE_KEY) === codePage) {
        const o = pc + delta;
        op = (ram[o] << 8) | ram[o + 1];
        this.pc = pc + 2;
      } else {
        op = this.fetch16();
        const base = pages[pc >>> PAGE_SHIFT];
        codePage = base >= 0 && (pc & 1) === 0 ? pc & ~PAGE_OFFSET_MASK : -1;
        delta = base - codePage;
        this.codePage = codePage;
        this.codeDelta = delta;
      }
      this.opcode = op;
      if (ic !== null) this.fetchInsn(ic, pc, op);
      table[op](this);
      this.instructions++;
      if (cold !== null) {
        const moved = this.pc - pc;
        if ((moved < 2 || moved > MAX_INSN_BYTES) && cold.jumped(this.pc, codePage, delta)) return;
      }
    }
  }

  /**
   * At most `count` instructions, as the hot loop runs them, stopping at
   * the slice's end: for the block engine, where it has no translation.
   */
  interpret(count: number): void {
    const ic = this.icache;
    for (let i = 0; i < count && this.cycles < this.sliceEnd; i++) {
      const pc = this.pc;
      this.ppc = pc;
      const op = this.fetch16();
      this.opcode = op;
      if (ic !== null) this.fetchInsn(ic, pc, op);
      this.table[op](this);
      this.instructions++;
    }
  }

  /** One instruction, with trace processing after it if SR.T asks for it. */
  private executeOne(): void {
    const trace = this.srT;
    this.traceHook?.(this);
    this.ppc = this.pc;
    this.lastException = -1;
    const pc = this.pc;
    const op = this.fetch16();
    this.opcode = op;
    if (this.icache !== null) this.fetchInsn(this.icache, pc, op);
    this.table[op](this);
    this.instructions++;
    this.stepHook?.(this);
    if (trace) traceAfter(this, trace, op);
  }

  /**
   * Between instructions: take a pending interrupt if its level is above
   * the mask (or it is a new level-7 edge). Returns true if one was taken.
   */
  private serviceAttention(): boolean {
    this.attention = false;
    const level = this.ipl;
    if (level > this.intMask || (level === 7 && this.nmiPending)) {
      if (level === 7) this.nmiPending = false;
      this.stopped = false;
      try {
        interrupt(this, level);
      } catch (e) {
        doubleBusFault(this, e, `a level ${level} interrupt`);
      }
      return true;
    }
    return false;
  }

  /** Turn a bus or address error thrown during an instruction into its exception. */
  private fault(e: unknown): void {
    if (e instanceof BusFault) busFault(this, VEC_BUS_ERROR, e.address, e.write, e.fc, e.size);
    else if (e instanceof AddressError)
      busFault(this, VEC_ADDRESS_ERROR, e.address, false, this.fcProgram, 2);
    else if (e instanceof IllegalEncoding) {
      this.undoRegisters();
      this.illegal();
    } else throw e;
  }

  /** The undo log's length for the instruction running now (a new instruction starts it empty). */
  private undoLength(): number {
    if (this.undoStamp === this.instructions) return this.undoCount;
    this.undoStamp = this.instructions;
    this.undoCcr = -1;
    return 0;
  }

  /** Record a register's value before an instruction changes it, for restart after a fault. */
  logRegister(r: number): void {
    const n = this.undoLength();
    this.undoReg[n] = r;
    this.undoVal[n] = this.r[r];
    this.undoCount = n + 1;
  }

  /**
   * Record the condition codes before an instruction changes them, when it
   * reads X or Z (ADDX, NEGX, ABCD, NBCD, ROXL...) and writes memory after:
   * if that write faults, the restarted instruction must find them as they
   * were.
   */
  logCCR(): void {
    this.undoCount = this.undoLength();
    this.undoCcr = this.getCCR();
  }

  /** Put back the registers (and condition codes) the faulted instruction changed (see logRegister). */
  undoRegisters(): void {
    if (this.undoStamp === this.instructions) {
      for (let i = this.undoCount - 1; i >= 0; i--) this.r[this.undoReg[i]] = this.undoVal[i];
      if (this.undoCcr >= 0) this.setCCR(this.undoCcr);
    }
    this.undoCount = 0;
    this.undoStamp = -1;
    this.undoCcr = -1;
  }

  /** Enter supervisor state for exception processing (clears T, keeps M). */
  enterSupervisor(): void {
    this.saveSP();
    this.srS = 1;
    this.srT = 0;
    this.loadSP();
    this.needAttention(); // the trace or mask state changed
  }

  /**
   * Take an exception: stack a format $0 frame (or $2 with `instrAddr`) on
   * the supervisor stack and continue at the vector. `pc` is the program
   * counter to stack (the faulting instruction or the next one, by kind).
   */
  exception(vector: number, pc: number, format: 0 | 2 = 0, instrAddr = 0): void {
    this.lastException = vector;
    this.exceptions++;
    const sr = this.getSR();
    this.enterSupervisor();
    if (format === 2) this.push32(instrAddr);
    this.push16((format << 12) | (vector << 2));
    this.push32(pc);
    this.push16(sr);
    this.pc = this.rd32(this.vbr + vector * 4) >>> 0;
  }

  /** Exceptions that re-run the instruction: stacked PC is the instruction's address. */
  illegal(): void {
    this.exception(VEC_ILLEGAL, this.ppc);
    this.cycles += cycleTimes.illegal;
  }
  privilegeViolation(): void {
    this.exception(VEC_PRIVILEGE, this.ppc);
    this.cycles += cycleTimes.privilege;
  }
  /**
   * Line A ($Axxx). In supervisor state with a host-call handler installed,
   * the word is a call into the host instead: this is how a kernel written
   * in TypeScript is entered. The machine's exception vectors point at stubs
   * `$A000+n; RTE`, so the CPU first takes the exception exactly as the
   * hardware would (frame on the supervisor stack, vector through VBR), the
   * host code then runs where a handler's code would, and the RTE returns.
   */
  lineA(): void {
    if (this.srS && this.hostCall) {
      this.hostCall(this.opcode & 0xfff);
      return;
    }
    this.exception(VEC_LINE_A, this.ppc);
    this.cycles += cycleTimes.lineAF;
  }
  lineF(): void {
    this.exception(VEC_LINE_F, this.ppc);
    this.cycles += cycleTimes.lineAF;
  }
  /** CHK, TRAPV, zero divide: a six-word frame with the next PC and this instruction's address. */
  trapAfter(vector: number, cycles: number): void {
    this.exception(vector, this.pc, 2, this.ppc);
    this.cycles += cycles;
  }
}

/** An instruction fetch from an odd address (the only address error on a 68020). */
export class AddressError extends Error {
  constructor(readonly address: number) {
    super(`address error at 0x${address.toString(16)}`);
  }
}
