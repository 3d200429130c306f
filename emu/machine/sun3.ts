/**
 * The Sun-3/60 board: a 68020 at 20 MHz, the Sun-3 MMU, 4-24 MB of RAM and
 * the on-board I/O devices, driven by one clock (the CPU's cycle counter).
 *
 *   const m = new Sun3Machine({ memoryMB: 8, serial: 42, consoleSink: (b) => ... });
 *   m.powerOn();                  // banner on the console, CPU parked
 *   ... program the MMU, load the kernel's vector table and stubs ...
 *   m.boot({ pc, ssp, vbr });     // the CPU starts in supervisor state
 *   m.run(20_000_000);            // one emulated second
 *
 * There is no boot PROM code: `powerOn` does what the PROM would leave
 * behind (devices initialised, banner printed, MMU empty, ENABLE.NOTBOOT
 * set) and parks the CPU until `boot` hands it to the kernel. docs/machine.md
 * describes the hand-over state in full.
 */
import { AUTOVECTOR, Cpu, type Engine } from '../cpu/cpu.js';
import type { TimingModel } from '../cpu/engine.js';
import { Am7990 } from '../dev/am7990.js';
import { Intersil7170 } from '../dev/intersil7170.js';
import type { InterruptRegister } from '../dev/intreg.js';
import {
  CONSOLE_BAUDS,
  Eeprom,
  MemoryError,
  OBIO_CLOCK,
  OBIO_EEPROM,
  OBIO_INTREG,
  OBIO_LANCE,
  OBIO_MEMERR,
  OBIO_ZS0,
  OBIO_ZS1,
} from '../dev/obio.js';
import { Transceiver } from '../dev/transceiver.js';
import { Z8530, type ZsChannel } from '../dev/z8530.js';
import { buildIdProm, formatEthernet, MACHTYPE_SUN3_60, parseEthernet, SUN_OUI } from '../mmu/idprom.js';
import { ENA_NOTBOOT, Sun3Mmu } from '../mmu/mmu.js';
import { Interrupts } from './interrupts.js';
import { Scheduler } from './scheduler.js';
import { OBIO_WAIT_3_60, Sun3Bus } from './sun3-bus.js';

/** CPU clock: one cycle is 50 ns. */
export const CPU_HZ = 20_000_000;
/** The 7170's hundredth of a second, in cycles. */
export const CYCLES_PER_TICK = CPU_HZ / 100;
/** Default time of day at cycle 0. */
export const DEFAULT_EPOCH = '1990-01-01T00:00:00Z';
/** Manufacturing date in the ID PROM (fixed: it is part of the emulated hardware). */
const IDPROM_DATE = Date.UTC(1988, 5, 1) / 1000;
/**
 * Longest CPU slice between device checks. Slices also end at the next
 * device deadline, and a timer armed during a slice (a byte written to the
 * SCC) ends the slice early through `cpu.endRun()`, so this bound matters
 * only for how often the event loop looks around.
 */
const DEFAULT_MAX_SLICE = CYCLES_PER_TICK;

export interface Sun3MachineOptions {
  /** RAM in megabytes, an integer from 4 to 24 (default 8). */
  memoryMB?: number;
  /** Serial number in the ID PROM, 0 to 16777215 (default 1). */
  serial?: number;
  /** Ethernet address ("8:0:20:1:2:3" or six bytes); default 8:0:20 followed by the serial's three bytes. */
  ethernet?: string | ArrayLike<number>;
  /** Time of day at cycle 0: ms since 1970, an ISO 8601 string, or a Date (default 1990-01-01T00:00:00Z). */
  epoch?: number | string | Date;
  /** Receives each byte the console (ttya) transmits, and the power-on banner. */
  consoleSink?: (byte: number) => void;
  /** Longest CPU slice in cycles (default 200,000); see DEFAULT_MAX_SLICE. */
  maxSlice?: number;
  /** How the CPU runs instructions (emu/cpu/cpu.ts): the interpreter or the block engine (the default). */
  engine?: Engine;
  /** Fit the MC68881 floating-point coprocessor (default true, as every 3/60 shipped). */
  fpu?: boolean;
  /** How time is counted (docs/cpu-timing.md): `3/60` (the default) or `cache-case`. */
  timing?: TimingModel;
  /** The console's (ttya's) speed, one of CONSOLE_BAUDS, kept in the EEPROM (default: a blank EEPROM, 9600; a Station asks for 38400). */
  consoleBaud?: number;
}

/** Where `boot` starts the CPU. */
export interface BootEntry {
  pc: number;
  /** Supervisor (interrupt) stack pointer. */
  ssp: number;
  vbr: number;
  /** Status register; default 0x2700 (supervisor, interrupts masked). */
  sr?: number;
}

export class Sun3Machine {
  readonly memoryMB: number;
  readonly serial: number;
  readonly ethernet: Uint8Array;
  /** Time of day at cycle 0, ms since 1970 UTC. */
  readonly epochMs: number;
  readonly hostId: number;

  /** The memory (replaced only by useRam). */
  ram: Uint8Array;
  readonly mmu: Sun3Mmu;
  readonly bus: Sun3Bus;
  readonly cpu: Cpu;
  readonly scheduler: Scheduler;
  readonly interrupts: Interrupts;
  readonly intreg: InterruptRegister;
  readonly clock: Intersil7170;
  /** Keyboard (A) and mouse (B). */
  readonly zs0: Z8530;
  /** ttya (A) and ttyb (B). */
  readonly zs1: Z8530;
  /** ttya, the console. */
  readonly console: ZsChannel;
  readonly eeprom: Eeprom;
  /** The console's speed the EEPROM gives (bits per second). */
  readonly consoleBaud: number;
  readonly memerr: MemoryError;
  /** The Ethernet controller, and its transceiver: `ether.attach(port)` plugs the machine into a network. */
  readonly lance: Am7990;
  readonly ether: Transceiver;
  maxSlice: number;

  constructor(opts: Sun3MachineOptions = {}) {
    const mb = opts.memoryMB ?? 8;
    if (!Number.isInteger(mb) || mb < 4 || mb > 24)
      throw new Error(`memoryMB must be an integer from 4 to 24 (got ${mb})`);
    this.memoryMB = mb;
    const serial = opts.serial ?? 1;
    if (!Number.isInteger(serial) || serial < 0 || serial > 0xffffff)
      throw new Error(`serial must be an integer from 0 to 16777215 (got ${serial})`);
    this.serial = serial;
    this.ethernet = Uint8Array.from(
      opts.ethernet === undefined
        ? [...SUN_OUI, (serial >>> 16) & 0xff, (serial >>> 8) & 0xff, serial & 0xff]
        : typeof opts.ethernet === 'string'
          ? parseEthernet(opts.ethernet)
          : checkEthernet(opts.ethernet),
    );
    if (this.ethernet[0] & 1)
      throw new Error(
        `ethernet ${formatEthernet(this.ethernet)} is a multicast address; a station needs an individual one`,
      );
    this.epochMs = parseEpoch(opts.epoch ?? DEFAULT_EPOCH);
    this.hostId = ((MACHTYPE_SUN3_60 << 24) | serial) >>> 0;
    const slice = opts.maxSlice ?? DEFAULT_MAX_SLICE;
    if (!Number.isInteger(slice) || slice < 1)
      throw new Error(`maxSlice must be a positive integer (got ${slice})`);
    this.maxSlice = slice;

    this.ram = new Uint8Array(mb << 20);
    this.mmu = new Sun3Mmu(
      buildIdProm({ machineType: MACHTYPE_SUN3_60, ethernet: this.ethernet, date: IDPROM_DATE, serial }),
    );
    this.bus = new Sun3Bus(this.mmu, this.ram);
    this.cpu = new Cpu(this.bus, { engine: opts.engine, fpu: opts.fpu ?? true, timing: opts.timing });
    if (this.cpu.timing === '3/60') {
      this.bus.waitClock = this.cpu;
      this.bus.ioWait = OBIO_WAIT_3_60;
    }
    this.scheduler = new Scheduler(this.cpu);
    // A device timer armed mid-slice for before the slice's end: stop at the next instruction.
    this.scheduler.onEarlierDeadline = () => this.cpu.endRun();
    this.interrupts = new Interrupts(this.cpu);
    this.intreg = this.interrupts.reg;

    this.clock = new Intersil7170(this.scheduler, { epochMs: this.epochMs, cyclesPerTick: CYCLES_PER_TICK });
    this.clock.onInterrupt = () => this.interrupts.clockPulse();
    this.clock.onStatusRead = () => this.interrupts.clockAcknowledge();
    const zs0Line = this.interrupts.line(6, 'zs0');
    const zs1Line = this.interrupts.line(6, 'zs1');
    this.zs0 = new Z8530('zs0', this.scheduler, CPU_HZ, (on) => zs0Line.set(on));
    this.zs1 = new Z8530('zs1', this.scheduler, CPU_HZ, (on) => zs1Line.set(on));
    this.console = this.zs1.a;
    this.console.sink = opts.consoleSink ?? null;
    this.eeprom = new Eeprom();
    // A blank EEPROM leaves ttya at the monitor's 9600; a speed asked for is stored in it.
    const baud = opts.consoleBaud ?? 9600;
    if (!(CONSOLE_BAUDS as readonly number[]).includes(baud))
      throw new Error(`consoleBaud must be one of ${CONSOLE_BAUDS.join(', ')} (got ${baud})`);
    this.consoleBaud = baud;
    if (opts.consoleBaud !== undefined) this.eeprom.setTtyaBaud(baud);
    this.memerr = new MemoryError();
    this.ether = new Transceiver();
    const leLine = this.interrupts.line(3, 'le0');
    const bus = this.bus;
    this.lance = new Am7990(
      this.scheduler,
      {
        read: (addr, dst, off, len) => bus.dvmaRead(addr, dst, off, len),
        write: (addr, src, off, len) => bus.dvmaWrite(addr, src, off, len),
      },
      this.ether,
      (on) => leLine.set(on),
    );

    bus.mapObio(OBIO_ZS0, this.zs0);
    bus.mapObio(OBIO_ZS1, this.zs1);
    bus.mapObio(OBIO_EEPROM, this.eeprom);
    bus.mapObio(OBIO_CLOCK, this.clock);
    bus.mapObio(OBIO_MEMERR, this.memerr);
    bus.mapObio(OBIO_INTREG, this.intreg);
    bus.mapObio(OBIO_LANCE, this.lance);

    // Every on-board interrupt is autovectored (vector 24 + level).
    this.cpu.iack = () => AUTOVECTOR;
    this.cpu.onResetInstruction = () => this.resetDevices();
    this.park();
  }

  /**
   * From now on the memory is `ram`, with the same size (and, for the run
   * to go on unchanged, the same bytes): the machine taken out of a
   * start-up snapshot gets its memory back this way (emu/lab/lab-pack.ts).
   * Everything here that reaches RAM directly is pointed at it: the bus,
   * the translation cache and the CPU.
   */
  useRam(ram: Uint8Array): void {
    this.bus.useRam(ram);
    this.cpu.ram = ram;
    this.ram = ram;
  }

  /**
   * From now on the translation cache's tables are `tables`, holding the
   * same entries (a machine taken out of a start-up snapshot: most of their
   * 512 KB are -1s, which emu/lab/lab-pack.ts leaves out of it).
   */
  useTlbTables(tables: readonly Int32Array[]): void {
    this.cpu.tlb.useTables(tables);
    this.cpu.tlbTablesReplaced();
  }

  /** The current cycle (the machine's only clock). */
  get now(): number {
    return this.cpu.cycles;
  }

  /** Time of day from the 7170, ms since 1970 UTC (10 ms resolution). */
  timeMs(): number {
    return this.clock.timeMs();
  }

  /** The console's byte sink (ttya transmit side). */
  get consoleSink(): ((byte: number) => void) | null {
    return this.console.sink;
  }
  set consoleSink(f: ((byte: number) => void) | null) {
    this.console.sink = f;
  }

  /**
   * Power on: RAM cleared, MMU empty (every segment of every context at
   * PMEG 255, every PTE invalid, context 0), ENABLE = NOTBOOT, interrupt
   * register 0, the 7170 running with interrupts off, both SCCs set to
   * 8N1, ttya at the EEPROM's speed, ttyb 9600 and the keyboard 1200, with RX/TX on and interrupts off; the
   * banner goes to the console; the CPU is parked (supervisor, mask 7,
   * stopped) until `boot`.
   */
  powerOn(): void {
    this.ram.fill(0);
    this.bus.ramWritten(0, this.ram.length);
    this.mmu.reset();
    this.mmu.enable = ENA_NOTBOOT;
    this.resetDevices();
    this.clock.powerOn();
    this.zs0.a.configure(1200);
    this.zs0.b.configure(1200);
    this.zs1.a.configure(this.consoleBaud);
    this.zs1.b.configure(9600);
    this.park();
    this.print(this.banner());
  }

  /**
   * Power off: the CPU stops dead (halted, "power off") and the devices
   * on the reset line are reset — the LANCE stops and takes no more
   * frames, the serial lines go quiet. Memory is as good as lost: powerOn
   * clears it. The cycle counter goes on, so that the machine stays in
   * step with the others of a lab while it is off.
   */
  powerOff(): void {
    this.resetDevices();
    const cpu = this.cpu;
    cpu.stopped = false;
    cpu.halted = true;
    cpu.haltReason = 'power off';
  }

  /**
   * The first cycle at which the machine may do anything: while the CPU
   * waits for an interrupt (STOP, with none pending above its mask) or is
   * halted, nothing happens until a device's next deadline; otherwise now.
   * A lab jumps over the spans in which every machine is waiting so.
   */
  quietUntil(): number {
    const cpu = this.cpu;
    const pending = cpu.ipl > cpu.intMask || cpu.nmiPending;
    return cpu.halted || (cpu.stopped && !pending) ? this.scheduler.nextDeadline() : cpu.cycles;
  }

  /** The lines the emulated PROM prints at power-on. */
  banner(): string {
    const eth = formatEthernet(this.ethernet);
    const id = this.hostId.toString(16).padStart(8, '0');
    return (
      '\r\nSelftest completed.\r\n\r\n' +
      'Sun Workstation, Model Sun-3/60.\r\n' +
      `ROM Rev 3.0 (sun3lab), ${this.memoryMB}MB memory installed, Serial #${this.serial}.\r\n` +
      `Ethernet address ${eth}, Host ID ${id}.\r\n\r\n`
    );
  }

  /** Write straight to the console sink, as PROM output (takes no emulated time). */
  print(text: string): void {
    const sink = this.console.sink;
    if (sink === null) return;
    for (const b of new TextEncoder().encode(text)) sink(b);
  }

  /**
   * Hand the CPU to a kernel: supervisor state with the given SR (default
   * 0x2700; S set, M clear), ISP = ssp, VBR, PC; the CPU leaves its parked STOP. The MMU
   * must already map the vector table, the code at pc and the stack.
   */
  boot(entry: BootEntry): void {
    const cpu = this.cpu;
    const sr = entry.sr ?? 0x2700;
    if ((sr & 0x3000) !== 0x2000) throw new Error('boot: SR must have S set and M clear');
    cpu.setSR(sr);
    cpu.setISP(entry.ssp);
    cpu.vbr = entry.vbr >>> 0;
    cpu.pc = entry.pc >>> 0;
    cpu.stopped = false;
    cpu.halted = false;
    cpu.haltReason = '';
  }

  /** Queue bytes typed at the console; they arrive one character time apart. */
  consoleInput(data: string | ArrayLike<number>): void {
    this.console.input(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  }

  /**
   * Advance the machine by `cycles` CPU cycles (it stops at the first
   * instruction boundary at or after that point). The CPU runs in slices
   * that end at the next device deadline (or earlier, when an instruction
   * arms a device timer for before the slice's end), and the due device
   * events fire between slices, so a device's effect is seen by the first
   * instruction after its deadline. Events due exactly at the end fire
   * before `run` returns. A halted CPU (double bus fault) does not stop time.
   *
   * `until`, if given, is asked after every slice (and after the due events
   * of its end have fired); when it answers true, `run` returns there, early.
   * Whoever makes its answer change in the middle of a slice (the kernel, in
   * an instruction's host call) ends the slice with `cpu.endRun()`, so that
   * `run` stops at that very instruction boundary. Returns the cycles run.
   */
  run(cycles: number, until?: () => boolean): number {
    const cpu = this.cpu;
    const s = this.scheduler;
    const start = cpu.cycles;
    const end = start + cycles;
    for (;;) {
      s.runDue(cpu.cycles);
      const now = cpu.cycles;
      if (now >= end || cpu.held || until?.()) break; // held: a debugger stopped the CPU (emu/debug)
      const stop = Math.min(end, s.nextDeadline(), now + this.maxSlice);
      s.sliceEnd = stop;
      if (cpu.halted) cpu.cycles = stop;
      else cpu.run(stop - now);
      s.sliceEnd = Number.NEGATIVE_INFINITY;
    }
    return cpu.cycles - start;
  }

  /** The RESET instruction (and power-on): the devices on the reset line. */
  private resetDevices(): void {
    this.interrupts.reset();
    this.zs0.reset();
    this.zs1.reset();
    this.lance.reset();
    this.memerr.csr = 0;
  }

  /** The CPU between power-on and boot: registers cleared, supervisor, mask 7, stopped. */
  private park(): void {
    const cpu = this.cpu;
    cpu.r.fill(0);
    cpu.setSR(0x2700);
    cpu.setUSP(0);
    cpu.setMSP(0);
    cpu.setISP(0);
    cpu.vbr = 0;
    cpu.sfc = 0;
    cpu.dfc = 0;
    cpu.setCacr(8); // the instruction cache disabled and cleared, as after reset
    cpu.pc = 0;
    cpu.stopped = true;
    cpu.halted = false;
  }
}

function parseEpoch(e: number | string | Date): number {
  const ms = typeof e === 'number' ? e : typeof e === 'string' ? Date.parse(e) : e.getTime();
  if (!Number.isFinite(ms))
    throw new Error(`bad epoch ${JSON.stringify(String(e))} (expected an ISO 8601 time)`);
  if (ms < Date.UTC(1968, 0, 1) || ms >= Date.UTC(2068, 0, 1))
    throw new Error('epoch must fall in 1968-2067 (the 7170 counts years 0-99 from 1968)');
  return ms;
}

function checkEthernet(b: ArrayLike<number>): number[] {
  const a = Array.from(b);
  if (a.length !== 6 || a.some((x) => !Number.isInteger(x) || x < 0 || x > 255))
    throw new Error('ethernet must be six bytes 0-255');
  return a;
}
